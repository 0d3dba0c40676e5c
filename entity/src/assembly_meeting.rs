//! 业主大会会议 A meeting of an estate's owners' assembly (a meeting or a written consultation), with the vote's
//! denominators: the estate's private area (hundredths of m²) and its owners. Its resolutions are rows of
//! `resolution`. Recorded once, as held.

use crate::vocab::{AssemblyConvener, AssemblyForm};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assembly_meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub convened_by: AssemblyConvener,
    /// The first meeting: the group that prepared it.
    pub preparatory_group_id: Option<i64>,
    /// A later meeting convened by the estate's committee.
    pub committee_id: Option<i64>,
    pub held_on: Date,
    pub form: AssemblyForm,
    pub total_area: i64,
    pub total_owners: i64,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(AssemblyMeeting, versioned);
