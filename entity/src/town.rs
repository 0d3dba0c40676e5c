//! 镇/园区/街道 A town-level unit with its property service centre (物业服务中心).

use crate::vocab::TownKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "town")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub county_id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub name_sort: String,
    pub kind: TownKind,
    pub service_center_established_on: Option<Date>,
    pub service_center_leader: Option<String>,
    pub service_center_staff_count: Option<i32>,
    pub service_center_phone: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Town, versioned);
