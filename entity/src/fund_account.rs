//! 专项维修资金账户 The special maintenance fund of an estate (one per estate). Its balance and totals are never
//! stored: they are sums over its ledger.

use crate::vocab::FundCustodian;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub estate_id: i64,
    pub custodian: FundCustodian,
    pub bank: String,
    pub opened_on: Date,
    /// The first deposit owners made (首期交存), in fen: the yardstick of the 30% replenishment signal.
    pub initial_deposit: i64,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(FundAccount, versioned);
