//! The pages: each runs its public queries, turns the answer into what its template shows (every figure formatted
//! here, so templates only place text), and renders.

use super::chart::{self, Point};
use super::format::{area, count, date, label, money, share, text};
use super::i18n::Lang;
use super::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

pub const HOME: &str = include_str!("../../templates/site/home.graphql");
pub const LATEST: &str = include_str!("../../templates/site/latest.graphql");
pub const TOWN: &str = include_str!("../../templates/site/town.graphql");
pub const COMMUNITY: &str = include_str!("../../templates/site/community.graphql");
pub const ESTATE: &str = include_str!("../../templates/site/estate.graphql");
pub const ENTERPRISE: &str = include_str!("../../templates/site/enterprise.graphql");
pub const CREDIT: &str = include_str!("../../templates/site/credit.graphql");
pub const SEARCH: &str = include_str!("../../templates/site/search.graphql");

/// A figure in a card: its value, what it is, and a key tests can find it by.
pub struct Card {
    pub key: &'static str,
    pub figure: String,
    pub what: String,
}

fn card(key: &'static str, figure: String, what: &str) -> Card {
    Card { key, figure, what: what.to_owned() }
}

fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

fn nodes(connection: &Value) -> Vec<&Value> {
    items(&connection["edges"]).iter().map(|e| &e["node"]).collect()
}

fn render(template: impl Template) -> Result<String, Missing> {
    template.render().map_err(|e| Missing::Failed(e.to_string()))
}

fn amount(value: &Value) -> f64 {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0)
}

/// One month of complaint statistics.
pub struct ComplaintRow {
    pub month: String,
    pub count: String,
    pub closed: String,
    pub on_time: String,
}

/// The complaint rows of a statistics answer, and their chart (suppressed months drawn as 0, marked in the table).
fn complaints(stats: &Value, lang: Lang, id: &str, title: &str) -> (Vec<ComplaintRow>, String) {
    let suppressed = lang.pick("不足3件，不公布", "under 3, withheld");
    let rows: Vec<ComplaintRow> = items(&stats["rows"])
        .iter()
        .map(|r| ComplaintRow {
            month: text(&r["month"]),
            count: if r["suppressed"] == true { suppressed.to_owned() } else { count(&r["count"]) },
            closed: count(&r["closed"]),
            on_time: if r["suppressed"] == true { String::new() } else { share(&r["onTimeShare"]) },
        })
        .collect();
    let points: Vec<Point> = items(&stats["rows"])
        .iter()
        .map(|r| Point { label: text(&r["month"]), value: r["count"].as_f64().unwrap_or(0.0) })
        .collect();
    (rows, chart::bars(id, title, &points, &|v| format!("{v:.0}")))
}

/// A page that only says something: its title (nothing here, or unavailable) and the way home.
#[derive(Template)]
#[template(path = "site/message.html")]
struct MessagePage {
    frame: Frame,
}

pub fn message(frame: Frame) -> String {
    MessagePage { frame }.render().unwrap_or_default()
}

// ------------------------------------------------------------------------------------------------------------------

pub struct TownRow {
    pub code: String,
    pub name: String,
    pub estates: String,
    pub committee_share: String,
    pub on_time: String,
}

pub struct Latest {
    pub when: String,
    pub code: String,
    pub name: String,
    pub what: String,
}

pub struct RankRow {
    pub rank: String,
    pub code: String,
    pub name: String,
    pub grade: String,
    pub score: String,
    pub good: String,
    pub bad: String,
}

#[derive(Template)]
#[template(path = "site/home.html")]
struct HomePage {
    frame: Frame,
    as_of: String,
    cards: Vec<Card>,
    modes: Vec<(String, String)>,
    towns: Vec<TownRow>,
    complaints: Vec<ComplaintRow>,
    complaints_chart: String,
    ranking: Vec<RankRow>,
    disclosures: Vec<Latest>,
    credit: Vec<Latest>,
}

