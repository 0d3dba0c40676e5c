//! Opaque global ids round-trip through `node` and `nodes` for every type; unknown ids read as null.

use crate::helpers::spawn_app;
use serde_json::{Value, json};

/// Every type's id, fed back to `node(id:)`, returns the same record with its type name.
#[tokio::test]
async fn node_ids_round_trip_for_every_type() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ estates(first: 50, filter: {serviceMode: MARKET}) { edges { node {
                id community { id town { id county { id } } }
                activeContract { id enterprise { id } }
                committees { id }
            } } } }",
            json!({}),
        )
        .await;
    let estates: Vec<&Value> = data["estates"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
    let estate =
        estates.iter().find(|e| !e["committees"].as_array().unwrap().is_empty()).expect("an estate with a committee");
    let cases = [
        ("Estate", &estate["id"]),
        ("Community", &estate["community"]["id"]),
        ("Town", &estate["community"]["town"]["id"]),
        ("County", &estate["community"]["town"]["county"]["id"]),
        ("ServiceContract", &estate["activeContract"]["id"]),
        ("Enterprise", &estate["activeContract"]["enterprise"]["id"]),
        ("Committee", &estate["committees"][0]["id"]),
    ];
    for (type_name, id) in cases {
        let node = app.data("query($id: ID!) { node(id: $id) { __typename id } }", json!({ "id": id })).await;
        assert_eq!(node["node"]["__typename"], type_name);
        assert_eq!(&node["node"]["id"], id);
    }
}

/// `nodes` keeps the order of the ids asked for and puts null where an id is unknown or malformed.
#[tokio::test]
async fn nodes_keep_order_and_null_unknown_ids() {
    let app = spawn_app().await;
    let data = app.data("{ estates(first: 3) { edges { node { id } } } }", json!({})).await;
    let ids: Vec<Value> =
        data["estates"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()).collect();
    let unknown_estate = "RXN0YXRlOjk5OTk5OQ"; // Estate:999999
    let asked = json!([ids[2], unknown_estate, ids[0], "not an id", ids[1]]);
    let got = app
        .data("query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Estate { code } } }", json!({ "ids": asked }))
        .await;
    let nodes = got["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 5);
    assert_eq!(nodes[0]["id"], ids[2]);
    assert!(nodes[1].is_null());
    assert_eq!(nodes[2]["id"], ids[0]);
    assert!(nodes[3].is_null());
    assert_eq!(nodes[4]["id"], ids[1]);
    let single = app.data("{ node(id: \"RXN0YXRlOjk5OTk5OQ\") { id } }", json!({})).await;
    assert!(single["node"].is_null());
}
