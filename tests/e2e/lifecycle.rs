//! When service changes hands, through the API: exit warnings with their 90 or 60 days' notice, handovers whose last item
//! terminates the contract (once, however many race for it), and the network's service centres and property
//! officers. Every refusal names its rule (or the role it needs), and leaves no row and no audit event.

use crate::disclosures::writes;
use crate::helpers::{TestApp, error_codes, spawn_app, token};
use chrono::{Days, NaiveDate};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const CREATE_CONTRACT: &str =
    "mutation($input: CreateContractInput!) { createContract(input: $input) { contract { id version status } } }";
const FILE_WARNING: &str = "mutation($input: FileExitWarningInput!) { fileExitWarning(input: $input) {
    exitWarning { id version intendedEndOn noticeBasis requiredNoticeDays noticeDays isLate contractAgreesOtherwise
    agreementNote filedOn acknowledgedOn contract { status } } } }";
const ACKNOWLEDGE: &str = "mutation($input: AcknowledgeExitWarningInput!) { acknowledgeExitWarning(input: $input) {
    exitWarning { id version acknowledgedOn } } }";
const OPEN_HANDOVER: &str = "mutation($input: OpenHandoverInput!) { openHandover(input: $input) {
    handover { id version status receiver deadline items { item status } } } }";
const RECEIVE: &str = "mutation($input: ReceiveHandoverItemInput!) { receiveHandoverItem(input: $input) {
    handover { id version status completedOn contract { status terminatedOn terminationReason version } } } }";
const DISPUTE: &str = "mutation($input: DisputeHandoverItemInput!) { disputeHandoverItem(input: $input) {
    handover { id version status } } }";
const READ_HANDOVER: &str = "query($id: ID!) { node(id: $id) { ... on Handover { status isOverdue
    items { item status receivedBy note disputeReason internalNote } } } }";

/// Every item of a handover's checklist, in its order.
pub const ITEMS: [&str; 8] = [
    "AS_BUILT_DRAWINGS",
    "EQUIPMENT_DOCS",
    "WARRANTY_DOCS",
    "MANAGEMENT_ROOM",
    "PUBLIC_INCOME_BALANCE",
    "MAINTENANCE_RECORDS",
    "OWNER_RECORDS",
    "KEYS_AND_ACCESS",
];

/// Today in the county (UTC+8).
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

pub fn days(n: u64) -> String {
    (today() + Days::new(n)).to_string()
}

/// The day `n` days ago.
pub fn days_ago(n: u64) -> String {
    (today() - Days::new(n)).to_string()
}

/// The number `sql` counts (as `n`), read straight from the server's database.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let statement = Statement::from_string(app.db.get_database_backend(), sql);
    app.db.query_one_raw(statement).await.unwrap().unwrap().try_get::<i64>("", "n").unwrap()
}

/// Rows of `table`.
pub async fn rows(app: &TestApp, table: &str) -> i64 {
    count(app, &format!("SELECT COUNT(*) AS n FROM {table}")).await
}

/// Asserts that `token` sending `query` is refused with `code` (and, for bad input, `rule`), and that neither a row
/// of `table` nor an audit event was written.
pub async fn refused(
    app: &TestApp,
    token: &str,
    (query, input): (&str, Value),
    code: &str,
    rule: Option<&str>,
    table: &str,
) {
    let (before, rows_before) = (writes(app).await, rows(app, table).await);
    let (_, response) = app.post_as(token, query, input).await;
    assert_eq!(error_codes(&response), [code], "{response:#}");
    if let Some(rule) = rule {
        assert_eq!(response["errors"][0]["extensions"]["rule"], rule, "{response:#}");
    }
    assert_eq!(writes(app).await, before, "no audit event: {response:#}");
    assert_eq!(rows(app, table).await, rows_before, "no row of {table}: {response:#}");
}

