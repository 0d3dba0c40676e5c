//! Metrics for operators, in the Prometheus text format at `/metrics` (the `prometheus` crate): GraphQL requests by
//! operation name and outcome code, their latency, the SQL statements each request runs, downloads by dataset and
//! status, the database pool's connections, and public reads the primary answered for a read replica that did not.
//!
//! SQL statements are counted by the database's own metric callback: in total, and per request through a counter
//! that lives in the request's task (its DataLoader batches run in the same task, `graphql::batch`).

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};
use sea_orm::{DatabaseConnection, DatabaseConnectionType};
use std::cell::Cell;
use std::sync::Arc;

tokio::task_local! {
    /// Statements run so far by the request of this task.
    static STATEMENTS: Cell<u64>;
}

/// The metrics of one server.
pub struct Metrics {
    registry: Registry,
    graphql_requests: IntCounterVec,
    graphql_seconds: HistogramVec,
    statements_per_request: Histogram,
    statements: IntCounter,
    downloads: IntCounterVec,
    pool: IntGaugeVec,
    rate_limited: IntCounterVec,
    rate_limit_fallbacks: IntCounter,
    response_cache: IntCounterVec,
    direct_answers: IntCounter,
    replica_fallbacks: IntCounter,
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        let registry = Registry::new();
        let graphql_requests = IntCounterVec::new(
            Opts::new("wuye_graphql_requests_total", "GraphQL requests by operation name and outcome code"),
            &["operation", "code"],
        )
        .expect("a valid metric");
        let graphql_seconds = HistogramVec::new(
            HistogramOpts::new("wuye_graphql_request_duration_seconds", "Time to answer a GraphQL request")
                .buckets(vec![0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["operation"],
        )
        .expect("a valid metric");
        let statements_per_request = Histogram::with_opts(
            HistogramOpts::new("wuye_sql_statements_per_request", "SQL statements one GraphQL request runs")
                .buckets(vec![0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
        )
        .expect("a valid metric");
        let statements = IntCounter::new("wuye_sql_statements_total", "SQL statements run, by any request or write")
            .expect("a valid metric");
        let downloads = IntCounterVec::new(
            Opts::new("wuye_data_downloads_total", "Open-data downloads by dataset, format and HTTP status"),
            &["dataset", "format", "status"],
        )
        .expect("a valid metric");
        let pool =
            IntGaugeVec::new(Opts::new("wuye_db_pool_connections", "Database pool connections, by state"), &["state"])
                .expect("a valid metric");
        let rate_limited = IntCounterVec::new(
            Opts::new("wuye_rate_limited_total", "Requests refused with 429 because the client's budget was spent"),
            &["client"],
        )
        .expect("a valid metric");
        let rate_limit_fallbacks = IntCounter::new(
            "wuye_rate_limit_fallbacks_total",
            "Budget checks made in this process because Redis did not answer",
        )
        .expect("a valid metric");
        let response_cache = IntCounterVec::new(
            Opts::new(
                "wuye_response_cache_total",
                "Anonymous reads by what the response cache did: hit, miss, not_modified",
            ),
            &["outcome"],
        )
        .expect("a valid metric");
        let direct_answers = IntCounter::new(
            "wuye_direct_answers_total",
            "Anonymous reads answered straight from the rows by a plan of their document, not by the executor",
        )
        .expect("a valid metric");
        let replica_fallbacks = IntCounter::new(
            "wuye_replica_fallbacks_total",
            "Public reads answered by the primary because the read replica did not answer",
        )
        .expect("a valid metric");
        for metric in [
            Box::new(response_cache.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(replica_fallbacks.clone()),
            Box::new(direct_answers.clone()),
            Box::new(rate_limited.clone()),
            Box::new(rate_limit_fallbacks.clone()),
            Box::new(graphql_requests.clone()),
            Box::new(graphql_seconds.clone()),
            Box::new(statements_per_request.clone()),
            Box::new(statements.clone()),
            Box::new(downloads.clone()),
            Box::new(pool.clone()),
        ] {
            registry.register(metric).expect("each metric registered once");
        }
        Arc::new(Metrics {
            registry,
            graphql_requests,
            graphql_seconds,
            statements_per_request,
            statements,
            downloads,
            pool,
            rate_limited,
            rate_limit_fallbacks,
            response_cache,
            direct_answers,
            replica_fallbacks,
        })
    }

    /// Counts every statement `db` runs, in total and for the request whose task runs it.
    pub fn observe_statements(self: &Arc<Self>, db: &mut DatabaseConnection) {
        let metrics = self.clone();
        let print = std::env::var("WUYE_PRINT_SQL").is_ok();
        db.set_metric_callback(move |info| {
            metrics.count_statement();
            crate::touched::note(&info.statement.sql);
            trace_statement(info);
            if print {
                eprintln!("SQL {}", info.statement.sql.chars().take(150).collect::<String>());
            }
        });
    }

    /// Counts a statement run, in total and for the request of this task: called for every statement `db` runs
    /// ([`Metrics::observe_statements`]), and by what runs statements on a connection of its own.
    pub fn count_statement(&self) {
        self.statements.inc();
        let _ = STATEMENTS.try_with(|count| count.set(count.get() + 1));
    }

    /// Statements run so far, by anything.
    pub fn statements_total(&self) -> u64 {
        self.statements.get()
    }

    /// Runs `request`, then records it: its operation name, outcome code (`code` of its answer, `None`: OK), time
    /// and statements.
    pub async fn graphql<T>(
        &self,
        operation: Option<&str>,
        request: impl Future<Output = T>,
        code: impl FnOnce(&T) -> Option<String>,
    ) -> T {
        let started = std::time::Instant::now();
        let (answer, statements) = STATEMENTS
            .scope(Cell::new(0), async {
                let answer = request.await;
                (answer, STATEMENTS.with(Cell::get))
            })
            .await;
        let operation = label(operation);
        let code = code(&answer).unwrap_or_else(|| "OK".to_owned());
        self.graphql_requests.with_label_values(&[operation.as_str(), code.as_str()]).inc();
        self.graphql_seconds.with_label_values(&[operation.as_str()]).observe(started.elapsed().as_secs_f64());
        self.statements_per_request.observe(statements as f64);
        answer
    }

    /// Records an anonymous read answered directly from the rows.
    pub fn direct_answer(&self) {
        self.direct_answers.inc();
    }

    /// Records a public read sent to the primary because the read replica did not answer.
    pub fn replica_fallback(&self) {
        self.replica_fallbacks.inc();
    }

    /// Records a request cancelled at its deadline.
    pub fn timed_out(&self, operation: Option<&str>) {
        self.graphql_requests.with_label_values(&[label(operation).as_str(), "TIMEOUT"]).inc();
    }

    /// Records a request refused because `client` (`public` or `staff`) spent its budget.
    pub fn rate_limited(&self, client: &str) {
        self.rate_limited.with_label_values(&[client]).inc();
    }

    /// Records a budget check made in this process because Redis did not answer.
    pub fn rate_limit_fallback(&self) {
        self.rate_limit_fallbacks.inc();
    }

    /// Records what the response cache did for one anonymous read.
    pub fn response_cache(&self, outcome: &str) {
        self.response_cache.with_label_values(&[outcome]).inc();
    }

    /// Records a download's outcome.
    pub fn download(&self, dataset: &str, format: &str, status: u16) {
        self.downloads.with_label_values(&[dataset, format, &status.to_string()]).inc();
    }

    /// The text exposition, with the pool read now.
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let (size, idle) = match &db.inner {
            DatabaseConnectionType::SqlxSqlitePoolConnection(_) => {
                let pool = db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle() as u32)
            }
            DatabaseConnectionType::SqlxPostgresPoolConnection(_) => {
                let pool = db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle() as u32)
            }
            _ => (0, 0),
        };
        self.pool.with_label_values(&["idle"]).set(i64::from(idle));
        self.pool.with_label_values(&["in_use"]).set(i64::from(size.saturating_sub(idle)));
        let mut buffer = Vec::new();
        // Encoding gathered metrics into memory cannot fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// The span of one SQL statement, under the span of whatever ran it (a service operation, a request), with its
/// log line: its text (placeholders, never the values bound to them), how long it took and whether it failed.
/// sea-orm tells of a statement once it has run, so the span is made then, with the time it took as a field.
fn trace_statement(info: &sea_orm::metric::Info<'_>) {
    let span = tracing::debug_span!(
        "sql",
        statement = %info.statement.sql.chars().take(500).collect::<String>(),
        elapsed_us = info.elapsed.as_micros() as u64,
        failed = info.failed,
    );
    span.in_scope(|| tracing::debug!("statement"));
}

/// An operation name as a label: the client's name if it is a plain GraphQL name (≤ 64 characters), else
/// `anonymous`, so that labels stay few and printable.
fn label(operation: Option<&str>) -> String {
    match operation {
        Some(name)
            if !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
        {
            name.to_owned()
        }
        _ => "anonymous".to_owned(),
    }
}
