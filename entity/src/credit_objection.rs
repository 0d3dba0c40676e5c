//! 信用异议 An enterprise's objection to a confirmed record of its own, decided by the county: upheld (the record
//! is revoked) or dismissed, with a reason. At most one objection per record is pending.

use crate::vocab::ObjectionStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_objection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub record_id: i64,
    pub reason: String,
    pub status: ObjectionStatus,
    /// The enterprise staff subject who lodged it.
    pub lodged_by: String,
    pub lodged_on: Date,
    pub decided_on: Option<Date>,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(CreditObjection, versioned);
