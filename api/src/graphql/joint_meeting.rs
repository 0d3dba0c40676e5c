//! 联席会议 Joint meetings, public once recorded: who convened, when, which bodies took part, the topics and the
//! decisions, and how many complaints they took up (the complaints themselves only for staff who may read them).

use super::complaint::{Complaint, sees_complaint};
use super::db;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::record::record_object;
use super::region::{Community, Town};
use super::scalars::{Date, DateTime};
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use entity::vocab::MeetingParticipantKind;
use entity::{community, complaint, joint_meeting, town};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use wuye_macros::columns;

record_object!(
    /// 联席会议 A joint meeting a town or community convened.
    JointMeeting(joint_meeting::Model)
);

/// 参加单位 A body that took part.
#[derive(SimpleObject, Deserialize)]
pub struct MeetingParticipant {
    /// 类型 What kind of body.
    kind: MeetingParticipantKind,
    /// 名称 Its name.
    name: String,
}

fn texts(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// 联席会议 A joint meeting a town or community convened.
#[columns]
#[Object]
impl JointMeeting {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 镇 The town convening, or the town of the community convening.
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        Ok(loaders(ctx).one::<town::Entity>(self.0.town_id).await?.map(Town))
    }
    /// 社区 The community convening, if a community did.
    async fn community(&self, ctx: &Context<'_>) -> Result<Option<Community>> {
        let Some(id) = self.0.community_id else { return Ok(None) };
        Ok(loaders(ctx).one::<community::Entity>(id).await?.map(Community))
    }
    /// 召开日期 When it was held.
    async fn held_on(&self) -> Date;
    /// 参加单位 The bodies that took part.
    async fn participants(&self) -> Vec<MeetingParticipant> {
        serde_json::from_str(&self.0.participants).unwrap_or_default()
    }
    /// 议题 What it discussed.
    async fn topics(&self) -> Vec<String> {
        texts(&self.0.topics)
    }
    /// 决定事项 What it decided.
    async fn decisions(&self) -> Vec<String> {
        texts(&self.0.decisions)
    }
    /// 研究投诉数 How many complaints it took up.
    async fn complaints_taken_up(&self, ctx: &Context<'_>) -> Result<u64> {
        Ok(loaders(ctx).complaints_of_meeting.load_one(self.0.id).await?.map_or(0, |c| c.len() as u64))
    }
    /// 研究的投诉 The complaints it took up that the viewer may read (none for the public).
    async fn complaints(&self, ctx: &Context<'_>) -> Result<Vec<Complaint>> {
        let loaders = loaders(ctx);
        let links = loaders.complaints_of_meeting.load_one(self.0.id).await?.unwrap_or_default();
        let complaints = loaders.many::<complaint::Entity>(links.iter().map(|l| l.complaint_id)).await?;
        let mut seen = Vec::new();
        for link in links {
            if let Some(c) = complaints.get(&link.complaint_id)
                && sees_complaint(ctx, c).await?
            {
                seen.push(Complaint(c.clone()));
            }
        }
        Ok(seen)
    }
    /// 版本 Version.
    async fn version(&self) -> i32;
    /// 记录时间 When it was recorded.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// The public's list of joint meetings.
#[derive(Default)]
pub struct JointMeetingQuery;

#[Object]
impl JointMeetingQuery {
    /// 联席会议 Joint meetings, the latest recorded first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn joint_meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "镇代码 Only those convened in this town (by it or one of its communities)")]
        town_code: Option<String>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
    ) -> Result<Page<JointMeeting>> {
        let mut query = joint_meeting::Entity::find();
        if let Some(code) = town_code {
            let towns = super::pagination::select_where::<town::Entity>(town::Column::Id, town::Column::Code.eq(code));
            query = query.filter(joint_meeting::Column::TownId.in_subquery(towns));
        }
        let ordering = Ordering::by_id(joint_meeting::Column::Id, OrderDirection::Desc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }
}
