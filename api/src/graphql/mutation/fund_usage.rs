//! 专项维修资金使用 The usage workflow's mutations: each step one field, all through `Service::move_fund_usage`.

use super::key;
use crate::graphql::fund_usage::FundUsage;
use crate::graphql::scalars::{Area, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::fund::{NewUsage, UsageStep};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{RecordKind, UsageCategory};

/// 起草使用申请 A new application to use the fund.
#[derive(InputObject)]
pub struct DraftFundUsageInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 项目名称 Title.
    title: String,
    /// 类别 What it repairs.
    category: UsageCategory,
    /// 列支范围 What the cost is charged to.
    scope: String,
    /// 预算 Budget.
    budget: Money,
    /// 紧急原因 For an urgent repair, why (it is then submitted without a vote).
    emergency_reason: Option<String>,
}

/// 发起业主表决 Opening the owners' vote, with its own denominators.
#[derive(InputObject)]
pub struct OpenFundVoteInput {
    /// 使用申请标识 The usage.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 范围面积 Private area within the usage's scope.
    scope_area: Area,
    /// 范围人数 Owners within the scope.
    scope_owners: i32,
}

/// 记录表决结果 The result of the owners' vote.
#[derive(InputObject)]
pub struct RecordFundVoteInput {
    /// 使用申请标识 The usage.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 参与面积 Private area of the owners who took part.
    participating_area: Area,
    /// 参与人数 Owners who took part.
    participating_owners: i32,
    /// 同意面积 Private area of the owners who agreed.
    aye_area: Area,
    /// 同意人数 Owners who agreed.
    aye_owners: i32,
    /// 业主大会决定 The adopted USE_FUND resolution of the estate's assembly that approved the usage, if cited.
    resolution_id: Option<ID>,
}

step_inputs! {
    /// 提交使用申请 Submitting a usage (adopted by the owners, or urgent).
    SubmitFundUsageInput
    /// 初审 The town's review of a submitted usage.
    ReviewFundUsageInput
    /// 审批 The county's approval of a reviewed usage.
    ApproveFundUsageInput
    /// 撤回 Withdrawing a usage before it is approved.
    WithdrawFundUsageInput
}

/// 驳回 Rejecting a usage, with the reason.
#[derive(InputObject)]
pub struct RejectFundUsageInput {
    /// 使用申请标识 The usage.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 拨付 Paying out an approved usage.
#[derive(InputObject)]
pub struct DisburseFundUsageInput {
    /// 使用申请标识 The usage.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 金额 Amount (at most the budget and the balance).
    amount: Money,
}

/// 公示使用情况 Publicizing a disbursed usage.
#[derive(InputObject)]
pub struct PublicizeFundUsageInput {
    /// 使用申请标识 The usage.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 实际费用 The actual cost.
    actual_cost: Money,
    /// 审价 The price audit's reference.
    audit_reference: String,
}

payload! {
    /// 起草使用申请结果 The usage drafted.
    DraftFundUsagePayload { usage: FundUsage }
    /// 发起业主表决结果 The usage put to the vote.
    OpenFundVotePayload { usage: FundUsage }
    /// 记录表决结果结果 The usage with its vote.
    RecordFundVotePayload { usage: FundUsage }
    /// 提交使用申请结果 The usage submitted.
    SubmitFundUsagePayload { usage: FundUsage }
    /// 初审结果 The usage reviewed.
    ReviewFundUsagePayload { usage: FundUsage }
    /// 审批结果 The usage approved.
    ApproveFundUsagePayload { usage: FundUsage }
    /// 驳回结果 The usage rejected.
    RejectFundUsagePayload { usage: FundUsage }
    /// 撤回结果 The usage withdrawn.
    WithdrawFundUsagePayload { usage: FundUsage }
    /// 拨付结果 The usage paid out.
    DisburseFundUsagePayload { usage: FundUsage }
    /// 公示结果 The usage publicized.
    PublicizeFundUsagePayload { usage: FundUsage }
}

fn usage_id(id: &ID) -> Result<i64> {
    Ok(key(RecordKind::FundUsage, id)?)
}

/// Moves the usage of global id `id` on by `step` (NOT_FOUND for an id that is not a usage's).
async fn move_usage(ctx: &Context<'_>, (id, expected_version): (&ID, i32), step: UsageStep) -> Result<FundUsage> {
    let usage = service(ctx).move_fund_usage(viewer(ctx), (usage_id(id)?, expected_version), step).await?;
    Ok(FundUsage(usage))
}

#[derive(Default)]
pub struct FundUsageMutation;

#[Object]
impl FundUsageMutation {
    /// 起草使用申请 Draft a usage (the enterprise serving the estate, or its committee — the community where none is
    /// active).
    #[graphql(guard = "StaffOnly")]
    async fn draft_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DraftFundUsageInput,
    ) -> Result<DraftFundUsagePayload> {
        let new = NewUsage {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            title: input.title,
            category: input.category,
            scope: input.scope,
            budget: input.budget.0,
            emergency_reason: input.emergency_reason,
        };
        let usage = service(ctx).draft_fund_usage(viewer(ctx), new).await?;
        Ok(DraftFundUsagePayload { usage: FundUsage(usage) })
    }

