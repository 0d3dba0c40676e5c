//! Performance bond mutations (county): lodge a bond for a contract, refund or forfeit it with the reason.

use super::key;
use crate::graphql::contract::PerformanceBond;
use crate::graphql::scalars::Money;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{BondStatus, RecordKind};

/// 收取履约金 A bond lodged for a contract.
#[derive(InputObject)]
pub struct LodgePerformanceBondInput {
    /// 合同标识 The contract.
    contract_id: ID,
    /// 金额 Amount.
    amount: Money,
}

/// 退还履约金 Refunding a bond, with the reason.
#[derive(InputObject)]
pub struct RefundPerformanceBondInput {
    /// 履约金标识 The bond.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 没收履约金 Forfeiting a bond, with the reason.
#[derive(InputObject)]
pub struct ForfeitPerformanceBondInput {
    /// 履约金标识 The bond.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why (e.g. the enterprise refused to leave).
    reason: String,
}

payload! {
    /// 收取履约金结果 The bond lodged.
    LodgePerformanceBondPayload { bond: PerformanceBond }
    /// 退还履约金结果 The bond refunded.
    RefundPerformanceBondPayload { bond: PerformanceBond }
    /// 没收履约金结果 The bond forfeited.
    ForfeitPerformanceBondPayload { bond: PerformanceBond }
}

#[derive(Default)]
pub struct BondMutation;

#[Object]
impl BondMutation {
    /// 收取履约金 Record the bond lodged for a contract (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn lodge_performance_bond(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: LodgePerformanceBondInput,
    ) -> Result<LodgePerformanceBondPayload> {
        let contract = key(RecordKind::ServiceContract, &input.contract_id)?;
        let bond = service(ctx).lodge_bond(viewer(ctx), contract, input.amount.0).await?;
        Ok(LodgePerformanceBondPayload { bond: PerformanceBond(bond) })
    }

    /// 退还履约金 Refund a held bond, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn refund_performance_bond(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RefundPerformanceBondInput,
    ) -> Result<RefundPerformanceBondPayload> {
        let id = key(RecordKind::PerformanceBond, &input.id)?;
        let (version, refunded) = (input.expected_version, BondStatus::Refunded);
        let bond = service(ctx).settle_bond(viewer(ctx), id, version, refunded, &input.reason).await?;
        Ok(RefundPerformanceBondPayload { bond: PerformanceBond(bond) })
    }

    /// 没收履约金 Forfeit a held bond, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn forfeit_performance_bond(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ForfeitPerformanceBondInput,
    ) -> Result<ForfeitPerformanceBondPayload> {
        let id = key(RecordKind::PerformanceBond, &input.id)?;
        let (version, forfeited) = (input.expected_version, BondStatus::Forfeited);
        let bond = service(ctx).settle_bond(viewer(ctx), id, version, forfeited, &input.reason).await?;
        Ok(ForfeitPerformanceBondPayload { bond: PerformanceBond(bond) })
    }
}
