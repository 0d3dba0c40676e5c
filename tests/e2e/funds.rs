//! Maintenance funds through the API: the usage workflow from draft to publicity with every forbidden actor
//! refused and nothing written; the vote at its exact boundaries; emergencies, rejections and withdrawals; two
//! concurrent disbursements that cannot overdraw; replenishment; bonds; exact money; balances that are the sums of
//! their ledgers.

use crate::disclosures::writes;
use crate::helpers::{TestApp, error_codes, spawn_app, token};
use serde_json::{Value, json};

const DRAFT: &str =
    "mutation($input: DraftFundUsageInput!) { draftFundUsage(input: $input) { usage { id version status } } }";
const OPEN_VOTE: &str =
    "mutation($input: OpenFundVoteInput!) { openFundVote(input: $input) { usage { id version status } } }";
const VOTE: &str = "mutation($input: RecordFundVoteInput!) { recordFundVote(input: $input) {
    usage { id version status vote { participationMet } } } }";
const SUBMIT: &str =
    "mutation($input: SubmitFundUsageInput!) { submitFundUsage(input: $input) { usage { id version status } } }";
const REVIEW: &str =
    "mutation($input: ReviewFundUsageInput!) { reviewFundUsage(input: $input) { usage { id version status } } }";
const APPROVE: &str =
    "mutation($input: ApproveFundUsageInput!) { approveFundUsage(input: $input) { usage { id version status } } }";
const REJECT: &str = "mutation($input: RejectFundUsageInput!) { rejectFundUsage(input: $input) { usage { id version status rejectionReason } } }";
const WITHDRAW: &str =
    "mutation($input: WithdrawFundUsageInput!) { withdrawFundUsage(input: $input) { usage { id version status } } }";
const DISBURSE: &str = "mutation($input: DisburseFundUsageInput!) { disburseFundUsage(input: $input) { usage { id version status disbursed } } }";
const PUBLICIZE: &str = "mutation($input: PublicizeFundUsageInput!) { publicizeFundUsage(input: $input) { usage { id version status actualCost } } }";
const DEPOSIT: &str =
    "mutation($input: RecordFundDepositInput!) { recordFundDeposit(input: $input) { entry { kind amount } } }";

/// The `index`-th estate of 濉溪镇 with an active committee and a fund account well above the replenishment signal
/// and no plan: its codes, its account, and an enterprise that does not serve it.
struct Estate {
    id: Value,
    code: String,
    community: String,
    town: String,
    account: Value,
    outsider: String,
}

async fn estate(app: &TestApp, index: usize) -> Estate {
    let data = app
        .data(
            "{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { id code households
                community { code } activeCommittee { id } enterprise { creditCode } replenishmentPlans { id }
                fundAccount { id balance needsReplenishment } } } }
              enterprises(first: 3, filter: {status: ACTIVE}) { edges { node { creditCode } } } }",
            json!({}),
        )
        .await;
    let estates: Vec<Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .filter(|e| !e["activeCommittee"].is_null() && e["fundAccount"]["needsReplenishment"] == false)
        .filter(|e| e["replenishmentPlans"].as_array().unwrap().is_empty())
        .collect();
    let e = &estates[index];
    let serving = e["enterprise"]["creditCode"].as_str().unwrap_or_default().to_owned();
    let outsider = data["enterprises"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["node"]["creditCode"].as_str().unwrap().to_owned())
        .find(|c| *c != serving)
        .unwrap();
    Estate {
        id: e["id"].clone(),
        code: e["code"].as_str().unwrap().to_owned(),
        community: e["community"]["code"].as_str().unwrap().to_owned(),
        town: e["community"]["code"].as_str().unwrap()[..9].to_owned(),
        account: e["fundAccount"]["id"].clone(),
        outsider,
    }
}

fn cents(money: &Value) -> i64 {
    let text = money.as_str().unwrap();
    let negative = text.starts_with('-');
    let digits: i64 = text.trim_start_matches('-').replace('.', "").parse().unwrap();
    if negative { -digits } else { digits }
}

