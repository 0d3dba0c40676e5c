//! What the pages show of supervision: an estate's inspections (the latest first, with the public findings and how
//! many were withheld), the rectification notices of an estate or an enterprise, an enterprise's published
//! enforcement decisions, and the tenders: an estate's, and an enterprise's bids.

use super::items;
use crate::site::format::{date, label, money, text};
use crate::site::i18n::Lang;
use serde_json::Value;

/// Most inspections an estate's page lists.
const LATEST: usize = 12;

/// One inspection, as a row.
pub struct InspectionRow {
    pub date: String,
    pub kind: String,
    pub body: String,
    /// The public findings, one line each; or "none".
    pub findings: Vec<String>,
    /// "1 finding not published" where some were withheld; empty otherwise.
    pub withheld: String,
}

/// One rectification notice, as a row.
pub struct NoticeRow {
    pub number: String,
    pub estate_code: String,
    pub estate: String,
    pub issued: String,
    pub issuer: String,
    pub deadline: String,
    pub status: String,
    pub overdue: bool,
    /// The items, with "(corrected)" after those a check passed.
    pub items: Vec<String>,
}

/// The latest inspections of a list (oldest first as the API lists them), newest first.
pub fn inspection_rows(list: &Value, lang: Lang) -> Vec<InspectionRow> {
    items(list)
        .iter()
        .rev()
        .take(LATEST)
        .map(|i| {
            let findings: Vec<String> = items(&i["items"])
                .iter()
                .filter(|item| item["result"] == "FINDING")
                .map(|item| format!("{}：{}", text(&item["item"]), text(&item["note"])))
                .collect();
            let withheld = i["withheldItemCount"].as_u64().unwrap_or(0);
            InspectionRow {
                date: date(&i["inspectedOn"], lang),
                kind: label("InspectionKind", &i["kind"], lang),
                body: text(&i["inspectingBodyName"]),
                findings: if findings.is_empty() {
                    vec![lang.pick("未发现问题", "nothing found").to_owned()]
                } else {
                    findings
                },
                withheld: if withheld == 0 {
                    String::new()
                } else {
                    lang.pick(
                        &format!("另有{withheld}项涉及安全的问题不公开"),
                        &format!("{withheld} more not published (security)"),
                    )
                    .to_owned()
                },
            }
        })
        .collect()
}

/// The notices of a list, newest first; with `open_only`, those still awaiting their correction.
pub fn notice_rows(list: &Value, lang: Lang, open_only: bool) -> Vec<NoticeRow> {
    items(list)
        .iter()
        .rev()
        .filter(|n| !open_only || !matches!(n["status"].as_str(), Some("PASSED" | "WITHDRAWN")))
        .map(|n| NoticeRow {
            number: text(&n["number"]),
            estate_code: text(&n["estate"]["code"]),
            estate: text(&n["estate"]["name"]),
            issued: date(&n["issuedOn"], lang),
            issuer: text(&n["issuerName"]),
            deadline: date(&n["deadline"], lang),
            status: label("RectificationStatus", &n["status"], lang),
            overdue: n["isOverdue"] == true,
            items: items(&n["items"])
                .iter()
                .map(|item| {
                    let done = if item["isOpen"] == false { lang.pick("（已整改）", " (corrected)") } else { "" };
                    format!("{}{done}", text(&item["item"]))
                })
                .collect(),
        })
        .collect()
}

/// One published enforcement decision, as a row.
pub struct CaseRow {
    pub number: String,
    pub decided: String,
    /// The decision, with the fine where there is one, and what it says.
    pub decision: String,
    pub facts: String,
    pub published: String,
}

/// The published decisions of a list, newest first.
pub fn case_rows(list: &Value, lang: Lang) -> Vec<CaseRow> {
    items(list)
        .iter()
        .rev()
        .map(|c| {
            let fine = if c["fine"].is_null() { String::new() } else { format!(" {}", money(&c["fine"])) };
            let summary = text(&c["decisionSummary"]);
            CaseRow {
                number: text(&c["decisionNumber"]),
                decided: date(&c["decidedOn"], lang),
                decision: format!(
                    "{}{fine}{}",
                    label("CaseDecision", &c["decision"], lang),
                    if summary.is_empty() { String::new() } else { format!("：{summary}") }
                ),
                facts: text(&c["facts"]),
                published: date(&c["publishedOn"], lang),
            }
        })
        .collect()
}

/// One tender, as a line: its number, method and status, the bids with their fees and ranks, the candidate.
pub fn tender_lines(list: &Value, lang: Lang) -> Vec<String> {
    items(list)
        .iter()
        .rev()
        .map(|t| {
            let bids: Vec<String> = items(&t["bids"])
                .iter()
                .map(|b| {
                    let rank = if b["rank"].is_null() { String::new() } else { format!(" #{}", text(&b["rank"])) };
                    format!("{} {}{rank}", text(&b["enterprise"]["name"]), money(&b["feePerSquareMeterMonth"]))
                })
                .collect();
            let bids =
                if bids.is_empty() { lang.pick("投标密封中", "bids sealed").to_owned() } else { bids.join("；") };
            let candidate = text(&t["candidate"]["enterprise"]["name"]);
            format!(
                "{} · {} · {} · {} {} · {}{}",
                text(&t["number"]),
                label("TenderMethod", &t["method"], lang),
                label("TenderStatus", &t["status"], lang),
                lang.pick("招标文件", "documents"),
                date(&t["documentsIssuedOn"], lang),
                bids,
                if candidate.is_empty() {
                    String::new()
                } else {
                    format!(" · {}{candidate}", lang.pick("中标候选人：", "candidate: "))
                }
            )
        })
        .collect()
}

/// One of an enterprise's opened bids, as a line: the tender, the estate, the fee, the rank, and whether it won.
pub fn bid_lines(list: &Value, code: &str, lang: Lang) -> Vec<(String, String, String)> {
    items(list)
        .iter()
        .rev()
        .map(|b| {
            let tender = &b["tender"];
            let won = tender["candidate"]["enterprise"]["creditCode"] == code
                && matches!(tender["status"].as_str(), Some("AWARDED" | "CONTRACTED"));
            let rank = if b["rank"].is_null() {
                String::new()
            } else {
                format!(" · {} {}", lang.pick("排名", "rank"), text(&b["rank"]))
            };
            (
                text(&tender["estate"]["code"]),
                format!("{} · {}", text(&tender["estate"]["name"]), text(&tender["number"])),
                format!(
                    "{} {}{rank}{}",
                    label("TenderMethod", &tender["method"], lang),
                    money(&b["feePerSquareMeterMonth"]),
                    if won { lang.pick(" · 中标", " · won") } else { "" }
                ),
            )
        })
        .collect()
}
