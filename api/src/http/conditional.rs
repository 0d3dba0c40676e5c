//! Conditional requests, shared by every handler that serves data: the data version, read for many requests at
//! once; the `ETag` of a representation at that version; `If-None-Match`.

use crate::error::Result;
use crate::metrics::Metrics;
use crate::service::audit::{DataVersion, VersionReader, data_version};
use poem::Request;
use poem::http::{HeaderValue, header};
use sea_orm::DatabaseConnection;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The data version, read from the database (never from process memory, so replicas agree), with concurrent
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
    last: Mutex<(u64, DataVersion)>,
    /// One read at a time, on the connection held here; requests queue in order of arrival.
    turn: tokio::sync::Mutex<Option<VersionReader>>,
}

impl Versions {
    pub fn new(db: DatabaseConnection, metrics: Arc<Metrics>) -> Self {
        Versions {
            db,
            metrics,
            begun: AtomicU64::new(0),
            last: Mutex::new((0, DataVersion::EMPTY)),
            turn: tokio::sync::Mutex::new(None),
        }
    }

    /// The data version as of a moment after this call began.
    pub async fn now(&self) -> Result<DataVersion> {
        let arrived = self.begun.load(Ordering::SeqCst);
        let mut reader = self.turn.lock().await;
        let (number, version) = *self.last.lock().expect("the version lock");
        if number > arrived {
            return Ok(version);
        }
        let number = self.begun.fetch_add(1, Ordering::SeqCst) + 1;
        let version = self.read(&mut reader).await?;
        *self.last.lock().expect("the version lock") = (number, version);
        Ok(version)
    }

    async fn read(&self, reader: &mut Option<VersionReader>) -> Result<DataVersion> {
        let held = match reader {
            Some(held) => held,
            None => reader.insert(VersionReader::open(&self.db).await?),
        };
        self.metrics.count_statement();
        match held.read().await {
            Ok(version) => Ok(version),
            Err(_) => {
                *reader = None;
                data_version(&self.db).await
            }
        }
    }
}

/// `ETag` of a representation of the data at `version`, as of the county's today (some figures change with the
/// date alone), told apart from other representations by `parts`.
pub fn etag(version: DataVersion, parts: &[&[u8]]) -> String {
    let mut digest = Sha256::new();
    digest.update(crate::domain::calendar::today().to_string());
    for part in parts {
        digest.update([0]);
        digest.update(part);
    }
    format!("W/\"{}-{}\"", version.seq, &hex::encode(digest.finalize())[..16])
}

/// Whether the client already holds the representation tagged `tag` (`If-None-Match`).
pub fn fresh(req: &Request, tag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"))
}

/// `Cache-Control` of public answers: browsers revalidate every time (a 304 when nothing changed), shared caches
/// (a CDN) may keep them for `cdn_max_age` seconds.
pub fn public_cache_control(cdn_max_age: u64) -> HeaderValue {
    HeaderValue::from_str(&format!("public, max-age=0, s-maxage={cdn_max_age}")).expect("ASCII digits")
}
