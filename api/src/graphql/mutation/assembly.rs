//! Owners' assembly mutations: the town forms a preparatory group and records the first meeting; whoever acts for
//! the owners records later meetings; the town orders corrections and revokes resolutions; the owners' side reports
//! a correction and the town accepts it or revokes the decision.

use super::key;
use crate::graphql::assembly::{AssemblyMeeting, CorrectionOrder, PreparatoryGroup};
use crate::graphql::scalars::{Area, Date};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::assembly::{
    CorrectionStep, CorrectionTarget, NewCorrectionOrder, NewMeeting, NewPreparatoryGroup, NewPreparatoryMember,
    NewResolution,
};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{AssemblyForm, AssemblyMatter, PreparatoryMemberKind, RecordKind};

/// 筹备组成员 A member of a preparatory group.
#[derive(InputObject)]
pub struct PreparatoryMemberInput {
    /// 姓名 Name (public).
    name: String,
    /// 类别 Whom the member stands for.
    kind: PreparatoryMemberKind,
    /// 组长 Chairs the group (exactly one, from the town).
    #[graphql(default)]
    is_chair: bool,
}

/// 成立筹备组 A preparatory group of an estate's first assembly meeting (owners' representatives at least half;
/// chaired by the town).
#[derive(InputObject)]
pub struct FormPreparatoryGroupInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 成立日期 Day it was formed; today if not given.
    formed_on: Option<Date>,
    /// 成员 Its members.
    members: Vec<PreparatoryMemberInput>,
}

/// 决定 One matter voted on, with the vote's figures (never an owner's own vote).
#[derive(InputObject)]
pub struct ResolutionInput {
    /// 事项 The matter (民法典 art. 278 (1)–(9), or another).
    matter: AssemblyMatter,
    /// 内容 The text put to the vote.
    text: String,
    /// 参与表决面积 Private area of the owners who took part.
    participating_area: Area,
    /// 参与表决人数 Owners who took part.
    participating_owners: i64,
    /// 同意面积 Private area of the owners who agreed.
    aye_area: Area,
    /// 同意人数 Owners who agreed.
    aye_owners: i64,
}

/// 记录业主大会会议 A meeting of an estate's owners' assembly and its resolutions; each outcome follows from the
/// figures by art. 278.
#[derive(InputObject)]
pub struct RecordAssemblyMeetingInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 筹备组 For the first meeting: the preparatory group that prepared it (the town records it).
    preparatory_group_id: Option<ID>,
    /// 会议日期 Day it was held (or the written consultation closed).
    held_on: Date,
    /// 会议形式 A meeting or a written consultation.
    form: AssemblyForm,
    /// 专有部分总面积 The estate's private area: the denominator of participation by area.
    total_area: Area,
    /// 业主总人数 The estate's owners: the denominator of participation by head.
    total_owners: i64,
    /// 决定 Its resolutions (1 to 50), in the order of the agenda.
    resolutions: Vec<ResolutionInput>,
}

/// 责令限期改正 An order to correct an unlawful decision by a deadline, with a notice to all owners. Give the
/// resolution, or the committee and its decision.
#[derive(InputObject)]
pub struct IssueCorrectionOrderInput {
    /// 决定标识 The resolution it is against.
    resolution_id: Option<ID>,
    /// 委员会标识 The committee whose decision it is against.
    committee_id: Option<ID>,
    /// 委员会决定 The committee's decision, as the town describes it.
    decision: Option<String>,
    /// 违反的法律法规 The law the decision breaks.
    law: String,
    /// 改正期限 The day by which to correct.
    deadline: Date,
    /// 业主通告 The notice to all owners.
    notice: String,
    /// 下达日期 Day of issue; today if not given.
    issued_on: Option<Date>,
}

/// 撤销决定 Revoking an adopted resolution outright, with a notice to all owners.
#[derive(InputObject)]
pub struct RevokeResolutionInput {
    /// 决定标识 The resolution.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 违反的法律法规 The law it breaks.
    law: String,
    /// 业主通告 The notice to all owners.
    notice: String,
    /// 撤销日期 Day of the revocation; today if not given.
    revoked_on: Option<Date>,
}

/// 报告改正情况 How the decision was corrected.
#[derive(InputObject)]
pub struct ReportCorrectionInput {
    /// 责令改正标识 The order.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 改正情况 What was done.
    report: String,
    /// 报告日期 Day of the report; today if not given.
    on: Option<Date>,
}

/// 确认改正 Accepting a reported correction.
#[derive(InputObject)]
pub struct AcceptCorrectionInput {
    /// 责令改正标识 The order.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 意见 The town's note.
    note: Option<String>,
    /// 确认日期 Day of acceptance; today if not given.
    on: Option<Date>,
}

/// 予以撤销 Revoking a decision under an order, with a notice to all owners.
#[derive(InputObject)]
pub struct RevokeDecisionInput {
    /// 责令改正标识 The order.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 业主通告 The notice to all owners of the revocation.
    notice: String,
    /// 撤销日期 Day of the revocation; today if not given.
    on: Option<Date>,
}

payload! {
    /// 成立筹备组结果 The preparatory group formed.
    FormPreparatoryGroupPayload { group: PreparatoryGroup }
    /// 记录业主大会会议结果 The meeting recorded, with its resolutions.
    RecordAssemblyMeetingPayload { meeting: AssemblyMeeting }
    /// 责令改正结果 The order issued.
    IssueCorrectionOrderPayload { order: CorrectionOrder }
    /// 撤销决定结果 The order of revocation (its resolution is revoked).
    RevokeResolutionPayload { order: CorrectionOrder }
    /// 报告改正情况结果 The order, reported on.
    ReportCorrectionPayload { order: CorrectionOrder }
    /// 确认改正结果 The order, its correction accepted.
    AcceptCorrectionPayload { order: CorrectionOrder }
    /// 予以撤销结果 The order, its decision revoked.
    RevokeDecisionPayload { order: CorrectionOrder }
}

