//! Registry mutations, each checked the same way: without a token → UNAUTHENTICATED; a role that may not →
//! FORBIDDEN; the right role outside its scope → FORBIDDEN; a stale `expectedVersion` → CONFLICT; and in every
//! refused case nothing is written (the audit log, which every write extends in the same transaction, does not
//! grow). The right role in scope succeeds, the public reads the changed record back, and an audit event names
//! the actor.

use crate::helpers::{TestApp, error_codes, spawn_app, token, walk};
use serde_json::{Value, json};

const TOWN_A: &str = "340621100";
const TOWN_B: &str = "340621101";

/// Records of the demo data the cases act on.
struct World {
    community_a: String,
    neighbour_a: String,
    community_b: String,
    contracted: Value,
    free: Value,
    managed: Value,
    enterprise: Value,
}

async fn world(app: &TestApp) -> World {
    let data = app
        .data(
            "query($a: String, $b: String) {
                a: estates(first: 100, filter: {townCode: $a}) { edges { node {
                    id code version community { code }
                    activeContract { id version }
                    activeCommittee { id version kind }
                } } }
                b: communities(first: 1, filter: {townCode: $b}) { edges { node { code } } }
                enterprises(first: 1, filter: {status: ACTIVE}) { edges { node { id version creditCode } } }
            }",
            json!({ "a": TOWN_A, "b": TOWN_B }),
        )
        .await;
    let estates: Vec<Value> = data["a"]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect();
    let find = |pred: &dyn Fn(&Value) -> bool| estates.iter().find(|e| pred(e)).cloned().expect("a demo estate");
    let contracted = find(&|e| !e["activeContract"].is_null());
    let free = find(&|e| e["activeContract"].is_null() && e["activeCommittee"].is_null());
    let managed = find(&|e| e["activeCommittee"]["kind"] == "MANAGEMENT");
    let community_a = contracted["community"]["code"].as_str().unwrap().to_owned();
    let neighbour_a = estates
        .iter()
        .map(|e| e["community"]["code"].as_str().unwrap().to_owned())
        .find(|c| *c != community_a)
        .expect("a second community in town A");
    World {
        community_a,
        neighbour_a,
        community_b: data["b"]["edges"][0]["node"]["code"].as_str().unwrap().to_owned(),
        contracted,
        free,
        managed,
        enterprise: data["enterprises"]["edges"][0]["node"].clone(),
    }
}

fn member(name: &str, position: &str, affiliation: &str, owner: bool, party: bool) -> Value {
    json!({
        "name": name, "position": position, "affiliation": affiliation,
        "isOwnerRepresentative": owner, "isPartyMember": party, "phone": "13900000000"
    })
}

/// Seven members that satisfy every rule of a management committee.
pub fn valid_management_members() -> Vec<Value> {
    vec![
        member("甲", "CHAIR", "COMMUNITY_PARTY_ORG", false, true),
        member("乙", "VICE_CHAIR", "RESIDENTS_COMMITTEE", false, true),
        member("丙", "MEMBER", "URBAN_MANAGEMENT", false, false),
        member("丁", "MEMBER", "OWNER", true, true),
        member("戊", "MEMBER", "OWNER", true, false),
        member("己", "MEMBER", "OWNER", true, true),
        member("庚", "MEMBER", "OWNER", true, false),
    ]
}

fn owners_members() -> Vec<Value> {
    vec![
        member("子", "CHAIR", "OWNER", true, false),
        member("丑", "MEMBER", "OWNER", true, false),
        member("寅", "MEMBER", "OWNER", true, false),
        member("卯", "MEMBER", "OWNER", true, false),
        member("辰", "MEMBER", "OWNER", true, false),
    ]
}

