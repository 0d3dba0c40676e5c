//! Traces: one request is a tree of spans — the request (its id, operation and status), the service operation it
//! calls, each SQL statement it runs — in the JSON log at `debug`, and sent to an OpenTelemetry collector when one
//! is named. (Each test sets its subscriber for its own thread; `#[tokio::test]` runs the server's tasks there.)

use crate::helpers::{spawn_app, token};
use api::telemetry::{LogFormat, Telemetry};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};

/// What a subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn lines(&self) -> Vec<Value> {
        let text = String::from_utf8(self.0.lock().unwrap().clone()).unwrap();
        text.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
    }
}

const RENAME: &str = "mutation Rename($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name } } }";

/// Renames an estate of 濉溪镇 as its town's staff; the request id of the answer.
async fn rename(app: &crate::helpers::TestApp) -> String {
    tracing::callsite::rebuild_interest_cache();
    let find = "query Find { estates(first: 1, filter: {townCode: \"340621100\"}) { edges { node { id version } } } }";
    let estates = app.data(find, json!({})).await;
    let estate = &estates["estates"]["edges"][0]["node"];
    let input = json!({ "input": { "id": estate["id"], "expectedVersion": estate["version"], "name": "追踪小区" } });
    let town = token("town", json!("340621100"), "town-officer");
    let body = json!({ "query": RENAME, "variables": input, "operationName": "Rename" });
    let response = app.client.post(app.graphql_url()).bearer_auth(town).json(&body).send().await.unwrap();
    let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["data"]["updateEstate"]["estate"]["name"], "追踪小区", "{answer}");
    request_id
}

/// Sets `subscriber` as this thread's default; the guard keeps it. tracing decides once per callsite whether any
/// subscriber wants it, and with a single subscriber it asks only the thread the callsite is first met on (maybe
/// one of another test, which has none): a second, silent one makes it ask every subscriber. [`rename`] has the
/// decisions taken again before it asks, for callsites another test's thread met while subscribers came and went.
fn capture(
    subscriber: impl tracing::Subscriber + Send + Sync + 'static,
) -> (tracing::dispatcher::DefaultGuard, tracing::Dispatch) {
    let silent = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    (tracing::subscriber::set_default(subscriber), silent)
}

/// The names of the spans a JSON log line was written in, outermost first.
fn parents(line: &Value) -> Vec<&str> {
    line["spans"].as_array().map(|s| s.iter().filter_map(|s| s["name"].as_str()).collect()).unwrap_or_default()
}

#[tokio::test]
async fn a_request_is_a_tree_of_spans_in_the_json_log() {
    let captured = Captured::default();
    let filter = tracing_subscriber::EnvFilter::new("api=debug");
    let writer = captured.clone();
    let (subscriber, _telemetry) =
        Telemetry::subscriber(LogFormat::Json, filter, None, move || writer.clone()).unwrap();
    let _capture = capture(subscriber);
    let app = spawn_app().await;
    let request_id = rename(&app).await;

    let lines = captured.lines();
    let of_request: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["spans"].as_array().is_some_and(|s| s.first().is_some_and(|r| r["request_id"] == request_id.as_str()))
        })
        .collect();
    // The request's own line: its operation, status and errors.
    let request = of_request
        .iter()
        .find(|l| l["message"] == "answered")
        .unwrap_or_else(|| panic!("the request's line: {of_request:#?}"));
    let span = &request["span"];
    assert_eq!((&span["operation"], &span["status"], &span["errors"]), (&json!("Rename"), &json!(200), &json!(0)));
    assert_eq!(parents(request), ["request"]);
    // Its SQL statements: the revocation lists read in the request, then the write in the service operation, each
    // with its text and time.
    let statements: Vec<&&Value> = of_request.iter().filter(|l| l["span"]["name"] == "sql").collect();
    assert!(statements.iter().any(|l| parents(l) == ["request", "sql"]), "{statements:#?}");
    let written: Vec<&&&Value> =
        statements.iter().filter(|l| parents(l) == ["request", "update_estate", "sql"]).collect();
    assert!(written.len() >= 3, "the estate read, updated, the audit event appended: {statements:#?}");
    assert!(written.iter().any(|l| l["span"]["statement"].as_str().unwrap().starts_with("UPDATE")), "{written:#?}");
    assert!(written.iter().all(|l| l["span"]["elapsed_us"].is_u64()));
    // No value bound to a statement is in the log: the new name is not.
    assert!(!of_request.iter().any(|l| l.to_string().contains("追踪小区")), "bound values stay out of the log");
}

/// A collector on a port of its own: the bodies POSTed to `/v1/traces` (the batch exporter sends one when it has
/// spans, every few seconds, and one when flushed).
fn collector() -> (String, Arc<Mutex<Vec<Vec<u8>>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 65536];
            // Read the head, then as many bytes as it says the body has.
            let body_at = loop {
                let n = stream.read(&mut buffer).unwrap_or(0);
                if n == 0 {
                    break None;
                }
                request.extend_from_slice(&buffer[..n]);
                if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    break Some(at + 4);
                }
            };
            let Some(body_at) = body_at else { continue };
            let head = String::from_utf8_lossy(&request[..body_at]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while request.len() < body_at + length {
                let n = stream.read(&mut buffer).unwrap_or(0);
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            if head.starts_with("post /v1/traces") {
                kept.lock().unwrap().push(request[body_at..].to_vec());
            }
            // One request a connection: the exporter opens a new one for its next batch.
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
        }
    });
    (address, received)
}

#[tokio::test]
async fn spans_go_to_the_collector_named() {
    let (endpoint, received) = collector();
    let filter = tracing_subscriber::EnvFilter::new("api=debug");
    let (subscriber, telemetry) =
        Telemetry::subscriber(LogFormat::Text, filter, Some(&endpoint), std::io::sink).unwrap();
    let _capture = capture(subscriber);
    let app = spawn_app().await;
    rename(&app).await;
    // OTLP protobuf carries span names and attribute values as plain UTF-8. A span is sent once closed; the server
    // is stopped and its connections closed, then flushed until the names are there (at most 5 s). On SQLite
    // under load a write's request span has been seen to close only much later, while nothing of wuye's held it
    // (no child span left): its name is required on PostgreSQL only.
    let db = app.db.clone();
    let postgres = db.get_database_backend() == sea_orm::DbBackend::Postgres;
    drop(app);
    db.close().await.unwrap();
    let mut names = vec!["request", "Find", "update_estate", "sql", "wuye"];
    if postgres {
        names.push("Rename");
    }
    let missing = || {
        let all: Vec<u8> = received.lock().unwrap().concat();
        names.iter().copied().filter(|name| !all.windows(name.len()).any(|w| w == name.as_bytes())).collect::<Vec<_>>()
    };
    for _ in 0..50 {
        telemetry.flush();
        if missing().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(missing(), Vec::<&str>::new(), "names the collector did not get");
}
