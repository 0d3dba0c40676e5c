//! 搜索 Finding an estate or an enterprise by name as people type it: a part of the name in characters (simplified
//! or traditional: 書香 finds 书香), the pinyin initials (`bhgg` for 滨河公馆) or the full pinyin (`binhe`). A county
//! has thousands of names, not millions: they are matched in memory, two statements per search.

use super::db;
use super::direct::Single;
use super::direct::declare::embedded_list;
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::loaders::loaders;
use super::pagination::{cap, list_cost};
use crate::domain::RuleViolation;
use crate::domain::sort_key::{as_typed, initials, spelling};
use crate::error::Error;
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::{enterprise, estate};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};
use wuye_macros::declared;

/// 搜索结果 What a search found, best matches first.
#[declared]
#[derive(SimpleObject)]
pub struct SearchResults {
    /// 小区 Estates.
    #[plan(embedded_list(|r: &SearchResults| r.estates.iter().map(|e| Estate(e.0.clone())).collect()))]
    estates: Vec<Estate>,
    /// 企业 Enterprises.
    #[plan(embedded_list(|r: &SearchResults| r.enterprises.iter().map(|e| Enterprise(e.0.clone())).collect()))]
    enterprises: Vec<Enterprise>,
}

/// How well `name` matches the search `text` (already as typed: simplified, lower-cased): 0 when its pinyin
/// initials or its full pinyin start with it, 1 when its name, initials or full pinyin contain it; `None` when it
/// does not match.
fn rank(name: &str, text: &str) -> Option<u8> {
    let (letters, spelled) = (initials(name), spelling(name));
    if letters.starts_with(text) || spelled.starts_with(text) {
        Some(0)
    } else if name.to_lowercase().contains(text) || letters.contains(text) || spelled.contains(text) {
        Some(1)
    } else {
        None
    }
}

/// The public's search.
#[derive(Default)]
pub struct SearchQuery;

#[declared(roots)]
#[Object]
impl SearchQuery {
    /// 搜索 Estates and enterprises whose name contains `text` (traditional characters read as simplified), or
    /// whose pinyin initials or full pinyin start with or contain it (`bhgg` and `binhe` find 滨河公馆), best
    /// matches first, then in pinyin order.
    #[graphql(complexity = "2 * list_cost(first, child_complexity)")]
    #[plan(SEARCH)]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "文字、拼音首字母或全拼 Text, pinyin initials or full pinyin")] text: String,
        #[graphql(desc = "每类最多条数 At most this many of each (1–100, default 20)")] first: Option<i32>,
    ) -> Result<SearchResults> {
        Ok((SEARCH.read)(db(ctx), loaders(ctx), (text, first)).await?)
    }
}

/// `search`, for everyone alike.
pub const SEARCH: Single<SearchResults, (String, Option<i32>)> =
    Single::named(&["text", "first"], |db, _, (text, first)| Box::pin(search(db, text, first)));

async fn search(db: &DatabaseConnection, text: String, first: Option<i32>) -> Result<SearchResults, Error> {
    if text.trim().is_empty() || text.trim().chars().count() > 50 {
        let violation = RuleViolation::new("search-text", "search for 1 to 50 characters", "搜索内容应为1至50个字符");
        return Err(Error::bad_input("text", violation));
    }
    let text = as_typed(&text);
    let estates = estate::Entity::find().order_by_asc(estate::Column::NameSort).all(db).await.map_err(Error::from)?;
    let enterprises =
        enterprise::Entity::find().order_by_asc(enterprise::Column::NameSort).all(db).await.map_err(Error::from)?;
    let mut estates: Vec<(u8, estate::Model)> =
        estates.into_iter().filter_map(|e| Some((rank(&e.name, &text)?, e))).collect();
    estates.sort_by_key(|(rank, _)| *rank);
    let mut enterprises: Vec<(u8, enterprise::Model)> =
        enterprises.into_iter().filter_map(|e| Some((rank(&e.name, &text)?, e))).collect();
    enterprises.sort_by_key(|(rank, _)| *rank);
    Ok(SearchResults {
        estates: cap(estates.into_iter().map(|(_, e)| Estate(e)).collect(), first)?,
        enterprises: cap(enterprises.into_iter().map(|(_, e)| Enterprise(e)).collect(), first)?,
    })
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn initials_first_then_parts_of_names() {
        assert_eq!(rank("滨河公馆", "bhgg"), Some(0));
        assert_eq!(rank("滨河公馆", "bh"), Some(0));
        assert_eq!(rank("滨河公馆", "gg"), Some(1));
        assert_eq!(rank("滨河公馆", "公馆"), Some(1));
        assert_eq!(rank("滨河公馆", "xx"), None);
        assert_eq!(rank("书香花园", "shuxiang"), Some(0), "full pinyin");
        assert_eq!(rank("书香花园", "huayuan"), Some(1));
    }
}
