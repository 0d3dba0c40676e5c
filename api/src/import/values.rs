//! One cell read as what its column holds, or the rule it breaks (in Chinese and English, as every rule of wuye):
//! the shapes a county's spreadsheets give dates, numbers and yes/no, and code lists by code or by label. What a
//! value must then satisfy (a credit code's check digit, an estate's counts) is the services' to say.

use super::cells::Cell;
use crate::domain::RuleViolation;
use chrono::NaiveDate;
use entity::vocab::CodeValue;

/// A cell's words, trimmed; `None` when it is empty. A number where words belong is refused.
pub fn text(cell: &Cell) -> Result<Option<String>, RuleViolation> {
    match cell {
        Cell::Number(_) | Cell::Date(_) | Cell::Bool(_) => Err(RuleViolation::new(
            "text-expected",
            format!("text expected, not {}", cell.shown()),
            format!("应填写文字，而不是 {}", cell.shown()),
        )),
        _ => Ok(Some(cell.shown()).filter(|t| !t.is_empty())),
    }
}

/// A code or a phone number: text, or the digits of a whole number.
pub fn identifier(cell: &Cell) -> Result<Option<String>, RuleViolation> {
    match cell {
        Cell::Number(n) if n.fract() != 0.0 => Err(RuleViolation::new(
            "code-expected",
            format!("a code expected, not the number {n}"),
            format!("应填写代码或号码，而不是数字 {n}"),
        )),
        Cell::Date(_) | Cell::Bool(_) => Err(RuleViolation::new(
            "code-expected",
            format!("a code expected, not {}", cell.shown()),
            format!("应填写代码或号码，而不是 {}", cell.shown()),
        )),
        _ => Ok(Some(cell.shown()).filter(|t| !t.is_empty())),
    }
}

/// A whole number.
pub fn integer(cell: &Cell) -> Result<i64, RuleViolation> {
    let bad = || {
        RuleViolation::new(
            "whole-number",
            format!("a whole number expected, not {}", cell.shown()),
            format!("应为整数，而不是 {}", cell.shown()),
        )
    };
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Ok(*n as i64),
        Cell::Text(text) => text.trim().replace(',', "").parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A decimal number as text with at most two places (for `Area` and `Money` to parse), from a number or text.
pub fn decimal(cell: &Cell) -> Result<String, RuleViolation> {
    let bad = || {
        RuleViolation::new(
            "decimal",
            format!("a number with at most two decimals expected, not {}", cell.shown()),
            format!("应为最多两位小数的数字，而不是 {}", cell.shown()),
        )
    };
    let text = match cell {
        // A spreadsheet's binary fraction (0.1 + 0.2) rounds to the cent it stands for.
        Cell::Number(n) => {
            let cents = (n * 100.0).round();
            if (n * 100.0 - cents).abs() > 1e-6 {
                return Err(bad());
            }
            format!("{:.2}", cents / 100.0)
        }
        Cell::Text(text) => text.trim().replace(',', ""),
        _ => return Err(bad()),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let whole_ok = !whole.trim_start_matches('-').is_empty() && digits(whole.trim_start_matches('-'));
    if whole_ok && fraction.len() <= 2 && digits(fraction) { Ok(text) } else { Err(bad()) }
}

/// Degrees of latitude or longitude.
pub fn degrees(cell: &Cell) -> Result<f64, RuleViolation> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| {
        RuleViolation::new(
            "degrees",
            format!("degrees expected, not {}", cell.shown()),
            format!("应为以度表示的坐标，而不是 {}", cell.shown()),
        )
    })
}