/// An estate with no open contract (a five-basics estate of 濉溪镇), under a new contract that ends on `end_on`.
pub struct Contracted {
    pub estate_code: String,
    pub community: String,
    pub town: String,
    pub contract: Value,
    /// The enterprise under contract, and one that has nothing to do with the estate.
    pub enterprise: String,
    pub enterprise_id: Value,
    pub outsider: String,
    pub outsider_id: Value,
}

pub async fn contracted(app: &TestApp, index: usize, end_on: &str) -> Contracted {
    let data = app
        .data(
            "{ estates(first: 20, filter: {townCode: \"340621100\", serviceMode: FIVE_BASICS}) { edges { node {
                id code community { code } activeContract { id } } } }
              enterprises(first: 5, filter: {status: ACTIVE}) { edges { node { id creditCode } } } }",
            json!({}),
        )
        .await;
    let estates: Vec<&Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|e| e["activeContract"].is_null())
        .collect();
    let e = estates[index];
    let enterprises: Vec<&Value> =
        data["enterprises"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]).collect();
    let community = e["community"]["code"].as_str().unwrap().to_owned();
    let town = community[..9].to_owned();
    let input = json!({ "input": { "estateId": e["id"], "enterpriseId": enterprises[0]["id"], "startOn": "2025-01-01",
        "endOn": end_on, "feePerSquareMeterMonth": "1.20", "selection": "BIDDING" } });
    let contract = app.data_as(&token("town", json!(town), "town-officer"), CREATE_CONTRACT, input).await;
    Contracted {
        estate_code: e["code"].as_str().unwrap().to_owned(),
        community,
        town,
        contract: contract["createContract"]["contract"].clone(),
        enterprise: enterprises[0]["creditCode"].as_str().unwrap().to_owned(),
        enterprise_id: enterprises[0]["id"].clone(),
        outsider: enterprises[1]["creditCode"].as_str().unwrap().to_owned(),
        outsider_id: enterprises[1]["id"].clone(),
    }
}

fn warning_input(c: &Contracted, intended_end_on: &str) -> Value {
    json!({ "input": { "contractId": c.contract["id"], "intendedEndOn": intended_end_on, "reason": "到期不再续约" } })
}

/// The contract's enterprise files a warning for the end of its term (which must be 90 days or more away).
pub async fn warned(app: &TestApp, c: &Contracted, end_on: &str) -> Value {
    let enterprise = token("enterprise", json!(c.enterprise), "enterprise-staff");
    app.data_as(&enterprise, FILE_WARNING, warning_input(c, end_on)).await["fileExitWarning"]["exitWarning"].clone()
}

/// The town opens a handover to the owners' committee, due in 30 days.
pub async fn handover(app: &TestApp, c: &Contracted) -> Value {
    let town = token("town", json!(c.town), "town-officer");
    let input =
        json!({ "input": { "contractId": c.contract["id"], "receiver": "OWNERS_COMMITTEE", "deadline": days(30) } });
    app.data_as(&town, OPEN_HANDOVER, input).await["openHandover"]["handover"].clone()
}

fn receive(handover: &Value, item: &str) -> Value {
    json!({ "input": { "id": handover["id"], "expectedVersion": handover["version"], "item": item,
        "receivedBy": "社区物业专干王伟", "note": "已清点" } })
}

/// The credit records proposed for the enterprise of `c` for leaving without due notice, as the county reads them.
async fn late_notice_proposals(app: &TestApp, c: &Contracted) -> Vec<Value> {
    let county = token("county", json!("340621"), "credit-officer");
    let query = "query($id: ID!) { node(id: $id) { ... on Enterprise { creditRecords(statuses: [PROPOSED]) {
        source rule { code } estate { code } } } } }";
    let records = app.data_as(&county, query, json!({ "id": c.enterprise_id })).await;
    let all = records["node"]["creditRecords"].as_array().unwrap().clone();
    all.into_iter().filter(|r| r["source"] == "EXIT_WARNING" && r["estate"]["code"] == c.estate_code.as_str()).collect()
}