async fn balance(app: &TestApp, e: &Estate) -> (i64, usize) {
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on FundAccount { balance entries(first: 100) { amount } } } }",
            json!({ "id": e.account }),
        )
        .await;
    (cents(&data["node"]["balance"]), data["node"]["entries"].as_array().unwrap().len())
}

fn step(usage: &Value) -> Value {
    json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"] } })
}

fn with(mut input: Value, field: &str, value: Value) -> Value {
    input["input"][field] = value;
    input
}

/// Asserts that `token` sending `query` gets `code`, and that nothing at all was written.
async fn refused(app: &TestApp, token: &str, query: &str, input: Value, code: &str, who: &str) {
    let before = writes(app).await;
    let (_, response) = app.post_as(token, query, input).await;
    assert_eq!(error_codes(&response), [code], "{who}: {response:#}");
    assert_eq!(writes(app).await, before, "{who}: nothing written");
}

/// Drafts a usage by the committee and takes it to VOTED (2/3 took part, 60% agreed).
async fn voted(app: &TestApp, e: &Estate, budget: &str) -> Value {
    let committee = token("committee", json!(e.code), "committee-member");
    let input = json!({ "input": { "estateId": e.id, "title": "电梯维修", "category": "ELEVATOR", "scope": "全体业主", "budget": budget } });
    let usage = app.data_as(&committee, DRAFT, input).await["draftFundUsage"]["usage"].clone();
    let open = with(with(step(&usage), "scopeArea", json!("30000.00")), "scopeOwners", json!(300));
    let usage = app.data_as(&committee, OPEN_VOTE, open).await["openFundVote"]["usage"].clone();
    let vote = json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"], "participatingArea": "20000.00",
        "participatingOwners": 200, "ayeArea": "12000.00", "ayeOwners": 120 } });
    app.data_as(&committee, VOTE, vote).await["recordFundVote"]["usage"].clone()
}

