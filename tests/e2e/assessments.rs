//! Assessment rounds through the API: the county drafts, records and publishes a round of enterprises (drafts out
//! of public view; ties share a rank; publishing proposes credit records for the top and bottom results); a town
//! runs rounds of its own subjects only; a published round never changes.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateAssessmentRoundInput!) { createAssessmentRound(input: $input) {
    round { id version status } } }";
const RECORD: &str = "mutation($input: RecordAssessmentResultsInput!) { recordAssessmentResults(input: $input) {
    round { id version results { rank score plaque subject { ... on Enterprise { id } ... on Estate { id } } } } } }";
const PUBLISH: &str = "mutation($input: PublishAssessmentRoundInput!) { publishAssessmentRound(input: $input) {
    round { id version status publishedOn } } }";

fn county() -> String {
    token("county", json!("340621"), "assessor")
}

fn round(name: &str, level: &str, kind: &str, town: Option<&str>) -> Value {
    json!({ "input": { "name": name, "periodStart": "2026-01-01", "periodEnd": "2026-06-30", "level": level,
        "subjectKind": kind, "townCode": town } })
}

async fn enterprises(app: &TestApp, n: usize) -> Vec<Value> {
    let data =
        app.data("{ enterprises(first: 20, filter: {status: ACTIVE}) { edges { node { id } } } }", json!({})).await;
    data["enterprises"]["edges"].as_array().unwrap().iter().take(n).map(|e| e["node"]["id"].clone()).collect()
}

/// Whether the public finds the round, by id and in the list.
async fn public_finds(app: &TestApp, round: &Value) -> (bool, bool) {
    let by_id = app.data("query($id: ID!) { node(id: $id) { id } }", json!({ "id": round["id"] })).await;
    let listed = app.data("{ assessmentRounds(first: 100) { edges { node { id } } } }", json!({})).await;
    let in_list =
        listed["assessmentRounds"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == round["id"]);
    (!by_id["node"].is_null(), in_list)
}

