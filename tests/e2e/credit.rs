//! The credit archive through the API: a record's way from proposal to confirmation, expiry, rejection and
//! revocation, with the score, the grade and what the public sees at each step; objections; vetoes; rules and
//! scoring parameters as data; the ranking.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use serde_json::{Value, json};

const PROPOSE: &str = "mutation($input: ProposeCreditRecordInput!) { proposeCreditRecord(input: $input) {
    record { id version status points expiresOn } } }";
const CONFIRM: &str = "mutation($input: ConfirmCreditRecordInput!) { confirmCreditRecord(input: $input) {
    record { id version status kind points validityMonths expiresOn confirmedOn } } }";
const REJECT: &str = "mutation($input: RejectCreditRecordInput!) { rejectCreditRecord(input: $input) {
    record { id version status decisionReason } } }";
const REVOKE: &str = "mutation($input: RevokeCreditRecordInput!) { revokeCreditRecord(input: $input) {
    record { id version status revokedOn decisionReason } } }";
const PROFILE: &str = "query($id: ID!, $asOf: Date) { node(id: $id) { ... on Enterprise {
    creditProfile(asOf: $asOf) { score grade goodPoints badPoints vetoed asOf records { id rule { code } }
        history { on grade score causes { kind rule { code } } } } } } }";

/// An enterprise of the demo with no credit records, an estate it serves, that estate's community, and a community
/// where it never served.
struct Subject {
    id: Value,
    credit_code: String,
    estate: Value,
    community: String,
    elsewhere: String,
}

async fn subject(app: &TestApp) -> Subject {
    let data = app
        .data_as(
            &county(),
            "{ enterprises(first: 20, filter: {status: ACTIVE}) { edges { node { id creditCode
                creditProfile { score } creditRecords { id }
                contracts(first: 30) { estate { community { code } } }
                estatesServed(first: 5) { id community { code } } } } }
              communities(first: 100) { edges { node { code } } } }",
            json!({}),
        )
        .await;
    // The county sees every record, proposals included: the enterprise chosen has none at all.
    let enterprises = data["enterprises"]["edges"].as_array().unwrap();
    let node = enterprises
        .iter()
        .map(|e| &e["node"])
        .find(|n| {
            n["creditProfile"]["score"] == 80
                && n["creditRecords"].as_array().unwrap().is_empty()
                && !n["estatesServed"].as_array().unwrap().is_empty()
        })
        .expect("an enterprise with a clean archive that serves an estate");
    let served: Vec<&str> = node["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["estate"]["community"]["code"].as_str().unwrap())
        .collect();
    let elsewhere = data["communities"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["node"]["code"].as_str().unwrap())
        .find(|code| !served.contains(code))
        .unwrap();
    let estate = node["estatesServed"][0].clone();
    Subject {
        id: node["id"].clone(),
        credit_code: node["creditCode"].as_str().unwrap().to_owned(),
        community: estate["community"]["code"].as_str().unwrap().to_owned(),
        estate,
        elsewhere: elsewhere.to_owned(),
    }
}

fn county() -> String {
    token("county", json!("340621"), "credit-officer")
}

fn days_ago(days: i64) -> String {
    (today() - chrono::Duration::days(days)).to_string()
}

/// Today in the county (Asia/Shanghai).
fn today() -> chrono::NaiveDate {
    api::domain::calendar::today()
}

async fn profile(app: &TestApp, enterprise: &Value, as_of: Option<String>) -> Value {
    app.data(PROFILE, json!({ "id": enterprise, "asOf": as_of })).await["node"]["creditProfile"].clone()
}

async fn propose(app: &TestApp, staff: &str, s: &Subject, rule: &str, days: i64) -> Value {
    let input = json!({ "enterpriseId": s.id, "ruleCode": rule, "estateId": s.estate["id"],
        "facts": format!("{rule} 的事实"), "evidence": "濉物信〔2026〕1号", "occurredOn": days_ago(days) });
    app.data_as(staff, PROPOSE, json!({ "input": input })).await["proposeCreditRecord"]["record"].clone()
}

async fn confirm(app: &TestApp, record: &Value) -> Value {
    let input = json!({ "id": record["id"], "expectedVersion": record["version"] });
    app.data_as(&county(), CONFIRM, json!({ "input": input })).await["confirmCreditRecord"]["record"].clone()
}

/// Whether the public can fetch the record by its id.
async fn public_sees(app: &TestApp, record: &Value) -> bool {
    let data = app.data("query($id: ID!) { node(id: $id) { id } }", json!({ "id": record["id"] })).await;
    !data["node"].is_null()
}

