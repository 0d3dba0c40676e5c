//! The public lists, filters and looks up estates, and follows their relations both ways.

use crate::helpers::{Data, TestApp, error_codes, spawn_app, spawn_app_with, token};
use serde_json::{Value, json};
use std::collections::HashSet;

const ESTATE_FIELDS: &str = "id code name serviceMode housingType
    community { code town { code } }
    enterprise { creditCode }";

/// Walks every page of `estates` with the given page size, filter and order; returns the nodes and totalCount.
async fn walk(app: &TestApp, page_size: i64, filter: Value, order_by: Value) -> (Vec<Value>, i64) {
    let query = format!(
        "query($first: Int, $after: String, $filter: EstateFilter, $orderBy: EstateOrder) {{
            estates(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {{
                totalCount pageInfo {{ hasNextPage hasPreviousPage endCursor }}
                edges {{ cursor node {{ {ESTATE_FIELDS} }} }}
            }}
        }}"
    );
    let (mut nodes, mut after) = (Vec::new(), Value::Null);
    loop {
        let vars = json!({ "first": page_size, "after": after, "filter": filter, "orderBy": order_by });
        let page = app.data(&query, vars).await["estates"].clone();
        let total = page["totalCount"].as_i64().unwrap();
        let edges = page["edges"].as_array().unwrap();
        assert!(edges.len() as i64 <= page_size);
        assert_eq!(page["pageInfo"]["hasPreviousPage"], !after.is_null());
        nodes.extend(edges.iter().map(|e| e["node"].clone()));
        if page["pageInfo"]["hasNextPage"] != true {
            return (nodes, total);
        }
        after = page["pageInfo"]["endCursor"].clone();
        assert_eq!(edges.last().unwrap()["cursor"], after);
    }
}

fn ids(nodes: &[Value]) -> Vec<String> {
    nodes.iter().map(|n| n["id"].as_str().unwrap().to_owned()).collect()
}

/// Walking all pages visits every estate exactly once, whatever the page size, and totalCount agrees.
#[tokio::test]
async fn pagination_walk_visits_every_estate_once() {
    let app = spawn_app().await;
    let (by_sevens, total) = walk(&app, 7, Value::Null, Value::Null).await;
    assert!(total >= 60, "the demo has at least 60 estates, not {total}");
    assert_eq!(by_sevens.len() as i64, total);
    let unique: HashSet<String> = ids(&by_sevens).into_iter().collect();
    assert_eq!(unique.len() as i64, total, "an estate appeared twice");
    let (by_hundreds, _) = walk(&app, 100, Value::Null, Value::Null).await;
    assert_eq!(ids(&by_sevens), ids(&by_hundreds), "the order depends on the page size");
}

