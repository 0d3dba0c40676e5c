//! 业主大会决定 One matter an assembly meeting voted on: the vote's figures (never an owner's own vote) and the
//! outcome art. 278 gives them. An adopted resolution the town revokes (county policy 四(二)6) stays, as revoked.

use crate::vocab::{AssemblyMatter, ResolutionOutcome};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resolution")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub meeting_id: i64,
    /// Its place on the meeting's agenda, from 1.
    pub item: i32,
    pub matter: AssemblyMatter,
    pub text: String,
    pub participating_area: i64,
    pub participating_owners: i64,
    pub aye_area: i64,
    pub aye_owners: i64,
    pub outcome: ResolutionOutcome,
    pub revoked_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Resolution, versioned);
