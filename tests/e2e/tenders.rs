//! Tenders through the API, from announcement to contract: every wrong actor refused and nothing written; the 20-day,
//! 3-bidder, 3-day and 30-day rules at their boundaries; a bid's content (and who bid) unreadable by anyone — the town
//! included — before the opening, in the API, the downloads, the audit log and the change feed.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::lifecycle::{days_ago, refused};
use serde_json::{Value, json};

const ANNOUNCE: &str = "mutation($input: AnnounceTenderInput!) { announceTender(input: $input) {
    tender { id version number status method runBy } } }";
const BID: &str =
    "mutation($input: SubmitBidInput!) { submitBid(input: $input) { tender { id version status bids { id } } } }";
const OPEN: &str =
    "mutation($input: TenderStepInput!) { openBids(input: $input) { tender { id version status failureReason
    bids { id enterprise { creditCode } feePerSquareMeterMonth } } } }";
const OPINION: &str =
    "mutation($input: RecordTenderOpinionInput!) { recordTenderOpinion(input: $input) { tender { version opinion } } }";
const EVALUATE: &str =
    "mutation($input: RecordEvaluationInput!) { recordEvaluation(input: $input) { tender { version status
    bids { id score rank } } } }";
const PUBLICIZE: &str =
    "mutation($input: TenderStepInput!) { publicizeCandidate(input: $input) { tender { version status
    awardFrom candidate { id enterprise { creditCode } feePerSquareMeterMonth } } } }";
const AWARD: &str =
    "mutation($input: TenderStepInput!) { awardTender(input: $input) { tender { version status awardedOn
    contractDueOn isContractOverdue } } }";
const OBJECT: &str = "mutation($input: LodgeTenderObjectionInput!) { lodgeTenderObjection(input: $input) {
    tenderObjection { id version status } } }";
const DECIDE: &str = "mutation($input: DecideTenderObjectionInput!) { decideTenderObjection(input: $input) {
    tenderObjection { id version status } } }";
const CONTRACT: &str = "mutation($input: CreateContractInput!) { createContract(input: $input) { contract {
    feePerSquareMeterMonth selection enterprise { creditCode } tender { number status } } } }";
const READ: &str = "query($id: ID!) { node(id: $id) { ... on Tender { status panel bids { id feePerSquareMeterMonth }
    history { step on } } } }";

/// A five-basics estate of 濉溪镇 with no contract and no tender, the codes of where it lies, and four ACTIVE
/// enterprises.
async fn setting(app: &TestApp, index: usize) -> (Value, String, String, Vec<(Value, String)>) {
    let data = app
        .data(
            "{ estates(first: 40, filter: {townCode: \"340621100\", serviceMode: FIVE_BASICS}) { edges { node {
                id community { code } activeContract { id } tenders { id } } } }
              enterprises(first: 6, filter: {status: ACTIVE}) { edges { node { id creditCode } } } }",
            json!({}),
        )
        .await;
    let free: Vec<&Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|e| e["activeContract"].is_null() && e["tenders"].as_array().unwrap().is_empty())
        .collect();
    let estate = free[index];
    let community = estate["community"]["code"].as_str().unwrap().to_owned();
    let enterprises = data["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["node"]["id"].clone(), e["node"]["creditCode"].as_str().unwrap().to_owned()))
        .collect();
    (estate["id"].clone(), community[..9].to_owned(), community, enterprises)
}

fn announcement(estate: &Value, method: &str, issued: u64, deadline: u64) -> Value {
    json!({ "input": { "estateId": estate, "kind": "OWNERS_SELECTION", "method": method, "serviceScope": "保洁、秩序维护",
        "ceilingFee": "1.50", "documentsIssuedOn": days_ago(issued), "bidDeadline": days_ago(deadline),
        "openingOn": days_ago(deadline.saturating_sub(1)) } })
}

fn bid(tender: &Value, fee: &str, on: u64) -> Value {
    json!({ "input": { "tenderId": tender, "feePerSquareMeterMonth": fee, "promises": "24小时门岗值守", "teamSize": 8,
        "submittedOn": days_ago(on) } })
}

fn step(id: &Value, version: i64, on: u64) -> Value {
    json!({ "input": { "id": id, "expectedVersion": version, "on": days_ago(on) } })
}

