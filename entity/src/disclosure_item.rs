//! 公共收益明细 One line of a public-income disclosure: where the income came from, who paid, how much, and the
//! reasonable cost against it (民法典 282). A private person paying is shown to the public only as 个人.

use crate::vocab::IncomeSource;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub disclosure_id: i64,
    /// Order within the disclosure.
    pub line: i32,
    pub source: IncomeSource,
    pub description: String,
    pub counterparty: String,
    pub counterparty_is_person: bool,
    /// In fen.
    pub gross: i64,
    pub cost: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
