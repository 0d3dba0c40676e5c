//! Direct answers (README, "Speed"): once the executor has answered a public document of estates, later requests of
//! it are answered straight from the rows — with the executor's very answer, as fresh, and never for staff.

use crate::helpers::*;
use serde_json::{Value, json};

/// The peer benchmark's estate page.
const PAGE: &str = "query($code: String!) { estate(code: $code) { id code name households serviceMode
    community { name code town { name code } }
    activeContract { feePerSquareMeterMonth enterprise { name creditCode } }
    activeCommittee { kind members { name position } } } }";

/// Every field the plans know, on every type they know, with aliases and `__typename`.
const EVERY_FIELD: &str = "query($code: String!) { estate(code: $code) { __typename id code name address housingType
    serviceMode fiveBasics buildings households occupiedHouseholds privateArea managementRoomArea completedYear
    version createdAt updatedAt
    community { __typename id code name nameEn kind propertyOfficer version createdAt updatedAt
      town { __typename id code name nameEn kind version createdAt updatedAt } }
    seat: town { name }
    activeContract { __typename id startOn endOn feePerSquareMeterMonth selection status terminatedOn
      terminationReason version createdAt updatedAt
      enterprise { __typename id creditCode name legalRepresentative address phone status version createdAt updatedAt } }
    servedBy: enterprise { name }
    activeCommittee { __typename id kind status formedOn termEnd electedOn filedOn dissolvedOn dissolutionReason
      version createdAt updatedAt chair: members(first: 1) { __typename name position } members { name } } } }";

/// A connection with its edges, cursors and page info, filtered and ordered by variables, beside a missing estate.
const CONNECTION: &str = "query($filter: EstateFilter, $order: EstateOrder, $after: String) {
    page: estates(first: 7, filter: $filter, orderBy: $order, after: $after) { __typename totalCount
      pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
      edges { __typename cursor node { code name serviceMode community { name } } }
      nodes { code activeCommittee { kind } } }
    none: estate(code: \"XQ-NONE\") { code } }";

/// A server without the response cache, so that every read is answered afresh.
async fn uncached() -> TestApp {
    spawn_app_configured(Data::Demo, |s| s.cache.response_cache = "off".into()).await
}

fn county() -> String {
    token("county", json!("340621"), "county-officer")
}

/// How many answers the server has written directly so far.
async fn direct_answers(app: &TestApp) -> u64 {
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    metrics
        .lines()
        .find_map(|line| line.strip_prefix("wuye_direct_answers_total "))
        .and_then(|n| n.trim().parse().ok())
        .expect("the direct answers metric")
}

/// The codes of the first `n` estates by code.
async fn codes(app: &TestApp, n: usize) -> Vec<String> {
    let query = format!("{{ estates(first: {n}, orderBy: {{field: CODE}}) {{ nodes {{ code }} }} }}");
    let data = app.data_as(&county(), &query, json!({})).await;
    data["estates"]["nodes"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap().to_owned()).collect()
}

/// For every document and variables, the public's answer equals the executor's (asked for by staff, which never
/// gets a direct answer and sees the same public fields), and from the second request of a document on the public
/// is answered directly.
#[tokio::test]
async fn direct_answers_are_the_executors_answers() {
    let app = uncached().await;
    let codes = codes(&app, 40).await;
    let mut asks: Vec<(&str, Value)> = Vec::new();
    for code in &codes {
        asks.push((PAGE, json!({ "code": code })));
        asks.push((EVERY_FIELD, json!({ "code": code })));
    }
    asks.push((PAGE, json!({ "code": "XQ-NONE" })));
    let filters = [
        json!({}),
        json!({ "filter": { "serviceMode": "FIVE_BASICS" }, "order": { "field": "CODE" } }),
        json!({ "filter": { "nameContains": "苑" }, "order": { "field": "NAME", "direction": "DESC" } }),
        json!({ "filter": { "townCode": "340621100" } }),
    ];
    asks.extend(filters.into_iter().map(|variables| (CONNECTION, variables)));
    let mut checked = 0;
    for (document, variables) in &asks {
        let expected = app.data_as(&county(), document, variables.clone()).await;
        let before = direct_answers(&app).await;
        let answer = app.data(document, variables.clone()).await;
        assert_eq!(answer, expected, "{document} with {variables}");
        checked += direct_answers(&app).await - before;
        // A page further on, by its cursor.
        if *document == CONNECTION {
            let after = answer["page"]["pageInfo"]["endCursor"].clone();
            let mut next = variables.clone();
            next["after"] = after;
            let expected = app.data_as(&county(), document, next.clone()).await;
            assert_eq!(app.data(document, next).await, expected);
        }
    }
    // The first request of each of the three documents is the executor's, and teaches the plan.
    assert_eq!(checked as usize, asks.len() - 3, "every later request is answered directly");
    assert!(codes.len() >= 40);
}

/// Members' names that need escaping in JSON are written by the direct path as they were written, in the chair-first
/// order, and equal the executor's answer.
#[tokio::test]
async fn members_names_come_back_as_written_through_the_databases_json() {
    let app = uncached().await;
    let town = token("town", json!("340621100"), "town-officer");
    let free =
        "{ estates(first: 100, filter: {townCode: \"340621100\"}) { nodes { id code activeCommittee { id } } } }";
    let estates = app.data(free, json!({})).await;
    let estate = estates["estates"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["activeCommittee"].is_null())
        .expect("an estate without a committee")
        .clone();
    let names = ["王\"五\\六", "O'Brien 😀", "甲</script>", "丁", "戊", "己", "庚"];
    let mut members = crate::mutations::valid_management_members();
    for (member, name) in members.iter_mut().zip(names) {
        member["name"] = json!(name);
    }
    let form = "mutation($input: FormManagementCommitteeInput!) { formManagementCommittee(input: $input) { committee { id } } }";
    let input = json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": members } });
    app.data_as(&town, form, input).await;

    let variables = json!({ "code": estate["code"] });
    let expected = app.data_as(&county(), PAGE, variables.clone()).await;
    app.data(PAGE, variables.clone()).await;
    let before = direct_answers(&app).await;
    let answer = app.data(PAGE, variables).await;
    assert_eq!(direct_answers(&app).await - before, 1, "answered directly");
    assert_eq!(answer, expected);
    let listed: Vec<&str> = answer["estate"]["activeCommittee"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, names, "as written, chair first");
}

/// A direct estate page costs three statements (the estate, its links, its committee's members), and a page of 100
/// estates as many as a page of 5: one per level and relation, whatever the number of rows.
#[tokio::test]
async fn direct_answers_cost_the_same_few_statements_for_any_page_size() {
    let app = uncached().await;
    let with_committee = "{ estates(first: 50) { nodes { code activeCommittee { kind } } } }";
    let estates = app.data(with_committee, json!({})).await;
    let estates = estates["estates"]["nodes"].as_array().unwrap();
    let code = estates.iter().find(|e| !e["activeCommittee"].is_null()).expect("an estate with a committee")["code"]
        .as_str()
        .unwrap();
    app.data(PAGE, json!({ "code": code })).await;
    let before = app.statements();
    app.data(PAGE, json!({ "code": code })).await;
    assert_eq!(app.statements() - before, 3);

    let mut counts = Vec::new();
    for n in [5, 100] {
        let list = format!(
            "{{ estates(first: {n}) {{ totalCount nodes {{ code community {{ town {{ name }} }}
               activeContract {{ enterprise {{ name }} }} activeCommittee {{ members {{ name }} }} }} }} }}"
        );
        app.data(&list, json!({})).await;
        let before = app.statements();
        let data = app.data(&list, json!({})).await;
        counts.push(app.statements() - before);
        assert_eq!(data["estates"]["nodes"].as_array().unwrap().len(), n);
    }
    assert_eq!(counts, vec![4, 4], "the page, its count, the links (community, town, enterprise), the members");
}