struct Case {
    action: &'static str,
    input: Value,
    right: (&'static str, Value),
    wrong_role: (&'static str, Value),
    outside: (&'static str, Value),
    /// Whether the input carries `expectedVersion`.
    versioned: bool,
    /// A public query that reads the changed record back, its variables, and what must then be at each JSON
    /// pointer of its data (a pointer ending in `/*` names a list that must hold the value).
    read_back: (&'static str, Value, Vec<(&'static str, Value)>),
}

impl Case {
    /// Audit events a success leaves: one, and one more for the management committee an owners' committee
    /// dissolves in the same transaction.
    fn events(&self) -> i64 {
        if self.action == "fileOwnersCommittee" { 2 } else { 1 }
    }
}

fn cases(w: &World) -> Vec<Case> {
    let town_a = ("town", json!(TOWN_A));
    let town_b = ("town", json!(TOWN_B));
    let community_a = ("community", json!(w.community_a));
    let county = ("county", json!("340621"));
    vec![
        Case {
            action: "createEstate",
            input: json!({ "communityCode": w.community_a, "name": "新建小区", "address": "濉溪县新建路1号",
                "housingType": "COMMODITY", "serviceMode": "NONE", "buildings": 3, "households": 120,
                "privateArea": "10000.50", "managementRoomArea": "120.00" }),
            right: town_a.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: false,
            read_back: (
                "query($c: String) { estates(filter: {communityCode: $c, nameContains: \"新建小区\"}) { edges { node {
                    name households privateArea serviceMode version } } } }",
                json!({ "c": w.community_a }),
                vec![
                    ("/estates/edges/0/node/name", json!("新建小区")),
                    ("/estates/edges/0/node/households", json!(120)),
                    ("/estates/edges/0/node/privateArea", json!("10000.50")),
                    ("/estates/edges/0/node/version", json!(1)),
                ],
            ),
        },
        Case {
            action: "updateEstate",
            input: json!({ "id": w.contracted["id"], "expectedVersion": w.contracted["version"], "name": "更名小区" }),
            right: county.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Estate { name version } } }",
                json!({ "id": w.contracted["id"] }),
                vec![("/node/name", json!("更名小区")), ("/node/version", bump(&w.contracted["version"]))],
            ),
        },
        Case {
            action: "updateOccupancy",
            input: json!({ "id": w.contracted["id"], "expectedVersion": w.contracted["version"], "occupiedHouseholds": 1 }),
            right: community_a.clone(),
            wrong_role: ("committee", json!(w.contracted["code"])),
            outside: ("community", json!(w.neighbour_a)),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Estate { occupiedHouseholds version } } }",
                json!({ "id": w.contracted["id"] }),
                vec![("/node/occupiedHouseholds", json!(1)), ("/node/version", bump(&w.contracted["version"]))],
            ),
        },
        Case {
            action: "registerEnterprise",
            input: json!({ "creditCode": "91340621MA2T9999X4", "name": "濉溪县新物业服务有限公司",
                "legalRepresentative": "张三", "address": "濉溪县濉溪镇1号" }),
            right: county.clone(),
            wrong_role: town_a.clone(),
            outside: ("county", json!("340622")),
            versioned: false,
            read_back: (
                "{ enterprise(creditCode: \"91340621MA2T9999X4\") { name legalRepresentative status version } }",
                json!({}),
                vec![
                    ("/enterprise/name", json!("濉溪县新物业服务有限公司")),
                    ("/enterprise/legalRepresentative", json!("张三")),
                    ("/enterprise/status", json!("ACTIVE")),
                ],
            ),
        },
        Case {
            action: "updateEnterprise",
            input: json!({ "id": w.enterprise["id"], "expectedVersion": w.enterprise["version"], "address": "新址" }),
            right: county.clone(),
            wrong_role: town_a.clone(),
            outside: ("county", json!("340622")),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Enterprise { address version } } }",
                json!({ "id": w.enterprise["id"] }),
                vec![("/node/address", json!("新址")), ("/node/version", bump(&w.enterprise["version"]))],
            ),
        },
        Case {
            action: "changeEnterpriseStatus",
            input: json!({ "id": w.enterprise["id"], "expectedVersion": w.enterprise["version"],
                "status": "SUSPENDED", "reason": "信用评价为D级" }),
            right: county.clone(),
            wrong_role: ("enterprise", w.enterprise["creditCode"].clone()),
            outside: ("county", json!("340622")),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Enterprise { status version } } }",
                json!({ "id": w.enterprise["id"] }),
                vec![("/node/status", json!("SUSPENDED")), ("/node/version", bump(&w.enterprise["version"]))],
            ),
        },
        Case {
            action: "fileEnterprise",
            input: json!({ "enterpriseId": w.enterprise["id"], "communityCode": w.community_a, "filedOn": "2026-11-01" }),
            right: community_a.clone(),
            wrong_role: ("enterprise", w.enterprise["creditCode"].clone()),
            outside: ("community", json!(w.community_b)),
            versioned: false,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Enterprise { filings(first: 100) { community { code } filedOn } } } }",
                json!({ "id": w.enterprise["id"] }),
                vec![("/node/filings/*", json!({ "community": { "code": w.community_a }, "filedOn": "2026-11-01" }))],
            ),
        },
        Case {
            action: "createContract",
            input: json!({ "estateId": w.free["id"], "enterpriseId": w.enterprise["id"], "startOn": "2026-12-01",
                "endOn": "2029-11-30", "feePerSquareMeterMonth": "1.20", "selection": "BIDDING" }),
            right: town_a.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: false,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Estate { activeContract {
                    enterprise { id } startOn endOn feePerSquareMeterMonth selection status version } } } }",
                json!({ "id": w.free["id"] }),
                vec![
                    ("/node/activeContract/enterprise/id", w.enterprise["id"].clone()),
                    ("/node/activeContract/startOn", json!("2026-12-01")),
                    ("/node/activeContract/feePerSquareMeterMonth", json!("1.20")),
                    ("/node/activeContract/status", json!("ACTIVE")),
                ],
            ),
        },
        Case {
            action: "terminateContract",
            input: json!({ "id": w.contracted["activeContract"]["id"],
                "expectedVersion": w.contracted["activeContract"]["version"],
                "terminatedOn": "2026-11-30", "reason": "业主大会决定解聘" }),
            right: town_a.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on ServiceContract { status terminatedOn terminationReason
                    version estate { activeContract { id } } } } }",
                json!({ "id": w.contracted["activeContract"]["id"] }),
                vec![
                    ("/node/status", json!("TERMINATED")),
                    ("/node/terminatedOn", json!("2026-11-30")),
                    ("/node/terminationReason", json!("业主大会决定解聘")),
                    ("/node/version", bump(&w.contracted["activeContract"]["version"])),
                    ("/node/estate/activeContract", Value::Null),
                ],
            ),
        },
        Case {
            action: "formManagementCommittee",
            input: json!({ "estateId": w.free["id"], "formedOn": "2026-11-20", "members": valid_management_members() }),
            right: town_a.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: false,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Estate { activeCommittee {
                    kind status formedOn members { name position } } } } }",
                json!({ "id": w.free["id"] }),
                vec![
                    ("/node/activeCommittee/kind", json!("MANAGEMENT")),
                    ("/node/activeCommittee/formedOn", json!("2026-11-20")),
                    ("/node/activeCommittee/members/0/name", json!("甲")),
                    ("/node/activeCommittee/members/6/name", json!("庚")),
                ],
            ),
        },
        Case {
            action: "fileOwnersCommittee",
            input: json!({ "estateId": w.managed["id"], "electedOn": "2026-11-01", "filedOn": "2026-11-20",
                "members": owners_members() }),
            right: town_a.clone(),
            wrong_role: ("committee", json!(w.managed["code"])),
            outside: town_b.clone(),
            versioned: false,
            read_back: (
                "query($id: ID!, $old: ID!) { node(id: $id) { ... on Estate { activeCommittee { kind filedOn } } }
                    old: node(id: $old) { ... on Committee { status dissolvedOn version } } }",
                json!({ "id": w.managed["id"], "old": w.managed["activeCommittee"]["id"] }),
                vec![
                    ("/node/activeCommittee/kind", json!("OWNERS")),
                    ("/node/activeCommittee/filedOn", json!("2026-11-20")),
                    ("/old/status", json!("DISSOLVED")),
                    ("/old/dissolvedOn", json!("2026-11-01")),
                    ("/old/version", bump(&w.managed["activeCommittee"]["version"])),
                ],
            ),
        },
        Case {
            action: "dissolveCommittee",
            input: json!({ "id": w.managed["activeCommittee"]["id"],
                "expectedVersion": w.managed["activeCommittee"]["version"],
                "dissolvedOn": "2026-11-25", "reason": "长期不履职" }),
            right: town_a.clone(),
            wrong_role: community_a.clone(),
            outside: town_b.clone(),
            versioned: true,
            read_back: (
                "query($id: ID!) { node(id: $id) { ... on Committee { status dissolvedOn dissolutionReason version } } }",
                json!({ "id": w.managed["activeCommittee"]["id"] }),
                vec![
                    ("/node/status", json!("DISSOLVED")),
                    ("/node/dissolvedOn", json!("2026-11-25")),
                    ("/node/dissolutionReason", json!("长期不履职")),
                    ("/node/version", bump(&w.managed["activeCommittee"]["version"])),
                ],
            ),
        },
    ]
}

