//! 应急管理 A period of emergency management of an estate left without service: applied for by its committee,
//! approved by the town, at most six months with its extensions; ended early when a new contract starts.

use crate::vocab::{EmergencyPlannedEnd, EmergencyProvider, EmergencyStatus, ServiceMode};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "emergency_period")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub status: EmergencyStatus,
    pub provider: EmergencyProvider,
    pub provider_enterprise_id: Option<i64>,
    /// The services provided, as sorted comma-separated five-basics codes (at least cleaning and order).
    pub services: String,
    /// Fee borne by all owners, in fen per m² of private area per month.
    pub fee_per_m2_month: i64,
    pub start_on: Date,
    /// The last day, extensions included.
    pub end_on: Date,
    /// The first day of the vacancy the period belongs to: the start of the first of the back-to-back periods
    /// since the estate was last served otherwise (county policy 五(四) limits the whole vacancy to six months).
    /// Null on periods recorded before vacancies were: they began their own.
    pub vacancy_start_on: Option<Date>,
    pub applied_on: Date,
    pub approved_on: Option<Date>,
    pub ended_on: Option<Date>,
    /// Why it was rejected or ended.
    pub reason: Option<String>,
    /// How the estate was served before, restored when the period ends.
    pub previous_service_mode: ServiceMode,
    /// The five-basics services the estate had before, restored with its mode.
    pub previous_five_basics: String,
    /// The temporary management plan the town approved it with (county policy 五(四)): each party's part, how the
    /// fee is collected, how the vacancy is meant to end. Null before approval, and on periods approved before plans
    /// were recorded.
    pub plan_town_role: Option<String>,
    pub plan_community_role: Option<String>,
    pub plan_committee_role: Option<String>,
    pub plan_provider_role: Option<String>,
    pub plan_fee_collection: Option<String>,
    pub plan_planned_end: Option<EmergencyPlannedEnd>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The first day of the period's vacancy (its own start where none was recorded).
    pub fn vacancy_start(&self) -> Date {
        self.vacancy_start_on.unwrap_or(self.start_on)
    }
}

crate::record::record!(EmergencyPeriod, versioned);
