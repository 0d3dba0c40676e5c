//! The HTTP edge as a client meets it: every error of every endpoint carries `extensions.code` and a request id, the
//! operation a request names must be in its document (by GET as by POST), answers come in the order asked, an
//! address nothing serves gets the site's page or the API's JSON error, and a database that is gone is UNAVAILABLE
//! on downloads as on GraphQL.

use crate::helpers::{error_codes, spawn_app};
use serde_json::{Value, json};

/// The keys of a JSON object, in the order the server wrote them.
fn keys(value: &Value) -> Vec<&str> {
    value.as_object().expect("an object").keys().map(String::as_str).collect()
}

/// An `operationName` that names no operation of the document is refused the same way by GET and POST; a document
/// of several operations needs one named. Both are request errors with a code and a reason.
#[tokio::test]
async fn the_operation_asked_for_must_be_in_the_document() {
    let app = spawn_app().await;
    let document = "query A { counties { totalCount } } query B { towns(first: 1) { totalCount } }";
    let cases = [(Some("Nope"), "UNKNOWN_OPERATION"), (None, "OPERATION_NAME_REQUIRED")];
    for (name, reason) in cases {
        let mut body = json!({ "query": document });
        let mut parameters = vec![("query", document.to_owned())];
        if let Some(name) = name {
            body["operationName"] = json!(name);
            parameters.push(("operationName", name.to_owned()));
        }
        let post = app.client.post(app.graphql_url()).json(&body);
        let get = app.client.get(app.graphql_url()).query(&parameters);
        for (method, request) in [("POST", post), ("GET", get)] {
            let response = request.header("accept", "application/graphql-response+json").send().await.unwrap();
            assert_eq!(response.status(), 400, "{method} {name:?}");
            assert!(response.headers().contains_key("x-request-id"));
            let answer: Value = response.json().await.unwrap();
            assert_eq!(error_codes(&answer), ["QUERY_REJECTED"], "{method} {name:?}: {answer}");
            assert_eq!(answer["errors"][0]["extensions"]["reason"], reason, "{method} {name:?}");
            assert!(answer.get("data").is_none(), "nothing ran: {answer}");
        }
    }
    // Named, it runs; legacy JSON clients get request errors as 200.
    let named = app.client.post(app.graphql_url()).json(&json!({ "query": document, "operationName": "B" }));
    let answer: Value = named.send().await.unwrap().json().await.unwrap();
    assert!(answer["data"]["towns"]["totalCount"].as_i64().unwrap() > 0, "{answer}");
    let legacy = app.client.post(app.graphql_url()).json(&json!({ "query": document, "operationName": "Nope" }));
    assert_eq!(legacy.send().await.unwrap().status(), 200);
}

/// Every object answers its fields in the order its selection asks, whatever its resolvers wait for: a
/// connection's count after its edges or before, a relation read by a loader before a plain column, root fields,
/// fragments, and an interface's fields by the concrete type's fragments.
#[tokio::test]
async fn fields_are_answered_in_the_order_asked() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ b: enterprises(first: 2) { pageInfo { hasNextPage endCursor } totalCount edges { node { contracts { estate { name } } name ...E } cursor } }
               a: estates(first: 1) { totalCount edges { node { id community { name } code } } } }
             fragment E on Enterprise { creditCode id }",
            json!({}),
        )
        .await;
    assert_eq!(keys(&data), ["b", "a"]);
    assert_eq!(keys(&data["b"]), ["pageInfo", "totalCount", "edges"]);
    assert_eq!(keys(&data["b"]["pageInfo"]), ["hasNextPage", "endCursor"]);
    let edge = &data["b"]["edges"][0];
    assert_eq!(keys(edge), ["node", "cursor"]);
    assert_eq!(keys(&edge["node"]), ["contracts", "name", "creditCode", "id"]);
    assert_eq!(keys(&data["a"]), ["totalCount", "edges"]);
    let estate = &data["a"]["edges"][0]["node"];
    assert_eq!(keys(estate), ["id", "community", "code"]);

    let id = estate["id"].clone();
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Town { name id } ... on Estate { community { name } name } id __typename } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(keys(&data["node"]), ["community", "name", "id", "__typename"], "the Estate fragment, not the Town's");
}