/// Takes a voted usage to APPROVED.
async fn approved(app: &TestApp, e: &Estate, usage: Value) -> Value {
    let committee = token("committee", json!(e.code), "committee-member");
    let town = token("town", json!(e.town), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    let usage = app.data_as(&committee, SUBMIT, step(&usage)).await["submitFundUsage"]["usage"].clone();
    let usage = app.data_as(&town, REVIEW, step(&usage)).await["reviewFundUsage"]["usage"].clone();
    app.data_as(&county, APPROVE, step(&usage)).await["approveFundUsage"]["usage"].clone()
}

/// Draft → vote → submit → review → approve → disburse → publicize, with the wrong actor refused at each step and
/// nothing written; the public sees the usage from its approval on; the WITHDRAWAL entry is booked.
#[tokio::test]
async fn a_usage_goes_from_draft_to_publicity_and_wrong_actors_are_refused() {
    let app = spawn_app().await;
    let e = estate(&app, 0).await;
    let committee = token("committee", json!(e.code), "committee-member");
    let community = token("community", json!(e.community), "community-officer");
    let town = token("town", json!(e.town), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    let outsider = token("enterprise", json!(e.outsider), "outsider-staff");
    let draft = json!({ "input": { "estateId": e.id, "title": "屋面防水", "category": "ROOF", "scope": "1至3号楼", "budget": "50000.00" } });

    refused(&app, &outsider, DRAFT, draft.clone(), "FORBIDDEN", "an enterprise that does not serve the estate").await;
    refused(&app, &community, DRAFT, draft.clone(), "FORBIDDEN", "the community while a committee is active").await;
    refused(&app, &committee, DRAFT, with(draft.clone(), "budget", json!("0")), "BAD_USER_INPUT", "a zero budget")
        .await;
    let usage = app.data_as(&committee, DRAFT, draft).await["draftFundUsage"]["usage"].clone();
    let public = app.data("query($id: ID!) { node(id: $id) { id } }", json!({ "id": usage["id"] })).await;
    assert!(public["node"].is_null(), "a draft is not public");
    refused(&app, &committee, SUBMIT, step(&usage), "INVALID_STATE", "submitting without a vote").await;

    let open = with(with(step(&usage), "scopeArea", json!("30000.00")), "scopeOwners", json!(300));
    refused(&app, &town, OPEN_VOTE, open.clone(), "FORBIDDEN", "the town opening the owners' vote").await;
    let usage = app.data_as(&committee, OPEN_VOTE, open).await["openFundVote"]["usage"].clone();
    let vote = |usage: &Value, ayes: (&str, i64)| {
        json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"],
        "participatingArea": "20000.00", "participatingOwners": 200, "ayeArea": ayes.0, "ayeOwners": ayes.1 } })
    };
    refused(&app, &committee, VOTE, vote(&usage, ("20000.01", 101)), "BAD_USER_INPUT", "more ayes than participants")
        .await;
    let usage = app.data_as(&committee, VOTE, vote(&usage, ("10000.01", 101))).await["recordFundVote"]["usage"].clone();
    assert_eq!((&usage["status"], &usage["vote"]["participationMet"]), (&json!("VOTED"), &json!(true)));

    let usage = app.data_as(&committee, SUBMIT, step(&usage)).await["submitFundUsage"]["usage"].clone();
    refused(&app, &community, REVIEW, step(&usage), "FORBIDDEN", "a community reviewing").await;
    let usage = app.data_as(&town, REVIEW, step(&usage)).await["reviewFundUsage"]["usage"].clone();
    refused(&app, &town, APPROVE, step(&usage), "FORBIDDEN", "a town approving").await;
    let usage = app.data_as(&county, APPROVE, step(&usage)).await["approveFundUsage"]["usage"].clone();
    let public = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on FundUsage { status vote { ayeOwners } } } }",
            json!({ "id": usage["id"] }),
        )
        .await;
    assert_eq!(
        (&public["node"]["status"], &public["node"]["vote"]["ayeOwners"]),
        (&json!("APPROVED"), &json!(101)),
        "public from approval on, with its vote"
    );

    let (before, entries) = balance(&app, &e).await;
    let disburse = |usage: &Value, amount: &str| with(step(usage), "amount", json!(amount));
    refused(&app, &committee, DISBURSE, disburse(&usage, "50000.00"), "FORBIDDEN", "a committee disbursing").await;
    refused(&app, &county, DISBURSE, disburse(&usage, "50000.01"), "BAD_USER_INPUT", "more than the budget").await;
    let usage =
        app.data_as(&county, DISBURSE, disburse(&usage, "48000.00")).await["disburseFundUsage"]["usage"].clone();
    assert_eq!((&usage["status"], &usage["disbursed"]), (&json!("DISBURSED"), &json!("48000.00")));
    assert_eq!(balance(&app, &e).await, (before - 4_800_000, entries + 1), "one WITHDRAWAL entry");

    let publicize =
        with(with(step(&usage), "actualCost", json!("47500.50")), "auditReference", json!("濉审价〔2026〕1号"));
    refused(&app, &outsider, PUBLICIZE, publicize.clone(), "FORBIDDEN", "an outside enterprise publicizing").await;
    let usage = app.data_as(&committee, PUBLICIZE, publicize).await["publicizeFundUsage"]["usage"].clone();
    assert_eq!((&usage["status"], &usage["actualCost"]), (&json!("PUBLICIZED"), &json!("47500.50")));
}

