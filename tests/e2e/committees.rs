//! Committee rules through the API: composition of management committees, filing an owners' committee dissolves
//! the management committee in the same transaction, and members' staff-only fields show only within scope.

use crate::helpers::{TestApp, error_codes, spawn_app, token};
use crate::mutations::valid_management_members;
use serde_json::{Value, json};

const FORM: &str = "mutation($input: FormManagementCommitteeInput!) {
    formManagementCommittee(input: $input) { committee { id kind status version members { name position } } } }";

/// An estate of 濉溪镇 with no contract and no committee.
async fn free_estate(app: &TestApp) -> Value {
    let data = app
        .data(
            "{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { id activeCommittee { id } } } } }",
            json!({}),
        )
        .await;
    data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .find(|e| e["activeCommittee"].is_null())
        .expect("an estate without a committee")
}

/// Committees of 6 or 8, too few owner representatives or Party members, or a chair from outside the community
/// Party organisation or not a Party member (三(二)) are refused with BAD_USER_INPUT naming the rule; a valid
/// committee is formed.
#[tokio::test]
async fn management_committee_composition_is_enforced() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let estate = free_estate(&app).await;
    let valid = valid_management_members();
    let mut eight = valid.clone();
    eight.push(json!({ "name": "辛", "position": "MEMBER", "affiliation": "OWNER", "isOwnerRepresentative": true, "isPartyMember": true }));
    // Owner representatives are members 3 to 6 (four of seven); taking one away leaves three.
    let few_owners: Vec<Value> = valid
        .iter()
        .enumerate()
        .map(|(i, m)| if i == 3 { with_field(m, "isOwnerRepresentative", false) } else { m.clone() })
        .collect();
    let few_party: Vec<Value> =
        valid.iter().map(|m| with_field(m, "isPartyMember", m["position"] == "CHAIR")).collect();
    let outside_chair: Vec<Value> = valid
        .iter()
        .map(|m| if m["position"] == "CHAIR" { with_field(m, "affiliation", "OWNER") } else { m.clone() })
        .collect();
    // The chair no Party member, with Party members still at half (丙 joins them).
    let non_party_chair: Vec<Value> = valid
        .iter()
        .map(|m| match m["name"].as_str() {
            Some("甲") => with_field(m, "isPartyMember", false),
            Some("丙") => with_field(m, "isPartyMember", true),
            _ => m.clone(),
        })
        .collect();
    let cases = [
        (valid[..6].to_vec(), "management-committee-size"),
        (non_party_chair, "management-committee-chair-party-member"),
        (eight, "management-committee-odd"),
        (few_owners, "management-committee-owner-representatives"),
        (few_party, "management-committee-party-members"),
        (outside_chair, "management-committee-chair-affiliation"),
    ];
    for (members, rule) in cases {
        let input = json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": members } });
        let (_, response) = app.post_as(&town, FORM, input).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{rule}: {response:#}");
        assert_eq!(response["errors"][0]["extensions"]["rule"], rule);
        assert_eq!(response["errors"][0]["extensions"]["field"], "members");
    }
    let input = json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": valid } });
    let formed = app.data_as(&town, FORM, input.clone()).await["formManagementCommittee"]["committee"].clone();
    assert_eq!(formed["kind"], "MANAGEMENT");
    assert_eq!(formed["status"], "ACTIVE");
    assert_eq!(formed["members"][0]["position"], "CHAIR");
    // A second one for the same estate is refused: one active committee per estate.
    let (_, again) = app.post_as(&town, FORM, input).await;
    assert_eq!(error_codes(&again), ["INVALID_STATE"]);
}

/// A copy of `member` with one field changed.
fn with_field(member: &Value, field: &str, value: impl Into<Value>) -> Value {
    let mut member = member.clone();
    member[field] = value.into();
    member
}

/// Filing an owners' committee dissolves the management committee of the estate, in the same transaction, with the
/// reason on record; the history keeps both.
#[tokio::test]
async fn filing_an_owners_committee_dissolves_the_management_committee() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let estate = free_estate(&app).await;
    let formed = app
        .data_as(&town, FORM, json!({ "input": { "estateId": estate["id"], "formedOn": "2026-01-10", "members": valid_management_members() } }))
        .await;
    let management_id = formed["formManagementCommittee"]["committee"]["id"].clone();
    let members: Vec<Value> = ["子", "丑", "寅", "卯", "辰"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({ "name": name, "position": if i == 0 { "CHAIR" } else { "MEMBER" }, "affiliation": "OWNER",
            "isOwnerRepresentative": true, "isPartyMember": false })
        })
        .collect();
    let filed = app
        .data_as(
            &town,
            "mutation($input: FileOwnersCommitteeInput!) { fileOwnersCommittee(input: $input) { committee { kind status filedOn isFilingLate estate {
                activeCommittee { kind } committees { id kind status dissolvedOn dissolutionReason } } } } }",
            json!({ "input": { "estateId": estate["id"], "electedOn": "2026-10-01", "filedOn": "2026-11-20", "members": members } }),
        )
        .await;
    let committee = &filed["fileOwnersCommittee"]["committee"];
    assert_eq!(committee["kind"], "OWNERS");
    assert_eq!(committee["isFilingLate"], true, "filed 50 days after the election");
    assert_eq!(committee["estate"]["activeCommittee"]["kind"], "OWNERS");
    let history = committee["estate"]["committees"].as_array().unwrap();
    let dissolved = history.iter().find(|c| c["id"] == management_id).unwrap();
    assert_eq!(dissolved["status"], "DISSOLVED");
    assert_eq!(dissolved["dissolvedOn"], "2026-10-01", "on the day the owners elected their committee, not its filing");
    assert!(dissolved["dissolutionReason"].as_str().unwrap().contains("业主委员会"));
}

/// Staff whose scope covers the estate see members' phones and affiliations; staff of another town do not.
#[tokio::test]
async fn member_details_show_only_to_staff_in_scope() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let estate = free_estate(&app).await;
    app.data_as(&town, FORM, json!({ "input": { "estateId": estate["id"], "formedOn": "2026-11-20", "members": valid_management_members() } }))
        .await;
    let query = "query($id: ID!) { node(id: $id) { ... on Estate { activeCommittee { members { name phone affiliation isPartyMember } } } } }";
    let vars = json!({ "id": estate["id"] });
    let inside = app.data_as(&town, query, vars.clone()).await;
    let member = &inside["node"]["activeCommittee"]["members"][0];
    assert_eq!(member["phone"], "13900000000");
    assert_eq!(member["affiliation"], "COMMUNITY_PARTY_ORG");
    let other_town = token("town", json!("340621101"), "elsewhere");
    let outside = app.data_as(&other_town, query, vars.clone()).await;
    let member = &outside["node"]["activeCommittee"]["members"][0];
    assert!(member["phone"].is_null() && member["affiliation"].is_null() && member["isPartyMember"].is_null());
    assert!(member["name"].is_string());
    let public = app.data(query, vars).await;
    assert!(public["node"]["activeCommittee"]["members"][0]["phone"].is_null());
}
