//! Emergency management through the API: applied for by whoever acts for the owners, approved by the town alone, six
//! months at most with its extensions and back-to-back periods (from 31 January: to 31 July, as the Civil Code counts), one period at a time, the estate's service
//! mode following it, and a new contract ending it the day before it starts.

use crate::helpers::{TestApp, spawn_app, token};
use crate::lifecycle::{contracted, days, handover, refused, today, warned};
use serde_json::{Value, json};

const APPLY: &str = "mutation($input: ApplyEmergencyManagementInput!) { applyEmergencyManagement(input: $input) {
    emergencyPeriod { id version status startOn endOn vacancyStartOn latestEndOn appliedOn } } }";
const APPROVE: &str = "mutation($input: ApproveEmergencyManagementInput!) { approveEmergencyManagement(input: $input) {
    emergencyPeriod { id version status approvedOn estate { serviceMode } } } }";
const REJECT: &str = "mutation($input: RejectEmergencyManagementInput!) { rejectEmergencyManagement(input: $input) {
    emergencyPeriod { id version status reason estate { serviceMode } } } }";
const EXTEND: &str = "mutation($input: ExtendEmergencyManagementInput!) { extendEmergencyManagement(input: $input) {
    emergencyPeriod { id version status endOn } } }";
const END: &str = "mutation($input: EndEmergencyManagementInput!) { endEmergencyManagement(input: $input) {
    emergencyPeriod { id version status endedOn reason estate { serviceMode } } } }";

/// An estate of the demo with no service at all (mode NONE), and who acts for its owners.
struct Unserved {
    id: Value,
    code: String,
    version: Value,
    community: String,
    town: String,
    owners: String,
}

async fn unserved(app: &TestApp, index: usize) -> Unserved {
    let data = app
        .data(
            "{ estates(first: 20, filter: {serviceMode: NONE}) { edges { node { id code version
                community { code } activeCommittee { id } } } } }",
            json!({}),
        )
        .await;
    let e = &data["estates"]["edges"][index]["node"];
    let code = e["code"].as_str().unwrap().to_owned();
    let community = e["community"]["code"].as_str().unwrap().to_owned();
    let owners = if e["activeCommittee"].is_null() {
        token("community", json!(community), "community-officer")
    } else {
        token("committee", json!(code), "committee-member")
    };
    let town = community[..9].to_owned();
    Unserved { id: e["id"].clone(), code, version: e["version"].clone(), community, town, owners }
}

fn application(e: &Unserved, start_on: &str, end_on: &str) -> Value {
    json!({ "input": { "estateId": e.id, "provider": "FIVE_BASICS", "services": ["CLEANING", "SECURITY"],
        "feePerSquareMeterMonth": "0.35", "startOn": start_on, "endOn": end_on } })
}

fn step(period: &Value) -> Value {
    json!({ "input": { "id": period["id"], "expectedVersion": period["version"] } })
}

/// The town's approval of `period`, with its temporary management plan.
fn approval(period: &Value) -> Value {
    with(
        step(period),
        "plan",
        json!({ "townRole": "镇物业服务中心统筹", "communityRole": "社区物业专干巡查",
        "committeeRole": "业委会组织协商选聘", "providerRole": "保洁、秩序维护", "feeCollection": "社区按月代收",
        "plannedEnd": "NEW_ENTERPRISE_BY_TENDER" }),
    )
}

fn with(mut input: Value, field: &str, value: Value) -> Value {
    input["input"][field] = value;
    input
}

async fn mode(app: &TestApp, code: &str) -> Value {
    app.data("query($code: String!) { estate(code: $code) { serviceMode } }", json!({ "code": code })).await["estate"]
        ["serviceMode"]
        .clone()
}