/// The owners adopt a usage only with more than half of the participating area and owners: exactly half fails.
#[tokio::test]
async fn the_vote_is_decided_at_its_exact_boundaries() {
    let app = spawn_app().await;
    let e = estate(&app, 1).await;
    let committee = token("committee", json!(e.code), "committee-member");
    for (participating, ayes, status) in [
        (("19999.99", 200), ("19999.99", 200), "VOTE_FAILED"),
        (("20000.00", 200), ("10000.00", 101), "VOTE_FAILED"),
        (("20000.00", 200), ("10000.01", 100), "VOTE_FAILED"),
        (("20000.00", 200), ("10000.01", 101), "VOTED"),
    ] {
        let input = json!({ "input": { "estateId": e.id, "title": "道路修复", "category": "ROADS", "scope": "全体业主", "budget": "1000" } });
        let usage = app.data_as(&committee, DRAFT, input).await["draftFundUsage"]["usage"].clone();
        let open = with(with(step(&usage), "scopeArea", json!("30000.00")), "scopeOwners", json!(300));
        let usage = app.data_as(&committee, OPEN_VOTE, open).await["openFundVote"]["usage"].clone();
        let vote = json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"],
            "participatingArea": participating.0, "participatingOwners": participating.1, "ayeArea": ayes.0, "ayeOwners": ayes.1 } });
        let result = app.data_as(&committee, VOTE, vote).await["recordFundVote"]["usage"].clone();
        assert_eq!(result["status"], status, "{participating:?} {ayes:?}");
    }
}

/// An emergency usage goes without a vote; the town rejects a submitted usage and the county a reviewed one (the
/// town cannot); the applicant withdraws before approval, not after.
#[tokio::test]
async fn emergencies_rejections_and_withdrawals() {
    let app = spawn_app().await;
    let e = estate(&app, 2).await;
    let committee = token("committee", json!(e.code), "committee-member");
    let town = token("town", json!(e.town), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    let urgent = json!({ "input": { "estateId": e.id, "title": "电梯困人抢修", "category": "ELEVATOR", "scope": "5号楼",
        "budget": "3000", "emergencyReason": "电梯停运" } });
    let usage = app.data_as(&committee, DRAFT, urgent).await["draftFundUsage"]["usage"].clone();
    let usage = app.data_as(&committee, SUBMIT, step(&usage)).await["submitFundUsage"]["usage"].clone();
    assert_eq!(usage["status"], "SUBMITTED", "an emergency needs no vote");
    let reject = |u: &Value| with(step(u), "reason", json!("预算明细不全"));
    let rejected = app.data_as(&town, REJECT, reject(&usage)).await["rejectFundUsage"]["usage"].clone();
    assert_eq!((&rejected["status"], &rejected["rejectionReason"]), (&json!("REJECTED"), &json!("预算明细不全")));

    let usage = voted(&app, &e, "2000").await;
    let usage = app.data_as(&committee, SUBMIT, step(&usage)).await["submitFundUsage"]["usage"].clone();
    let usage = app.data_as(&town, REVIEW, step(&usage)).await["reviewFundUsage"]["usage"].clone();
    refused(&app, &town, REJECT, reject(&usage), "FORBIDDEN", "the town rejecting what it reviewed").await;
    let rejected = app.data_as(&county, REJECT, reject(&usage)).await["rejectFundUsage"]["usage"].clone();
    assert_eq!(rejected["status"], "REJECTED");

    let usage = voted(&app, &e, "2000").await;
    refused(&app, &town, WITHDRAW, step(&usage), "FORBIDDEN", "the town withdrawing for the owners").await;
    let withdrawn = app.data_as(&committee, WITHDRAW, step(&usage)).await["withdrawFundUsage"]["usage"].clone();
    assert_eq!(withdrawn["status"], "WITHDRAWN");
    let usage = approved(&app, &e, voted(&app, &e, "2000").await).await;
    refused(&app, &committee, WITHDRAW, step(&usage), "INVALID_STATE", "withdrawing after approval").await;
}

/// Two disbursements sent at once that together exceed the balance: exactly one is paid, the other is refused,
/// and the balance never goes below zero.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_disbursements_never_overdraw_the_fund() {
    let app = spawn_app().await;
    let e = estate(&app, 3).await;
    let county = token("county", json!("340621"), "county-officer");
    let (balance_before, _) = balance(&app, &e).await;
    let share = balance_before * 6 / 10;
    let amount = format!("{}.{:02}", share / 100, share % 100);
    let first = approved(&app, &e, voted(&app, &e, &amount).await).await;
    let second = approved(&app, &e, voted(&app, &e, &amount).await).await;
    let disburse = |u: &Value| with(step(u), "amount", json!(amount));
    let (a, b) = tokio::join!(
        app.post_as(&county, DISBURSE, disburse(&first)),
        app.post_as(&county, DISBURSE, disburse(&second))
    );
    let mut outcomes = vec![error_codes(&a.1), error_codes(&b.1)];
    outcomes.sort();
    assert_eq!(outcomes, vec![vec![], vec!["BAD_USER_INPUT".to_owned()]], "{a:?} {b:?}");
    let refusal = if error_codes(&a.1).is_empty() { &b.1 } else { &a.1 };
    assert_eq!(refusal["errors"][0]["extensions"]["rule"], "within-balance");
    let (after, _) = balance(&app, &e).await;
    assert_eq!(after, balance_before - share);
    assert!(after >= 0);
}