/// The actions of the public change feed about credit records.
async fn public_credit_actions(app: &TestApp) -> Vec<String> {
    let data = app
        .data(
            "{ changes(first: 100, entityTypes: [CreditRecord, CreditObjection]) { edges { node { action } } } }",
            json!({}),
        )
        .await;
    data["changes"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect()
}

/// Propose → confirm → expired (asked as of later days) and propose → reject, confirm → revoke: the score, the
/// grade and what the public sees follow each step; proposals and rejections never reach the public.
#[tokio::test]
async fn a_record_is_proposed_confirmed_expires_and_is_revoked_in_the_open() {
    let app = spawn_app().await;
    let s = subject(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let feed_before = public_credit_actions(&app).await.len();

    // Proposed: the public sees nothing, the enterprise and the community do.
    let disclosure = propose(&app, &community, &s, "B02", 30).await;
    assert_eq!(disclosure["status"], "PROPOSED");
    assert!(disclosure["points"].is_null(), "points are copied on confirmation");
    assert!(!public_sees(&app, &disclosure).await);
    assert_eq!(profile(&app, &s.id, None).await["score"], 80);
    let own = token("enterprise", json!(s.credit_code), "enterprise-staff");
    let seen = app
        .data_as(
            &own,
            "query($id: ID!) { node(id: $id) { ... on Enterprise { creditRecords { id status } } } }",
            json!({ "id": s.id }),
        )
        .await;
    assert_eq!(seen["node"]["creditRecords"][0]["status"], "PROPOSED", "the enterprise sees its proposals");
    let public = app
        .data("query($id: ID!) { node(id: $id) { ... on Enterprise { creditRecords { id } } } }", json!({ "id": s.id }))
        .await;
    assert_eq!(public["node"]["creditRecords"], json!([]));

    // Confirmed: it counts from today, with the rule's points and validity copied onto it.
    let disclosure = confirm(&app, &disclosure).await;
    assert_eq!(
        (&disclosure["status"], &disclosure["kind"], &disclosure["points"]),
        (&json!("CONFIRMED"), &json!("BAD"), &json!(5))
    );
    let expires: chrono::NaiveDate = disclosure["expiresOn"].as_str().unwrap().parse().unwrap();
    assert_eq!(expires, (today() - chrono::Duration::days(30)).checked_add_months(chrono::Months::new(12)).unwrap());
    assert!(public_sees(&app, &disclosure).await);
    let now = profile(&app, &s.id, None).await;
    assert_eq!((&now["score"], &now["grade"], &now["badPoints"]), (&json!(75), &json!("A"), &json!(5)));

    let lawsuit = confirm(&app, &propose(&app, &community, &s, "B01", 10).await).await;
    let now = profile(&app, &s.id, None).await;
    assert_eq!((&now["score"], &now["grade"]), (&json!(70), &json!("B")));
    assert_eq!(now["history"][0]["grade"], "B");
    // Both were confirmed today: today's change of grade names both.
    let causes: Vec<(&str, &str)> = now["history"][0]["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c["rule"]["code"].as_str().unwrap()))
        .collect();
    assert_eq!(causes, [("RECORD_CONFIRMED", "B02"), ("RECORD_CONFIRMED", "B01")]);

    // Time passes: on its last day the record counts, the day after it does not; yesterday nothing counted yet.
    let on_last_day = profile(&app, &s.id, Some(expires.to_string())).await;
    assert_eq!(on_last_day["score"], 70);
    let day_after = profile(&app, &s.id, Some(expires.succ_opt().unwrap().to_string())).await;
    assert_eq!((&day_after["score"], &day_after["records"].as_array().unwrap().len()), (&json!(75), &1));
    let yesterday = profile(&app, &s.id, Some(days_ago(1))).await;
    assert_eq!(
        (&yesterday["score"], &yesterday["grade"], &yesterday["records"]),
        (&json!(80), &json!("A"), &json!([]))
    );

    // Rejected: stays out of public view.
    let complaint = propose(&app, &community, &s, "B05", 3).await;
    let input = json!({ "id": complaint["id"], "expectedVersion": complaint["version"], "reason": "证据不足" });
    let rejected =
        app.data_as(&county(), REJECT, json!({ "input": input })).await["rejectCreditRecord"]["record"].clone();
    assert_eq!((&rejected["status"], &rejected["decisionReason"]), (&json!("REJECTED"), &json!("证据不足")));
    assert!(!public_sees(&app, &rejected).await);

    // Revoked: stops counting today, leaves the public profile, and the feed keeps the revocation and its reason.
    let input = json!({ "id": lawsuit["id"], "expectedVersion": lawsuit["version"], "reason": "判决已被二审撤销" });
    let revoked =
        app.data_as(&county(), REVOKE, json!({ "input": input })).await["revokeCreditRecord"]["record"].clone();
    assert_eq!(revoked["status"], "REVOKED");
    assert!(!public_sees(&app, &revoked).await);
    assert_eq!(profile(&app, &s.id, None).await["score"], 75);
    let feed = app
        .data("{ changes(first: 100, entityTypes: [CreditRecord]) { edges { node { action reason } } } }", json!({}))
        .await;
    let last = feed["changes"]["edges"].as_array().unwrap().last().unwrap()["node"].clone();
    assert_eq!((&last["action"], &last["reason"]), (&json!("revokeCreditRecord"), &json!("判决已被二审撤销")));
    let actions = public_credit_actions(&app).await;
    assert_eq!(actions[feed_before..], ["confirmCreditRecord", "confirmCreditRecord", "revokeCreditRecord"]);

    // Illegal transitions name the state and change nothing.
    let input = json!({ "id": revoked["id"], "expectedVersion": revoked["version"] });
    let (_, again) = app.post_as(&county(), CONFIRM, json!({ "input": input })).await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"], "{again:#}");
    assert!(again["errors"][0]["message"].as_str().unwrap().contains("REVOKED"));
    let input = json!({ "id": rejected["id"], "expectedVersion": rejected["version"], "reason": "x" });
    let (_, revoke_rejected) = app.post_as(&county(), REVOKE, json!({ "input": input })).await;
    assert_eq!(error_codes(&revoke_rejected), ["INVALID_STATE"]);
}

/// Staff propose only for enterprises that serve or served an estate in their scope, and only the county decides.
#[tokio::test]
async fn proposals_are_made_in_scope_and_decided_by_the_county() {
    let app = spawn_app().await;
    let s = subject(&app).await;
    let elsewhere = token("community", json!(s.elsewhere), "elsewhere");
    let input = json!({ "enterpriseId": s.id, "ruleCode": "B05", "facts": "投诉属实", "evidence": "工单1号",
        "occurredOn": days_ago(1) });
    let (_, response) = app.post_as(&elsewhere, PROPOSE, json!({ "input": input.clone() })).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "a community outside the enterprise's estates: {response:#}");
    let mut named = input.clone();
    named["estateId"] = s.estate["id"].clone();
    let (_, response) = app.post_as(&elsewhere, PROPOSE, json!({ "input": named })).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "naming an estate outside the scope: {response:#}");

    let community = token("community", json!(s.community), "community-officer");
    let mut future = input.clone();
    future["occurredOn"] = json!((today() + chrono::Duration::days(1)).to_string());
    let (_, response) = app.post_as(&community, PROPOSE, json!({ "input": future })).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "not-in-future", "{response:#}");
    let mut unknown = input.clone();
    unknown["ruleCode"] = json!("Z99");
    let (_, response) = app.post_as(&community, PROPOSE, json!({ "input": unknown })).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "ruleCode", "{response:#}");

    let record =
        app.data_as(&community, PROPOSE, json!({ "input": input })).await["proposeCreditRecord"]["record"].clone();
    let town = token("town", json!(&s.community[..9]), "town-officer");
    let confirm = json!({ "input": { "id": record["id"], "expectedVersion": record["version"] } });
    let (_, response) = app.post_as(&town, CONFIRM, confirm.clone()).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "a town does not confirm: {response:#}");
    let (_, response) = app.post_as(&community, CONFIRM, confirm).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
}

