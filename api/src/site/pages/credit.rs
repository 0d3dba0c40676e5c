//! The credit ranking, and how credit is graded (`/credit/rules`): the grades and their thresholds, the scoring
//! parameters in force, and every rule with its points, validity and legal basis — read from the API, so that a
//! change of rule or parameter shows at once.

use super::home::{RankRow, rank_row};
use super::{items, nodes, render};
use crate::domain::credit::{Scoring, Scorings};
use crate::site::filters;
use crate::site::format::{date, text};
use crate::site::i18n::Lang;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use entity::vocab::CreditGrade;
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

/// The county's scoring parameters as the API lists them (`creditScorings`), read into the domain's `Scorings`, so
/// that the pages pick a day's set and grade a score by the very rules the scores are computed by.
pub(super) fn scorings(list: &Value) -> Option<Scorings> {
    let sets = items(list)
        .iter()
        .filter_map(|s| {
            let n = |field: &str| s[field].as_i64().and_then(|v| i32::try_from(v).ok());
            Some(Scoring {
                effective_from: s["effectiveFrom"].as_str()?.parse().ok()?,
                base: n("base")?,
                good_cap: n("goodCap")?,
                aaa_min: n("aaaMin")?,
                aa_min: n("aaMin")?,
                a_min: n("aMin")?,
                b_min: n("bMin")?,
            })
        })
        .collect();
    Scorings::new(sets)
}

/// A grade as the API writes it (`AAA`).
pub(super) fn grade_code(grade: CreditGrade) -> String {
    serde_json::to_value(grade).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A day as the site writes it.
fn day(on: chrono::NaiveDate, lang: Lang) -> String {
    date(&Value::from(on.to_string()), lang)
}

/// Each grade with what earns it under `scoring`.
fn grade_lines(scoring: &Scoring, lang: Lang) -> Vec<(&'static str, String)> {
    let at_least = |min: i32| match lang {
        Lang::Zh => format!("{min} 分及以上"),
        Lang::En => format!("{min} points or more"),
    };
    let between = |min: i32, below: i32| match lang {
        Lang::Zh => format!("{min}–{} 分", below - 1),
        Lang::En => format!("{min}–{} points", below - 1),
    };
    let below = scoring.b_min;
    vec![
        ("AAA", at_least(scoring.aaa_min)),
        ("AA", between(scoring.aa_min, scoring.aaa_min)),
        ("A", between(scoring.a_min, scoring.aa_min)),
        ("B", between(scoring.b_min, scoring.a_min)),
        ("C", lang.pick(&format!("低于 {below} 分"), &format!("below {below} points")).to_owned()),
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
    let today = crate::domain::calendar::today();
    let scorings = scorings(&data["creditScorings"]);
    let current = scorings.as_ref().map(|all| all.on(today));
    let scoring_line = match (current, lang) {
        (None, _) => String::new(),
        (Some(s), Lang::Zh) => format!(
            "自{}起：基础分 {}，加良好信用信息的分（最多加 {} 分），减不良信用信息的分，按下表定级。记录在有效期内计分。",
            day(s.effective_from, lang),
            s.base,
            s.good_cap
        ),
        (Some(s), Lang::En) => format!(
            "From {}: a base of {} points, plus the points of good-conduct records (up to {}), minus those of \
             bad-conduct records, graded as below. A record counts while it is valid.",
            day(s.effective_from, lang),
            s.base,
            s.good_cap
        ),
    };
    let later = scorings
        .as_ref()
        .and_then(|all| all.after(today))
        .map(|s| match lang {
            Lang::Zh => format!("新的评分参数将于{}起施行。", day(s.effective_from, lang)),
            Lang::En => format!("New scoring parameters take effect on {}.", day(s.effective_from, lang)),
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
        grades: current.map(|s| grade_lines(s, lang)).unwrap_or_default(),
        later,
        sections,
    };
    render(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_s_parameters_are_read_into_the_domain_s_and_graded_by_its_rule() {
        let list = json!([
            { "effectiveFrom": "2021-01-01", "base": 80, "goodCap": 20, "aaaMin": 95, "aaMin": 85, "aMin": 75, "bMin": 60 },
            { "effectiveFrom": "2027-01-01", "base": 70, "goodCap": 20, "aaaMin": 95, "aaMin": 85, "aMin": 75, "bMin": 60 },
        ]);
        let all = scorings(&list).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(all.on(today).base, 80);
        assert_eq!(all.after(today).unwrap().base, 70);
        assert_eq!(grade_code(all.on(today).grade(80, false)), "A");
        let lines = grade_lines(all.on(today), Lang::Zh);
        assert_eq!(lines[1], ("AA", "85–94 分".to_owned()));
        assert_eq!(lines[4], ("C", "低于 60 分".to_owned()));
        assert_eq!(lines[5].0, "D");
        assert!(scorings(&json!([])).is_none(), "no parameters, no grades");
    }
}
