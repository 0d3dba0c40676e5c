//! Complaint mutations: receive (town or community), assign (town), respond (the assignee), close and reopen (town
//! or community); the county's time limits; joint meetings (the town or community convening).

use super::key;
use crate::domain::RuleViolation;
use crate::error::Error;
use crate::graphql::complaint::{Complaint, ComplaintTimeLimit};
use crate::graphql::joint_meeting::JointMeeting;
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::complaint::{ComplaintStep, NewComplaint};
use crate::service::joint_meeting::{Convener, NewMeeting};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{
    ComplaintAssignee, ComplaintCategory, ComplaintChannel, MeetingParticipantKind, RecordKind, Satisfaction,
};

/// 受理投诉 A complaint as it came in.
#[derive(InputObject)]
pub struct ReceiveComplaintInput {
    /// 渠道 How it came in.
    channel: ComplaintChannel,
    /// 工单号 The work-order number (e.g. of the 12345 hotline); wuye numbers it when there is none.
    ticket_number: Option<String>,
    /// 类别 What it is about.
    category: ComplaintCategory,
    /// 小区标识 The estate.
    estate_id: ID,
    /// 被投诉企业 The enterprise complained about (by default the one serving the estate).
    enterprise_id: Option<ID>,
    /// 投诉内容 What the complainant reports.
    summary: String,
    /// 投诉人 The complainant's name (personal data).
    complainant_name: Option<String>,
    /// 联系电话 The complainant's phone (personal data).
    complainant_phone: Option<String>,
    /// 受理时间 When it came in (now if not given; never ahead).
    received_at: Option<DateTime>,
}

/// 交办投诉 Assigning a complaint.
#[derive(InputObject)]
pub struct AssignComplaintInput {
    /// 标识 The complaint.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 承办方 Who takes it: the community, the estate's committee, or the enterprise serving the estate.
    assignee: ComplaintAssignee,
    /// 交办时间 When (now if not given; not before the step before, never ahead).
    at: Option<DateTime>,
}

/// 答复投诉 The assignee's answer.
#[derive(InputObject)]
pub struct RespondToComplaintInput {
    /// 标识 The complaint.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 答复内容 The answer.
    body: String,
    /// 答复时间 When (now if not given).
    at: Option<DateTime>,
}

/// 办结投诉 Closing a complaint.
#[derive(InputObject)]
pub struct CloseComplaintInput {
    /// 标识 The complaint.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 办理结果 The outcome.
    outcome: String,
    /// 满意度 The complainant's satisfaction with it.
    satisfaction: Satisfaction,
    /// 办结时间 When (now if not given).
    at: Option<DateTime>,
}

/// 重新办理 Reopening a closed complaint the complainant disputes.
#[derive(InputObject)]
pub struct ReopenComplaintInput {
    /// 标识 The complaint.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 What the complainant disputes.
    reason: String,
    /// 时间 When (now if not given).
    at: Option<DateTime>,
}

/// 设定办理时限 A category's time limit from a later day on.
#[derive(InputObject)]
pub struct SetComplaintTimeLimitInput {
    /// 类别 The category.
    category: ComplaintCategory,
    /// 工作日 Working days (1–60).
    working_days: i32,
    /// 生效日期 From this day (after today).
    effective_from: Date,
    /// 依据 Why this limit.
    source: String,
}

/// 参加单位 A body taking part in a joint meeting (never a private person).
#[derive(InputObject)]
pub struct MeetingParticipantInput {
    /// 类型 What kind of body.
    kind: MeetingParticipantKind,
    /// 名称 Its name.
    name: String,
}

/// 记录联席会议 A joint meeting held.
#[derive(InputObject)]
pub struct RecordJointMeetingInput {
    /// 镇代码 The town convening (give this or communityCode).
    town_code: Option<String>,
    /// 社区代码 The community convening (give this or townCode).
    community_code: Option<String>,
    /// 召开日期 When it was held.
    held_on: Date,
    /// 参加单位 The bodies taking part (at least two).
    participants: Vec<MeetingParticipantInput>,
    /// 议题 What it discussed (at least one).
    topics: Vec<String>,
    /// 决定事项 What it decided.
    #[graphql(default)]
    decisions: Vec<String>,
    /// 研究的投诉 The complaints about the convener's estates it took up.
    #[graphql(default)]
    complaint_ids: Vec<ID>,
}

payload! {
    /// 受理投诉结果 The complaint, RECEIVED.
    ReceiveComplaintPayload { complaint: Complaint }
    /// 交办结果 The complaint, ASSIGNED.
    AssignComplaintPayload { complaint: Complaint }
    /// 答复结果 The complaint, RESPONDED.
    RespondToComplaintPayload { complaint: Complaint }
    /// 办结结果 The complaint, CLOSED.
    CloseComplaintPayload { complaint: Complaint }
    /// 重新办理结果 The complaint, REOPENED.
    ReopenComplaintPayload { complaint: Complaint }
    /// 设定时限结果 The new time limit.
    SetComplaintTimeLimitPayload { time_limit: ComplaintTimeLimit }
    /// 记录联席会议结果 The meeting recorded.
    RecordJointMeetingPayload { meeting: JointMeeting }
}

