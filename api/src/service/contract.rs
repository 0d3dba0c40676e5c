//! Service contracts: created and terminated by the town. At most one contract per estate is not TERMINATED.

use super::audit::{Change, public_snapshot};
use super::{Service, invalid, not_found, on_unique, place, require_tier, required_text, save_versioned, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::fixed_point::Money;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, EnterpriseStatus, SelectionMethod, Vocabulary};
use entity::{enterprise, estate, service_contract};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// A new contract.
#[derive(Debug, Clone)]
pub struct NewContract {
    pub estate_id: i64,
    pub enterprise_id: i64,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub fee_per_m2_month: Money,
    pub selection: SelectionMethod,
}

fn public(contract: &service_contract::Model, estate_code: &str, credit_code: &str) -> Value {
    json!({
        "estateCode": estate_code,
        "enterpriseCreditCode": credit_code,
        "startOn": contract.start_on,
        "endOn": contract.end_on,
        "feePerSquareMeterMonth": Money(contract.fee_per_m2_month).to_string(),
        "selection": contract.selection,
        "status": contract.status,
        "terminatedOn": contract.terminated_on,
        "terminationReason": contract.termination_reason,
    })
}

impl Service {
    /// 新建合同 A town records the contract under which an enterprise serves an estate.
    pub async fn create_contract(&self, actor: Option<&Actor>, input: NewContract) -> Result<service_contract::Model> {
        let actor = signed_in(actor)?;
        if input.end_on < input.start_on {
            return Err(invalid(
                "endOn",
                "end-after-start",
                "the term ends before it starts",
                "合同届满日期早于起始日期",
            ));
        }
        if input.fee_per_m2_month.fen() < 0 {
            return Err(invalid(
                "feePerSquareMeterMonth",
                "non-negative",
                "the fee must not be negative",
                "物业费不能为负数",
            ));
        }
        let txn = self.begin().await?;
        let estate = estate::Entity::find_by_id(input.estate_id).one(&txn).await?.ok_or_else(|| not_found("estate"))?;
        let place = place::of_estate(&txn, &estate).await?;
        require_tier(actor, Tier::Town, &place, "record contracts for this estate", "为该小区登记合同")?;
        let enterprise = enterprise::Entity::find_by_id(input.enterprise_id)
            .one(&txn)
            .await?
            .ok_or_else(|| not_found("enterprise"))?;
        if enterprise.status != EnterpriseStatus::Active {
            return Err(Error::InvalidState {
                message: format!(
                    "the enterprise is {}; only an ACTIVE enterprise can take a contract",
                    enterprise.status.code()
                ),
                message_zh: "只有状态正常的企业可以签订物业服务合同".into(),
            });
        }
        let open = service_contract::Entity::find()
            .filter(service_contract::Column::EstateId.eq(estate.id))
            .filter(service_contract::Column::Status.ne(ContractStatus::Terminated))
            .one(&txn)
            .await?;
        if open.is_some() {
            return Err(already_served());
        }
        let now = chrono::Utc::now();
        let contract = service_contract::ActiveModel {
            estate_id: Set(estate.id),
            enterprise_id: Set(enterprise.id),
            start_on: Set(input.start_on),
            end_on: Set(input.end_on),
            fee_per_m2_month: Set(input.fee_per_m2_month.fen()),
            selection: Set(input.selection),
            status: Set(ContractStatus::Active),
            terminated_on: Set(None),
            termination_reason: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        // Two towns racing for the same estate: the partial unique index lets only one win.
        .map_err(|e| match on_unique(e, "", "") {
            Error::Conflict { .. } => already_served(),
            other => other,
        })?;
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place };
        let change = Change::new(
            "createContract",
            ("ServiceContract", contract.id),
            &place,
            None,
            public_snapshot(public(&contract, &estate.code, &enterprise.credit_code)),
        );
        self.commit(txn, actor, change).await?;
        Ok(contract)
    }

    /// 终止合同 A town terminates a contract, with the day and the ground.
    pub async fn terminate_contract(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        terminated_on: NaiveDate,
        reason: &str,
    ) -> Result<service_contract::Model> {
        let actor = signed_in(actor)?;
        let reason = required_text("reason", reason)?;
        let txn = self.begin().await?;
        let current = service_contract::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| not_found("contract"))?;
        let estate =
            estate::Entity::find_by_id(current.estate_id).one(&txn).await?.ok_or_else(|| not_found("estate"))?;
        let enterprise = enterprise::Entity::find_by_id(current.enterprise_id)
            .one(&txn)
            .await?
            .ok_or_else(|| not_found("enterprise"))?;
        let place =
            Place { enterprise: Some(enterprise.credit_code.clone()), ..place::of_estate(&txn, &estate).await? };
        require_tier(actor, Tier::Town, &place, "terminate this contract", "终止该合同")?;
        workflow::check(
            current.status,
            &[ContractStatus::Active, ContractStatus::ExitWarned],
            "terminate the contract",
        )?;
        if terminated_on < current.start_on {
            return Err(invalid(
                "terminatedOn",
                "after-start",
                "a contract ends after it starts",
                "终止日期早于合同起始日期",
            ));
        }
        let next = service_contract::Model {
            status: ContractStatus::Terminated,
            terminated_on: Some(terminated_on),
            termination_reason: Some(reason.clone()),
            version: expected_version + 1,
            updated_at: chrono::Utc::now(),
            ..current.clone()
        };
        save_versioned::<service_contract::Entity>(&txn, next.clone().into(), id, expected_version, "contract").await?;
        let change = Change::new(
            "terminateContract",
            ("ServiceContract", id),
            &place,
            Some(public_snapshot(public(&current, &estate.code, &enterprise.credit_code))),
            public_snapshot(public(&next, &estate.code, &enterprise.credit_code)),
        )
        .because(reason);
        self.commit(txn, actor, change).await?;
        Ok(next)
    }
}

fn already_served() -> Error {
    Error::InvalidState {
        message: "the estate already has a contract that is not TERMINATED; terminate it first".into(),
        message_zh: "该小区已有未终止的物业服务合同，须先终止原合同".into(),
    }
}
