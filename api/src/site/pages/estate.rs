//! An estate's page: who serves it and on what terms, its committee, its public income, its maintenance fund and
//! when service changed hands, how it was inspected and what it was ordered to correct.

use super::supervision::{InspectionRow, NoticeRow, inspection_rows, notice_rows, tender_lines};
use super::{Card, amount, card, items, render};
use crate::site::chart::{self, Point};
use crate::site::format::{area, count, date, label, money, text};
use crate::site::i18n::Lang;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const ESTATE: &str = include_str!("../../../templates/site/estate.graphql");

/// One resolution of the owners' assembly as the page lists it.
pub struct ResolutionRow {
    pub meeting: String,
    pub matter: String,
    pub text: String,
    pub ayes: String,
    pub outcome: String,
}

pub struct IncomeRow {
    pub period: String,
    pub gross: String,
    pub cost: String,
    pub net: String,
    pub to_fund: String,
    pub closing: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "site/estate.html")]
struct EstatePage {
    frame: Frame,
    code: String,
    name: String,
    town: String,
    town_code: String,
    community: String,
    community_code: String,
    cards: Vec<Card>,
    facts: Vec<(String, String)>,
    enterprise: String,
    enterprise_code: String,
    grade: String,
    veto: &'static str,
    contract: Vec<(String, String)>,
    committee: String,
    members: Vec<(String, String)>,
    /// Notices to all owners: (kind, day, text), the latest first.
    owners_notices: Vec<(String, String, String)>,
    resolutions: Vec<ResolutionRow>,
    income: Vec<IncomeRow>,
    income_chart: String,
    fund_facts: Vec<(String, String)>,
    fund: Vec<(String, String, String, String)>,
    fund_chart: String,
    usages: Vec<(String, String, String, String)>,
    changes_of_hands: Vec<String>,
    notices: Vec<NoticeRow>,
    inspections: Vec<InspectionRow>,
    tenders: Vec<String>,
}

pub async fn estate(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, words(cx.lang));
    let data = cx.query(ESTATE, json!({ "code": code })).await?;
    let e = &data["estate"];
    if e.is_null() {
        return Err(Missing::NotFound);
    }
    let contract = &e["activeContract"];
    let account = &e["fundAccount"];
    // The published disclosures (superseded ones are in the table too, marked by their status).
    let disclosures = items(&e["publicIncomeDisclosures"]);
    let published: Vec<&Value> = disclosures.iter().filter(|d| d["status"] == "PUBLISHED").collect();
    let income_points: Vec<Point> =
        published.iter().map(|d| Point { label: quarter(d, lang), value: amount(&d["totals"]["net"]) }).collect();
    let (fund, fund_points) = ledger(account, lang);
    let yuan = |v: f64| if v.abs() >= 10_000.0 { format!("{:.0}万", v / 10_000.0) } else { format!("{v:.0}") };
    let page = EstatePage {
        frame: cx.frame(&text(&e["name"]), ""),
        code: text(&e["code"]),
        name: text(&e["name"]),
        town: text(&e["town"]["name"]),
        town_code: text(&e["town"]["code"]),
        community: text(&e["community"]["name"]),
        community_code: text(&e["community"]["code"]),
        cards: vec![
            card("households", count(&e["households"]), w.households),
            card("service-mode", label("ServiceMode", &e["serviceMode"], lang), w.service_mode),
            card(
                "fee",
                money(&contract["feePerSquareMeterMonth"]),
                lang.pick("物业费（每平方米每月）", "Fee per m² per month"),
            ),
            card("fund-balance", money(&account["balance"]), lang.pick("维修资金余额", "Maintenance fund balance")),
        ],
        facts: vec![
            (lang.pick("地址", "Address").to_owned(), text(&e["address"])),
            (lang.pick("房屋类型", "Housing type").to_owned(), label("HousingType", &e["housingType"], lang)),
            (lang.pick("楼栋", "Buildings").to_owned(), count(&e["buildings"])),
            (lang.pick("入住户数", "Households moved in").to_owned(), count(&e["occupiedHouseholds"])),
            (lang.pick("住宅面积", "Private area").to_owned(), area(&e["privateArea"])),
            (lang.pick("物业管理用房", "Management room").to_owned(), area(&e["managementRoomArea"])),
            (lang.pick("建成年份", "Completed").to_owned(), text(&e["completedYear"])),
            (lang.pick("物业专干", "Property officer").to_owned(), text(&e["community"]["propertyOfficer"])),
        ],
        enterprise: text(&contract["enterprise"]["name"]),
        enterprise_code: text(&contract["enterprise"]["creditCode"]),
        grade: format!(
            "{} {}",
            text(&contract["enterprise"]["creditProfile"]["grade"]),
            text(&contract["enterprise"]["creditProfile"]["score"])
        ),
        veto: super::veto(&contract["enterprise"]["creditProfile"]["vetoed"], lang),
        contract: contract_facts(contract, lang),
        committee: committee_line(&e["activeCommittee"], lang),
        owners_notices: items(&e["notices"])
            .iter()
            .map(|n| (label("OwnersNoticeKind", &n["kind"], lang), date(&n["on"], lang), text(&n["text"])))
            .collect(),
        resolutions: resolution_rows(e, lang),
        members: items(&e["activeCommittee"]["members"])
            .iter()
            .map(|m| (text(&m["name"]), label("MemberPosition", &m["position"], lang)))
            .collect(),
        income: disclosures
            .iter()
            .map(|d| IncomeRow {
                period: quarter(d, lang),
                gross: money(&d["totals"]["gross"]),
                cost: money(&d["totals"]["cost"]),
                net: money(&d["totals"]["net"]),
                to_fund: money(&d["totals"]["transferredToFund"]),
                closing: money(&d["totals"]["closingBalance"]),
                status: label("DisclosureStatus", &d["status"], lang),
            })
            .collect(),
        income_chart: chart::bars(
            "income",
            lang.pick("各季度公共收益净额（元）", "Net public income by quarter (CNY)"),
            &income_points,
            &yuan,
        ),
        fund_facts: fund_facts(account, lang),
        fund,
        fund_chart: chart::line(
            "fund",
            lang.pick("维修资金余额（元）", "Maintenance fund balance (CNY)"),
            &fund_points,
            true,
            &yuan,
        ),
        usages: items(&e["fundUsages"])
            .iter()
            .map(|u| {
                (
                    text(&u["title"]),
                    label("FundUsageStatus", &u["status"], lang),
                    money(&u["budget"]),
                    money(&u["actualCost"]),
                )
            })
            .collect(),
        changes_of_hands: changes_of_hands(e, lang),
        notices: notice_rows(&e["rectificationNotices"], lang, true),
        inspections: inspection_rows(&e["inspections"], lang),
        tenders: tender_lines(&e["tenders"], lang),
    };
    render(page)
}

