//! Supervision on the record, through the API: inspections whose withheld findings never reach the public (API,
//! change feed, downloads), and rectification notices walked through every step with every wrong actor refused and
//! nothing written; the credit record for refusing to correct (rule B06) proposed once, on its day, by the sweep and
//! by a server's own schedule.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::lifecycle::{count, days, days_ago, refused};
use api::service::Service;
use chrono::NaiveDate;
use serde_json::{Value, json};

const RECORD: &str = "mutation($input: RecordInspectionInput!) { recordInspection(input: $input) {
    inspection { id version inspectedOn kind inspectingBody inspectingBodyCode inspectingBodyName findingCount
    withheldItemCount items { position item result note public } } } }";
const READ_INSPECTION: &str = "query($id: ID!) { node(id: $id) { ... on Inspection { findingCount withheldItemCount
    items { position item result note public } } } }";
const ISSUE: &str = "mutation($input: IssueRectificationNoticeInput!) { issueRectificationNotice(input: $input) {
    rectificationNotice { id version number status issuer issuerName addressee origin deadline deadlineWorkingDays
    refusalDay isOverdue round items { position item isOpen } enterprise { creditCode } inspection { id } } } }";
const REPORT: &str = "mutation($input: ReportRectificationInput!) { reportRectification(input: $input) {
    rectificationNotice { id version status report reportedOn } } }";
const VERIFY: &str = "mutation($input: VerifyRectificationInput!) { verifyRectification(input: $input) {
    rectificationNotice { id version status round deadline verifiedOn lastFailedOn verificationNote
    items { position isOpen } } } }";
const WITHDRAW: &str =
    "mutation($input: WithdrawRectificationNoticeInput!) { withdrawRectificationNotice(input: $input) {
    rectificationNotice { id version status withdrawnOn withdrawalReason } } }";
const READ_NOTICE: &str = "query($id: ID!) { node(id: $id) { ... on RectificationNotice { status version refusalDay
    creditRecord { status source occurredOn rule { code } } } } }";

/// An estate of 濉溪镇 served by an enterprise, with the codes of where it lies.
struct Served {
    id: Value,
    code: String,
    community: String,
    town: String,
    enterprise: String,
    /// An enterprise that does not serve it.
    outsider: String,
}

async fn served(app: &TestApp) -> Served {
    let data = app
        .data(
            "{ estates(first: 50, filter: {townCode: \"340621100\", serviceMode: MARKET}) { edges { node {
                id code community { code } enterprise { creditCode } } } }
              enterprises(first: 5) { edges { node { creditCode } } } }",
            json!({}),
        )
        .await;
    let estate = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|e| e["enterprise"]["creditCode"].is_string())
        .expect("an estate served by an enterprise");
    let community = estate["community"]["code"].as_str().unwrap().to_owned();
    let outsider = data["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["node"]["creditCode"].as_str())
        .find(|code| *code != estate["enterprise"]["creditCode"])
        .unwrap()
        .to_owned();
    Served {
        outsider,
        id: estate["id"].clone(),
        code: estate["code"].as_str().unwrap().to_owned(),
        town: community[..9].to_owned(),
        community,
        enterprise: estate["enterprise"]["creditCode"].as_str().unwrap().to_owned(),
    }
}

fn inspection_input(estate: &Value) -> Value {
    json!({ "input": { "estateId": estate, "inspectedOn": days_ago(1), "kind": "SAFETY", "items": [
        { "item": "消防设施", "result": "OK" },
        { "item": "监控系统", "result": "FINDING", "note": "监控室门禁失效，机房可随意进入", "public": false },
        { "item": "配电房", "result": "FINDING", "note": "配电房门锁损坏" },
    ] } })
}

