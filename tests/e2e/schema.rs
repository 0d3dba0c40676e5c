//! The committed contract: schema.graphql is exactly what the server serves (and what `wuye schema` prints), and
//! every part of it is described.

use crate::helpers::{Data, spawn_app_with};
use entity::vocab::RecordKind;
use sea_orm::Iterable;
use serde_json::json;
use std::collections::BTreeSet;

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

/// The names of the SDL's definitions that start with `prefix` (e.g. `enum `), up to the next space.
fn definitions(sdl: &str, prefix: &str) -> BTreeSet<String> {
    sdl.lines().filter_map(|line| line.strip_prefix(prefix)?.split(' ').next().map(str::to_owned)).collect()
}

/// `vocabulary` serves exactly the code lists of the schema: every enum in the SDL is served, but for the options
/// of queries (orderings), and every served list is an enum in the SDL.
#[tokio::test]
async fn vocabulary_serves_every_enum_of_the_schema() {
    let app = spawn_app_with(Data::Empty).await;
    let data = app.data("{ vocabulary { name values { code } } }", json!({})).await;
    let served: BTreeSet<String> =
        data["vocabulary"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap().to_owned()).collect();
    let sdl = api::graphql::sdl();
    let options: BTreeSet<String> =
        api::graphql::vocabulary::QUERY_OPTION_ENUMS.iter().map(|n| n.to_string()).collect();
    let code_lists: BTreeSet<String> = definitions(&sdl, "enum ").difference(&options).cloned().collect();
    assert_eq!(served, code_lists, "served by vocabulary (left) and code-list enums of the schema (right)");
    assert!(options.iter().all(|o| sdl.contains(&format!("enum {o} "))), "a query option that is no enum");
    for list in data["vocabulary"].as_array().unwrap() {
        let name = list["name"].as_str().unwrap();
        let block = &sdl[sdl.find(&format!("enum {name} ")).unwrap()..];
        let block = &block[..block.find('}').unwrap()];
        for value in list["values"].as_array().unwrap() {
            let code = value["code"].as_str().unwrap();
            assert!(block.lines().any(|l| l.trim() == code), "{name}.{code} is not a value of the enum");
        }
    }
}

/// The record kinds with global ids are exactly the types that implement `Node`, by name.
#[test]
fn record_kinds_with_global_ids_are_the_node_types() {
    use entity::vocab::Vocabulary;
    let sdl = api::graphql::sdl();
    let nodes: BTreeSet<String> = sdl
        .lines()
        .filter_map(|line| line.strip_prefix("type ")?.strip_suffix(" implements Node {").map(str::to_owned))
        .collect();
    let kinds: BTreeSet<String> =
        RecordKind::iter().filter(|k| k.has_global_id()).map(|k| k.code().to_owned()).collect();
    assert_eq!(kinds, nodes);
}
