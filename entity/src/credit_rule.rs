//! 信用规则 A rule of the credit archive: what conduct it records, how many points, for how long. The county edits
//! and retires rules; a retired rule keeps its records, and a record keeps the points and validity it was confirmed
//! with.

use crate::vocab::{CreditRuleKind, CreditRuleStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_rule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Stable code, e.g. `G01`.
    #[sea_orm(unique)]
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: CreditRuleKind,
    /// Points the rule gives (GOOD) or takes (BAD), as a magnitude; 0 for a VETO.
    pub points: i32,
    /// Months a confirmed record counts after the day of the event.
    pub validity_months: i32,
    pub legal_basis: String,
    pub status: CreditRuleStatus,
    pub retired_on: Option<Date>,
    pub retirement_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(CreditRule, versioned);
