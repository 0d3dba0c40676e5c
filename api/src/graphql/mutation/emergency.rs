//! Emergency management: the owners' side applies; the town approves, rejects, extends and ends.

use super::key;
use crate::domain::calendar::today;
use crate::domain::lifecycle::EmergencyPlan;
use crate::graphql::emergency::{EmergencyPeriod, TemporaryManagementPlan};
use crate::graphql::scalars::{Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::emergency::{EmergencyStep, NewEmergency};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{EmergencyProvider, FiveBasicsService, RecordKind};

/// 申请应急管理 An application for emergency management of an estate.
#[derive(InputObject)]
pub struct ApplyEmergencyManagementInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 服务提供方 Who provides it.
    provider: EmergencyProvider,
    /// 服务企业 The enterprise providing it, when the provider is ENTERPRISE.
    provider_enterprise_id: Option<ID>,
    /// 服务内容 The services (at least CLEANING and SECURITY).
    services: Vec<FiveBasicsService>,
    /// 收费标准 Fee per m² per month, borne by all owners.
    fee_per_square_meter_month: Money,
    /// 开始日期 First day.
    start_on: Date,
    /// 结束日期 Last day: within six months of the first day of the estate's vacancy (`vacancyStartOn`).
    end_on: Date,
}

/// 不予批准 Rejecting an application, with the reason.
#[derive(InputObject)]
pub struct RejectEmergencyManagementInput {
    /// 标识 The period.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 延期 Extending an active period.
#[derive(InputObject)]
pub struct ExtendEmergencyManagementInput {
    /// 标识 The period.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 新结束日期 The new last day: later than the current one, within six months of the start.
    end_on: Date,
}

/// 结束 Ending an active period.
#[derive(InputObject)]
pub struct EndEmergencyManagementInput {
    /// 标识 The period.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 结束日期 The day it ended (today if not given).
    ended_on: Option<Date>,
    /// 原因 Why it ends.
    reason: String,
}

/// 批准 The town's approval of an application, with its temporary management plan.
#[derive(InputObject)]
pub struct ApproveEmergencyManagementInput {
    /// 标识 The period.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 临时管理方案 The plan (required: county policy 五(四); BAD_USER_INPUT, rule `emergency-plan-required`,
    /// without it).
    plan: Option<TemporaryManagementPlan>,
}

payload! {
    /// 申请结果 The period applied for.
    ApplyEmergencyManagementPayload { emergency_period: EmergencyPeriod }
    /// 批准结果 The period, ACTIVE (the estate is now served in the EMERGENCY mode).
    ApproveEmergencyManagementPayload { emergency_period: EmergencyPeriod }
    /// 不予批准结果 The period, REJECTED.
    RejectEmergencyManagementPayload { emergency_period: EmergencyPeriod }
    /// 延期结果 The period with its new last day.
    ExtendEmergencyManagementPayload { emergency_period: EmergencyPeriod }
    /// 结束结果 The period, ENDED (the estate's previous service mode is restored).
    EndEmergencyManagementPayload { emergency_period: EmergencyPeriod }
}

#[derive(Default)]
pub struct EmergencyMutation;

impl EmergencyMutation {
    async fn step(ctx: &Context<'_>, (id, version): (&ID, i32), step: EmergencyStep) -> Result<EmergencyPeriod> {
        let id = key(RecordKind::EmergencyPeriod, id)?;
        Ok(EmergencyPeriod(service(ctx).move_emergency_management(viewer(ctx), (id, version), step).await?))
    }
}

#[Object]
impl EmergencyMutation {
    /// 申请应急管理 Apply for emergency management (the estate's committee, or its community where none is active).
    #[graphql(guard = "StaffOnly")]
    async fn apply_emergency_management(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ApplyEmergencyManagementInput,
    ) -> Result<ApplyEmergencyManagementPayload> {
        let new = NewEmergency {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            provider: input.provider,
            provider_enterprise_id: input
                .provider_enterprise_id
                .map(|id| key(RecordKind::Enterprise, &id))
                .transpose()?,
            services: input.services,
            fee_per_m2_month: input.fee_per_square_meter_month.0,
            start_on: input.start_on.0,
            end_on: input.end_on.0,
        };
        let period = service(ctx).apply_emergency_management(viewer(ctx), new).await?;
        Ok(ApplyEmergencyManagementPayload { emergency_period: EmergencyPeriod(period) })
    }

    /// 批准应急管理 Approve an application (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn approve_emergency_management(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ApproveEmergencyManagementInput,
    ) -> Result<ApproveEmergencyManagementPayload> {
        let plan = input.plan.map(|p| EmergencyPlan {
            town_role: p.town_role,
            community_role: p.community_role,
            committee_role: p.committee_role,
            provider_role: p.provider_role,
            fee_collection: p.fee_collection,
            planned_end: p.planned_end,
        });
        let period = Self::step(ctx, (&input.id, input.expected_version), EmergencyStep::Approve { plan }).await?;
        Ok(ApproveEmergencyManagementPayload { emergency_period: period })
    }

    /// 不予批准应急管理 Reject an application, with the reason (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn reject_emergency_management(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RejectEmergencyManagementInput,
    ) -> Result<RejectEmergencyManagementPayload> {
        let step = EmergencyStep::Reject { reason: input.reason };
        let period = Self::step(ctx, (&input.id, input.expected_version), step).await?;
        Ok(RejectEmergencyManagementPayload { emergency_period: period })
    }

    /// 延长应急管理 Extend an active period, within six months of its start (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn extend_emergency_management(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ExtendEmergencyManagementInput,
    ) -> Result<ExtendEmergencyManagementPayload> {
        let step = EmergencyStep::Extend { end_on: input.end_on.0 };
        let period = Self::step(ctx, (&input.id, input.expected_version), step).await?;
        Ok(ExtendEmergencyManagementPayload { emergency_period: period })
    }

    /// 结束应急管理 End an active period, with the reason (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn end_emergency_management(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: EndEmergencyManagementInput,
    ) -> Result<EndEmergencyManagementPayload> {
        let step = EmergencyStep::End { ended_on: input.ended_on.map_or_else(today, |d| d.0), reason: input.reason };
        let period = Self::step(ctx, (&input.id, input.expected_version), step).await?;
        Ok(EndEmergencyManagementPayload { emergency_period: period })
    }
}
