//! 专项维修资金 The accounts of maintenance funds and the money into them (county staff).

use super::key;
use crate::graphql::fund::{FundAccount, FundLedgerEntry};
use crate::graphql::scalars::{Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::fund::{NewAccount, Receipt};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{FundCustodian, RecordKind};

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

payload! {
    /// 开立账户结果 The account opened.
    OpenFundAccountPayload { account: FundAccount }
    /// 记录交存结果 The entry recorded.
    RecordFundDepositPayload { entry: FundLedgerEntry }
    /// 记录增值收益结果 The entry recorded.
    RecordFundInterestPayload { entry: FundLedgerEntry }
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
}
