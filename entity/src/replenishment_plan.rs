//! 续筹方案 A plan to replenish an estate's maintenance fund: proposed by the town when the balance fell below the
//! signal, voted by the owners (3/4), carried out by the community, completed when the REPLENISHMENT entries reach
//! the target.

use crate::vocab::ReplenishmentStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "replenishment_plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub account_id: i64,
    /// The amount to raise, in fen.
    pub target: i64,
    pub note: String,
    pub status: ReplenishmentStatus,
    pub proposed_on: Date,
    pub scope_area: Option<i64>,
    pub scope_owners: Option<i32>,
    pub participating_area: Option<i64>,
    pub participating_owners: Option<i32>,
    pub aye_area: Option<i64>,
    pub aye_owners: Option<i32>,
    pub voted_on: Option<Date>,
    pub started_on: Option<Date>,
    pub completed_on: Option<Date>,
    /// The adopted resolution of the owners' assembly that approved it, where one is cited.
    pub resolution_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(ReplenishmentPlan, versioned);
