//! Owners govern themselves, through the API: each art. 278 matter decided at its boundary by
//! `recordAssemblyMeeting`; a first assembly prepared by the town's group electing a committee the town files from
//! the resolution; members changed under the composition rules with `asOf` showing who sat before; correction orders
//! and revocations with their notices to all owners; the community acting for a committee that does not work, and
//! refused for one that does. Every refusal leaves nothing behind.

use crate::helpers::{TestApp, spawn_app, token};
use crate::lifecycle::{days_ago, refused};
use serde_json::{Value, json};

const GROUP: &str = "mutation($input: FormPreparatoryGroupInput!) { formPreparatoryGroup(input: $input) {
    group { id formedOn members { name kind isChair } } } }";
const MEETING: &str = "mutation($input: RecordAssemblyMeetingInput!) { recordAssemblyMeeting(input: $input) {
    meeting { id convenedBy heldOn resolutions { id version item matter outcome needsThreeQuarters } } } }";
const FILE: &str = "mutation($input: FileOwnersCommitteeInput!) { fileOwnersCommittee(input: $input) {
    committee { id version kind status electedOn termEndsOn reelectionDueOn resolution { id }
    members { name position seat } } } }";
const DISSOLVE: &str = "mutation($input: DissolveCommitteeInput!) { dissolveCommittee(input: $input) {
    committee { id status } } }";
const CHANGE: &str = "mutation($input: ChangeCommitteeMembersInput!) { changeCommitteeMembers(input: $input) {
    committee { id version members { name position seat joinedOn joinedGround } } } }";
const MARK: &str = "mutation($input: MarkCommitteeNotFunctioningInput!) { markCommitteeNotFunctioning(input: $input) {
    committee { id version status notFunctioningSince notFunctioningReason } } }";
const RESTORE: &str =
    "mutation($input: RestoreCommitteeFunctioningInput!) { restoreCommitteeFunctioning(input: $input) {
    committee { id version status } } }";
const ORDER: &str = "mutation($input: IssueCorrectionOrderInput!) { issueCorrectionOrder(input: $input) {
    order { id version kind status notice deadline } } }";
const REVOKE: &str = "mutation($input: RevokeResolutionInput!) { revokeResolution(input: $input) {
    order { id version kind status resolution { isRevoked revokedOn } } } }";
const REPORT: &str = "mutation($input: ReportCorrectionInput!) { reportCorrection(input: $input) {
    order { id version status report } } }";
const ACCEPT: &str = "mutation($input: AcceptCorrectionInput!) { acceptCorrection(input: $input) {
    order { id version status acceptanceNote } } }";
const REVOKE_DECISION: &str = "mutation($input: RevokeDecisionInput!) { revokeDecision(input: $input) {
    order { id version status resolution { isRevoked } notices { kind text on } } } }";

/// An estate of 濉溪镇: its id and code, its community's and town's codes, and its active committee (`Null` if none).
struct Estate {
    id: Value,
    code: String,
    community: String,
    town: String,
    committee: Value,
}

/// The `index`th estate of 濉溪镇 with (`with_committee`) or without an active committee.
async fn estate(app: &TestApp, with_committee: bool, index: usize) -> Estate {
    let data = app
        .data(
            "{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { id code community { code }
                activeCommittee { id version kind status members { name position seat } } } } } }",
            json!({}),
        )
        .await;
    let node = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .filter(|e| e["activeCommittee"].is_null() != with_committee)
        .nth(index)
        .expect("such an estate in the demo");
    let community = node["community"]["code"].as_str().unwrap().to_owned();
    Estate {
        id: node["id"].clone(),
        code: node["code"].as_str().unwrap().to_owned(),
        town: community[..9].to_owned(),
        community,
        committee: node["activeCommittee"].clone(),
    }
}

/// A resolution's input: the matter and the figures (area as written, owners).
fn motion(matter: &str, participating: (&str, i64), ayes: (&str, i64)) -> Value {
    json!({ "matter": matter, "text": format!("{matter} 的议题"), "participatingArea": participating.0,
        "participatingOwners": participating.1, "ayeArea": ayes.0, "ayeOwners": ayes.1 })
}