/// An address nothing serves: a reader gets the site's styled 404 page on every path (a browser asks for HTML);
/// a machine gets the JSON error with a code and a request id on the API's paths; a method a route does not take
/// is refused in the same shape.
#[tokio::test]
async fn unknown_addresses_get_the_page_or_the_json_error() {
    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let app = spawn_app().await;
    let page = app.client.get(format!("{}/nope", app.address)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.headers().contains_key("x-request-id"));
    let html = page.text().await.unwrap();
    assert!(html.contains("未找到该页面") && html.contains("物业信息公开") && html.contains("/static/site."), "{html}");
    let english = app.client.get(format!("{}/town/x/y?lang=en", app.address)).send().await.unwrap();
    assert_eq!(english.status(), 404);
    assert!(english.text().await.unwrap().contains("Page not found"));

    for path in
        ["/graphql/nope", "/catalog/nope", "/metrics/nope", "/data/a/b", "/schema.graphql/x", "/data/nothing.csv"]
    {
        let browser = app.client.get(format!("{}{path}", app.address)).header("accept", BROWSER).send().await.unwrap();
        assert_eq!(browser.status(), 404, "{path}");
        assert!(browser.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
        assert!(browser.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
        assert!(browser.text().await.unwrap().contains("未找到该页面"), "{path}");
        let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"), "{path}");
        let request_id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(!request_id.is_empty());
        let answer: Value = response.json().await.unwrap();
        assert_eq!(error_codes(&answer), ["NOT_FOUND"], "{path}: {answer}");
        assert!(answer["errors"][0]["extensions"]["messageZh"].is_string(), "{path}");
    }
    let put = app.client.put(app.graphql_url()).body("{}").send().await.unwrap();
    assert_eq!(put.status(), 405);
    let answer: Value = put.json().await.unwrap();
    assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"]);
    assert_eq!(answer["errors"][0]["extensions"]["rule"], "method-allowed");
}

/// With the database gone, downloads, the catalog, the open-data page and the readiness probe answer 503
/// UNAVAILABLE in the one error shape, as GraphQL does — never INTERNAL.
#[tokio::test]
async fn downloads_say_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    // The server's own pool, closed under it (the data version has not been read yet, so nothing is held).
    app.db.clone().close().await.expect("close the pool");
    for path in ["/data/estates.csv", "/data/", "/catalog", "/readyz"] {
        let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 503, "{path}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(error_codes(&answer), ["UNAVAILABLE"], "{path}: {answer}");
    }
    let answer = app.post("{ counties { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&answer), ["UNAVAILABLE"], "{answer}");
}

/// Downloads, the catalog, GraphQL answers and the website's pages carry the same validators and caching rules,
/// and each answers its own `ETag` with 304.
#[tokio::test]
async fn every_public_representation_is_tagged_alike() {
    let app = spawn_app().await;
    let query = [("query", "{ counties { totalCount } }")];
    let paths = ["/data/estates.csv", "/catalog", "/", "/credit"];
    let mut requests: Vec<reqwest::RequestBuilder> =
        paths.iter().map(|path| app.client.get(format!("{}{path}", app.address))).collect();
    requests.push(app.client.get(app.graphql_url()).query(&query));
    for request in requests {
        let again = request.try_clone().unwrap();
        let response = request.send().await.unwrap();
        let url = response.url().to_string();
        assert_eq!(response.status(), 200, "{url}");
        let headers = response.headers();
        assert_eq!(headers["cache-control"], "public, max-age=0, s-maxage=5", "{url}");
        assert!(headers.contains_key("last-modified"), "{url}");
        let tag = headers["etag"].to_str().unwrap().to_owned();
        let not_modified = again.header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(not_modified.status(), 304, "{url}");
        assert_eq!(not_modified.headers()["etag"].to_str().unwrap(), tag, "{url}");
    }
}
