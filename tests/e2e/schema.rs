//! The committed contract: schema.graphql is exactly what the server serves (and what `wuye schema` prints), and
//! every part of it is described.

use crate::helpers::{Data, spawn_app_with};
use serde_json::json;

#[test]
fn schema_graphql_matches_the_served_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let committed = std::fs::read_to_string(&path).expect("schema.graphql at the repository root");
    assert!(
        committed == api::graphql::sdl(),
        "schema.graphql is stale: run `cargo run -q -- schema > schema.graphql` and commit it"
    );
}

/// Every type, field, argument, input field and enum value of ours carries a description, as introspection shows.
/// (Relay's PageInfo and the Connection and Edge wrappers come from async-graphql with English descriptions.)
#[tokio::test]
async fn every_type_and_field_is_described() {
    let app = spawn_app_with(Data::Empty).await;
    let data = app
        .data(
            "{ __schema { types { kind name description
                fields { name description args { name description } }
                inputFields { name description }
                enumValues { name description } } } }",
            json!({}),
        )
        .await;
    let builtin = ["Boolean", "Int", "Float", "String", "ID", "PageInfo"];
    let mut missing = Vec::new();
    let described = |v: &serde_json::Value| v["description"].as_str().is_some_and(|d| !d.trim().is_empty());
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || builtin.contains(&name) || name.ends_with("Connection") || name.ends_with("Edge") {
            continue;
        }
        if !described(t) {
            missing.push(name.to_owned());
        }
        let members = ["fields", "inputFields", "enumValues"];
        for member in members.iter().flat_map(|m| t[*m].as_array().cloned().unwrap_or_default()) {
            if !described(&member) {
                missing.push(format!("{name}.{}", member["name"].as_str().unwrap()));
            }
            for arg in member["args"].as_array().cloned().unwrap_or_default() {
                if !described(&arg) {
                    missing.push(format!(
                        "{name}.{}({})",
                        member["name"].as_str().unwrap(),
                        arg["name"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}