/// The version after one more change.
fn bump(version: &Value) -> Value {
    json!(version.as_i64().expect("a version") + 1)
}

fn mutation(action: &str) -> String {
    let input_type = format!("{}{}Input", action[..1].to_uppercase(), &action[1..]);
    format!("mutation($input: {input_type}!) {{ {action}(input: $input) {{ __typename }} }}")
}

/// Number of audit events, as the county sees them: every write adds exactly one.
async fn audit_count(app: &TestApp) -> i64 {
    let county = token("county", json!("340621"), "auditor");
    app.data_as(&county, "{ auditEvents(first: 1) { totalCount } }", json!({})).await["auditEvents"]["totalCount"]
        .as_i64()
        .unwrap()
}

async fn expect_refusal(app: &TestApp, token: Option<String>, case: &Case, input: Value, code: &str, what: &str) {
    let query = mutation(case.action);
    let before = audit_count(app).await;
    let response = match token {
        Some(token) => app.post_as(&token, &query, json!({ "input": input })).await.1,
        None => app.post(&query, json!({ "input": input })).await,
    };
    assert_eq!(error_codes(&response), [code], "{} {what}: {response:#}", case.action);
    assert!(response["data"].is_null(), "{} {what}", case.action);
    assert_eq!(audit_count(app).await, before, "{} {what}: nothing is written", case.action);
}

