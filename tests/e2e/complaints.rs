//! Complaints through the API: the workflow RECEIVED → ASSIGNED → RESPONDED → CLOSED → REOPENED → ASSIGNED with
//! every wrong actor refused and nothing written; the public's statistics with small cells suppressed and totals
//! that give nothing back; complainants never in a public response nor in the audit log; time limits that change
//! only for later complaints; joint meetings.

use crate::disclosures::writes;
use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::lifecycle::{count, refused, rows, today};
use serde_json::{Value, json};

const RECEIVE: &str = "mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { complaint {
    id version status ticketNumber dueAt workingDays isOverdue complainantName complainantPhone enterprise { creditCode } } } }";
const ASSIGN: &str = "mutation($input: AssignComplaintInput!) { assignComplaint(input: $input) { complaint {
    id version status assignee } } }";
const RESPOND: &str = "mutation($input: RespondToComplaintInput!) { respondToComplaint(input: $input) { complaint {
    id version status responses { assignee body } complainantName complainantPhone } } }";
const CLOSE: &str = "mutation($input: CloseComplaintInput!) { closeComplaint(input: $input) { complaint {
    id version status closedAt outcome satisfaction closedOnTime } } }";
const REOPEN: &str = "mutation($input: ReopenComplaintInput!) { reopenComplaint(input: $input) { complaint {
    id version status closedAt reopenCount reopenReason } } }";

const NAME: &str = "欧阳测试甲";
const PHONE: &str = "13900001234";

/// An estate of 濉溪镇 with an enterprise serving it and an active committee, and who is who around it.
struct Scene {
    estate: Value,
    estate_code: String,
    community: String,
    town: String,
    enterprise: String,
    outsider: String,
    other_estate: String,
}