fn rank_row(node: &Value) -> RankRow {
    let profile = &node["profile"];
    RankRow {
        rank: text(&node["rank"]),
        code: text(&node["enterprise"]["creditCode"]),
        name: text(&node["enterprise"]["name"]),
        grade: text(&profile["grade"]),
        score: text(&profile["score"]),
        good: text(&profile["goodPoints"]),
        bad: text(&profile["badPoints"]),
    }
}

pub async fn home(cx: Context<'_>) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, super::words(cx.lang));
    let data = cx.query(HOME, json!({})).await?;
    let overview = &data["complianceOverview"];
    let total = &overview["total"];
    let ids: Vec<&Value> = nodes(&data["disclosures"])
        .into_iter()
        .chain(nodes(&data["credit"]))
        .map(|n| &n["entityId"])
        .filter(|id| id.is_string())
        .collect();
    let latest = cx.query(LATEST, json!({ "ids": ids })).await?;
    let found: Vec<&Value> = items(&latest["nodes"]).iter().collect();
    let about = |id: &Value| found.iter().find(|n| n["id"] == *id).copied();
    let when = |n: &Value| date(&Value::String(text(&n["occurredAt"]).chars().take(10).collect()), lang);
    let disclosures = nodes(&data["disclosures"])
        .into_iter()
        .filter_map(|n| {
            let d = about(&n["entityId"])?;
            Some(Latest {
                when: when(n),
                code: text(&d["estate"]["code"]),
                name: text(&d["estate"]["name"]),
                what: format!(
                    "{}{} · {} {}",
                    text(&d["year"]),
                    lang.pick(&format!("年第{}季度", text(&d["quarter"])), &format!(" Q{}", text(&d["quarter"]))),
                    lang.pick("净收益", "net"),
                    money(&d["totals"]["net"])
                ),
            })
        })
        .collect();
    let credit = nodes(&data["credit"])
        .into_iter()
        .filter_map(|n| {
            let r = about(&n["entityId"])?;
            Some(Latest {
                when: when(n),
                code: text(&r["enterprise"]["creditCode"]),
                name: text(&r["enterprise"]["name"]),
                what: format!(
                    "{} {} · {}",
                    text(&r["rule"][if lang == Lang::Zh { "nameZh" } else { "nameEn" }]),
                    text(&r["points"]),
                    label("CreditRecordStatus", &r["status"], lang)
                ),
            })
        })
        .collect();
    let (complaints, complaints_chart) =
        complaints(&data["complaintStatistics"], lang, "complaints-by-month", w.complaints_by_month);
    let page = HomePage {
        frame: cx.frame(w.at_a_glance, ""),
        as_of: date(&overview["asOf"], lang),
        cards: vec![
            card("estates", count(&total["estates"]["count"]), w.estates),
            card(
                "committees",
                share(&total["estatesWithCommittee"]["share"]),
                lang.pick("有在任委员会的小区", "Estates with a committee"),
            ),
            card(
                "centres",
                format!(
                    "{}/{}",
                    text(&total["serviceCentersSetUpOnTime"]["count"]),
                    text(&total["serviceCentersSetUpOnTime"]["outOf"])
                ),
                lang.pick("按期成立物业服务中心的镇", "Towns with a service centre on time"),
            ),
            card("exits", count(&total["exitWarningsOpen"]["count"]), lang.pick("未结退出预警", "Open exit warnings")),
            card(
                "overdue",
                count(&total["overdueDisclosures"]["count"]),
                lang.pick("逾期未公示的公共收益", "Overdue public-income disclosures"),
            ),
        ],
        modes: items(&total["serviceModes"])
            .iter()
            .map(|m| (label("ServiceMode", &m["mode"], lang), count(&m["estates"])))
            .collect(),
        towns: items(&overview["towns"])
            .iter()
            .map(|t| TownRow {
                code: text(&t["town"]["code"]),
                name: text(&t["town"]["name"]),
                estates: count(&t["estates"]["count"]),
                committee_share: share(&t["estatesWithCommittee"]["share"]),
                on_time: if t["serviceCentersSetUpOnTime"]["count"] == 1 {
                    lang.pick("是", "yes")
                } else {
                    lang.pick("否", "no")
                }
                .to_owned(),
            })
            .collect(),
        complaints,
        complaints_chart,
        ranking: nodes(&data["creditRanking"]).into_iter().map(rank_row).collect(),
        disclosures,
        credit,
    };
    render(page)
}

