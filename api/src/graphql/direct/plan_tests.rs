//! Which shapes of document are planned.

use super::*;

fn planned(query: &str) -> bool {
    compile(&async_graphql::parser::parse_query(query).expect("a document"), None).is_some()
}

#[test]
fn only_the_shapes_the_plans_know_are_planned() {
    assert!(planned(r#"{ estate(code: "E1") { code community { town { name } } } }"#));
    assert!(planned(
        r#"query($c: String!) { e: estate(code: $c) { code } estates(first: 5) { totalCount nodes { code } } }"#
    ));
    assert!(!planned("query($n: Int) { estates(first: $n) { nodes { code } } }"), "the cost depends on $n");
    assert!(!planned(r#"{ estate(code: "E1") { ...F } } fragment F on Estate { code }"#));
    assert!(!planned(r#"{ estate(code: "E1") { code @skip(if: false) } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { code code } }"#), "repeated keys are the executor's to merge");
    assert!(!planned(r#"{ estate(code: "E1") { location { latitude } } }"#));
    assert!(!planned(r#"{ estate(code: "E1") { activeCommittee { members { phone } } } }"#), "staff-only");
    assert!(!planned(r#"mutation { estate(code: "E1") { code } }"#));
}