async fn scene(app: &TestApp) -> Scene {
    let data = app
        .data(
            "{ estates(first: 40, filter: {townCode: \"340621100\"}) { edges { node { id code community { code }
                enterprise { creditCode } activeCommittee { id } } } }
              enterprises(first: 5, filter: {status: ACTIVE}) { edges { node { creditCode } } } }",
            json!({}),
        )
        .await;
    let estates: Vec<&Value> = data["estates"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
    let e = estates.iter().find(|e| !e["enterprise"].is_null() && !e["activeCommittee"].is_null()).unwrap();
    let enterprise = e["enterprise"]["creditCode"].as_str().unwrap().to_owned();
    let outsider = data["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["node"]["creditCode"].as_str().unwrap().to_owned())
        .find(|c| *c != enterprise)
        .unwrap();
    let other_estate = estates.iter().find(|o| o["code"] != e["code"]).unwrap()["code"].as_str().unwrap().to_owned();
    let community = e["community"]["code"].as_str().unwrap().to_owned();
    Scene {
        estate: e["id"].clone(),
        estate_code: e["code"].as_str().unwrap().to_owned(),
        town: community[..9].to_owned(),
        community,
        enterprise,
        outsider,
        other_estate,
    }
}

fn received(s: &Scene, ticket: &str, category: &str, at: Option<&str>) -> Value {
    json!({ "input": { "channel": "HOTLINE_12345", "ticketNumber": ticket, "category": category, "estateId": s.estate,
        "summary": "电梯困人，物业迟迟不到场", "complainantName": NAME, "complainantPhone": PHONE, "receivedAt": at } })
}

fn step(c: &Value, extra: Value) -> Value {
    let mut input = json!({ "id": c["id"], "expectedVersion": c["version"] });
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    json!({ "input": input })
}

#[tokio::test]
async fn a_complaint_goes_round_the_workflow_and_wrong_actors_are_refused() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let town = token("town", json!(s.town), "town-officer");
    let enterprise = token("enterprise", json!(s.enterprise), "enterprise-staff");
    let outsider = token("enterprise", json!(s.outsider), "other-enterprise");
    let other_committee = token("committee", json!(s.other_estate), "other-committee");
    let other_town_community = token("community", json!("340621101001"), "elsewhere");

    // Received by the community; not by an enterprise, not by a community elsewhere.
    let input = received(&s, "12345-20261127-9001", "FACILITY_REPAIR", None);
    refused(&app, &enterprise, (RECEIVE, input.clone()), "FORBIDDEN", None, "complaint").await;
    refused(&app, &other_town_community, (RECEIVE, input.clone()), "FORBIDDEN", None, "complaint").await;
    let mut bad_phone = input.clone();
    bad_phone["input"]["complainantPhone"] = json!("call me");
    refused(&app, &community, (RECEIVE, bad_phone), "BAD_USER_INPUT", Some("phone"), "complaint").await;
    let c = app.data_as(&community, RECEIVE, input.clone()).await["receiveComplaint"]["complaint"].clone();
    assert_eq!(c["status"], "RECEIVED");
    assert_eq!(c["workingDays"], 2, "facility repairs have two working days by default");
    assert_eq!(c["isOverdue"], false);
    assert_eq!(c["complainantName"], NAME, "government staff in jurisdiction read the complainant");
    assert_eq!(c["enterprise"]["creditCode"], s.enterprise.as_str(), "by default, the enterprise serving the estate");

    // The same work order again is refused, naming the ticket it already is.
    let before = writes(&app).await;
    let (_, again) = app.post_as(&town, RECEIVE, input).await;
    assert_eq!(error_codes(&again), ["CONFLICT"], "{again:#}");
    assert!(again["errors"][0]["message"].as_str().unwrap().contains("12345-20261127-9001"), "{again:#}");
    assert_eq!(writes(&app).await, before);

    // Assigned by the town, not by the community.
    let to_enterprise = step(&c, json!({ "assignee": "ENTERPRISE" }));
    refused(&app, &community, (ASSIGN, to_enterprise.clone()), "FORBIDDEN", None, "complaint").await;
    let c = app.data_as(&town, ASSIGN, to_enterprise).await["assignComplaint"]["complaint"].clone();
    assert_eq!((c["status"].as_str(), c["assignee"].as_str()), (Some("ASSIGNED"), Some("ENTERPRISE")));

    // Answered by the enterprise serving the estate: not another one, not a committee of another estate.
    let answer = step(&c, json!({ "body": "已维修电梯并安排专人值守" }));
    for (who, token) in [("another enterprise", &outsider), ("another estate's committee", &other_committee)] {
        let (before, responses) = (writes(&app).await, rows(&app, "complaint_response").await);
        let (_, response) = app.post_as(token, RESPOND, answer.clone()).await;
        assert_eq!(error_codes(&response), ["FORBIDDEN"], "{who}: {response:#}");
        assert_eq!((writes(&app).await, rows(&app, "complaint_response").await), (before, responses), "{who}");
    }
    let c = app.data_as(&enterprise, RESPOND, answer).await["respondToComplaint"]["complaint"].clone();
    assert_eq!(c["status"], "RESPONDED");
    assert_eq!(c["responses"][0]["body"], "已维修电梯并安排专人值守");
    assert!(c["complainantName"].is_null() && c["complainantPhone"].is_null(), "the enterprise never reads who");

    // Closed by the community with the complainant's view, then reopened when the complainant disputes it.
    let close = step(&c, json!({ "outcome": "电梯已恢复运行", "satisfaction": "DISSATISFIED" }));
    refused(&app, &enterprise, (CLOSE, close.clone()), "FORBIDDEN", None, "complaint").await;
    let c = app.data_as(&community, CLOSE, close).await["closeComplaint"]["complaint"].clone();
    assert_eq!(c["status"], "CLOSED");
    assert_eq!(c["closedOnTime"], true);
    let reopen = step(&c, json!({ "reason": "电梯次日再次困人" }));
    refused(&app, &enterprise, (REOPEN, reopen.clone()), "FORBIDDEN", None, "complaint").await;
    let c = app.data_as(&community, REOPEN, reopen).await["reopenComplaint"]["complaint"].clone();
    assert_eq!(c["status"], "REOPENED");
    assert_eq!(c["reopenCount"], 1);
    assert!(c["closedAt"].is_null());
    refused(
        &app,
        &community,
        (CLOSE, step(&c, json!({ "outcome": "x", "satisfaction": "SATISFIED" }))),
        "INVALID_STATE",
        None,
        "complaint",
    )
    .await;

    // Assigned again, this time to the estate's committee, which answers for itself.
    let c =
        app.data_as(&town, ASSIGN, step(&c, json!({ "assignee": "COMMITTEE" }))).await["assignComplaint"]["complaint"]
            .clone();
    assert_eq!(c["status"], "ASSIGNED");
    let committee = token("committee", json!(s.estate_code), "committee-member");
    let answer = step(&c, json!({ "body": "业委会已督促物业更换曳引机" }));
    refused(&app, &other_committee, (RESPOND, answer.clone()), "FORBIDDEN", None, "complaint").await;
    let c = app.data_as(&committee, RESPOND, answer).await["respondToComplaint"]["complaint"].clone();
    assert_eq!(c["responses"].as_array().unwrap().len(), 2);

    // A step dated before the one before it is refused.
    let early = step(&c, json!({ "outcome": "已解决", "satisfaction": "SATISFIED", "at": "2020-01-01T00:00:00Z" }));
    refused(&app, &community, (CLOSE, early), "BAD_USER_INPUT", Some("step-order"), "complaint").await;

    // Staff lists: the community sees it; the outsider enterprise and the public see nothing.
    let list =
        "query($ticket: String) { complaints(filter: {ticketNumber: $ticket}) { totalCount edges { node { id } } } }";
    let vars = json!({ "ticket": "12345-20261127-9001" });
    assert_eq!(app.data_as(&community, list, vars.clone()).await["complaints"]["totalCount"], 1);
    assert_eq!(app.data_as(&outsider, list, vars.clone()).await["complaints"]["totalCount"], 0);
    assert_eq!(app.data(list, vars).await["complaints"]["totalCount"], 0);
    let node = app.data("query($id: ID!) { node(id: $id) { id } }", json!({ "id": c["id"] })).await;
    assert!(node["node"].is_null(), "no public query returns a complaint");
}