#[derive(Default)]
pub struct ComplaintMutation;

impl ComplaintMutation {
    async fn step(
        ctx: &Context<'_>,
        (id, version): (&ID, i32),
        step: ComplaintStep,
        at: Option<DateTime>,
    ) -> Result<Complaint> {
        let id = key(RecordKind::Complaint, id)?;
        let at = at.map(|t| t.0);
        Ok(Complaint(service(ctx).move_complaint(viewer(ctx), (id, version), step, at).await?))
    }
}

#[Object]
impl ComplaintMutation {
    /// 受理投诉 Receive a complaint about an estate in your scope (town or community staff).
    #[graphql(guard = "StaffOnly")]
    async fn receive_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReceiveComplaintInput,
    ) -> Result<ReceiveComplaintPayload> {
        let new = NewComplaint {
            channel: input.channel,
            ticket_number: input.ticket_number,
            category: input.category,
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            enterprise_id: input.enterprise_id.map(|id| key(RecordKind::Enterprise, &id)).transpose()?,
            summary: input.summary,
            complainant_name: input.complainant_name,
            complainant_phone: input.complainant_phone,
            received_at: input.received_at.map(|t| t.0),
        };
        let complaint = service(ctx).receive_complaint(viewer(ctx), new).await?;
        Ok(ReceiveComplaintPayload { complaint: Complaint(complaint) })
    }

    /// 交办投诉 Assign a received or reopened complaint (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn assign_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: AssignComplaintInput,
    ) -> Result<AssignComplaintPayload> {
        let step = ComplaintStep::Assign { to: input.assignee };
        let complaint = Self::step(ctx, (&input.id, input.expected_version), step, input.at).await?;
        Ok(AssignComplaintPayload { complaint })
    }

    /// 答复投诉 Answer a complaint assigned to you (the assignee).
    #[graphql(guard = "StaffOnly")]
    async fn respond_to_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RespondToComplaintInput,
    ) -> Result<RespondToComplaintPayload> {
        let step = ComplaintStep::Respond { body: input.body };
        let complaint = Self::step(ctx, (&input.id, input.expected_version), step, input.at).await?;
        Ok(RespondToComplaintPayload { complaint })
    }

    /// 办结投诉 Close an answered complaint with its outcome and the complainant's satisfaction (town or
    /// community staff).
    #[graphql(guard = "StaffOnly")]
    async fn close_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CloseComplaintInput,
    ) -> Result<CloseComplaintPayload> {
        let step = ComplaintStep::Close { outcome: input.outcome, satisfaction: input.satisfaction };
        let complaint = Self::step(ctx, (&input.id, input.expected_version), step, input.at).await?;
        Ok(CloseComplaintPayload { complaint })
    }

    /// 重新办理 Reopen a closed complaint the complainant disputes (town or community staff).
    #[graphql(guard = "StaffOnly")]
    async fn reopen_complaint(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReopenComplaintInput,
    ) -> Result<ReopenComplaintPayload> {
        let step = ComplaintStep::Reopen { reason: input.reason };
        let complaint = Self::step(ctx, (&input.id, input.expected_version), step, input.at).await?;
        Ok(ReopenComplaintPayload { complaint })
    }

    /// 设定办理时限 Set a category's time limit from a later day on (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn set_complaint_time_limit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SetComplaintTimeLimitInput,
    ) -> Result<SetComplaintTimeLimitPayload> {
        let limit = service(ctx)
            .set_complaint_time_limit(
                viewer(ctx),
                input.category,
                input.working_days,
                input.effective_from.0,
                &input.source,
            )
            .await?;
        Ok(SetComplaintTimeLimitPayload { time_limit: limit.into() })
    }

    /// 记录联席会议 Record a joint meeting your town or community convened.
    #[graphql(guard = "StaffOnly")]
    async fn record_joint_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordJointMeetingInput,
    ) -> Result<RecordJointMeetingPayload> {
        let convener = match (input.town_code, input.community_code) {
            (Some(town), None) => Convener::Town(town),
            (None, Some(community)) => Convener::Community(community),
            _ => {
                let violation = RuleViolation::new(
                    "one-convener",
                    "give either townCode or communityCode",
                    "请只提供 townCode 或 communityCode 之一",
                );
                return Err(Error::bad_input("townCode", violation).into());
            }
        };
        let new = NewMeeting {
            convener,
            held_on: input.held_on.0,
            participants: input.participants.into_iter().map(|p| (p.kind, p.name)).collect(),
            topics: input.topics,
            decisions: input.decisions,
            complaint_ids: input
                .complaint_ids
                .iter()
                .map(|id| key(RecordKind::Complaint, id))
                .collect::<Result<_, _>>()?,
        };
        let meeting = service(ctx).record_joint_meeting(viewer(ctx), new).await?;
        Ok(RecordJointMeetingPayload { meeting: JointMeeting(meeting) })
    }
}
