//! 资金记账 One movement of a maintenance fund, append-only (the database refuses to change or remove one): money
//! in is positive, money out negative; a correction is a REVERSAL of the entry it undoes.

use crate::vocab::LedgerEntryKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_ledger_entry")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub kind: LedgerEntryKind,
    /// Signed, in fen: into the fund positive, out of it negative.
    pub amount: i64,
    pub occurred_on: Date,
    /// Voucher or document number.
    pub reference: String,
    pub memo: Option<String>,
    /// What the entry belongs to, where it belongs to something.
    pub usage_id: Option<i64>,
    pub disclosure_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub reverses_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(FundLedgerEntry);
