//! The audit trail: concurrent writers never lose an update nor fork the chain; `wuye audit verify` passes on a
//! changed database and finds a row tampered with by hand; the public change feed tells what changed, when, by
//! which role and why — and nothing personal.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::mutations::valid_management_members;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const UPDATE: &str = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name version } } }";

async fn some_estate(app: &TestApp) -> Value {
    let data = app
        .data("{ estates(first: 1, filter: {townCode: \"340621100\"}) { edges { node { id version } } } }", json!({}))
        .await;
    data["estates"]["edges"][0]["node"].clone()
}

/// Runs a `wuye` command against the app's database, as an operator would.
pub fn run_cli(app: &TestApp, args: &[&str]) -> anyhow::Result<()> {
    use clap::Parser;
    let mut argv = vec!["wuye"];
    argv.extend_from_slice(args);
    argv.extend_from_slice(&["--database-url", &app.database_url]);
    let cli = api::cli::Cli::parse_from(argv);
    std::thread::scope(|s| {
        s.spawn(|| tokio::runtime::Runtime::new().unwrap().block_on(api::cli::run(cli))).join().unwrap()
    })
}

/// Two updates of one estate sent at once with the same version: exactly one wins, the other gets CONFLICT.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_updates_of_one_version_let_exactly_one_win() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let id = some_estate(&app).await["id"].clone();
    let read = || app.data("query($id: ID!) { node(id: $id) { ... on Estate { id version } } }", json!({ "id": id }));
    for round in 0..5 {
        let estate = read().await["node"].clone();
        let input =
            |name: &str| json!({ "input": { "id": estate["id"], "expectedVersion": estate["version"], "name": name } });
        let (a, b) = tokio::join!(
            app.post_as(&town, UPDATE, input(&format!("甲{round}"))),
            app.post_as(&town, UPDATE, input(&format!("乙{round}")))
        );
        let outcomes: Vec<Vec<String>> = [&a.1, &b.1].iter().map(|r| error_codes(r)).collect();
        let wins = outcomes.iter().filter(|codes| codes.is_empty()).count();
        assert_eq!(wins, 1, "round {round}: {a:?} {b:?}");
        assert!(outcomes.iter().any(|codes| codes == &["CONFLICT"]), "round {round}: {outcomes:?}");
        let after = read().await["node"].clone();
        assert_eq!(after["version"], estate["version"].as_i64().unwrap() + 1);
    }
    run_cli(&app, &["audit", "verify"]).expect("concurrent writers kept one chain");
}

/// The chain verifies after a series of changes, the database refuses to edit it, and a row edited by hand with
/// the guard removed is found.
#[tokio::test]
async fn audit_verify_passes_then_finds_a_tampered_row() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    for i in 0..3 {
        let estate = some_estate(&app).await;
        let input = json!({ "input": { "id": estate["id"], "expectedVersion": estate["version"], "name": format!("小区{i}") } });
        app.data_as(&town, UPDATE, input).await;
    }
    run_cli(&app, &["audit", "verify"]).expect("an intact chain");

    let refused = app.db.execute_unprepared("UPDATE audit_event SET reason = 'x' WHERE seq = 2").await;
    assert!(refused.is_err(), "the database refuses to change an audit event");
    let refused = app.db.execute_unprepared("DELETE FROM audit_event WHERE seq = 3").await;
    assert!(refused.is_err(), "the database refuses to remove an audit event");

    // By hand, with the guard taken off: what a DBA could do.
    let disable = match app.db.get_database_backend() {
        sea_orm::DbBackend::Postgres => vec!["ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"],
        _ => vec!["DROP TRIGGER audit_event_no_update"],
    };
    for statement in disable {
        app.db.execute_unprepared(statement).await.unwrap();
    }
    app.db.execute_unprepared("UPDATE audit_event SET reason = 'edited' WHERE seq = 2").await.unwrap();
    let error = run_cli(&app, &["audit", "verify"]).expect_err("a tampered chain");
    assert!(error.to_string().contains("event 2"), "{error}");
}

/// The public change feed shows public changes with role and reason, never subjects or personal data; staff see
/// full events in their scope only.
#[tokio::test]
async fn the_change_feed_is_public_and_impersonal() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer-42");
    let data = app
        .data("{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { id activeCommittee { id } } } } }", json!({}))
        .await;
    let estate = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .find(|e| e["activeCommittee"].is_null())
        .unwrap();
    app.data_as(
        &town,
        "mutation($input: FormManagementCommitteeInput!) { formManagementCommittee(input: $input) { committee { id version } } }",
        json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": valid_management_members() } }),
    )
    .await;
    let feed = app
        .data(
            "{ changes(first: 10) { totalCount edges { node { occurredAt role action entityType entityId reason changes { field before after } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(feed["changes"]["totalCount"], 1);
    let change = &feed["changes"]["edges"][0]["node"];
    assert_eq!(change["role"], "town");
    assert_eq!(change["action"], "formManagementCommittee");
    assert_eq!(change["entityType"], "Committee");
    let text = feed.to_string();
    assert!(!text.contains("town-officer-42"), "the feed never names the subject");
    assert!(!text.contains("13900000000") && !text.contains("digest"), "no phone, not even digested: {text}");
    let fields: Vec<&str> =
        change["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"members") && fields.contains(&"kind"));

    // Staff of the town see the whole event, with phones only as digests; staff of another town see none of it.
    let events = app.data_as(&town, "{ auditEvents { totalCount edges { node { subject after } } } }", json!({})).await;
    assert_eq!(events["auditEvents"]["totalCount"], 1);
    let event = events["auditEvents"]["edges"][0]["node"].to_string();
    assert!(event.contains("town-officer-42") && event.contains("digest") && !event.contains("13900000000"));
    let elsewhere = token("town", json!("340621101"), "elsewhere");
    let none = app.data_as(&elsewhere, "{ auditEvents { totalCount } }", json!({})).await;
    assert_eq!(none["auditEvents"]["totalCount"], 0);
    let public = app.post("{ auditEvents { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&public), ["UNAUTHENTICATED"]);
}