/// A meeting of `estate` over 30000.00 m² and 300 owners (the fund vote tests' denominators).
fn meeting(estate: &Value, group: Option<&Value>, held: u64, resolutions: Vec<Value>) -> Value {
    json!({ "input": { "estateId": estate, "preparatoryGroupId": group, "heldOn": days_ago(held), "form": "MEETING",
        "totalArea": "30000.00", "totalOwners": 300, "resolutions": resolutions } })
}

/// Owners' committee members (five, one chair).
fn members(prefix: &str) -> Value {
    let positions = ["CHAIR", "VICE_CHAIR", "MEMBER", "MEMBER", "MEMBER"];
    json!(
        positions
            .iter()
            .enumerate()
            .map(|(i, p)| json!({ "name": format!("{prefix}{i}"), "position": p, "affiliation": "OWNER",
            "isOwnerRepresentative": true, "isPartyMember": i == 0 }))
            .collect::<Vec<_>>()
    )
}

fn member(name: &str) -> Value {
    json!({ "name": name, "position": "MEMBER", "affiliation": "OWNER", "isOwnerRepresentative": true,
        "isPartyMember": false })
}

#[tokio::test]
async fn each_matter_is_decided_at_its_boundary_by_record_assembly_meeting() {
    let app = spawn_app().await;
    let e = estate(&app, true, 0).await;
    let committee = token("committee", json!(e.code), "committee-member");
    let majority = [
        "RULES_OF_PROCEDURE",
        "MANAGEMENT_STATUTE",
        "ELECT_COMMITTEE",
        "ENGAGE_MANAGER",
        "USE_FUND",
        "OTHER_MAJOR",
        "OTHER",
    ];
    let three_quarters = ["RAISE_FUND", "REBUILD", "COMMON_PARTS_USE"];
    let mut resolutions = Vec::new();
    let mut expected = Vec::new();
    for matter in majority {
        for (participating, ayes, outcome) in [
            (("19999.99", 200), ("19999.99", 200), "NOT_QUORATE"),
            (("20000.00", 200), ("10000.00", 101), "REJECTED"),
            (("20000.00", 200), ("10000.01", 100), "REJECTED"),
            (("20000.00", 200), ("10000.01", 101), "ADOPTED"),
        ] {
            resolutions.push(motion(matter, participating, ayes));
            expected.push((matter, outcome));
        }
    }
    for matter in three_quarters {
        for (participating, ayes, outcome) in [
            (("20000.00", 199), ("20000.00", 199), "NOT_QUORATE"),
            (("20000.00", 200), ("14999.99", 150), "REJECTED"),
            (("20000.00", 200), ("15000.00", 149), "REJECTED"),
            (("20000.00", 200), ("15000.00", 150), "ADOPTED"),
        ] {
            resolutions.push(motion(matter, participating, ayes));
            expected.push((matter, outcome));
        }
    }
    // Figures that do not nest, and a meeting with nothing decided, are refused whole.
    let mut wrong = resolutions.clone();
    wrong[7] = motion("OTHER", ("20000.00", 200), ("20000.01", 200));
    refused(
        &app,
        &committee,
        (MEETING, meeting(&e.id, None, 3, wrong)),
        "BAD_USER_INPUT",
        Some("vote-figures"),
        "resolution",
    )
    .await;
    refused(
        &app,
        &committee,
        (MEETING, meeting(&e.id, None, 3, vec![])),
        "BAD_USER_INPUT",
        Some("resolution-count"),
        "assembly_meeting",
    )
    .await;
    let outsider = token("committee", json!(estate(&app, true, 1).await.code), "other-committee");
    refused(&app, &outsider, (MEETING, meeting(&e.id, None, 3, resolutions.clone())), "FORBIDDEN", None, "resolution")
        .await;

    let recorded = app.data_as(&committee, MEETING, meeting(&e.id, None, 3, resolutions)).await["recordAssemblyMeeting"]["meeting"].clone();
    assert_eq!(recorded["convenedBy"], "COMMITTEE");
    let got: Vec<(String, String)> = recorded["resolutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["matter"].as_str().unwrap().to_owned(), r["outcome"].as_str().unwrap().to_owned()))
        .collect();
    let want: Vec<(String, String)> = expected.iter().map(|(m, o)| (m.to_string(), o.to_string())).collect();
    assert_eq!(got, want);
    let items: Vec<i64> =
        recorded["resolutions"].as_array().unwrap().iter().map(|r| r["item"].as_i64().unwrap()).collect();
    assert_eq!(items, (1..=40).collect::<Vec<_>>());

    // The public reads the figures and outcomes, by estate and by filter; no owner's own vote exists to read.
    let public = app
        .data(
            "query($code: String!) { resolutions(first: 100, filter: {estateCode: $code, outcome: ADOPTED}) {
                totalCount edges { node { matter ayeArea participatingOwners meeting { totalArea totalOwners } } } } }",
            json!({ "code": e.code }),
        )
        .await;
    assert_eq!(public["resolutions"]["totalCount"], 10, "{public}");
    let first = &public["resolutions"]["edges"][0]["node"];
    assert_eq!((&first["meeting"]["totalArea"], &first["meeting"]["totalOwners"]), (&json!("30000.00"), &json!(300)));

    // A fund usage cites the adopted USE_FUND resolution that approved it; another matter, or a rejected one, is
    // refused.
    let resolution = |i: usize| recorded["resolutions"][i]["id"].clone();
    let (use_fund_rejected, use_fund_adopted, raise_fund_adopted) = (resolution(17), resolution(19), resolution(31));
    let draft = json!({ "input": { "estateId": e.id, "title": "电梯更换", "category": "ELEVATOR", "scope": "全体业主",
        "budget": "1000" } });
    let draft_usage =
        "mutation($input: DraftFundUsageInput!) { draftFundUsage(input: $input) { usage { id version } } }";
    let usage = app.data_as(&committee, draft_usage, draft).await["draftFundUsage"]["usage"].clone();
    let open = json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"], "scopeArea": "30000.00",
        "scopeOwners": 300 } });
    let open_vote = "mutation($input: OpenFundVoteInput!) { openFundVote(input: $input) { usage { id version } } }";
    let usage = app.data_as(&committee, open_vote, open).await["openFundVote"]["usage"].clone();
    let vote = |cited: &Value| {
        json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"], "participatingArea": "20000.00",
            "participatingOwners": 200, "ayeArea": "10000.01", "ayeOwners": 101, "resolutionId": cited } })
    };
    let record = "mutation($input: RecordFundVoteInput!) { recordFundVote(input: $input) {
        usage { status resolution { id matter } } } }";
    refused(
        &app,
        &committee,
        (record, vote(&raise_fund_adopted)),
        "BAD_USER_INPUT",
        Some("resolution-matter"),
        "fund_usage",
    )
    .await;
    refused(
        &app,
        &committee,
        (record, vote(&use_fund_rejected)),
        "BAD_USER_INPUT",
        Some("resolution-in-force"),
        "fund_usage",
    )
    .await;
    let voted = app.data_as(&committee, record, vote(&use_fund_adopted)).await["recordFundVote"]["usage"].clone();
    assert_eq!((&voted["status"], &voted["resolution"]["id"]), (&json!("VOTED"), &use_fund_adopted));

    // So does a replenishment, with the adopted RAISE_FUND resolution.
    let town = token("town", json!(e.town), "town-officer");
    let propose = json!({ "input": { "estateId": e.id, "target": "10000.00", "note": "每平方米10元",
        "reason": "电梯更新在即" } });
    let propose_plan = "mutation($input: ProposeReplenishmentInput!) { proposeReplenishment(input: $input) {
        plan { id version } } }";
    let plan = app.data_as(&town, propose_plan, propose).await["proposeReplenishment"]["plan"].clone();
    let vote = |cited: &Value| {
        json!({ "input": { "id": plan["id"], "expectedVersion": plan["version"], "scopeArea": "30000.00",
            "scopeOwners": 300, "participatingArea": "20000.00", "participatingOwners": 200, "ayeArea": "15000.00",
            "ayeOwners": 150, "resolutionId": cited } })
    };
    let record = "mutation($input: RecordReplenishmentVoteInput!) { recordReplenishmentVote(input: $input) {
        plan { status resolution { id } } } }";
    let plans = "replenishment_plan";
    refused(&app, &committee, (record, vote(&use_fund_adopted)), "BAD_USER_INPUT", Some("resolution-matter"), plans)
        .await;
    let adopted =
        app.data_as(&committee, record, vote(&raise_fund_adopted)).await["recordReplenishmentVote"]["plan"].clone();
    assert_eq!((&adopted["status"], &adopted["resolution"]["id"]), (&json!("ADOPTED"), &raise_fund_adopted));
}

