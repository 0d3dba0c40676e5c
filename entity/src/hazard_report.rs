//! 违法违规行为及隐患报告 A report to the town of a violation or hazard in an estate (county policy 四(四)5): by the
//! estate's committee, its community or the enterprise serving it, saying what was done to stop it. The town
//! acknowledges it, refers it to the competent department and closes it with the outcome. Staff only (it may name
//! residents); the public reads statistics.

use crate::vocab::{Department, HazardCategory, HazardReporter, HazardStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "hazard_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub reporter: HazardReporter,
    /// The enterprise that reported, when an enterprise did.
    pub reporter_enterprise_id: Option<i64>,
    pub category: HazardCategory,
    /// Where in the estate.
    pub location: String,
    /// What the reporter did to stop it.
    pub action_taken: String,
    pub description: String,
    pub reported_on: Date,
    pub status: HazardStatus,
    pub acknowledged_on: Option<Date>,
    pub referred_on: Option<Date>,
    pub department: Option<Department>,
    /// The department's own name (e.g. 濉溪县消防救援大队).
    pub department_name: Option<String>,
    pub referral_note: Option<String>,
    pub closed_on: Option<Date>,
    pub outcome: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(HazardReport, versioned);
