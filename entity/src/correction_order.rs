//! 责令改正 A town's order against an unlawful decision of an owners' assembly (a resolution) or committee: correct
//! it by a deadline, or revoked outright (county policy 四(二)6). Either comes with a notice to all owners; an order
//! that ends in revocation gives a second one (`closing_note`).

use crate::vocab::{CorrectionKind, CorrectionStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "correction_order")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub estate_id: i64,
    pub kind: CorrectionKind,
    /// The resolution it is against, or
    pub resolution_id: Option<i64>,
    /// the committee whose decision (`decision`, as the town describes it) it is against.
    pub committee_id: Option<i64>,
    pub decision: Option<String>,
    /// The law the decision breaks.
    pub law: String,
    /// CORRECT: the day by which to correct.
    pub deadline: Option<Date>,
    /// The notice to all owners, given on `issued_on`.
    pub notice: String,
    pub issued_on: Date,
    pub status: CorrectionStatus,
    pub reported_on: Option<Date>,
    pub report: Option<String>,
    /// The day the town accepted the correction or revoked the decision.
    pub closed_on: Option<Date>,
    /// The town's note on accepting, or the notice to all owners of the revocation.
    pub closing_note: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(CorrectionOrder, versioned);