#[tokio::test]
async fn a_withheld_finding_reaches_staff_over_the_estate_and_no_one_else() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    let community = token("community", json!(estate.community), "officer");
    let recorded =
        app.data_as(&community, RECORD, inspection_input(&estate.id)).await["recordInspection"]["inspection"].clone();
    assert_eq!(recorded["inspectingBody"], "COMMUNITY");
    assert_eq!(recorded["inspectingBodyCode"], estate.community.as_str());
    assert_eq!((recorded["findingCount"].clone(), recorded["withheldItemCount"].clone()), (json!(2), json!(0)));
    let secret = "监控室门禁失效";

    // The public, and staff of another town, read two items and are told one is withheld.
    let other_town = token("town", json!("340621101"), "elsewhere");
    let public = app.data(READ_INSPECTION, json!({ "id": recorded["id"] })).await;
    let elsewhere = app.data_as(&other_town, READ_INSPECTION, json!({ "id": recorded["id"] })).await;
    for seen in [&public, &elsewhere] {
        let node = &seen["node"];
        assert_eq!(node["items"].as_array().unwrap().len(), 2, "{node}");
        assert_eq!((node["findingCount"].clone(), node["withheldItemCount"].clone()), (json!(1), json!(1)));
        assert!(!node.to_string().contains(secret));
    }
    let town = token("town", json!(estate.town), "town-officer");
    let staff = app.data_as(&town, READ_INSPECTION, json!({ "id": recorded["id"] })).await;
    assert_eq!(staff["node"]["items"][1]["note"], "监控室门禁失效，机房可随意进入");

    // Nor through the estate, the list, the change feed or the download.
    let reads = [
        (
            "query($code: String!) { estate(code: $code) { inspections(first: 100) { items { note } } } }",
            json!({ "code": estate.code }),
        ),
        (
            "query($code: String!) { inspections(first: 100, filter: {estateCode: $code}) { edges { node { items { note } } } } }",
            json!({ "code": estate.code }),
        ),
        (
            "{ changes(first: 100, entityTypes: [Inspection]) { edges { node { changes { field before after } } } } }",
            json!({}),
        ),
    ];
    for (query, variables) in reads {
        let seen = app.data(query, variables).await.to_string();
        assert!(seen.contains("配电房门锁损坏"), "the public finding is there: {seen}");
        assert!(!seen.contains(secret), "{seen}");
    }
    let csv =
        app.client.get(format!("{}/data/inspections.csv", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(csv.contains("配电房门锁损坏") && !csv.contains(secret));
    let page =
        app.client.get(format!("{}/estate/{}", app.address, estate.code)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("配电房门锁损坏") && page.contains("另有1项涉及安全的问题不公开"), "the estate's page");
    assert!(!page.contains(secret));
}

#[tokio::test]
async fn only_supervisors_over_the_estate_record_inspections_and_bad_checklists_write_nothing() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    let input = inspection_input(&estate.id);
    let wrong = [
        token("community", json!("340621101001"), "other-community"),
        token("town", json!("340621101"), "other-town"),
        token("enterprise", json!(estate.enterprise), "enterprise"),
        token("committee", json!(estate.code), "committee"),
    ];
    for actor in &wrong {
        refused(&app, actor, (RECORD, input.clone()), "FORBIDDEN", None, "inspection").await;
    }
    let community = token("community", json!(estate.community), "officer");
    // A community may not record the county's inspection: a body acts at its own tier or below.
    let mut as_county = input.clone();
    as_county["input"]["inspectingBody"] = json!("COUNTY");
    refused(&app, &community, (RECORD, as_county), "FORBIDDEN", None, "inspection").await;
    let bad = [
        (json!([{ "item": "监控系统", "result": "FINDING" }]), "finding-note"),
        (json!([{ "item": "消防设施", "result": "OK", "public": false }]), "withhold-findings-only"),
        (json!([]), "item-count"),
        (json!([{ "item": "  ", "result": "OK" }]), "required"),
    ];
    for (items, rule) in bad {
        let mut input = input.clone();
        input["input"]["items"] = items;
        refused(&app, &community, (RECORD, input), "BAD_USER_INPUT", Some(rule), "inspection_item").await;
    }
    let mut future = input.clone();
    future["input"]["inspectedOn"] = json!(days(1));
    refused(&app, &community, (RECORD, future), "BAD_USER_INPUT", Some("not-in-future"), "inspection").await;
    assert_eq!(error_codes(&app.post(RECORD, input).await), ["UNAUTHENTICATED"]);
}

/// Issues a notice from the town over `estate` with a deadline in working days.
async fn issue(app: &TestApp, estate: &Served, extra: Value) -> Value {
    let town = token("town", json!(estate.town), "town-officer");
    let mut input = json!({ "estateId": estate.id, "addressee": "ENTERPRISE",
        "items": ["清理消防通道占用车辆", "更换过期灭火器"], "legalBasis": "《物业管理条例》第四十五条",
        "deadlineWorkingDays": 10 });
    for (key, value) in extra.as_object().unwrap() {
        input[key] = value.clone();
    }
    app.data_as(&town, ISSUE, json!({ "input": input })).await["issueRectificationNotice"]["rectificationNotice"]
        .clone()
}

