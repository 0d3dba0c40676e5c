//! 招标 A tender for an estate's property services (county policy 四(一)8, 四(二)11; 《物业管理条例》art. 24): announced
//! by the town (or the owners' committee with the town's consent), bids sealed until the opening, evaluated,
//! its first candidate publicised, awarded, and ending in the contract signed on the award.

use crate::vocab::{TenderKind, TenderMethod, TenderRunner, TenderStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tender")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// wuye's number, e.g. ZB340621-2026-0002 (unique).
    pub number: String,
    pub estate_id: i64,
    pub kind: TenderKind,
    pub method: TenderMethod,
    pub run_by: TenderRunner,
    /// For a tender the committee runs: the day and reference of the town's consent.
    pub town_consent_on: Option<Date>,
    pub town_consent_reference: Option<String>,
    pub service_scope: String,
    /// The highest fee a bid may offer, fen per m² per month.
    pub ceiling_fee: i64,
    pub documents_issued_on: Date,
    pub bid_deadline: Date,
    /// The day set for the opening.
    pub opening_on: Date,
    pub status: TenderStatus,
    /// The county's approval a BY_AGREEMENT tender rests on.
    pub approval_id: Option<i64>,
    /// The day the bids were opened.
    pub opened_on: Option<Date>,
    pub failed_on: Option<Date>,
    pub failure_reason: Option<String>,
    /// The community's opinion (public).
    pub opinion: Option<String>,
    pub opinion_on: Option<Date>,
    pub evaluated_on: Option<Date>,
    /// The evaluation panel's names (staff only).
    pub panel: Option<String>,
    /// The first-ranked bid, once publicised; the winner once awarded.
    pub candidate_bid_id: Option<i64>,
    pub publicized_on: Option<Date>,
    pub awarded_on: Option<Date>,
    pub contract_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Tender, versioned);