/// A fixed term ending in 89 days: its own enterprise's warning is accepted and marked late, counted to the term's
/// end whatever day it names, and proposes rule B07 for the county to decide; another enterprise never files; the
/// community acknowledges once; the public sees the warning, its notice and its lateness on the contract, on the
/// estate and in the list of estates losing service.
#[tokio::test]
async fn an_exit_warning_comes_ninety_days_before_a_fixed_term_ends_or_is_late() {
    let app = spawn_app().await;
    let c = contracted(&app, 0, &days(89)).await;
    let enterprise = token("enterprise", json!(c.enterprise), "enterprise-staff");
    let outsider = token("enterprise", json!(c.outsider), "other-enterprise");
    let community = token("community", json!(c.community), "community-officer");

    let input = warning_input(&c, &days(120));
    refused(&app, &outsider, (FILE_WARNING, input.clone()), "FORBIDDEN", None, "exit_warning").await;
    refused(&app, &community, (FILE_WARNING, input.clone()), "FORBIDDEN", None, "exit_warning").await;
    let early = warning_input(&c, &days(60));
    refused(
        &app,
        &enterprise,
        (FILE_WARNING, early),
        "BAD_USER_INPUT",
        Some("not-before-contract-end"),
        "exit_warning",
    )
    .await;
    let mut unexplained = input.clone();
    unexplained["input"]["contractAgreesOtherwise"] = json!(true);
    refused(&app, &enterprise, (FILE_WARNING, unexplained), "BAD_USER_INPUT", Some("required"), "exit_warning").await;
    assert!(late_notice_proposals(&app, &c).await.is_empty());

    // Naming a last day 120 days out does not make up for the notice not given before the term ends.
    let warning = app.data_as(&enterprise, FILE_WARNING, input.clone()).await["fileExitWarning"]["exitWarning"].clone();
    assert_eq!(warning["intendedEndOn"], days(120));
    assert_eq!(warning["noticeBasis"], "FIXED_TERM");
    assert_eq!(warning["requiredNoticeDays"], 90);
    assert_eq!(warning["noticeDays"], 89, "counted to the term's end");
    assert_eq!(warning["isLate"], true);
    assert_eq!(warning["filedOn"], today().to_string());
    assert_eq!(warning["contract"]["status"], "EXIT_WARNED");
    let proposed = late_notice_proposals(&app, &c).await;
    assert_eq!(proposed.len(), 1, "{proposed:#?}");
    assert_eq!(proposed[0]["rule"]["code"], "B07");
    refused(&app, &enterprise, (FILE_WARNING, input), "INVALID_STATE", None, "exit_warning").await;
    let query = "query($id: ID!) { node(id: $id) { ... on Enterprise { creditRecords { source } } } }";
    let public = app.data(query, json!({ "id": c.enterprise_id })).await;
    assert!(!public.to_string().contains("EXIT_WARNING"), "not public until the county confirms it: {public:#}");

    // The public reads the warning on the contract and on the estate, and finds the estate losing its service.
    let public = app
        .data(
            "query($code: String!) { estate(code: $code) { activeContract { status exitWarning { intendedEndOn
                noticeDays isLate acknowledgedOn } } exitWarnings { id } } }",
            json!({ "code": c.estate_code }),
        )
        .await;
    let shown = &public["estate"]["activeContract"]["exitWarning"];
    assert_eq!(
        (&shown["intendedEndOn"], &shown["noticeDays"], &shown["isLate"]),
        (&json!(days(120)), &json!(89), &json!(true))
    );
    assert_eq!(public["estate"]["exitWarnings"][0]["id"], warning["id"]);
    let losing = |within: i64| {
        app.data(
            "query($within: Int!) { estatesLosingService(withinDays: $within) { estate { code } endsOn daysLeft
                exitWarning { id noticeBasis noticeDays isLate } } }",
            json!({ "within": within }),
        )
    };
    let soon = losing(120).await;
    let listed: Vec<&Value> = soon["estatesLosingService"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["estate"]["code"] == c.estate_code.as_str())
        .collect();
    assert_eq!(listed.len(), 1, "{soon:#}");
    assert_eq!(listed[0]["daysLeft"], 120, "served until the day the warning names");
    assert_eq!(
        listed[0]["exitWarning"],
        json!({ "id": warning["id"], "noticeBasis": "FIXED_TERM", "noticeDays": 89, "isLate": true })
    );
    let later = losing(119).await;
    assert!(!later.to_string().contains(&c.estate_code), "not within 119 days");
    let response = app.post("{ estatesLosingService(withinDays: 400) { endsOn } }", json!({})).await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"]);

    // The community acknowledges, once; a community elsewhere cannot.
    let step = json!({ "input": { "id": warning["id"], "expectedVersion": warning["version"] } });
    let elsewhere = token("community", json!("340621101001"), "other-community");
    refused(&app, &elsewhere, (ACKNOWLEDGE, step.clone()), "FORBIDDEN", None, "exit_warning").await;
    refused(&app, &enterprise, (ACKNOWLEDGE, step.clone()), "FORBIDDEN", None, "exit_warning").await;
    let acknowledged =
        app.data_as(&community, ACKNOWLEDGE, step).await["acknowledgeExitWarning"]["exitWarning"].clone();
    assert_eq!(acknowledged["acknowledgedOn"], today().to_string());
    let again = json!({ "input": { "id": warning["id"], "expectedVersion": acknowledged["version"] } });
    refused(&app, &community, (ACKNOWLEDGE, again), "INVALID_STATE", None, "exit_warning").await;

    // Exactly 90 days is on time, and proposes nothing.
    let d = contracted(&app, 1, &days(90)).await;
    let warning = warned(&app, &d, &days(90)).await;
    assert_eq!((&warning["noticeDays"], &warning["isLate"]), (&json!(90), &json!(false)));
    assert_eq!(warning["contractAgreesOtherwise"], false);
    assert!(late_notice_proposals(&app, &d).await.is_empty());
}