/// Ordering by code, descending, walks the codes from the highest down.
#[tokio::test]
async fn estates_order_by_code_descending() {
    let app = spawn_app().await;
    let (nodes, total) = walk(&app, 30, Value::Null, json!({ "field": "CODE", "direction": "DESC" })).await;
    assert_eq!(nodes.len() as i64, total);
    let codes: Vec<&str> = nodes.iter().map(|n| n["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(codes, sorted);
}

/// Each filter keeps exactly the estates that match it, as seen from the full list.
#[tokio::test]
async fn filters_keep_exactly_the_matching_estates() {
    let app = spawn_app().await;
    let (all, _) = walk(&app, 100, Value::Null, Value::Null).await;
    let matching = |pred: &dyn Fn(&Value) -> bool| -> HashSet<String> {
        all.iter().filter(|n| pred(n)).map(|n| n["id"].as_str().unwrap().to_owned()).collect()
    };
    let sample = all.iter().find(|n| !n["enterprise"].is_null()).expect("an estate with an enterprise");
    let town = sample["community"]["town"]["code"].as_str().unwrap().to_owned();
    let community = sample["community"]["code"].as_str().unwrap().to_owned();
    let credit_code = sample["enterprise"]["creditCode"].as_str().unwrap().to_owned();
    let fragment: String = sample["name"].as_str().unwrap().chars().take(2).collect();

    let cases: Vec<(Value, HashSet<String>)> = vec![
        (json!({ "townCode": town }), matching(&|n| n["community"]["town"]["code"] == town)),
        (json!({ "communityCode": community }), matching(&|n| n["community"]["code"] == community)),
        (json!({ "serviceMode": "FIVE_BASICS" }), matching(&|n| n["serviceMode"] == "FIVE_BASICS")),
        (json!({ "housingType": "COMMODITY" }), matching(&|n| n["housingType"] == "COMMODITY")),
        (json!({ "nameContains": fragment }), matching(&|n| n["name"].as_str().unwrap().contains(&fragment))),
        (json!({ "enterpriseCreditCode": credit_code }), matching(&|n| n["enterprise"]["creditCode"] == credit_code)),
        (
            json!({ "townCode": town, "serviceMode": "MARKET" }),
            matching(&|n| n["community"]["town"]["code"] == town && n["serviceMode"] == "MARKET"),
        ),
    ];
    for (filter, expected) in cases {
        assert!(!expected.is_empty(), "the demo data should match {filter}");
        let (nodes, total) = walk(&app, 25, filter.clone(), Value::Null).await;
        let got: HashSet<String> = ids(&nodes).into_iter().collect();
        assert_eq!(got, expected, "filter {filter}");
        assert_eq!(total as usize, expected.len(), "totalCount of filter {filter}");
    }
    let (none, total) = walk(&app, 10, json!({ "nameContains": "%" }), Value::Null).await;
    assert!(none.is_empty() && total == 0, "a % in the text is not a wildcard");
}

/// An estate is found by its code or its id, with its place in the hierarchy and its current contract.
#[tokio::test]
async fn an_estate_is_found_by_code_or_id_with_its_relations() {
    let app = spawn_app().await;
    let listed = app
        .data("{ estates(first: 100, filter: {serviceMode: MARKET}) { edges { node { id code } } } }", json!({}))
        .await;
    let first = &listed["estates"]["edges"][0]["node"];
    let query = "query($id: ID, $code: String) { estate(id: $id, code: $code) {
        id code privateArea location { datum }
        community { estates { code } } town { county { code } }
        activeContract { status enterprise { creditCode estatesServed(first: 100) { code } } }
        enterprise { creditCode }
    } }";
    let by_code = app.data(query, json!({ "code": first["code"] })).await["estate"].clone();
    let by_id = app.data(query, json!({ "id": first["id"] })).await["estate"].clone();
    assert_eq!(by_code, by_id);
    assert_eq!(by_code["town"]["county"]["code"], "340621");
    assert_eq!(by_code["location"]["datum"], "GCJ02");
    assert!(by_code["privateArea"].as_str().unwrap().contains('.'), "areas are decimal strings");
    assert!(by_code["community"]["estates"].as_array().unwrap().iter().any(|e| e["code"] == first["code"]));
    assert_ne!(by_code["activeContract"]["status"], "TERMINATED");
    assert_eq!(by_code["activeContract"]["enterprise"]["creditCode"], by_code["enterprise"]["creditCode"]);
    let served = by_code["activeContract"]["enterprise"]["estatesServed"].as_array().unwrap();
    assert!(served.iter().any(|e| e["code"] == first["code"]), "the enterprise lists the estate it serves");

    let unknown = app.data(query, json!({ "code": "XQ0000000000" })).await;
    assert!(unknown["estate"].is_null());
    let wrong_kind = app.data("{ town(code: \"340621100\") { id } }", json!({})).await;
    let as_estate = app.data(query, json!({ "id": wrong_kind["town"]["id"] })).await;
    assert!(as_estate["estate"].is_null(), "a town's id is no estate's id");
}

/// Past contracts and dissolved committees stay public beside the current ones.
#[tokio::test]
async fn estate_history_keeps_past_contracts_and_dissolved_committees() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ estates(first: 100) { edges { node {
                contracts(first: 5) { status terminatedOn terminationReason }
                committees(first: 5) { kind status dissolvedOn dissolutionReason members(first: 11) { name position } }
                activeCommittee { kind status members(first: 11) { position } }
            } } } }",
            json!({}),
        )
        .await;
    let estates: Vec<&Value> = data["estates"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
    let with_history = estates
        .iter()
        .find(|e| e["contracts"].as_array().unwrap().iter().any(|c| c["status"] == "TERMINATED"))
        .expect("an estate that changed enterprise");
    let terminated =
        with_history["contracts"].as_array().unwrap().iter().find(|c| c["status"] == "TERMINATED").unwrap();
    assert!(terminated["terminatedOn"].is_string() && terminated["terminationReason"].is_string());

    let replaced = estates
        .iter()
        .find(|e| e["committees"].as_array().unwrap().iter().any(|c| c["status"] == "DISSOLVED"))
        .expect("an estate whose management committee made way for an owners' committee");
    assert_eq!(replaced["activeCommittee"]["kind"], "OWNERS");
    let dissolved = replaced["committees"].as_array().unwrap().iter().find(|c| c["status"] == "DISSOLVED").unwrap();
    assert_eq!(dissolved["kind"], "MANAGEMENT");
    assert!(dissolved["dissolutionReason"].is_string());
    assert!(!dissolved["members"].as_array().unwrap().is_empty(), "a dissolved committee keeps its members");
    let chairs = replaced["activeCommittee"]["members"].as_array().unwrap().iter().filter(|m| m["position"] == "CHAIR");
    assert_eq!(chairs.count(), 1);
}

