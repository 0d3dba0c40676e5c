//! The credit ranking.

use super::home::{RankRow, rank_row};
use super::{nodes, render};
use crate::site::words::words;
use crate::site::{Context, Frame, Missing};
use askama::Template;
use serde_json::json;

const CREDIT: &str = include_str!("../../../templates/site/credit.graphql");

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
        rows: nodes(&data["creditRanking"]).into_iter().map(rank_row).collect(),
    };
    render(page)
}
