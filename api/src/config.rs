//! Settings: `clap` flags with `WUYE_*` environment fallbacks and defaults that work on a fresh machine.

use clap::Args;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// Database URL: `sqlite://path/to/file.db` (created if missing) or `postgres://user@host:port/db`.
    #[arg(long, env = "WUYE_DATABASE_URL", default_value = "sqlite://data/wuye.db", global = true)]
    pub database_url: String,

    /// Size of the connection pool [default: 2 × cores for SQLite (at least 4), 10 for PostgreSQL].
    #[arg(long, env = "WUYE_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,
}

/// How the server listens and what it accepts.
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "WUYE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Do not load the demo dataset into an empty database.
    #[arg(long, env = "WUYE_NO_DEMO")]
    pub no_demo: bool,

    #[command(flatten)]
    pub limits: QueryLimits,
}

/// Limits every GraphQL document must keep (README, "Limits").
#[derive(Debug, Clone, Copy, Args)]
pub struct QueryLimits {
    /// Deepest nesting of fields over the data (introspection selections are not counted).
    #[arg(long, env = "WUYE_MAX_DEPTH", default_value_t = 10)]
    pub max_depth: usize,

    /// Complexity budget: each field costs 1, a list or connection costs `first` × its items' cost.
    #[arg(long, env = "WUYE_MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits { max_depth: 10, max_complexity: 20_000 }
    }
}

impl ServerSettings {
    /// Settings for a server on `bind` with every other value at its default.
    pub fn on(bind: impl Into<String>) -> Self {
        ServerSettings { bind: bind.into(), no_demo: false, limits: QueryLimits::default() }
    }
}