/// A county round of enterprises: a draft only staff see, results with shared ranks, publishing with proposals for
/// the top and bottom results, and no change after publishing.
#[tokio::test]
async fn a_county_round_is_drafted_recorded_published_and_frozen() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-assessor");
    let (_, response) = app.post_as(&town, CREATE, round("县级评比", "COUNTY", "ENTERPRISE", None)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "a town does not run county rounds: {response:#}");
    let draft = app.data_as(&county(), CREATE, round("2026年上半年企业考核", "COUNTY", "ENTERPRISE", None)).await;
    let draft = draft["createAssessmentRound"]["round"].clone();
    assert_eq!(draft["status"], "DRAFT");
    assert_eq!(public_finds(&app, &draft).await, (false, false), "a draft is not public");

    let ids = enterprises(&app, 3).await;
    let results = json!([
        { "subjectId": ids[0], "score": "90", "plaque": "FOUR_STAR", "measures": "通报表扬" },
        { "subjectId": ids[1], "score": "85.5" },
        { "subjectId": ids[2], "score": "85.50", "plaque": "THREE_STAR" },
    ]);
    let record = |version: &Value, results: &Value| json!({ "input": { "id": draft["id"], "expectedVersion": version, "results": results } });
    let (_, response) = app.post_as(&town, RECORD, record(&draft["version"], &results)).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    let (_, response) = app
        .post_as(&county(), RECORD, record(&draft["version"], &json!([{ "subjectId": ids[0], "score": "100.5" }])))
        .await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
    let estate = app.data("{ estates(first: 1) { edges { node { id } } } }", json!({})).await["estates"]["edges"][0]["node"]["id"].clone();
    let (_, response) = app
        .post_as(&county(), RECORD, record(&draft["version"], &json!([{ "subjectId": estate, "score": "80" }])))
        .await;
    assert_eq!(
        response["errors"][0]["extensions"]["rule"], "round-subject",
        "an estate in an enterprise round: {response:#}"
    );
    let duplicate = json!([{ "subjectId": ids[0], "score": "80" }, { "subjectId": ids[0], "score": "81" }]);
    let (_, response) = app.post_as(&county(), RECORD, record(&draft["version"], &duplicate)).await;
    assert_eq!(error_codes(&response), ["CONFLICT"], "{response:#}");

    let recorded = app.data_as(&county(), RECORD, record(&draft["version"], &results)).await;
    let recorded = recorded["recordAssessmentResults"]["round"].clone();
    let ranks: Vec<(i64, &str)> = recorded["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["rank"].as_i64().unwrap(), r["score"].as_str().unwrap()))
        .collect();
    assert_eq!(ranks, vec![(1, "90.00"), (2, "85.50"), (2, "85.50")], "ties share a rank");
    let plaque_of = |id: &Value| {
        recorded["results"].as_array().unwrap().iter().find(|r| &r["subject"]["id"] == id).unwrap()["plaque"].clone()
    };
    assert_eq!(
        (plaque_of(&ids[1]), plaque_of(&ids[2])),
        (json!("NONE"), json!("THREE_STAR")),
        "no plaque unless given"
    );
    let (_, stale) = app.post_as(&county(), RECORD, record(&draft["version"], &results)).await;
    assert_eq!(error_codes(&stale), ["CONFLICT"], "results are recorded against the version read");

    let publish = json!({ "input": { "id": draft["id"], "expectedVersion": recorded["version"],
        "proposeCredit": { "top": 1, "bottom": 1 } } });
    let published = app.data_as(&county(), PUBLISH, publish).await["publishAssessmentRound"]["round"].clone();
    assert_eq!(published["status"], "PUBLISHED");
    assert_eq!(public_finds(&app, &published).await, (true, true));
    let public = app
        .data("query($id: ID!) { node(id: $id) { ... on AssessmentRound { results { rank subject { ... on Enterprise { id } } } } } }", json!({ "id": draft["id"] }))
        .await;
    assert_eq!(public["node"]["results"].as_array().unwrap().len(), 3);

    // The top result is proposed a good record, the two tied at the bottom a bad one, each for the county to confirm.
    for (id, rule) in [(&ids[0], "G05"), (&ids[1], "B03"), (&ids[2], "B03")] {
        let records = app
            .data_as(&county(), "query($id: ID!) { node(id: $id) { ... on Enterprise { creditRecords(statuses: [PROPOSED]) { source rule { code } assessmentRound { id } } } } }", json!({ "id": id }))
            .await;
        let proposed = records["node"]["creditRecords"].as_array().unwrap();
        assert!(
            proposed.iter().any(|r| r["source"] == "ASSESSMENT"
                && r["rule"]["code"] == rule
                && r["assessmentRound"]["id"] == draft["id"]),
            "{rule} proposed for {id}: {records:#}"
        );
    }

    let (_, again) = app.post_as(&county(), RECORD, record(&published["version"], &results)).await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"], "a published round never changes: {again:#}");
    let (_, again) = app
        .post_as(&county(), PUBLISH, json!({ "input": { "id": draft["id"], "expectedVersion": published["version"] } }))
        .await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"]);
}

/// A town rates its own estates only; its drafts are seen by its staff and the county, not by another town.
#[tokio::test]
async fn a_town_rates_its_own_subjects_only() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-assessor");
    let other_town = token("town", json!("340621101"), "other-assessor");
    let community = token("community", json!("340621100001"), "community-officer");
    let (_, response) = app.post_as(&town, CREATE, round("评比", "TOWN", "ESTATE", Some("340621101"))).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"], "another town's round: {response:#}");
    let (_, response) = app.post_as(&community, CREATE, round("评比", "TOWN", "ESTATE", Some("340621100"))).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    let (_, response) = app.post_as(&town, CREATE, round("评比", "TOWN", "ESTATE", None)).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "round-town", "{response:#}");

    let draft = app.data_as(&town, CREATE, round("小区服务评比", "TOWN", "ESTATE", Some("340621100"))).await;
    let draft = draft["createAssessmentRound"]["round"].clone();
    let estates = |code: &'static str| {
        let app = &app;
        async move {
            let data = app
                .data(
                    "query($t: String) { estates(first: 2, filter: {townCode: $t}) { edges { node { id } } } }",
                    json!({ "t": code }),
                )
                .await;
            data["estates"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].clone()).collect::<Vec<_>>()
        }
    };
    let (own, foreign) = (estates("340621100").await, estates("340621101").await);
    let input = |subject: &Value| {
        json!({ "input": { "id": draft["id"], "expectedVersion": draft["version"],
        "results": [{ "subjectId": own[0], "score": "88" }, { "subjectId": subject, "score": "70" }] } })
    };
    let (_, response) = app.post_as(&town, RECORD, input(&foreign[0])).await;
    assert_eq!(response["errors"][0]["extensions"]["field"], "results[1].subjectId", "{response:#}");
    app.data_as(&town, RECORD, input(&own[1])).await;

    let sees = |token: String| {
        let app = &app;
        let id = draft["id"].clone();
        async move {
            !app.data_as(&token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": id })).await["node"]
                .is_null()
        }
    };
    assert!(sees(town.clone()).await && sees(county()).await);
    assert!(!sees(other_town).await, "another town does not see the draft");
}