#[tokio::test]
async fn a_first_assembly_elects_the_committee_the_town_files_from_its_resolution() {
    let app = spawn_app().await;
    let e = estate(&app, false, 0).await;
    let town = token("town", json!(e.town), "town-officer");
    let community = token("community", json!(e.community), "officer");
    let person = |name: &str, kind: &str, chair: bool| json!({ "name": name, "kind": kind, "isChair": chair });
    let group_of = |owners: usize, chair: &str| {
        let mut list = vec![
            person("镇干部", "TOWN", chair == "TOWN"),
            person("社区书记", "COMMUNITY", false),
            person("开发商代表", "DEVELOPER", false),
        ];
        for i in 0..owners {
            list.push(person(&format!("业主代表{i}"), "OWNER_REPRESENTATIVE", chair == "OWNER" && i == 0));
        }
        json!({ "input": { "estateId": e.id, "formedOn": days_ago(60), "members": list } })
    };
    refused(&app, &community, (GROUP, group_of(3, "TOWN")), "FORBIDDEN", None, "preparatory_group").await;
    refused(
        &app,
        &town,
        (GROUP, group_of(2, "TOWN")),
        "BAD_USER_INPUT",
        Some("preparatory-group-owner-representatives"),
        "preparatory_group",
    )
    .await;
    refused(
        &app,
        &town,
        (GROUP, group_of(3, "OWNER")),
        "BAD_USER_INPUT",
        Some("preparatory-group-chair"),
        "preparatory_group",
    )
    .await;
    let group = app.data_as(&town, GROUP, group_of(3, "TOWN")).await["formPreparatoryGroup"]["group"].clone();
    assert_eq!(group["members"][0]["isChair"], true, "the chair first");

    let first = meeting(
        &e.id,
        Some(&group["id"]),
        30,
        vec![
            motion("RULES_OF_PROCEDURE", ("25000.00", 250), ("20000.00", 200)),
            motion("ELECT_COMMITTEE", ("25000.00", 250), ("20000.00", 200)),
            motion("ELECT_COMMITTEE", ("25000.00", 250), ("10000.00", 100)),
        ],
    );
    refused(&app, &community, (MEETING, first.clone()), "FORBIDDEN", None, "assembly_meeting").await;
    let recorded = app.data_as(&town, MEETING, first.clone()).await["recordAssemblyMeeting"]["meeting"].clone();
    assert_eq!(recorded["convenedBy"], "PREPARATORY_GROUP");
    refused(&app, &town, (MEETING, first), "INVALID_STATE", None, "assembly_meeting").await;
    let r = |i: usize| recorded["resolutions"][i]["id"].clone();

    let filing = |resolution: &Value, term: Option<String>| json!({ "input": { "resolutionId": resolution, "filedOn": days_ago(20), "termEndsOn": term, "members": members("委员") } });
    refused(&app, &town, (FILE, filing(&r(2), None)), "BAD_USER_INPUT", Some("resolution-in-force"), "committee").await;
    refused(&app, &town, (FILE, filing(&r(0), None)), "BAD_USER_INPUT", Some("resolution-matter"), "committee").await;
    let held = chrono::NaiveDate::parse_from_str(&days_ago(30), "%Y-%m-%d").unwrap();
    let fifth = held.checked_add_months(chrono::Months::new(60)).unwrap();
    refused(
        &app,
        &town,
        (FILE, filing(&r(1), Some(fifth.to_string()))),
        "BAD_USER_INPUT",
        Some("committee-term"),
        "committee",
    )
    .await;
    refused(&app, &community, (FILE, filing(&r(1), None)), "FORBIDDEN", None, "committee").await;
    let filed = app.data_as(&town, FILE, filing(&r(1), None)).await["fileOwnersCommittee"]["committee"].clone();
    let last_day = fifth.pred_opt().unwrap();
    assert_eq!(filed["electedOn"], held.to_string());
    assert_eq!(
        filed["termEndsOn"],
        last_day.to_string(),
        "five years at most: to the day before the fifth anniversary"
    );
    assert_eq!(filed["reelectionDueOn"], last_day.checked_sub_months(chrono::Months::new(3)).unwrap().to_string());
    assert_eq!((&filed["status"], &filed["resolution"]["id"]), (&json!("ACTIVE"), &r(1)));
    let read = app
        .data("query($id: ID!) { node(id: $id) { ... on Resolution { committee { id } } } }", json!({ "id": r(1) }))
        .await;
    assert_eq!(read["node"]["committee"]["id"], filed["id"]);

    // One election files one committee: dissolved, the same resolution cannot file another.
    let dissolve = json!({ "input": { "id": filed["id"], "expectedVersion": filed["version"], "dissolvedOn": days_ago(1), "reason": "测试" } });
    app.data_as(&town, DISSOLVE, dissolve).await;
    refused(&app, &town, (FILE, filing(&r(1), None)), "CONFLICT", None, "committee").await;
}

