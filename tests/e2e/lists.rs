//! The lists of records across estates (`fundUsages`, `publicIncomeDisclosures`, `creditRecords`,
//! `creditObjections`, `exitWarnings`, `handovers`, `emergencyPeriods`) show each viewer exactly what the lists of
//! the same records under each estate or enterprise show them — the public, and the staff of every tier — and
//! their filters narrow them as they say.

use crate::helpers::{Data, TestApp, spawn_app, spawn_app_configured, token, walk};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

/// The demo staff's tokens by role, and none for the public.
async fn viewers(app: &TestApp) -> Vec<(String, Option<String>)> {
    let personas = api::demo::personas(&app.db).await.unwrap();
    let mut viewers = vec![("public".to_owned(), None)];
    for p in personas {
        let (role, code) = (p.actor.role.as_str(), p.actor.scope.codes()[0].clone());
        viewers.push((format!("{role} {code}"), Some(token(role, json!(code), &format!("lists-{role}")))));
    }
    viewers
}

/// The ids of every node of a root list.
async fn root_ids(app: &TestApp, token: Option<&str>, field: &str, filter: Value) -> BTreeSet<String> {
    let query = format!(
        "query($after: String, $filter: {}) {{ {field}(first: 100, after: $after, filter: $filter) {{
            edges {{ node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }}",
        filter_type(field)
    );
    let nodes = walk(app, token, &query, json!({ "filter": filter }), field).await;
    nodes.iter().map(|n| n["id"].as_str().unwrap().to_owned()).collect()
}

fn filter_type(field: &str) -> &'static str {
    match field {
        "fundUsages" => "FundUsageFilter",
        "publicIncomeDisclosures" => "DisclosureFilter",
        "creditRecords" => "CreditRecordFilter",
        "creditObjections" => "CreditObjectionFilter",
        "exitWarnings" => "ExitWarningFilter",
        "handovers" => "HandoverFilter",
        "emergencyPeriods" => "EmergencyPeriodFilter",
        other => panic!("no list {other}"),
    }
}

/// The ids each nested list shows the viewer, over every estate and enterprise, by the root list's name.
async fn nested_ids(app: &TestApp, token: Option<&str>) -> HashMap<&'static str, BTreeSet<String>> {
    let mut seen: HashMap<&'static str, BTreeSet<String>> = HashMap::new();
    let estates = walk(
        app,
        token,
        "query($after: String) { estates(first: 10, after: $after) { edges { node {
            fundUsages(first: 100) { id } publicIncomeDisclosures(first: 100) { id } exitWarnings(first: 100) { id }
            handovers(first: 100) { id } emergencyPeriods(first: 100) { id } } }
            pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "estates",
    )
    .await;
    for estate in &estates {
        for (nested, root) in [
            ("fundUsages", "fundUsages"),
            ("publicIncomeDisclosures", "publicIncomeDisclosures"),
            ("exitWarnings", "exitWarnings"),
            ("handovers", "handovers"),
            ("emergencyPeriods", "emergencyPeriods"),
        ] {
            let ids = estate[nested].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap().to_owned());
            seen.entry(root).or_default().extend(ids);
        }
    }
    let enterprises = walk(
        app,
        token,
        "query($after: String) { enterprises(first: 20, after: $after) { edges { node {
            creditRecords(first: 100) { id objections { id } } } } pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "enterprises",
    )
    .await;
    for enterprise in &enterprises {
        for record in enterprise["creditRecords"].as_array().unwrap() {
            seen.entry("creditRecords").or_default().insert(record["id"].as_str().unwrap().to_owned());
            let objections = record["objections"].as_array().unwrap().iter();
            seen.entry("creditObjections")
                .or_default()
                .extend(objections.map(|o| o["id"].as_str().unwrap().to_owned()));
        }
    }
    seen
}

const LISTS: [&str; 7] = [
    "fundUsages",
    "publicIncomeDisclosures",
    "creditRecords",
    "creditObjections",
    "exitWarnings",
    "handovers",
    "emergencyPeriods",
];

#[tokio::test]
async fn every_viewer_sees_in_a_list_what_it_sees_record_by_record() {
    let app = spawn_app().await;
    let mut counts: HashMap<(&str, String), usize> = HashMap::new();
    for (who, token) in viewers(&app).await {
        let nested = nested_ids(&app, token.as_deref()).await;
        for list in LISTS {
            let listed = root_ids(&app, token.as_deref(), list, Value::Null).await;
            let expected = nested.get(list).cloned().unwrap_or_default();
            assert_eq!(
                listed.difference(&expected).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "{who}: {list} lists records it does not see one by one"
            );
            assert_eq!(
                expected.difference(&listed).collect::<Vec<_>>(),
                Vec::<&String>::new(),
                "{who}: {list} leaves out records it sees one by one"
            );
            counts.insert((list, who.split(' ').next().unwrap().to_owned()), listed.len());
        }
    }
    // The demo has records of every list, and staff see more than the public where drafts are hidden from it.
    for list in LISTS.iter().filter(|l| **l != "creditObjections") {
        assert!(counts[&(*list, "county".to_owned())] > 0, "no {list} in the demo");
    }
    for list in ["fundUsages", "publicIncomeDisclosures", "creditRecords", "creditObjections"] {
        let (public, county) = (counts[&(list, "public".to_owned())], counts[&(list, "county".to_owned())]);
        assert!(public < county, "{list}: the public sees {public}, the county {county}");
    }
    assert_eq!(counts[&("creditObjections", "public".to_owned())], 0);
}

