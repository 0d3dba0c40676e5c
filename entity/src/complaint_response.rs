//! 投诉答复 One answer of an assignee to a complaint (append-only: a reopened complaint is answered anew).

use crate::vocab::ComplaintAssignee;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    /// Who answered: the assignee at the time.
    pub assignee: ComplaintAssignee,
    pub body: String,
    pub responded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
