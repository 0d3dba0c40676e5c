//! 联席会议 A joint meeting a town or community convenes with the bodies concerned, on the complaints and disputes
//! of its estates: public once recorded.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "joint_meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The town convening, or the town of the community convening.
    pub town_id: i64,
    /// The community convening, if a community did.
    pub community_id: Option<i64>,
    pub held_on: Date,
    /// The bodies taking part, a JSON array of `{ "kind": MeetingParticipantKind, "name": … }`.
    pub participants: String,
    /// JSON arrays of texts.
    pub topics: String,
    pub decisions: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

crate::record::record!(JointMeeting, versioned);