#[tokio::test]
async fn filters_narrow_the_lists_as_they_say() {
    let app = spawn_app().await;
    let county = token("county", json!("340621"), "lists-county");
    let county = Some(county.as_str());
    let town = "340621100";
    let all = |field: &'static str, select: &'static str| {
        let app = &app;
        async move {
            let query = format!(
                "query($after: String) {{ {field}(first: 100, after: $after) {{ edges {{ node {{ id {select} }} }}
                pageInfo {{ hasNextPage endCursor }} }} }}"
            );
            walk(app, county, &query, json!({}), field).await
        }
    };
    let ids_where = |nodes: &[Value], keep: &dyn Fn(&Value) -> bool| -> BTreeSet<String> {
        nodes.iter().filter(|n| keep(n)).map(|n| n["id"].as_str().unwrap().to_owned()).collect()
    };
    let in_town = |n: &Value| n["estate"]["community"]["town"]["code"] == town;

    let usages = all("fundUsages", "status isEmergency estate { community { town { code } } }").await;
    let filtered = root_ids(&app, county, "fundUsages", json!({ "townCode": town, "status": "DRAFT" })).await;
    assert_eq!(filtered, ids_where(&usages, &|n| in_town(n) && n["status"] == "DRAFT"));
    let emergency = root_ids(&app, county, "fundUsages", json!({ "emergency": true })).await;
    assert!(!emergency.is_empty() && emergency.len() < usages.len(), "the demo has both kinds of usage");
    assert_eq!(emergency, ids_where(&usages, &|n| n["isEmergency"] == true));

    let records = all("creditRecords", "status enterprise { creditCode }").await;
    for status in ["PROPOSED", "CONFIRMED", "EXPIRED", "REVOKED", "REJECTED"] {
        let filtered = root_ids(&app, county, "creditRecords", json!({ "status": status })).await;
        assert_eq!(filtered, ids_where(&records, &|n| n["status"] == status), "{status}");
        if ["PROPOSED", "CONFIRMED"].contains(&status) {
            assert!(!filtered.is_empty(), "the demo has {status} records");
        }
    }
    let code = records[0]["enterprise"]["creditCode"].clone();
    let of_one = root_ids(&app, county, "creditRecords", json!({ "enterpriseCreditCode": code })).await;
    assert!(!of_one.is_empty());
    assert_eq!(of_one, ids_where(&records, &|n| n["enterprise"]["creditCode"] == code));

    let handovers = all("handovers", "status isOverdue").await;
    assert!(!handovers.is_empty());
    for overdue in [true, false] {
        let filtered = root_ids(&app, county, "handovers", json!({ "overdue": overdue })).await;
        assert_eq!(filtered, ids_where(&handovers, &|n| n["isOverdue"] == overdue), "overdue {overdue}");
    }

    let warnings = all("exitWarnings", "acknowledgedOn contract { status }").await;
    let open = root_ids(&app, county, "exitWarnings", json!({ "contractStatus": "EXIT_WARNED" })).await;
    assert_eq!(open, ids_where(&warnings, &|n| n["contract"]["status"] == "EXIT_WARNED"));
    let unacknowledged = root_ids(&app, county, "exitWarnings", json!({ "acknowledged": false })).await;
    assert_eq!(unacknowledged, ids_where(&warnings, &|n| n["acknowledgedOn"].is_null()));

    let disclosures = all("publicIncomeDisclosures", "year quarter estate { community { code } }").await;
    let community = disclosures[0]["estate"]["community"]["code"].clone();
    let (year, quarter) = (disclosures[0]["year"].clone(), disclosures[0]["quarter"].clone());
    let filtered = root_ids(
        &app,
        county,
        "publicIncomeDisclosures",
        json!({ "communityCode": community, "year": year, "quarter": quarter }),
    )
    .await;
    assert!(!filtered.is_empty());
    assert_eq!(
        filtered,
        ids_where(&disclosures, &|n| n["estate"]["community"]["code"] == community
            && n["year"] == year
            && n["quarter"] == quarter)
    );
}

#[tokio::test]
async fn disclosures_due_are_listed_with_the_overdue_ones_when_asked() {
    // Due 100 days after a quarter ends: the last quarter that ended is always due and not yet overdue.
    let app = spawn_app_configured(Data::Demo, |s| s.disclosures.due_days = 100).await;
    let key = |n: &Value| format!("{} {} {} {}", n["estate"]["code"], n["year"], n["quarter"], n["periodStart"]);
    let query =
        "query($due: Boolean, $after: String) { overdueDisclosures(first: 100, after: $after, includeDue: $due) {
        edges { node { estate { code } year quarter periodStart periodEnd dueOn isOverdue } }
        pageInfo { hasNextPage endCursor } } }";
    let overdue = walk(&app, None, query, json!({ "due": false }), "overdueDisclosures").await;
    let owed = walk(&app, None, query, json!({ "due": true }), "overdueDisclosures").await;
    assert!(!overdue.is_empty() && overdue.iter().all(|n| n["isOverdue"] == true));
    let overdue_keys: BTreeSet<String> = overdue.iter().map(key).collect();
    let owed_overdue: BTreeSet<String> = owed.iter().filter(|n| n["isOverdue"] == true).map(key).collect();
    assert_eq!(owed_overdue, overdue_keys, "includeDue adds, and takes nothing away");
    // Those only due: their quarter has ended, their due day has not passed (in the county's calendar).
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string();
    let due: Vec<&Value> = owed.iter().filter(|n| n["isOverdue"] == false).collect();
    assert!(!due.is_empty(), "the last quarter's parts are due");
    for part in due {
        assert!(part["periodEnd"].as_str().unwrap() < today.as_str(), "{part}");
        assert!(part["dueOn"].as_str().unwrap() >= today.as_str(), "{part}");
    }
}