// ------------------------------------------------------------------------------------------------------------------

pub struct EstateRow {
    pub code: String,
    pub name: String,
    pub mode: String,
    pub households: String,
    pub enterprise: String,
    pub enterprise_code: String,
    pub committee: String,
}

fn estate_row(e: &Value, lang: Lang) -> EstateRow {
    EstateRow {
        code: text(&e["code"]),
        name: text(&e["name"]),
        mode: label("ServiceMode", &e["serviceMode"], lang),
        households: count(&e["households"]),
        enterprise: text(&e["enterprise"]["name"]),
        enterprise_code: text(&e["enterprise"]["creditCode"]),
        committee: if e["activeCommittee"].is_null() {
            "—".into()
        } else {
            label("CommitteeKind", &e["activeCommittee"]["kind"], lang)
        },
    }
}

#[derive(Template)]
#[template(path = "site/town.html")]
struct TownPage {
    frame: Frame,
    name: String,
    kind: String,
    center: Vec<(String, String)>,
    cards: Vec<Card>,
    communities: Vec<(String, String, String)>,
    estate_count: String,
    estates: Vec<EstateRow>,
    complaints: Vec<ComplaintRow>,
    complaints_chart: String,
}

pub async fn town(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, super::words(cx.lang));
    let data = cx.query(TOWN, json!({ "code": code })).await?;
    let town = &data["town"];
    if town.is_null() {
        return Err(Missing::NotFound);
    }
    let center = &town["serviceCenter"];
    let figures = items(&data["complianceOverview"]["towns"]).iter().find(|t| t["town"]["code"] == code).cloned();
    let figures = figures.unwrap_or(Value::Null);
    let (complaints, complaints_chart) =
        complaints(&data["complaintStatistics"], lang, "town-complaints", w.complaints_by_month);
    let yes_no = |v: &Value| if *v == 1 { lang.pick("是", "yes") } else { lang.pick("否", "no") }.to_owned();
    let page = TownPage {
        frame: cx.frame(&text(&town["name"]), ""),
        name: text(&town["name"]),
        kind: label("TownKind", &town["kind"], lang),
        center: if center.is_null() {
            vec![(w.service_center.to_owned(), lang.pick("尚未成立", "not set up yet").to_owned())]
        } else {
            vec![
                (lang.pick("成立日期", "Established").to_owned(), date(&center["establishedOn"], lang)),
                (lang.pick("负责人", "Leader").to_owned(), text(&center["leader"])),
                (lang.pick("工作人员", "Staff").to_owned(), text(&center["staffCount"])),
                (lang.pick("电话", "Phone").to_owned(), text(&center["phone"])),
            ]
        },
        cards: vec![
            card("on-time", yes_no(&figures["serviceCentersSetUpOnTime"]["count"]), w.service_center_on_time),
            card(
                "staffed",
                yes_no(&figures["serviceCentersStaffed"]["count"]),
                lang.pick("服务中心人员不少于2人", "Centre staffed with 2 or more"),
            ),
            card("committees", share(&figures["estatesWithCommittee"]["share"]), w.with_committee),
            card(
                "exits",
                count(&figures["exitWarningsOpen"]["count"]),
                lang.pick("未结退出预警", "Open exit warnings"),
            ),
            card("handovers", count(&figures["handoversOverdue"]["count"]), lang.pick("逾期移交", "Overdue handovers")),
            card(
                "overdue",
                count(&figures["overdueDisclosures"]["count"]),
                lang.pick("逾期未公示", "Overdue disclosures"),
            ),
        ],
        communities: items(&town["communities"])
            .iter()
            .map(|c| (text(&c["code"]), text(&c["name"]), text(&c["propertyOfficer"])))
            .collect(),
        estate_count: count(&data["estates"]["totalCount"]),
        estates: nodes(&data["estates"]).into_iter().map(|e| estate_row(e, lang)).collect(),
        complaints,
        complaints_chart,
    };
    render(page)
}

