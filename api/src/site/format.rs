//! How the website writes things: dates as `2026年11月27日` (or `27 Nov 2026`), money as `¥1,234.56`, areas in m²,
//! shares as percentages, and codes by their labels in the reader's language.

use super::i18n::Lang;
use entity::vocab::CODE_LISTS;
use serde_json::Value;

/// A `YYYY-MM-DD` date for the reader; empty for none.
pub fn date(value: &Value, lang: Lang) -> String {
    let Some(text) = value.as_str() else { return String::new() };
    let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    let (y, m, d) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => {
            const MONTHS: [&str; 12] =
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            format!("{d} {} {y}", MONTHS.get(m.saturating_sub(1) as usize).unwrap_or(&""))
        }
    }
}

/// Digits grouped by thousands: `1234567` → `1,234,567`.
fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal string (`"1234.56"`, `"-5"`) with thousands grouped and two places.
fn decimal(value: &Value) -> Option<String> {
    let text = value.as_str()?;
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "00"));
    let fraction = format!("{fraction:0<2}");
    Some(format!("{}{}.{}", if negative { "-" } else { "" }, grouped(whole), &fraction[..2]))
}

/// A `Money` value as `¥1,234.56`; empty for none.
pub fn money(value: &Value) -> String {
    match decimal(value) {
        Some(text) => match text.strip_prefix('-') {
            Some(rest) => format!("-¥{rest}"),
            None => format!("¥{text}"),
        },
        None => String::new(),
    }
}

/// An `Area` value as `1,234.56 m²`.
pub fn area(value: &Value) -> String {
    decimal(value).map(|text| format!("{text} m²")).unwrap_or_default()
}

/// An amount of yuan short enough for a chart's axis, as each language counts: `120万` in Chinese, `1.2M` or `35k`
/// in English.
pub fn short_yuan(value: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if value.abs() >= 10_000.0 => format!("{:.0}万", value / 10_000.0),
        Lang::En if value.abs() >= 1_000_000.0 => format!("{:.1}M", value / 1_000_000.0),
        Lang::En if value.abs() >= 1_000.0 => format!("{:.0}k", value / 1_000.0),
        _ => format!("{value:.0}"),
    }
}

/// A whole number with thousands grouped.
pub fn count(value: &Value) -> String {
    value
        .as_i64()
        .map(|n| if n < 0 { format!("-{}", grouped(&(-n).to_string())) } else { grouped(&n.to_string()) })
        .unwrap_or_default()
}

/// A share from 0 to 1 as a percentage; a dash for none.
pub fn share(value: &Value) -> String {
    value.as_f64().map(|s| format!("{:.1}%", s * 100.0)).unwrap_or_else(|| "—".into())
}

/// The label of `code` in the code list `list` (an enum of the schema), in the reader's language.
pub fn label(list: &str, value: &Value, lang: Lang) -> String {
    let Some(code) = value.as_str() else { return String::new() };
    CODE_LISTS
        .iter()
        .find(|l| l.name == list)
        .and_then(|l| l.values.iter().find(|v| v.code == code))
        .map(|v| if lang == Lang::Zh { v.label_zh } else { v.label_en }.to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// A region's name in the reader's language: its English name on English pages where it has one.
pub fn name(record: &Value, lang: Lang) -> String {
    match record["nameEn"].as_str() {
        Some(english) if lang == Lang::En && !english.is_empty() => english.to_owned(),
        _ => text(&record["name"]),
    }
}

/// A value as plain text.
pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chart_amounts_are_short_in_each_language() {
        assert_eq!(short_yuan(1_200_000.0, Lang::Zh), "120万");
        assert_eq!(short_yuan(1_200_000.0, Lang::En), "1.2M");
        assert_eq!(short_yuan(35_000.0, Lang::En), "35k");
        assert_eq!(short_yuan(800.0, Lang::En), "800");
    }

    #[test]
    fn money_dates_and_areas_read_as_people_write_them() {
        assert_eq!(money(&json!("1234.56")), "¥1,234.56");
        assert_eq!(money(&json!("1234567")), "¥1,234,567.00");
        assert_eq!(money(&json!("-5.5")), "-¥5.50");
        assert_eq!(money(&json!(null)), "");
        assert_eq!(date(&json!("2026-11-27"), Lang::Zh), "2026年11月27日");
        assert_eq!(date(&json!("2026-11-27"), Lang::En), "27 Nov 2026");
        assert_eq!(area(&json!("123435.02")), "123,435.02 m²");
        assert_eq!(count(&json!(1200)), "1,200");
        assert_eq!(share(&json!(0.5)), "50.0%");
        assert_eq!(label("ServiceMode", &json!("MARKET"), Lang::Zh), "市场化");
    }
}
