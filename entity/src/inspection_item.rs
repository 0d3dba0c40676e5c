//! 检查项 One item of an inspection's checklist (part of the inspection). A finding marked not public (e.g. a
//! security weakness) is for staff over the estate only: the public never reads the item at all.

use crate::vocab::InspectionResult;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub inspection_id: i64,
    /// 1, 2, … in the order the checklist lists them.
    pub position: i32,
    pub item: String,
    pub result: InspectionResult,
    pub note: Option<String>,
    pub is_public: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
