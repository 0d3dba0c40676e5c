//! An enterprise's page: its credit profile and history, the estates it serves, the enforcement decisions against it
//! and the rectification notices addressed to it.

use super::supervision::{CaseRow, NoticeRow, bid_lines, case_rows, notice_rows};
use super::{Card, card, items, render};
use crate::site::chart::{self, Point};
use crate::site::filters;
use crate::site::format::{count, date, label, name, text};
use crate::site::i18n::Lang;
use crate::site::page_data::{PageData, updated};
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const ENTERPRISE: &str = include_str!("../../../templates/site/enterprise.graphql");

#[derive(Template)]
#[template(path = "site/enterprise.html")]
struct EnterprisePage {
    frame: Frame,
    data: PageData,
    updated: EnterpriseUpdated,
    name: String,
    code: String,
    status: String,
    cards: Vec<Card>,
    facts: Vec<(String, String)>,
    history: Vec<(String, String)>,
    /// The current grade and since when it holds, as a sentence.
    current: String,
    /// What a veto record says, when one makes the grade D (the rule, the day, until when it counts).
    veto: String,
    /// Drawn only when the grade changed at least twice (a line needs a change to show).
    history_chart: String,
    records: Vec<(String, String, String, String, String)>,
    estates: Vec<(String, String, String)>,
    notices: Vec<NoticeRow>,
    cases: Vec<CaseRow>,
    bids: Vec<(String, String, String)>,
}

/// When each section of an enterprise's page last changed.
struct EnterpriseUpdated {
    overview: String,
    records: String,
    cases: String,
    notices: String,
}

/// A grade's height on the history chart: D lowest, AAA highest.
fn grade_level(grade: &str) -> f64 {
    ["D", "C", "B", "A", "AA", "AAA"].iter().position(|g| *g == grade).unwrap_or(0) as f64
}

/// The grade before the first change: that of the base score (no record counted yet) under the parameters in
/// force the day before, as the API's history starts from — by the domain's own rules.
fn first_grade(scorings: &Value, first_change: &Value) -> String {
    let first_change: Option<chrono::NaiveDate> = first_change.as_str().and_then(|d| d.parse().ok());
    let (Some(all), Some(day)) = (super::credit::scorings(scorings), first_change) else {
        return String::new();
    };
    let scoring = all.on(day.pred_opt().unwrap_or(day));
    super::credit::grade_code(scoring.grade(scoring.base, false))
}

/// The grade history as a table: the grade records began with, then each change; the one row "since records
/// began" when it never changed.
fn grade_rows(history: &[Value], first: &str, grade: &str, lang: Lang) -> Vec<(String, String)> {
    if history.is_empty() {
        return vec![(lang.pick("自有记录以来", "Since records began").to_owned(), grade.to_owned())];
    }
    let mut rows = vec![(lang.pick("起初", "At first").to_owned(), first.to_owned())];
    rows.extend(history.iter().map(|h| (date(&h["on"], lang), text(&h["grade"]))));
    rows
}

/// The grade now and since when, as a sentence.
fn current_line(history: &[Value], grade: &str, lang: Lang) -> String {
    match history.last().filter(|last| last["grade"] == grade) {
        Some(last) => match lang {
            Lang::Zh => format!("当前等级 {grade}，自{}起。", date(&last["on"], lang)),
            Lang::En => format!("Grade {grade} since {}.", date(&last["on"], lang)),
        },
        None => match lang {
            Lang::Zh => format!("当前等级 {grade}，自有记录以来未变。"),
            Lang::En => format!("Grade {grade}, unchanged since records began."),
        },
    }
}

/// What a veto record says: its rule, the day it happened, and until when it makes the grade D.
fn veto_line(record: &Value, lang: Lang) -> String {
    let rule = &record["rule"];
    let name = text(&rule[if lang == Lang::Zh { "nameZh" } else { "nameEn" }]);
    match lang {
        Lang::Zh => format!(
            "一票否决：{} {}（{}），计至{}，期间信用等级为 D，不论分数。",
            text(&rule["code"]),
            name,
            date(&record["occurredOn"], lang),
            date(&record["expiresOn"], lang)
        ),
        Lang::En => format!(
            "Veto (一票否决): {} {} ({}), counting until {}; until then the grade is D whatever the score.",
            text(&rule["code"]),
            name,
            date(&record["occurredOn"], lang),
            date(&record["expiresOn"], lang)
        ),
    }
}

