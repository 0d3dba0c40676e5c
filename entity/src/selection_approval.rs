//! 协议选聘批准 The county's approval that an estate select its enterprise by agreement instead of by tender
//! (《前期物业管理招标投标管理暂行办法》art. 3): fewer than three bidders (a failed tender shows it), or a small estate
//! (its size said). A BY_AGREEMENT tender rests on one unused approval.

use crate::vocab::AgreementGround;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "selection_approval")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub ground: AgreementGround,
    pub note: String,
    /// The failed tender that showed fewer than three bidders.
    pub failed_tender_id: Option<i64>,
    pub approved_on: Date,
    /// The tender that used it.
    pub used_by_tender_id: Option<i64>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(SelectionApproval, versioned);