#[derive(Template)]
#[template(path = "site/community.html")]
struct CommunityPage {
    frame: Frame,
    name: String,
    facts: Vec<(String, String)>,
    town: String,
    town_code: String,
    estates: Vec<EstateRow>,
}

pub async fn community(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let lang = cx.lang;
    let data = cx.query(COMMUNITY, json!({ "code": code })).await?;
    let community = &data["community"];
    if community.is_null() {
        return Err(Missing::NotFound);
    }
    let page = CommunityPage {
        frame: cx.frame(&text(&community["name"]), ""),
        name: text(&community["name"]),
        facts: vec![
            (lang.pick("类型", "Kind").to_owned(), label("CommunityKind", &community["kind"], lang)),
            (lang.pick("物业专干", "Property officer").to_owned(), text(&community["propertyOfficer"])),
            (lang.pick("代码", "Code").to_owned(), text(&community["code"])),
        ],
        town: text(&community["town"]["name"]),
        town_code: text(&community["town"]["code"]),
        estates: items(&community["estates"]).iter().map(|e| estate_row(e, lang)).collect(),
    };
    render(page)
}

// ------------------------------------------------------------------------------------------------------------------

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
    contract: Vec<(String, String)>,
    committee: String,
    members: Vec<(String, String)>,
    income: Vec<IncomeRow>,
    income_chart: String,
    fund_facts: Vec<(String, String)>,
    fund: Vec<(String, String, String, String)>,
    fund_chart: String,
    usages: Vec<(String, String, String, String)>,
    changes_of_hands: Vec<String>,
}

pub async fn estate(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, super::words(cx.lang));
    let data = cx.query(ESTATE, json!({ "code": code })).await?;
    let e = &data["estate"];
    if e.is_null() {
        return Err(Missing::NotFound);
    }
    let contract = &e["activeContract"];
    let account = &e["fundAccount"];
    let quarter = |d: &Value| {
        lang.pick(
            &format!("{}年第{}季度", text(&d["year"]), text(&d["quarter"])),
            &format!("{} Q{}", text(&d["year"]), text(&d["quarter"])),
        )
        .to_owned()
    };
    // The published disclosures (superseded ones are in the table too, marked by their status).
    let disclosures = items(&e["publicIncomeDisclosures"]);
    let published: Vec<&Value> = disclosures.iter().filter(|d| d["status"] == "PUBLISHED").collect();
    let income_points: Vec<Point> =
        published.iter().map(|d| Point { label: quarter(d), value: amount(&d["totals"]["net"]) }).collect();
    // The ledger, oldest first, with the balance after each entry.
    let mut entries: Vec<&Value> = items(&account["entries"]).iter().collect();
    entries.reverse();
    let total: f64 = entries.iter().map(|x| amount(&x["amount"])).sum();
    let mut running = amount(&account["balance"]) - total;
    let mut fund = Vec::new();
    let mut fund_points = Vec::new();
    for entry in &entries {
        running += amount(&entry["amount"]);
        let balance = format!("{running:.2}");
        fund_points.push(Point { label: text(&entry["occurredOn"]).chars().take(7).collect(), value: running });
        fund.push((
            date(&entry["occurredOn"], lang),
            label("LedgerEntryKind", &entry["kind"], lang),
            money(&entry["amount"]),
            money(&Value::String(balance)),
        ));
    }
    fund.reverse();
    let yuan = |v: f64| if v.abs() >= 10_000.0 { format!("{:.0}万", v / 10_000.0) } else { format!("{v:.0}") };
    let mut changes_of_hands: Vec<String> = items(&e["emergencyPeriods"])
        .iter()
        .map(|p| {
            format!(
                "{} · {} · {} – {}",
                lang.pick("应急管理", "Emergency management"),
                label("EmergencyStatus", &p["status"], lang),
                date(&p["startOn"], lang),
                date(&p["endOn"], lang)
            )
        })
        .collect();
    changes_of_hands.extend(items(&e["handovers"]).iter().map(|h| {
        format!(
            "{} · {} · {} {}{}",
            lang.pick("移交", "Handover"),
            label("HandoverStatus", &h["status"], lang),
            lang.pick("期限", "due"),
            date(&h["deadline"], lang),
            if h["isOverdue"] == true { lang.pick("（已逾期）", " (overdue)") } else { "" }
        )
    }));
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
        contract: vec![
            (
                lang.pick("合同期限", "Term").to_owned(),
                format!("{} – {}", date(&contract["startOn"], lang), date(&contract["endOn"], lang)),
            ),
            (
                lang.pick("物业费", "Fee").to_owned(),
                format!("{} / m² / {}", money(&contract["feePerSquareMeterMonth"]), lang.pick("月", "month")),
            ),
            (lang.pick("选聘方式", "Selection").to_owned(), label("SelectionMethod", &contract["selection"], lang)),
            (
                lang.pick("退出预警", "Exit warning").to_owned(),
                if contract["exitWarning"].is_null() {
                    lang.pick("无", "none").to_owned()
                } else {
                    format!(
                        "{} {}",
                        lang.pick("拟于", "leaving on"),
                        date(&contract["exitWarning"]["intendedEndOn"], lang)
                    )
                },
            ),
        ],
        committee: format!(
            "{} · {} {}",
            label("CommitteeKind", &e["activeCommittee"]["kind"], lang),
            lang.pick("成立于", "formed"),
            date(&e["activeCommittee"]["formedOn"], lang)
        ),
        members: items(&e["activeCommittee"]["members"])
            .iter()
            .map(|m| (text(&m["name"]), label("MemberPosition", &m["position"], lang)))
            .collect(),
        income: disclosures
            .iter()
            .map(|d| IncomeRow {
                period: quarter(d),
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
        fund_facts: if account.is_null() {
            Vec::new()
        } else {
            vec![
                (lang.pick("余额", "Balance").to_owned(), money(&account["balance"])),
                (lang.pick("开户银行", "Bank").to_owned(), text(&account["bank"])),
                (lang.pick("开户日期", "Opened").to_owned(), date(&account["openedOn"], lang)),
                (
                    lang.pick("需续筹", "Needs replenishing").to_owned(),
                    if account["needsReplenishment"] == true {
                        lang.pick("是", "yes")
                    } else {
                        lang.pick("否", "no")
                    }
                    .to_owned(),
                ),
            ]
        },
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
        changes_of_hands,
    };
    render(page)
}

