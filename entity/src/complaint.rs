//! 投诉 A complaint about an estate, from the 12345 hotline or another channel: received by a town or community,
//! assigned by the town, answered by the assignee, closed with an outcome, reopened when the complainant disputes
//! it. Its text and the complainant are for staff in jurisdiction only; the public sees statistics.

use crate::vocab::{ComplaintAssignee, ComplaintCategory, ComplaintChannel, ComplaintStatus, Satisfaction};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub channel: ComplaintChannel,
    /// The work-order number (unique per channel); wuye numbers complaints that came without one.
    pub ticket_number: String,
    pub category: ComplaintCategory,
    pub estate_id: i64,
    /// The enterprise complained about, if any.
    pub enterprise_id: Option<i64>,
    /// What the complainant reports (staff only).
    pub summary: String,
    /// Personal data: staff in jurisdiction only, never in the audit log but as a digest.
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    pub received_at: DateTimeUtc,
    pub status: ComplaintStatus,
    pub assignee: Option<ComplaintAssignee>,
    pub assigned_at: Option<DateTimeUtc>,
    pub responded_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub outcome: Option<String>,
    pub satisfaction: Option<Satisfaction>,
    pub reopen_count: i32,
    pub reopened_at: Option<DateTimeUtc>,
    pub reopen_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(Complaint, versioned);
