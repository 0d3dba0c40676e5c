//! A member of a committee. Only the name and position are public; the rest is staff-only (README, "The API in brief").

use crate::vocab::{MemberAffiliation, MemberChangeGround, MemberPosition};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub committee_id: i64,
    /// The member's seat number: the order the members were entered in (chair first when formed), never reused.
    pub seat: i32,
    pub name: String,
    pub position: MemberPosition,
    pub affiliation: MemberAffiliation,
    pub is_owner_representative: bool,
    pub is_party_member: bool,
    /// Priority tags (两代表一委员、三老) as sorted comma-separated codes.
    pub tags: String,
    pub phone: Option<String>,
    /// The first day on the committee (the column is nullable only because it came later; every row has it).
    pub joined_on: Date,
    /// Why the member joined after the committee was formed (ELECTED, APPOINTED), and the resolution that elected.
    pub joined_ground: Option<MemberChangeGround>,
    pub joined_resolution_id: Option<i64>,
    /// The day the member left (no longer on the committee that day), why, and the resolution that removed.
    pub left_on: Option<Date>,
    pub left_ground: Option<MemberChangeGround>,
    pub left_resolution_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