#[tokio::test]
async fn statistics_suppress_small_cells_and_no_one_is_identifiable() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let town = token("town", json!(s.town), "town-officer");
    // June 2025, before the demo's year of complaints: two complaints about fees and three about parking, one of
    // them closed.
    let mut last = Value::Null;
    for (n, category) in ["FEES", "FEES", "PARKING", "PARKING", "PARKING"].into_iter().enumerate() {
        let at = format!("2025-06-{:02}T02:00:00Z", 2 + n);
        let input = received(&s, &format!("12345-202506-{n:04}"), category, Some(&at));
        last = app.data_as(&community, RECEIVE, input).await["receiveComplaint"]["complaint"].clone();
    }
    let c = app
        .data_as(&town, ASSIGN, step(&last, json!({ "assignee": "COMMUNITY", "at": "2025-06-08T03:00:00Z" })))
        .await["assignComplaint"]["complaint"]
        .clone();
    let c = app.data_as(&community, RESPOND, step(&c, json!({ "body": "已处理", "at": "2025-06-08T09:00:00Z" }))).await
        ["respondToComplaint"]["complaint"]
        .clone();
    app.data_as(
        &community,
        CLOSE,
        step(&c, json!({ "outcome": "已处理", "satisfaction": "SATISFIED", "at": "2025-06-09T02:00:00Z" })),
    )
    .await;

    let query = "query($by: [ComplaintGrouping!]!, $filter: ComplaintStatisticsFilter) {
        complaintStatistics(groupBy: $by, filter: $filter) { groupBy suppressedCells minimumCellSize
            rows { town { code } category month suppressed count closed onTimeShare medianHoursToClose reopened }
            total { count closed onTimeShare medianHoursToClose reopened } } }";
    let filter = json!({ "from": "2025-06-01", "to": "2025-06-30", "townCode": s.town });
    let stats =
        app.data(query, json!({ "by": ["TOWN", "CATEGORY"], "filter": filter })).await["complaintStatistics"].clone();
    let rows = stats["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{stats:#}");
    let fees = rows.iter().find(|r| r["category"] == "FEES").unwrap();
    assert_eq!(fees["suppressed"], true);
    for figure in ["count", "closed", "onTimeShare", "medianHoursToClose", "reopened"] {
        assert!(fees[figure].is_null(), "{figure} of a suppressed cell: {fees}");
    }
    let parking = rows.iter().find(|r| r["category"] == "PARKING").unwrap();
    assert_eq!((parking["suppressed"].as_bool(), parking["count"].as_u64()), (Some(false), Some(3)));
    assert_eq!(parking["closed"], 1);
    assert_eq!(parking["medianHoursToClose"], 72.0);
    assert_eq!(parking["onTimeShare"], 1.0);
    assert_eq!(stats["suppressedCells"], 1);
    // The total is the cells shown and nothing else: total minus the published cells is zero in every figure, so
    // no sum or difference of what this query publishes gives the suppressed cell back.
    let published: Vec<&Value> = rows.iter().filter(|r| r["suppressed"] == false).collect();
    for figure in ["count", "closed", "reopened"] {
        let sum: u64 = published.iter().map(|r| r[figure].as_u64().unwrap()).sum();
        assert_eq!(stats["total"][figure].as_u64().unwrap(), sum, "{figure}: {stats:#}");
    }
    assert_eq!(stats["total"]["medianHoursToClose"], parking["medianHoursToClose"]);

    // By month over the year: grouped, and never a single complaint's text.
    let by_month = app.data(query, json!({ "by": ["MONTH"], "filter": { "townCode": s.town } })).await;
    assert!(by_month["complaintStatistics"]["rows"].as_array().unwrap().len() >= 12);
    let (_, twice) = app.post_as(&town, query, json!({ "by": ["TOWN", "TOWN"] })).await;
    assert_eq!(error_codes(&twice), ["BAD_USER_INPUT"]);

    // Nothing the public can read names the complainant; nor does the audit log, which keeps digests only.
    let public = [
        stats.to_string(),
        by_month.to_string(),
        app.post(
            "{ changes(first: 100) { edges { node { action entityType changes { field before after } } } } }",
            json!({}),
        )
        .await
        .to_string(),
        app.post("{ jointMeetings { edges { node { topics decisions complaints { id } } } } }", json!({}))
            .await
            .to_string(),
        app.post("{ complaints { edges { node { complainantName summary } } } }", json!({})).await.to_string(),
    ];
    for text in public {
        assert!(!text.contains(NAME) && !text.contains(PHONE), "a public response names the complainant: {text}");
    }
    let county = token("county", json!("340621"), "auditor");
    let staff_log = app
        .data_as(&county, "{ auditEvents(first: 100, filter: {entityTypes: [\"Complaint\"]}) { edges { node { before after reason } } } }", json!({}))
        .await
        .to_string();
    assert!(staff_log.contains("complainantName"), "the log records that there is a complainant");
    assert!(!staff_log.contains(NAME) && !staff_log.contains(PHONE), "{staff_log}");
    let raw = format!(
        "SELECT COUNT(*) AS n FROM audit_event WHERE before LIKE '%{NAME}%' OR after LIKE '%{NAME}%' \
         OR before LIKE '%{PHONE}%' OR after LIKE '%{PHONE}%' OR reason LIKE '%{NAME}%'"
    );
    assert_eq!(count(&app, &raw).await, 0, "the complainant is in no audit row");
    assert!(count(&app, "SELECT COUNT(*) AS n FROM audit_event WHERE entity_type = 'Complaint'").await > 0);
}

