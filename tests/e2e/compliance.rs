//! The compliance overview, recounted from the public lists it names: every figure, for every town and for the
//! county, equals a count over `towns`, `estates` and `overdueDisclosures` that anyone can make.

use crate::helpers::{spawn_app, walk};
use crate::lifecycle::today;
use chrono::NaiveDate;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::collections::BTreeMap;

const FIGURES: &str = "fragment figures on ComplianceFigures {
    town { code }
    serviceCentersSetUpOnTime { count outOf share counts countsZh }
    serviceCentersStaffed { count outOf }
    estates { count }
    estatesWithCommittee { count outOf }
    estatesWithCommitteeSinceDeadline { count outOf }
    committeesDueForReelection { count }
    committeesTermExpired { count }
    committeesNotFunctioning { count }
    estatesWithoutCommittee(first: 100) { code }
    serviceModes { mode estates }
    exitWarningsOpen { count }
    handoversOverdue { count }
    emergencyPeriodsOverSixMonths { count }
    overdueDisclosures { count }
}";

/// What the public lists say of one town (or of the county): the figures the overview should show.
#[derive(Default, Debug, PartialEq)]
struct Counted {
    towns: u64,
    centers_on_time: u64,
    centers_staffed: u64,
    estates: u64,
    with_committee: u64,
    since_deadline: u64,
    reelection_due: u64,
    term_expired: u64,
    not_functioning: u64,
    without_committee: Vec<String>,
    modes: BTreeMap<String, u64>,
    exit_warnings_open: u64,
    handovers_overdue: u64,
    emergencies_over: u64,
    overdue_disclosures: u64,
}

fn date(value: &Value) -> Option<NaiveDate> {
    value.as_str().map(|text| text.parse().unwrap())
}

/// Whether the committees (formedOn to dissolvedOn) cover every day from `since` to today.
fn covered(committees: &[Value], since: NaiveDate) -> bool {
    let mut terms: Vec<(NaiveDate, Option<NaiveDate>)> =
        committees.iter().map(|c| (date(&c["formedOn"]).unwrap(), date(&c["dissolvedOn"]))).collect();
    terms.sort();
    let mut day = since;
    for (formed, dissolved) in terms {
        if formed > day {
            return false;
        }
        match dissolved {
            None => return true,
            Some(last) => day = day.max(last.succ_opt().unwrap()),
        }
    }
    day > today()
}

