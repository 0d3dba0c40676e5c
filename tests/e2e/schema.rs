//! The committed contract: schema.graphql is exactly what the server serves (and what `wuye schema` prints).

#[test]
fn schema_graphql_matches_the_served_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.graphql");
    let committed = std::fs::read_to_string(&path).expect("schema.graphql at the repository root");
    let served = api::graphql::sdl();
    assert!(
        committed == served,
        "schema.graphql is stale: run `cargo run -q -- schema > schema.graphql` and commit it"
    );
}

/// Every type and field the public sees carries a description.
#[test]
fn every_object_field_is_described() {
    let sdl = api::graphql::sdl();
    let mut missing = Vec::new();
    let mut previous = "";
    let mut in_builtin = false;
    for line in sdl.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("type ") || trimmed.starts_with("input ") || trimmed.starts_with("enum ") || trimmed.starts_with("interface ") {
            // Relay's Connection, Edge and PageInfo types come from async-graphql with English descriptions.
            in_builtin = trimmed.contains("Connection") || trimmed.contains("Edge") || trimmed.contains("PageInfo");
            if !previous.ends_with("\"\"\"") && !previous.starts_with("\"") {
                missing.push(trimmed.to_owned());
            }
        } else if !in_builtin && line.starts_with("\t") && !line.starts_with("\t\t") && trimmed.contains(':') && !trimmed.starts_with('"') {
            if !previous.ends_with("\"\"\"") && !previous.starts_with("\"") {
                missing.push(trimmed.to_owned());
            }
        }
        if !trimmed.is_empty() {
            previous = trimmed;
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}
