//! 考核结果 One subject's result in an assessment round (part of the round: recorded with it, published with it).
//! Ranks are computed from the scores, ties sharing a rank.

use crate::vocab::Plaque;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_result")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub round_id: i64,
    /// The enterprise, estate or town (for its service centre), by the round's subject kind.
    pub subject_id: i64,
    /// Score in hundredths of a point, 0 to 10000.
    pub score: i64,
    pub plaque: Plaque,
    /// Rewards or penalties decided with the result.
    pub measures: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