#[derive(Default)]
pub struct AssemblyMutation;

impl AssemblyMutation {
    /// Moves an order on by one step.
    async fn step(
        ctx: &Context<'_>,
        (id, expected_version): (&ID, i32),
        step: CorrectionStep,
        on: Option<Date>,
    ) -> Result<CorrectionOrder> {
        let id = key(RecordKind::CorrectionOrder, id)?;
        let order =
            service(ctx).move_correction_order(viewer(ctx), (id, expected_version), step, on.map(|d| d.0)).await?;
        Ok(CorrectionOrder(order))
    }
}

#[Object]
impl AssemblyMutation {
    /// 成立筹备组 Form the preparatory group of an estate's first assembly meeting (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn form_preparatory_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FormPreparatoryGroupInput,
    ) -> Result<FormPreparatoryGroupPayload> {
        let new = NewPreparatoryGroup {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            formed_on: input.formed_on.map(|d| d.0),
            members: input
                .members
                .into_iter()
                .map(|m| NewPreparatoryMember { name: m.name, kind: m.kind, is_chair: m.is_chair })
                .collect(),
        };
        let group = service(ctx).form_preparatory_group(viewer(ctx), new).await?;
        Ok(FormPreparatoryGroupPayload { group: PreparatoryGroup(group) })
    }

    /// 记录业主大会会议 Record an assembly meeting and its resolutions: the first by the town, with its preparatory
    /// group; later ones by the committee, or the community where none works.
    #[graphql(guard = "StaffOnly")]
    async fn record_assembly_meeting(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordAssemblyMeetingInput,
    ) -> Result<RecordAssemblyMeetingPayload> {
        let group = input.preparatory_group_id.map(|id| key(RecordKind::PreparatoryGroup, &id)).transpose()?;
        let new = NewMeeting {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            preparatory_group_id: group,
            held_on: input.held_on.0,
            form: input.form,
            totals: (input.total_area.0, input.total_owners),
            resolutions: input
                .resolutions
                .into_iter()
                .map(|r| NewResolution {
                    matter: r.matter,
                    text: r.text,
                    participating: (r.participating_area.0, r.participating_owners),
                    ayes: (r.aye_area.0, r.aye_owners),
                })
                .collect(),
        };
        let meeting = service(ctx).record_assembly_meeting(viewer(ctx), new).await?;
        Ok(RecordAssemblyMeetingPayload { meeting: AssemblyMeeting(meeting) })
    }

    /// 责令限期改正 Order a resolution or a committee's decision corrected by a deadline, telling all owners (town
    /// staff).
    #[graphql(guard = "StaffOnly")]
    async fn issue_correction_order(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: IssueCorrectionOrderInput,
    ) -> Result<IssueCorrectionOrderPayload> {
        let target = match (input.resolution_id, input.committee_id) {
            (Some(id), None) if input.decision.is_none() => {
                CorrectionTarget::Resolution(key(RecordKind::Resolution, &id)?)
            }
            (None, Some(id)) => CorrectionTarget::CommitteeDecision {
                committee_id: key(RecordKind::Committee, &id)?,
                decision: input.decision.unwrap_or_default(),
            },
            _ => {
                let message = "give the resolution, or the committee and its decision";
                let zh = "请填写所针对的业主大会决定，或委员会及其决定（二者选一）";
                let invalid = crate::domain::InvalidField::new("resolutionId", "one-target", message, zh);
                return Err(crate::error::Error::from(invalid).into());
            }
        };
        let new = NewCorrectionOrder {
            target,
            law: input.law,
            deadline: input.deadline.0,
            notice: input.notice,
            issued_on: input.issued_on.map(|d| d.0),
        };
        let order = service(ctx).issue_correction_order(viewer(ctx), new).await?;
        Ok(IssueCorrectionOrderPayload { order: CorrectionOrder(order) })
    }

    /// 撤销决定 Revoke an adopted resolution outright, telling all owners (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn revoke_resolution(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RevokeResolutionInput,
    ) -> Result<RevokeResolutionPayload> {
        let id = (key(RecordKind::Resolution, &input.id)?, input.expected_version);
        let words = (input.law.as_str(), input.notice.as_str());
        let order = service(ctx).revoke_resolution(viewer(ctx), id, words, input.revoked_on.map(|d| d.0)).await?;
        Ok(RevokeResolutionPayload { order: CorrectionOrder(order) })
    }

    /// 报告改正情况 Report how a decision was corrected (the committee, or the community acting for it).
    #[graphql(guard = "StaffOnly")]
    async fn report_correction(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReportCorrectionInput,
    ) -> Result<ReportCorrectionPayload> {
        let step = CorrectionStep::Report { report: input.report };
        Ok(ReportCorrectionPayload {
            order: Self::step(ctx, (&input.id, input.expected_version), step, input.on).await?,
        })
    }

    /// 确认改正 Accept a reported correction (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn accept_correction(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: AcceptCorrectionInput,
    ) -> Result<AcceptCorrectionPayload> {
        let step = CorrectionStep::Accept { note: input.note };
        Ok(AcceptCorrectionPayload {
            order: Self::step(ctx, (&input.id, input.expected_version), step, input.on).await?,
        })
    }

    /// 予以撤销 Revoke the decision an order is against, telling all owners (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn revoke_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RevokeDecisionInput,
    ) -> Result<RevokeDecisionPayload> {
        let step = CorrectionStep::Revoke { notice: input.notice };
        Ok(RevokeDecisionPayload { order: Self::step(ctx, (&input.id, input.expected_version), step, input.on).await? })
    }
}
