//! The credit ranking, and how credit is graded (`/credit/rules`): the grades and their thresholds, the scoring
//! parameters in force, and every rule with its points, validity and legal basis — read from the API, so that a
//! change of rule or parameter shows at once.

use super::home::{RankRow, rank_row};
use super::{items, nodes, render};
use crate::site::filters;
use crate::site::format::{date, text};
use crate::site::i18n::Lang;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::{Value, json};

const CREDIT: &str = include_str!("../../../templates/site/credit.graphql");
const RULES: &str = include_str!("../../../templates/site/credit_rules.graphql");

#[derive(Template)]
#[template(path = "site/credit.html")]
struct CreditPage {
    frame: Frame,
    rows: Vec<RankRow>,
}

pub async fn credit(cx: Context<'_>) -> Result<String, Missing> {
    let data = cx.query(CREDIT, json!({})).await?;
    let page = CreditPage {
        frame: cx.frame(words(cx.lang).credit, ""),
        rows: nodes(&data["creditRanking"]).into_iter().map(|n| rank_row(n, cx.lang)).collect(),
    };
    render(page)
}

/// A rule as the rules page lists it.
struct RuleRow {
    code: String,
    name: String,
    points: String,
    validity: String,
    basis: String,
    /// "retired on …", or empty for a rule in use.
    retired: String,
}

/// The rules of one kind.
struct Section {
    id: &'static str,
    title: &'static str,
    explain: String,
    rules: Vec<RuleRow>,
}

#[derive(Template)]
#[template(path = "site/credit_rules.html")]
struct RulesPage {
    frame: Frame,
    lede: &'static str,
    grades_heading: &'static str,
    meaning_heading: &'static str,
    validity_heading: &'static str,
    basis_heading: &'static str,
    scoring_line: String,
    grades: Vec<(&'static str, String)>,
    later: String,
    sections: Vec<Section>,
}

/// The parameters in force on `today` (the latest that took effect by then), and the next one, if announced.
fn in_force<'a>(scorings: &'a [Value], today: &str) -> (Option<&'a Value>, Option<&'a Value>) {
    let mut sorted: Vec<&Value> = scorings.iter().collect();
    sorted.sort_by_key(|s| text(&s["effectiveFrom"]));
    let current = sorted.iter().rev().find(|s| text(&s["effectiveFrom"]).as_str() <= today).or(sorted.first());
    let next = sorted.iter().find(|s| text(&s["effectiveFrom"]).as_str() > today);
    (current.copied(), next.copied())
}

/// Each grade with what earns it under `scoring`.
fn grade_lines(scoring: &Value, lang: Lang) -> Vec<(&'static str, String)> {
    let n = |field: &str| scoring[field].as_i64().unwrap_or_default();
    let at_least = |min: i64| match lang {
        Lang::Zh => format!("{min} 分及以上"),
        Lang::En => format!("{min} points or more"),
    };
    let between = |min: i64, below: i64| match lang {
        Lang::Zh => format!("{min}–{} 分", below - 1),
        Lang::En => format!("{min}–{} points", below - 1),
    };
    vec![
        ("AAA", at_least(n("aaaMin"))),
        ("AA", between(n("aaMin"), n("aaaMin"))),
        ("A", between(n("aMin"), n("aaMin"))),
        ("B", between(n("bMin"), n("aMin"))),
        ("C", lang.pick(&format!("低于 {} 分", n("bMin")), &format!("below {} points", n("bMin"))).to_owned()),
        (
            "D",
            lang.pick(
                "一票否决：有一条计分中的一票否决记录，不论分数",
                "veto (一票否决): a counting veto record, whatever the score",
            )
            .to_owned(),
        ),
    ]
}

/// How long a record of a rule counts.
fn validity(months: &Value, lang: Lang) -> String {
    let months = months.as_i64().unwrap_or_default();
    match lang {
        Lang::Zh => format!("{months} 个月"),
        Lang::En if months == 1 => "1 month".to_owned(),
        Lang::En => format!("{months} months"),
    }
}

