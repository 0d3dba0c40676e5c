//! Conditional requests, shared by every handler that serves data: where the public reads (the primary, or the read
//! replica while it answers) and the data version there, read for many requests at once; the validators and caching
//! rules of a representation at that version; `If-None-Match` and 304.

use super::replica::Replica;
use crate::error::Result;
use crate::graphql::data_version::{DataVersion, DataVersions, VersionReader, read_versions};
use crate::metrics::Metrics;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Request, Response};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The data versions, read from the database (never from process memory, so replicas agree), with concurrent
/// requests sharing reads. A request is answered by a read that *began after it arrived*, so any write committed
/// before it arrived, through any replica, is seen; one read serves every request that was waiting when it began.
/// Under load that is one statement for many requests; alone, a request makes its own. The reads take turns on a
/// connection of their own ([`VersionReader`]); should it fail (it died with the database server, say), that read
/// goes through the pool instead, and the next one opens another.
pub struct Versions {
    db: DatabaseConnection,
    metrics: Arc<Metrics>,
    /// Reads begun so far; a read's number is its place in this count.
    begun: AtomicU64,
    /// The last read finished: its number and what it found.
    last: Mutex<(u64, Arc<DataVersions>)>,
    /// One read at a time, on the connection held here; requests queue in order of arrival.
    turn: tokio::sync::Mutex<Option<VersionReader>>,
}

impl Versions {
    pub fn new(db: DatabaseConnection, metrics: Arc<Metrics>) -> Self {
        Versions {
            db,
            metrics,
            begun: AtomicU64::new(0),
            last: Mutex::new((0, Arc::default())),
            turn: tokio::sync::Mutex::new(None),
        }
    }

    /// The pool the versions are read from.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The data versions as of a moment after this call began.
    pub async fn now(&self) -> Result<Arc<DataVersions>> {
        let arrived = self.begun.load(Ordering::SeqCst);
        let mut reader = self.turn.lock().await;
        let (number, last) = self.last.lock().expect("the version lock").clone();
        if number > arrived {
            return Ok(last);
        }
        let number = self.begun.fetch_add(1, Ordering::SeqCst) + 1;
        let versions = self.read(&mut reader, &last).await?;
        *self.last.lock().expect("the version lock") = (number, versions.clone());
        Ok(versions)
    }

    async fn read(&self, reader: &mut Option<VersionReader>, last: &Arc<DataVersions>) -> Result<Arc<DataVersions>> {
        let held = match reader {
            Some(held) => held,
            None => reader.insert(VersionReader::open(&self.db).await?),
        };
        self.metrics.count_statement();
        match held.read(last).await {
            Ok(versions) => Ok(versions),
            Err(_) => {
                *reader = None;
                read_versions(&self.db, last).await
            }
        }
    }
}

/// Where the public reads, the data version there, and what every representation of public data is tagged with: one
/// place for the `ETag`, `Last-Modified`, `Cache-Control` and the 304 of GraphQL answers, downloads, the catalog and
/// the website alike.
pub struct Conditional {
    /// The data version on the primary.
    versions: Versions,
    /// The read replica, if one is set.
    replica: Option<Replica>,
    /// `Cache-Control` of public representations: browsers revalidate every time (a 304 when nothing changed),
    /// shared caches (a CDN) may keep them for the configured seconds.
    cache_control: HeaderValue,
}

impl Conditional {
    pub fn new(versions: Versions, replica: Option<Replica>, cdn_max_age: u64) -> Self {
        let cache_control =
            HeaderValue::from_str(&format!("public, max-age=0, s-maxage={cdn_max_age}")).expect("ASCII digits");
        Conditional { versions, replica, cache_control }
    }

    /// Where the public reads now, and the data versions there: the replica while it answers, else the primary.
    pub async fn public(&self) -> Result<Reading> {
        if let Some(replica) = &self.replica
            && let Some(versions) = replica.now().await
        {
            return Ok(Reading { db: replica.db().clone(), versions });
        }
        Ok(Reading { db: self.versions.db().clone(), versions: self.versions.now().await? })
    }

    /// Where a public read that is not tagged goes (one the response cache is off for): the primary when there is no
    /// replica (and no statement is spent on the version), else as [`Conditional::public`] says.
    pub async fn public_db(&self) -> DatabaseConnection {
        match &self.replica {
            Some(_) => self.public().await.map_or_else(|_| self.versions.db().clone(), |reading| reading.db),
            None => self.versions.db().clone(),
        }
    }

    /// The representation told apart from others by `parts`, at the version of the data as a whole now where the
    /// public reads (for what reads more than can be told: a page, a download).
    pub async fn tag(&self, parts: &[&[u8]]) -> Result<Tagged> {
        let Reading { db, versions } = self.public().await?;
        Ok(self.tagged(db, versions.latest(), parts))
    }

    /// The representation told apart from others by `parts`, read from `db` at `version`: the version of what it
    /// read.
    pub fn tagged(&self, db: DatabaseConnection, version: DataVersion, parts: &[&[u8]]) -> Tagged {
        Tagged { tag: etag(version, parts), version, db, cache_control: self.cache_control.clone() }
    }
}

/// Where the public reads and the data versions there.
pub struct Reading {
    pub db: DatabaseConnection,
    pub versions: Arc<DataVersions>,
}

/// A representation of public data at one data version, as of the county's today.
pub struct Tagged {
    pub tag: String,
    pub version: DataVersion,
    /// Where it is read from: the database whose version it is tagged with.
    pub db: DatabaseConnection,
    cache_control: HeaderValue,
}

impl Tagged {
    /// Whether the client already holds it (`If-None-Match`).
    pub fn fresh(&self, req: &Request) -> bool {
        req.headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == self.tag || t.trim() == "*"))
    }

    /// `response` with the validators (`ETag`, `Last-Modified`) and the `Cache-Control` of public data.
    pub fn apply(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        if let Ok(tag) = HeaderValue::from_str(&self.tag) {
            headers.insert(header::ETAG, tag);
        }
        let modified = self.version.modified.map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string());
        if let Some(modified) = modified.and_then(|m| HeaderValue::from_str(&m).ok()) {
            headers.insert(header::LAST_MODIFIED, modified);
        }
        headers.insert(header::CACHE_CONTROL, self.cache_control.clone());
        response
    }

    /// 304 Not Modified, with the validators.
    pub fn not_modified(&self) -> Response {
        self.apply(Response::builder().status(StatusCode::NOT_MODIFIED).finish())
    }
}

/// `ETag` of a representation of the data at `version`, as of the county's today (some figures change with the
/// date alone), told apart from other representations by `parts`.
fn etag(version: DataVersion, parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    digest.update(crate::domain::calendar::today().to_string());
    for part in parts {
        digest.update([0]);
        digest.update(part);
    }
    format!("W/\"{}-{}\"", version.seq, &hex::encode(digest.finalize())[..16])
}
