//! 考核评比 An assessment round: the county (or a town, of its own subjects) rates enterprises, estates or service
//! centres for a period, drafts the results and publishes them; a published round never changes.

use crate::vocab::{AssessmentLevel, AssessmentStatus, AssessmentSubjectKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_round")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub period_start: Date,
    pub period_end: Date,
    pub level: AssessmentLevel,
    pub county_id: i64,
    /// The town that runs a TOWN-level round.
    pub town_id: Option<i64>,
    pub subject_kind: AssessmentSubjectKind,
    pub status: AssessmentStatus,
    pub published_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(AssessmentRound, versioned);