#[tokio::test]
async fn a_new_time_limit_applies_to_complaints_received_afterwards() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let county = token("county", json!("340621"), "county-officer");
    let c = app.data_as(&community, RECEIVE, received(&s, "12345-LIMIT-1", "FEES", None)).await["receiveComplaint"]
        ["complaint"]
        .clone();
    assert_eq!(c["workingDays"], 5);
    const SET: &str = "mutation($input: SetComplaintTimeLimitInput!) { setComplaintTimeLimit(input: $input) {
        timeLimit { category workingDays effectiveFrom } } }";
    let tomorrow = (today() + chrono::Days::new(1)).to_string();
    let limit = |from: &str, days: i64| json!({ "input": { "category": "FEES", "workingDays": days, "effectiveFrom": from, "source": "县住建局通知" } });
    let town = token("town", json!(s.town), "town-officer");
    refused(&app, &town, (SET, limit(&tomorrow, 3)), "FORBIDDEN", None, "complaint_time_limit").await;
    let rule = Some("future-only");
    refused(&app, &county, (SET, limit(&today().to_string(), 3)), "BAD_USER_INPUT", rule, "complaint_time_limit").await;
    refused(&app, &county, (SET, limit(&tomorrow, 0)), "BAD_USER_INPUT", Some("working-days"), "complaint_time_limit")
        .await;
    app.data_as(&county, SET, limit(&tomorrow, 3)).await;
    let read = app
        .data_as(
            &community,
            "query($id: ID!) { node(id: $id) { ... on Complaint { workingDays dueAt } } }",
            json!({ "id": c["id"] }),
        )
        .await;
    assert_eq!(read["node"]["workingDays"], 5, "received before the change, it keeps its limit");
    assert_eq!(read["node"]["dueAt"], c["dueAt"]);
    let limits = app.data("{ complaintTimeLimits { category workingDays effectiveFrom } }", json!({})).await;
    let fees: Vec<&Value> =
        limits["complaintTimeLimits"].as_array().unwrap().iter().filter(|l| l["category"] == "FEES").collect();
    assert_eq!(fees.len(), 2);
    assert_eq!(fees[1]["workingDays"], 3);
    let calendar = app.data("{ workingCalendar(year: 2026) { day kind name } }", json!({})).await;
    let days = calendar["workingCalendar"].as_array().unwrap();
    assert!(days.iter().any(|d| d["day"] == "2026-02-14" && d["kind"] == "WORKDAY"));
    assert!(days.iter().any(|d| d["day"] == "2026-10-01" && d["kind"] == "HOLIDAY" && d["name"] == "国庆节"));
}