/// A contract that agrees its own notice is held to it, never late; a term that was over when the warning came is
/// indefinite, and ends on 60 days' notice to the day named (民法典 art. 948), refused one day short.
#[tokio::test]
async fn an_agreed_notice_is_never_late_and_an_indefinite_term_ends_on_sixty_days() {
    let app = spawn_app().await;
    let c = contracted(&app, 0, &days(30)).await;
    let enterprise = token("enterprise", json!(c.enterprise), "enterprise-staff");
    let mut agreed = warning_input(&c, &days(30));
    agreed["input"]["contractAgreesOtherwise"] = json!(true);
    agreed["input"]["agreementNote"] = json!("合同第十八条约定提前30日书面通知");
    let warning = app.data_as(&enterprise, FILE_WARNING, agreed).await["fileExitWarning"]["exitWarning"].clone();
    assert_eq!(warning["noticeBasis"], "CONTRACT_AGREEMENT");
    assert_eq!(warning["requiredNoticeDays"], Value::Null);
    assert_eq!((&warning["noticeDays"], &warning["isLate"]), (&json!(30), &json!(false)));
    assert_eq!(warning["agreementNote"], "合同第十八条约定提前30日书面通知");
    assert!(late_notice_proposals(&app, &c).await.is_empty());

    let d = contracted(&app, 1, &days_ago(10)).await;
    let enterprise = token("enterprise", json!(d.enterprise), "enterprise-staff");
    let short = warning_input(&d, &days(59));
    refused(&app, &enterprise, (FILE_WARNING, short), "BAD_USER_INPUT", Some("exit-notice-60-days"), "exit_warning")
        .await;
    let warning = warned(&app, &d, &days(60)).await;
    assert_eq!(warning["noticeBasis"], "INDEFINITE_TERM");
    assert_eq!(warning["requiredNoticeDays"], 60);
    assert_eq!((&warning["noticeDays"], &warning["isLate"]), (&json!(60), &json!(false)));
    assert!(late_notice_proposals(&app, &d).await.is_empty());
}

