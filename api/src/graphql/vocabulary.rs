//! Every code list with its zh/en labels, and what the data set is.

use super::db;
use crate::error::Error;
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::dataset;
use entity::vocab::*;
use sea_orm::EntityTrait;

/// 代码项 One value of a code list.
#[derive(SimpleObject)]
pub struct VocabularyEntry {
    /// 代码 The value as the API writes it, e.g. MARKET.
    code: &'static str,
    /// 中文名称 Chinese label.
    label_zh: &'static str,
    /// 英文名称 English label.
    label_en: &'static str,
}

/// 代码表 A code list (a GraphQL enum) with labels for each value.
#[derive(SimpleObject)]
pub struct CodeList {
    /// 名称 The list's name, which is the enum's name in the schema, e.g. ServiceMode.
    name: &'static str,
    /// 中文名称 What the list is, in Chinese.
    label_zh: &'static str,
    /// 英文名称 What the list is, in English.
    label_en: &'static str,
    /// 取值 Its values.
    values: Vec<VocabularyEntry>,
}

fn list<V: Vocabulary>() -> CodeList {
    CodeList {
        name: V::NAME,
        label_zh: V::LABEL.0,
        label_en: V::LABEL.1,
        values: V::entries()
            .iter()
            .map(|&(_, code, label_zh, label_en)| VocabularyEntry { code, label_zh, label_en })
            .collect(),
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
    async fn vocabulary(&self) -> Vec<CodeList> {
        vec![
            list::<TownKind>(),
            list::<CommunityKind>(),
            list::<HousingType>(),
            list::<ServiceMode>(),
            list::<FiveBasicsService>(),
            list::<EnterpriseStatus>(),
            list::<SelectionMethod>(),
            list::<ContractStatus>(),
            list::<BondStatus>(),
            list::<CommitteeKind>(),
            list::<CommitteeStatus>(),
            list::<MemberPosition>(),
            list::<MemberAffiliation>(),
            list::<MemberTag>(),
        ]
    }

    /// 数据集 What this data set is (for instance, whether it is demo data).
    async fn dataset(&self, ctx: &Context<'_>) -> Result<Dataset> {
        let row = dataset::Entity::find_by_id(1).one(db(ctx)).await.map_err(Error::from)?;
        Ok(Dataset { demo: row.is_some_and(|r| r.demo) })
    }
}
