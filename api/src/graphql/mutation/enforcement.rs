//! Enforcement cases: the county opens, decides and publishes.

use super::key;
use crate::graphql::enforcement::EnforcementCase;
use crate::graphql::scalars::{Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::supervision::{Decision, NewEnforcementCase};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{CaseDecision, RecordKind};

/// 立案 A case against an enterprise.
#[derive(InputObject)]
pub struct OpenEnforcementCaseInput {
    /// 企业标识 The enterprise.
    enterprise_id: ID,
    /// 涉及小区 The estates it concerns (1–50).
    estate_ids: Vec<ID>,
    /// 违法事实 The facts.
    facts: String,
    /// 依据 The legal basis.
    legal_basis: String,
    /// 来源整改通知 The rectification notice it came from, or
    notice_id: Option<ID>,
    /// 来源隐患报告 the hazard report, or
    hazard_report_id: Option<ID>,
    /// 来源投诉 the complaint (at most one; none: the county's own motion).
    complaint_id: Option<ID>,
    /// 立案日期 Day it was opened (today if not given; never ahead).
    opened_on: Option<Date>,
}

/// 作出处理决定 The decision of a case.
#[derive(InputObject)]
pub struct DecideEnforcementCaseInput {
    /// 案件标识 The case.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 处理决定 What is decided.
    decision: CaseDecision,
    /// 罚款金额 The fine, for a FINE (and only then).
    fine: Option<Money>,
    /// 决定书文号 The decision document's number.
    decision_number: String,
    /// 决定内容 What the decision says, as it will be published.
    summary: Option<String>,
    /// 决定日期 Day of the decision (today if not given).
    decided_on: Option<Date>,
}

/// 公示处理决定 The publication of a decision.
#[derive(InputObject)]
pub struct PublishEnforcementCaseInput {
    /// 案件标识 The case.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 公示日期 Day it was published (today if not given).
    published_on: Option<Date>,
}

payload! {
    /// 立案结果 The case opened (staff only until published).
    OpenEnforcementCasePayload { enforcement_case: EnforcementCase }
    /// 处理决定结果 The case, now DECIDED.
    DecideEnforcementCasePayload { enforcement_case: EnforcementCase }
    /// 公示结果 The case, now PUBLISHED.
    PublishEnforcementCasePayload { enforcement_case: EnforcementCase }
}

#[derive(Default)]
pub struct EnforcementMutation;

#[Object]
impl EnforcementMutation {
    /// 立案 Open a case against an enterprise over estates of your county (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn open_enforcement_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: OpenEnforcementCaseInput,
    ) -> Result<OpenEnforcementCasePayload> {
        let optional = |kind, id: Option<&ID>| id.map(|id| key(kind, id)).transpose();
        let new = NewEnforcementCase {
            enterprise_id: key(RecordKind::Enterprise, &input.enterprise_id)?,
            estate_ids: input.estate_ids.iter().map(|id| key(RecordKind::Estate, id)).collect::<Result<_, _>>()?,
            facts: input.facts,
            legal_basis: input.legal_basis,
            notice_id: optional(RecordKind::RectificationNotice, input.notice_id.as_ref())?,
            hazard_report_id: optional(RecordKind::HazardReport, input.hazard_report_id.as_ref())?,
            complaint_id: optional(RecordKind::Complaint, input.complaint_id.as_ref())?,
            opened_on: input.opened_on.map(|d| d.0),
        };
        let case = service(ctx).open_enforcement_case(viewer(ctx), new).await?;
        Ok(OpenEnforcementCasePayload { enforcement_case: EnforcementCase(case) })
    }

    /// 作出处理决定 Decide an open case (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn decide_enforcement_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DecideEnforcementCaseInput,
    ) -> Result<DecideEnforcementCasePayload> {
        let target = (key(RecordKind::EnforcementCase, &input.id)?, input.expected_version);
        let decision = Decision {
            decision: input.decision,
            fine: input.fine.map(|m| m.0),
            decision_number: input.decision_number,
            summary: input.summary,
            decided_on: input.decided_on.map(|d| d.0),
        };
        let case = service(ctx).decide_enforcement_case(viewer(ctx), target, decision).await?;
        Ok(DecideEnforcementCasePayload { enforcement_case: EnforcementCase(case) })
    }

    /// 公示处理决定 Publish a decided case: the public reads it from now on (county staff; within 7 working days
    /// of the decision).
    #[graphql(guard = "StaffOnly")]
    async fn publish_enforcement_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: PublishEnforcementCaseInput,
    ) -> Result<PublishEnforcementCasePayload> {
        let target = (key(RecordKind::EnforcementCase, &input.id)?, input.expected_version);
        let on = input.published_on.map(|d| d.0);
        let case = service(ctx).publish_enforcement_case(viewer(ctx), target, on).await?;
        Ok(PublishEnforcementCasePayload { enforcement_case: EnforcementCase(case) })
    }
}
