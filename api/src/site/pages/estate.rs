//! An estate's page: who serves it and on what terms, its committee, its public income, its maintenance fund and
//! when service changed hands, how it was inspected and what it was ordered to correct.

use super::supervision::{InspectionRow, NoticeRow, inspection_rows, notice_rows, tender_lines};
use super::{Card, ComplaintRow, amount, card, complaints, dash, items, render};
use crate::site::chart::{self, Point};
use crate::site::filters;
use crate::site::format::{self, area, count, date, label, money, name, share, text};
use crate::site::i18n::Lang;
use crate::site::page_data::{PageData, counted_today, updated};
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const ESTATE: &str = include_str!("../../../templates/site/estate.graphql");
const COMPLAINTS: &str = include_str!("../../../templates/site/estate_complaints.graphql");

/// When each section's records last changed ("更新于…"), or empty.
struct Updated {
    overview: String,
    service: String,
    committee: String,
    assembly: String,
    income: String,
    fund: String,
    supervision: String,
    complaints: String,
}

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
    data: PageData,
    /// Where the estate is, opened in a map app: (address, app).
    map_links: Vec<(String, String)>,
    updated: Updated,
    code: String,
    name: String,
    /// The estate's own complaints, or why they are not shown.
    own_complaints: String,
    /// Its town's, month by month, with their chart.
    complaints: Vec<ComplaintRow>,
    complaints_chart: String,
    /// Whom to call: (who, what, the number or name).
    contacts: Vec<(String, String)>,
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
    let town = cx.query(COMPLAINTS, json!({ "code": e["town"]["code"] })).await?;
    let (complaint_rows, complaints_chart) = complaints(
        &town["byMonth"],
        lang,
        "complaints",
        &format!("{} · {}", name(&e["town"], lang), w.complaints_by_month),
    );
    // The published disclosures (superseded ones are in the table too, marked by their status).
    let disclosures = items(&e["publicIncomeDisclosures"]);
    let published: Vec<&Value> = disclosures.iter().filter(|d| d["status"] == "PUBLISHED").collect();
    let income_points: Vec<Point> =
        published.iter().map(|d| Point::new(quarter(d, lang), amount(&d["totals"]["net"]))).collect();
    let (fund, fund_points) = ledger(account, lang);
    let yuan = |v: f64| format::short_yuan(v, lang);
    let page = EstatePage {
        frame: cx.frame(&text(&e["name"]), ""),
        data: cx.page_data(&[("code", &code), ("estateCode", &code)], ESTATE, &json!({ "code": code })),
        map_links: map_links(e, lang),
        updated: Updated {
            overview: updated([&e["updatedAt"]], lang),
            service: updated([&contract["updatedAt"]], lang),
            committee: updated([&e["activeCommittee"]["updatedAt"]], lang),
            assembly: updated(items(&e["assemblyMeetings"]).iter().map(|m| &m["updatedAt"]), lang),
            income: updated(disclosures.iter().map(|d| &d["updatedAt"]), lang),
            fund: updated(
                items(&e["fundUsages"]).iter().map(|u| &u["updatedAt"]).chain([&account["lastMovementOn"]]),
                lang,
            ),
            complaints: counted_today(lang),
            supervision: updated(
                items(&e["inspections"]).iter().chain(items(&e["rectificationNotices"])).map(|r| &r["updatedAt"]),
                lang,
            ),
        },
        code: text(&e["code"]),
        name: text(&e["name"]),
        own_complaints: own_complaints(&town["complaintStatistics"], &e["code"], lang),
        complaints: complaint_rows,
        complaints_chart,
        contacts: contacts(e, &town["town"], lang),
        town: name(&e["town"], lang),
        town_code: text(&e["town"]["code"]),
        community: name(&e["community"], lang),
        community_code: text(&e["community"]["code"]),
        cards: vec![
            card("households", count(&e["households"]), w.households),
            card("service-mode", label("ServiceMode", &e["serviceMode"], lang), w.service_mode),
            card(
                "fee",
                dash(money(&contract["feePerSquareMeterMonth"])),
                lang.pick("物业费（每平方米每月）", "Fee per m² per month"),
            ),
            card(
                "fund-balance",
                dash(money(&account["balance"])),
                lang.pick("维修资金余额", "Maintenance fund balance"),
            ),
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
        ]
        .into_iter()
        .map(|(what, value)| (what, dash(value)))
        .collect(),
        enterprise: text(&contract["enterprise"]["name"]),
        enterprise_code: text(&contract["enterprise"]["creditCode"]),
        grade: format!(
            "{} {}",
            text(&contract["enterprise"]["creditProfile"]["grade"]),
            text(&contract["enterprise"]["creditProfile"]["score"])
        ),
        veto: super::veto(&contract["enterprise"]["creditProfile"]["vetoed"], lang),
        contract: contract_facts(contract, lang).into_iter().map(|(what, value)| (what, dash(value))).collect(),
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
        fund_facts: fund_facts(account, lang).into_iter().map(|(what, value)| (what, dash(value))).collect(),
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

/// Links that open the estate's location in a map app, each in the datum it expects: Chinese map apps (Amap, Baidu)
/// take GCJ-02, as stored; the phone's own map app (`geo:`) and OpenStreetMap take WGS-84, converted.
fn map_links(e: &Value, lang: Lang) -> Vec<(String, String)> {
    let (Some(latitude), Some(longitude)) = (e["location"]["latitude"].as_f64(), e["location"]["longitude"].as_f64())
    else {
        return Vec::new();
    };
    let name = super::super::page_data::encode(&text(&e["name"]));
    let (wgs_lat, wgs_lng) = crate::domain::datum::gcj02_to_wgs84(latitude, longitude);
    vec![
        (
            format!(
                "https://uri.amap.com/marker?position={longitude:.6},{latitude:.6}&name={name}&coordinate=gaode&src=wuye"
            ),
            lang.pick("高德地图", "Amap").to_owned(),
        ),
        (
            format!(
                "https://api.map.baidu.com/marker?location={latitude:.6},{longitude:.6}&title={name}&content={name}\
                 &coord_type=gcj02&output=html&src=wuye"
            ),
            lang.pick("百度地图", "Baidu Maps").to_owned(),
        ),
        (
            format!("geo:{wgs_lat:.6},{wgs_lng:.6}?q={wgs_lat:.6},{wgs_lng:.6}({name})"),
            lang.pick("手机地图应用", "Your phone's map app").to_owned(),
        ),
        (
            format!(
                "https://www.openstreetmap.org/?mlat={wgs_lat:.6}&mlon={wgs_lng:.6}#map=17/{wgs_lat:.6}/{wgs_lng:.6}"
            ),
            "OpenStreetMap".to_owned(),
        ),
    ]
}

/// The estate's own complaints in a sentence: how many, closed, closed on time — or that they are withheld (under
/// three, so as not to identify anyone), or that there are none.
fn own_complaints(stats: &Value, code: &Value, lang: Lang) -> String {
    let Some(row) = items(&stats["rows"]).iter().find(|r| r["estate"]["code"] == *code) else {
        return lang.pick("本小区暂无投诉记录。", "No complaints about this estate on record.").to_owned();
    };
    if row["suppressed"] == true {
        return lang
            .pick(
                "本小区投诉不足3件，为保护投诉人不予公布；下为全镇数据。",
                "Fewer than 3 complaints about this estate: withheld to protect those who complained; the town's figures follow.",
            )
            .to_owned();
    }
    match lang {
        Lang::Zh => format!(
            "本小区共收到投诉 {} 件，已办结 {} 件，按时办结率 {}。",
            count(&row["count"]),
            count(&row["closed"]),
            share(&row["onTimeShare"])
        ),
        Lang::En => format!(
            "{} complaints about this estate, {} closed, {} of them on time.",
            count(&row["count"]),
            count(&row["closed"]),
            share(&row["onTimeShare"])
        ),
    }
}

/// Whom a resident can turn to: the community's property officer, the enterprise (its phone where public), the
/// town's property service centre, and the 12345 hotline.
fn contacts(e: &Value, town: &Value, lang: Lang) -> Vec<(String, String)> {
    let enterprise = &e["activeContract"]["enterprise"];
    let enterprise_line = if enterprise.is_null() {
        "—".to_owned()
    } else {
        match enterprise["phone"].as_str() {
            Some(phone) => format!("{} · {phone}", text(&enterprise["name"])),
            None => text(&enterprise["name"]),
        }
    };
    let centre = match town["serviceCenter"]["phone"].as_str() {
        Some(phone) => format!("{} · {phone}", name(town, lang)),
        None => name(town, lang),
    };
    vec![
        (
            lang.pick("社区物业专干", "Community property officer").to_owned(),
            dash(text(&e["community"]["propertyOfficer"])),
        ),
        (lang.pick("物业服务企业", "Property-service enterprise").to_owned(), enterprise_line),
        (lang.pick("镇物业服务中心", "Town property service centre").to_owned(), centre),
        (
            lang.pick("政务服务便民热线", "Government service hotline").to_owned(),
            lang.pick("12345（投诉、咨询）", "12345 (complaints and enquiries)").to_owned(),
        ),
    ]
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
        points.push(Point::new(text(&entry["occurredOn"]).chars().take(7).collect::<String>(), running));
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