pub async fn credit_rules(cx: Context<'_>) -> Result<String, Missing> {
    let lang = cx.lang;
    let data = cx.query(RULES, json!({})).await?;
    let today = crate::domain::calendar::today().to_string();
    let (current, next) = in_force(items(&data["creditScorings"]), &today);
    let null = Value::Null;
    let scoring = current.unwrap_or(&null);
    let n = |field: &str| scoring[field].as_i64().unwrap_or_default();
    let scoring_line = match lang {
        Lang::Zh => format!(
            "自{}起：基础分 {}，加良好信用信息的分（最多加 {} 分），减不良信用信息的分，按下表定级。记录在有效期内计分。",
            date(&scoring["effectiveFrom"], lang),
            n("base"),
            n("goodCap")
        ),
        Lang::En => format!(
            "From {}: a base of {} points, plus the points of good-conduct records (up to {}), minus those of \
             bad-conduct records, graded as below. A record counts while it is valid.",
            date(&scoring["effectiveFrom"], lang),
            n("base"),
            n("goodCap")
        ),
    };
    let later = next
        .map(|s| match lang {
            Lang::Zh => format!("新的评分参数将于{}起施行。", date(&s["effectiveFrom"], lang)),
            Lang::En => format!("New scoring parameters take effect on {}.", date(&s["effectiveFrom"], lang)),
        })
        .unwrap_or_default();
    let rules = nodes(&data["creditRules"]);
    let section = |kind: &str, id, title, explain: String| Section {
        id,
        title,
        explain,
        rules: rules
            .iter()
            .filter(|r| r["kind"] == kind)
            .map(|r| RuleRow {
                code: text(&r["code"]),
                name: text(&r[if lang == Lang::Zh { "nameZh" } else { "nameEn" }]),
                points: if kind == "VETO" { lang.pick("一票否决", "veto").to_owned() } else { text(&r["points"]) },
                validity: validity(&r["validityMonths"], lang),
                basis: text(&r["legalBasis"]),
                retired: if r["status"] == "RETIRED" {
                    match lang {
                        Lang::Zh => format!("（{}停用）", date(&r["retiredOn"], lang)),
                        Lang::En => format!("(retired {})", date(&r["retiredOn"], lang)),
                    }
                } else {
                    String::new()
                },
            })
            .collect(),
    };
    let sections = vec![
        section(
            "GOOD",
            "good",
            lang.pick("良好信用信息（加分）", "Good conduct (adds points)"),
            lang.pick(
                "每条记录在有效期内加分，合计最多加到上限。",
                "Each record adds its points while valid, up to the cap.",
            )
            .to_owned(),
        ),
        section(
            "BAD",
            "bad",
            lang.pick("不良信用信息（减分）", "Bad conduct (takes points away)"),
            lang.pick("每条记录在有效期内减分。", "Each record takes its points away while valid.").to_owned(),
        ),
        section(
            "VETO",
            "veto",
            lang.pick("一票否决", "Veto (一票否决)"),
            lang.pick(
                "有效期内的一条一票否决记录即定为 D 级，不论分数。",
                "One veto record, while valid, makes the grade D whatever the score.",
            )
            .to_owned(),
        ),
    ];
    let page = RulesPage {
        frame: cx.frame(lang.pick("信用评价规则", "How credit is graded"), ""),
        lede: lang.pick(
            "物业服务企业信用等级的评定方法：评分参数、等级和每一条计分规则，均为现行有效内容。",
            "How property-service enterprises are graded: the scoring parameters, the grades and every rule, as in force now.",
        ),
        grades_heading: lang.pick("等级与分数线", "Grades and thresholds"),
        meaning_heading: lang.pick("条件", "Earned by"),
        validity_heading: lang.pick("有效期", "Counts for"),
        basis_heading: lang.pick("依据", "Legal basis"),
        scoring_line,
        grades: if current.is_some() { grade_lines(scoring, lang) } else { Vec::new() },
        later,
        sections,
    };
    render(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameters_in_force_are_the_latest_that_took_effect() {
        let scorings = vec![
            json!({ "effectiveFrom": "2021-01-01", "base": 80 }),
            json!({ "effectiveFrom": "2027-01-01", "base": 70 }),
            json!({ "effectiveFrom": "2024-06-01", "base": 75 }),
        ];
        let (current, next) = in_force(&scorings, "2026-12-07");
        assert_eq!(current.unwrap()["base"], 75);
        assert_eq!(next.unwrap()["base"], 70);
    }

    #[test]
    fn grades_read_from_the_thresholds() {
        let scoring = json!({ "aaaMin": 95, "aaMin": 85, "aMin": 75, "bMin": 60 });
        let lines = grade_lines(&scoring, Lang::Zh);
        assert_eq!(lines[1], ("AA", "85–94 分".to_owned()));
        assert_eq!(lines[4], ("C", "低于 60 分".to_owned()));
        assert_eq!(lines[5].0, "D");
    }
}