/// The town opens the handover (no other town, no community); items are disputed and received with public and
/// internal notes; the last one received completes the handover and terminates the contract in the same
/// transaction.
#[tokio::test]
async fn the_last_handover_item_received_completes_the_handover_and_terminates_the_contract() {
    let app = spawn_app().await;
    let c = contracted(&app, 0, &days(120)).await;
    warned(&app, &c, &days(120)).await;
    let town = token("town", json!(c.town), "town-officer");
    let community = token("community", json!(c.community), "community-officer");

    let open = |receiver: &str, enterprise: Option<&Value>| {
        json!({ "input": { "contractId": c.contract["id"], "receiver": receiver, "receiverEnterpriseId": enterprise,
            "deadline": days(30) } })
    };
    let other_town = token("town", json!("340621101"), "other-town");
    refused(&app, &other_town, (OPEN_HANDOVER, open("OWNERS_COMMITTEE", None)), "FORBIDDEN", None, "handover").await;
    refused(&app, &community, (OPEN_HANDOVER, open("OWNERS_COMMITTEE", None)), "FORBIDDEN", None, "handover").await;
    let rule = Some("receiver-enterprise");
    refused(&app, &town, (OPEN_HANDOVER, open("NEW_ENTERPRISE", None)), "BAD_USER_INPUT", rule, "handover").await;
    let stray = open("OWNERS_COMMITTEE", Some(&c.outsider_id));
    refused(&app, &town, (OPEN_HANDOVER, stray), "BAD_USER_INPUT", rule, "handover").await;
    let mut late = open("OWNERS_COMMITTEE", None);
    late["input"]["deadline"] = json!("2020-01-01");
    refused(&app, &town, (OPEN_HANDOVER, late), "BAD_USER_INPUT", Some("not-in-past"), "handover").await;

    let handover = app.data_as(&town, OPEN_HANDOVER, open("NEW_ENTERPRISE", Some(&c.outsider_id))).await["openHandover"]
        ["handover"]
        .clone();
    assert_eq!(handover["status"], "OPEN");
    let items: Vec<&str> = handover["items"].as_array().unwrap().iter().map(|i| i["item"].as_str().unwrap()).collect();
    assert_eq!(items, ITEMS);
    assert!(handover["items"].as_array().unwrap().iter().all(|i| i["status"] == "PENDING"));
    refused(&app, &town, (OPEN_HANDOVER, open("OWNERS_COMMITTEE", None)), "CONFLICT", None, "handover").await;

    // A dispute holds the handover up; its internal note is for staff only.
    let dispute = json!({ "input": { "id": handover["id"], "expectedVersion": handover["version"],
        "item": "PUBLIC_INCOME_BALANCE", "reason": "结余金额有争议", "internalNote": "账面差额1.2万元" } });
    let enterprise = token("enterprise", json!(c.enterprise), "enterprise-staff");
    refused(&app, &enterprise, (DISPUTE, dispute.clone()), "FORBIDDEN", None, "handover").await;
    let mut handover = app.data_as(&community, DISPUTE, dispute).await["disputeHandoverItem"]["handover"].clone();
    assert_eq!(handover["status"], "DISPUTED");
    let public = app.data(READ_HANDOVER, json!({ "id": handover["id"] })).await;
    let disputed = &public["node"]["items"][4];
    assert_eq!(disputed["disputeReason"], "结余金额有争议");
    assert!(disputed["internalNote"].is_null(), "the public never reads internal notes");
    let staff = app.data_as(&town, READ_HANDOVER, json!({ "id": handover["id"] })).await;
    assert_eq!(staff["node"]["items"][4]["internalNote"], "账面差额1.2万元");

    // Every other item received: still DISPUTED, the contract still open.
    for item in ITEMS.iter().filter(|i| **i != "PUBLIC_INCOME_BALANCE") {
        handover =
            app.data_as(&community, RECEIVE, receive(&handover, item)).await["receiveHandoverItem"]["handover"].clone();
        assert_eq!(handover["status"], "DISPUTED");
        assert_eq!(handover["contract"]["status"], "EXIT_WARNED");
    }
    let stale = json!({ "input": { "id": handover["id"], "expectedVersion": 1, "item": "PUBLIC_INCOME_BALANCE",
        "receivedBy": "王伟" } });
    refused(&app, &community, (RECEIVE, stale), "CONFLICT", None, "handover").await;
    let twice = receive(&handover, "KEYS_AND_ACCESS");
    refused(&app, &community, (RECEIVE, twice), "INVALID_STATE", None, "handover").await;

    // The disputed item, received at last: the handover completes and its contract is terminated.
    let before = writes(&app).await;
    let done = app.data_as(&town, RECEIVE, receive(&handover, "PUBLIC_INCOME_BALANCE")).await["receiveHandoverItem"]
        ["handover"]
        .clone();
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["completedOn"], today().to_string());
    assert_eq!(done["contract"]["status"], "TERMINATED");
    assert_eq!(done["contract"]["terminatedOn"], today().to_string());
    assert_eq!(writes(&app).await, before + 2, "the handover's event and the contract's, together");
    let public = app
        .data(
            "query($code: String!) { estate(code: $code) { activeContract { id } handovers { status isOverdue
                receiverEnterprise { creditCode } } } }",
            json!({ "code": c.estate_code }),
        )
        .await;
    assert!(public["estate"]["activeContract"].is_null());
    assert_eq!(public["estate"]["handovers"][0]["status"], "COMPLETED");
    assert_eq!(public["estate"]["handovers"][0]["isOverdue"], false);
    assert_eq!(public["estate"]["handovers"][0]["receiverEnterprise"]["creditCode"], c.outsider.as_str());
    refused(&app, &town, (RECEIVE, receive(&done, "KEYS_AND_ACCESS")), "INVALID_STATE", None, "handover").await;
}