#[tokio::test]
async fn a_notice_is_issued_reported_failed_reported_again_and_passed_by_the_right_actors_only() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    let town = token("town", json!(estate.town), "town-officer");
    let base = json!({ "input": { "estateId": estate.id, "addressee": "ENTERPRISE", "items": ["清理消防通道"],
        "legalBasis": "《物业管理条例》第四十五条", "deadlineWorkingDays": 10 } });
    let community = token("community", json!(estate.community), "officer");
    for actor in
        [&community, &token("town", json!("340621101"), "t"), &token("enterprise", json!(estate.enterprise), "e")]
    {
        refused(&app, actor, (ISSUE, base.clone()), "FORBIDDEN", None, "rectification_notice").await;
    }
    let mut both = base.clone();
    both["input"]["deadline"] = json!(days(20));
    refused(&app, &town, (ISSUE, both), "BAD_USER_INPUT", Some("one-deadline"), "rectification_notice").await;
    let mut past = base.clone();
    past["input"]["deadlineWorkingDays"] = Value::Null;
    past["input"]["deadline"] = json!(days_ago(1));
    refused(&app, &town, (ISSUE, past), "BAD_USER_INPUT", Some("deadline-after-start"), "rectification_notice").await;

    let notice = issue(&app, &estate, json!({})).await;
    assert_eq!(notice["status"], "ISSUED");
    assert_eq!(notice["issuer"], "TOWN");
    assert_eq!(notice["origin"], "DIRECT");
    assert_eq!(notice["deadlineWorkingDays"], 10);
    assert_eq!(notice["enterprise"]["creditCode"], estate.enterprise.as_str());
    assert!(notice["number"].as_str().unwrap().starts_with("ZG340621-"));
    assert!(notice["refusalDay"].as_str().unwrap() > notice["deadline"].as_str().unwrap());
    let id = notice["id"].clone();
    let number = notice["number"].as_str().unwrap();
    for page in [format!("/estate/{}", estate.code), format!("/enterprise/{}", estate.enterprise)] {
        let html = app.client.get(format!("{}{page}", app.address)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(number) && html.contains("清理消防通道占用车辆"), "{page} lists the notice");
    }

    // Only the enterprise addressed reports; the issuer may not check before it does.
    let report = |version: &Value| json!({ "input": { "id": id, "expectedVersion": version, "report": "已清理" } });
    let outsider = token("enterprise", json!(estate.outsider), "outsider");
    for actor in [&town, &community, &outsider] {
        refused(&app, actor, (REPORT, report(&json!(1))), "FORBIDDEN", None, "rectification_notice").await;
    }
    let pass = |version: i64| json!({ "input": { "id": id, "expectedVersion": version, "verdict": "PASSED" } });
    refused(&app, &town, (VERIFY, pass(1)), "INVALID_STATE", None, "rectification_notice").await;
    let enterprise = token("enterprise", json!(estate.enterprise), "enterprise-staff");
    let reported =
        app.data_as(&enterprise, REPORT, report(&json!(1))).await["reportRectification"]["rectificationNotice"].clone();
    assert_eq!((reported["status"].clone(), reported["version"].clone()), (json!("REPORTED"), json!(2)));

    // The check: not by the enterprise, nor by the community; a stale version conflicts.
    for actor in [&enterprise, &community] {
        refused(&app, actor, (VERIFY, pass(2)), "FORBIDDEN", None, "rectification_notice").await;
    }
    refused(&app, &town, (VERIFY, pass(1)), "CONFLICT", None, "rectification_notice").await;
    let fail = |items: Value| {
        json!({ "input": { "id": id, "expectedVersion": 2, "verdict": "FAILED", "openItems": items,
        "deadlineWorkingDays": 5, "note": "消防通道仍被占用" } })
    };
    refused(&app, &town, (VERIFY, fail(json!([3]))), "BAD_USER_INPUT", Some("open-items"), "rectification_notice")
        .await;
    refused(&app, &town, (VERIFY, fail(json!([]))), "BAD_USER_INPUT", Some("open-items"), "rectification_notice").await;
    let failed =
        app.data_as(&town, VERIFY, fail(json!([1]))).await["verifyRectification"]["rectificationNotice"].clone();
    assert_eq!((failed["status"].clone(), failed["round"].clone()), (json!("REOPENED"), json!(2)));
    assert_eq!(failed["items"], json!([{ "position": 1, "isOpen": true }, { "position": 2, "isOpen": false }]));
    assert_eq!(failed["lastFailedOn"], days(0));

    app.data_as(&enterprise, REPORT, report(&json!(3))).await;
    let passed = app.data_as(&town, VERIFY, pass(4)).await["verifyRectification"]["rectificationNotice"].clone();
    assert_eq!(passed["status"], "PASSED");
    assert_eq!(passed["items"], json!([{ "position": 1, "isOpen": false }, { "position": 2, "isOpen": false }]));
    let withdraw = json!({ "input": { "id": id, "expectedVersion": 5, "reason": "误发" } });
    refused(&app, &town, (WITHDRAW, withdraw), "INVALID_STATE", None, "rectification_notice").await;
    let read = app.data(READ_NOTICE, json!({ "id": id })).await;
    assert!(read["node"]["refusalDay"].is_null(), "a passed notice proposes nothing");
}