/// A committee of 濉溪镇 elected at a meeting wuye recorded (an ELECT_COMMITTEE resolution adopted days ago), and the
/// resolution of a later meeting that replaces a member.
async fn elected(app: &TestApp, e: &Estate) -> (Value, Value) {
    let town = token("town", json!(e.town), "town-officer");
    let community = token("community", json!(e.community), "officer");
    let election = meeting(&e.id, None, 40, vec![motion("ELECT_COMMITTEE", ("25000.00", 250), ("20000.00", 200))]);
    let first = app.data_as(&community, MEETING, election).await["recordAssemblyMeeting"]["meeting"].clone();
    assert_eq!(first["convenedBy"], "COMMUNITY", "no committee: the community acts");
    let filing = json!({ "input": { "resolutionId": first["resolutions"][0]["id"], "filedOn": days_ago(35), "members": members("委员") } });
    let committee = app.data_as(&town, FILE, filing).await["fileOwnersCommittee"]["committee"].clone();
    let by_committee = token("committee", json!(e.code), "committee-member");
    let change = meeting(&e.id, None, 2, vec![motion("ELECT_COMMITTEE", ("25000.00", 250), ("20000.00", 200))]);
    let later = app.data_as(&by_committee, MEETING, change).await["recordAssemblyMeeting"]["meeting"].clone();
    (committee, later["resolutions"][0]["id"].clone())
}