/// Money is exact: 0.10 and 0.20 make 0.30; every balance is the sum of its ledger and of its totals by kind, and
/// the county's totals are the sums of its accounts.
#[tokio::test]
async fn money_is_exact_and_every_balance_is_the_sum_of_its_ledger() {
    let app = spawn_app().await;
    let e = estate(&app, 4).await;
    let county = token("county", json!("340621"), "county-officer");
    let (before, _) = balance(&app, &e).await;
    for amount in ["0.10", "0.20"] {
        let input = json!({ "input": { "accountId": e.account, "amount": amount, "occurredOn": "2026-11-01", "reference": "交存" } });
        app.data_as(&county, DEPOSIT, input).await;
    }
    assert_eq!(balance(&app, &e).await.0, before + 30);
    let refused_deposit =
        json!({ "input": { "accountId": e.account, "amount": "-1", "occurredOn": "2026-11-01", "reference": "x" } });
    refused(&app, &county, DEPOSIT, refused_deposit, "BAD_USER_INPUT", "a negative deposit").await;
    let town = token("town", json!(e.town), "town-officer");
    let deposit =
        json!({ "input": { "accountId": e.account, "amount": "1", "occurredOn": "2026-11-01", "reference": "x" } });
    refused(&app, &town, DEPOSIT, deposit, "FORBIDDEN", "a town recording a deposit").await;

    let estates = crate::helpers::walk(
        &app,
        None,
        "query($after: String) { estates(first: 100, after: $after) { edges { node { fundAccount { balance
            initialDeposit totals { amount } entries(first: 100) { amount } } } } pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "estates",
    )
    .await;
    let (mut accounts, mut sum) = (0, 0);
    for node in &estates {
        let account = &node["fundAccount"];
        let balance = cents(&account["balance"]);
        let entries: i64 = account["entries"].as_array().unwrap().iter().map(|x| cents(&x["amount"])).sum();
        let totals: i64 = account["totals"].as_array().unwrap().iter().map(|x| cents(&x["amount"])).sum();
        assert_eq!((entries, totals), (balance, balance), "{account}");
        assert!(balance >= 0);
        accounts += 1;
        sum += balance;
    }
    let totals = app.data("{ fundTotals(countyCode: \"340621\") { accounts balance } }", json!({})).await;
    assert_eq!(totals["fundTotals"]["accounts"], accounts, "every estate of the demo has an account");
    assert_eq!(cents(&totals["fundTotals"]["balance"]), sum);
    // The database refuses to change a ledger entry after the fact.
    use sea_orm::ConnectionTrait;
    assert!(app.db.execute_unprepared("UPDATE fund_ledger_entry SET amount = 0").await.is_err());
    assert!(app.db.execute_unprepared("DELETE FROM fund_ledger_entry").await.is_err());
}

