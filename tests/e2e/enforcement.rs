//! Enforcement cases through the API: opened and decided by the county only, staff-only until published (the
//! enterprise reads its own decision), public and downloadable once published; a decision not published within 7
//! working days is overdue and counted in the compliance overview, which also counts the rest of supervision.

use crate::helpers::{TestApp, spawn_app, token};
use crate::lifecycle::{days_ago, refused};
use serde_json::{Value, json};

const OPEN: &str = "mutation($input: OpenEnforcementCaseInput!) { openEnforcementCase(input: $input) {
    enforcementCase { id version number status origin estates { code } enterprise { creditCode } } } }";
const DECIDE: &str = "mutation($input: DecideEnforcementCaseInput!) { decideEnforcementCase(input: $input) {
    enforcementCase { id version status decision fine decisionNumber decidedOn publicationDueOn isPublicationOverdue } } }";
const PUBLISH: &str = "mutation($input: PublishEnforcementCaseInput!) { publishEnforcementCase(input: $input) {
    enforcementCase { id version status publishedOn publishedLate } } }";
const READ: &str = "query($id: ID!) { node(id: $id) { ... on EnforcementCase { status decision } } }";

/// An estate of 濉溪镇 served by an enterprise: its id, code and the enterprise's id and credit code.
async fn target(app: &TestApp) -> (Value, String, Value, String) {
    let data = app
        .data(
            "{ estates(first: 50, filter: {townCode: \"340621100\", serviceMode: MARKET}) { edges { node {
                id code enterprise { id creditCode } } } } }",
            json!({}),
        )
        .await;
    let e = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|e| !e["enterprise"].is_null())
        .unwrap()
        .clone();
    (
        e["id"].clone(),
        e["code"].as_str().unwrap().into(),
        e["enterprise"]["id"].clone(),
        e["enterprise"]["creditCode"].as_str().unwrap().into(),
    )
}

