//! Every limit refuses a document before it runs, with QUERY_REJECTED, the limit's `reason`, the `value` measured
//! and the `budget`, and no data: tokens, selections, aliases, directives, repeated fields, depth, page size and
//! complexity (counts priced); the explorers' introspection query still works, and the server keeps serving.

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
    // A variable the document requires and the request did not send is the client's mistake, never INTERNAL.
    let missing = app.post("query($code: String!) { town(code: $code) { name } }", json!({})).await;
    assert_eq!(error_codes(&missing), ["BAD_USER_INPUT"], "{missing}");
    assert_eq!(missing["errors"][0]["extensions"]["rule"], "variable-required");
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

/// Each shape limit refuses a document just over its value, naming the limit with the value measured and the
/// budget, and accepts one at it.
#[tokio::test]
async fn each_shape_limit_refuses_just_over_its_value_and_accepts_at_it() {
    let app = crate::helpers::spawn_app_configured(crate::helpers::Data::Demo, |s| {
        s.limits.max_tokens = 40;
        s.limits.max_selections = 12;
        s.limits.max_aliases = 3;
        s.limits.max_directives = 2;
        s.limits.max_repeated_fields = 4;
    })
    .await;
    let check = |query: String, reason: Option<&'static str>, value: usize, budget: usize| {
        let app = &app;
        async move {
            let response = app.post(&query, json!({})).await;
            match reason {
                None => assert!(response.get("errors").is_none(), "{query}: {response:#}"),
                Some(reason) => {
                    assert_rejected(&response, reason);
                    let extensions = &response["errors"][0]["extensions"];
                    assert_eq!(
                        (extensions["value"].as_u64(), extensions["budget"].as_u64()),
                        (Some(value as u64), Some(budget as u64)),
                        "{query}: {response:#}"
                    );
                }
            }
        }
    };
    // Tokens, counted before parsing (comments are not tokens): `{ tI: __typename … }` has 2 + 3n.
    let tokens =
        |n: usize| format!("{{ {} }}", (0..n).map(|i| format!("t{i}: __typename")).collect::<Vec<_>>().join(" "));
    check(format!("# {}\n{{ {} }}", "x ".repeat(100), "__typename ".repeat(4)), None, 0, 0).await;
    check(tokens(13), Some("TOKENS"), 41, 40).await;
    // 38 repeated fields are 40 tokens: past the token check, refused by the repeated-fields limit.
    check(format!("{{ {} }}", "__typename ".repeat(38)), Some("REPEATED_FIELDS"), 5, 4).await;
    // Aliases: 3 accepted, 4 refused.
    check(tokens(3), None, 0, 0).await;
    check(tokens(4), Some("ALIASES"), 4, 3).await;
    // Repeated fields: the same response key 4 times accepted, 5 refused (fragments count where spread).
    check("{ __typename __typename ...F ...F } fragment F on Query { __typename }".into(), None, 0, 0).await;
    check(
        "{ __typename __typename __typename ...F ...F } fragment F on Query { __typename }".into(),
        Some("REPEATED_FIELDS"),
        5,
        4,
    )
    .await;
    // Selections, fragments expanded: 12 accepted, 13 refused.
    let fragment = "fragment T on Town { code name kind }";
    check(format!("{{ towns(first: 1) {{ edges {{ node {{ ...T ...T ...T }} }} }} }} {fragment}"), None, 0, 0).await;
    let selections = format!("{{ towns(first: 1) {{ edges {{ node {{ ...T ...T ...T nameEn }} }} }} }} {fragment}");
    check(selections, Some("SELECTIONS"), 13, 12).await;
    // Directives: 2 on one field accepted, 3 refused.
    check("{ __typename @include(if: true) @skip(if: false) }".into(), None, 0, 0).await;
    check("{ __typename @include(if: true) @skip(if: false) @include(if: true) }".into(), Some("DIRECTIVES"), 3, 2)
        .await;
}

/// A count is priced: `totalCount` costs 100 points, so a budget of 150 takes one and refuses two.
#[tokio::test]
async fn counts_are_priced_in_the_complexity_budget() {
    let app = crate::helpers::spawn_app_configured(crate::helpers::Data::Demo, |s| s.limits.max_complexity = 150).await;
    let one = app.post("{ towns(first: 1) { totalCount } }", json!({})).await;
    assert!(one.get("errors").is_none(), "{one:#}");
    let two = app.post("{ towns(first: 1) { totalCount } estates(first: 1) { totalCount } }", json!({})).await;
    assert_rejected(&two, "COMPLEXITY");
    assert_eq!(two["errors"][0]["extensions"]["budget"], 150);
    assert_eq!(two["errors"][0]["extensions"]["value"], 200, "two counts of 100");
}