/// Staff are answered by the executor, always: their answers show what only they may see.
#[tokio::test]
async fn staff_are_never_answered_directly() {
    let app = uncached().await;
    let code = &codes(&app, 1).await[0];
    app.data(PAGE, json!({ "code": code })).await;
    app.data(PAGE, json!({ "code": code })).await;
    let before = direct_answers(&app).await;
    let staff = app.data_as(&county(), PAGE, json!({ "code": code })).await;
    assert_eq!(direct_answers(&app).await, before);
    assert_eq!(staff["estate"]["code"], json!(code));
}

/// Variables that do not bind, documents outside the plans and a write just made: the executor's errors, the
/// executor's answers, the new data.
#[tokio::test]
async fn what_the_plans_do_not_know_goes_to_the_executor() {
    let app = uncached().await;
    let code = &codes(&app, 1).await[0];
    app.data(PAGE, json!({ "code": code })).await;
    let before = direct_answers(&app).await;
    let wrong = app.post(PAGE, json!({ "code": 5 })).await;
    assert!(!error_codes(&wrong).is_empty(), "{wrong}");
    let missing = app.post(PAGE, json!({})).await;
    assert!(!error_codes(&missing).is_empty(), "{missing}");
    assert_eq!(direct_answers(&app).await, before, "variables that do not bind are the executor's to refuse");

    // What no plan takes: a fragment on an interface, a directive, a page whose size is a variable, a document of
    // the executor's roots alone.
    for document in [
        "query($code: String!) { estate(code: $code) { ...F } } fragment F on Node { id }",
        "query($code: String!) { estate(code: $code) { code name @include(if: true) } }",
        "query($code: String!, $n: Int) { estate(code: $code) { code contracts(first: $n) { startOn } } }",
        "query($code: String!) { complianceOverview { asOf } estate(code: $code) @skip(if: false) { code } }",
    ] {
        let first = app.data(document, json!({ "code": code })).await;
        assert_eq!(app.data(document, json!({ "code": code })).await, first);
    }
    assert_eq!(direct_answers(&app).await, before);

    // A rename is in the next direct answer.
    let id = app.data(PAGE, json!({ "code": code })).await["estate"]["id"].clone();
    let version = app.data_as(&county(), "query($id: ID) { estate(id: $id) { version } }", json!({ "id": id })).await
        ["estate"]["version"]
        .clone();
    let rename = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name } } }";
    let input = json!({ "input": { "id": id, "expectedVersion": version, "name": "改名后的小区" } });
    app.data_as(&county(), rename, input).await;
    let before = direct_answers(&app).await;
    assert_eq!(app.data(PAGE, json!({ "code": code })).await["estate"]["name"], "改名后的小区");
    assert_eq!(direct_answers(&app).await, before + 1);
}

