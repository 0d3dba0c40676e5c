//! The public lists and looks up property-service enterprises.

use crate::helpers::{error_codes, spawn_app, token};
use serde_json::json;

/// Every enterprise has a credit code that passes the GB 32100-2015 check, and is found by it (in any case).
#[tokio::test]
async fn enterprises_are_found_by_credit_code() {
    let app = spawn_app().await;
    let data = app
        .data("{ enterprises(first: 100) { totalCount edges { node { id creditCode name status } } } }", json!({}))
        .await;
    let edges = data["enterprises"]["edges"].as_array().unwrap();
    assert!(edges.len() >= 12);
    assert_eq!(data["enterprises"]["totalCount"].as_u64().unwrap() as usize, edges.len());
    for edge in edges {
        let code = edge["node"]["creditCode"].as_str().unwrap();
        assert!(api::domain::credit_code::CreditCode::parse(code).is_ok(), "{code}");
    }
    let sample = &edges[0]["node"];
    let lowercase = sample["creditCode"].as_str().unwrap().to_lowercase();
    let found =
        app.data("query($c: String) { enterprise(creditCode: $c) { id name } }", json!({ "c": lowercase })).await;
    assert_eq!(found["enterprise"]["id"], sample["id"]);
    let missing = app.data("{ enterprise(creditCode: \"91110000600037341L\") { id } }", json!({})).await;
    assert!(missing["enterprise"].is_null());
}

/// Filtering by status keeps only that status; the suspended demo enterprise serves no estate.
#[tokio::test]
async fn enterprises_filter_by_status() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ enterprises(first: 100, filter: {status: SUSPENDED}) { totalCount edges { node { status estatesServed { code } } } } }",
            json!({}),
        )
        .await;
    let edges = data["enterprises"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    assert!(edges.iter().all(|e| e["node"]["status"] == "SUSPENDED"));
    assert!(edges.iter().all(|e| e["node"]["estatesServed"] == json!([])));
}

/// What an enterprise serves, its contracts and its filings agree with the estates that name it.
#[tokio::test]
async fn an_enterprise_lists_its_contracts_estates_and_filings() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ enterprises(first: 20, filter: {status: ACTIVE}, orderBy: {field: CREDIT_CODE}) { edges { node {
                creditCode
                estatesServed(first: 30) { code enterprise { creditCode } community { code } }
                contracts(first: 30) { status estate { code } enterprise { creditCode } }
                filings(first: 30) { community { code } filedOn }
            } } } }",
            json!({}),
        )
        .await;
    let edges = data["enterprises"]["edges"].as_array().unwrap();
    let codes: Vec<&str> = edges.iter().map(|e| e["node"]["creditCode"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
    let busy = edges.iter().map(|e| &e["node"]).find(|n| !n["estatesServed"].as_array().unwrap().is_empty()).unwrap();
    let code = &busy["creditCode"];
    for estate in busy["estatesServed"].as_array().unwrap() {
        assert_eq!(&estate["enterprise"]["creditCode"], code);
        let filed =
            busy["filings"].as_array().unwrap().iter().any(|f| f["community"]["code"] == estate["community"]["code"]);
        assert!(filed, "an enterprise is filed in the communities of the estates it serves");
    }
    let open: Vec<_> = busy["contracts"].as_array().unwrap().iter().filter(|c| c["status"] != "TERMINATED").collect();
    assert_eq!(open.len(), busy["estatesServed"].as_array().unwrap().len());
    assert!(busy["contracts"].as_array().unwrap().iter().all(|c| &c["enterprise"]["creditCode"] == code));
}

/// DEREGISTERED is final: once deregistered, an enterprise's status cannot change again, and the refusal names the
/// state; nothing is written.
#[tokio::test]
async fn deregistered_is_final() {
    let app = spawn_app().await;
    let county = token("county", json!("340621"), "county-officer");
    let data = app
        .data("{ enterprises(first: 1, filter: {status: ACTIVE}) { edges { node { id version } } } }", json!({}))
        .await;
    let enterprise = &data["enterprises"]["edges"][0]["node"];
    const CHANGE: &str = "mutation($input: ChangeEnterpriseStatusInput!) { changeEnterpriseStatus(input: $input) { enterprise { status version } } }";
    let change = |version: &serde_json::Value, status: &str| json!({ "input": { "id": enterprise["id"], "expectedVersion": version, "status": status, "reason": "依法注销" } });
    let done = app.data_as(&county, CHANGE, change(&enterprise["version"], "DEREGISTERED")).await;
    let deregistered = &done["changeEnterpriseStatus"]["enterprise"];
    assert_eq!(deregistered["status"], "DEREGISTERED");
    for status in ["ACTIVE", "SUSPENDED", "DEREGISTERED"] {
        let (_, response) = app.post_as(&county, CHANGE, change(&deregistered["version"], status)).await;
        assert_eq!(error_codes(&response), ["INVALID_STATE"], "{status}: {response:#}");
        assert!(response["errors"][0]["message"].as_str().unwrap().contains("DEREGISTERED"));
    }
    let after = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Enterprise { status version } } }",
            json!({ "id": enterprise["id"] }),
        )
        .await;
    assert_eq!(after["node"]["version"], deregistered["version"], "nothing was written");
}