fn figures_of(overview: &Value) -> Counted {
    let count = |name: &str| overview[name]["count"].as_u64().unwrap();
    Counted {
        towns: overview["serviceCentersSetUpOnTime"]["outOf"].as_u64().unwrap(),
        centers_on_time: count("serviceCentersSetUpOnTime"),
        centers_staffed: count("serviceCentersStaffed"),
        estates: count("estates"),
        with_committee: count("estatesWithCommittee"),
        since_deadline: count("estatesWithCommitteeSinceDeadline"),
        reelection_due: count("committeesDueForReelection"),
        term_expired: count("committeesTermExpired"),
        not_functioning: count("committeesNotFunctioning"),
        without_committee: overview["estatesWithoutCommittee"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_owned())
            .collect(),
        modes: overview["serviceModes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["estates"] != 0)
            .map(|m| (m["mode"].as_str().unwrap().to_owned(), m["estates"].as_u64().unwrap()))
            .collect(),
        exit_warnings_open: count("exitWarningsOpen"),
        handovers_overdue: count("handoversOverdue"),
        emergencies_over: count("emergencyPeriodsOverSixMonths"),
        overdue_disclosures: count("overdueDisclosures"),
    }
}

#[tokio::test]
async fn the_compliance_overview_counts_what_the_public_lists_show() {
    let app = spawn_app().await;
    // Time passes by hand (no staff action can do it): the open handovers run past their deadlines, and one
    // emergency period is left running past its six months.
    app.db.execute_unprepared("UPDATE handover SET deadline = '2026-01-01' WHERE status <> 'COMPLETED'").await.unwrap();
    app.db
        .execute_unprepared(
            "UPDATE emergency_period SET start_on = '2025-01-01', vacancy_start_on = '2025-01-01' \
             WHERE id = (SELECT MIN(id) FROM emergency_period WHERE status = 'ACTIVE')",
        )
        .await
        .unwrap();

    let query = format!(
        "{{ complianceOverview {{ asOf county {{ code }} deadlines {{ kind dueOn source }}
            total {{ ...figures }} towns {{ ...figures }} }} }} {FIGURES}"
    );
    let overview = app.data(&query, json!({})).await["complianceOverview"].clone();
    assert_eq!(overview["asOf"], today().to_string());
    assert_eq!(overview["county"]["code"], "340621");
    let deadlines = overview["deadlines"].as_array().unwrap();
    let due = |kind: &str| {
        let deadline = deadlines.iter().find(|d| d["kind"] == kind).unwrap();
        assert!(deadline["source"].as_str().unwrap().contains("五(一)"), "{deadline}");
        date(&deadline["dueOn"]).unwrap()
    };
    let (center_due, committee_due) = (due("SERVICE_CENTER_SETUP"), due("COMMITTEE_FORMATION"));
    assert_eq!(center_due.to_string(), "2021-11-05");
    assert_eq!(committee_due.to_string(), "2021-11-30");

    // The public lists.
    let towns = app
        .data("{ towns(first: 100) { edges { node { code serviceCenter { establishedOn staffCount } } } } }", json!({}))
        .await;
    let estates = walk(
        &app,
        None,
        "query($after: String) { estates(first: 20, after: $after, orderBy: {field: CODE}) { edges { node { code
            community { code } serviceMode activeCommittee { id status isReelectionDue } committees(first: 20) { formedOn dissolvedOn }
            activeContract { status } handovers(first: 10) { isOverdue }
            emergencyPeriods(first: 10) { ranPastSixMonths } } } pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "estates",
    )
    .await;
    let mut counted: BTreeMap<String, Counted> = BTreeMap::new();
    let mut total = Counted::default();
    for town in towns["towns"]["edges"].as_array().unwrap().iter().map(|e| &e["node"]) {
        let c = counted.entry(town["code"].as_str().unwrap().to_owned()).or_default();
        let center = &town["serviceCenter"];
        for c in [&mut *c, &mut total] {
            c.towns += 1;
            c.centers_on_time += u64::from(date(&center["establishedOn"]).is_some_and(|d| d <= center_due));
            c.centers_staffed += u64::from(center["staffCount"].as_i64().is_some_and(|n| n >= 2));
        }
    }
    for estate in &estates {
        let town = &estate["community"]["code"].as_str().unwrap()[..9];
        let c = counted.get_mut(town).unwrap();
        for c in [&mut *c, &mut total] {
            c.estates += 1;
            let committee = &estate["activeCommittee"];
            if committee.is_null() {
                c.without_committee.push(estate["code"].as_str().unwrap().to_owned());
            } else {
                c.with_committee += 1;
            }
            c.reelection_due += u64::from(committee["isReelectionDue"] == true);
            c.term_expired += u64::from(committee["status"] == "TERM_EXPIRED");
            c.not_functioning += u64::from(committee["status"] == "NOT_FUNCTIONING");
            c.since_deadline += u64::from(covered(estate["committees"].as_array().unwrap(), committee_due));
            *c.modes.entry(estate["serviceMode"].as_str().unwrap().to_owned()).or_default() += 1;
            c.exit_warnings_open += u64::from(estate["activeContract"]["status"] == "EXIT_WARNED");
            let flagged = |list: &str, field: &str| {
                estate[list].as_array().unwrap().iter().filter(|x| x[field] == true).count() as u64
            };
            c.handovers_overdue += flagged("handovers", "isOverdue");
            c.emergencies_over += flagged("emergencyPeriods", "ranPastSixMonths");
        }
    }
    for (code, c) in counted.iter_mut() {
        let overdue = app
            .data(
                "query($town: String) { overdueDisclosures(townCode: $town) { totalCount } }",
                json!({ "town": code }),
            )
            .await;
        c.overdue_disclosures = overdue["overdueDisclosures"]["totalCount"].as_u64().unwrap();
    }
    let overdue = app.data("{ overdueDisclosures { totalCount } }", json!({})).await;
    total.overdue_disclosures = overdue["overdueDisclosures"]["totalCount"].as_u64().unwrap();
    // The overview lists the first 100 estates without a committee, by code.
    total.without_committee.truncate(100);

    assert_eq!(figures_of(&overview["total"]), total);
    let by_town = overview["towns"].as_array().unwrap();
    assert_eq!(by_town.len(), counted.len());
    for figures in by_town {
        let code = figures["town"]["code"].as_str().unwrap();
        assert_eq!(figures_of(figures), counted[code], "town {code}");
    }

    // The demo shows something in each: a town that missed each deadline, one that met the committees' deadline
    // in every estate, and the flags time raised above.
    assert!(total.centers_on_time < total.towns && total.centers_staffed < total.towns, "{total:?}");
    assert!(counted.values().any(|c| c.estates > 0 && c.since_deadline == c.estates), "{counted:?}");
    assert!(total.since_deadline < total.estates);
    assert!(total.exit_warnings_open >= 2 && total.handovers_overdue >= 1 && total.emergencies_over == 1, "{total:?}");
    assert!(total.modes.contains_key("EMERGENCY"));
    assert!(total.reelection_due >= 1 && total.term_expired >= 1 && total.not_functioning >= 1, "{total:?}");
    let share = overview["total"]["serviceCentersSetUpOnTime"]["share"].as_f64().unwrap();
    assert!((share - total.centers_on_time as f64 / total.towns as f64).abs() < 1e-9);
    assert!(
        overview["total"]["serviceCentersSetUpOnTime"]["counts"].as_str().unwrap().contains("SERVICE_CENTER_SETUP")
    );
}

