//! An enterprise's page: its credit profile and history, the estates it serves, the enforcement decisions against it
//! and the rectification notices addressed to it.

use super::supervision::{CaseRow, NoticeRow, bid_lines, case_rows, notice_rows};
use super::{Card, card, items, render};
use crate::site::chart::{self, Point};
use crate::site::format::{count, date, label, text};
use crate::site::i18n::Lang;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const ENTERPRISE: &str = include_str!("../../../templates/site/enterprise.graphql");

#[derive(Template)]
#[template(path = "site/enterprise.html")]
struct EnterprisePage {
    frame: Frame,
    name: String,
    code: String,
    status: String,
    cards: Vec<Card>,
    facts: Vec<(String, String)>,
    history: Vec<(String, String)>,
    history_chart: String,
    records: Vec<(String, String, String, String, String)>,
    estates: Vec<(String, String, String)>,
    notices: Vec<NoticeRow>,
    cases: Vec<CaseRow>,
    bids: Vec<(String, String, String)>,
}

/// A grade's height on the history chart: D lowest, AAA highest.
fn grade_level(grade: &str) -> f64 {
    ["D", "C", "B", "A", "AA", "AAA"].iter().position(|g| *g == grade).unwrap_or(0) as f64
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
    let points: Vec<Point> = history
        .iter()
        .map(|h| Point {
            label: text(&h["on"]).chars().take(7).collect(),
            value: grade_level(h["grade"].as_str().unwrap_or("D")),
        })
        .collect();
    let grades = |v: f64| ["D", "C", "B", "A", "AA", "AAA"].get(v.round() as usize).unwrap_or(&"").to_string();
    let page = EnterprisePage {
        frame: cx.frame(&text(&e["name"]), ""),
        name: text(&e["name"]),
        code: text(&e["creditCode"]),
        status: label("EnterpriseStatus", &e["status"], lang),
        cards: vec![
            card("grade", text(&profile["grade"]), w.grade),
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
        history: history.iter().map(|h| (date(&h["on"], lang), text(&h["grade"]))).collect(),
        history_chart: chart::line(
            "grades",
            lang.pick("信用等级变化", "Credit grade over time"),
            &points,
            true,
            &grades,
        ),
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
                    text(&r["points"]),
                    text(&r["facts"]),
                    date(&r["expiresOn"], lang),
                )
            })
            .collect(),
        estates: items(&e["estatesServed"])
            .iter()
            .map(|x| (text(&x["code"]), text(&x["name"]), text(&x["town"]["name"])))
            .collect(),
        notices: notice_rows(&e["rectificationNotices"], lang, false),
        cases: case_rows(&e["enforcementCases"], lang),
        bids: bid_lines(&e["bids"], e["creditCode"].as_str().unwrap_or_default(), lang),
    };
    render(page)
}
