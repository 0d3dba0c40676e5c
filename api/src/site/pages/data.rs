//! The open-data page at `/data/`: what the data is, its licence and freshness, and every download with its rows
//! and size, the explorer, the catalog and the schema — in the site's frame, for people who arrive without knowing
//! GraphQL.

use super::render;
use crate::site::filters;
use crate::site::format::{self, count};
use crate::site::i18n::Lang;
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::json;

/// What the open-data page lists: who publishes, under which licence, when the data last changed, and the datasets.
pub struct OpenDataListing {
    pub publisher: String,
    pub licence: String,
    pub contact: String,
    /// The day the data last changed (`YYYY-MM-DD`), if it ever did.
    pub modified: Option<String>,
    pub datasets: Vec<DatasetEntry>,
}

/// One dataset of the listing.
pub struct DatasetEntry {
    /// Its file name, e.g. `estates` for `/data/estates.csv`.
    pub name: &'static str,
    pub title: (&'static str, &'static str),
    pub description: (&'static str, &'static str),
    /// Its rows and the bytes of its CSV, when they could be measured.
    pub size: Option<(u64, u64)>,
}

struct Row {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    rows: String,
    size: String,
}

#[derive(Template)]
#[template(path = "site/data.html")]
struct DataPage {
    frame: Frame,
    publisher: String,
    licence: String,
    contact: String,
    modified: String,
    rows: Vec<Row>,
}

/// A size in bytes as people read it: `812 B`, `14.2 KB`, `3.1 MB`.
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

pub fn data(cx: Context<'_>, listing: OpenDataListing) -> Result<String, Missing> {
    let lang = cx.lang;
    let rows = listing
        .datasets
        .iter()
        .map(|d| Row {
            name: d.name,
            title: lang.pick(d.title.0, d.title.1),
            description: lang.pick(d.description.0, d.description.1),
            rows: d.size.map(|(rows, _)| count(&json!(rows))).unwrap_or_else(|| "—".into()),
            size: d.size.map(|(_, b)| bytes(b)).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let modified = listing
        .modified
        .map(|day| format::date(&json!(day), lang))
        .unwrap_or_else(|| lang.pick("尚无", "never").into());
    let title = match lang {
        Lang::Zh => words(lang).downloads,
        Lang::En => "Open data",
    };
    render(DataPage {
        frame: cx.frame(title, ""),
        publisher: listing.publisher,
        licence: listing.licence,
        contact: listing.contact,
        modified,
        rows,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::bytes(812), "812 B");
        assert_eq!(super::bytes(14_230), "14.2 KB");
        assert_eq!(super::bytes(3_140_000), "3.1 MB");
    }
}