/// The documents wuye ships (the examples, the website's queries, the harness's queries), each with variables
/// that find something in the demo data.
async fn shipped_documents(app: &TestApp) -> Vec<(String, String, Value)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let first = |query: &'static str, path: &'static [&'static str]| async move {
        let mut data = app.data(query, json!({})).await;
        for key in path {
            data = data[*key].take();
        }
        data
    };
    let estate = first("{ estates(first: 1, orderBy: {field: CODE}) { nodes { code } } }", &["estates", "nodes"]).await
        [0]["code"]
        .clone();
    let community =
        first("{ communities(first: 1) { nodes { code } } }", &["communities", "nodes"]).await[0]["code"].clone();
    let enterprise =
        first("{ enterprises(first: 1) { nodes { creditCode } } }", &["enterprises", "nodes"]).await[0]["creditCode"]
            .clone();
    let estate_id = first("{ estates(first: 1) { nodes { id } } }", &["estates", "nodes"]).await[0]["id"].clone();
    let mut documents = Vec::new();
    for folder in ["examples", "api/templates/site", "bench/queries", "bench/demo"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{folder}/{}", path.file_name().unwrap().to_string_lossy());
            let query = std::fs::read_to_string(&path).unwrap();
            let variables = match std::fs::read_to_string(path.with_extension("json")) {
                Ok(text) => serde_json::from_str(&text).unwrap(),
                Err(_) => match path.file_stem().unwrap().to_str().unwrap() {
                    "estate" | "page" => json!({ "code": estate }),
                    "community" => json!({ "code": community }),
                    "enterprise" => json!({ "code": enterprise }),
                    "town" | "estate_complaints" => json!({ "code": "340621100" }),
                    "search" => json!({ "text": "苑" }),
                    "latest" => json!({ "ids": [estate_id] }),
                    _ => json!({}),
                },
            };
            documents.push((name, query, variables));
        }
    }
    documents
}

/// Every document wuye ships is answered alike both ways: the first request of each goes through the executor, the
/// second (and any later) through its plan, if it has one; the two answers are the same bytes' worth of JSON. The
/// harness's estate lists and pages are planned, and so are the website's pages over declared types, the demo's
/// credit history, fund ledger, disclosures (items and totals) and fund usages (votes), with any fields left to the
/// executor asked of it by the plan.
#[tokio::test]
async fn every_shipped_document_is_answered_alike_by_its_plan() {
    let app = spawn_app_configured(Data::Demo, |s| {
        s.cache.response_cache = "off".into();
        s.rate_limits.points = u64::MAX;
    })
    .await;
    let mut planned = Vec::new();
    for (name, query, variables) in shipped_documents(&app).await {
        let executed = app.post(&query, variables.clone()).await;
        assert!(executed.get("errors").is_none(), "{name}: {executed}");
        let before = direct_answers(&app).await;
        let again = app.post(&query, variables.clone()).await;
        assert_eq!(again, executed, "{name} with {variables}");
        if direct_answers(&app).await > before {
            planned.push(name);
        }
    }
    let expected = [
        "bench/queries/list100.graphql",
        "bench/queries/page.graphql",
        "examples/town-estates.graphql",
        "examples/estate-money.graphql",
        "examples/changing-hands.graphql",
        "examples/owners-decisions.graphql",
        "examples/supervision.graphql",
        "api/templates/site/estate.graphql",
        "api/templates/site/enterprise.graphql",
        "bench/demo/credit_history.graphql",
        "bench/demo/enterprise.graphql",
        "bench/demo/fund_ledger.graphql",
        "bench/demo/disclosures.graphql",
        "bench/demo/fund_usages.graphql",
        "bench/demo/registry.graphql",
        "bench/demo/changes.graphql",
        "bench/demo/ranking.graphql",
        "bench/queries/ranking.graphql",
        "bench/demo/complaint_stats.graphql",
        "bench/demo/search.graphql",
        "api/templates/site/credit.graphql",
        "api/templates/site/search.graphql",
        "examples/enterprise-record.graphql",
    ];
    for name in expected {
        assert!(planned.iter().any(|p| p == name), "{name} is planned: {planned:?}");
    }
}
