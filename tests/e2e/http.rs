//! The HTTP surface: probes, the explorer, GET queries, and the refusals that protect the endpoint.

use crate::helpers::{error_codes, spawn_app};
use serde_json::{Value, json};

/// /healthz answers while the process is up; /readyz while the database answers, and 503 once it is gone.
#[tokio::test]
async fn probes_answer_and_readyz_fails_without_the_database() {
    let app = spawn_app().await;
    let status = |path: &str| {
        let request = app.client.get(format!("{}{path}", app.address)).send();
        async move { request.await.unwrap().status().as_u16() }
    };
    assert_eq!((status("/healthz").await, status("/readyz").await), (200, 200));
    // The server's own pool, closed under it: what it sees when the database goes away.
    app.db.clone().close().await.expect("close the pool");
    assert_eq!((status("/healthz").await, status("/readyz").await), (200, 503));
}

/// A browser gets the explorer page; a client gets query results from URL parameters, with a request id.
#[tokio::test]
async fn get_serves_the_explorer_and_runs_queries() {
    let app = spawn_app().await;
    let page = app.client.get(app.graphql_url()).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("graphiql"));

    let response = app
        .client
        .get(app.graphql_url())
        .query(&[("query", "query($c: String) { county(code: $c) { name } }"), ("variables", "{\"c\": \"340621\"}")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["county"]["name"], "濉溪县");
}

/// Mutations never run over GET.
#[tokio::test]
async fn mutations_over_get_are_refused() {
    let app = spawn_app().await;
    let response = app.client.get(app.graphql_url()).query(&[("query", "mutation { anything }")]).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
}

/// Only one JSON-encoded operation per POST, of at most 64 KiB.
#[tokio::test]
async fn post_accepts_one_json_operation_only() {
    let app = spawn_app().await;
    let query = "{ counties { totalCount } }";
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
        let response = app
            .client
            .post(app.graphql_url())
            .header("content-type", content_type)
            .body(json!({ "query": query }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "{content_type}");
    }
    let batch =
        app.client.post(app.graphql_url()).json(&json!([{ "query": query }, { "query": query }])).send().await.unwrap();
    assert_eq!(batch.status(), 400);
    let body: Value = batch.json().await.unwrap();
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);

    let padding = " ".repeat(64 * 1024);
    let large =
        app.client.post(app.graphql_url()).json(&json!({ "query": format!("{query}{padding}") })).send().await.unwrap();
    assert_eq!(large.status(), 413);

    let charset = app
        .client
        .post(app.graphql_url())
        .header("content-type", "application/json; charset=utf-8")
        .body(json!({ "query": query }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(charset.status(), 200);
}

/// Every code list is served with Chinese and English labels.
#[tokio::test]
async fn vocabulary_lists_every_enum_with_labels() {
    let app = spawn_app().await;
    let data = app.data("{ vocabulary { name labelZh labelEn values { code labelZh labelEn } } }", json!({})).await;
    let lists = data["vocabulary"].as_array().unwrap();
    let service_mode = lists.iter().find(|l| l["name"] == "ServiceMode").unwrap();
    let market = service_mode["values"].as_array().unwrap().iter().find(|v| v["code"] == "MARKET").unwrap();
    assert_eq!(market["labelZh"], "市场化");
    for list in lists {
        assert!(!list["values"].as_array().unwrap().is_empty());
        for value in list["values"].as_array().unwrap() {
            assert!(value["labelZh"].as_str().is_some_and(|l| !l.is_empty()));
            assert!(value["labelEn"].as_str().is_some_and(|l| !l.is_empty()));
        }
    }
}

/// Any origin may read; credentials are never allowed cross-origin, and only GET and POST are offered.
#[tokio::test]
async fn cors_is_open_for_reads_without_credentials() {
    let app = spawn_app().await;
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.graphql_url())
        .header("origin", "https://civic.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    let headers = preflight.headers();
    assert!(headers.contains_key("access-control-allow-origin"));
    assert!(!headers.contains_key("access-control-allow-credentials"));
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("POST") && !methods.contains("DELETE"), "{methods}");
}

/// GraphQL over HTTP: a client that accepts `application/graphql-response+json` gets it, with 400 for a request
/// that could not execute and 200 for one that executed (even with field errors); a legacy client gets
/// `application/json` and 200; malformed parameters are 400 for everyone.
#[tokio::test]
async fn the_media_type_is_negotiated_with_the_status_codes_of_the_specification() {
    let app = spawn_app().await;
    let send = |accept: &'static str, body: Value| {
        let request = app.client.post(app.graphql_url()).header("accept", accept).json(&body);
        async move {
            let response = request.send().await.unwrap();
            let media = response.headers()["content-type"].to_str().unwrap().to_owned();
            (response.status().as_u16(), media, response.json::<Value>().await.unwrap())
        }
    };
    let new = "application/graphql-response+json";
    let (status, media, body) = send(new, json!({ "query": "{ towns(first: 1) { totalCount } }" })).await;
    assert_eq!((status, media.starts_with(new)), (200, true));
    assert!(body["data"]["towns"]["totalCount"].as_i64().unwrap() > 0);

    // A request error: no data, 400 under the new media type, 200 under the old.
    for query in
        ["{ towns(first: 1) { totalCount }", "{ nothing }", "query($n: Int) { towns(first: $n) { totalCount } }"]
    {
        let body = json!({ "query": query, "variables": { "n": "many" } });
        let (status, media, answer) = send(new, body.clone()).await;
        assert_eq!(status, 400, "{query}: {answer}");
        assert!(media.starts_with(new) && answer.get("data").is_none(), "{query}");
        assert_eq!(error_codes(&answer)[0], "QUERY_REJECTED");
        let (status, media, answer) = send("application/json", body).await;
        assert_eq!((status, media.starts_with("application/json")), (200, true), "{query}: {answer}");
    }

    // An executed request whose field failed: 200 with `data`.
    let (status, _, answer) = send(new, json!({ "query": "{ estate(id: \"a\", code: \"b\") { code } }" })).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.get("data").is_some() && error_codes(&answer) == ["BAD_USER_INPUT"], "{answer}");

    // Malformed parameters: 400 naming the parameter, whatever the client accepts.
    for (body, parameter) in [
        (json!({ "notquery": "{ __typename }" }), "query"),
        (json!({ "query": "{ __typename }", "variables": "[]" }), "variables"),
        (json!({ "query": "{ __typename }", "operationName": 7 }), "operationName"),
        (json!({ "query": "{ __typename }", "extensions": [] }), "extensions"),
        (json!({ "query": "{ towns(filter: { nameContains: \"a\u{0}\" }) { totalCount } }" }), "query"),
        (json!({ "query": "{ __typename }", "variables": { "name": "a\u{0}" } }), "variables"),
    ] {
        for accept in [new, "application/json"] {
            let (status, _, answer) = send(accept, body.clone()).await;
            assert_eq!(status, 400, "{body} {accept}");
            assert_eq!(answer["errors"][0]["extensions"]["field"], parameter);
        }
    }
    let response = app.client.get(format!("{}?variables=%7B%7D", app.graphql_url())).send().await.unwrap();
    assert_eq!(response.status(), 400, "GET without a query");
}
