//! Which shapes of document are planned.

use super::*;

fn planned(query: &str) -> bool {
    compile(query, &async_graphql::parser::parse_query(query).expect("a document"), None).is_some()
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
fn fields_left_to_the_executor_are_planned_around() {
    // The executor answers the field (of a node), or the root, as written; the plan the rest.
    assert!(planned(r#"{ estate(code: "E1") { code location { latitude } } }"#));
    assert!(planned(r#"query($d: Date) { estate(code: "E1") { activeCommittee { members(asOf: $d) { name } } } }"#));
    assert!(planned(
        r#"{ estate(code: "E1") { name fundUsages(first: 5) { ...U } } } fragment U on FundUsage { title }"#
    ));
    assert!(planned(r#"{ complianceOverview { asOf } estates(first: 5) { nodes { code } } }"#));
    // A member is no node: its committee's executor answers its staff-only phone (null for the public).
    assert!(planned(r#"{ estate(code: "E1") { activeCommittee { members { phone } } } }"#));
    assert!(!planned(
        r#"query($n: Int) { estate(code: "E1") { location { latitude } fundUsages(first: $n) { title } } }"#
    ));
}

#[test]
fn what_the_declarations_do_not_cover_is_left_to_the_executor() {
    assert!(!planned("query($n: Int) { estates(first: $n) { nodes { code } } }"), "the cost depends on $n");
    assert!(!planned("query($n: Int) { estate(code: \"E1\") { contracts(first: $n) { id } } }"), "nor here");
    assert!(!planned(r#"{ estate(code: "E1") { ...F } } fragment F on Node { id }"#), "an interface's fragment");
    assert!(!planned(r#"{ estate(code: "E1") { code @skip(if: false) } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { code code } }"#), "repeated keys are the executor's to merge");
    assert!(!planned(r#"{ estate(code: "E1") { code ...F } } fragment F on Estate { code }"#), "nor spread ones");
    assert!(!planned(r#"{ complianceOverview { asOf } }"#), "nothing of its own to plan");
    assert!(!planned(r#"{ estate(code: "E1") { nope } }"#), "a field the type does not have");
    assert!(!planned(r#"mutation { estate(code: "E1") { code } }"#));
}
