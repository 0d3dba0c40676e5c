//! 续筹 Replenishing a fund below the signal: the town proposes, the owners vote, the community collects.

use super::key;
use crate::domain::vote::Vote;
use crate::graphql::fund::ReplenishmentPlan;
use crate::graphql::scalars::{Area, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;

/// 提出续筹方案 A plan to replenish a fund below the signal.
#[derive(InputObject)]
pub struct ProposeReplenishmentInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 续筹目标 The amount to raise.
    target: Money,
    /// 说明 What the plan says (how much per m², by when).
    note: String,
    /// 理由 Why replenish a fund whose balance is not below the signal (required then; recorded with the change).
    reason: Option<String>,
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
    /// 业主大会决定 The adopted RAISE_FUND resolution of the estate's assembly that approved the plan, if cited.
    resolution_id: Option<ID>,
}

step_inputs! {
    /// 组织续筹 Starting to collect an adopted plan.
    StartReplenishmentInput
}

payload! {
    /// 提出续筹方案结果 The plan proposed.
    ProposeReplenishmentPayload { plan: ReplenishmentPlan }
    /// 记录续筹表决结果 The plan with its vote.
    RecordReplenishmentVotePayload { plan: ReplenishmentPlan }
    /// 组织续筹结果 The plan under way.
    StartReplenishmentPayload { plan: ReplenishmentPlan }
}

#[derive(Default)]
pub struct ReplenishmentMutation;

#[Object]
impl ReplenishmentMutation {
    /// 提出续筹方案 Propose replenishing a fund (town staff): one whose balance fell below the signal (30% of its
    /// initial deposit unless the county sets otherwise), or one above it with a reason.
    #[graphql(guard = "StaffOnly")]
    async fn propose_replenishment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ProposeReplenishmentInput,
    ) -> Result<ProposeReplenishmentPayload> {
        let estate = key(RecordKind::Estate, &input.estate_id)?;
        let words = (input.note.as_str(), input.reason.as_deref());
        let plan = service(ctx).propose_replenishment(viewer(ctx), estate, input.target.0, words).await?;
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
        let resolution = input.resolution_id.map(|id| key(RecordKind::Resolution, &id)).transpose()?;
        let plan =
            service(ctx).record_replenishment_vote(viewer(ctx), (id, input.expected_version), vote, resolution).await?;
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