// ------------------------------------------------------------------------------------------------------------------

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
}

/// A grade's height on the history chart: D lowest, AAA highest.
fn grade_level(grade: &str) -> f64 {
    ["D", "C", "B", "A", "AA", "AAA"].iter().position(|g| *g == grade).unwrap_or(0) as f64
}

pub async fn enterprise(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, super::words(cx.lang));
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
    };
    render(page)
}

#[derive(Template)]
#[template(path = "site/credit.html")]
struct CreditPage {
    frame: Frame,
    rows: Vec<RankRow>,
}

pub async fn credit(cx: Context<'_>) -> Result<String, Missing> {
    let data = cx.query(CREDIT, json!({})).await?;
    let page = CreditPage {
        frame: cx.frame(super::words(cx.lang).credit, ""),
        rows: nodes(&data["creditRanking"]).into_iter().map(rank_row).collect(),
    };
    render(page)
}

#[derive(Template)]
#[template(path = "site/search.html")]
struct SearchPage {
    frame: Frame,
    estates: Vec<(String, String, String)>,
    enterprises: Vec<(String, String)>,
}

pub async fn search(cx: Context<'_>, text_searched: String) -> Result<String, Missing> {
    let w = super::words(cx.lang);
    let (estates, enterprises) = if text_searched.is_empty() || text_searched.chars().count() > 50 {
        (Vec::new(), Vec::new())
    } else {
        let data = cx.query(SEARCH, json!({ "text": text_searched })).await?;
        let found = &data["search"];
        (
            items(&found["estates"])
                .iter()
                .map(|e| (text(&e["code"]), text(&e["name"]), text(&e["town"]["name"])))
                .collect(),
            items(&found["enterprises"]).iter().map(|e| (text(&e["creditCode"]), text(&e["name"]))).collect(),
        )
    };
    render(SearchPage { frame: cx.frame(w.search_results, &text_searched), estates, enterprises })
}
