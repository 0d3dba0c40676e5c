//! 物业服务合同 A service contract between an estate and an enterprise. At most one per estate is open, i.e. not
//! TERMINATED (a partial unique index enforces it).

use crate::vocab::{ContractStatus, SelectionMethod};
use sea_orm::Iterable;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::SimpleExpr;

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
    /// The tender whose award it was signed on, for contracts made from one.
    pub tender_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(ServiceContract, versioned);

impl ContractStatus {
    /// Whether a contract in this status is open: its enterprise still serves the estate (ACTIVE, or EXIT_WARNED
    /// while it works out its notice). Only TERMINATED ends service.
    pub fn is_open(self) -> bool {
        self != ContractStatus::Terminated
    }
}

impl Model {
    /// Whether the enterprise still serves the estate under this contract (see [`ContractStatus::is_open`]).
    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }
}

/// The SQL condition "the contract is open", built from [`ContractStatus::is_open`] so the two never disagree.
pub fn is_open() -> SimpleExpr {
    Column::Status.is_in(ContractStatus::iter().filter(|status| status.is_open()))
}
