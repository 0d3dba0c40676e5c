//! 物业服务合同 A service contract between an estate and an enterprise. At most one per estate is not TERMINATED
//! (a partial unique index enforces it).

use crate::vocab::{ContractStatus, SelectionMethod};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub enterprise_id: i64,
    pub start_on: Date,
    pub end_on: Date,
    /// Service fee in fen per m² per month.
    pub fee_per_m2_month: i64,
    pub selection: SelectionMethod,
    pub status: ContractStatus,
    pub terminated_on: Option<Date>,
    pub termination_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
