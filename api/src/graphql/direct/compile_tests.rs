//! Which shapes of document are planned.

use super::*;

fn planned(query: &str) -> bool {
    compile(&async_graphql::parser::parse_query(query).expect("a document"), None).is_some()
}

#[test]
fn documents_over_declared_fields_are_planned() {
    assert!(planned(r#"{ estate(code: "E1") { code community { town { name county { code } } } } }"#));
    assert!(planned(
        r#"query($c: String!) { e: estate(code: $c) { code } estates(first: 5) { totalCount nodes { code } } }"#
    ));
    assert!(planned(
        r#"{ enterprises(first: 20) { edges { node { name contracts(first: 5) { estate { name } } } } } }"#
    ));
    assert!(planned(
        r#"{ town(code: "1") { communities { estates(first: 10) { activeContract { enterprise { name } } } } } }"#
    ));
    assert!(planned(r#"{ estate(code: "E1") { ...F } } fragment F on Estate { code ... on Estate { name } }"#));
}

#[test]
fn what_the_declarations_do_not_cover_is_left_to_the_executor() {
    assert!(!planned("query($n: Int) { estates(first: $n) { nodes { code } } }"), "the cost depends on $n");
    assert!(!planned("query($n: Int) { estate(code: \"E1\") { contracts(first: $n) { id } } }"), "nor here");
    assert!(!planned(r#"{ estate(code: "E1") { ...F } } fragment F on Node { id }"#), "an interface's fragment");
    assert!(!planned(r#"{ estate(code: "E1") { code @skip(if: false) } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { code code } }"#), "repeated keys are the executor's to merge");
    assert!(!planned(r#"{ estate(code: "E1") { code ...F } } fragment F on Estate { code }"#), "nor spread ones");
    assert!(!planned(r#"{ estate(code: "E1") { location { latitude } } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { activeCommittee { members { phone } } } }"#), "staff-only");
    assert!(!planned(r#"{ estate(code: "E1") { activeCommittee { members(asOf: "2026-01-01") { name } } } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { nope } }"#), "a field the type does not have");
    assert!(!planned(r#"mutation { estate(code: "E1") { code } }"#));
}
