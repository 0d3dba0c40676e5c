//! PostgreSQL stopped under load and started again: reads and writes during the outage fail with UNAVAILABLE (never a
//! panic, never INTERNAL, never database text), the server recovers without a restart, every write that answered
//! success is in the database with its audit event, and the audit chain holds. A throwaway PostgreSQL cluster of its
//! own (initdb under the `postgres` user, on a free port), in a test binary of its own.

use api::Application;
use api::auth::Actor;
use api::config::ServerSettings;
use api::service::Service;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../e2e/helpers.rs"]
#[allow(dead_code)]
mod helpers;

#[path = "../support/cluster.rs"]
#[allow(dead_code)]
mod cluster;

#[path = "../support/places.rs"]
mod places;

use cluster::Cluster;

/// What each request got back.
#[derive(Debug, Clone)]
enum Outcome {
    Written(String),
    Read,
    Refused(String),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped_under_load_and_started_again() {
    let cluster = Cluster::new();
    let admin = sea_orm::Database::connect(cluster.url("postgres")).await.unwrap();
    admin.execute_unprepared("CREATE DATABASE wuye").await.unwrap();
    drop(admin);
    let url = cluster.url("wuye");
    let db = api::db::connect(&url, Some(8)).await.unwrap();
    let mut settings = ServerSettings::on("127.0.0.1:0");
    settings.no_demo = true;
    settings.rate_limits.points = u64::MAX;
    settings.rate_limits.staff_points = u64::MAX;
    let app = Application::build(&settings, db.clone()).await.unwrap();
    let address = format!("http://{}", app.address());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));

    // The smallest place to write in: a county, a town, a community.
    let service = Service::new(db.clone(), "test-salt");
    places::smallest_place(&service, &Actor::system("340621", "outage test")).await;

    let token = helpers::token("town", json!("340621100"), "town-officer");
    let client = reqwest::Client::new();
    let outcomes: Arc<Mutex<Vec<Outcome>>> = Arc::default();
    let running = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let mut workers = Vec::new();
    for worker in 0..4 {
        let (client, token, address, outcomes, running) =
            (client.clone(), token.clone(), address.clone(), outcomes.clone(), running.clone());
        workers.push(tokio::spawn(async move {
            let mut n = 0;
            while running.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let name = format!("停电花园{worker}-{n}");
                let write = worker % 2 == 0;
                let body = if write {
                    json!({ "query": "mutation($input: CreateEstateInput!) { createEstate(input: $input) { estate { code } } }",
                        "variables": { "input": { "communityCode": "340621100001", "name": name, "address": "濉溪县1号",
                            "housingType": "COMMODITY", "serviceMode": "MARKET", "buildings": 1, "households": 10,
                            "privateArea": "1000.00", "managementRoomArea": "10.00" } } })
                } else {
                    json!({ "query": "{ estates(first: 5) { totalCount edges { node { code name } } } }" })
                };
                let response = client.post(format!("{address}/graphql")).bearer_auth(&token).json(&body).send().await;
                let outcome = match response {
                    Err(error) => Outcome::Refused(format!("transport: {error}")),
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let text = response.text().await.unwrap_or_default();
                        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                        match value["errors"][0]["extensions"]["code"].as_str() {
                            None if status == 200 && write => Outcome::Written(name),
                            None if status == 200 => Outcome::Read,
                            code => Outcome::Refused(format!("{status} {} {text}", code.unwrap_or("-"))),
                        }
                    }
                };
                outcomes.lock().unwrap().push(outcome);
            }
        }));
    }

    let count = |label: &str| {
        let outcomes = outcomes.lock().unwrap();
        let refused = outcomes.iter().filter(|o| matches!(o, Outcome::Refused(_))).count();
        eprintln!("{label}: {} requests, {refused} refused", outcomes.len());
        outcomes.len()
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = count("before the outage");
    tokio::task::block_in_place(|| cluster.stop());
    tokio::time::sleep(Duration::from_secs(4)).await;
    let during = count("during the outage");
    tokio::task::block_in_place(|| cluster.start());
    let restarted = Instant::now();
    // The server recovers without a restart: a read succeeds within a few seconds.
    loop {
        let answer = client
            .post(format!("{address}/graphql"))
            .json(&json!({ "query": "{ estates(first: 1) { totalCount } }" }))
            .send()
            .await
            .unwrap();
        let value: Value = answer.json().await.unwrap();
        if value.get("errors").is_none() {
            break;
        }
        assert!(restarted.elapsed() < Duration::from_secs(20), "no recovery: {value}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("recovered {:?} after the restart", restarted.elapsed());
    tokio::time::sleep(Duration::from_secs(2)).await;
    running.store(false, std::sync::atomic::Ordering::SeqCst);
    for worker in workers {
        worker.await.unwrap();
    }
    let after = count("in all");
    let _ = stop.send(());

    let outcomes = outcomes.lock().unwrap().clone();
    assert!(before > 10 && during > before && after > during, "load all along: {before} {during} {after}");
    let refusals: Vec<&String> =
        outcomes.iter().filter_map(|o| if let Outcome::Refused(why) = o { Some(why) } else { None }).collect();
    assert!(!refusals.is_empty(), "the outage was felt");
    for why in &refusals {
        assert!(why.contains(" UNAVAILABLE ") || why.contains(" TIMEOUT "), "a clear code, not {why}");
        for leak in ["sqlx", "sqlstate", "postgres", "connection refused", "panicked", "internal"] {
            assert!(!why.to_lowercase().contains(leak), "{leak} in {why}");
        }
    }
    let written: Vec<&String> =
        outcomes.iter().filter_map(|o| if let Outcome::Written(name) = o { Some(name) } else { None }).collect();
    assert!(written.len() > 5, "writes went through before and after");

    // Every write that answered success is there, with its audit event, and the chain holds.
    let db = api::db::connect(&url, Some(8)).await.unwrap();
    for name in &written {
        let row = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT COUNT(*) AS n FROM estate WHERE name = $1",
                [name.as_str().into()],
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1, "{name} is in the database");
    }
    let estates: i64 = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT COUNT(*) AS n FROM estate",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    let created: i64 = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT COUNT(*) AS n FROM audit_event WHERE action = 'createEstate'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(estates, created, "every estate has its audit event, and no event lacks its estate");
    let check = api::service::audit::verify_chain(&db).await.unwrap();
    assert!(matches!(check, api::service::audit::ChainCheck::Intact(_)), "{check:?}");
}
