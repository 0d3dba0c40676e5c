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
            community { code } serviceMode activeCommittee { id } committees(first: 20) { formedOn dissolvedOn }
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
            if estate["activeCommittee"].is_null() {
                c.without_committee.push(estate["code"].as_str().unwrap().to_owned());
            } else {
                c.with_committee += 1;
            }
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
    let share = overview["total"]["serviceCentersSetUpOnTime"]["share"].as_f64().unwrap();
    assert!((share - total.centers_on_time as f64 / total.towns as f64).abs() < 1e-9);
    assert!(
        overview["total"]["serviceCentersSetUpOnTime"]["counts"].as_str().unwrap().contains("SERVICE_CENTER_SETUP")
    );
}
