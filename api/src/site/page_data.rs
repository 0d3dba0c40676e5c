//! "This page's data": every page says where its figures come from — the downloads narrowed to the page's estate,
//! town or enterprise (`/data/estates.csv?townCode=340621100`), the GraphQL query the page ran, opened in the
//! explorer, and when the data last changed — and each section says when its own records last changed.

use super::Context;
use super::format::date;
use super::i18n::Lang;
use serde_json::Value;

/// A download the site may link to: its file name, its title, and the filters its list takes.
#[derive(Debug, Clone)]
pub struct Downloadable {
    pub name: &'static str,
    pub title: (&'static str, &'static str),
    pub filters: Vec<String>,
}

/// The data behind a page, as its "this page's data" box shows it.
pub struct PageData {
    /// (address, title) of each download narrowed to the page's subject.
    pub downloads: Vec<(String, String)>,
    /// The explorer, opened on the query the page ran.
    pub explorer: String,
}

/// Percent-encodes `text` for a URL (everything but unreserved characters).
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Context<'_> {
    /// The data behind a page about `subject` — the filter that names it in each download, by the first of its
    /// names a download takes (an estate is `code` in the estates' downloads, `estateCode` in the inspections') —
    /// and which ran `document` with `variables`.
    pub fn page_data(&self, subject: &[(&str, &str)], document: &str, variables: &Value) -> PageData {
        let downloads = self
            .site
            .downloads
            .iter()
            .filter_map(|d| {
                let (name, value) = subject.iter().find(|(name, _)| d.filters.iter().any(|f| f == name))?;
                let title = self.lang.pick(d.title.0, d.title.1).to_owned();
                Some((format!("/data/{}.csv?{name}={}", d.name, encode(value)), title))
            })
            .collect();
        let explorer =
            format!("/graphql#query={}&variables={}", encode(document.trim()), encode(&variables.to_string()));
        PageData { downloads, explorer }
    }
}

/// When a section's records last changed: the latest of their `updatedAt` (instants) or days, as a day in the
/// county; empty when none says.
pub fn updated<'a>(stamps: impl IntoIterator<Item = &'a Value>, lang: Lang) -> String {
    let latest = stamps.into_iter().filter_map(day_of).max();
    match latest {
        Some(day) => {
            let day = date(&Value::from(day.to_string()), lang);
            match lang {
                Lang::Zh => format!("更新于{day}"),
                Lang::En => format!("Updated {day}"),
            }
        }
        None => String::new(),
    }
}

/// What a section of figures counted when the page is asked says: "统计至今天" with the county's date.
pub fn counted_today(lang: Lang) -> String {
    let today = date(&Value::from(crate::domain::calendar::today().to_string()), lang);
    match lang {
        Lang::Zh => format!("统计至{today}"),
        Lang::En => format!("Counted up to {today}"),
    }
}

/// The county's day of an instant (`2026-12-07T16:51:25Z`) or a day (`2026-12-07`).
fn day_of(value: &Value) -> Option<chrono::NaiveDate> {
    let text = value.as_str()?;
    if let Ok(instant) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(crate::domain::calendar::local_date(instant.with_timezone(&chrono::Utc)));
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_section_is_as_new_as_its_newest_record_in_county_time() {
        let stamps = [json!("2026-03-01"), json!("2026-12-07T16:51:25Z"), Value::Null];
        assert_eq!(updated(&stamps, Lang::Zh), "更新于2026年12月8日", "16:51 UTC is past midnight in the county");
        assert_eq!(updated(&[Value::Null], Lang::En), "");
    }

    #[test]
    fn a_query_opens_in_the_explorer_from_the_fragment() {
        assert_eq!(encode("{ a(b: \"书\") }"), "%7B%20a%28b%3A%20%22%E4%B9%A6%22%29%20%7D");
    }
}