#[tokio::test]
async fn a_case_is_staff_only_until_its_decision_is_published_and_only_the_county_moves_it() {
    let app = spawn_app().await;
    let (estate, code, enterprise_id, credit_code) = target(&app).await;
    let open = json!({ "input": { "enterpriseId": enterprise_id, "estateIds": [estate], "facts": "挪用公共收益",
        "legalBasis": "《物业管理条例》第六十三条", "openedOn": days_ago(30) } });
    let enterprise = token("enterprise", json!(credit_code), "enterprise-staff");
    for actor in [&token("town", json!("340621100"), "t"), &token("community", json!("340621100001"), "c"), &enterprise]
    {
        refused(&app, actor, (OPEN, open.clone()), "FORBIDDEN", None, "enforcement_case").await;
    }
    let mut none = open.clone();
    none["input"]["estateIds"] = json!([]);
    let county = token("county", json!("340621"), "enforcement-officer");
    refused(&app, &county, (OPEN, none), "BAD_USER_INPUT", Some("estate-count"), "enforcement_case").await;
    let case = app.data_as(&county, OPEN, open).await["openEnforcementCase"]["enforcementCase"].clone();
    assert_eq!((case["status"].clone(), case["origin"].clone()), (json!("OPEN"), json!("DIRECT")));
    assert_eq!(case["estates"], json!([{ "code": code }]));
    let id = case["id"].clone();

    // Under investigation: the county only.
    assert!(app.data(READ, json!({ "id": id })).await["node"].is_null());
    assert!(app.data_as(&enterprise, READ, json!({ "id": id })).await["node"].is_null());
    let public_list = "{ enforcementCases(first: 100) { edges { node { id status } } } }";
    let listed =
        |data: Value| data["enforcementCases"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == id);
    assert!(!listed(app.data(public_list, json!({})).await));
    assert!(listed(app.data_as(&county, public_list, json!({})).await));

    let decide = |decision: &str, fine: Value| {
        json!({ "input": { "id": id, "expectedVersion": 1, "decision": decision,
        "fine": fine, "decisionNumber": "濉住建罚〔2026〕7号", "summary": "罚款人民币伍千元", "decidedOn": days_ago(20) } })
    };
    refused(
        &app,
        &county,
        (DECIDE, decide("FINE", Value::Null)),
        "BAD_USER_INPUT",
        Some("fine-amount"),
        "enforcement_case",
    )
    .await;
    refused(
        &app,
        &county,
        (DECIDE, decide("WARNING", json!("100.00"))),
        "BAD_USER_INPUT",
        Some("fine-only"),
        "enforcement_case",
    )
    .await;
    refused(&app, &enterprise, (DECIDE, decide("FINE", json!("5000.00"))), "FORBIDDEN", None, "enforcement_case").await;
    let decided = app.data_as(&county, DECIDE, decide("FINE", json!("5000.00"))).await["decideEnforcementCase"]["enforcementCase"].clone();
    assert_eq!((decided["status"].clone(), decided["fine"].clone()), (json!("DECIDED"), json!("5000.00")));
    // Decided 20 days ago and unpublished: past its 7 working days.
    assert_eq!(decided["isPublicationOverdue"], true);
    assert!(decided["publicationDueOn"].as_str().unwrap() < days_ago(0).as_str());

    // The enterprise reads its decision; the public does not yet.
    assert_eq!(app.data_as(&enterprise, READ, json!({ "id": id })).await["node"]["decision"], "FINE");
    assert!(app.data(READ, json!({ "id": id })).await["node"].is_null());
    let overview = "{ complianceOverview { total { enforcementDecisionsPublishedLate { count } } } }";
    let late = |data: Value| {
        data["complianceOverview"]["total"]["enforcementDecisionsPublishedLate"]["count"].as_u64().unwrap()
    };
    let before = late(app.data(overview, json!({})).await);

    let publish = json!({ "input": { "id": id, "expectedVersion": 2 } });
    refused(
        &app,
        &token("town", json!("340621100"), "t"),
        (PUBLISH, publish.clone()),
        "FORBIDDEN",
        None,
        "enforcement_case",
    )
    .await;
    let published =
        app.data_as(&county, PUBLISH, publish.clone()).await["publishEnforcementCase"]["enforcementCase"].clone();
    assert_eq!((published["status"].clone(), published["publishedLate"].clone()), (json!("PUBLISHED"), json!(true)));
    refused(
        &app,
        &county,
        (PUBLISH, json!({ "input": { "id": id, "expectedVersion": 3 } })),
        "INVALID_STATE",
        None,
        "enforcement_case",
    )
    .await;
    // Published late, it stays counted as not published in time.
    assert_eq!(late(app.data(overview, json!({})).await), before);

    // Public now: the list, the enterprise's page of decisions, the download.
    assert!(listed(app.data(public_list, json!({})).await));
    let on_enterprise = app
        .data(
            "query($code: String!) { enterprise(creditCode: $code) { enforcementCases { id fine } } }",
            json!({ "code": credit_code }),
        )
        .await;
    assert!(on_enterprise["enterprise"]["enforcementCases"].as_array().unwrap().iter().any(|c| c["id"] == id));
    let csv = app
        .client
        .get(format!("{}/data/enforcement-cases.csv", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("濉住建罚〔2026〕7号"));
    let page =
        app.client.get(format!("{}/enterprise/{credit_code}", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("濉住建罚〔2026〕7号"), "the enterprise's page lists the decision");
}

#[tokio::test]
async fn the_overview_counts_supervision_from_the_public_lists() {
    let app = spawn_app().await;
    let query = "{ complianceOverview { asOf total { estates { count } estatesInspectedRecently { count outOf }
        rectificationNoticesOpen { count } rectificationNoticesOverdue { count } hazardReportsOpenOver30Days { count }
        enforcementDecisionsPublishedLate { count } }
        towns { town { code } rectificationNoticesOverdue { count } estatesInspectedRecently { count } } } }";
    let overview = app.data(query, json!({})).await["complianceOverview"].clone();
    let total = &overview["total"];
    // Recounted from the public lists.
    let count_of = |filter: Value| {
        let app = &app;
        async move {
            let data = app
                .data("query($filter: RectificationNoticeFilter) { rectificationNotices(filter: $filter) { totalCount } }", json!({ "filter": filter }))
                .await;
            data["rectificationNotices"]["totalCount"].as_u64().unwrap()
        }
    };
    assert_eq!(
        total["rectificationNoticesOverdue"]["count"].as_u64().unwrap(),
        count_of(json!({ "overdue": true })).await
    );
    let open = count_of(json!({ "status": "ISSUED" })).await
        + count_of(json!({ "status": "REPORTED" })).await
        + count_of(json!({ "status": "REOPENED" })).await;
    assert_eq!(total["rectificationNoticesOpen"]["count"].as_u64().unwrap(), open);
    assert!(total["rectificationNoticesOverdue"]["count"].as_u64().unwrap() > 0, "the demo has overdue notices");
    let as_of: chrono::NaiveDate = overview["asOf"].as_str().unwrap().parse().unwrap();
    let since = as_of.checked_sub_months(chrono::Months::new(3)).unwrap().succ_opt().unwrap();
    let inspections = crate::helpers::walk(
        &app,
        None,
        "query($after: String, $from: Date, $to: Date) { inspections(first: 100, after: $after, filter: {from: $from, to: $to}) {
            edges { node { estate { code } } } pageInfo { hasNextPage endCursor } } }",
        json!({ "from": since.to_string(), "to": as_of.to_string() }),
        "inspections",
    )
    .await;
    let estates: std::collections::HashSet<&str> =
        inspections.iter().map(|i| i["estate"]["code"].as_str().unwrap()).collect();
    assert_eq!(total["estatesInspectedRecently"]["count"].as_u64().unwrap(), estates.len() as u64);
    assert_eq!(total["estatesInspectedRecently"]["outOf"], total["estates"]["count"]);
    // The demo's warning was published late; its report referred months ago is still open.
    assert!(total["enforcementDecisionsPublishedLate"]["count"].as_u64().unwrap() >= 1);
    assert!(total["hazardReportsOpenOver30Days"]["count"].as_u64().unwrap() >= 1);
    let by_town: u64 = overview["towns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rectificationNoticesOverdue"]["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_town, total["rectificationNoticesOverdue"]["count"].as_u64().unwrap());
}
