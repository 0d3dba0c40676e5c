//! Contracts through the API: the term and fee are checked, an estate has at most one open contract (even when two
//! towns race for it), only an open contract can be terminated, and only an ACTIVE enterprise takes one. Every
//! refusal writes nothing.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use serde_json::{Value, json};

const CREATE: &str =
    "mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id version status } } }";
const TERMINATE: &str =
    "mutation($input: TerminateContractInput!) { terminateContract(input: $input) { contract { id version status } } }";
const TOWN: &str = "340621100";

/// Estates of the town, with and without an open contract, and the enterprises by status.
struct Fixture {
    served: Value,
    unserved: Value,
    active: Value,
    suspended: Value,
}

async fn fixture(app: &TestApp) -> Fixture {
    let data = app
        .data(
            "query($t: String) {
                estates(first: 100, filter: {townCode: $t}) { edges { node { id activeContract { id version startOn } } } }
                active: enterprises(first: 1, filter: {status: ACTIVE}) { edges { node { id } } }
                suspended: enterprises(first: 1, filter: {status: SUSPENDED}) { edges { node { id } } }
            }",
            json!({ "t": TOWN }),
        )
        .await;
    let estates: Vec<Value> = data["estates"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect();
    Fixture {
        served: estates.iter().find(|e| !e["activeContract"].is_null()).unwrap().clone(),
        unserved: estates.iter().find(|e| e["activeContract"].is_null()).unwrap().clone(),
        active: data["active"]["edges"][0]["node"].clone(),
        suspended: data["suspended"]["edges"][0]["node"].clone(),
    }
}

fn contract_for(estate: &Value, enterprise: &Value) -> Value {
    json!({ "estateId": estate["id"], "enterpriseId": enterprise["id"], "startOn": "2026-12-01", "endOn": "2029-11-30",
        "feePerSquareMeterMonth": "1.20", "selection": "BIDDING" })
}

async fn change_count(app: &TestApp) -> i64 {
    app.data("{ changes { totalCount } }", json!({})).await["changes"]["totalCount"].as_i64().unwrap()
}

/// A term that ends before it starts, or a negative fee, is BAD_USER_INPUT naming the field and rule.
#[tokio::test]
async fn contract_dates_and_fees_are_checked() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let town = token("town", json!(TOWN), "town-officer");
    let before = change_count(&app).await;
    let mut backwards = contract_for(&f.unserved, &f.active);
    backwards["endOn"] = json!("2026-11-30");
    let mut negative = contract_for(&f.unserved, &f.active);
    negative["feePerSquareMeterMonth"] = json!("-0.50");
    for (input, field, rule) in
        [(backwards, "endOn", "end-after-start"), (negative, "feePerSquareMeterMonth", "non-negative")]
    {
        let (_, response) = app.post_as(&town, CREATE, json!({ "input": input })).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field);
        assert_eq!(response["errors"][0]["extensions"]["rule"], rule);
    }
    let mut one_day = contract_for(&f.unserved, &f.active);
    one_day["endOn"] = one_day["startOn"].clone();
    app.data_as(&town, CREATE, json!({ "input": one_day })).await;
    assert_eq!(change_count(&app).await, before + 1, "only the valid contract was written");
}

/// An estate that is served already gets no second contract: INVALID_STATE, and nothing is written.
#[tokio::test]
async fn a_second_contract_on_a_served_estate_is_refused() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let town = token("town", json!(TOWN), "town-officer");
    let before = change_count(&app).await;
    let (_, response) = app.post_as(&town, CREATE, json!({ "input": contract_for(&f.served, &f.active) })).await;
    assert_eq!(error_codes(&response), ["INVALID_STATE"], "{response:#}");
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("terminate it first"));
    assert_eq!(change_count(&app).await, before);
}

/// Two staff members of the town create a contract for the same unserved estate at the same moment: the database's
/// unique index lets exactly one win, and the other gets the same INVALID_STATE as one who came second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_contracts_for_one_estate_let_exactly_one_win() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let (a, b) = (token("town", json!(TOWN), "officer-a"), token("county", json!("340621"), "officer-b"));
    let input = json!({ "input": contract_for(&f.unserved, &f.active) });
    let (first, second) = tokio::join!(app.post_as(&a, CREATE, input.clone()), app.post_as(&b, CREATE, input.clone()));
    let mut outcomes = vec![error_codes(&first.1), error_codes(&second.1)];
    outcomes.sort();
    assert_eq!(outcomes, vec![Vec::<String>::new(), vec!["INVALID_STATE".to_owned()]], "{first:?} {second:?}");
}

/// A contract is terminated once; terminating it again is INVALID_STATE naming its state, and changes nothing.
#[tokio::test]
async fn only_an_open_contract_can_be_terminated() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let town = token("town", json!(TOWN), "town-officer");
    let contract = &f.served["activeContract"];
    let terminate = |version: &Value| {
        json!({ "input": { "id": contract["id"], "expectedVersion": version, "terminatedOn": "2026-11-30",
            "reason": "业主大会决定解聘" } })
    };
    let done = app.data_as(&town, TERMINATE, terminate(&contract["version"])).await;
    let terminated = &done["terminateContract"]["contract"];
    assert_eq!(terminated["status"], "TERMINATED");
    let before = change_count(&app).await;
    let (_, again) = app.post_as(&town, TERMINATE, terminate(&terminated["version"])).await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"], "{again:#}");
    let message = again["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("TERMINATED") && message.contains("ACTIVE, EXIT_WARNED"), "{message}");
    assert!(again["errors"][0]["extensions"]["messageZh"].as_str().unwrap().contains("终止合同"));
    assert_eq!(change_count(&app).await, before);

    // The estate is free again: a new contract may start.
    app.data_as(&town, CREATE, json!({ "input": contract_for(&f.served, &f.active) })).await;
}

/// A suspended enterprise takes no new contract.
#[tokio::test]
async fn a_suspended_enterprise_takes_no_contract() {
    let app = spawn_app().await;
    let f = fixture(&app).await;
    let town = token("town", json!(TOWN), "town-officer");
    let (_, response) = app.post_as(&town, CREATE, json!({ "input": contract_for(&f.unserved, &f.suspended) })).await;
    assert_eq!(error_codes(&response), ["INVALID_STATE"], "{response:#}");
    assert!(response["errors"][0]["message"].as_str().unwrap().contains("SUSPENDED"));
}
