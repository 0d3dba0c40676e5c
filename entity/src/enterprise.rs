//! 物业服务企业 A property-service enterprise, keyed by its unified social credit code.

use crate::vocab::EnterpriseStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enterprise")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub credit_code: String,
    pub name: String,
    pub name_sort: String,
    pub legal_representative: String,
    pub address: String,
    pub phone: Option<String>,
    pub status: EnterpriseStatus,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Enterprise, versioned);
