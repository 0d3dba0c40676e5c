//! What a cached answer depends on (README, "Speed"): the tables it read. A write changes the version of the tables
//! it wrote, in its own transaction; an answer that read none of them keeps its cached copy and its ETag, and one
//! that read any of them is answered afresh with a new ETag at once.

use crate::helpers::*;
use api::touched;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const RECEIVE: &str =
    "mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { complaint { id } } }";
const RENAME: &str = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name } } }";
const ENTERPRISES: &str = "{ enterprises(first: 3) { nodes { creditCode name } } }";
const STATISTICS: &str = "{ complaintStatistics(groupBy: [CATEGORY]) { total { count } } }";

/// GETs `query` as the public, with `If-None-Match: etag` when given: the status, the ETag and the body.
async fn get(app: &TestApp, query: &str, etag: Option<&str>) -> (u16, String, Option<Value>) {
    let mut request = app.client.get(app.graphql_url()).query(&[("query", query)]);
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let tag = response.headers().get("etag").and_then(|v| v.to_str().ok()).expect("an ETag").to_owned();
    (status, tag, response.json().await.ok())
}

/// An estate page of the demo county, and the estate's id, version and community code.
async fn estate_page(app: &TestApp) -> (String, Value) {
    let data = app
        .data(
            "{ estates(first: 1, orderBy: {field: CODE}) { nodes { id code version community { code } } } }",
            json!({}),
        )
        .await;
    let estate = data["estates"]["nodes"][0].clone();
    let page = format!(
        "{{ estate(code: \"{}\") {{ code name households community {{ name town {{ name }} }} }} }}",
        estate["code"].as_str().unwrap()
    );
    (page, estate)
}

#[tokio::test]
async fn a_write_changes_only_the_answers_that_read_what_it_wrote() {
    let app = spawn_app().await;
    let (page, estate) = estate_page(&app).await;
    let (_, page_tag, _) = get(&app, &page, None).await;
    let (_, enterprises_tag, _) = get(&app, ENTERPRISES, None).await;
    let (_, statistics_tag, statistics) = get(&app, STATISTICS, None).await;

    // A complaint filed: the estate page read no complaint, so its tag still holds (a 304 for the one statement of
    // the versions), and the statistics are answered afresh.
    let community = token("community", estate["community"]["code"].clone(), "community-officer");
    let complaint = json!({ "input": { "channel": "HOTLINE_12345", "ticketNumber": "DEP-1", "category": "SERVICE_QUALITY",
        "estateId": estate["id"], "summary": "楼道灯坏了一周", "complainantName": "测试甲", "complainantPhone": "13900001234" } });
    app.data_as(&community, RECEIVE, complaint).await;
    let before = app.statements();
    let (status, tag, _) = get(&app, &page, Some(&page_tag)).await;
    assert_eq!((status, tag.as_str()), (304, page_tag.as_str()), "a complaint leaves the estate page as it was");
    assert_eq!(app.statements() - before, 1, "revalidated from the cache: the versions, nothing else");
    let (status, tag, after) = get(&app, STATISTICS, Some(&statistics_tag)).await;
    assert_eq!(status, 200);
    assert_ne!(tag, statistics_tag, "what read complaints has a new tag at once");
    assert_ne!(after, statistics, "and a new answer");

    // The estate renamed: the page changes at once, tag and answer.
    let rename =
        json!({ "input": { "id": estate["id"], "expectedVersion": estate["version"], "name": "依赖测试新名小区" } });
    app.data_as(&token("county", json!("340621"), "county-officer"), RENAME, rename).await;
    let (status, tag, body) = get(&app, &page, Some(&page_tag)).await;
    assert_eq!(status, 200);
    assert_ne!(tag, page_tag);
    assert_eq!(body.unwrap()["data"]["estate"]["name"], "依赖测试新名小区");
    // The register of enterprises read neither: still served as it was, with its tag.
    let (status, tag, _) = get(&app, ENTERPRISES, Some(&enterprises_tag)).await;
    assert_eq!((status, tag), (304, enterprises_tag));
}

/// Every table a write changes gets its new version from an audit event after it, in its transaction: the demo data
/// set, which performs every audited action, leaves no write unrecorded, and the versions are kept table by table.
#[tokio::test]
async fn every_write_of_the_demo_is_recorded_by_an_audit_after_it() {
    let app = spawn_app_with(Data::Empty).await;
    let mut db = app.db.clone();
    db.set_metric_callback(|info| touched::note(&info.statement.sql));
    let service = api::service::Service::new(db, api::config::DEMO_AUDIT_SALT);
    let (left, _) = touched::reads_of(async {
        assert!(api::demo::load_if_empty(&service).await.expect("the demo data"));
        touched::take_written().expect("inside the scope")
    })
    .await;
    assert!(left.is_empty(), "written after the last audit of their transaction: {left:?}");
    let versions: Vec<String> = app
        .db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), "SELECT table_name FROM table_version"))
        .await
        .expect("the versions")
        .iter()
        .map(|row| row.try_get_by_index(0).expect("a name"))
        .collect();
    for table in ["estate", "enterprise", "complaint", "service_contract", "fund_ledger_entry", "audit_event"] {
        assert!(versions.contains(&table.to_owned()), "{table} has a version: {versions:?}");
    }
    assert!(!versions.contains(&"*".to_owned()), "no write of unknown tables: {versions:?}");
}
