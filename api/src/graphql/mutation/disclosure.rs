//! Disclosure mutations: draft and submit (the enterprise for its part, the owners' side where none served),
//! publish and return (community), correct (the discloser).

use super::key;
use crate::graphql::disclosure::PublicIncomeDisclosure;
use crate::graphql::scalars::Money;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::disclosure::{Account, NewItem};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{IncomeSource, RecordKind};

/// 收益明细 One line of income.
#[derive(InputObject)]
pub struct DisclosureItemInput {
    /// 来源 Where the income came from.
    source: IncomeSource,
    /// 说明 What it was for.
    description: String,
    /// 对方 Who paid.
    counterparty: String,
    /// 个人 Whether the counterparty is a private person (shown to the public only as 个人).
    #[graphql(default)]
    counterparty_is_person: bool,
    /// 收入 Gross income.
    gross: Money,
    /// 成本 Reasonable cost against it.
    cost: Money,
}

impl From<DisclosureItemInput> for NewItem {
    fn from(i: DisclosureItemInput) -> Self {
        NewItem {
            source: i.source,
            description: i.description,
            counterparty: i.counterparty,
            counterparty_is_person: i.counterparty_is_person,
            gross: i.gross.0,
            cost: i.cost.0,
        }
    }
}

fn account(items: Vec<DisclosureItemInput>, transferred: Money, other_use: Money, note: Option<String>) -> Account {
    Account {
        items: items.into_iter().map(NewItem::from).collect(),
        transferred_to_fund: transferred.0,
        other_use: other_use.0,
        other_use_note: note,
    }
}

/// 起草公共收益公示 The account of your part of a quarter that has ended (a new draft, or a revision of your draft
/// or returned disclosure of that part).
#[derive(InputObject)]
pub struct DraftPublicIncomeDisclosureInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 年份 Year.
    year: i32,
    /// 季度 Quarter, 1 to 4.
    quarter: i32,
    /// 收益明细 Every line of income (a line of 0.00 where there was none).
    items: Vec<DisclosureItemInput>,
    /// 转入维修资金 Amount transferred to the maintenance fund.
    transferred_to_fund: Money,
    /// 其他使用 Amount otherwise used by the owners' decision.
    other_use: Money,
    /// 其他用途说明 What it went to.
    other_use_note: Option<String>,
}

/// 更正公共收益公示 A correction of a published disclosure, with the reason.
#[derive(InputObject)]
pub struct CorrectPublicIncomeDisclosureInput {
    /// 公示标识 The published disclosure to correct.
    id: ID,
    /// 原因 Why it is corrected.
    reason: String,
    /// 收益明细 Every line of income, corrected.
    items: Vec<DisclosureItemInput>,
    /// 转入维修资金 Amount transferred to the maintenance fund.
    transferred_to_fund: Money,
    /// 其他使用 Amount otherwise used by the owners' decision.
    other_use: Money,
    /// 其他用途说明 What it went to.
    other_use_note: Option<String>,
}

step_inputs! {
    /// 提交公共收益公示 Submitting a draft.
    SubmitPublicIncomeDisclosureInput
    /// 发布公共收益公示 Publishing a submitted disclosure.
    PublishPublicIncomeDisclosureInput
}

/// 退回公共收益公示 Returning a submitted disclosure, with the reason.
#[derive(InputObject)]
pub struct ReturnPublicIncomeDisclosureInput {
    /// 公示标识 The disclosure.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

payload! {
    /// 起草公共收益公示结果 The draft.
    DraftPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure }
    /// 提交公共收益公示结果 The disclosure submitted.
    SubmitPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure }
    /// 发布公共收益公示结果 The disclosure published.
    PublishPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure }
    /// 退回公共收益公示结果 The disclosure returned.
    ReturnPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure }
    /// 更正公共收益公示结果 The correction, drafted.
    CorrectPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure }
}

#[derive(Default)]
pub struct DisclosureMutation;

#[Object]
impl DisclosureMutation {
    /// 起草公共收益公示 Draft (or revise) the account of your part of an ended quarter (the enterprise under its
    /// contract; the committee, or the community acting for it, where no contract was in force).
    #[graphql(guard = "StaffOnly")]
    async fn draft_public_income_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DraftPublicIncomeDisclosureInput,
    ) -> Result<DraftPublicIncomeDisclosurePayload> {
        let period = (key(RecordKind::Estate, &input.estate_id)?, input.year, input.quarter);
        let account = account(input.items, input.transferred_to_fund, input.other_use, input.other_use_note);
        let disclosure = service(ctx).draft_public_income_disclosure(viewer(ctx), period, account).await?;
        Ok(DraftPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure(disclosure) })
    }

    /// 提交公共收益公示 Submit your draft to the community.
    #[graphql(guard = "StaffOnly")]
    async fn submit_public_income_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SubmitPublicIncomeDisclosureInput,
    ) -> Result<SubmitPublicIncomeDisclosurePayload> {
        let id = key(RecordKind::PublicIncomeDisclosure, &input.id)?;
        let disclosure = service(ctx).submit_public_income_disclosure(viewer(ctx), id, input.expected_version).await?;
        Ok(SubmitPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure(disclosure) })
    }

    /// 发布公共收益公示 Publish a submitted disclosure (community staff); its transfer to the fund is booked.
    #[graphql(guard = "StaffOnly")]
    async fn publish_public_income_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: PublishPublicIncomeDisclosureInput,
    ) -> Result<PublishPublicIncomeDisclosurePayload> {
        let id = key(RecordKind::PublicIncomeDisclosure, &input.id)?;
        let disclosure = service(ctx).publish_public_income_disclosure(viewer(ctx), id, input.expected_version).await?;
        Ok(PublishPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure(disclosure) })
    }

    /// 退回公共收益公示 Return a submitted disclosure, with the reason (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn return_public_income_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReturnPublicIncomeDisclosureInput,
    ) -> Result<ReturnPublicIncomeDisclosurePayload> {
        let id = key(RecordKind::PublicIncomeDisclosure, &input.id)?;
        let (version, reason) = (input.expected_version, input.reason);
        let disclosure = service(ctx).return_public_income_disclosure(viewer(ctx), id, version, &reason).await?;
        Ok(ReturnPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure(disclosure) })
    }

    /// 更正公共收益公示 Correct a published disclosure: a new draft that supersedes it once published.
    #[graphql(guard = "StaffOnly")]
    async fn correct_public_income_disclosure(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CorrectPublicIncomeDisclosureInput,
    ) -> Result<CorrectPublicIncomeDisclosurePayload> {
        let id = key(RecordKind::PublicIncomeDisclosure, &input.id)?;
        let account = account(input.items, input.transferred_to_fund, input.other_use, input.other_use_note);
        let disclosure = service(ctx).correct_public_income_disclosure(viewer(ctx), id, &input.reason, account).await?;
        Ok(CorrectPublicIncomeDisclosurePayload { disclosure: PublicIncomeDisclosure(disclosure) })
    }
}