/// Two staff receive the last item at the same moment: one completes the handover, the other is told it changed,
/// and the contract is terminated once.
#[tokio::test]
async fn a_concurrent_second_completion_does_not_terminate_twice() {
    let app = spawn_app().await;
    let c = contracted(&app, 0, &days(120)).await;
    warned(&app, &c, &days(120)).await;
    let mut handover = handover(&app, &c).await;
    let community = token("community", json!(c.community), "community-officer");
    let town = token("town", json!(c.town), "town-officer");
    for item in &ITEMS[..7] {
        handover =
            app.data_as(&community, RECEIVE, receive(&handover, item)).await["receiveHandoverItem"]["handover"].clone();
    }
    let last = receive(&handover, ITEMS[7]);
    let (first, second) =
        tokio::join!(app.post_as(&community, RECEIVE, last.clone()), app.post_as(&town, RECEIVE, last.clone()));
    let mut outcomes: Vec<Vec<String>> = vec![error_codes(&first.1), error_codes(&second.1)];
    outcomes.sort();
    // The loser either read the handover after the winner committed (COMPLETED: INVALID_STATE) or before (its
    // version is stale: CONFLICT), depending on when the database let it in.
    assert!(outcomes[0].is_empty(), "one completes: {first:?} {second:?}");
    assert!(["INVALID_STATE", "CONFLICT"].contains(&outcomes[1].concat().as_str()), "{first:?} {second:?}");
    let contract_id = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on ServiceContract { status version } } }",
            json!({ "id": c.contract["id"] }),
        )
        .await;
    assert_eq!(contract_id["node"]["status"], "TERMINATED");
    assert_eq!(contract_id["node"]["version"], 3, "created, warned, terminated: once");
    let completions = count(&app, "SELECT COUNT(*) AS n FROM audit_event WHERE action = 'completeHandover'").await;
    let demo_completions = 1;
    assert_eq!(completions, demo_completions + 1, "one termination by this handover");
}

