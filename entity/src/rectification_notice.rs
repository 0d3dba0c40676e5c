//! 整改通知 A town's or the county's order to the enterprise serving an estate (or to its committee) to correct
//! what was found: issued with items, a legal basis and a deadline; reported on by the addressee; verified by the
//! issuer (PASSED, or FAILED and REOPENED with a new deadline); or withdrawn with a reason. Public from issue on.

use crate::vocab::{NoticeAddressee, NoticeOrigin, RectificationStatus, SupervisoryTier};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rectification_notice")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// wuye's number, e.g. ZG340621-2026-0007 (unique).
    pub number: String,
    pub estate_id: i64,
    /// The tier that issued it, its region code and name as they were that day.
    pub issuer: SupervisoryTier,
    pub issuer_code: String,
    pub issuer_name: String,
    pub addressee: NoticeAddressee,
    /// The enterprise addressed (serving the estate when the notice was issued), or
    pub enterprise_id: Option<i64>,
    /// the committee addressed (active when the notice was issued).
    pub committee_id: Option<i64>,
    pub origin: NoticeOrigin,
    pub inspection_id: Option<i64>,
    pub complaint_id: Option<i64>,
    pub legal_basis: String,
    pub issued_on: Date,
    /// The day by which the addressee must have corrected and reported (the latest, after a failed check).
    pub deadline: Date,
    /// When the deadline was given as working days over the county's calendar, how many.
    pub deadline_working_days: Option<i32>,
    pub status: RectificationStatus,
    /// 1, raised by each failed check.
    pub round: i32,
    /// What the addressee reports it did, and when (the latest report).
    pub report: Option<String>,
    pub reported_on: Option<Date>,
    /// The issuer's check: the day it passed, or the day of the last failed one, with its note.
    pub verified_on: Option<Date>,
    pub verification_note: Option<String>,
    pub last_failed_on: Option<Date>,
    pub withdrawn_on: Option<Date>,
    pub withdrawal_reason: Option<String>,
    /// The credit record (rule B06) proposed when it went unverified 10 working days past its deadline: once.
    pub credit_record_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(RectificationNotice, versioned);
