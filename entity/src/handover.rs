//! 移交 The handover of an estate when a contract ends: documents, rooms, money and keys, item by item, to whoever
//! serves next. Completing the last item completes the handover and terminates the contract.

use crate::vocab::{HandoverReceiver, HandoverStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "handover")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub contract_id: i64,
    pub estate_id: i64,
    pub receiver: HandoverReceiver,
    /// The new enterprise, when one receives the estate.
    pub receiver_enterprise_id: Option<i64>,
    pub deadline: Date,
    pub status: HandoverStatus,
    pub opened_on: Date,
    pub completed_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Handover, versioned);