#[tokio::test]
async fn emergency_management_lasts_six_months_at_most_with_its_extensions() {
    let app = spawn_app().await;
    let e = unserved(&app, 0).await;
    let town = token("town", json!(e.town), "town-officer");
    let other_town = token("town", json!(if e.town == "340621100" { "340621101" } else { "340621100" }), "other-town");
    let enterprises = app
        .data("{ enterprises(first: 1, filter: {status: ACTIVE}) { edges { node { id creditCode } } } }", json!({}))
        .await;
    let first = &enterprises["enterprises"]["edges"][0]["node"];
    let enterprise = token("enterprise", first["creditCode"].clone(), "enterprise-staff");
    let table = "emergency_period";

    // From 31 January, six months run to 31 July (民法典 arts. 201–202).
    let input = application(&e, "2027-01-31", "2027-04-30");
    refused(&app, &enterprise, (APPLY, input.clone()), "FORBIDDEN", None, table).await;
    refused(&app, &other_town, (APPLY, input.clone()), "FORBIDDEN", None, table).await;
    let only_cleaning = with(input.clone(), "services", json!(["CLEANING"]));
    refused(&app, &e.owners, (APPLY, only_cleaning), "BAD_USER_INPUT", Some("emergency-services"), table).await;
    let seven_months = with(input.clone(), "endOn", json!("2027-08-01"));
    refused(&app, &e.owners, (APPLY, seven_months), "BAD_USER_INPUT", Some("emergency-six-months"), table).await;
    let nameless = with(input.clone(), "provider", json!("ENTERPRISE"));
    refused(&app, &e.owners, (APPLY, nameless), "BAD_USER_INPUT", Some("provider-enterprise"), table).await;

    let period =
        app.data_as(&e.owners, APPLY, input.clone()).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!(period["status"], "APPLIED");
    assert_eq!(period["latestEndOn"], "2027-07-31");
    assert_eq!(period["vacancyStartOn"], "2027-01-31");
    assert_eq!(period["appliedOn"], today().to_string());
    refused(&app, &e.owners, (APPLY, input.clone()), "INVALID_STATE", None, table).await;

    // Only the town approves: not the community, not another town.
    let community = token("community", json!(e.community), "community-officer");
    refused(&app, &community, (APPROVE, approval(&period)), "FORBIDDEN", None, table).await;
    refused(&app, &other_town, (APPROVE, approval(&period)), "FORBIDDEN", None, table).await;
    refused(&app, &town, (APPROVE, step(&period)), "BAD_USER_INPUT", Some("emergency-plan-required"), table).await;
    let blank = with(
        approval(&period),
        "plan",
        json!({ "townRole": " ", "communityRole": "巡查", "committeeRole": "协商",
        "providerRole": "保洁", "feeCollection": "代收", "plannedEnd": "FIVE_BASICS" }),
    );
    refused(&app, &town, (APPROVE, blank), "BAD_USER_INPUT", Some("required"), table).await;
    let period =
        app.data_as(&town, APPROVE, approval(&period)).await["approveEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!(period["status"], "ACTIVE");
    assert_eq!(period["approvedOn"], today().to_string());
    assert_eq!(period["estate"]["serviceMode"], "EMERGENCY");
    let public = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on EmergencyPeriod { plan { townRole feeCollection plannedEnd } } } }",
            json!({ "id": period["id"] }),
        )
        .await;
    assert_eq!(
        public["node"]["plan"],
        json!({ "townRole": "镇物业服务中心统筹", "feeCollection": "社区按月代收", "plannedEnd": "NEW_ENTERPRISE_BY_TENDER" }),
        "the plan is public"
    );
    refused(&app, &e.owners, (APPLY, input), "INVALID_STATE", None, table).await;

    // The mode follows the period, not an edit of the estate.
    let estate = app.data("query($code: String!) { estate(code: $code) { version } }", json!({ "code": e.code })).await;
    let edit =
        json!({ "input": { "id": e.id, "expectedVersion": estate["estate"]["version"], "serviceMode": "MARKET" } });
    let update = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { serviceMode } } }";
    refused(&app, &town, (update, edit), "BAD_USER_INPUT", Some("emergency-mode-by-approval"), "estate").await;

    // A day past six months by extension is refused; up to 31 July is allowed.
    let seventh = with(step(&period), "endOn", json!("2027-08-01"));
    refused(&app, &town, (EXTEND, seventh), "BAD_USER_INPUT", Some("emergency-six-months"), table).await;
    let shorter = with(step(&period), "endOn", json!("2027-04-30"));
    refused(&app, &town, (EXTEND, shorter), "BAD_USER_INPUT", Some("extends-period"), table).await;
    refused(&app, &community, (EXTEND, with(step(&period), "endOn", json!("2027-07-31"))), "FORBIDDEN", None, table)
        .await;
    let extended = app.data_as(&town, EXTEND, with(step(&period), "endOn", json!("2027-07-31"))).await
        ["extendEmergencyManagement"]["emergencyPeriod"]
        .clone();
    assert_eq!(extended["endOn"], "2027-07-31");

    // A new contract starting on 1 May ends the period on 30 April, and the market serves the estate again.
    let contract = json!({ "input": { "estateId": e.id, "enterpriseId": first["id"],
        "startOn": "2027-05-01", "endOn": "2030-04-30", "feePerSquareMeterMonth": "1.10", "selection": "BIDDING" } });
    app.data_as(
        &town,
        "mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id } } }",
        contract,
    )
    .await;
    let read = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on EmergencyPeriod { status endedOn reason ranPastSixMonths
                estate { serviceMode } } } }",
            json!({ "id": period["id"] }),
        )
        .await;
    assert_eq!(read["node"]["status"], "ENDED");
    assert_eq!(read["node"]["endedOn"], "2027-04-30");
    assert_eq!(read["node"]["estate"]["serviceMode"], "MARKET");
    assert_eq!(read["node"]["ranPastSixMonths"], false);
    refused(&app, &town, (END, with(step(&extended), "reason", json!("结束"))), "INVALID_STATE", None, table).await;
}

