//! 信用记录 One entry of an enterprise's credit archive: proposed by a town or community (or by an assessment
//! round), confirmed, rejected or revoked by the county. Confirmation copies the rule's kind, points and validity
//! onto the record; `expires_on` follows from them and the day of the event, so a record stops counting by itself.

use crate::vocab::{CreditRecordSource, CreditRecordStatus, CreditRuleKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enterprise_id: i64,
    pub rule_id: i64,
    /// The estate where it happened, if any.
    pub estate_id: Option<i64>,
    /// Where the record was collected: the county, and the town and community of the estate concerned (none for a
    /// county-level assessment's proposal).
    pub county_code: String,
    pub town_code: Option<String>,
    pub community_code: Option<String>,
    pub facts: String,
    /// Reference to the evidence (document number, file), not the evidence itself.
    pub evidence: String,
    /// The day of the event or decision the record is about.
    pub occurred_on: Date,
    pub source: CreditRecordSource,
    pub assessment_round_id: Option<i64>,
    /// PROPOSED, CONFIRMED, REJECTED or REVOKED; EXPIRED is never stored.
    pub status: CreditRecordStatus,
    /// Copied from the rule on confirmation.
    pub kind: Option<CreditRuleKind>,
    pub points: Option<i32>,
    pub validity_months: Option<i32>,
    /// The last day the record counts (occurred_on + validity), set on confirmation.
    pub expires_on: Option<Date>,
    pub proposed_on: Date,
    pub confirmed_on: Option<Date>,
    pub rejected_on: Option<Date>,
    pub revoked_on: Option<Date>,
    /// Why it was rejected or revoked.
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(CreditRecord, versioned);
