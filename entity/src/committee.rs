//! 物业管理委员会 / 业主委员会 An estate committee. At most one per estate is ACTIVE (a partial unique index).
//! `term_end` is the last day of its term (`termEndsOn`).

use crate::vocab::{CommitteeKind, CommitteeStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub kind: CommitteeKind,
    pub status: CommitteeStatus,
    pub formed_on: Date,
    pub term_end: Option<Date>,
    /// Owners' committees: the day the owners' assembly elected it (filing is due within 30 days).
    pub elected_on: Option<Date>,
    /// Owners' committees: the day it was filed (备案) with the town.
    pub filed_on: Option<Date>,
    pub dissolved_on: Option<Date>,
    pub dissolution_reason: Option<String>,
    /// Owners' committees filed from an election: the resolution that elected it.
    pub resolution_id: Option<i64>,
    /// The day the town found it does not work (county policy 四(三)9), while it does not; the community acts for it.
    pub not_functioning_since: Option<Date>,
    pub not_functioning_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Committee, versioned);
