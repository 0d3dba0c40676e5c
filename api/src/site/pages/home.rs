//! The home page: the county in figures, its towns, complaints by month, the credit ranking's head and the latest
//! disclosures and credit records.

use super::{Card, ComplaintRow, card, complaints, items, nodes, render};
use crate::site::filters;
use crate::site::format::{count, date, label, money, name, share, text};
use crate::site::i18n::Lang;
use crate::site::map;
use crate::site::page_data::PageData;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const HOME: &str = include_str!("../../../templates/site/home.graphql");
const LATEST: &str = include_str!("../../../templates/site/latest.graphql");

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
    /// "veto" in the reader's language when a veto record makes the grade D, else empty.
    pub veto: &'static str,
}

#[derive(Template)]
#[template(path = "site/home.html")]
struct HomePage {
    frame: Frame,
    data: PageData,
    /// Every estate on a light map of the county, each town the hull around its estates.
    map: String,
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

pub(super) fn rank_row(node: &Value, lang: Lang) -> RankRow {
    let profile = &node["profile"];
    RankRow {
        rank: text(&node["rank"]),
        code: text(&node["enterprise"]["creditCode"]),
        name: text(&node["enterprise"]["name"]),
        grade: text(&profile["grade"]),
        score: text(&profile["score"]),
        good: text(&profile["goodPoints"]),
        bad: text(&profile["badPoints"]),
        veto: super::veto(&profile["vetoed"], lang),
    }
}

pub async fn home(cx: Context<'_>) -> Result<String, Missing> {
    let (lang, w) = (cx.lang, words(cx.lang));
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
    let estates = cx.every("estates", "town { name nameEn } location { latitude longitude }").await?;
    let map = map::map(
        "county-map",
        &format!("{} · {}", cx.frame(w.at_a_glance, "").county, lang.pick("小区分布图", "where the estates are")),
        &super::town::spots(&estates, &|e| name(&e["town"], lang)),
        true,
    );
    let page = HomePage {
        frame: cx.frame(w.at_a_glance, ""),
        data: cx.page_data(&[], HOME, &json!({})),
        map,
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
                name: name(&t["town"], lang),
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
        ranking: nodes(&data["creditRanking"]).into_iter().map(|n| rank_row(n, lang)).collect(),
        disclosures,
        credit,
    };
    render(page)
}