/// A day: a date cell, or text as `2026-03-01`, `2026/3/1`, `2026.3.1` or `2026年3月1日`.
pub fn date(cell: &Cell) -> Result<NaiveDate, RuleViolation> {
    let bad = || {
        RuleViolation::new(
            "date",
            format!("a date such as 2026-03-01 expected, not {}", cell.shown()),
            format!("应为日期（如 2026-03-01），而不是 {}", cell.shown()),
        )
    };
    match cell {
        Cell::Date(day) => Ok(*day),
        Cell::Text(text) => {
            let text = text.trim().replace(['年', '月', '/', '.'], "-").replace('日', "");
            NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// Yes or no: 是/否, Y/N, yes/no, true/false, 1/0, or a yes/no cell.
pub fn yes_no(cell: &Cell) -> Result<bool, RuleViolation> {
    match cell {
        Cell::Bool(b) => return Ok(*b),
        Cell::Number(n) if *n == 1.0 || *n == 0.0 => return Ok(*n == 1.0),
        _ => {}
    }
    match cell.shown().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" => Ok(true),
        "否" | "n" | "no" | "false" | "0" => Ok(false),
        _ => Err(RuleViolation::new(
            "yes-no",
            format!("是 or 否 (yes or no) expected, not {}", cell.shown()),
            format!("应填写“是”或“否”，而不是 {}", cell.shown()),
        )),
    }
}

/// The code of one value of a code list, given as its code or its Chinese or English label.
pub fn code(values: &'static [CodeValue], text: &str) -> Result<&'static str, RuleViolation> {
    let text = text.trim();
    values
        .iter()
        .find(|v| v.code.eq_ignore_ascii_case(text) || v.label_zh == text || v.label_en.eq_ignore_ascii_case(text))
        .map(|v| v.code)
        .ok_or_else(|| {
            let allowed: Vec<&str> = values.iter().map(|v| v.label_zh).collect();
            RuleViolation::new(
                "code-list",
                format!("{text} is not one of: {}", values.iter().map(|v| v.code).collect::<Vec<_>>().join(", ")),
                format!("“{text}”不在可选值中：{}", allowed.join("、")),
            )
        })
}

/// Several values of a code list, separated by commas (、，, ;).
pub fn codes(values: &'static [CodeValue], text: &str) -> Result<Vec<&'static str>, RuleViolation> {
    text.split(['、', '，', ',', ';', '；']).map(str::trim).filter(|t| !t.is_empty()).map(|t| code(values, t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::vocab::{CODE_LISTS, Vocabulary};

    fn list(name: &str) -> &'static [CodeValue] {
        CODE_LISTS.iter().find(|l| l.name == name).unwrap().values
    }

    #[test]
    fn dates_are_read_in_the_shapes_spreadsheets_give_them() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        for text in ["2026-03-01", "2026/3/1", "2026.3.1", "2026年3月1日"] {
            assert_eq!(date(&Cell::Text(text.into())), Ok(day), "{text}");
        }
        assert_eq!(date(&Cell::Date(day)), Ok(day));
        assert_eq!(date(&Cell::Text("03/01/2026".into())).unwrap_err().rule, "date");
        assert_eq!(date(&Cell::Number(46082.0)).unwrap_err().rule, "date");
    }

    #[test]
    fn numbers_and_words_are_told_apart() {
        assert_eq!(text(&Cell::Number(42.0)).unwrap_err().rule, "text-expected");
        assert_eq!(text(&Cell::Text(" 书香苑 ".into())), Ok(Some("书香苑".into())));
        assert_eq!(identifier(&Cell::Number(340621100001.0)), Ok(Some("340621100001".into())));
        assert_eq!(integer(&Cell::Text("四百八十".into())).unwrap_err().rule, "whole-number");
        assert_eq!(integer(&Cell::Text("1,200".into())), Ok(1200));
        assert_eq!(decimal(&Cell::Number(0.1 + 0.2)), Ok("0.30".into()));
        assert_eq!(decimal(&Cell::Text("52,000.5".into())), Ok("52000.5".into()));
        assert_eq!(decimal(&Cell::Number(1.234)).unwrap_err().rule, "decimal");
        assert_eq!(decimal(&Cell::Text("1.2.3".into())).unwrap_err().rule, "decimal");
    }

    #[test]
    fn codes_are_read_by_code_or_label() {
        let housing = list("HousingType");
        let commodity = entity::vocab::HousingType::Commodity;
        for text in ["COMMODITY", "commodity", "商品房", "Commodity housing"] {
            assert_eq!(code(housing, text), Ok(commodity.code()), "{text}");
        }
        assert_eq!(code(housing, "别墅").unwrap_err().rule, "code-list");
        assert_eq!(codes(list("FiveBasicsService"), "清扫保洁、SECURITY"), Ok(vec!["CLEANING", "SECURITY"]));
        assert_eq!(yes_no(&Cell::Text("是".into())), Ok(true));
        assert_eq!(yes_no(&Cell::Text("maybe".into())).unwrap_err().rule, "yes-no");
    }
}