pub async fn enterprise(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, words(cx.lang));
    let data = cx.query(ENTERPRISE, json!({ "code": code })).await?;
    let e = &data["enterprise"];
    if e.is_null() {
        return Err(Missing::NotFound);
    }
    let profile = &e["creditProfile"];
    let history = items(&profile["history"]);
    let grade = text(&profile["grade"]);
    let first = history.first().map(|h| first_grade(&data["creditScorings"], &h["on"])).unwrap_or_default();
    let vetoes: Vec<&Value> = items(&profile["records"]).iter().filter(|r| r["kind"] == "VETO").collect();
    // The grade records began with, then each change: a line from the first grade through every change.
    let start = (!history.is_empty()).then(|| Point::new(lang.pick("起初", "At first"), grade_level(&first)));
    let points: Vec<Point> = start
        .into_iter()
        .chain(history.iter().map(|h| {
            Point::new(
                text(&h["on"]).chars().take(7).collect::<String>(),
                grade_level(h["grade"].as_str().unwrap_or("D")),
            )
        }))
        .collect();
    let grades = |v: f64| ["D", "C", "B", "A", "AA", "AAA"].get(v.round() as usize).unwrap_or(&"").to_string();
    let page = EnterprisePage {
        frame: cx.frame(&text(&e["name"]), ""),
        data: cx.page_data(&[("enterpriseCreditCode", &code)], ENTERPRISE, &json!({ "code": code })),
        updated: EnterpriseUpdated {
            overview: updated([&e["updatedAt"]], lang),
            records: updated(items(&profile["records"]).iter().map(|r| &r["updatedAt"]), lang),
            cases: updated(items(&e["enforcementCases"]).iter().map(|c| &c["updatedAt"]), lang),
            notices: updated(items(&e["rectificationNotices"]).iter().map(|n| &n["updatedAt"]), lang),
        },
        name: text(&e["name"]),
        code: text(&e["creditCode"]),
        status: label("EnterpriseStatus", &e["status"], lang),
        cards: vec![
            card("grade", grade.clone(), if vetoes.is_empty() { w.grade } else { w.grade_vetoed }),
            card("score", text(&profile["score"]), w.score),
            card("good", text(&profile["goodPoints"]), w.good_points),
            card("bad", text(&profile["badPoints"]), w.bad_points),
            card("estates", count(&Value::from(items(&e["estatesServed"]).len())), w.estates_served),
        ],
        facts: vec![
            (lang.pick("统一社会信用代码", "Credit code").to_owned(), text(&e["creditCode"])),
            (lang.pick("法定代表人", "Legal representative").to_owned(), text(&e["legalRepresentative"])),
            (lang.pick("地址", "Address").to_owned(), text(&e["address"])),
            (lang.pick("评价日期", "Rated on").to_owned(), date(&profile["asOf"], lang)),
        ],
        history: grade_rows(history, &first, &grade, lang),
        current: current_line(history, &grade, lang),
        veto: vetoes.iter().map(|r| veto_line(r, lang)).collect::<Vec<_>>().join(" "),
        history_chart: if points.len() >= 2 {
            chart::line("grades", lang.pick("信用等级变化", "Credit grade over time"), &points, true, &grades)
        } else {
            String::new()
        },
        records: items(&profile["records"])
            .iter()
            .map(|r| {
                (
                    date(&r["occurredOn"], lang),
                    format!(
                        "{} {}",
                        text(&r["rule"]["code"]),
                        text(&r["rule"][if lang == Lang::Zh { "nameZh" } else { "nameEn" }])
                    ),
                    if r["kind"] == "VETO" { lang.pick("一票否决", "veto").to_owned() } else { text(&r["points"]) },
                    text(&r["facts"]),
                    date(&r["expiresOn"], lang),
                )
            })
            .collect(),
        estates: items(&e["estatesServed"])
            .iter()
            .map(|x| {
                (
                    text(&x["code"]),
                    text(&x["name"]),
                    format!("{} · {}", name(&x["town"], lang), name(&x["community"], lang)),
                )
            })
            .collect(),
        notices: notice_rows(&e["rectificationNotices"], lang, false),
        cases: case_rows(&e["enforcementCases"], lang),
        bids: bid_lines(&e["bids"], e["creditCode"].as_str().unwrap_or_default(), lang),
    };
    render(page)
}
