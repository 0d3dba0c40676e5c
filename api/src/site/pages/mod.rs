//! The pages: each runs its public queries (the `.graphql` files beside its template in `api/templates/site/`),
//! turns the answer into what its template shows (every figure formatted here, so templates only place text), and
//! renders. One file a page; what several share is here.

mod credit;
pub mod data;
mod enterprise;
mod estate;
mod home;
mod search;
mod supervision;
mod town;

pub use credit::{credit, credit_rules};
pub use enterprise::enterprise;
pub use estate::estate;
pub use home::home;
pub use search::search;
pub use town::{community, town};

use super::chart::{self, Mark, Point};
use super::format::{count, share, text};
use super::i18n::Lang;
use super::{Frame, Missing};
use askama::Template;
use serde_json::Value;

/// A figure in a card: its value, what it is, and a key tests can find it by.
pub struct Card {
    pub key: &'static str,
    pub figure: String,
    pub what: String,
}

pub(super) fn card(key: &'static str, figure: String, what: &str) -> Card {
    Card { key, figure, what: what.to_owned() }
}

pub(super) fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

pub(super) fn nodes(connection: &Value) -> Vec<&Value> {
    items(&connection["edges"]).iter().map(|e| &e["node"]).collect()
}

pub(super) fn render(template: impl Template) -> Result<String, Missing> {
    template.render().map_err(|e| Missing::Failed(e.to_string()))
}

/// `text`, or "—" when there is none (an absent value is never an empty cell).
pub(super) fn dash(text: String) -> String {
    if text.trim().is_empty() { "—".to_owned() } else { text }
}

pub(super) fn amount(value: &Value) -> f64 {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or(0.0)
}

/// One month of complaint statistics.
pub struct ComplaintRow {
    pub month: String,
    pub count: String,
    pub closed: String,
    pub on_time: String,
}

/// The complaint rows of a statistics answer, and their chart: a month withheld (under 3 complaints, so as not to
/// identify anyone) is a hatched "not published" bar, never a zero; the month under way is marked "to date".
pub(super) fn complaints(stats: &Value, lang: Lang, id: &str, title: &str) -> (Vec<ComplaintRow>, String) {
    let suppressed = lang.pick("不足3件，不公布", "under 3, withheld");
    let this_month = crate::domain::calendar::today().format("%Y-%m").to_string();
    let month = |r: &Value| {
        let month = text(&r["month"]);
        if month == this_month { format!("{month}{}", lang.pick("（至今）", " (to date)")) } else { month }
    };
    let rows: Vec<ComplaintRow> = items(&stats["rows"])
        .iter()
        .map(|r| ComplaintRow {
            month: month(r),
            count: if r["suppressed"] == true { suppressed.to_owned() } else { count(&r["count"]) },
            closed: if r["suppressed"] == true { "—".to_owned() } else { count(&r["closed"]) },
            on_time: if r["suppressed"] == true { "—".to_owned() } else { share(&r["onTimeShare"]) },
        })
        .collect();
    let points: Vec<Point> = items(&stats["rows"])
        .iter()
        .map(|r| {
            let mut point = Point::new(text(&r["month"]), r["count"].as_f64().unwrap_or(0.0));
            point.mark = match (r["suppressed"] == true, text(&r["month"]) == this_month) {
                (true, _) => Mark::Withheld,
                (false, true) => Mark::Partial,
                (false, false) => Mark::Figure,
            };
            point
        })
        .collect();
    (rows, chart::bars(id, title, &points, &|v| format!("{v:.0}")))
}

/// The badge beside a grade that a veto record made D ("一票否决"), or nothing.
pub(super) fn veto(vetoed: &Value, lang: Lang) -> &'static str {
    if *vetoed == true { lang.pick("一票否决", "veto") } else { "" }
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
