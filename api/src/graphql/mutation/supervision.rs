//! Supervision: inspections (community, town or county staff record them) and rectification notices (a town or the
//! county issues, checks and withdraws; the addressee reports).

use super::key;
use crate::domain::InvalidField;
use crate::domain::supervision::{ChecklistItem, Deadline};
use crate::graphql::inspection::Inspection;
use crate::graphql::rectification::RectificationNotice;
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::supervision::{NewInspection, NewRectificationNotice, RectificationStep};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{
    InspectionKind, InspectionResult, NoticeAddressee, RecordKind, RectificationVerdict, SupervisoryTier,
};

/// 检查项 One item of the checklist as recorded.
#[derive(InputObject)]
pub struct InspectionItemInput {
    /// 检查项 What was checked.
    item: String,
    /// 结果 The result.
    result: InspectionResult,
    /// 说明 What was found (required for a FINDING), or a note.
    note: Option<String>,
    /// 是否公开 Whether the public reads it; only a FINDING may be kept from the public (e.g. a security weakness).
    #[graphql(default = true)]
    public: bool,
}

/// 记录巡查检查 An inspection of an estate.
#[derive(InputObject)]
pub struct RecordInspectionInput {
    /// 小区标识 The estate inspected.
    estate_id: ID,
    /// 检查日期 Day of the inspection (today or earlier).
    inspected_on: Date,
    /// 检查类型 What it looked at.
    kind: InspectionKind,
    /// 检查单位层级 The body that inspected: your own tier by default, or a tier below it over the estate.
    inspecting_body: Option<SupervisoryTier>,
    /// 概述 A public summary.
    summary: Option<String>,
    /// 检查项 The checklist (1–50 items).
    items: Vec<InspectionItemInput>,
}

/// 下达整改通知 A notice to the enterprise serving an estate, or to its committee.
#[derive(InputObject)]
pub struct IssueRectificationNoticeInput {
    /// 小区标识 The estate concerned.
    estate_id: ID,
    /// 整改对象 Whom it orders: the enterprise serving the estate now, or its active committee.
    addressee: NoticeAddressee,
    /// 来源检查 The inspection whose findings it orders corrected (of the same estate).
    inspection_id: Option<ID>,
    /// 来源投诉 The complaint it follows (of the same estate); neither: on the issuer's own motion.
    complaint_id: Option<ID>,
    /// 整改事项 What to correct (1–50 items).
    items: Vec<String>,
    /// 依据 The legal basis.
    legal_basis: String,
    /// 下达单位层级 The issuing body: your own tier by default (a town or the county).
    issuer: Option<SupervisoryTier>,
    /// 下达日期 Day of issue (today if not given; never ahead).
    issued_on: Option<Date>,
    /// 整改期限 The day by which to correct and report; or give deadlineWorkingDays.
    deadline: Option<Date>,
    /// 期限工作日数 The deadline as working days after the day of issue, over the county's calendar.
    deadline_working_days: Option<i32>,
}

/// 报告整改情况 The addressee's report.
#[derive(InputObject)]
pub struct ReportRectificationInput {
    /// 整改通知标识 The notice.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 整改情况 What was done.
    report: String,
    /// 报告日期 Day of the report (today if not given).
    reported_on: Option<Date>,
}

/// 复查整改 The issuer's check.
#[derive(InputObject)]
pub struct VerifyRectificationInput {
    /// 整改通知标识 The notice.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 复查结论 PASSED, or FAILED with the items still open and a new deadline.
    verdict: RectificationVerdict,
    /// 未整改事项 For FAILED: the positions (1, 2, …) of the items still open.
    #[graphql(default)]
    open_items: Vec<i32>,
    /// 新整改期限 For FAILED: the new deadline; or give deadlineWorkingDays.
    deadline: Option<Date>,
    /// 新期限工作日数 For FAILED: the new deadline as working days after the check.
    deadline_working_days: Option<i32>,
    /// 复查意见 The check's note (required for FAILED).
    note: Option<String>,
    /// 复查日期 Day of the check (today if not given).
    verified_on: Option<Date>,
}

/// 撤回整改通知 The issuer withdraws a notice.
#[derive(InputObject)]
pub struct WithdrawRectificationNoticeInput {
    /// 整改通知标识 The notice.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 理由 Why (public).
    reason: String,
}

payload! {
    /// 记录巡查检查结果 The inspection recorded.
    RecordInspectionPayload { inspection: Inspection }
    /// 下达整改通知结果 The notice issued.
    IssueRectificationNoticePayload { rectification_notice: RectificationNotice }
    /// 报告整改情况结果 The notice, now REPORTED.
    ReportRectificationPayload { rectification_notice: RectificationNotice }
    /// 复查整改结果 The notice, PASSED or REOPENED.
    VerifyRectificationPayload { rectification_notice: RectificationNotice }
    /// 撤回整改通知结果 The notice, now WITHDRAWN.
    WithdrawRectificationNoticePayload { rectification_notice: RectificationNotice }
}

