//! Maintenance fund mutations: the account and its deposits and interest (county); the usage workflow (applicant,
//! owners' side, town, county); replenishment plans (town, owners' side, community).

use super::key;
use crate::domain::fund::Vote;
use crate::graphql::fund::{FundAccount, FundLedgerEntry, FundUsage, ReplenishmentPlan};
use crate::graphql::scalars::{Area, Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::fund::{NewAccount, NewUsage, Receipt, UsageStep};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{FundCustodian, RecordKind, UsageCategory};

/// 开立账户 An estate's new maintenance fund account.
#[derive(InputObject)]
pub struct OpenFundAccountInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 管理方式 Who keeps it.
    custodian: FundCustodian,
    /// 开户银行 Bank.
    bank: String,
    /// 开户日期 Day it is opened.
    opened_on: Date,
    /// 首期交存 The owners' first deposit (booked as the first entry).
    initial_deposit: Money,
    /// 凭证 Reference of the first deposit.
    reference: String,
}

/// 记录交存 Money paid into an account.
#[derive(InputObject)]
pub struct RecordFundDepositInput {
    /// 账户标识 The account.
    account_id: ID,
    /// 金额 Amount.
    amount: Money,
    /// 日期 Day it was paid.
    occurred_on: Date,
    /// 凭证 Voucher reference.
    reference: String,
    /// 摘要 Memo.
    memo: Option<String>,
    /// 续筹方案 The plan in progress it replenishes for, if any (the entry is then a REPLENISHMENT).
    plan_id: Option<ID>,
}

/// 记录增值收益 Interest the fund earned.
#[derive(InputObject)]
pub struct RecordFundInterestInput {
    /// 账户标识 The account.
    account_id: ID,
    /// 金额 Amount.
    amount: Money,
    /// 日期 Day it was credited.
    occurred_on: Date,
    /// 凭证 Voucher reference.
    reference: String,
    /// 摘要 Memo.
    memo: Option<String>,
}

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
    /// 组织续筹 Starting to collect an adopted plan.
    StartReplenishmentInput
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

/// 提出续筹方案 A plan to replenish a fund below the signal.
#[derive(InputObject)]
pub struct ProposeReplenishmentInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 续筹目标 The amount to raise.
    target: Money,
    /// 说明 What the plan says (how much per m², by when).
    note: String,
}

/// 记录续筹表决 The owners' vote on a plan, with its denominators.
#[derive(InputObject)]
pub struct RecordReplenishmentVoteInput {
    /// 方案标识 The plan.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 范围面积 Private area within the plan's scope.
    scope_area: Area,
    /// 范围人数 Owners within the scope.
    scope_owners: i32,
    /// 参与面积 Private area of the owners who took part.
    participating_area: Area,
    /// 参与人数 Owners who took part.
    participating_owners: i32,
    /// 同意面积 Private area of the owners who agreed.
    aye_area: Area,
    /// 同意人数 Owners who agreed.
    aye_owners: i32,
}

payload! {
    /// 开立账户结果 The account opened.
    OpenFundAccountPayload { account: FundAccount }
    /// 记录交存结果 The entry recorded.
    RecordFundDepositPayload { entry: FundLedgerEntry }
    /// 记录增值收益结果 The entry recorded.
    RecordFundInterestPayload { entry: FundLedgerEntry }
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
    /// 提出续筹方案结果 The plan proposed.
    ProposeReplenishmentPayload { plan: ReplenishmentPlan }
    /// 记录续筹表决结果 The plan with its vote.
    RecordReplenishmentVotePayload { plan: ReplenishmentPlan }
    /// 组织续筹结果 The plan under way.
    StartReplenishmentPayload { plan: ReplenishmentPlan }
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
pub struct FundMutation;

#[Object]
impl FundMutation {
    /// 开立专项维修资金账户 Open an estate's maintenance fund account (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn open_fund_account(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: OpenFundAccountInput,
    ) -> Result<OpenFundAccountPayload> {
        let new = NewAccount {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            custodian: input.custodian,
            bank: input.bank,
            opened_on: input.opened_on.0,
            initial_deposit: input.initial_deposit.0,
            reference: input.reference,
        };
        let account = service(ctx).open_fund_account(viewer(ctx), new).await?;
        Ok(OpenFundAccountPayload { account: FundAccount(account) })
    }

    /// 记录交存 Record a deposit, or a replenishment for a plan in progress (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn record_fund_deposit(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordFundDepositInput,
    ) -> Result<RecordFundDepositPayload> {
        let receipt = Receipt {
            account_id: key(RecordKind::FundAccount, &input.account_id)?,
            amount: input.amount.0,
            occurred_on: input.occurred_on.0,
            reference: input.reference,
            memo: input.memo,
        };
        let plan = input.plan_id.map(|id| key(RecordKind::ReplenishmentPlan, &id)).transpose()?;
        let entry = service(ctx).record_fund_deposit(viewer(ctx), receipt, plan).await?;
        Ok(RecordFundDepositPayload { entry: FundLedgerEntry(entry) })
    }

    /// 记录增值收益 Record interest the fund earned (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn record_fund_interest(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordFundInterestInput,
    ) -> Result<RecordFundInterestPayload> {
        let receipt = Receipt {
            account_id: key(RecordKind::FundAccount, &input.account_id)?,
            amount: input.amount.0,
            occurred_on: input.occurred_on.0,
            reference: input.reference,
            memo: input.memo,
        };
        let entry = service(ctx).record_fund_interest(viewer(ctx), receipt).await?;
        Ok(RecordFundInterestPayload { entry: FundLedgerEntry(entry) })
    }

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
        let step = UsageStep::RecordVote { participating, ayes: (input.aye_area.0, input.aye_owners) };
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

    /// 提出续筹方案 Propose replenishing a fund whose balance fell below 30% of its initial deposit (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn propose_replenishment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ProposeReplenishmentInput,
    ) -> Result<ProposeReplenishmentPayload> {
        let estate = key(RecordKind::Estate, &input.estate_id)?;
        let plan = service(ctx).propose_replenishment(viewer(ctx), estate, input.target.0, &input.note).await?;
        Ok(ProposeReplenishmentPayload { plan: ReplenishmentPlan(plan) })
    }

    /// 记录续筹表决 Record the owners' vote on a plan (committee): adopted by 3/4, or rejected.
    #[graphql(guard = "StaffOnly")]
    async fn record_replenishment_vote(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordReplenishmentVoteInput,
    ) -> Result<RecordReplenishmentVotePayload> {
        let id = key(RecordKind::ReplenishmentPlan, &input.id)?;
        let vote = Vote {
            scope_area: input.scope_area.0.hundredths(),
            scope_owners: i64::from(input.scope_owners),
            participating_area: input.participating_area.0.hundredths(),
            participating_owners: i64::from(input.participating_owners),
            aye_area: input.aye_area.0.hundredths(),
            aye_owners: i64::from(input.aye_owners),
        };
        let plan = service(ctx).record_replenishment_vote(viewer(ctx), id, input.expected_version, vote).await?;
        Ok(RecordReplenishmentVotePayload { plan: ReplenishmentPlan(plan) })
    }

    /// 组织续筹 Start collecting an adopted plan (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn start_replenishment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: StartReplenishmentInput,
    ) -> Result<StartReplenishmentPayload> {
        let id = key(RecordKind::ReplenishmentPlan, &input.id)?;
        let plan = service(ctx).start_replenishment(viewer(ctx), id, input.expected_version).await?;
        Ok(StartReplenishmentPayload { plan: ReplenishmentPlan(plan) })
    }
}
