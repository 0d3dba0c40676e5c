//! Every code list with its zh/en labels, and what the data set is.

use super::db;
use crate::error::Error;
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::dataset;
use entity::vocab::{CODE_LISTS, CodeList, CodeValue};
use sea_orm::EntityTrait;
use wuye_macros::columns;

/// The enums of the schema that are options of a query (how to order a list), not codes of the data; every other
/// enum is a code list, served by `vocabulary`. A test holds this list and the schema together.
pub const QUERY_OPTION_ENUMS: [&str; 6] = [
    "OrderDirection",
    "RegionOrderField",
    "EstateOrderField",
    "EnterpriseOrderField",
    "ComplaintGrouping",
    "HazardGrouping",
];

/// 代码项 One value of a code list.
pub struct VocabularyEntry(&'static CodeValue);

/// 代码项 One value of a code list.
#[columns]
#[Object]
impl VocabularyEntry {
    /// 代码 The value as the API writes it, e.g. MARKET.
    async fn code(&self) -> &'static str;
    /// 中文名称 Chinese label.
    async fn label_zh(&self) -> &'static str;
    /// 英文名称 English label.
    async fn label_en(&self) -> &'static str;
}

/// 代码表 A code list (a GraphQL enum) with labels for each value.
pub struct CodeListObject(&'static CodeList);

/// 代码表 A code list (a GraphQL enum) with labels for each value.
#[Object(name = "CodeList")]
impl CodeListObject {
    /// 名称 The list's name, which is the enum's name in the schema, e.g. ServiceMode.
    async fn name(&self) -> &'static str {
        self.0.name
    }
    /// 中文名称 What the list is, in Chinese.
    async fn label_zh(&self) -> &'static str {
        self.0.label_zh
    }
    /// 英文名称 What the list is, in English.
    async fn label_en(&self) -> &'static str {
        self.0.label_en
    }
    /// 取值 Its values.
    async fn values(&self) -> Vec<VocabularyEntry> {
        self.0.values.iter().map(VocabularyEntry).collect()
    }
}

/// 数据集 What the data set is.
#[derive(SimpleObject)]
pub struct Dataset {
    /// 演示数据 True when the data is the fictional demo data set, not real records of the county.
    demo: bool,
}

/// The code lists and the data set.
#[derive(Default)]
pub struct VocabularyQuery;

#[Object]
impl VocabularyQuery {
    /// 代码表 Every code list of the API with Chinese and English labels.
    async fn vocabulary(&self) -> Vec<CodeListObject> {
        CODE_LISTS.iter().map(CodeListObject).collect()
    }

    /// 数据集 What this data set is (for instance, whether it is demo data).
    async fn dataset(&self, ctx: &Context<'_>) -> Result<Dataset> {
        let row = dataset::Entity::find_by_id(1).one(db(ctx)).await.map_err(Error::from)?;
        Ok(Dataset { demo: row.is_some_and(|r| r.demo) })
    }
}
