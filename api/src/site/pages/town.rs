//! A town's page and a community's page: their estates, figures and complaints.

use super::{Card, ComplaintRow, card, complaints, items, nodes, render};
use crate::site::filters;
use crate::site::format::{count, date, label, name, share, text};
use crate::site::i18n::Lang;
use crate::site::map::{self, Spot};
use crate::site::page_data::{PageData, counted_today, updated};
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const TOWN: &str = include_str!("../../../templates/site/town.graphql");
const COMMUNITY: &str = include_str!("../../../templates/site/community.graphql");

pub struct EstateRow {
    pub code: String,
    pub name: String,
    /// The community it lies in, which tells apart estates of the same name (empty on the community's own page).
    pub community: String,
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
        community: name(&e["community"], lang),
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
    data: PageData,
    updated: TownUpdated,
    name: String,
    kind: String,
    center: Vec<(String, String)>,
    cards: Vec<Card>,
    communities: Vec<(String, String, String)>,
    estate_count: String,
    estates: Vec<EstateRow>,
    complaints: Vec<ComplaintRow>,
    complaints_chart: String,
    /// The estates on a light map, each community the hull around its estates.
    map: String,
}

/// When each section of a town's page last changed.
struct TownUpdated {
    center: String,
    communities: String,
    estates: String,
    /// Complaint statistics are counted when the page is asked: "as of today".
    complaints: String,
}

/// Where each estate with a recorded location is, in the area `area` names (its town or community).
pub(super) fn spots<'a>(estates: impl IntoIterator<Item = &'a Value>, area: &dyn Fn(&Value) -> String) -> Vec<Spot> {
    estates
        .into_iter()
        .filter_map(|e| {
            let (latitude, longitude) = (e["location"]["latitude"].as_f64()?, e["location"]["longitude"].as_f64()?);
            Some(Spot { latitude, longitude, area: area(e) })
        })
        .collect()
}

pub async fn town(cx: Context<'_>, code: String) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, words(cx.lang));
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
        frame: cx.frame(&name(town, lang), ""),
        data: cx.page_data(&[("townCode", &code)], TOWN, &json!({ "code": code })),
        updated: TownUpdated {
            center: updated([&town["updatedAt"]], lang),
            communities: updated(items(&town["communities"]).iter().map(|c| &c["updatedAt"]), lang),
            estates: updated(nodes(&data["estates"]).into_iter().map(|e| &e["updatedAt"]), lang),
            complaints: counted_today(lang),
        },
        map: map::map(
            "town-map",
            &format!("{} · {}", name(town, lang), lang.pick("小区分布图", "where its estates are")),
            &spots(nodes(&data["estates"]), &|e| name(&e["community"], lang)),
            false,
        ),
        name: name(town, lang),
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
                "reelection-due",
                count(&figures["committeesDueForReelection"]["count"]),
                lang.pick("应启动换届的委员会", "Committees due for re-election"),
            ),
            card(
                "term-expired",
                count(&figures["committeesTermExpired"]["count"]),
                lang.pick("任期届满未换届", "Committees past their term"),
            ),
            card(
                "not-functioning",
                count(&figures["committeesNotFunctioning"]["count"]),
                lang.pick("不能正常履职的委员会", "Committees not functioning"),
            ),
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
            card(
                "inspected",
                share(&figures["estatesInspectedRecently"]["share"]),
                lang.pick("近三个月有巡查的小区", "Estates inspected in the last three months"),
            ),
            card(
                "notices-open",
                count(&figures["rectificationNoticesOpen"]["count"]),
                lang.pick("未办结整改通知", "Open rectification notices"),
            ),
            card(
                "notices-overdue",
                count(&figures["rectificationNoticesOverdue"]["count"]),
                lang.pick("逾期未整改", "Overdue rectification notices"),
            ),
            card(
                "hazards",
                count(&figures["hazardReportsOpenOver30Days"]["count"]),
                lang.pick("超30日未办结隐患报告", "Hazard reports open over 30 days"),
            ),
        ],
        communities: items(&town["communities"])
            .iter()
            .map(|c| (text(&c["code"]), name(c, lang), text(&c["propertyOfficer"])))
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
    data: PageData,
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
        frame: cx.frame(&name(community, lang), ""),
        data: cx.page_data(&[("communityCode", &code)], COMMUNITY, &json!({ "code": code })),
        name: name(community, lang),
        facts: vec![
            (lang.pick("类型", "Kind").to_owned(), label("CommunityKind", &community["kind"], lang)),
            (lang.pick("物业专干", "Property officer").to_owned(), text(&community["propertyOfficer"])),
            (lang.pick("代码", "Code").to_owned(), text(&community["code"])),
        ],
        town: name(&community["town"], lang),
        town_code: text(&community["town"]["code"]),
        estates: items(&community["estates"]).iter().map(|e| estate_row(e, lang)).collect(),
    };
    render(page)
}
