//! Hazard reports through the API: reported by the estate's committee, its community or the enterprise serving it;
//! acknowledged, referred and closed by the town, every wrong actor refused and nothing written; staff only
//! everywhere (node, list, change feed); the public's statistics suppress small cells and total only what they show.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::lifecycle::{days, days_ago, refused};
use serde_json::{Value, json};

const REPORT: &str = "mutation($input: ReportHazardInput!) { reportHazard(input: $input) {
    hazardReport { id version status reporter reporterEnterprise { creditCode } category reportedOn } } }";
const ACKNOWLEDGE: &str = "mutation($input: AcknowledgeHazardReportInput!) { acknowledgeHazardReport(input: $input) {
    hazardReport { id version status acknowledgedOn } } }";
const REFER: &str = "mutation($input: ReferHazardReportInput!) { referHazardReport(input: $input) {
    hazardReport { id version status department departmentName referredOn } } }";
const CLOSE: &str = "mutation($input: CloseHazardReportInput!) { closeHazardReport(input: $input) {
    hazardReport { id version status closedOn outcome } } }";
const STATISTICS: &str = "query($groupBy: [HazardGrouping!]!, $filter: HazardStatisticsFilter) {
    hazardStatistics(groupBy: $groupBy, filter: $filter) { suppressedCells minimumCellSize
      rows { town { code } category suppressed count referred closed } total { count referred closed } } }";

/// An estate of 韩村镇 (every one has a committee) served by an enterprise.
struct Watched {
    id: Value,
    code: String,
    community: String,
    town: String,
    enterprise: String,
}

async fn watched(app: &TestApp, town: &str) -> Watched {
    let data = app
        .data(
            "query($town: String!) { estates(first: 50, filter: {townCode: $town}) { edges { node {
                id code community { code } enterprise { creditCode } activeCommittee { kind } } } } }",
            json!({ "town": town }),
        )
        .await;
    let estate = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|e| e["enterprise"]["creditCode"].is_string() && !e["activeCommittee"].is_null())
        .expect("an estate with a committee and an enterprise");
    let community = estate["community"]["code"].as_str().unwrap().to_owned();
    Watched {
        id: estate["id"].clone(),
        code: estate["code"].as_str().unwrap().to_owned(),
        town: community[..9].to_owned(),
        community,
        enterprise: estate["enterprise"]["creditCode"].as_str().unwrap().to_owned(),
    }
}

fn report_input(estate: &Watched, category: &str, on: &str) -> Value {
    json!({ "input": { "estateId": estate.id, "category": category, "location": "3号楼顶层",
        "actionTaken": "已劝阻并拍照留证", "description": "302室业主张某在屋顶私自搭建彩钢房", "reportedOn": on } })
}

