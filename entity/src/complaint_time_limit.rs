//! 投诉办理时限 How many working days a category of complaint has, from a day on: a complaint is held to the limit in
//! force on the day it was received, so a change applies to complaints received afterwards.

use crate::vocab::ComplaintCategory;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_time_limit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category: ComplaintCategory,
    pub working_days: i32,
    pub effective_from: Date,
    /// Why this limit (the rule it follows, or that it is a documented default).
    pub source: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(ComplaintTimeLimit);