/// A town's figures: (centre set up on time, estates with a committee every day since the deadline).
async fn edge_figures(app: &crate::helpers::TestApp, town: &str) -> (u64, u64) {
    let query = "{ complianceOverview { towns { town { code } serviceCentersSetUpOnTime { count }
        estatesWithCommitteeSinceDeadline { count } } } }";
    let overview = app.data(query, json!({})).await;
    let figures = overview["complianceOverview"]["towns"].as_array().unwrap();
    let f = figures.iter().find(|f| f["town"]["code"] == town).unwrap();
    let count = |name: &str| f[name]["count"].as_u64().unwrap();
    (count("serviceCentersSetUpOnTime"), count("estatesWithCommitteeSinceDeadline"))
}

/// The deadlines on their exact days: a centre set up on 5 November 2021 is on time and one on the 6th is not; a
/// committee formed on 30 November 2021 covers the estate from the deadline and one formed on 1 December does not.
/// A town cannot move its late centre's date back across the deadline: that is the county's correction, with a
/// reason, which the public change feed carries.
#[tokio::test]
async fn deadlines_are_met_on_their_day_and_not_the_day_after() {
    use crate::helpers::token;
    use crate::mutations::valid_management_members;
    let app = spawn_app().await;
    // 四铺镇 has no centre in the demo.
    let code = "340621110";
    let town_token = token("town", json!(code), "town-officer");
    let county = token("county", json!("340621"), "county-officer");
    let read = app.data("query($code: String!) { town(code: $code) { id version } }", json!({ "code": code })).await;
    let (id, version) = (read["town"]["id"].clone(), read["town"]["version"].clone());
    const SET: &str =
        "mutation($input: SetServiceCenterInput!) { setServiceCenter(input: $input) { town { version } } }";
    let center = |version: &Value, day: &str| {
        json!({ "input": { "townId": id, "expectedVersion": version, "establishedOn": day, "leader": "张敏",
            "staffCount": 3 } })
    };
    let (before, committees_before) = edge_figures(&app, code).await;
    let on_day =
        app.data_as(&town_token, SET, center(&version, "2021-11-05")).await["setServiceCenter"]["town"].clone();
    assert_eq!(edge_figures(&app, code).await.0, before + 1, "the deadline's own day is on time");
    let late =
        app.data_as(&town_token, SET, center(&on_day["version"], "2021-11-06")).await["setServiceCenter"]["town"]
            .clone();
    assert_eq!(edge_figures(&app, code).await.0, before, "the day after is late");

    let back = center(&late["version"], "2021-11-05");
    let (_, response) = app.post_as(&town_token, SET, back.clone()).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "establishment-date-by-county", "{response:#}");
    let (_, response) = app.post_as(&county, SET, back.clone()).await;
    assert_eq!(response["errors"][0]["extensions"]["rule"], "correction-reason", "{response:#}");
    let mut corrected = back;
    corrected["input"]["reason"] = json!("经核查，该中心于2021年11月5日挂牌成立，原登记日期有误");
    app.data_as(&county, SET, corrected).await;
    assert_eq!(edge_figures(&app, code).await.0, before + 1);
    let feed = app
        .data("{ changes(first: 100, entityTypes: [Town]) { edges { node { role action reason } } } }", json!({}))
        .await;
    let last = &feed["changes"]["edges"].as_array().unwrap().last().unwrap()["node"];
    assert_eq!(
        (&last["role"], &last["action"], &last["reason"]),
        (&json!("county"), &json!("setServiceCenter"), &json!("经核查，该中心于2021年11月5日挂牌成立，原登记日期有误"))
    );

    // Two estates of the town without a committee: one formed on the deadline's day, one the day after.
    let estates = app
        .data(
            "query($town: String!) { estates(first: 50, filter: {townCode: $town}) { edges { node { id activeCommittee { id } } } } }",
            json!({ "town": code }),
        )
        .await;
    let without: Vec<Value> = estates["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["node"]["activeCommittee"].is_null())
        .map(|e| e["node"]["id"].clone())
        .collect();
    assert!(without.len() >= 2, "{estates:#}");
    const FORM: &str = "mutation($input: FormManagementCommitteeInput!) { formManagementCommittee(input: $input) { committee { id } } }";
    for (estate, formed_on) in [(&without[0], "2021-11-30"), (&without[1], "2021-12-01")] {
        let input =
            json!({ "input": { "estateId": estate, "formedOn": formed_on, "members": valid_management_members() } });
        app.data_as(&town_token, FORM, input).await;
    }
    assert_eq!(
        edge_figures(&app, code).await.1,
        committees_before + 1,
        "formed on the day covers; the day after does not"
    );
}