/// A fund below 30% of its initial deposit gets a plan from the town, adopted by 3/4 of the owners, started by the
/// community, and completed when replenishments reach the target; a fund above the signal gets one only with a reason.
#[tokio::test]
async fn replenishment_follows_a_fund_below_the_signal() {
    let app = spawn_app().await;
    let e = estate(&app, 5).await;
    let committee = token("committee", json!(e.code), "committee-member");
    let town = token("town", json!(e.town), "town-officer");
    let community = token("community", json!(e.community), "community-officer");
    let county = token("county", json!("340621"), "county-officer");
    const PROPOSE: &str = "mutation($input: ProposeReplenishmentInput!) { proposeReplenishment(input: $input) { plan { id version status } } }";
    let propose = json!({ "input": { "estateId": e.id, "target": "10000.00", "note": "每平方米10元" } });
    refused(&app, &town, PROPOSE, propose.clone(), "BAD_USER_INPUT", "a fund above the signal, without a reason").await;

    let (balance_now, _) = balance(&app, &e).await;
    let spend = balance_now * 9 / 10;
    let amount = format!("{}.{:02}", spend / 100, spend % 100);
    let usage = approved(&app, &e, voted(&app, &e, &amount).await).await;
    app.data_as(&county, DISBURSE, with(step(&usage), "amount", json!(amount))).await;
    let flag = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on FundAccount { needsReplenishment } } }",
            json!({ "id": e.account }),
        )
        .await;
    assert_eq!(flag["node"]["needsReplenishment"], true);

    refused(&app, &community, PROPOSE, propose.clone(), "FORBIDDEN", "a community proposing").await;
    let plan = app.data_as(&town, PROPOSE, propose.clone()).await["proposeReplenishment"]["plan"].clone();
    refused(&app, &town, PROPOSE, propose, "INVALID_STATE", "a second plan under way").await;
    const VOTE_PLAN: &str = "mutation($input: RecordReplenishmentVoteInput!) { recordReplenishmentVote(input: $input) { plan { id version status } } }";
    let vote = json!({ "input": { "id": plan["id"], "expectedVersion": plan["version"], "scopeArea": "30000.00", "scopeOwners": 300,
        "participatingArea": "20000.00", "participatingOwners": 200, "ayeArea": "15000.00", "ayeOwners": 150 } });
    let plan = app.data_as(&committee, VOTE_PLAN, vote).await["recordReplenishmentVote"]["plan"].clone();
    assert_eq!(plan["status"], "ADOPTED", "exactly 3/4 of area and owners");
    const START: &str = "mutation($input: StartReplenishmentInput!) { startReplenishment(input: $input) { plan { id version status } } }";
    refused(&app, &committee, START, step(&plan), "FORBIDDEN", "the committee starting the collection").await;
    let plan = app.data_as(&community, START, step(&plan)).await["startReplenishment"]["plan"].clone();
    for amount in ["6000.00", "4000.00"] {
        let input = json!({ "input": { "accountId": e.account, "amount": amount, "occurredOn": "2026-11-20",
            "reference": "续筹", "planId": plan["id"] } });
        let entry = app.data_as(&county, DEPOSIT, input).await["recordFundDeposit"]["entry"].clone();
        assert_eq!(entry["kind"], "REPLENISHMENT");
    }
    let done = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on ReplenishmentPlan { status raised target completedOn } } }",
            json!({ "id": plan["id"] }),
        )
        .await;
    assert_eq!((&done["node"]["status"], &done["node"]["raised"]), (&json!("COMPLETED"), &json!("10000.00")));
}