/// The active committee: kind, status, when formed, when its term ends and its re-election falls due, and why it does
/// not work, if the town found so.
fn committee_line(c: &Value, lang: Lang) -> String {
    let mut line = format!(
        "{} · {} · {} {}",
        label("CommitteeKind", &c["kind"], lang),
        label("CommitteeStatus", &c["status"], lang),
        lang.pick("成立于", "formed"),
        date(&c["formedOn"], lang)
    );
    if !c["termEndsOn"].is_null() {
        let (end, due) = (date(&c["termEndsOn"], lang), date(&c["reelectionDueOn"], lang));
        line += &format!(
            " · {}{end} · {}{due}",
            lang.pick("任期至", "term ends "),
            lang.pick("应启动换届", "re-election due ")
        );
    }
    if !c["notFunctioningReason"].is_null() {
        line += &format!(" · {}", text(&c["notFunctioningReason"]));
    }
    line
}

/// Every resolution of the estate's assembly meetings, the latest meeting first.
fn resolution_rows(estate: &Value, lang: Lang) -> Vec<ResolutionRow> {
    let mut rows = Vec::new();
    for meeting in items(&estate["assemblyMeetings"]).iter().rev() {
        let held = format!("{} · {}", date(&meeting["heldOn"], lang), label("AssemblyForm", &meeting["form"], lang));
        for r in items(&meeting["resolutions"]) {
            let mut outcome = label("ResolutionOutcome", &r["outcome"], lang);
            if r["isRevoked"] == true {
                outcome += &format!(" · {} {}", lang.pick("已撤销", "revoked"), date(&r["revokedOn"], lang));
            }
            rows.push(ResolutionRow {
                meeting: held.clone(),
                matter: label("AssemblyMatter", &r["matter"], lang),
                text: text(&r["text"]),
                ayes: format!("{} / {}", count(&r["ayeOwners"]), count(&r["participatingOwners"])),
                outcome,
            });
        }
    }
    rows
}

/// "2026年第3季度" / "2026 Q3" of a disclosure.
fn quarter(disclosure: &Value, lang: Lang) -> String {
    let (year, quarter) = (text(&disclosure["year"]), text(&disclosure["quarter"]));
    lang.pick(&format!("{year}年第{quarter}季度"), &format!("{year} Q{quarter}")).to_owned()
}

/// A row of the fund's ledger: day, kind, amount, balance after it.
type LedgerRow = (String, String, String, String);

