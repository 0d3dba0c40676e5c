//! The version of the data the public reads: the last audit event, which every committed write appends in its own
//! transaction. The HTTP layer tags answers, downloads and pages with it (ETag, Last-Modified) and keeps anonymous
//! answers by it; the write side never reads it.

use crate::error::Result;
use entity::audit_event;
use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryOrder, QuerySelect, QueryTrait, Statement, sqlx,
};
use std::sync::OnceLock;

/// The version of the data: the last audit event, which every committed write appends in its own transaction. Read
/// from the database, never from process memory, so every API node over one database agrees on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataVersion {
    /// The sequence number of the last event (0 for an empty log).
    pub seq: i64,
    /// When the data last changed.
    pub modified: Option<chrono::DateTime<chrono::Utc>>,
}

/// The data version now: one indexed statement.
pub async fn data_version(db: &impl ConnectionTrait) -> Result<DataVersion> {
    let backend = db.get_database_backend();
    let statement = Statement::from_string(backend, data_version_sql(backend));
    let Some(row) = db.query_one_raw(statement).await? else { return Ok(DataVersion::EMPTY) };
    Ok(DataVersion { seq: row.try_get_by_index(0)?, modified: Some(row.try_get_by_index(1)?) })
}

impl DataVersion {
    /// The version of a database that has never changed.
    pub const EMPTY: DataVersion = DataVersion { seq: 0, modified: None };
}

/// The text of [`data_version`]'s statement (`seq`, `occurred_at` of the last event; no parameters), built once for
/// each of the two databases: every anonymous request asks for the version, and building the text again each time
/// was about 3% of a cached answer's profile.
fn data_version_sql(backend: DbBackend) -> &'static str {
    static POSTGRES: OnceLock<String> = OnceLock::new();
    static SQLITE: OnceLock<String> = OnceLock::new();
    let built = if backend == DbBackend::Postgres { &POSTGRES } else { &SQLITE };
    built.get_or_init(|| {
        let query = audit_event::Entity::find()
            .select_only()
            .columns([audit_event::Column::Seq, audit_event::Column::OccurredAt])
            .order_by_desc(audit_event::Column::Seq)
            .limit(1)
            .into_query();
        match backend {
            DbBackend::Postgres => query.to_string(PostgresQueryBuilder),
            _ => query.to_string(SqliteQueryBuilder),
        }
    })
}

/// A connection of its own on which the data version is read again and again (the HTTP layer's `Versions` holds
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

    /// The data version now, as [`data_version`] reads it. After an error, drop the reader: its connection may be
    /// gone.
    pub async fn read(&mut self) -> Result<DataVersion> {
        type Row = (i64, chrono::DateTime<chrono::Utc>);
        let row: Option<Row> = match self {
            VersionReader::Postgres(connection) => {
                sqlx::query_as(data_version_sql(DbBackend::Postgres)).fetch_optional(connection).await
            }
            VersionReader::Sqlite(connection) => {
                sqlx::query_as(data_version_sql(DbBackend::Sqlite)).fetch_optional(connection).await
            }
        }
        .map_err(sqlx_error)?;
        Ok(row.map_or(DataVersion::EMPTY, |(seq, at)| DataVersion { seq, modified: Some(at) }))
    }
}

/// An error of sqlx itself, told as sea-orm tells it (so that a database that is down is UNAVAILABLE).
fn sqlx_error(error: sqlx::Error) -> crate::error::Error {
    sea_orm::DbErr::Query(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(error))).into()
}