#[tokio::test]
async fn members_change_under_the_composition_rules_and_as_of_shows_who_sat_before() {
    let app = spawn_app().await;
    let e = estate(&app, false, 1).await;
    let town = token("town", json!(e.town), "town-officer");
    let (committee, resolution) = elected(&app, &e).await;
    let seat = |i: usize| committee["members"][i]["seat"].clone();
    let change = |leaving: Value, joining: Value, version: &Value| {
        json!({ "input": { "committeeId": committee["id"], "expectedVersion": version, "changedOn": days_ago(1),
            "leaving": leaving, "joining": joining } })
    };
    let v = committee["version"].clone();
    let removed = json!([{ "seat": seat(4), "ground": "REMOVED", "resolutionId": resolution }]);
    let newcomer = json!([{ "member": member("新委员"), "ground": "ELECTED", "resolutionId": resolution }]);
    let cases = [
        (change(removed.clone(), json!([]), &v), "owners-committee-size"),
        (change(json!([{ "seat": seat(4), "ground": "REMOVED" }]), newcomer.clone(), &v), "resolution-required"),
        (
            change(removed.clone(), json!([{ "member": member("新委员"), "ground": "APPOINTED" }]), &v),
            "member-change-ground",
        ),
        (change(json!([{ "seat": 99, "ground": "RESIGNED" }]), newcomer.clone(), &v), "sitting-member"),
        (
            change(
                removed.clone(),
                json!([{ "member": member("甲"), "ground": "ELECTED", "resolutionId": resolution },
            { "member": member("乙"), "ground": "ELECTED", "resolutionId": resolution }]),
                &v,
            ),
            "owners-committee-odd",
        ),
    ];
    for (input, rule) in cases {
        refused(&app, &town, (CHANGE, input), "BAD_USER_INPUT", Some(rule), "committee_member").await;
    }
    let community = token("community", json!(e.community), "officer");
    refused(
        &app,
        &community,
        (CHANGE, change(removed.clone(), newcomer.clone(), &v)),
        "FORBIDDEN",
        None,
        "committee_member",
    )
    .await;
    let changed = app.data_as(&town, CHANGE, change(removed.clone(), newcomer.clone(), &v)).await["changeCommitteeMembers"]["committee"].clone();
    let names = |list: &Value| {
        list.as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(names(&changed["members"]), ["委员0", "委员1", "委员2", "委员3", "新委员"]);
    assert_eq!(changed["members"][4]["joinedGround"], "ELECTED");
    let resigned = json!([{ "seat": seat(3), "ground": "RESIGNED" }]);
    let another = json!([{ "member": member("丙"), "ground": "ELECTED", "resolutionId": resolution }]);
    refused(&app, &town, (CHANGE, change(resigned.clone(), another.clone(), &v)), "CONFLICT", None, "committee_member")
        .await;
    let mut earlier = change(resigned, another, &changed["version"]);
    earlier["input"]["changedOn"] = json!(days_ago(2));
    refused(&app, &town, (CHANGE, earlier), "BAD_USER_INPUT", Some("in-order"), "committee_member").await;

    // Who sat on the committee on each day, for anyone.
    let on = |day: String| {
        app.data(
            "query($id: ID!, $day: Date) { node(id: $id) { ... on Committee { members(asOf: $day) { name } } } }",
            json!({ "id": committee["id"], "day": day }),
        )
    };
    assert_eq!(names(&on(days_ago(2)).await["node"]["members"]), ["委员0", "委员1", "委员2", "委员3", "委员4"]);
    assert_eq!(names(&on(days_ago(1)).await["node"]["members"]), ["委员0", "委员1", "委员2", "委员3", "新委员"]);
    assert_eq!(names(&on(days_ago(300)).await["node"]["members"]), Vec::<String>::new(), "before the election");
}

#[tokio::test]
async fn correction_orders_and_revocations_come_with_notices_to_all_owners() {
    let app = spawn_app().await;
    let e = estate(&app, false, 2).await;
    let (_, _) = elected(&app, &e).await;
    let town = token("town", json!(e.town), "town-officer");
    let community = token("community", json!(e.community), "officer");
    let committee = token("committee", json!(e.code), "committee-member");
    let decided = meeting(
        &e.id,
        None,
        10,
        vec![
            motion("MANAGEMENT_STATUTE", ("25000.00", 250), ("20000.00", 200)),
            motion("COMMON_PARTS_USE", ("25000.00", 250), ("20000.00", 200)),
            motion("OTHER", ("25000.00", 250), ("20000.00", 200)),
            motion("OTHER", ("25000.00", 250), ("1000.00", 10)),
        ],
    );
    let decided = app.data_as(&committee, MEETING, decided).await["recordAssemblyMeeting"]["meeting"].clone();
    let r = |i: usize| decided["resolutions"][i].clone();
    let order = |resolution: &Value, deadline: u64| {
        json!({ "input": { "resolutionId": resolution["id"], "law": "《民法典》第二百七十八条", "deadline": days_ago(deadline),
            "notice": "责令业主大会限期改正管理规约中限制表决权的条款，特此通告全体业主。", "issuedOn": days_ago(5) } })
    };
    refused(&app, &community, (ORDER, order(&r(0), 0)), "FORBIDDEN", None, "correction_order").await;
    refused(&app, &town, (ORDER, order(&r(3), 0)), "BAD_USER_INPUT", Some("resolution-in-force"), "correction_order")
        .await;
    refused(&app, &town, (ORDER, order(&r(0), 6)), "BAD_USER_INPUT", Some("in-order"), "correction_order").await;
    let issued = app.data_as(&town, ORDER, order(&r(0), 0)).await["issueCorrectionOrder"]["order"].clone();
    assert_eq!((&issued["kind"], &issued["status"]), (&json!("CORRECT"), &json!("ISSUED")));
    refused(&app, &town, (ORDER, order(&r(0), 0)), "INVALID_STATE", None, "correction_order").await;
    let step = |o: &Value, extra: (&str, &str)| {
        let mut input = json!({ "id": o["id"], "expectedVersion": o["version"] });
        input[extra.0] = json!(extra.1);
        json!({ "input": input })
    };
    refused(&app, &community, (REPORT, step(&issued, ("report", "已改正"))), "FORBIDDEN", None, "correction_order")
        .await;
    refused(&app, &town, (ACCEPT, step(&issued, ("note", "好"))), "INVALID_STATE", None, "correction_order").await;
    let reported = app.data_as(&committee, REPORT, step(&issued, ("report", "已删除该条款"))).await["reportCorrection"]
        ["order"]
        .clone();
    let accepted =
        app.data_as(&town, ACCEPT, step(&reported, ("note", "已改正"))).await["acceptCorrection"]["order"].clone();
    assert_eq!((&accepted["status"], &accepted["acceptanceNote"]), (&json!("ACCEPTED"), &json!("已改正")));

    // Revoked outright, and revoked through an order not complied with: each resolution stays, as revoked.
    let revoke = json!({ "input": { "id": r(1)["id"], "expectedVersion": r(1)["version"], "law": "《消防法》第二十八条",
        "notice": "撤销占用消防通道的决定，特此通告全体业主。" } });
    refused(&app, &committee, (REVOKE, revoke.clone()), "FORBIDDEN", None, "correction_order").await;
    let revoked = app.data_as(&town, REVOKE, revoke.clone()).await["revokeResolution"]["order"].clone();
    assert_eq!((&revoked["kind"], &revoked["status"]), (&json!("REVOKE"), &json!("REVOKED")));
    assert_eq!(revoked["resolution"]["isRevoked"], true);
    refused(&app, &town, (REVOKE, revoke), "INVALID_STATE", None, "correction_order").await;
    let third = app.data_as(&town, ORDER, order(&r(2), 0)).await["issueCorrectionOrder"]["order"].clone();
    let notice = "业主大会逾期未改正，撤销该决定，特此通告全体业主。";
    let ended =
        app.data_as(&town, REVOKE_DECISION, step(&third, ("notice", notice))).await["revokeDecision"]["order"].clone();
    assert_eq!((&ended["status"], &ended["resolution"]["isRevoked"]), (&json!("REVOKED"), &json!(true)));
    let kinds: Vec<&str> = ended["notices"].as_array().unwrap().iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["CORRECTION_ORDERED", "REVOCATION"]);

    // The public: the estate's notices (the latest first), the revoked resolutions, the change feed, the download.
    let page = app
        .data(
            "query($code: String!) { estate(code: $code) { notices { kind text on }
                resolutions { outcome isRevoked correctionOrders { kind status } } }
              resolutions(filter: {estateCode: $code, revoked: true}) { totalCount } }",
            json!({ "code": e.code }),
        )
        .await;
    let notices = page["estate"]["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 4, "{notices:?}");
    assert!(notices.iter().any(|n| n["kind"] == "REVOCATION" && n["text"] == notice));
    assert_eq!(page["resolutions"]["totalCount"], 2);
    let feed = "{ changes(first: 100, entityTypes: [CorrectionOrder, Resolution]) { edges { node { action } } } }";
    let feed = app.data(feed, json!({})).await.to_string();
    for action in ["issueCorrectionOrder", "reportCorrection", "acceptCorrection", "revokeResolution", "revokeDecision"]
    {
        assert!(feed.contains(action), "{action} in the change feed");
    }
    let csv = app
        .client
        .get(format!("{}/data/correction-orders.csv", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("撤销占用消防通道的决定") && csv.contains("REVOKE"), "{csv}");
    let html = app.client.get(format!("{}/estate/{}", app.address, e.code)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("致全体业主的通告") && html.contains(notice), "the notice at the top of the estate's page");
}

#[tokio::test]
async fn the_community_acts_for_a_committee_that_does_not_work_and_not_for_one_that_does() {
    let app = spawn_app().await;
    let e = estate(&app, true, 1).await;
    let (town, community) =
        (token("town", json!(e.town), "town-officer"), token("community", json!(e.community), "officer"));
    let committee = token("committee", json!(e.code), "committee-member");
    let held = || meeting(&e.id, None, 1, vec![motion("OTHER", ("25000.00", 250), ("20000.00", 200))]);
    refused(&app, &community, (MEETING, held()), "FORBIDDEN", None, "assembly_meeting").await;
    let c = &e.committee;
    let mark = |version: &Value, reason: &str| json!({ "input": { "id": c["id"], "expectedVersion": version, "since": days_ago(3), "reason": reason } });
    refused(&app, &community, (MARK, mark(&c["version"], "过半委员缺位")), "FORBIDDEN", None, "committee").await;
    refused(&app, &town, (MARK, mark(&c["version"], " ")), "BAD_USER_INPUT", Some("required"), "committee").await;
    let marked =
        app.data_as(&town, MARK, mark(&c["version"], "过半委员缺位")).await["markCommitteeNotFunctioning"]["committee"]
            .clone();
    assert_eq!((&marked["status"], &marked["notFunctioningSince"]), (&json!("NOT_FUNCTIONING"), &json!(days_ago(3))));
    refused(&app, &town, (MARK, mark(&marked["version"], "再次")), "INVALID_STATE", None, "committee").await;
    let public = app
        .data(
            "query($code: String!) { estate(code: $code) { activeCommittee { status notFunctioningReason } } }",
            json!({ "code": e.code }),
        )
        .await;
    assert_eq!(
        public["estate"]["activeCommittee"],
        json!({ "status": "NOT_FUNCTIONING", "notFunctioningReason": "过半委员缺位" })
    );
    let overview = "{ complianceOverview { total { committeesNotFunctioning { count } } } }";
    let idle = app.data(overview, json!({})).await["complianceOverview"]["total"]["committeesNotFunctioning"]["count"]
        .as_u64()
        .unwrap();
    assert!(idle >= 1);

    refused(&app, &committee, (MEETING, held()), "FORBIDDEN", None, "assembly_meeting").await;
    let recorded = app.data_as(&community, MEETING, held()).await["recordAssemblyMeeting"]["meeting"].clone();
    assert_eq!(recorded["convenedBy"], "COMMUNITY");

    let restore = json!({ "input": { "id": c["id"], "expectedVersion": marked["version"], "note": "已补选委员" } });
    let restored = app.data_as(&town, RESTORE, restore).await["restoreCommitteeFunctioning"]["committee"].clone();
    assert_eq!(restored["status"], "ACTIVE");
    let after = app.data(overview, json!({})).await["complianceOverview"]["total"]["committeesNotFunctioning"]["count"]
        .as_u64()
        .unwrap();
    assert_eq!(after, idle - 1);
    refused(&app, &community, (MEETING, held()), "FORBIDDEN", None, "assembly_meeting").await;
    let recorded = app.data_as(&committee, MEETING, held()).await["recordAssemblyMeeting"]["meeting"].clone();
    assert_eq!(recorded["convenedBy"], "COMMITTEE");
}
