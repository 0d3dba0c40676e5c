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
