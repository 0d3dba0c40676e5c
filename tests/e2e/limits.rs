//! Page size, depth and complexity limits refuse a document before it runs, with QUERY_REJECTED and no data; the
//! explorers' introspection query still works, and the server keeps serving.

use crate::helpers::{error_codes, spawn_app};
use serde_json::{Value, json};

fn assert_rejected(response: &Value, reason: &str) {
    assert_eq!(error_codes(response), ["QUERY_REJECTED"], "{response:#}");
    assert_eq!(response["errors"][0]["extensions"]["reason"], reason, "{response:#}");
    assert!(response["errors"][0]["extensions"]["messageZh"].is_string());
    assert!(response.get("data").is_none(), "a rejected query returns no data: {response:#}");
}

/// `first: 101`, literal or through a variable, and `first: 0` are refused; `first: 100` is served.
#[tokio::test]
async fn first_above_one_hundred_is_rejected() {
    let app = spawn_app().await;
    assert_rejected(&app.post("{ estates(first: 101) { totalCount } }", json!({})).await, "PAGE_SIZE");
    assert_rejected(&app.post("{ estates(first: 0) { totalCount } }", json!({})).await, "PAGE_SIZE");
    let by_variable = app.post("query($n: Int) { estates(first: $n) { totalCount } }", json!({ "n": 101 })).await;
    assert_rejected(&by_variable, "PAGE_SIZE");
    let by_default = app.post("query($n: Int = 500) { towns(first: $n) { totalCount } }", json!({})).await;
    assert_rejected(&by_default, "PAGE_SIZE");
    let nested = app.post("{ counties { edges { node { towns(first: 101) { name } } } } }", json!({})).await;
    assert_rejected(&nested, "PAGE_SIZE");
    let ok = app.data("{ estates(first: 100) { edges { node { id } } } }", json!({})).await;
    assert_eq!(ok["estates"]["edges"].as_array().unwrap().len(), 100);
}

/// A chain of `n` nested fields: estate → community → town → county → towns → communities → estates → …
fn nested(levels: usize) -> String {
    let steps = ["community", "town", "county", "towns", "communities", "estates"];
    let mut query = String::from("estates(first: 1) { edges { node { ");
    let mut depth = 3; // estates, edges, node
    let mut closing = String::from(" } } }");
    let mut i = 0;
    while depth < levels - 1 {
        query.push_str(steps[i % steps.len()]);
        query.push_str(" { ");
        closing.insert_str(0, " }");
        depth += 1;
        i += 1;
    }
    format!("{{ {query}name{closing} }}")
}

/// Ten levels are served; eleven are refused.
#[tokio::test]
async fn queries_deeper_than_ten_levels_are_rejected() {
    let app = spawn_app().await;
    let ten = app.post(&nested(10), json!({})).await;
    assert!(ten.get("errors").is_none(), "{ten:#}");
    assert_rejected(&app.post(&nested(11), json!({})).await, "DEPTH");
    // Depth through fragments counts too.
    let via_fragment = format!("query {{ ...F }} fragment F on Query {}", nested(11));
    assert_rejected(&app.post(&via_fragment, json!({})).await, "DEPTH");
}

/// Lists multiply: 100 estates × 100 contracts × 100 estates served is far over the budget.
#[tokio::test]
async fn over_budget_queries_are_rejected() {
    let app = spawn_app().await;
    let query = "{ estates(first: 100) { edges { node { contracts(first: 100) {
        enterprise { estatesServed(first: 100) { name code } } } } } } }";
    assert_rejected(&app.post(query, json!({})).await, "COMPLEXITY");
    let healthy = app.data("{ counties { totalCount } }", json!({})).await;
    assert_eq!(healthy["counties"]["totalCount"], 1, "the server keeps serving after rejections");
}

/// The standard introspection query that GraphiQL sends (13 levels deep) is answered.
#[tokio::test]
async fn the_explorer_introspection_query_is_answered() {
    let app = spawn_app().await;
    let data = app.data(INTROSPECTION, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    assert!(types.iter().any(|t| t["name"] == "Estate"));
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}

/// Syntax and validation errors carry the same code.
#[tokio::test]
async fn invalid_documents_are_rejected_with_a_code() {
    let app = spawn_app().await;
    assert_rejected(&app.post("{ estates(first: 1) { ", json!({})).await, "SYNTAX");
    assert_rejected(&app.post("{ estates { nope } }", json!({})).await, "VALIDATION");
    let bad_cursor = app.post("{ estates(after: \"garbage\") { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&bad_cursor), ["BAD_USER_INPUT"]);
    assert_eq!(bad_cursor["errors"][0]["extensions"]["field"], "after");
}

const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name } } } } } } }
}
"#;