#[tokio::test]
async fn a_notice_follows_an_inspection_of_its_own_estate_and_is_withdrawn_with_a_reason() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    let community = token("community", json!(estate.community), "officer");
    let inspection =
        app.data_as(&community, RECORD, inspection_input(&estate.id)).await["recordInspection"]["inspection"]["id"]
            .clone();
    let notice = issue(&app, &estate, json!({ "inspectionId": inspection })).await;
    assert_eq!((notice["origin"].clone(), notice["inspection"]["id"].clone()), (json!("INSPECTION"), inspection));

    let town = token("town", json!(estate.town), "town-officer");
    let withdraw = json!({ "input": { "id": notice["id"], "expectedVersion": 1, "reason": " " } });
    refused(&app, &town, (WITHDRAW, withdraw), "BAD_USER_INPUT", Some("required"), "rectification_notice").await;
    let withdraw = json!({ "input": { "id": notice["id"], "expectedVersion": 1, "reason": "问题系施工单位临时占用" } });
    let done =
        app.data_as(&town, WITHDRAW, withdraw).await["withdrawRectificationNotice"]["rectificationNotice"].clone();
    assert_eq!((done["status"].clone(), done["withdrawnOn"].clone()), (json!("WITHDRAWN"), json!(days(0))));
    // Still public, with its reason: nothing the public has seen disappears.
    let listed = app
        .data("{ rectificationNotices(first: 100, filter: {status: WITHDRAWN}) { edges { node { id withdrawalReason } } } }", json!({}))
        .await;
    assert!(
        listed["rectificationNotices"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == notice["id"])
    );
}

/// The county's day `day` as the sweep takes it.
fn on(day: &str) -> NaiveDate {
    day.parse().unwrap()
}

#[tokio::test]
async fn an_unverified_notice_proposes_b06_once_on_the_tenth_working_day_after_its_deadline() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    let notice = issue(&app, &estate, json!({ "deadlineWorkingDays": 3 })).await;
    let day = notice["refusalDay"].as_str().unwrap().to_owned();
    let before = on(&day).pred_opt().unwrap();
    let service = Service::new(app.db.clone(), "test");
    let key = count(&app, "SELECT MAX(id) AS n FROM rectification_notice").await;
    let number = notice["number"].as_str().unwrap();
    let proposals = format!("SELECT COUNT(*) AS n FROM credit_record WHERE evidence LIKE '%{number}'");
    // The sweep also proposes for the demo's notices that fall due by then; this one only on its day.
    assert!(!service.propose_refusals(before, "test").await.unwrap().contains(&key), "not the day before");
    assert_eq!(count(&app, &proposals).await, 0);
    assert!(service.propose_refusals(on(&day), "test").await.unwrap().contains(&key), "on the day");
    for again in [on(&day), on(&day).succ_opt().unwrap()] {
        assert!(!service.propose_refusals(again, "test").await.unwrap().contains(&key), "never twice");
    }
    assert_eq!(count(&app, &proposals).await, 1);

    // The county reads the proposal on the notice; the public does not, until it is confirmed.
    let county = token("county", json!("340621"), "credit-officer");
    let read = app.data_as(&county, READ_NOTICE, json!({ "id": notice["id"] })).await;
    let record = &read["node"]["creditRecord"];
    assert_eq!(record["status"], "PROPOSED");
    assert_eq!(record["source"], "RECTIFICATION");
    assert_eq!(record["rule"]["code"], "B06");
    assert_eq!(record["occurredOn"], day.as_str());
    assert!(app.data(READ_NOTICE, json!({ "id": notice["id"] })).await["node"]["creditRecord"].is_null());
}

