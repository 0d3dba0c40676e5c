//! 招标异议 A bidder's objection to a tender's publicised candidate, decided by the county; while it is pending the
//! tender cannot be awarded, and an upheld one sends the tender back to evaluation.

use crate::vocab::ObjectionStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tender_objection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    /// The objector's own bid.
    pub bid_id: i64,
    pub reason: String,
    pub lodged_on: Date,
    pub status: ObjectionStatus,
    pub decided_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(TenderObjection, versioned);
