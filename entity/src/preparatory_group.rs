//! 首次业主大会会议筹备组 The group the town forms to prepare an estate's first owners' assembly: owners'
//! representatives (at least half), the developer, the town (which chairs it) and the community
//! (《业主大会和业主委员会指导规则》; county policy 四(二)2). Its members are public, as the rules have them announced.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "preparatory_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub formed_on: Date,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(PreparatoryGroup, versioned);
