//! 查处案件 The county's case against an enterprise (county policy 四(一)2): opened on the facts with the legal basis
//! and where it came from, decided (no violation, a warning, a fine, an order to correct, the qualification revoked)
//! with the decision document's number and day, and published. Staff only until published; an administrative
//! penalty is published within 7 working days of the decision (双公示).

use crate::vocab::{CaseDecision, CaseOrigin, CaseStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enforcement_case")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// wuye's number, e.g. CC340621-2026-0003 (unique).
    pub number: String,
    pub enterprise_id: i64,
    pub facts: String,
    pub legal_basis: String,
    pub origin: CaseOrigin,
    pub notice_id: Option<i64>,
    pub hazard_report_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub opened_on: Date,
    pub status: CaseStatus,
    pub decision: Option<CaseDecision>,
    /// The fine in fen, for a FINE.
    pub fine: Option<i64>,
    pub decision_number: Option<String>,
    pub decided_on: Option<Date>,
    /// What the decision says, as published.
    pub decision_summary: Option<String>,
    pub published_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(EnforcementCase, versioned);