/// The fund's ledger, newest first, and its balance over time for the chart.
fn ledger(account: &Value, lang: Lang) -> (Vec<LedgerRow>, Vec<Point>) {
    let mut entries: Vec<&Value> = items(&account["entries"]).iter().collect();
    entries.reverse();
    let total: f64 = entries.iter().map(|x| amount(&x["amount"])).sum();
    let mut running = amount(&account["balance"]) - total;
    let (mut rows, mut points) = (Vec::new(), Vec::new());
    for entry in &entries {
        running += amount(&entry["amount"]);
        let balance = format!("{running:.2}");
        points.push(Point { label: text(&entry["occurredOn"]).chars().take(7).collect(), value: running });
        rows.push((
            date(&entry["occurredOn"], lang),
            label("LedgerEntryKind", &entry["kind"], lang),
            money(&entry["amount"]),
            money(&Value::String(balance)),
        ));
    }
    rows.reverse();
    (rows, points)
}

/// Emergency management and handovers, one line each.
fn changes_of_hands(estate: &Value, lang: Lang) -> Vec<String> {
    let periods = items(&estate["emergencyPeriods"]).iter().map(|p| {
        let period = format!(
            "{} · {} · {} – {}",
            lang.pick("应急管理", "Emergency management"),
            label("EmergencyStatus", &p["status"], lang),
            date(&p["startOn"], lang),
            date(&p["endOn"], lang)
        );
        let plan = &p["plan"];
        if plan.is_null() {
            return period;
        }
        let part = |zh: &str, en: &str, field: &str| format!("{}{}", lang.pick(zh, en), text(&plan[field]));
        format!(
            "{period} · {}{} · {} · {} · {} · {} · {}",
            lang.pick("临时管理方案：预定去向", "Temporary management plan: to end with "),
            label("EmergencyPlannedEnd", &plan["plannedEnd"], lang),
            part("镇：", "town: ", "townRole"),
            part("社区：", "community: ", "communityRole"),
            part("业委会：", "committee: ", "committeeRole"),
            part("服务方：", "provider: ", "providerRole"),
            part("收费：", "fee: ", "feeCollection")
        )
    });
    let handovers = items(&estate["handovers"]).iter().map(|h| {
        format!(
            "{} · {} · {} {}{}",
            lang.pick("移交", "Handover"),
            label("HandoverStatus", &h["status"], lang),
            lang.pick("期限", "due"),
            date(&h["deadline"], lang),
            if h["isOverdue"] == true { lang.pick("（已逾期）", " (overdue)") } else { "" }
        )
    });
    periods.chain(handovers).collect()
}

/// The open contract's terms.
fn contract_facts(contract: &Value, lang: Lang) -> Vec<(String, String)> {
    let warning = &contract["exitWarning"];
    let exit = if warning.is_null() {
        lang.pick("无", "none").to_owned()
    } else {
        let late = if warning["isLate"] == true { lang.pick("，未按期预警", ", late") } else { "" };
        format!(
            "{} {}{}{}{}{late}{}",
            lang.pick("拟于", "leaving on"),
            date(&warning["intendedEndOn"], lang),
            lang.pick("（提前", " ("),
            warning["noticeDays"],
            lang.pick("日", " days' notice"),
            lang.pick("）", ")")
        )
    };
    vec![
        (
            lang.pick("合同期限", "Term").to_owned(),
            format!("{} – {}", date(&contract["startOn"], lang), date(&contract["endOn"], lang)),
        ),
        (
            lang.pick("物业费", "Fee").to_owned(),
            format!("{} / m² / {}", money(&contract["feePerSquareMeterMonth"]), lang.pick("月", "month")),
        ),
        (lang.pick("选聘方式", "Selection").to_owned(), label("SelectionMethod", &contract["selection"], lang)),
        (lang.pick("退出预警", "Exit warning").to_owned(), exit),
    ]
}

/// The fund account's facts; none without an account.
fn fund_facts(account: &Value, lang: Lang) -> Vec<(String, String)> {
    if account.is_null() {
        return Vec::new();
    }
    let replenish =
        if account["needsReplenishment"] == true { lang.pick("是", "yes") } else { lang.pick("否", "no") };
    vec![
        (lang.pick("余额", "Balance").to_owned(), money(&account["balance"])),
        (lang.pick("开户银行", "Bank").to_owned(), text(&account["bank"])),
        (lang.pick("开户日期", "Opened").to_owned(), date(&account["openedOn"], lang)),
        (lang.pick("需续筹", "Needs replenishing").to_owned(), replenish.to_owned()),
    ]
}