/// The enterprise objects to its own confirmed record; another enterprise cannot. The county upholds it (the record
/// is revoked, publicly) or dismisses it (the record stands); objections stay out of the public feed.
#[tokio::test]
async fn objections_are_lodged_by_the_enterprise_and_decided_by_the_county() {
    let app = spawn_app().await;
    let s = subject(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    let first = confirm(&app, &propose(&app, &community, &s, "B02", 20).await).await;
    let second = confirm(&app, &propose(&app, &community, &s, "B04", 10).await).await;
    assert_eq!(profile(&app, &s.id, None).await["score"], 73);

    const LODGE: &str = "mutation($input: LodgeCreditObjectionInput!) { lodgeCreditObjection(input: $input) {
        objection { id version status record { id } } } }";
    const DECIDE: &str = "mutation($input: DecideCreditObjectionInput!) { decideCreditObjection(input: $input) {
        objection { id status decisionReason record { status decisionReason } } } }";
    let others = app
        .data("{ enterprises(first: 2, filter: {status: ACTIVE}) { edges { node { creditCode } } } }", json!({}))
        .await;
    let other_code = others["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["creditCode"].as_str().unwrap())
        .find(|code| *code != s.credit_code)
        .unwrap()
        .to_owned();
    let other = token("enterprise", json!(other_code), "other-enterprise");
    let lodge = |record: &Value| json!({ "input": { "recordId": record["id"], "reason": "已整改，非本公司责任" } });
    let (_, response) = app.post_as(&other, LODGE, lodge(&first)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "another enterprise cannot object: {response:#}");
    let (_, response) = app.post_as(&county(), LODGE, lodge(&first)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "nor can the county: {response:#}");

    let own = token("enterprise", json!(s.credit_code), "enterprise-staff");
    let objection = app.data_as(&own, LODGE, lodge(&first)).await["lodgeCreditObjection"]["objection"].clone();
    assert_eq!(objection["status"], "PENDING");
    let (_, twice) = app.post_as(&own, LODGE, lodge(&first)).await;
    assert_eq!(error_codes(&twice), ["INVALID_STATE"], "one pending objection per record: {twice:#}");
    let public = app.data("query($id: ID!) { node(id: $id) { id } }", json!({ "id": objection["id"] })).await;
    assert!(public["node"].is_null(), "objections are not public");

    let decide = |o: &Value, uphold: bool| json!({ "input": { "id": o["id"], "expectedVersion": o["version"], "uphold": uphold, "reason": "经核查属实" } });
    let (_, response) = app.post_as(&own, DECIDE, decide(&objection, true)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "the enterprise does not decide: {response:#}");
    let upheld =
        app.data_as(&county(), DECIDE, decide(&objection, true)).await["decideCreditObjection"]["objection"].clone();
    assert_eq!(upheld["status"], "UPHELD");
    assert_eq!(upheld["record"]["status"], "REVOKED");
    assert!(upheld["record"]["decisionReason"].as_str().unwrap().contains("异议成立"));
    assert_eq!(profile(&app, &s.id, None).await["score"], 78);

    let objection = app.data_as(&own, LODGE, lodge(&second)).await["lodgeCreditObjection"]["objection"].clone();
    let dismissed =
        app.data_as(&county(), DECIDE, decide(&objection, false)).await["decideCreditObjection"]["objection"].clone();
    assert_eq!((&dismissed["status"], &dismissed["record"]["status"]), (&json!("DISMISSED"), &json!("CONFIRMED")));
    assert_eq!(profile(&app, &s.id, None).await["score"], 78);

    let actions = public_credit_actions(&app).await;
    assert!(actions.iter().any(|a| a == "decideCreditObjection"), "the revocation is public: {actions:?}");
    let objections = app.data("{ changes(entityTypes: [CreditObjection]) { totalCount } }", json!({})).await;
    assert_eq!(objections["changes"]["totalCount"], 0, "objections themselves are not");
    let seen = app
        .data_as(
            &own,
            "query($id: ID!) { node(id: $id) { ... on CreditRecord { objections { status } } } }",
            json!({ "id": second["id"] }),
        )
        .await;
    assert_eq!(seen["node"]["objections"][0]["status"], "DISMISSED");
}

