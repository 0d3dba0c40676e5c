//! 专项维修资金使用 An application to use an estate's maintenance fund: drafted by the enterprise serving the estate
//! or by its committee, voted by the owners (unless urgent), reviewed by the town, approved and disbursed by the
//! county, and publicized with its actual cost. The vote carries its own denominators: the private area and the
//! owners within the usage's scope.

use crate::vocab::{FundUsageStatus, UsageCategory};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_usage")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub title: String,
    pub category: UsageCategory,
    /// What the cost is charged to (列支范围), e.g. buildings 3 and 4.
    pub scope: String,
    /// In fen.
    pub budget: i64,
    pub is_emergency: bool,
    pub emergency_reason: Option<String>,
    /// The enterprise that applied; none when the committee did.
    pub enterprise_id: Option<i64>,
    pub status: FundUsageStatus,
    /// Private area (hundredths of m²) and owners within the scope, as counted for the vote.
    pub scope_area: Option<i64>,
    pub scope_owners: Option<i32>,
    pub participating_area: Option<i64>,
    pub participating_owners: Option<i32>,
    pub aye_area: Option<i64>,
    pub aye_owners: Option<i32>,
    pub vote_opened_on: Option<Date>,
    pub voted_on: Option<Date>,
    pub submitted_on: Option<Date>,
    pub reviewed_on: Option<Date>,
    pub approved_on: Option<Date>,
    /// Amount paid out, in fen.
    pub disbursed: Option<i64>,
    pub disbursed_on: Option<Date>,
    pub actual_cost: Option<i64>,
    /// Reference of the price audit (审价).
    pub audit_reference: Option<String>,
    pub publicized_on: Option<Date>,
    pub rejection_reason: Option<String>,
    pub closed_on: Option<Date>,
    /// The adopted resolution of the owners' assembly that approved it, where one is cited.
    pub resolution_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(FundUsage, versioned);
