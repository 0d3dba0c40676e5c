//! 公共收益公示 One part of a quarter's public-income account of an estate: the part served under one contract
//! (disclosed by its enterprise), or the whole quarter disclosed by the committee where no enterprise served. Its
//! items are `disclosure_item` rows; every total and balance is computed from them and the previous period.

use crate::vocab::{DisclosureStatus, DisclosureSubmitter};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "public_income_disclosure")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub year: i32,
    /// 1 to 4.
    pub quarter: i32,
    /// The part of the quarter it covers.
    pub period_start: Date,
    pub period_end: Date,
    pub submitter: DisclosureSubmitter,
    /// The contract whose part of the quarter it is (an enterprise's disclosure).
    pub contract_id: Option<i64>,
    /// The committee that discloses where no enterprise served.
    pub committee_id: Option<i64>,
    /// Which part of the quarter: the contract's id, or 0 for the committee's; with the estate and the quarter, it
    /// names the period (one original disclosure per period).
    pub part_key: i64,
    pub status: DisclosureStatus,
    /// Amount transferred to the maintenance fund, in fen.
    pub transferred_to_fund: i64,
    /// Amount otherwise used by the owners' decision, in fen, and what for.
    pub other_use: i64,
    pub other_use_note: Option<String>,
    pub submitted_on: Option<Date>,
    pub published_on: Option<Date>,
    pub return_reason: Option<String>,
    /// The published disclosure this one corrects, and why.
    pub supersedes_id: Option<i64>,
    pub correction_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(PublicIncomeDisclosure, versioned);
