//! Opening the database (SQLite or PostgreSQL, told by the URL) and bringing its schema up to date.

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// Opens a pool of `max_connections` (`None`: 2 × cores, at least 4) on `url`. SQLite files (and their folder) are
/// created if missing and run in WAL mode with foreign keys on and a busy timeout.
pub async fn connect(url: &str, max_connections: Option<u32>) -> Result<DatabaseConnection, DbErr> {
    Database::connect(options(url, max_connections)?).await
}

/// A pool on a read replica, as [`connect`] opens one, but lazily: a replica that is down when the server starts
/// does not keep it from starting (the public reads from the primary until it answers).
pub async fn connect_replica(url: &str, max_connections: Option<u32>) -> Result<DatabaseConnection, DbErr> {
    let mut options = options(url, max_connections)?;
    options.connect_lazy(true);
    Database::connect(options).await
}

fn options(url: &str, max_connections: Option<u32>) -> Result<ConnectOptions, DbErr> {
    let mut options = ConnectOptions::new(url);
    // A pool sized for the cores (sea-orm's default is one): more connections than that only make the database
    // switch between them (measured with bench/run.sh: 4 connections serve more requests on 2 cores than 10 or 20).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
    options.max_connections(max_connections.unwrap_or((2 * cores).max(4)));
    // A request waits at most this long for a connection: while the database is down, requests fail fast with
    // UNAVAILABLE (within their deadline) rather than hang.
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(3)).connect_timeout(Duration::from_secs(3));
    // sqlx pings every connection it hands out (a round trip to PostgreSQL, or to SQLite's worker thread), on top of
    // the ping with which it takes each one back: two extra round trips per statement. Only a connection idle long
    // enough to have been dropped is pinged now; one that fails mid-statement is discarded when it comes back.
    options.test_before_acquire_if_idle_for(Duration::from_secs(10));
    if let Some(path) = sqlite_path(url) {
        if let Some(folder) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", folder.display())))?;
        }
        options.map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    }
    Ok(options)
}

/// The file path of a `sqlite:` URL, if it is one.
fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (path != ":memory:" && !path.is_empty()).then_some(path)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

#[cfg(test)]
mod tests {
    use super::{connect, sqlite_path};
    use sea_orm::{ConnectionTrait, Statement};

    #[test]
    fn sqlite_paths_are_read_from_both_url_forms() {
        assert_eq!(sqlite_path("sqlite://data/wuye.db?mode=rwc"), Some("data/wuye.db"));
        assert_eq!(sqlite_path("sqlite:/tmp/x.db"), Some("/tmp/x.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://localhost/wuye"), None);
    }

    /// The bundled SQLite is built with the options `.cargo/config.toml` gives it (why, there): without them every
    /// paged or `.one()` read is parsed and planned again on each request, and nothing else would tell.
    #[tokio::test]
    async fn sqlite_is_built_with_plans_that_do_not_depend_on_bound_values() {
        let db = connect("sqlite::memory:", Some(1)).await.unwrap();
        let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), "PRAGMA compile_options")).await;
        let options: Vec<String> = rows.unwrap().iter().map(|row| row.try_get_by_index(0).unwrap()).collect();
        assert!(options.iter().any(|o| o == "ENABLE_QPSG"), "{options:?}");
        assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
    }
}