#[tokio::test]
async fn a_tender_goes_from_announcement_to_contract_by_the_right_actors_only() {
    let app = spawn_app().await;
    let (estate, town_code, community_code, enterprises) = setting(&app, 0).await;
    let town = token("town", json!(town_code), "town-officer");
    let community = token("community", json!(community_code), "officer");
    let county = token("county", json!("340621"), "county-officer");
    let input = announcement(&estate, "PUBLIC_TENDER", 40, 20);
    let firm = |i: usize| token("enterprise", json!(enterprises[i].1), "enterprise-staff");
    for actor in [&community, &firm(0), &token("town", json!("340621101"), "t")] {
        refused(&app, actor, (ANNOUNCE, input.clone()), "FORBIDDEN", None, "tender").await;
    }
    // 20 days from the documents to the deadline, at the boundary.
    let short = announcement(&estate, "PUBLIC_TENDER", 40, 21);
    refused(&app, &town, (ANNOUNCE, short), "BAD_USER_INPUT", Some("tender-20-days"), "tender").await;
    let tender = app.data_as(&town, ANNOUNCE, input).await["announceTender"]["tender"].clone();
    assert_eq!((tender["status"].clone(), tender["runBy"].clone()), (json!("ANNOUNCED"), json!("TOWN")));
    let id = tender["id"].clone();

    refused(&app, &firm(0), (BID, bid(&id, "1.51", 25)), "BAD_USER_INPUT", Some("bid-within-ceiling"), "bid").await;
    refused(&app, &firm(0), (BID, bid(&id, "1.20", 19)), "BAD_USER_INPUT", Some("bid-window"), "bid").await;
    for (i, fee) in ["1.20", "1.35", "1.28"].into_iter().enumerate() {
        let answer = app.data_as(&firm(i), BID, bid(&id, fee, 25)).await;
        assert_eq!(answer["submitBid"]["tender"]["bids"], json!([]), "sealed even to the bidder");
    }
    refused(&app, &firm(0), (BID, bid(&id, "1.10", 24)), "CONFLICT", None, "bid").await;

    // Sealed: nobody reads a bid, or who bid, before the opening — not the town, not the audit log, not the feed.
    for viewer in [None, Some(&town), Some(&county)] {
        let read = match viewer {
            Some(t) => app.data_as(t, READ, json!({ "id": id })).await,
            None => app.data(READ, json!({ "id": id })).await,
        };
        assert_eq!(read["node"]["bids"], json!([]), "{read}");
    }
    let bids_log = "{ auditEvents(first: 20, filter: {entityTypes: [\"Bid\"]}) { totalCount edges { node { action before after } } } }";
    let log = app.data_as(&county, bids_log, json!({})).await;
    let log = log.to_string();
    assert!(log.contains("submitBid") && !log.contains("24小时门岗值守") && !log.contains("1.35"), "{log}");
    let feed = app.data("{ changes(first: 50) { edges { node { action } } } }", json!({})).await.to_string();
    assert!(!feed.contains("submitBid"));
    let csv = app.client.get(format!("{}/data/bids.csv", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(!csv.contains(tender["number"].as_str().unwrap()), "no sealed bid in the download");
    let page = |path: String| {
        let app = &app;
        async move { app.client.get(format!("{}{path}", app.address)).send().await.unwrap().text().await.unwrap() }
    };
    let estate_code = app
        .data("query($id: ID!) { node(id: $id) { ... on Estate { code } } }", json!({ "id": estate }))
        .await["node"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let sealed = page(format!("/estate/{estate_code}")).await;
    assert!(
        sealed.contains("投标密封中") && !sealed.contains("1.35"),
        "the estate's page shows no bid before the opening"
    );

    // The opening: the town's, not before its day.
    refused(&app, &community, (OPEN, step(&id, 1, 19)), "FORBIDDEN", None, "tender").await;
    refused(&app, &town, (OPEN, step(&id, 1, 20)), "BAD_USER_INPUT", Some("opening-day"), "tender").await;
    let opened = app.data_as(&town, OPEN, step(&id, 1, 19)).await["openBids"]["tender"].clone();
    assert_eq!(opened["status"], "OPENED");
    let bids: Vec<Value> = opened["bids"].as_array().unwrap().clone();
    assert_eq!(bids.len(), 3);
    app.data_as(&community, OPINION, json!({ "input": { "id": id, "expectedVersion": 2, "opinion": "同意" } })).await;

    // Evaluation: every bid once; the panel for staff over the estate only.
    let scores = |ids: &[&Value]| {
        ids.iter().zip(["90.00", "85.50", "88.00"]).map(|(b, s)| json!({ "bidId": b, "score": s })).collect::<Vec<_>>()
    };
    let ids: Vec<&Value> = bids.iter().map(|b| &b["id"]).collect();
    let partial = json!({ "input": { "id": id, "expectedVersion": 3, "scores": scores(&ids[..2]), "panel": "王磊、李静", "on": days_ago(18) } });
    refused(&app, &town, (EVALUATE, partial), "BAD_USER_INPUT", Some("every-bid-once"), "tender").await;
    let evaluation = json!({ "input": { "id": id, "expectedVersion": 3, "scores": scores(&ids), "panel": "王磊、李静", "on": days_ago(18) } });
    let evaluated = app.data_as(&town, EVALUATE, evaluation).await["recordEvaluation"]["tender"].clone();
    assert_eq!(evaluated["status"], "EVALUATED");
    assert!(app.data(READ, json!({ "id": id })).await["node"]["panel"].is_null());
    assert_eq!(app.data_as(&town, READ, json!({ "id": id })).await["node"]["panel"], "王磊、李静");

    let publicized = app.data_as(&town, PUBLICIZE, step(&id, 4, 3)).await["publicizeCandidate"]["tender"].clone();
    assert_eq!(publicized["candidate"]["enterprise"]["creditCode"], enterprises[0].1.as_str());
    assert_eq!(publicized["awardFrom"], days_ago(0));
    // Three days of publicity, at the boundary.
    refused(&app, &town, (AWARD, step(&id, 5, 1)), "BAD_USER_INPUT", Some("publicity-3-days"), "tender").await;

    // An objection holds the award until the county decides it.
    let objection = json!({ "input": { "tenderId": id, "reason": "候选人资质存疑" } });
    refused(&app, &firm(3), (OBJECT, objection.clone()), "FORBIDDEN", None, "tender_objection").await;
    let lodged = app.data_as(&firm(1), OBJECT, objection).await["lodgeTenderObjection"]["tenderObjection"].clone();
    refused(&app, &town, (AWARD, step(&id, 5, 0)), "INVALID_STATE", None, "tender").await;
    let decide =
        json!({ "input": { "id": lodged["id"], "expectedVersion": 1, "decision": "DISMISSED", "reason": "资质有效" } });
    refused(&app, &town, (DECIDE, decide.clone()), "FORBIDDEN", None, "tender_objection").await;
    assert_eq!(
        app.data_as(&county, DECIDE, decide).await["decideTenderObjection"]["tenderObjection"]["status"],
        "DISMISSED"
    );
    let awarded = app.data_as(&town, AWARD, step(&id, 5, 0)).await["awardTender"]["tender"].clone();
    assert_eq!((awarded["status"].clone(), awarded["isContractOverdue"].clone()), (json!("AWARDED"), json!(false)));

    // The contract, from the award.
    let both =
        json!({ "input": { "tenderId": id, "estateId": estate, "startOn": days_ago(0), "endOn": "2029-12-31" } });
    refused(&app, &town, (CONTRACT, both), "BAD_USER_INPUT", Some("contract-terms"), "service_contract").await;
    let signed = json!({ "input": { "tenderId": id, "startOn": days_ago(0), "endOn": "2029-12-31" } });
    refused(&app, &community, (CONTRACT, signed.clone()), "FORBIDDEN", None, "service_contract").await;
    let contract = app.data_as(&town, CONTRACT, signed).await["createContract"]["contract"].clone();
    assert_eq!(contract["feePerSquareMeterMonth"], "1.20");
    assert_eq!(contract["selection"], "BIDDING");
    assert_eq!(contract["enterprise"]["creditCode"], enterprises[0].1.as_str());
    assert_eq!(contract["tender"]["status"], "CONTRACTED");
    assert!(page(format!("/estate/{estate_code}")).await.contains(tender["number"].as_str().unwrap()));
    assert!(
        page(format!("/enterprise/{}", enterprises[0].1)).await.contains("中标"),
        "the winner's page shows its win"
    );
    let history = app.data(READ, json!({ "id": id })).await["node"]["history"].clone();
    let steps: Vec<&str> = history.as_array().unwrap().iter().map(|h| h["step"].as_str().unwrap()).collect();
    assert_eq!(
        steps,
        [
            "announceTender",
            "openBids",
            "recordEvaluation",
            "publicizeCandidate",
            "recordTenderOpinion",
            "awardTender",
            "createContract"
        ]
    );
}

#[tokio::test]
async fn a_public_tender_with_fewer_than_three_bids_fails_and_agreement_needs_the_county() {
    let app = spawn_app().await;
    let (estate, town_code, _community, enterprises) = setting(&app, 1).await;
    let town = token("town", json!(town_code), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    let tender =
        app.data_as(&town, ANNOUNCE, announcement(&estate, "PUBLIC_TENDER", 40, 20)).await["announceTender"]["tender"]
            .clone();
    for (_, credit_code) in &enterprises[..2] {
        let firm = token("enterprise", json!(credit_code), "enterprise-staff");
        app.data_as(&firm, BID, bid(&tender["id"], "1.30", 25)).await;
    }
    let failed = app.data_as(&town, OPEN, step(&tender["id"], 1, 19)).await["openBids"]["tender"].clone();
    assert_eq!(failed["status"], "FAILED");
    assert_eq!(failed["bids"].as_array().unwrap().len(), 2, "opened all the same");

    let agreed = announcement(&estate, "BY_AGREEMENT", 0, 0);
    refused(&app, &town, (ANNOUNCE, agreed.clone()), "INVALID_STATE", None, "tender").await;
    let approve = "mutation($input: ApproveSelectionByAgreementInput!) { approveSelectionByAgreement(input: $input) {
        selectionApproval { id ground failedTender { id } } } }";
    let approval = json!({ "input": { "estateId": estate, "ground": "FEWER_THAN_THREE_BIDDERS", "note": "公开招标仅2家投标",
        "failedTenderId": tender["id"] } });
    refused(&app, &town, (approve, approval.clone()), "FORBIDDEN", None, "selection_approval").await;
    let mut without = approval.clone();
    without["input"]["failedTenderId"] = Value::Null;
    refused(&app, &county, (approve, without), "BAD_USER_INPUT", Some("failed-tender"), "selection_approval").await;
    app.data_as(&county, approve, approval).await;
    let by_agreement = app.data_as(&town, ANNOUNCE, agreed.clone()).await["announceTender"]["tender"].clone();
    assert_eq!(by_agreement["method"], "BY_AGREEMENT");
    // An approval serves one tender.
    refused(&app, &town, (ANNOUNCE, agreed), "INVALID_STATE", None, "tender").await;
}

#[tokio::test]
async fn an_award_without_a_contract_for_thirty_days_is_overdue() {
    let app = spawn_app().await;
    let (estate, town_code, _community, enterprises) = setting(&app, 2).await;
    let town = token("town", json!(town_code), "town-officer");
    let input = json!({ "input": { "estateId": estate, "kind": "EARLY_STAGE", "method": "INVITED_TENDER",
        "serviceScope": "保洁", "ceilingFee": "1.50", "documentsIssuedOn": days_ago(60), "bidDeadline": days_ago(50),
        "openingOn": days_ago(49), "invitedEnterpriseIds": [enterprises[0].0] } });
    let tender = app.data_as(&town, ANNOUNCE, input).await["announceTender"]["tender"].clone();
    let id = tender["id"].clone();
    let outsider = token("enterprise", json!(enterprises[1].1), "staff");
    refused(&app, &outsider, (BID, bid(&id, "1.30", 55)), "FORBIDDEN", None, "bid").await;
    app.data_as(&token("enterprise", json!(enterprises[0].1), "staff"), BID, bid(&id, "1.30", 55)).await;
    let opened = app.data_as(&town, OPEN, step(&id, 1, 49)).await["openBids"]["tender"].clone();
    let only = opened["bids"][0]["id"].clone();
    let evaluation = json!({ "input": { "id": id, "expectedVersion": 2, "scores": [{ "bidId": only, "score": "80" }],
        "panel": "王磊", "on": days_ago(48) } });
    app.data_as(&town, EVALUATE, evaluation).await;
    app.data_as(&town, PUBLICIZE, step(&id, 3, 45)).await;
    // Awarded 31 days ago: the 30 days to sign ran out yesterday.
    let awarded = app.data_as(&town, AWARD, step(&id, 4, 31)).await["awardTender"]["tender"].clone();
    assert_eq!(awarded["contractDueOn"], days_ago(1));
    assert_eq!(awarded["isContractOverdue"], true);
    let response = app.post_as(&town, AWARD, step(&id, 5, 0)).await.1;
    assert_eq!(error_codes(&response), ["INVALID_STATE"]);
}