#[tokio::test]
async fn joint_meetings_take_up_complaints_of_their_own_region_and_are_public() {
    let app = spawn_app().await;
    let s = scene(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let town = token("town", json!(s.town), "town-officer");
    let c = app.data_as(&community, RECEIVE, received(&s, "12345-MEET-1", "PARKING", None)).await["receiveComplaint"]
        ["complaint"]
        .clone();
    const RECORD: &str = "mutation($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { meeting {
        id heldOn complaintsTakenUp complaints { id } participants { kind name } topics decisions } } }";
    let meeting = |convener: Value, participants: usize| {
        let bodies = [
            json!({ "kind": "TOWN_SERVICE_CENTER", "name": "镇物业服务中心" }),
            json!({ "kind": "POLICE", "name": "城关派出所" }),
        ];
        let mut input = json!({ "heldOn": today().to_string(), "participants": bodies[..participants].to_vec(),
            "topics": ["停车秩序"], "decisions": ["联合整治占用消防通道车辆"], "complaintIds": [c["id"]] });
        input.as_object_mut().unwrap().extend(convener.as_object().unwrap().clone());
        json!({ "input": input })
    };
    let table = "joint_meeting";
    let both = json!({ "townCode": s.town, "communityCode": s.community });
    refused(&app, &town, (RECORD, meeting(both, 2)), "BAD_USER_INPUT", Some("one-convener"), table).await;
    refused(&app, &town, (RECORD, meeting(json!({ "townCode": s.town }), 1)), "BAD_USER_INPUT", Some("too-few"), table)
        .await;
    refused(&app, &community, (RECORD, meeting(json!({ "townCode": s.town }), 2)), "FORBIDDEN", None, table).await;
    let elsewhere = token("town", json!("340621101"), "other-town");
    let other_town = json!({ "townCode": "340621101" });
    refused(&app, &elsewhere, (RECORD, meeting(other_town, 2)), "BAD_USER_INPUT", Some("complaint-in-region"), table)
        .await;

    let recorded =
        app.data_as(&town, RECORD, meeting(json!({ "townCode": s.town }), 2)).await["recordJointMeeting"]["meeting"]
            .clone();
    assert_eq!(recorded["complaintsTakenUp"], 1);
    assert_eq!(recorded["complaints"][0]["id"], c["id"], "staff read the complaints it took up");
    let public = app
        .data(
            "query($town: String) { jointMeetings(townCode: $town, first: 1) { edges { node { id complaintsTakenUp
                complaints { id } participants { kind name } } } } }",
            json!({ "town": s.town }),
        )
        .await;
    let node = &public["jointMeetings"]["edges"][0]["node"];
    assert_eq!(node["id"], recorded["id"]);
    assert_eq!(node["complaintsTakenUp"], 1);
    assert_eq!(node["complaints"], json!([]), "the public reads how many, never which");
    // A community records its own meeting too.
    let own = app.data_as(&community, RECORD, meeting(json!({ "communityCode": s.community }), 2)).await;
    assert_eq!(own["recordJointMeeting"]["meeting"]["complaintsTakenUp"], 1);
}