/// The county or the town itself records a service centre with at least two staff; the town names a community's
/// property officer; nobody else may.
#[tokio::test]
async fn towns_set_up_their_service_centres_and_name_property_officers() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ town(code: \"340621110\") { id version serviceCenter { establishedOn } communities { id version code } } }",
            json!({}),
        )
        .await;
    let town = &data["town"];
    assert!(town["serviceCenter"].is_null(), "四铺镇 has none in the demo");
    const SET_CENTER: &str = "mutation($input: SetServiceCenterInput!) { setServiceCenter(input: $input) {
        town { version serviceCenter { establishedOn leader staffCount phone } } } }";
    let center = |staff: i64| {
        json!({ "input": { "townId": town["id"], "expectedVersion": town["version"], "establishedOn": today().to_string(),
            "leader": "李敏", "staffCount": staff, "phone": "0561-6012345" } })
    };
    let community_code = town["communities"][0]["code"].as_str().unwrap();
    for (who, token) in [
        ("another town", token("town", json!("340621100"), "other-town")),
        ("a community of the town", token("community", json!(community_code), "community-officer")),
    ] {
        let (_, response) = app.post_as(&token, SET_CENTER, center(3)).await;
        assert_eq!(error_codes(&response), ["FORBIDDEN"], "{who}: {response:#}");
    }
    let own = token("town", json!("340621110"), "town-officer");
    refused(&app, &own, (SET_CENTER, center(0)), "BAD_USER_INPUT", Some("service-center-staff"), "town").await;
    // One member of staff is recorded, and counted short of the standard of "generally not fewer than 2" (三(一)).
    let set = app.data_as(&own, SET_CENTER, center(1)).await;
    assert_eq!(set["setServiceCenter"]["town"]["serviceCenter"]["staffCount"], 1);
    let overview =
        app.data("{ complianceOverview { towns { town { code } serviceCentersStaffed { count } } } }", json!({})).await;
    let sipu =
        overview["complianceOverview"]["towns"].as_array().unwrap().iter().find(|t| t["town"]["code"] == "340621110");
    assert_eq!(sipu.expect("四铺镇 in the overview")["serviceCentersStaffed"]["count"], 0, "short of the standard");
    // The county may correct it, given the version it read.
    let county = token("county", json!("340621"), "county-officer");
    let mut again = center(4);
    again["input"]["expectedVersion"] = set["setServiceCenter"]["town"]["version"].clone();
    let set = app.data_as(&county, SET_CENTER, again).await;
    assert_eq!(set["setServiceCenter"]["town"]["serviceCenter"]["staffCount"], 4);

    const SET_OFFICER: &str = "mutation($input: SetPropertyOfficerInput!) { setPropertyOfficer(input: $input) {
        community { propertyOfficer version } } }";
    let community = &town["communities"][0];
    let officer = |name: &str| json!({ "input": { "communityId": community["id"], "expectedVersion": community["version"], "propertyOfficer": name } });
    let own_community = token("community", json!(community_code), "community-officer");
    let (_, response) = app.post_as(&own_community, SET_OFFICER, officer("张强")).await;
    assert_eq!(error_codes(&response), ["FORBIDDEN"]);
    refused(&app, &own, (SET_OFFICER, officer("  ")), "BAD_USER_INPUT", Some("required"), "community").await;
    let named = app.data_as(&own, SET_OFFICER, officer("张强")).await;
    assert_eq!(named["setPropertyOfficer"]["community"]["propertyOfficer"], "张强");
}