/// A confirmed veto record makes the grade D whatever the points, and the ranking puts D last.
#[tokio::test]
async fn a_veto_makes_the_grade_d_whatever_the_points() {
    let app = spawn_app().await;
    let s = subject(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    for rule in ["G01", "G02"] {
        confirm(&app, &propose(&app, &community, &s, rule, 40).await).await;
    }
    let before = profile(&app, &s.id, None).await;
    assert_eq!((&before["score"], &before["grade"]), (&json!(89), &json!("AA")));
    confirm(&app, &propose(&app, &community, &s, "V02", 5).await).await;
    let after = profile(&app, &s.id, None).await;
    assert_eq!((&after["score"], &after["grade"], &after["vetoed"]), (&json!(89), &json!("D"), &json!(true)));
    let ranking = app
        .data(
            "{ creditRanking(first: 100) { edges { node { rank enterprise { id } profile { grade } } } } }",
            json!({}),
        )
        .await;
    let grades: Vec<&str> = ranking["creditRanking"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["profile"]["grade"].as_str().unwrap())
        .collect();
    let first_d = grades.iter().position(|g| *g == "D").unwrap();
    assert!(grades[first_d..].iter().all(|g| *g == "D"), "D comes last: {grades:?}");
}

/// Rules are data: the county adds, changes and retires them; a change rewrites no confirmed record, and a retired
/// rule takes no new record. Scoring parameters change from a later day only.
#[tokio::test]
async fn rules_and_scoring_are_data_the_county_keeps() {
    let app = spawn_app().await;
    let s = subject(&app).await;
    let community = token("community", json!(s.community), "community-officer");
    const CREATE: &str = "mutation($input: CreateCreditRuleInput!) { createCreditRule(input: $input) { rule { id version code status } } }";
    let rule = |code: &str, kind: &str, points: i64| {
        json!({ "input": { "code": code, "nameZh": "违规收费", "nameEn": "Unlawful charges", "kind": kind,
            "points": points, "validityMonths": 12, "legalBasis": "《物业管理条例》" } })
    };
    let (_, response) = app.post_as(&community, CREATE, rule("B08", "BAD", 4)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    let (_, response) = app.post_as(&county(), CREATE, rule("V09", "VETO", 4)).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "rule-points", "{response:#}");
    let created = app.data_as(&county(), CREATE, rule("b08", "BAD", 4)).await["createCreditRule"]["rule"].clone();
    assert_eq!((&created["code"], &created["status"]), (&json!("B08"), &json!("ACTIVE")));
    let (_, response) = app.post_as(&county(), CREATE, rule("B08", "BAD", 4)).await;
    assert_eq!(error_codes(&response), ["CONFLICT"], "{response:#}");

    let record = confirm(&app, &propose(&app, &community, &s, "B08", 2).await).await;
    assert_eq!(record["points"], 4);
    const UPDATE: &str =
        "mutation($input: UpdateCreditRuleInput!) { updateCreditRule(input: $input) { rule { id version points } } }";
    let updated = app
        .data_as(
            &county(),
            UPDATE,
            json!({ "input": { "id": created["id"], "expectedVersion": created["version"], "points": 9 } }),
        )
        .await["updateCreditRule"]["rule"]
        .clone();
    assert_eq!(updated["points"], 9);
    let kept = app
        .data("query($id: ID!) { node(id: $id) { ... on CreditRecord { points } } }", json!({ "id": record["id"] }))
        .await;
    assert_eq!(kept["node"]["points"], 4, "a confirmed record keeps its points");
    assert_eq!(profile(&app, &s.id, None).await["score"], 76);

    const RETIRE: &str =
        "mutation($input: RetireCreditRuleInput!) { retireCreditRule(input: $input) { rule { status retiredOn } } }";
    let retired = app
        .data_as(
            &county(),
            RETIRE,
            json!({ "input": { "id": created["id"], "expectedVersion": updated["version"], "reason": "并入B02" } }),
        )
        .await;
    assert_eq!(retired["retireCreditRule"]["rule"]["status"], "RETIRED");
    let input = json!({ "enterpriseId": s.id, "ruleCode": "B08", "facts": "违规收费", "evidence": "1号", "occurredOn": days_ago(1) });
    let (_, response) = app.post_as(&community, PROPOSE, json!({ "input": input })).await;
    assert_eq!(error_codes(&response), ["INVALID_STATE"], "{response:#}");
    assert_eq!(profile(&app, &s.id, None).await["score"], 76, "a retired rule keeps its records");

    const SCORING: &str = "mutation($input: SetCreditScoringInput!) { setCreditScoring(input: $input) { scoring { effectiveFrom aMin } } }";
    let scoring = |day: String| json!({ "input": { "effectiveFrom": day, "base": 80, "goodCap": 20, "aaaMin": 95, "aaMin": 85, "aMin": 78, "bMin": 60 } });
    let (_, response) = app.post_as(&county(), SCORING, scoring(today().to_string())).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "future-day", "{response:#}");
    let tomorrow = (today() + chrono::Duration::days(1)).to_string();
    app.data_as(&county(), SCORING, scoring(tomorrow.clone())).await;
    assert_eq!(profile(&app, &s.id, None).await["grade"], "A", "today is scored as before");
    let later = profile(&app, &s.id, Some(tomorrow)).await;
    assert_eq!(
        (&later["score"], &later["grade"], &later["history"].as_array().unwrap().last().unwrap()["causes"][0]["kind"]),
        (&json!(76), &json!("B"), &json!("SCORING_CHANGED"))
    );
    let rules =
        app.data("{ creditRules(first: 100) { totalCount } creditScorings { effectiveFrom } }", json!({})).await;
    assert_eq!(rules["creditRules"]["totalCount"], 18, "the 15 rules of the schema, the demo's 2 and this one");
    assert_eq!(rules["creditScorings"].as_array().unwrap().len(), 3, "the schema's, the demo's and this one");
}