#[tokio::test]
async fn every_registry_mutation_checks_token_role_scope_and_version() {
    let probe = spawn_app().await;
    let count = cases(&world(&probe).await).len();
    for index in 0..count {
        // A fresh database per mutation, so that each starts from the demo data.
        let app = spawn_app().await;
        let cases = cases(&world(&app).await);
        let case = &cases[index];
        let as_token = |(role, scope): &(&str, Value)| Some(token(role, scope.clone(), "tester"));
        expect_refusal(&app, None, case, case.input.clone(), "UNAUTHENTICATED", "without a token").await;
        expect_refusal(&app, as_token(&case.wrong_role), case, case.input.clone(), "FORBIDDEN", "by a wrong role")
            .await;
        expect_refusal(&app, as_token(&case.outside), case, case.input.clone(), "FORBIDDEN", "outside the scope").await;
        if case.versioned {
            let mut stale = case.input.clone();
            stale["expectedVersion"] = json!(stale["expectedVersion"].as_i64().unwrap() - 1);
            expect_refusal(&app, as_token(&case.right), case, stale, "CONFLICT", "with a stale version").await;
        }

        let before = audit_count(&app).await;
        let token = as_token(&case.right).unwrap();
        let data = app.data_as(&token, &mutation(case.action), json!({ "input": case.input })).await;
        assert!(data[case.action]["__typename"].is_string(), "{}", case.action);
        assert_eq!(audit_count(&app).await, before + case.events(), "{} leaves its audit events", case.action);
        let (query, variables, expected) = &case.read_back;
        let read = app.data(query, variables.clone()).await;
        for (pointer, value) in expected {
            match pointer.strip_suffix("/*") {
                Some(list) => {
                    let items = read.pointer(list).and_then(Value::as_array).cloned().unwrap_or_default();
                    assert!(items.contains(value), "{}: {value} in {list} of {read:#}", case.action);
                }
                None => assert_eq!(read.pointer(pointer), Some(value), "{}: {pointer} in {read:#}", case.action),
            }
        }
        let county = crate::helpers::token("county", json!("340621"), "auditor");
        let events = walk(
            &app,
            Some(&county),
            "query($a: [String!], $after: String) { auditEvents(first: 100, after: $after, filter: {actions: $a}) {
                edges { node { action subject role reason } } pageInfo { hasNextPage endCursor } } }",
            json!({ "a": [case.action] }),
            "auditEvents",
        )
        .await;
        let event = events.last().expect("the event of the change");
        assert_eq!(event["action"], case.action);
        assert_eq!(event["subject"], "tester");
        assert_eq!(event["role"], case.right.0);
        if let Some(reason) = case.input.get("reason") {
            assert_eq!(&event["reason"], reason, "{} records its reason", case.action);
        }
    }
}