#[tokio::test]
async fn a_rejection_leaves_the_estate_as_it_was_and_an_ending_restores_its_mode() {
    let app = spawn_app().await;
    let e = unserved(&app, 1).await;
    let town = token("town", json!(e.town), "town-officer");
    let table = "emergency_period";
    let input = application(&e, &(today() - chrono::Days::new(10)).to_string(), &days(30));

    let period =
        app.data_as(&e.owners, APPLY, input.clone()).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    refused(
        &app,
        &town,
        (REJECT, with(step(&period), "reason", json!(" "))),
        "BAD_USER_INPUT",
        Some("required"),
        table,
    )
    .await;
    let rejected = app.data_as(&town, REJECT, with(step(&period), "reason", json!("小区已落实“五有”服务"))).await
        ["rejectEmergencyManagement"]["emergencyPeriod"]
        .clone();
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(rejected["estate"]["serviceMode"], "NONE");
    refused(&app, &town, (APPROVE, approval(&rejected)), "INVALID_STATE", None, table).await;

    // Applied again, approved, and ended: the estate has no service again, as before.
    let period = app.data_as(&e.owners, APPLY, input).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    let period =
        app.data_as(&town, APPROVE, approval(&period)).await["approveEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!(mode(&app, &e.code).await, "EMERGENCY");
    let outside = with(with(step(&period), "reason", json!("结束")), "endedOn", json!("2020-01-01"));
    refused(&app, &town, (END, outside), "BAD_USER_INPUT", Some("within-period"), table).await;
    let ended = app.data_as(&town, END, with(step(&period), "reason", json!("业主大会决定自行管理"))).await
        ["endEmergencyManagement"]["emergencyPeriod"]
        .clone();
    assert_eq!(ended["status"], "ENDED");
    assert_eq!(ended["endedOn"], today().to_string());
    assert_eq!(ended["estate"]["serviceMode"], "NONE");
    let history = app
        .data(
            "query($code: String!) { estate(code: $code) { version emergencyPeriods { status } } }",
            json!({ "code": e.code }),
        )
        .await;
    let statuses: Vec<&str> = history["estate"]["emergencyPeriods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["REJECTED", "ENDED"]);
    assert_ne!(history["estate"]["version"], e.version, "the estate's mode changed twice");
}

/// A period applied for, approved and ended on its last day.
async fn ran(app: &TestApp, e: &Unserved, town: &str, (start, end): (&str, &str)) -> Value {
    let period =
        app.data_as(&e.owners, APPLY, application(e, start, end)).await["applyEmergencyManagement"]["emergencyPeriod"]
            .clone();
    let period =
        app.data_as(town, APPROVE, approval(&period)).await["approveEmergencyManagement"]["emergencyPeriod"].clone();
    let ended = with(with(step(&period), "reason", json!("本期期满")), "endedOn", json!(end));
    app.data_as(town, END, ended).await;
    period
}

/// Six months per vacancy, not per period: a second period back to back with the first reaches the same limit, a
/// third after it is refused, and the vacancy ends once the estate is served otherwise (here by the five basics).
#[tokio::test]
async fn the_six_months_cover_back_to_back_periods_until_the_estate_is_served_again() {
    let app = spawn_app().await;
    let e = unserved(&app, 2).await;
    let town = token("town", json!(e.town), "town-officer");
    let table = "emergency_period";
    ran(&app, &e, &town, ("2026-01-31", "2026-04-30")).await;
    let second = application(&e, "2026-05-01", "2026-08-01");
    refused(&app, &e.owners, (APPLY, second), "BAD_USER_INPUT", Some("emergency-six-months"), table).await;
    let second = ran(&app, &e, &town, ("2026-05-01", "2026-07-31")).await;
    let read = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on EmergencyPeriod { vacancyStartOn latestEndOn ranPastSixMonths } } }",
            json!({ "id": second["id"] }),
        )
        .await;
    assert_eq!(
        read["node"],
        json!({ "vacancyStartOn": "2026-01-31", "latestEndOn": "2026-07-31", "ranPastSixMonths": false })
    );
    let third = application(&e, "2026-08-01", "2026-10-31");
    refused(&app, &e.owners, (APPLY, third.clone()), "BAD_USER_INPUT", Some("emergency-six-months"), table).await;

    // The community takes the estate on under its five basics: the vacancy is over, and a later one begins anew.
    let estate = app.data("query($code: String!) { estate(code: $code) { version } }", json!({ "code": e.code })).await;
    let five_basics = json!({ "input": { "id": e.id, "expectedVersion": estate["estate"]["version"],
        "serviceMode": "FIVE_BASICS", "fiveBasics": ["CLEANING", "SECURITY"] } });
    let update = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { serviceMode } } }";
    app.data_as(&town, update, five_basics).await;
    let period = app.data_as(&e.owners, APPLY, third).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!((&period["vacancyStartOn"], &period["latestEndOn"]), (&json!("2026-08-01"), &json!("2027-02-01")));
}

