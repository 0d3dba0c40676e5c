//! No N+1: relations go through per-request DataLoaders, so a page of 100 estates with their community, town,
//! county, contract, enterprise and committee members costs as many SQL statements as a page of 5.

use crate::helpers::spawn_app;
use serde_json::json;

const QUERY: &str = "query($n: Int) { estates(first: $n) { edges { node {
    name
    community { name town { name county { name } } }
    activeContract { feePerSquareMeterMonth enterprise { name creditCode } }
    activeCommittee { kind members { name position } }
} } } }";

#[tokio::test]
async fn listing_100_estates_runs_as_many_statements_as_listing_5() {
    let app = spawn_app().await;
    let mut counts = Vec::new();
    for n in [5, 100] {
        let before = app.statements();
        let data = app.data(QUERY, json!({ "n": n })).await;
        counts.push(app.statements() - before);
        let edges = data["estates"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n);
        assert!(edges.iter().all(|e| e["node"]["community"]["town"]["county"]["name"] == "濉溪县"));
        if n == 100 {
            assert!(edges.iter().any(|e| !e["node"]["activeContract"]["enterprise"].is_null()));
            assert!(
                edges.iter().any(|e| !e["node"]["activeCommittee"]["members"].as_array().is_none_or(|m| m.is_empty()))
            );
        }
    }
    assert_eq!(counts[0], counts[1], "statements for 5 and for 100 estates: {counts:?}");
    assert!(counts[1] <= 10, "one statement per relation, not per row: {counts:?}");
}
