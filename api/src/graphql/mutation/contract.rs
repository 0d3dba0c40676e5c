//! Contract mutations: create (as agreed, or signed on a tender's award) and terminate (town).

use super::key;
use crate::domain::InvalidField;
use crate::error::Error;
use crate::graphql::contract::ServiceContract;
use crate::graphql::scalars::{Date, Money};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::contract::NewContract;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;
use entity::vocab::SelectionMethod;

/// 新建合同 A new service contract: signed on a tender's award (`tenderId`: the estate, the winner, its fee and the
/// selection come from the award), or recorded as agreed (the estate, the enterprise, the fee and the selection given).
#[derive(InputObject)]
pub struct CreateContractInput {
    /// 招标标识 The AWARDED tender the contract is signed on (then give none of the four below).
    tender_id: Option<ID>,
    /// 小区标识 The estate served.
    estate_id: Option<ID>,
    /// 企业标识 The enterprise serving it.
    enterprise_id: Option<ID>,
    /// 起始日期 First day of the term.
    start_on: Date,
    /// 届满日期 Last day of the term.
    end_on: Date,
    /// 物业费 Fee per m² per month.
    fee_per_square_meter_month: Option<Money>,
    /// 选聘方式 How the enterprise was selected.
    selection: Option<SelectionMethod>,
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
        let terms = (input.start_on.0, input.end_on.0);
        let given = (input.estate_id, input.enterprise_id, input.fee_per_square_meter_month, input.selection);
        let contract = match (input.tender_id, given) {
            (Some(tender), (None, None, None, None)) => {
                let tender = key(RecordKind::Tender, &tender)?;
                service(ctx).create_contract_from_tender(viewer(ctx), tender, terms).await?
            }
            (None, (Some(estate), Some(enterprise), Some(fee), Some(selection))) => {
                let contract = NewContract {
                    estate_id: key(RecordKind::Estate, &estate)?,
                    enterprise_id: key(RecordKind::Enterprise, &enterprise)?,
                    start_on: terms.0,
                    end_on: terms.1,
                    fee_per_m2_month: fee.0,
                    selection,
                };
                service(ctx).create_contract(viewer(ctx), contract).await?
            }
            _ => {
                return Err(Error::from(InvalidField::new(
                    "tenderId",
                    "contract-terms",
                    "give the awarded tender alone, or the estate, enterprise, fee and selection without one",
                    "请只填写已定标的招标，或在无招标时填写小区、企业、物业费和选聘方式",
                ))
                .into());
            }
        };
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