#[tokio::test]
async fn a_server_sweeps_on_its_own_schedule() {
    let app = spawn_app().await;
    let estate = served(&app).await;
    // Issued 60 days ago with a deadline 40 days ago: due today.
    let notice = issue(
        &app,
        &estate,
        json!({ "issuedOn": days_ago(60), "deadline": days_ago(40), "deadlineWorkingDays": null }),
    )
    .await;
    let sweeping = app.replica_configured(|settings| settings.sweep_minutes = 60).await;
    let county = token("county", json!("340621"), "credit-officer");
    for _ in 0..50 {
        let read = sweeping.data_as(&county, READ_NOTICE, json!({ "id": notice["id"] })).await;
        if read["node"]["creditRecord"]["status"] == "PROPOSED" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server's sweep at start proposed nothing");
}

#[tokio::test]
async fn notices_filter_by_place_enterprise_status_and_overdue() {
    let app = spawn_app().await;
    let query = "query($filter: RectificationNoticeFilter) { rectificationNotices(first: 100, filter: $filter) {
        edges { node { status isOverdue estate { code community { town { code } } } enterprise { creditCode } } } } }";
    let all = app.data(query, json!({})).await["rectificationNotices"]["edges"].as_array().unwrap().clone();
    let statuses: std::collections::HashSet<&str> = all.iter().map(|e| e["node"]["status"].as_str().unwrap()).collect();
    for status in ["ISSUED", "REPORTED", "REOPENED", "PASSED", "WITHDRAWN"] {
        assert!(statuses.contains(status), "the demo has a notice {status}");
    }
    for (filter, holds) in [
        (json!({ "overdue": true }), Box::new(|n: &Value| n["isOverdue"] == true) as Box<dyn Fn(&Value) -> bool>),
        (json!({ "overdue": false }), Box::new(|n: &Value| n["isOverdue"] == false)),
        (json!({ "status": "PASSED" }), Box::new(|n: &Value| n["status"] == "PASSED")),
        (
            json!({ "townCode": "340621100" }),
            Box::new(|n: &Value| n["estate"]["community"]["town"]["code"] == "340621100"),
        ),
    ] {
        let listed = app.data(query, json!({ "filter": filter })).await["rectificationNotices"]["edges"]
            .as_array()
            .unwrap()
            .clone();
        let expected = all.iter().filter(|e| holds(&e["node"])).count();
        assert!(expected > 0, "{filter}");
        assert_eq!(listed.len(), expected, "{filter}");
        assert!(listed.iter().all(|e| holds(&e["node"])), "{filter}");
    }
    let enterprise = all.iter().find_map(|e| e["node"]["enterprise"]["creditCode"].as_str()).unwrap();
    let by = app.data(query, json!({ "filter": { "enterpriseCreditCode": enterprise } })).await;
    let listed = by["rectificationNotices"]["edges"].as_array().unwrap();
    assert!(!listed.is_empty() && listed.iter().all(|e| e["node"]["enterprise"]["creditCode"] == enterprise));
    // The demo's notice left unverified proposed rule B06 (staff see it on the enterprise's records).
    let county = token("county", json!("340621"), "credit-officer");
    let read = "{ rectificationNotices(first: 100) { edges { node { creditRecord { source rule { code } } } } } }";
    let seen = app.data_as(&county, read, json!({})).await;
    let proposals: Vec<&Value> = seen["rectificationNotices"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["creditRecord"])
        .filter(|r| !r.is_null())
        .collect();
    assert_eq!(proposals, [&json!({ "source": "RECTIFICATION", "rule": { "code": "B06" } })], "{seen}");
}

#[tokio::test]
async fn inspections_filter_by_place_kind_and_days() {
    let app = spawn_app().await;
    let query = "query($filter: InspectionFilter) { inspections(first: 100, filter: $filter) { totalCount
        edges { node { kind inspectedOn estate { code community { code town { code } } } } } } }";
    let fire = app.data(query, json!({ "filter": { "kind": "FIRE" } })).await;
    let edges = fire["inspections"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty() && edges.iter().all(|e| e["node"]["kind"] == "FIRE"));
    let (from, to) = (days_ago(120), days_ago(30));
    let window = app.data(query, json!({ "filter": { "from": from, "to": to } })).await;
    let edges = window["inspections"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    assert!(edges.iter().all(|e| {
        let d = e["node"]["inspectedOn"].as_str().unwrap();
        d >= from.as_str() && d <= to.as_str()
    }));
    let town = app.data(query, json!({ "filter": { "townCode": "340621100" } })).await;
    assert!(
        town["inspections"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["node"]["estate"]["community"]["town"]["code"] == "340621100")
    );
}
