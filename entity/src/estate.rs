//! 小区 A residential estate. Its code is assigned by wuye on creation and never reused.

use crate::vocab::{HousingType, ServiceMode};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "estate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub community_id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    pub name_sort: String,
    pub address: String,
    /// GCJ-02 latitude in millionths of a degree.
    pub latitude_e6: Option<i32>,
    /// GCJ-02 longitude in millionths of a degree.
    pub longitude_e6: Option<i32>,
    pub housing_type: HousingType,
    pub service_mode: ServiceMode,
    /// The five-basics services provided, as sorted comma-separated codes (see `vocab::join_codes`).
    pub five_basics: String,
    pub buildings: i32,
    pub households: i32,
    pub occupied_households: i32,
    /// Total private floor area in hundredths of m².
    pub private_area: i64,
    /// Management-room area (物业管理用房) in hundredths of m².
    pub management_room_area: i64,
    pub completed_year: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Estate, versioned);
