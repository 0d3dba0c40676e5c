//! `spawn_app()`: a fresh database cloned from a template that is migrated and loaded once per test run, the real
//! server on port 0 in front of it, and a client that speaks GraphQL over HTTP.

use api::Application;
use api::config::ServerSettings;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Which data a test starts from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Data {
    /// The demo data set.
    Demo,
    /// Migrated, nothing in it.
    Empty,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The server's own database, for what a user cannot do over HTTP (revoking tokens, tampering by hand).
    pub db: DatabaseConnection,
    pub database_url: String,
    metrics: Arc<api::metrics::Metrics>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    database: Arc<TestDatabase>,
}

/// A server on the demo data set.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Data::Demo).await
}

pub async fn spawn_app_with(data: Data) -> TestApp {
    spawn_app_configured(data, |_| {}).await
}

/// A server on `data`, with settings changed by `configure` (e.g. a larger complexity budget).
pub async fn spawn_app_configured(data: Data, configure: impl FnOnce(&mut ServerSettings)) -> TestApp {
    serve(Arc::new(TestDatabase::create(data)), configure).await
}

/// A server in front of `database`.
async fn serve(database: Arc<TestDatabase>, configure: impl FnOnce(&mut ServerSettings)) -> TestApp {
    let db = api::db::connect(&database.url, None).await.expect("connect to the test database");
    let mut settings = ServerSettings::on("127.0.0.1:0");
    settings.no_demo = true;
    // The supervision sweep's statements would blur the statement counts; the tests that need it turn it on.
    settings.sweep_minutes = 0;
    settings.security.jwt_public_keys = Some(fixture("jwks.json"));
    configure(&mut settings);
    let app = Application::build(&settings, db.clone()).await.expect("build the application");
    let address = format!("http://{}", app.address());
    // The server's own count of SQL statements (WUYE_PRINT_SQL prints them).
    let metrics = app.metrics();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        database_url: database.url.clone(),
        metrics,
        shutdown: Some(shutdown),
        database,
    }
}

impl TestApp {
    /// A second server (a replica: its own process state, its own pool) in front of this one's database.
    pub async fn replica(&self) -> TestApp {
        self.replica_configured(|_| {}).await
    }

    /// A second server in front of this one's database, with settings changed by `configure`.
    pub async fn replica_configured(&self, configure: impl FnOnce(&mut ServerSettings)) -> TestApp {
        serve(self.database.clone(), configure).await
    }

    pub fn graphql_url(&self) -> String {
        format!("{}/graphql", self.address)
    }

    /// POSTs a query with variables and returns the whole JSON response.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(self.graphql_url())
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent")
            .json()
            .await
            .expect("a JSON response")
    }

    /// POSTs a query with a bearer token; returns the HTTP status and the JSON response.
    pub async fn post_as(&self, token: &str, query: &str, variables: Value) -> (u16, Value) {
        let response = self
            .client
            .post(self.graphql_url())
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request sent");
        (response.status().as_u16(), response.json().await.expect("a JSON response"))
    }

    /// POSTs a query with a token that must succeed, and returns its `data`.
    pub async fn data_as(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, response) = self.post_as(token, query, variables).await;
        assert!(status == 200 && response.get("errors").is_none(), "unexpected errors ({status}): {response:#}");
        response["data"].clone()
    }

    /// POSTs a query that must succeed, and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let response = self.post(query, variables).await;
        assert!(response.get("errors").is_none(), "unexpected errors: {response:#}");
        response["data"].clone()
    }

    /// Asks the server to stop: it refuses new connections and lets requests in flight finish (up to 10 s).
    pub fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    /// Number of SQL statements the server has executed so far.
    pub fn statements(&self) -> usize {
        self.metrics.statements_total() as usize
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// A file of tests/fixtures.
pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A valid staff token for the test server (HS256 with its default secret), good for an hour.
pub fn token(role: &str, scope: Value, subject: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    let claims = api::auth::issue::TokenClaims {
        iss: "wuye".into(),
        aud: "wuye-api".into(),
        sub: subject.into(),
        role: role.into(),
        scope,
        iat: now,
        exp: now + 3600,
        jti: api::auth::issue::new_token_id(),
    };
    api::auth::issue::sign_hs256(&claims, api::config::DEMO_HS256_SECRET.as_bytes()).expect("sign")
}

/// Every node of the connection `field`, walking all its pages: `query` takes `$after: String` (and whatever else
/// `variables` gives) and selects `field { edges { node { … } } pageInfo { hasNextPage endCursor } }`.
pub async fn walk(app: &TestApp, token: Option<&str>, query: &str, variables: Value, field: &str) -> Vec<Value> {
    let (mut nodes, mut after) = (Vec::new(), Value::Null);
    loop {
        let mut vars = variables.clone();
        vars["after"] = after;
        let data = match token {
            Some(token) => app.data_as(token, query, vars).await,
            None => app.data(query, vars).await,
        };
        let page = &data[field];
        nodes.extend(page["edges"].as_array().expect("edges").iter().map(|e| e["node"].clone()));
        if page["pageInfo"]["hasNextPage"] != true {
            return nodes;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// Runs a `wuye` command against the app's database, as an operator would, and returns what it printed.
pub fn run_cli(app: &TestApp, args: &[&str]) -> anyhow::Result<String> {
    use clap::Parser;
    let mut argv = vec!["wuye"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["--database-url", &app.database_url]);
    let cli = api::cli::Cli::try_parse_from(argv)?;
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut out = Vec::new();
            tokio::runtime::Runtime::new()?.block_on(api::cli::run(cli, &mut out))?;
            Ok(String::from_utf8(out)?)
        })
        .join()
        .expect("the command's thread")
    })
}

