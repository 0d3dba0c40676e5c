//! Search by name or pinyin initials.

use super::{items, render};
use crate::site::format::{name, text};
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::json;

const SEARCH: &str = include_str!("../../../templates/site/search.graphql");

#[derive(Template)]
#[template(path = "site/search.html")]
struct SearchPage {
    frame: Frame,
    estates: Vec<(String, String, String)>,
    enterprises: Vec<(String, String)>,
}

pub async fn search(cx: Context<'_>, text_searched: String) -> Result<String, Missing> {
    let w = words(cx.lang);
    let (estates, enterprises) = if text_searched.is_empty() || text_searched.chars().count() > 50 {
        (Vec::new(), Vec::new())
    } else {
        let data = cx.query(SEARCH, json!({ "text": text_searched })).await?;
        let found = &data["search"];
        (
            items(&found["estates"])
                .iter()
                .map(|e| {
                    let place = format!("{} · {}", name(&e["town"], cx.lang), name(&e["community"], cx.lang));
                    (text(&e["code"]), text(&e["name"]), place)
                })
                .collect(),
            items(&found["enterprises"]).iter().map(|e| (text(&e["creditCode"]), text(&e["name"]))).collect(),
        )
    };
    render(SearchPage { frame: cx.frame(w.search_results, &text_searched), estates, enterprises })
}
