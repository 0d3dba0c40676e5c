//! A member of a committee. Only the name and position are public; the rest is staff-only (README, "The API in brief").

use crate::vocab::{MemberAffiliation, MemberPosition};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "committee_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub committee_id: i64,
    /// Order of the member in the committee's list (chair first).
    pub seat: i32,
    pub name: String,
    pub position: MemberPosition,
    pub affiliation: MemberAffiliation,
    pub is_owner_representative: bool,
    pub is_party_member: bool,
    /// Priority tags (两代表一委员、三老) as sorted comma-separated codes.
    pub tags: String,
    pub phone: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