    /// 发起业主表决 Put a drafted usage to the owners' vote (committee).
    #[graphql(guard = "StaffOnly")]
    async fn open_fund_vote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: OpenFundVoteInput,
    ) -> Result<OpenFundVotePayload> {
        let step = UsageStep::OpenVote { scope_area: input.scope_area.0, scope_owners: input.scope_owners };
        Ok(OpenFundVotePayload { usage: move_usage(ctx, (&input.id, input.expected_version), step).await? })
    }

    /// 记录表决结果 Record the owners' vote (committee): adopted by the 民法典 art. 278 thresholds, or failed.
    #[graphql(guard = "StaffOnly")]
    async fn record_fund_vote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordFundVoteInput,
    ) -> Result<RecordFundVotePayload> {
        let participating = (input.participating_area.0, input.participating_owners);
        let resolution = input.resolution_id.map(|id| key(RecordKind::Resolution, &id)).transpose()?;
        let step = UsageStep::RecordVote { participating, ayes: (input.aye_area.0, input.aye_owners), resolution };
        Ok(RecordFundVotePayload { usage: move_usage(ctx, (&input.id, input.expected_version), step).await? })
    }

    /// 提交使用申请 Submit an adopted or urgent usage (the applicant).
    #[graphql(guard = "StaffOnly")]
    async fn submit_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SubmitFundUsageInput,
    ) -> Result<SubmitFundUsagePayload> {
        let usage = move_usage(ctx, (&input.id, input.expected_version), UsageStep::Submit).await?;
        Ok(SubmitFundUsagePayload { usage })
    }

    /// 初审 Review a submitted usage (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn review_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReviewFundUsageInput,
    ) -> Result<ReviewFundUsagePayload> {
        let usage = move_usage(ctx, (&input.id, input.expected_version), UsageStep::Review).await?;
        Ok(ReviewFundUsagePayload { usage })
    }

    /// 审批 Approve a reviewed usage (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn approve_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ApproveFundUsageInput,
    ) -> Result<ApproveFundUsagePayload> {
        let usage = move_usage(ctx, (&input.id, input.expected_version), UsageStep::Approve).await?;
        Ok(ApproveFundUsagePayload { usage })
    }

    /// 驳回 Reject a usage, with the reason (the town a submitted one, the county also a reviewed one).
    #[graphql(guard = "StaffOnly")]
    async fn reject_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RejectFundUsageInput,
    ) -> Result<RejectFundUsagePayload> {
        let step = UsageStep::Reject { reason: input.reason };
        Ok(RejectFundUsagePayload { usage: move_usage(ctx, (&input.id, input.expected_version), step).await? })
    }

    /// 撤回 Withdraw a usage before it is approved (the applicant).
    #[graphql(guard = "StaffOnly")]
    async fn withdraw_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: WithdrawFundUsageInput,
    ) -> Result<WithdrawFundUsagePayload> {
        let usage = move_usage(ctx, (&input.id, input.expected_version), UsageStep::Withdraw).await?;
        Ok(WithdrawFundUsagePayload { usage })
    }

    /// 拨付 Pay out an approved usage (county staff): at most its budget and the balance.
    #[graphql(guard = "StaffOnly")]
    async fn disburse_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DisburseFundUsageInput,
    ) -> Result<DisburseFundUsagePayload> {
        let step = UsageStep::Disburse { amount: input.amount.0 };
        Ok(DisburseFundUsagePayload { usage: move_usage(ctx, (&input.id, input.expected_version), step).await? })
    }

    /// 公示使用情况 Publicize a disbursed usage with its actual cost (committee or town staff).
    #[graphql(guard = "StaffOnly")]
    async fn publicize_fund_usage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: PublicizeFundUsageInput,
    ) -> Result<PublicizeFundUsagePayload> {
        let step = UsageStep::Publicize { actual_cost: input.actual_cost.0, audit_reference: input.audit_reference };
        Ok(PublicizeFundUsagePayload { usage: move_usage(ctx, (&input.id, input.expected_version), step).await? })
    }
}