/// The ranking lists every grade, ranks equal grades and scores together, pages with cursors that carry their day,
/// and the `enterprises` filters by grade and score agree with it.
#[tokio::test]
async fn the_ranking_and_the_filters_agree() {
    let app = spawn_app().await;
    let query = "query($first: Int, $after: String, $asOf: Date, $grade: CreditGrade) {
        creditRanking(first: $first, after: $after, asOf: $asOf, grade: $grade) { totalCount
            edges { cursor node { rank enterprise { id } profile { score grade asOf } } }
            pageInfo { hasNextPage endCursor } } }";
    let all = app.data(query, json!({ "first": 100 })).await["creditRanking"].clone();
    let edges = all["edges"].as_array().unwrap();
    let grades: std::collections::BTreeSet<&str> =
        edges.iter().map(|e| e["node"]["profile"]["grade"].as_str().unwrap()).collect();
    assert_eq!(grades, ["A", "AA", "AAA", "B", "C", "D"].into_iter().collect(), "the demo shows every grade");
    for pair in edges.windows(2) {
        let (a, b) = (&pair[0]["node"], &pair[1]["node"]);
        let same = a["profile"]["grade"] == b["profile"]["grade"] && a["profile"]["score"] == b["profile"]["score"];
        assert_eq!(same, a["rank"] == b["rank"], "equal grade and score share a rank: {a} {b}");
    }
    // Pages of 4 walk the same list.
    let (mut walked, mut after) = (Vec::new(), Value::Null);
    loop {
        let page = app.data(query, json!({ "first": 4, "after": after })).await["creditRanking"].clone();
        walked.extend(page["edges"].as_array().unwrap().iter().map(|e| e["node"]["enterprise"]["id"].clone()));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    let listed: Vec<Value> = edges.iter().map(|e| e["node"]["enterprise"]["id"].clone()).collect();
    assert_eq!(walked, listed);
    let cursor = &edges[0]["cursor"];
    let (_, wrong_day) = app
        .client
        .post(app.graphql_url())
        .json(&json!({ "query": query, "variables": { "first": 4, "after": cursor, "asOf": days_ago(3) } }))
        .send()
        .await
        .map(|r| (r.status(), r))
        .unwrap();
    let wrong_day: Value = wrong_day.json().await.unwrap();
    assert_eq!(wrong_day["errors"][0]["extensions"]["rule"], "cursor-day", "{wrong_day:#}");

    // In a town: the enterprises that serve an estate there, ranked among themselves.
    let in_town = app
        .data(
            "{ creditRanking(first: 100, town: \"340621101\") { edges { node { rank enterprise { id } } } }
            estates(first: 100, filter: {townCode: \"340621101\"}) { edges { node { enterprise { id } } } } }",
            json!({}),
        )
        .await;
    let ranked: std::collections::BTreeSet<String> = in_town["creditRanking"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["enterprise"]["id"].as_str().unwrap().to_owned())
        .collect();
    let serving: std::collections::BTreeSet<String> = in_town["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["node"]["enterprise"]["id"].as_str().map(str::to_owned))
        .collect();
    assert!(!ranked.is_empty());
    assert_eq!(ranked, serving);
    assert_eq!(in_town["creditRanking"]["edges"][0]["node"]["rank"], 1);

    let only_c = app.data(query, json!({ "first": 100, "grade": "C" })).await["creditRanking"].clone();
    let filtered = app
        .data("{ enterprises(first: 100, filter: {creditGrade: C}) { totalCount edges { node { id } } } }", json!({}))
        .await;
    assert_eq!(filtered["enterprises"]["totalCount"], only_c["totalCount"]);
    let range = app
        .data("{ enterprises(first: 100, filter: {minCreditScore: 80, maxCreditScore: 85}) { edges { node { creditProfile { score } } } } }", json!({}))
        .await;
    let scores: Vec<i64> = range["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["creditProfile"]["score"].as_i64().unwrap())
        .collect();
    assert!(!scores.is_empty() && scores.iter().all(|s| (80..=85).contains(s)), "{scores:?}");
}
