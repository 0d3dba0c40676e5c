//! The examples in `examples/` run against the demo data as a civic app would send them (with the GraphQL over HTTP
//! media type): every one answers 200 with data and no error, and the paging example walks to its last page.

use crate::helpers::spawn_app;
use serde_json::{Value, json};
use std::path::Path;

/// Sends `query` with `variables` as a current GraphQL client does.
async fn send(app: &crate::helpers::TestApp, query: &str, variables: &Value) -> Value {
    let response = app
        .client
        .post(app.graphql_url())
        .header("accept", "application/graphql-response+json, application/json;q=0.9")
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/graphql-response+json"));
    let body: Value = response.json().await.unwrap();
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"].clone()
}

#[tokio::test]
async fn every_example_runs_against_the_demo_data() {
    let app = spawn_app().await;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut examples: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "graphql"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 3, "{examples:?}");
    for path in examples {
        let query = std::fs::read_to_string(&path).unwrap();
        let variables: Value = std::fs::read_to_string(path.with_extension("json"))
            .map(|text| serde_json::from_str(&text).unwrap())
            .unwrap_or(json!({}));
        let data = send(&app, &query, &variables).await;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let root = data.as_object().unwrap().values().next().unwrap();
        assert!(!root.is_null(), "{name}: the demo has what it asks for");
        if let Some(page) = root.get("pageInfo") {
            // Walk the pages to the end, as the comment in the file says.
            let (mut seen, mut page, mut vars) =
                (root["edges"].as_array().unwrap().len(), page.clone(), variables.clone());
            while page["hasNextPage"] == true {
                vars["after"] = page["endCursor"].clone();
                let next = send(&app, &query, &vars).await;
                let connection = next.as_object().unwrap().values().next().unwrap().clone();
                seen += connection["edges"].as_array().unwrap().len();
                page = connection["pageInfo"].clone();
            }
            assert_eq!(seen as i64, root["totalCount"].as_i64().unwrap(), "{name}: every page");
        }
    }
}