/// An id that names no record is NOT_FOUND in a mutation, and nothing is written.
#[tokio::test]
async fn unknown_ids_are_not_found_in_mutations() {
    let app = spawn_app().await;
    let town = token("town", json!(TOWN_A), "tester");
    let before = audit_count(&app).await;
    for id in ["RXN0YXRlOjk5OTk5OQ", "not-an-id", "VG93bjox"] {
        let input = json!({ "input": { "id": id, "expectedVersion": 1, "name": "x" } });
        let (_, response) = app.post_as(&town, &mutation("updateEstate"), input).await;
        assert_eq!(error_codes(&response), ["NOT_FOUND"], "{id}: {response}");
    }
    assert_eq!(audit_count(&app).await, before);
}

/// Bad input is refused with the field and the rule it broke, and changes nothing.
#[tokio::test]
async fn bad_input_names_field_and_rule_and_changes_nothing() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let town = token("town", json!(TOWN_A), "tester");
    let community = token("community", json!(w.community_a), "tester");
    let base = json!({ "communityCode": w.community_a, "name": "新小区", "address": "某路1号", "housingType": "COMMODITY",
        "serviceMode": "MARKET", "buildings": 2, "households": 50, "privateArea": "5000.00", "managementRoomArea": "50.00" });
    let with = |field: &str, value: Value| {
        let mut input = base.clone();
        input[field] = value;
        json!({ "input": input })
    };
    let before = audit_count(&app).await;
    let cases = [
        (with("fiveBasics", json!(["CLEANING"])), "fiveBasics", "five-basics-mode"),
        (with("households", json!(-1)), "households", "non-negative"),
        (with("name", json!("   ")), "name", "required"),
        (with("privateArea", json!("12.345")), "input", "decimal-places"),
        (with("privateArea", json!(12.5)), "input", "input-format"),
    ];
    for (input, field, rule) in cases {
        let (_, response) = app.post_as(&town, &mutation("createEstate"), input).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{field}: {response:#}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response:#}");
        assert_eq!(response["errors"][0]["extensions"]["rule"], rule, "{response:#}");
    }
    let occupancy = json!({ "input": { "id": w.contracted["id"], "expectedVersion": w.contracted["version"],
        "occupiedHouseholds": 1_000_000 } });
    let (_, response) = app.post_as(&community, &mutation("updateOccupancy"), occupancy).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "occupied-within-households", "{response:#}");
    assert_eq!(audit_count(&app).await, before, "nothing was written");
}
