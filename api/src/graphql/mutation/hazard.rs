//! Hazard reports: the estate's committee, its community or the enterprise serving it reports; the town
//! acknowledges, refers and closes.

use super::key;
use crate::graphql::hazard::HazardReport;
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::supervision::{HazardStep, NewHazardReport};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{Department, HazardCategory, RecordKind};

/// 报告违法违规行为及隐患 A report to the town.
#[derive(InputObject)]
pub struct ReportHazardInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 类别 What kind of violation or hazard.
    category: HazardCategory,
    /// 位置 Where in the estate.
    location: String,
    /// 制止措施 What you did to stop it.
    action_taken: String,
    /// 情况描述 What you found (staff only: it may name residents).
    description: String,
    /// 报告日期 Day of the report (today if not given; never ahead).
    reported_on: Option<Date>,
}

/// 移交主管部门 The referral of a report.
#[derive(InputObject)]
pub struct ReferHazardReportInput {
    /// 报告标识 The report.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 主管部门 The competent department.
    department: Department,
    /// 部门名称 The department's own name (e.g. 濉溪县消防救援大队).
    department_name: String,
    /// 移交说明 What you ask of it.
    note: Option<String>,
    /// 移交日期 Day of the referral (today if not given).
    referred_on: Option<Date>,
}

/// 办结报告 The closure of a report.
#[derive(InputObject)]
pub struct CloseHazardReportInput {
    /// 报告标识 The report.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 处理结果 The outcome.
    outcome: String,
    /// 办结日期 Day it was closed (today if not given).
    closed_on: Option<Date>,
}

step_inputs! {
    /// 受理报告 The town's acknowledgement of a report.
    AcknowledgeHazardReportInput
}

payload! {
    /// 报告结果 The report filed (staff only).
    ReportHazardPayload { hazard_report: HazardReport }
    /// 受理结果 The report, now ACKNOWLEDGED.
    AcknowledgeHazardReportPayload { hazard_report: HazardReport }
    /// 移交结果 The report, now REFERRED.
    ReferHazardReportPayload { hazard_report: HazardReport }
    /// 办结结果 The report, now CLOSED.
    CloseHazardReportPayload { hazard_report: HazardReport }
}

#[derive(Default)]
pub struct HazardMutation;

#[Object]
impl HazardMutation {
    /// 报告违法违规行为及隐患 Report a violation or hazard you stopped to the town (the estate's committee, its
    /// community, or the enterprise serving it).
    #[graphql(guard = "StaffOnly")]
    async fn report_hazard(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReportHazardInput,
    ) -> Result<ReportHazardPayload> {
        let new = NewHazardReport {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            category: input.category,
            location: input.location,
            action_taken: input.action_taken,
            description: input.description,
            reported_on: input.reported_on.map(|d| d.0),
        };
        let report = service(ctx).report_hazard(viewer(ctx), new).await?;
        Ok(ReportHazardPayload { hazard_report: HazardReport(report) })
    }

    /// 受理报告 Acknowledge a report (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn acknowledge_hazard_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: AcknowledgeHazardReportInput,
    ) -> Result<AcknowledgeHazardReportPayload> {
        let target = (key(RecordKind::HazardReport, &input.id)?, input.expected_version);
        let report = service(ctx).move_hazard_report(viewer(ctx), target, HazardStep::Acknowledge, None).await?;
        Ok(AcknowledgeHazardReportPayload { hazard_report: HazardReport(report) })
    }

    /// 移交主管部门 Refer an acknowledged report to the competent department (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn refer_hazard_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReferHazardReportInput,
    ) -> Result<ReferHazardReportPayload> {
        let target = (key(RecordKind::HazardReport, &input.id)?, input.expected_version);
        let step = HazardStep::Refer {
            department: input.department,
            department_name: input.department_name,
            note: input.note,
        };
        let on = input.referred_on.map(|d| d.0);
        let report = service(ctx).move_hazard_report(viewer(ctx), target, step, on).await?;
        Ok(ReferHazardReportPayload { hazard_report: HazardReport(report) })
    }

    /// 办结报告 Close an acknowledged or referred report with its outcome (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn close_hazard_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CloseHazardReportInput,
    ) -> Result<CloseHazardReportPayload> {
        let target = (key(RecordKind::HazardReport, &input.id)?, input.expected_version);
        let step = HazardStep::Close { outcome: input.outcome };
        let on = input.closed_on.map(|d| d.0);
        let report = service(ctx).move_hazard_report(viewer(ctx), target, step, on).await?;
        Ok(CloseHazardReportPayload { hazard_report: HazardReport(report) })
    }
}
