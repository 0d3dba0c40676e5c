//! The public reads from a real PostgreSQL streaming replica (`--database-read-url`): a throwaway primary and a
//! replica made from it by `pg_basebackup -R`, each its own cluster on a loopback port. While the replica's replay
//! is paused, anonymous answers, pages and their ETags stay at the replica's version and staff read their own writes
//! on the primary; once it replays, the public sees the write with the ETag in step; with the replica stopped, the
//! public reads from the primary (counted in a metric), not an error. Runs in `.ci/run`'s PostgreSQL pass.

use api::Application;
use api::auth::Actor;
use api::config::ServerSettings;
use api::service::Service;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[path = "../e2e/helpers.rs"]
#[allow(dead_code)]
mod helpers;

#[path = "../support/cluster.rs"]
mod cluster;

#[path = "../support/places.rs"]
mod places;

use cluster::Cluster;
use places::community;

const COMMUNITIES: &str = "{ communities(first: 10) { totalCount edges { node { code name } } } }";

/// The server under test, seen from outside.
struct Client {
    address: String,
    http: reqwest::Client,
}

impl Client {
    /// `COMMUNITIES` as the public asks it (or staff, with `token`): the names and the ETag.
    async fn communities(&self, token: Option<&str>) -> (Vec<String>, Option<String>) {
        let mut request = self.http.post(format!("{}/graphql", self.address)).json(&json!({ "query": COMMUNITIES }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_owned());
        let body: Value = response.json().await.unwrap();
        assert!(body.get("errors").is_none(), "no error: {body}");
        let names = body["data"]["communities"]["edges"].as_array().unwrap();
        (names.iter().map(|e| e["node"]["name"].as_str().unwrap().to_owned()).collect(), etag)
    }

    /// The town page: its body and ETag.
    async fn town_page(&self) -> (String, String) {
        let response = self.http.get(format!("{}/town/340621100", self.address)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let etag = response.headers()["etag"].to_str().unwrap().to_owned();
        (response.text().await.unwrap(), etag)
    }

    /// Waits (up to 20 s) until the public sees `count` communities; their names and the ETag then.
    async fn until_public_sees(&self, count: usize) -> (Vec<String>, Option<String>) {
        let began = Instant::now();
        loop {
            let seen = self.communities(None).await;
            if seen.0.len() == count {
                return seen;
            }
            assert!(began.elapsed() < Duration::from_secs(20), "the public never saw {count} communities: {seen:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The data version on `db`: the last audit event's number.
async fn version(db: &DatabaseConnection) -> i64 {
    let row = db.query_one_raw(statement("SELECT MAX(seq) AS seq FROM audit_event")).await.unwrap().unwrap();
    row.try_get::<i64>("", "seq").unwrap()
}

fn statement(sql: &str) -> sea_orm::Statement {
    sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_reads_from_a_streaming_replica_and_falls_back_to_the_primary() {
    if !std::env::var("WUYE_TEST_DATABASE_URL").is_ok_and(|url| url.starts_with("postgres")) {
        eprintln!("skipped: the replica test runs in the PostgreSQL pass (WUYE_TEST_DATABASE_URL=postgres://…)");
        return;
    }
    let primary = Cluster::new();
    let admin = sea_orm::Database::connect(primary.url("postgres")).await.unwrap();
    admin.execute_unprepared("CREATE DATABASE wuye").await.unwrap();
    let replica = tokio::task::block_in_place(|| Cluster::replica_of(&primary));
    let on_replica = sea_orm::Database::connect(replica.url("postgres")).await.unwrap();

    let db = api::db::connect(&primary.url("wuye"), Some(8)).await.unwrap();
    let mut settings = ServerSettings::on("127.0.0.1:0");
    settings.no_demo = true;
    settings.sweep_minutes = 0;
    settings.security.jwt_public_keys = Some(helpers::fixture("jwks.json"));
    settings.database_read_url = Some(replica.url("wuye"));
    let app = Application::build(&settings, db.clone()).await.unwrap();
    let client = Client { address: format!("http://{}", app.address()), http: reqwest::Client::new() };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));

    // Writes go through the primary.
    let service = Service::new(db.clone(), "test-salt");
    let system = Actor::system("340621", "replica test");
    places::smallest_place(&service, &system).await;
    let (names, first_tag) = client.until_public_sees(1).await;
    assert_eq!(names, ["城东社区"]);
    let (page, first_page_tag) = client.town_page().await;
    assert!(page.contains("城东社区"));

    // Replay paused: the public's answers, pages and ETags stay at the replica's version; staff read the primary.
    on_replica.execute_unprepared("SELECT pg_wal_replay_pause()").await.unwrap();
    service.create_community(&system, community("340621100002", "城西社区")).await.unwrap();
    let token = helpers::token("town", json!("340621100"), "town-officer");
    let (staff_sees, _) = client.communities(Some(&token)).await;
    assert_eq!(staff_sees.len(), 2, "staff read their own writes on the primary: {staff_sees:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (public_sees, tag) = client.communities(None).await;
    assert_eq!(public_sees, ["城东社区"], "the public reads the replica, whose replay is paused");
    assert_eq!(tag, first_tag, "an answer is tagged with the version of the database that answered it");
    let (page, page_tag) = client.town_page().await;
    assert!(!page.contains("城西社区") && page_tag == first_page_tag, "the website reads the replica too");

    // Replayed: the public sees the write, and the ETag moved with it, to the primary's version.
    on_replica.execute_unprepared("SELECT pg_wal_replay_resume()").await.unwrap();
    let (names, tag) = client.until_public_sees(2).await;
    assert_eq!(names.len(), 2);
    let tag = tag.expect("a public answer is tagged");
    assert_ne!(Some(&tag), first_tag.as_ref());
    assert!(tag.starts_with(&format!("W/\"{}-", version(&db).await)), "{tag} is at the primary's version");
    let (page, page_tag) = client.town_page().await;
    assert!(page.contains("城西社区") && page_tag != first_page_tag);

    // The replica stopped: the public reads from the primary, at once and without an error, counted.
    drop(on_replica);
    tokio::task::block_in_place(|| replica.stop());
    service.create_community(&system, community("340621100003", "城南社区")).await.unwrap();
    let (names, tag) = client.communities(None).await;
    assert_eq!(names.len(), 3, "the primary answers for the stopped replica: {names:?}");
    assert!(tag.unwrap().starts_with(&format!("W/\"{}-", version(&db).await)));
    let (page, _) = client.town_page().await;
    assert!(page.contains("城南社区"));
    let metrics = client.http.get(format!("{}/metrics", client.address)).send().await.unwrap().text().await.unwrap();
    let fallbacks = metrics
        .lines()
        .find_map(|line| line.strip_prefix("wuye_replica_fallbacks_total "))
        .and_then(|n| n.parse::<u64>().ok())
        .expect("the fallback metric");
    assert!(fallbacks >= 2, "every fallback is counted: {fallbacks}");

    // Started again, it is read from once it answers (it is tried again after a few seconds).
    tokio::task::block_in_place(|| replica.start());
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(client.until_public_sees(3).await.0.len(), 3);
    let _ = stop.send(());
}
