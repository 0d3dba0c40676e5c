//! Faults survived: a request past its deadline is cancelled with TIMEOUT and leaves nothing behind.

use crate::disclosures::writes;
use crate::helpers::{Data, error_codes, spawn_app_configured, token};
use crate::lifecycle::rows;
use sea_orm::{ConnectionTrait, DbBackend, SqliteTransactionMode, TransactionOptions, TransactionTrait};
use serde_json::json;
use std::time::{Duration, Instant};

/// A write that cannot finish in time (another transaction holds the lock it needs) is cancelled at the 1-second
/// deadline with TIMEOUT; once the lock is gone, neither its row nor an audit event is there, and the next write
/// goes through.
#[tokio::test]
async fn a_request_past_its_deadline_is_cancelled_and_leaves_no_row() {
    let app = spawn_app_configured(Data::Demo, |s| s.request_timeout_seconds = 1).await;
    let town = token("town", json!("340621100"), "town-officer");
    let create = "mutation($input: CreateEstateInput!) { createEstate(input: $input) { estate { code } } }";
    let input = json!({ "input": { "communityCode": "340621100001", "name": "迟到花园", "address": "濉溪县1号",
        "housingType": "COMMODITY", "serviceMode": "MARKET", "buildings": 1, "households": 10,
        "privateArea": "1000.00", "managementRoomArea": "10.00" } });
    let (estates, events) = (rows(&app, "estate").await, writes(&app).await);

    // Hold the lock every write needs: SQLite's write lock, or PostgreSQL's audit chain head.
    let lock = match app.db.get_database_backend() {
        DbBackend::Sqlite => {
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            };
            app.db.begin_with_options(options).await.unwrap()
        }
        _ => {
            let txn = app.db.begin().await.unwrap();
            txn.execute_unprepared("SELECT * FROM audit_chain_head FOR UPDATE").await.unwrap();
            txn
        }
    };
    let started = Instant::now();
    let (status, response) = app.post_as(&town, create, input.clone()).await;
    let waited = started.elapsed();
    assert_eq!(error_codes(&response), ["TIMEOUT"], "{response:#}");
    assert_eq!(status, 503);
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(4), "{waited:?}");
    lock.rollback().await.unwrap();

    // Whatever the cancelled request had begun is rolled back.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(rows(&app, "estate").await, estates, "no row");
    assert_eq!(writes(&app).await, events, "no audit event");
    let (_, again) = app.post_as(&town, create, input).await;
    assert!(again.get("errors").is_none(), "the next write goes through: {again:#}");
    assert_eq!(rows(&app, "estate").await, estates + 1);
}

/// Shut down under load: every write in flight either completes (and answers success) or leaves nothing; every
/// estate written has its audit event and the chain holds.
#[tokio::test]
async fn a_shutdown_under_load_completes_or_rolls_back_every_write_in_flight() {
    let mut app = crate::helpers::spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let before = rows(&app, "estate").await;
    let create = "mutation($input: CreateEstateInput!) { createEstate(input: $input) { estate { code } } }";
    let mut writers = Vec::new();
    for worker in 0..6 {
        let (client, url, town) = (app.client.clone(), app.graphql_url(), town.clone());
        writers.push(tokio::spawn(async move {
            let mut written = Vec::new();
            for n in 0..400 {
                let name = format!("收尾花园{worker}-{n}");
                let input = json!({ "input": { "communityCode": "340621100001", "name": name, "address": "濉溪县1号",
                    "housingType": "COMMODITY", "serviceMode": "MARKET", "buildings": 1, "households": 10,
                    "privateArea": "1000.00", "managementRoomArea": "10.00" } });
                let sent = client
                    .post(&url)
                    .bearer_auth(&town)
                    .json(&json!({ "query": create, "variables": input }))
                    .send()
                    .await;
                let Ok(response) = sent else { break };
                let Ok(body) = response.json::<serde_json::Value>().await else { break };
                if body.get("errors").is_none() {
                    written.push(name);
                }
            }
            written
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    app.shut_down();
    let mut written = Vec::new();
    for writer in writers {
        written.extend(writer.await.unwrap());
    }
    assert!(!written.is_empty(), "writes went through before the shutdown");
    let estates = rows(&app, "estate").await;
    assert_eq!(estates - before, written.len() as i64, "exactly the writes that answered success are there");
    let events =
        crate::lifecycle::count(&app, "SELECT COUNT(*) AS n FROM audit_event WHERE action = 'createEstate'").await;
    let estates_created = crate::lifecycle::count(&app, "SELECT COUNT(*) AS n FROM estate").await;
    assert_eq!(events, estates_created, "every estate has its audit event");
    let check = api::service::audit::verify_chain(&app.db).await.unwrap();
    assert!(matches!(check, api::service::audit::ChainCheck::Intact(_)), "{check:?}");
}

/// The largest version a client can send is refused as stale, not overflowed (the fuzzer found it).
#[tokio::test]
async fn the_largest_expected_version_is_a_conflict() {
    let app = crate::helpers::spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let estate = app.data("{ estate(code: \"XQ3406210001\") { id } }", json!({})).await;
    let update = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name } } }";
    let input = json!({ "input": { "id": estate["estate"]["id"], "expectedVersion": i32::MAX, "name": "x" } });
    let (status, response) = app.post_as(&town, update, input).await;
    assert_eq!((status, error_codes(&response)), (200, vec!["CONFLICT".to_owned()]), "{response:#}");
}