/// The county lodges, refunds and forfeits performance bonds; nobody else can; a settled bond stays settled.
#[tokio::test]
async fn the_county_keeps_performance_bonds() {
    let app = spawn_app().await;
    let data = app
        .data("{ estates(first: 100, filter: {serviceMode: MARKET}) { edges { node { activeContract { id performanceBond { id } } } } } }", json!({}))
        .await;
    let contracts: Vec<Value> = data["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["activeContract"].clone())
        .filter(|c| !c.is_null() && c["performanceBond"].is_null())
        .collect();
    let county = token("county", json!("340621"), "county-officer");
    let town = token("town", json!("340621100"), "town-officer");
    const LODGE: &str = "mutation($input: LodgePerformanceBondInput!) { lodgePerformanceBond(input: $input) { bond { id version status amount contract { id } } } }";
    const REFUND: &str = "mutation($input: RefundPerformanceBondInput!) { refundPerformanceBond(input: $input) { bond { id version status statusReason } } }";
    const FORFEIT: &str = "mutation($input: ForfeitPerformanceBondInput!) { forfeitPerformanceBond(input: $input) { bond { id version status } } }";
    let lodge = |c: &Value| json!({ "input": { "contractId": c["id"], "amount": "50000.00" } });
    refused(&app, &town, LODGE, lodge(&contracts[0]), "FORBIDDEN", "a town lodging a bond").await;
    let bond = app.data_as(&county, LODGE, lodge(&contracts[0])).await["lodgePerformanceBond"]["bond"].clone();
    assert_eq!(
        (&bond["status"], &bond["amount"], &bond["contract"]["id"]),
        (&json!("HELD"), &json!("50000.00"), &contracts[0]["id"])
    );
    refused(&app, &county, LODGE, lodge(&contracts[0]), "CONFLICT", "a second bond for the contract").await;
    let settle =
        |b: &Value| json!({ "input": { "id": b["id"], "expectedVersion": b["version"], "reason": "合同期满" } });
    let refunded = app.data_as(&county, REFUND, settle(&bond)).await["refundPerformanceBond"]["bond"].clone();
    assert_eq!((&refunded["status"], &refunded["statusReason"]), (&json!("REFUNDED"), &json!("合同期满")));
    refused(&app, &county, FORFEIT, settle(&refunded), "INVALID_STATE", "forfeiting a refunded bond").await;
    let other = app.data_as(&county, LODGE, lodge(&contracts[1])).await["lodgePerformanceBond"]["bond"].clone();
    let forfeited = app.data_as(&county, FORFEIT, settle(&other)).await["forfeitPerformanceBond"]["bond"].clone();
    assert_eq!(forfeited["status"], "FORFEITED");
}

/// Above the signal a town may still propose a replenishment (the 30% is a signal, not a gate), giving its reason,
/// which the public change feed carries.
#[tokio::test]
async fn a_replenishment_above_the_signal_gives_its_reason() {
    let app = spawn_app().await;
    let e = estate(&app, 6).await;
    let town = token("town", json!(e.town), "town-officer");
    const PROPOSE: &str =
        "mutation($input: ProposeReplenishmentInput!) { proposeReplenishment(input: $input) { plan { id status } } }";
    let propose =
        json!({ "input": { "estateId": e.id, "target": "20000.00", "note": "每平方米20元", "reason": "  " } });
    let (_, response) = app.post_as(&town, PROPOSE, propose.clone()).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "replenishment-reason", "{response:#}");
    let mut reasoned = propose;
    reasoned["input"]["reason"] = json!("电梯及消防设施集中更新在即，现有余额不足以支付");
    let plan = app.data_as(&town, PROPOSE, reasoned).await["proposeReplenishment"]["plan"].clone();
    assert_eq!(plan["status"], "PROPOSED");
    let feed = app
        .data(
            "{ changes(first: 100, entityTypes: [ReplenishmentPlan]) { edges { node { action entityId reason } } } }",
            json!({}),
        )
        .await;
    let last = &feed["changes"]["edges"].as_array().unwrap().last().unwrap()["node"];
    assert_eq!(last["action"], "proposeReplenishment");
    assert_eq!(last["entityId"], plan["id"]);
    assert_eq!(last["reason"], "电梯及消防设施集中更新在即，现有余额不足以支付");
}