/// Members' phones and other staff-only fields read as null for the public, while names and positions show.
#[tokio::test]
async fn member_phones_are_null_for_the_public() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ estates(first: 100) { edges { node { activeCommittee { members { name position phone affiliation isPartyMember tags } } } } } }",
            json!({}),
        )
        .await;
    let members: Vec<Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["node"]["activeCommittee"]["members"].as_array().cloned())
        .flatten()
        .collect();
    assert!(!members.is_empty());
    for member in members {
        assert!(member["name"].is_string() && member["position"].is_string());
        for field in ["phone", "affiliation", "isPartyMember", "tags"] {
            assert!(member[field].is_null(), "{field} leaked: {member}");
        }
    }
}

/// An empty database (no demo) serves empty connections and says it holds no demo data.
#[tokio::test]
async fn an_empty_database_lists_nothing_and_is_not_demo() {
    let app = spawn_app_with(Data::Empty).await;
    let data = app
        .data(
            "{ dataset { demo } estates { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["dataset"]["demo"], false);
    assert_eq!(data["estates"]["totalCount"], 0);
    assert_eq!(data["estates"]["edges"], json!([]));
    assert_eq!(data["estates"]["pageInfo"]["hasNextPage"], false);
    let demo = spawn_app().await;
    assert_eq!(demo.data("{ dataset { demo } }", json!({})).await["dataset"]["demo"], true);
}

/// Coordinates outside ±90°/±180° and malformed phone numbers are BAD_USER_INPUT naming the field and the rule; a
/// location can be set and cleared again.
#[tokio::test]
async fn coordinates_and_phones_are_checked() {
    let app = spawn_app().await;
    let data = app
        .data("{ estates(first: 1, filter: {townCode: \"340621100\"}) { edges { node { id version community { code } } } } }", json!({}))
        .await;
    let estate = &data["estates"]["edges"][0]["node"];
    let town = token("town", json!("340621100"), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    const UPDATE: &str = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { version location { latitude longitude datum } } } }";
    let at = |version: &Value, location: Value| json!({ "input": { "id": estate["id"], "expectedVersion": version, "location": location } });
    for location in [json!({ "latitude": 91.0, "longitude": 116.7 }), json!({ "latitude": 33.9, "longitude": -180.5 })]
    {
        let (_, response) = app.post_as(&town, UPDATE, at(&estate["version"], location)).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
        assert_eq!(response["errors"][0]["extensions"]["field"], "location");
        assert_eq!(response["errors"][0]["extensions"]["rule"], "coordinates");
    }
    let set = app
        .data_as(&town, UPDATE, at(&estate["version"], json!({ "latitude": 33.9161234, "longitude": 116.7665 })))
        .await;
    let set = &set["updateEstate"]["estate"];
    assert_eq!(set["location"], json!({ "latitude": 33.916123, "longitude": 116.7665, "datum": "GCJ02" }));
    let cleared = app.data_as(&town, UPDATE, at(&set["version"], Value::Null)).await;
    assert!(cleared["updateEstate"]["estate"]["location"].is_null());

    let register =
        "mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { enterprise { phone } } }";
    let enterprise = |phone: &str| {
        json!({ "input": { "creditCode": "91340621MA2T9999X4", "name": "濉溪县新物业服务有限公司",
        "legalRepresentative": "张三", "address": "濉溪县濉溪镇1号", "phone": phone } })
    };
    let (_, response) = app.post_as(&county, register, enterprise("call 0561")).await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
    assert_eq!(
        (&response["errors"][0]["extensions"]["field"], &response["errors"][0]["extensions"]["rule"]),
        (&json!("phone"), &json!("phone"))
    );
    let ok = app.data_as(&county, register, enterprise(" 0561-6800123 ")).await;
    assert_eq!(ok["registerEnterprise"]["enterprise"]["phone"], "0561-6800123");

    let mut members = crate::mutations::valid_management_members();
    members[2]["phone"] = json!("一三九");
    let form = "mutation($input: FormManagementCommitteeInput!) { formManagementCommittee(input: $input) { committee { id } } }";
    let free = app
        .data("{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { id activeCommittee { id } } } } }", json!({}))
        .await;
    let free =
        free["estates"]["edges"].as_array().unwrap().iter().find(|e| e["node"]["activeCommittee"].is_null()).unwrap();
    let input = json!({ "input": { "estateId": free["node"]["id"], "formedOn": "2026-11-20", "members": members } });
    let (_, response) = app.post_as(&town, form, input).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "members[2].phone", "{response:#}");
}
