//! 信用评分参数 How a score and a grade are computed, from a day on: a day is scored with the parameters then in
//! force, so that a change never rewrites what the public saw before it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_scoring")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub effective_from: Date,
    /// The score of an enterprise with no records.
    pub base: i32,
    /// Good points count up to this many.
    pub good_cap: i32,
    /// Lowest scores of the grades AAA, AA, A and B; below B is C.
    pub aaa_min: i32,
    pub aa_min: i32,
    pub a_min: i32,
    pub b_min: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(CreditScoring, versioned);