/// The `extensions.code` values of a response's errors.
pub fn error_codes(response: &Value) -> Vec<String> {
    response["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned()).collect())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------------------
// Databases: SQLite files copied from a template built once per run, or PostgreSQL databases created from a
// template database, dropped again when the test ends.

struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

fn postgres_url() -> Option<String> {
    std::env::var("WUYE_TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))
}

/// Runs `future` to completion on a runtime of its own, on a thread of its own, so that set-up and clean-up can run
/// from any test (and from `Drop`) without tying connections to a test's runtime.
fn block_on_own_runtime<T: Send + 'static>(future: impl std::future::Future<Output = T> + Send + 'static) -> T {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime").block_on(future)
    })
    .join()
    .expect("the set-up thread")
}

async fn prepare(db: &DatabaseConnection, data: Data) {
    api::db::migrate(db).await.expect("migrate the template");
    if data == Data::Demo {
        let service = api::service::Service::new(db.clone(), api::config::DEMO_AUDIT_SALT);
        assert!(api::demo::load_if_empty(&service).await.expect("load the demo data"));
    }
}

impl TestDatabase {
    fn create(data: Data) -> Self {
        match postgres_url() {
            Some(admin_url) => Self::create_postgres(admin_url, data),
            None => Self::create_sqlite(data),
        }
    }

    fn create_sqlite(data: Data) -> Self {
        static TEMPLATES: [OnceLock<Vec<u8>>; 2] = [OnceLock::new(), OnceLock::new()];
        let template = TEMPLATES[data as usize].get_or_init(|| {
            block_on_own_runtime(async move {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let path = dir.path().join("template.db");
                let url = format!("sqlite://{}", path.display());
                let db = api::db::connect(&url, Some(1)).await.expect("open the template");
                prepare(&db, data).await;
                db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
                db.close().await.expect("close the template");
                std::fs::read(&path).expect("read the template")
            })
        });
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("wuye.db");
        std::fs::write(&path, template).expect("copy the template");
        TestDatabase { url: format!("sqlite://{}", path.display()), cleanup: Cleanup::Sqlite(dir) }
    }

    fn create_postgres(admin_url: String, data: Data) -> Self {
        static TEMPLATES: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let (server, base) = admin_url.rsplit_once('/').expect("a database name in WUYE_TEST_DATABASE_URL");
        let base = base.split('?').next().unwrap_or(base).to_owned();
        let pid = std::process::id();
        let template = TEMPLATES[data as usize]
            .get_or_init(|| {
                let (admin_url, server, base) = (admin_url.clone(), server.to_owned(), base.clone());
                block_on_own_runtime(async move {
                    let admin = Database::connect(&admin_url).await.expect("connect to WUYE_TEST_DATABASE_URL");
                    drop_stale_databases(&admin, &base).await;
                    let name = format!("{base}_tpl{}_{pid}", data as usize);
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.expect("drop");
                    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create the template");
                    let db = Database::connect(&format!("{server}/{name}")).await.expect("connect to the template");
                    prepare(&db, data).await;
                    db.close().await.expect("close the template");
                    name
                })
            })
            .clone();
        let name = format!("{base}_t_{pid}_{}", NEXT.fetch_add(1, Ordering::SeqCst));
        let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
        let url = admin_url.clone();
        block_on_own_runtime(async move {
            let admin = Database::connect(&url).await.expect("connect to WUYE_TEST_DATABASE_URL");
            admin.execute_unprepared(&create).await.expect("clone the template");
            admin.close().await.ok();
        });
        TestDatabase { url: format!("{server}/{name}"), cleanup: Cleanup::Postgres { admin_url, name } }
    }
}

/// Drops databases that earlier runs of this suite left behind (their process is gone).
async fn drop_stale_databases(admin: &DatabaseConnection, base: &str) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT datname FROM pg_database WHERE datname LIKE '{base}\\_t%'"),
        ))
        .await
        .expect("list databases");
    for row in rows {
        let name: String = row.try_get("", "datname").expect("a name");
        let pid = name.rsplit('_').nth(if name.contains("_tpl") { 0 } else { 1 }).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists()) {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, drop) = (admin_url.clone(), format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            block_on_own_runtime(async move {
                if let Ok(admin) = Database::connect(&admin_url).await {
                    let _ = admin.execute_unprepared(&drop).await;
                    let _ = admin.close().await;
                }
            });
        }
    }
}
