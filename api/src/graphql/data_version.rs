//! The version of the data the public reads, table by table: the last audit event whose transaction wrote each table
//! (the write side records it with the event, see `service::audit`). The HTTP layer tags answers, downloads and pages
//! with it (ETag, Last-Modified) and keeps anonymous answers by the versions of the tables they read; the write side
//! never reads it.

use crate::error::Result;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, sqlx};
use std::collections::HashMap;
use std::sync::Arc;

/// The version of some data: the last audit event that changed it. Read from the database, never from process
/// memory, so every API node over one database agrees on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    /// The sequence number of the event (0: never changed).
    pub seq: i64,
    /// When the data last changed.
    pub modified: Option<chrono::DateTime<chrono::Utc>>,
}

impl DataVersion {
    /// The version of data that has never changed.
    pub const EMPTY: DataVersion = DataVersion { seq: 0, modified: None };

    /// The later of two versions.
    fn max(self, other: DataVersion) -> DataVersion {
        if other.seq > self.seq { other } else { self }
    }
}

/// The name of the floor every answer depends on: advanced by a write whose tables are not known.
const FLOOR: &str = "*";

/// The versions of every table at one moment, as read from one database.
#[derive(Debug, Clone, Default)]
pub struct DataVersions {
    tables: HashMap<Box<str>, DataVersion>,
    /// The latest of them: the version of the data as a whole.
    latest: Option<DataVersion>,
}

impl DataVersions {
    /// The version of the data as a whole: what changed last, anywhere.
    pub fn latest(&self) -> DataVersion {
        self.latest.unwrap_or(DataVersion::EMPTY)
    }

    /// The version of what reads `tables`: the last change to any of them (or to the floor).
    pub fn of<'a>(&self, tables: impl IntoIterator<Item = &'a str>) -> DataVersion {
        std::iter::once(FLOOR)
            .chain(tables)
            .filter_map(|table| self.tables.get(table))
            .fold(DataVersion::EMPTY, |version, table| version.max(*table))
    }

    /// These versions with `changed` (rows read since) laid over them.
    pub fn with(&self, changed: Vec<Row>) -> DataVersions {
        let mut next = self.clone();
        for (table, seq, at) in changed {
            let version = DataVersion { seq, modified: Some(at) };
            next.latest = Some(next.latest().max(version));
            next.tables.insert(table.into_boxed_str(), version);
        }
        next
    }

    /// The sequence number from which a read need only ask for what changed.
    fn seen(&self) -> i64 {
        self.latest().seq
    }
}

/// A changed table as read: its name, version and time.
pub type Row = (String, i64, chrono::DateTime<chrono::Utc>);

/// `versions` brought up to now: one indexed statement that reads only the tables changed since. Versions are
/// committed in the order of their numbers (they move under the audit chain's lock), so nothing committed later can
/// carry a smaller number than one already seen.
pub async fn read_versions(db: &impl ConnectionTrait, versions: &Arc<DataVersions>) -> Result<Arc<DataVersions>> {
    let backend = db.get_database_backend();
    let statement = Statement::from_sql_and_values(backend, changed_sql(backend), [versions.seen().into()]);
    let mut changed = Vec::new();
    for row in db.query_all_raw(statement).await? {
        changed.push((row.try_get_by_index(0)?, row.try_get_by_index(1)?, row.try_get_by_index(2)?));
    }
    Ok(updated(versions, changed))
}

fn updated(versions: &Arc<DataVersions>, changed: Vec<Row>) -> Arc<DataVersions> {
    if changed.is_empty() { versions.clone() } else { Arc::new(versions.with(changed)) }
}

/// The statement of the tables changed since a sequence number (its one parameter).
fn changed_sql(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => {
            r#"SELECT "table_name", "seq", "changed_at" FROM "table_version" WHERE "seq" > $1 ORDER BY "seq""#
        }
        _ => r#"SELECT "table_name", "seq", "changed_at" FROM "table_version" WHERE "seq" > ? ORDER BY "seq""#,
    }
}

/// A connection of its own on which the data versions are read again and again (the HTTP layer's `Versions` holds
/// one). Taken out of the pool once, so that a read is one round trip: through the pool it is three, for the pool
/// pings every connection it takes back (and one it hands out after an idle spell).
pub enum VersionReader {
    Postgres(sqlx::PgConnection),
    Sqlite(sqlx::SqliteConnection),
}

impl VersionReader {
    /// Takes a connection out of `db`'s pool for good (the pool may open another in its place).
    pub async fn open(db: &DatabaseConnection) -> Result<Self> {
        Ok(match db.get_database_backend() {
            DbBackend::Postgres => {
                VersionReader::Postgres(db.get_postgres_connection_pool().acquire().await.map_err(sqlx_error)?.detach())
            }
            _ => VersionReader::Sqlite(db.get_sqlite_connection_pool().acquire().await.map_err(sqlx_error)?.detach()),
        })
    }

    /// `versions` brought up to now, as [`read_versions`] does. After an error, drop the reader: its connection may
    /// be gone.
    pub async fn read(&mut self, versions: &Arc<DataVersions>) -> Result<Arc<DataVersions>> {
        let seen = versions.seen();
        let changed: Vec<Row> = match self {
            VersionReader::Postgres(connection) => {
                sqlx::query_as(changed_sql(DbBackend::Postgres)).bind(seen).fetch_all(connection).await
            }
            VersionReader::Sqlite(connection) => {
                sqlx::query_as(changed_sql(DbBackend::Sqlite)).bind(seen).fetch_all(connection).await
            }
        }
        .map_err(sqlx_error)?;
        Ok(updated(versions, changed))
    }
}

/// An error of sqlx itself, told as sea-orm tells it (so that a database that is down is UNAVAILABLE).
fn sqlx_error(error: sqlx::Error) -> crate::error::Error {
    sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(error))).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(table: &str, seq: i64) -> Row {
        (table.to_owned(), seq, chrono::DateTime::from_timestamp(seq, 0).unwrap())
    }

    #[test]
    fn an_answer_is_as_new_as_the_last_change_to_a_table_it_read() {
        let versions = DataVersions::default().with(vec![row("estate", 3), row("complaint", 7), row("*", 2)]);
        assert_eq!(versions.of(["estate"]).seq, 3);
        assert_eq!(versions.of(["estate", "complaint"]).seq, 7);
        assert_eq!(versions.of(["town"]).seq, 2, "the floor, for a table never written");
        assert_eq!(versions.latest().seq, 7);
        let later = versions.with(vec![row("complaint", 9)]);
        assert_eq!(later.of(["estate"]).seq, 3, "a write to complaints leaves what reads estates alone");
        assert_eq!(later.latest().seq, 9);
        assert_eq!(later.seen(), 9);
    }
}