/// The deadline given one way or the other, never both nor neither.
fn deadline(on: Option<Date>, working_days: Option<i32>) -> crate::error::Result<Deadline> {
    match (on, working_days) {
        (Some(day), None) => Ok(Deadline::On(day.0)),
        (None, Some(n)) => Ok(Deadline::WorkingDays(n)),
        _ => Err(InvalidField::new(
            "deadline",
            "one-deadline",
            "give the deadline either as a date (deadline) or as working days (deadlineWorkingDays)",
            "整改期限须以日期（deadline）或工作日数（deadlineWorkingDays）之一给出",
        )
        .into()),
    }
}

fn optional_key(kind: RecordKind, id: Option<&ID>) -> Result<Option<i64>> {
    Ok(id.map(|id| key(kind, id)).transpose()?)
}

#[derive(Default)]
pub struct SupervisionMutation;

#[Object]
impl SupervisionMutation {
    /// 记录巡查检查 Record an inspection of an estate (community, town or county staff).
    #[graphql(guard = "StaffOnly")]
    async fn record_inspection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordInspectionInput,
    ) -> Result<RecordInspectionPayload> {
        let items = input
            .items
            .into_iter()
            .map(|i| ChecklistItem { item: i.item, result: i.result, note: i.note, public: i.public })
            .collect();
        let new = NewInspection {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            inspected_on: input.inspected_on.0,
            kind: input.kind,
            body: input.inspecting_body,
            summary: input.summary,
            items,
        };
        let inspection = service(ctx).record_inspection(viewer(ctx), new).await?;
        Ok(RecordInspectionPayload { inspection: Inspection(inspection) })
    }

    /// 下达整改通知 Order the enterprise serving an estate, or its committee, to correct items (town or county
    /// staff).
    #[graphql(guard = "StaffOnly")]
    async fn issue_rectification_notice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: IssueRectificationNoticeInput,
    ) -> Result<IssueRectificationNoticePayload> {
        let new = NewRectificationNotice {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            addressee: input.addressee,
            inspection_id: optional_key(RecordKind::Inspection, input.inspection_id.as_ref())?,
            complaint_id: optional_key(RecordKind::Complaint, input.complaint_id.as_ref())?,
            items: input.items,
            legal_basis: input.legal_basis,
            issuer: input.issuer,
            issued_on: input.issued_on.map(|d| d.0),
            deadline: deadline(input.deadline, input.deadline_working_days)?,
        };
        let notice = service(ctx).issue_rectification_notice(viewer(ctx), new).await?;
        Ok(IssueRectificationNoticePayload { rectification_notice: RectificationNotice(notice) })
    }

    /// 报告整改情况 Report what was done (the enterprise or committee the notice is addressed to).
    #[graphql(guard = "StaffOnly")]
    async fn report_rectification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReportRectificationInput,
    ) -> Result<ReportRectificationPayload> {
        let target = (key(RecordKind::RectificationNotice, &input.id)?, input.expected_version);
        let step = RectificationStep::Report { report: input.report };
        let on = input.reported_on.map(|d| d.0);
        let notice = service(ctx).move_rectification_notice(viewer(ctx), target, step, on).await?;
        Ok(ReportRectificationPayload { rectification_notice: RectificationNotice(notice) })
    }

    /// 复查整改 Check a reported rectification: PASSED, or FAILED with the items still open and a new deadline
    /// (staff of the issuing tier).
    #[graphql(guard = "StaffOnly")]
    async fn verify_rectification(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: VerifyRectificationInput,
    ) -> Result<VerifyRectificationPayload> {
        let target = (key(RecordKind::RectificationNotice, &input.id)?, input.expected_version);
        let step = match input.verdict {
            RectificationVerdict::Passed => {
                if !input.open_items.is_empty() || input.deadline.is_some() || input.deadline_working_days.is_some() {
                    return Err(crate::error::Error::from(InvalidField::new(
                        "openItems",
                        "passed-closes-all",
                        "a check that passes leaves no item open and sets no new deadline",
                        "复查通过时不得列出未整改事项或新期限",
                    ))
                    .into());
                }
                RectificationStep::Pass { note: input.note }
            }
            RectificationVerdict::Failed => RectificationStep::Fail {
                open_items: input.open_items,
                deadline: deadline(input.deadline, input.deadline_working_days)?,
                note: input.note.unwrap_or_default(),
            },
        };
        let on = input.verified_on.map(|d| d.0);
        let notice = service(ctx).move_rectification_notice(viewer(ctx), target, step, on).await?;
        Ok(VerifyRectificationPayload { rectification_notice: RectificationNotice(notice) })
    }

    /// 撤回整改通知 Withdraw a notice, with the reason (staff of the issuing tier).
    #[graphql(guard = "StaffOnly")]
    async fn withdraw_rectification_notice(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: WithdrawRectificationNoticeInput,
    ) -> Result<WithdrawRectificationNoticePayload> {
        let target = (key(RecordKind::RectificationNotice, &input.id)?, input.expected_version);
        let step = RectificationStep::Withdraw { reason: input.reason };
        let notice = service(ctx).move_rectification_notice(viewer(ctx), target, step, None).await?;
        Ok(WithdrawRectificationNoticePayload { rectification_notice: RectificationNotice(notice) })
    }
}
