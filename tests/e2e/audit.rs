//! The audit trail: concurrent writers never lose an update nor fork the chain; `wuye audit verify` passes on a
//! changed database and finds a row tampered with by hand; the public change feed tells what changed, when, by
//! which role and why — and nothing personal.

use crate::helpers::{TestApp, error_codes, run_cli, spawn_app, token, walk};
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
    let elsewhere = token("town", json!("340621101"), "elsewhere");
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
    let total = |token: Option<String>, query: &'static str, field: &'static str| {
        let app = &app;
        async move {
            let data = match token {
                Some(token) => app.data_as(&token, query, json!({})).await,
                None => app.data(query, json!({})).await,
            };
            data[field]["totalCount"].as_i64().unwrap()
        }
    };
    let changes_before = total(None, "{ changes { totalCount } }", "changes").await;
    let town_before = total(Some(town.clone()), "{ auditEvents { totalCount } }", "auditEvents").await;
    let elsewhere_before = total(Some(elsewhere.clone()), "{ auditEvents { totalCount } }", "auditEvents").await;
    app.data_as(
        &town,
        "mutation($input: FormManagementCommitteeInput!) { formManagementCommittee(input: $input) { committee { id version } } }",
        json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": valid_management_members() } }),
    )
    .await;
    assert_eq!(total(None, "{ changes { totalCount } }", "changes").await, changes_before + 1);
    let feed = walk(
        &app,
        None,
        "query($after: String) { changes(first: 100, after: $after, entityTypes: [Committee]) {
            edges { node { occurredAt role action entityType entityId reason changes { field before after } } }
            pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "changes",
    )
    .await;
    let change = feed.last().unwrap();
    assert_eq!(change["role"], "town");
    assert_eq!(change["action"], "formManagementCommittee");
    assert_eq!(change["entityType"], "Committee");
    let text = serde_json::to_string(&feed).unwrap();
    assert!(!text.contains("town-officer-42"), "the feed never names the subject");
    assert!(!text.contains("13900000000") && !text.contains("digest"), "no phone, not even digested: {text}");
    let fields: Vec<&str> =
        change["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"members") && fields.contains(&"kind"));

    // Staff of the town see the whole event, with phones only as digests; staff of another town see none of it.
    assert_eq!(total(Some(town.clone()), "{ auditEvents { totalCount } }", "auditEvents").await, town_before + 1);
    let events = walk(
        &app,
        Some(&town),
        "query($after: String) { auditEvents(first: 100, after: $after) { edges { node { subject after } }
            pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "auditEvents",
    )
    .await;
    let event = events.last().unwrap().to_string();
    assert!(event.contains("town-officer-42") && event.contains("digest") && !event.contains("13900000000"));
    assert_eq!(total(Some(elsewhere), "{ auditEvents { totalCount } }", "auditEvents").await, elsewhere_before);
    let public = app.post("{ auditEvents { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&public), ["UNAUTHENTICATED"]);
}

/// `changes(entityTypes:)` takes record kinds; a client that sends the kinds as strings in a variable, as before,
/// gets the same answer.
#[tokio::test]
async fn the_change_feed_filters_by_record_kind() {
    let app = spawn_app().await;
    let query = "query($kinds: [RecordKind!]) { changes(first: 100, entityTypes: $kinds) { totalCount
        edges { node { entityType entityId } } } }";
    for kind in ["Committee", "Filing", "Town"] {
        let data = app.data(query, json!({ "kinds": [kind] })).await;
        let edges = data["changes"]["edges"].as_array().unwrap();
        assert!(!edges.is_empty(), "the demo has changes of {kind}");
        assert!(edges.iter().all(|e| e["node"]["entityType"] == kind), "{kind}: {data:#}");
        // Kinds with global ids name the record; a filing has none.
        assert_eq!(edges.iter().all(|e| e["node"]["entityId"].is_string()), kind != "Filing", "{kind}");
    }
    let unknown = app.post(query, json!({ "kinds": ["Secret"] })).await;
    assert_eq!(error_codes(&unknown), ["QUERY_REJECTED"], "{unknown:#}");
}

/// The demo data set goes in through the services, as the system actor (and, for the objections an enterprise
/// lodges, as that enterprise's staff): every record has its audit event with the reason "demo data set", the
/// chain verifies, and rules that guard staff guarded the demo too (a management committee dissolved by an owners'
/// committee's filing has its version raised).
#[tokio::test]
async fn the_demo_data_set_went_in_through_the_front_door() {
    let app = spawn_app().await;
    let county = token("county", json!("340621"), "auditor");
    let events = walk(
        &app,
        Some(&county),
        "query($after: String) { auditEvents(first: 100, after: $after) { edges { node { subject role action reason } }
            pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "auditEvents",
    )
    .await;
    assert!(events.len() > 500, "one event per demo record and change, not {}", events.len());
    for event in &events {
        let by = (event["subject"].as_str().unwrap(), event["role"].as_str().unwrap());
        let staff_of = ["system", "enterprise", "committee"];
        assert!(staff_of.contains(&by.1), "{event}");
        let subject = match by.1 {
            "enterprise" => "demo-enterprise-staff",
            "committee" => "demo-committee",
            _ => "system",
        };
        assert_eq!(by.0, subject, "{event}");
        let reason = event["reason"].as_str().unwrap();
        assert!(reason == "demo data set" || reason.ends_with(" (demo data set)"), "{event}");
    }
    // Every action staff can take, the demo takes at least once: a new action is shown in the demo (and so on
    // the website and in the downloads) or this fails, naming it.
    let actions: std::collections::HashSet<&str> = events.iter().map(|e| e["action"].as_str().unwrap()).collect();
    let never: Vec<&str> =
        api::service::action::Action::ALL.iter().map(|a| a.as_str()).filter(|a| !actions.contains(a)).collect();
    assert!(never.is_empty(), "actions the demo data set never performs: {never:?}");
    run_cli(&app, &["audit", "verify"]).expect("the demo's chain is intact");

    let data = app
        .data(
            "{ estates(first: 100) { edges { node { committees { kind status version dissolutionReason } } } } }",
            json!({}),
        )
        .await;
    let dissolved: Vec<Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["node"]["committees"].as_array().unwrap().clone())
        .filter(|c| c["status"] == "DISSOLVED")
        .collect();
    assert!(!dissolved.is_empty());
    assert!(dissolved.iter().all(|c| c["version"] == 2 && c["dissolutionReason"].is_string()), "{dissolved:#?}");
}
