//! The public browses the county → town → community hierarchy.

use crate::helpers::{error_codes, spawn_app};
use serde_json::json;

/// The demo county is 濉溪县 with its eleven real towns and two parks, each pointing back at the county.
#[tokio::test]
async fn the_county_lists_its_eleven_towns_and_two_parks() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ counties { totalCount edges { node { code name nameEn towns(first: 100) { code name kind county { code } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["counties"]["totalCount"], 1);
    let county = &data["counties"]["edges"][0]["node"];
    assert_eq!(county["code"], "340621");
    assert_eq!(county["name"], "濉溪县");
    let towns = county["towns"].as_array().unwrap();
    assert_eq!(towns.len(), 13);
    let names: Vec<&str> = towns.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for expected in
        ["濉溪镇", "韩村镇", "刘桥镇", "五沟镇", "临涣镇", "双堆集镇", "铁佛镇", "南坪镇", "百善镇", "孙疃镇", "四铺镇"]
    {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert_eq!(towns.iter().filter(|t| t["kind"] == "PARK").count(), 2);
    assert!(towns.iter().all(|t| t["county"]["code"] == "340621"));
    assert!(towns.iter().all(|t| t["code"].as_str().unwrap().starts_with("340621")));
}

/// Towns ordered by name come in pinyin order (百善 bǎi … 五沟 wǔ), the same on SQLite and PostgreSQL.
#[tokio::test]
async fn towns_by_name_come_in_pinyin_order() {
    let app = spawn_app().await;
    let data = app.data("{ towns(first: 100, orderBy: {field: NAME}) { edges { node { name } } } }", json!({})).await;
    let names: Vec<String> = data["towns"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.first().map(String::as_str), Some("百善镇"));
    let position = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(position("韩村镇") < position("刘桥镇"));
    assert!(position("四铺镇") < position("濉溪镇"));
    assert!(position("濉溪镇") < position("五沟镇"));
}

/// A town is found by code and by id alike; its communities all carry its code as their prefix.
#[tokio::test]
async fn a_town_is_found_by_code_or_id_with_its_communities() {
    let app = spawn_app().await;
    let by_code = app
        .data(
            "{ town(code: \"340621100\") { id name serviceCenter { staffCount } communities { code town { code } } } }",
            json!({}),
        )
        .await;
    let town = &by_code["town"];
    assert_eq!(town["name"], "濉溪镇");
    assert!(town["serviceCenter"]["staffCount"].as_i64().unwrap() >= 2);
    let communities = town["communities"].as_array().unwrap();
    assert!(!communities.is_empty());
    assert!(communities.iter().all(|c| c["code"].as_str().unwrap().starts_with("340621100")));
    let by_id = app.data("query($id: ID) { town(id: $id) { code } }", json!({ "id": town["id"] })).await;
    assert_eq!(by_id["town"]["code"], "340621100");
}

/// Communities filter by town; an unknown code reads as null, and asking by both id and code is refused.
#[tokio::test]
async fn communities_filter_by_town_and_unknown_codes_read_as_null() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ communities(first: 100, filter: {townCode: \"340621101\"}) { totalCount edges { node { town { code } } } } }",
            json!({}),
        )
        .await;
    let edges = data["communities"]["edges"].as_array().unwrap();
    assert_eq!(data["communities"]["totalCount"].as_u64().unwrap() as usize, edges.len());
    assert!(!edges.is_empty());
    assert!(edges.iter().all(|e| e["node"]["town"]["code"] == "340621101"));

    let missing =
        app.data("{ community(code: \"999999999999\") { name } county(code: \"110000\") { name } }", json!({})).await;
    assert!(missing["community"].is_null());
    assert!(missing["county"].is_null());

    let both = app.post("{ town(id: \"x\", code: \"340621100\") { name } }", json!({})).await;
    assert_eq!(error_codes(&both), ["BAD_USER_INPUT"]);
}
