//! 政策时限 A deadline the county policy set, with the clause that sets it: the compliance overview measures towns
//! and estates against these rows, not against dates in code.

use crate::vocab::PolicyDeadlineKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_deadline")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: PolicyDeadlineKind,
    pub due_on: Date,
    /// The clause of the policy that sets it.
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
