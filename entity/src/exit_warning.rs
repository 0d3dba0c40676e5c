//! 退出预警 An enterprise's notice that it will not go on serving an estate (民法典 art. 947): filed on its own
//! contract at least 90 days before service ends, unless the contract agrees otherwise; acknowledged by the community.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exit_warning")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub contract_id: i64,
    /// The estate served under the contract (for the estate's list of warnings).
    pub estate_id: i64,
    /// The last day the enterprise will serve.
    pub intended_end_on: Date,
    pub reason: String,
    /// The contract itself agrees on a shorter notice (shown publicly, with what it says).
    pub contract_agrees_otherwise: bool,
    pub agreement_note: Option<String>,
    pub filed_on: Date,
    pub acknowledged_on: Option<Date>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(ExitWarning, versioned);