/// An estate its enterprise still serves, under a contract neither exit-warned nor being handed over, gets no
/// emergency management; once the enterprise gives notice, it may.
#[tokio::test]
async fn emergency_management_is_for_an_estate_its_enterprise_has_left() {
    let app = spawn_app().await;
    let c = contracted(&app, 0, &days(120)).await;
    let estate =
        app.data("query($code: String!) { estate(code: $code) { id } }", json!({ "code": c.estate_code })).await;
    let community = token("community", json!(c.community), "community-officer");
    let input = input_for(&estate["estate"]["id"]);
    refused(
        &app,
        &community,
        (APPLY, input.clone()),
        "BAD_USER_INPUT",
        Some("emergency-estate-left"),
        "emergency_period",
    )
    .await;
    warned(&app, &c, &days(120)).await;
    let period = app.data_as(&community, APPLY, input).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!(period["status"], "APPLIED");

    // Nor does a contract being handed over (being terminated) without any warning.
    let d = contracted(&app, 1, &days(400)).await;
    let query = "query($code: String!) { estate(code: $code) { id activeCommittee { id } } }";
    let estate = app.data(query, json!({ "code": d.estate_code })).await;
    let owners = if estate["estate"]["activeCommittee"].is_null() {
        token("community", json!(d.community), "community-officer")
    } else {
        token("committee", json!(d.estate_code), "committee-member")
    };
    let input = with(input_for(&estate["estate"]["id"]), "startOn", json!(days(31)));
    let rule = Some("emergency-estate-left");
    refused(&app, &owners, (APPLY, input.clone()), "BAD_USER_INPUT", rule, "emergency_period").await;
    assert_eq!(handover(&app, &d).await["status"], "OPEN");
    let period = app.data_as(&owners, APPLY, input).await["applyEmergencyManagement"]["emergencyPeriod"].clone();
    assert_eq!(period["status"], "APPLIED");
}

/// An application for `estate_id` from the 121st day to the 200th.
fn input_for(estate_id: &Value) -> Value {
    json!({ "input": { "estateId": estate_id, "provider": "FIVE_BASICS", "services": ["CLEANING", "SECURITY"],
        "feePerSquareMeterMonth": "0.35", "startOn": days(121), "endOn": days(200) } })
}
