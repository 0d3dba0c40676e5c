//! 投标 An enterprise's bid in a tender: sealed until the opening (nobody reads its content before), then public
//! with its score and rank once evaluated.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bid")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub enterprise_id: i64,
    /// The fee offered, fen per m² per month.
    pub fee: i64,
    /// The service promised, as text.
    pub promises: String,
    pub team_size: i32,
    pub submitted_on: Date,
    /// The evaluation's score in hundredths (0–10000), and the rank it gives (ties share one).
    pub score: Option<i64>,
    pub rank: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Bid, versioned);
