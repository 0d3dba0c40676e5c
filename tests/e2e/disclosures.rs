//! Public-income disclosures through the API: drafted and submitted by the enterprise for its part (by the owners'
//! side where no enterprise served), returned or published by the community, corrected by supersession; totals and
//! balances computed; the transfer to the fund booked, and reversed by a correction; drafts out of public view;
//! overdue periods listed. Every refusal writes nothing.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use serde_json::{Value, json};

const DRAFT: &str = "mutation($input: DraftPublicIncomeDisclosureInput!) { draftPublicIncomeDisclosure(input: $input) {
    disclosure { id version status periodStart periodEnd submitter } } }";
const SUBMIT: &str =
    "mutation($input: SubmitPublicIncomeDisclosureInput!) { submitPublicIncomeDisclosure(input: $input) {
    disclosure { id version status } } }";
const PUBLISH: &str =
    "mutation($input: PublishPublicIncomeDisclosureInput!) { publishPublicIncomeDisclosure(input: $input) {
    disclosure { id version status publishedOn } } }";
const RETURN: &str =
    "mutation($input: ReturnPublicIncomeDisclosureInput!) { returnPublicIncomeDisclosure(input: $input) {
    disclosure { id version status returnReason } } }";
const CORRECT: &str =
    "mutation($input: CorrectPublicIncomeDisclosureInput!) { correctPublicIncomeDisclosure(input: $input) {
    disclosure { id version status } } }";
const READ: &str = "query($id: ID!) { node(id: $id) { ... on PublicIncomeDisclosure { id status isOverdue
    items { counterparty counterpartyIsPerson gross cost net }
    totals { gross cost net transferredToFund otherUse openingBalance closingBalance }
    supersedes { id } supersededBy { id status } correctionReason } } }";

/// Everything written leaves an audit event in the same transaction: the county's count tells whether anything was.
pub async fn writes(app: &TestApp) -> i64 {
    let county = token("county", json!("340621"), "auditor");
    app.data_as(&county, "{ auditEvents(first: 1) { totalCount } }", json!({})).await["auditEvents"]["totalCount"]
        .as_i64()
        .unwrap()
}

/// An overdue part owed by an enterprise: the estate, its community, the quarter, and the enterprise's credit code.
struct Owed {
    estate: Value,
    community: String,
    year: i64,
    quarter: i64,
    credit_code: String,
}

async fn owed(app: &TestApp) -> Owed {
    let data = app
        .data(
            "{ overdueDisclosures(first: 100) { edges { node { year quarter submitter
                estate { id community { code } } contract { enterprise { creditCode } } } } } }",
            json!({}),
        )
        .await;
    let node = data["overdueDisclosures"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["submitter"] == "ENTERPRISE")
        .expect("the demo leaves a quarter overdue");
    Owed {
        estate: node["estate"]["id"].clone(),
        community: node["estate"]["community"]["code"].as_str().unwrap().to_owned(),
        year: node["year"].as_i64().unwrap(),
        quarter: node["quarter"].as_i64().unwrap(),
        credit_code: node["contract"]["enterprise"]["creditCode"].as_str().unwrap().to_owned(),
    }
}

fn account(o: &Owed, transferred: &str) -> Value {
    json!({ "estateId": o.estate, "year": o.year, "quarter": o.quarter,
        "items": [
            { "source": "PARKING", "description": "临时停车费", "counterparty": "临时停车车主", "counterpartyIsPerson": true,
              "gross": "1000.10", "cost": "200.00" },
            { "source": "ADVERTISING", "description": "电梯广告", "counterparty": "淮北分众传媒有限公司", "gross": "3000.20", "cost": "0" },
            { "source": "VENUE_RENTAL", "description": "场地出租", "counterparty": "李四", "counterpartyIsPerson": true,
              "gross": "600", "cost": "0" },
        ],
        "transferredToFund": transferred, "otherUse": "0" })
}

async fn fund_of(app: &TestApp, estate: &Value) -> (String, Vec<Value>) {
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Estate { fundAccount { balance entries(first: 100) { kind amount } } } } }",
            json!({ "id": estate }),
        )
        .await;
    let account = &data["node"]["fundAccount"];
    (account["balance"].as_str().unwrap().to_owned(), account["entries"].as_array().unwrap().clone())
}

