//! Contract mutations: create and terminate (town).

use super::key;
use crate::graphql::contract::ServiceContract;
use crate::graphql::scalars::{Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::contract::NewContract;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;
use entity::vocab::SelectionMethod;

/// 新建合同 A new service contract.
#[derive(InputObject)]
pub struct CreateContractInput {
    /// 小区标识 The estate served.
    estate_id: ID,
    /// 企业标识 The enterprise serving it.
    enterprise_id: ID,
    /// 起始日期 First day of the term.
    start_on: Date,
    /// 届满日期 Last day of the term.
    end_on: Date,
    /// 物业费 Fee per m² per month.
    fee_per_square_meter_month: Money,
    /// 选聘方式 How the enterprise was selected.
    selection: SelectionMethod,
}

/// 终止合同 Ending a contract, with the ground.
#[derive(InputObject)]
pub struct TerminateContractInput {
    /// 合同标识 The contract.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 终止日期 Day it ends.
    terminated_on: Date,
    /// 原因 The ground for terminating it.
    reason: String,
}

payload! {
    /// 新建合同结果 The contract created.
    CreateContractPayload { contract: ServiceContract }
    /// 终止合同结果 The contract terminated.
    TerminateContractPayload { contract: ServiceContract }
}

#[derive(Default)]
pub struct ContractMutation;

#[Object]
impl ContractMutation {
    /// 新建合同 Record a contract for an estate with no open contract (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn create_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CreateContractInput,
    ) -> Result<CreateContractPayload> {
        let contract = NewContract {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            enterprise_id: key(RecordKind::Enterprise, &input.enterprise_id)?,
            start_on: input.start_on.0,
            end_on: input.end_on.0,
            fee_per_m2_month: input.fee_per_square_meter_month.0,
            selection: input.selection,
        };
        let contract = service(ctx).create_contract(viewer(ctx), contract).await?;
        Ok(CreateContractPayload { contract: ServiceContract(contract) })
    }

    /// 终止合同 Terminate a contract, with a reason (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn terminate_contract(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: TerminateContractInput,
    ) -> Result<TerminateContractPayload> {
        let id = key(RecordKind::ServiceContract, &input.id)?;
        let contract = service(ctx)
            .terminate_contract(viewer(ctx), id, input.expected_version, input.terminated_on.0, &input.reason)
            .await?;
        Ok(TerminateContractPayload { contract: ServiceContract(contract) })
    }
}
