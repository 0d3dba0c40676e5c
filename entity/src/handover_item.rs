//! 移交事项 One item of a handover's checklist (part of the handover: it changes with it, under its version).

use crate::vocab::{HandoverItemKind, HandoverItemStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "handover_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub handover_id: i64,
    pub item: HandoverItemKind,
    pub status: HandoverItemStatus,
    /// Who received it, and when.
    pub received_by: Option<String>,
    pub received_on: Option<Date>,
    /// A public note.
    pub note: Option<String>,
    /// A note for staff only.
    pub internal_note: Option<String>,
    pub dispute_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