/// Draft → (refusals) → submit → return → revise → submit → publish → correct → publish the correction: the whole
/// path, each step's visibility, the totals, the transfer and its reversal.
#[tokio::test]
async fn a_disclosure_goes_from_draft_to_publication_and_correction() {
    let app = spawn_app().await;
    let o = owed(&app).await;
    let own = token("enterprise", json!(o.credit_code), "enterprise-staff");
    let community = token("community", json!(o.community), "community-officer");
    let before = writes(&app).await;

    // Refused, and nothing written: another enterprise, and the estate's community for an enterprise's part.
    let others = app
        .data("{ enterprises(first: 20, filter: {status: ACTIVE}) { edges { node { creditCode } } } }", json!({}))
        .await;
    let other_code = others["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["creditCode"].as_str().unwrap())
        .find(|c| *c != o.credit_code)
        .unwrap()
        .to_owned();
    let other = token("enterprise", json!(other_code), "other-staff");
    for (who, token) in [("another enterprise", &other), ("the community", &community)] {
        let (_, response) = app.post_as(token, DRAFT, json!({ "input": account(&o, "0") })).await;
        assert_eq!(error_codes(&response), ["FORBIDDEN"], "{who}: {response:#}");
    }
    let (_, too_much) = app.post_as(&own, DRAFT, json!({ "input": account(&o, "99999999.00") })).await;
    assert_eq!(too_much["errors"][0]["extensions"]["rule"], "within-available", "{too_much:#}");
    let mut negative = account(&o, "0");
    negative["items"][0]["gross"] = json!("-1");
    let (_, response) = app.post_as(&own, DRAFT, json!({ "input": negative })).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "items[0]", "{response:#}");
    assert_eq!(writes(&app).await, before, "no refusal wrote anything");

    let (balance_before, entries_before) = fund_of(&app, &o.estate).await;
    let draft = app.data_as(&own, DRAFT, json!({ "input": account(&o, "3000.00") })).await["draftPublicIncomeDisclosure"]["disclosure"].clone();
    assert_eq!((&draft["status"], &draft["submitter"]), (&json!("DRAFT"), &json!("ENTERPRISE")));
    let public = app.data(READ, json!({ "id": draft["id"] })).await;
    assert!(public["node"].is_null(), "a draft is not public");
    let step = |d: &Value| json!({ "input": { "id": d["id"], "expectedVersion": d["version"] } });
    let (_, early) = app.post_as(&community, PUBLISH, step(&draft)).await;
    assert_eq!(error_codes(&early), ["INVALID_STATE"], "a draft is not published: {early:#}");

    let submitted = app.data_as(&own, SUBMIT, step(&draft)).await["submitPublicIncomeDisclosure"]["disclosure"].clone();
    let reason = json!({ "input": { "id": submitted["id"], "expectedVersion": submitted["version"], "reason": "停车收入与台账不符" } });
    let returned = app.data_as(&community, RETURN, reason).await["returnPublicIncomeDisclosure"]["disclosure"].clone();
    assert_eq!((&returned["status"], &returned["returnReason"]), (&json!("RETURNED"), &json!("停车收入与台账不符")));
    let revised = app.data_as(&own, DRAFT, json!({ "input": account(&o, "3000.00") })).await["draftPublicIncomeDisclosure"]["disclosure"].clone();
    assert_eq!((&revised["id"], &revised["status"]), (&draft["id"], &json!("DRAFT")), "the same disclosure, revised");
    let submitted =
        app.data_as(&own, SUBMIT, step(&revised)).await["submitPublicIncomeDisclosure"]["disclosure"].clone();
    let elsewhere = token("community", json!(format!("{}999", &o.community[..9])), "elsewhere");
    let (_, response) = app.post_as(&elsewhere, PUBLISH, step(&submitted)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    let published =
        app.data_as(&community, PUBLISH, step(&submitted)).await["publishPublicIncomeDisclosure"]["disclosure"].clone();
    assert_eq!(published["status"], "PUBLISHED");
    let (_, again) = app.post_as(&community, PUBLISH, step(&published)).await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"]);

    // Public now: private persons as 个人, totals computed from the items, the transfer booked in the fund.
    let read = app.data(READ, json!({ "id": draft["id"] })).await["node"].clone();
    let counterparties: Vec<&str> =
        read["items"].as_array().unwrap().iter().map(|i| i["counterparty"].as_str().unwrap()).collect();
    assert_eq!(counterparties, ["个人", "淮北分众传媒有限公司", "个人"]);
    let totals = &read["totals"];
    assert_eq!(
        (&totals["gross"], &totals["cost"], &totals["net"]),
        (&json!("4600.30"), &json!("200.00"), &json!("4400.30"))
    );
    let opening: i64 = totals["openingBalance"].as_str().unwrap().replace('.', "").parse().unwrap();
    let closing: i64 = totals["closingBalance"].as_str().unwrap().replace('.', "").parse().unwrap();
    assert_eq!(closing, opening + 440_030 - 300_000, "closing = opening + net − transferred − other use");
    let (balance, entries) = fund_of(&app, &o.estate).await;
    assert_eq!(entries.len(), entries_before.len() + 1);
    assert_eq!(entries[0], json!({ "kind": "PUBLIC_INCOME_TRANSFER", "amount": "3000.00" }));
    let cents = |s: &str| s.replace('.', "").parse::<i64>().unwrap();
    assert_eq!(cents(&balance), cents(&balance_before) + 300_000);
    let overdue = app
        .data(
            "{ overdueDisclosures(first: 100) { totalCount edges { node { estate { id } year quarter } } } }",
            json!({}),
        )
        .await;
    assert!(
        !overdue["overdueDisclosures"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["node"]["estate"]["id"] == o.estate
                && e["node"]["year"] == o.year
                && e["node"]["quarter"] == o.quarter),
        "no longer overdue"
    );

    // Corrected: the correction supersedes it once published; the old transfer is reversed and the new one booked.
    let mut corrected = account(&o, "2000.00");
    corrected.as_object_mut().unwrap().remove("estateId");
    corrected.as_object_mut().unwrap().remove("year");
    corrected.as_object_mut().unwrap().remove("quarter");
    corrected["id"] = published["id"].clone();
    corrected["reason"] = json!("业主大会决定转入金额调整为2000元");
    let (_, response) = app.post_as(&other, CORRECT, json!({ "input": corrected.clone() })).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    let correction =
        app.data_as(&own, CORRECT, json!({ "input": corrected })).await["correctPublicIncomeDisclosure"]["disclosure"]
            .clone();
    let correction =
        app.data_as(&own, SUBMIT, step(&correction)).await["submitPublicIncomeDisclosure"]["disclosure"].clone();
    app.data_as(&community, PUBLISH, step(&correction)).await;
    let old = app.data(READ, json!({ "id": draft["id"] })).await["node"].clone();
    assert_eq!(old["status"], "SUPERSEDED", "the superseded version stays public, marked");
    assert_eq!(old["supersededBy"]["id"], correction["id"]);
    let new = app.data(READ, json!({ "id": correction["id"] })).await["node"].clone();
    assert_eq!(
        (&new["supersedes"]["id"], &new["correctionReason"]),
        (&draft["id"], &json!("业主大会决定转入金额调整为2000元"))
    );
    let (balance, entries) = fund_of(&app, &o.estate).await;
    assert_eq!(entries[0], json!({ "kind": "PUBLIC_INCOME_TRANSFER", "amount": "2000.00" }));
    assert_eq!(entries[1], json!({ "kind": "REVERSAL", "amount": "-3000.00" }));
    assert_eq!(cents(&balance), cents(&balance_before) + 200_000);
}

/// Where no contract was in force, the committee discloses the whole quarter; an enterprise cannot; a quarter not
/// yet ended cannot be disclosed.
#[tokio::test]
async fn the_committee_discloses_where_no_enterprise_served() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ overdueDisclosures(first: 100) { edges { node { year quarter submitter periodStart periodEnd
                estate { id code community { code } } } } } }",
            json!({}),
        )
        .await;
    let node = data["overdueDisclosures"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .find(|n| n["submitter"] == "COMMITTEE")
        .expect("an estate with a committee and no contract");
    let committee = token("committee", json!(node["estate"]["code"]), "committee-member");
    let input = json!({ "estateId": node["estate"]["id"], "year": node["year"], "quarter": node["quarter"],
        "items": [{ "source": "PARKING", "description": "停车费", "counterparty": "车主", "counterpartyIsPerson": true,
            "gross": "100", "cost": "0" }], "transferredToFund": "100", "otherUse": "0" });
    let draft = app.data_as(&committee, DRAFT, json!({ "input": input.clone() })).await["draftPublicIncomeDisclosure"]
        ["disclosure"]
        .clone();
    assert_eq!(
        (&draft["submitter"], &draft["periodStart"], &draft["periodEnd"]),
        (&json!("COMMITTEE"), &node["periodStart"], &node["periodEnd"])
    );
    let mut current = input.clone();
    let today = api::domain::calendar::today();
    current["year"] = json!(chrono::Datelike::year(&today));
    current["quarter"] = json!((chrono::Datelike::month(&today) - 1) / 3 + 1);
    let (_, response) = app.post_as(&committee, DRAFT, json!({ "input": current })).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "quarter-ended", "{response:#}");
}
