//! A member of a preparatory group: a name, whom the member stands for, and whether the member chairs the group.

use crate::vocab::PreparatoryMemberKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "preparatory_group_member")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    /// Order in the group's list (the chair first).
    pub seat: i32,
    pub name: String,
    pub kind: PreparatoryMemberKind,
    pub is_chair: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