#[tokio::test]
async fn a_report_is_filed_acknowledged_referred_and_closed_by_the_right_actors_only() {
    let app = spawn_app().await;
    let estate = watched(&app, "340621101").await;
    let input = report_input(&estate, "ILLEGAL_CONSTRUCTION", &days(0));
    let town = token("town", json!(estate.town), "town-officer");
    for actor in [&town, &token("committee", json!("XQ3406210001"), "other"), &token("county", json!("340621"), "c")] {
        refused(&app, actor, (REPORT, input.clone()), "FORBIDDEN", None, "hazard_report").await;
    }
    let mut blank = input.clone();
    blank["input"]["actionTaken"] = json!(" ");
    let committee = token("committee", json!(estate.code), "committee");
    refused(&app, &committee, (REPORT, blank), "BAD_USER_INPUT", Some("required"), "hazard_report").await;
    let filed = app.data_as(&committee, REPORT, input.clone()).await["reportHazard"]["hazardReport"].clone();
    assert_eq!((filed["status"].clone(), filed["reporter"].clone()), (json!("REPORTED"), json!("COMMITTEE")));
    let enterprise = token("enterprise", json!(estate.enterprise), "enterprise-staff");
    let by_enterprise = app.data_as(&enterprise, REPORT, input.clone()).await["reportHazard"]["hazardReport"].clone();
    assert_eq!(by_enterprise["reporterEnterprise"]["creditCode"], estate.enterprise.as_str());
    let community = token("community", json!(estate.community), "officer");
    assert_eq!(app.data_as(&community, REPORT, input).await["reportHazard"]["hazardReport"]["reporter"], "COMMUNITY");

    // Staff only: the public reads nothing of it, not even through the change feed.
    let id = filed["id"].clone();
    let read = "query($id: ID!) { node(id: $id) { ... on HazardReport { description } } }";
    assert!(app.data(read, json!({ "id": id })).await["node"].is_null());
    assert!(app.data_as(&token("town", json!("340621100"), "t"), read, json!({ "id": id })).await["node"].is_null());
    assert_eq!(
        app.data_as(&town, read, json!({ "id": id })).await["node"]["description"],
        "302室业主张某在屋顶私自搭建彩钢房"
    );
    let listed = app.data("{ hazardReports(first: 100) { totalCount edges { node { id } } } }", json!({})).await;
    assert_eq!(listed["hazardReports"]["totalCount"], 0);
    let feed =
        app.data("{ changes(first: 100, entityTypes: [HazardReport]) { edges { node { action } } } }", json!({})).await;
    assert!(feed["changes"]["edges"].as_array().unwrap().is_empty(), "{feed}");

    // The town's steps, in order, by the town only.
    let step = |version: i64| json!({ "input": { "id": id, "expectedVersion": version } });
    let close = |version: i64| json!({ "input": { "id": id, "expectedVersion": version, "outcome": "已拆除" } });
    refused(&app, &town, (CLOSE, close(1)), "INVALID_STATE", None, "hazard_report").await;
    for actor in [&committee, &community, &enterprise, &token("town", json!("340621100"), "t")] {
        refused(&app, actor, (ACKNOWLEDGE, step(1)), "FORBIDDEN", None, "hazard_report").await;
    }
    let acknowledged =
        app.data_as(&town, ACKNOWLEDGE, step(1)).await["acknowledgeHazardReport"]["hazardReport"].clone();
    assert_eq!(
        (acknowledged["status"].clone(), acknowledged["acknowledgedOn"].clone()),
        (json!("ACKNOWLEDGED"), json!(days(0)))
    );
    refused(&app, &town, (ACKNOWLEDGE, step(2)), "INVALID_STATE", None, "hazard_report").await;
    let refer = json!({ "input": { "id": id, "expectedVersion": 2, "department": "URBAN_MANAGEMENT",
        "departmentName": "濉溪县城市管理行政执法局", "note": "请依法拆除" } });
    let mut stale = refer.clone();
    stale["input"]["expectedVersion"] = json!(1);
    refused(&app, &town, (REFER, stale), "CONFLICT", None, "hazard_report").await;
    let referred = app.data_as(&town, REFER, refer).await["referHazardReport"]["hazardReport"].clone();
    assert_eq!(
        (referred["status"].clone(), referred["department"].clone()),
        (json!("REFERRED"), json!("URBAN_MANAGEMENT"))
    );
    let closed = app.data_as(&town, CLOSE, close(3)).await["closeHazardReport"]["hazardReport"].clone();
    assert_eq!((closed["status"].clone(), closed["outcome"].clone()), (json!("CLOSED"), json!("已拆除")));
}

#[tokio::test]
async fn statistics_suppress_small_cells_and_give_nothing_back_by_subtraction() {
    let app = spawn_app().await;
    // Today holds no demo report: three in one town, one in another.
    let (many, few) = (watched(&app, "340621101").await, watched(&app, "340621100").await);
    for (estate, n) in [(&many, 3), (&few, 1)] {
        let committee = token("committee", json!(estate.code), "committee");
        for _ in 0..n {
            app.data_as(&committee, REPORT, report_input(estate, "FIRE_LANE_BLOCKED", &days(0))).await;
        }
    }
    let today = json!({ "from": days(0), "to": days(0) });
    let stats = app.data(STATISTICS, json!({ "groupBy": ["TOWN"], "filter": today })).await["hazardStatistics"].clone();
    assert_eq!(stats["minimumCellSize"], 3);
    assert_eq!(stats["suppressedCells"], 1);
    let rows = stats["rows"].as_array().unwrap();
    let row = |town: &str| rows.iter().find(|r| r["town"]["code"] == town).unwrap().clone();
    assert_eq!(row("340621101")["count"], 3);
    let small = row("340621100");
    assert_eq!(small["suppressed"], true);
    assert!(small["count"].is_null() && small["referred"].is_null() && small["closed"].is_null(), "{small}");
    // The total is the shown cells' alone: subtracting them from it leaves nothing.
    assert_eq!(stats["total"]["count"], 3);
    let shown: u64 = rows.iter().filter_map(|r| r["count"].as_u64()).sum();
    assert_eq!(stats["total"]["count"].as_u64().unwrap() - shown, 0);
    // Grouped twice by the same thing is refused.
    let response = app.post(STATISTICS, json!({ "groupBy": ["TOWN", "TOWN"] })).await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"]);
    // The demo's year of reports, by town and month, is the downloadable dataset.
    let year = app.data(STATISTICS, json!({ "groupBy": ["TOWN", "MONTH"], "filter": { "to": days_ago(1) } })).await;
    assert!(year["hazardStatistics"]["rows"].as_array().unwrap().iter().any(|r| r["suppressed"] == false), "{year}");
    let csv = app.client.get(format!("{}/data/hazard-statistics.csv", app.address)).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(!csv.text().await.unwrap().contains("彩钢房"), "no report's text");
}
