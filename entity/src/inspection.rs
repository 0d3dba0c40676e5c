//! 巡查、安全检查 An inspection of an estate by the community, the town or the county (county policy 四(三)6,
//! 四(二)10): the day, the kind, the body that inspected (never the person) and a checklist of items.

use crate::vocab::{InspectionKind, SupervisoryTier};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub inspected_on: Date,
    pub kind: InspectionKind,
    /// The tier of the body that inspected, its region code and its name as it was that day.
    pub body: SupervisoryTier,
    pub body_code: String,
    pub body_name: String,
    /// A public summary, if any.
    pub summary: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Inspection, versioned);
