//! Service contracts: created and terminated by the town. At most one contract per estate is open (not
//! TERMINATED); the database's unique index holds that even for two towns racing for the same estate.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::enterprise::require_active;
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::fixed_point::Money;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, SelectionMethod};
use entity::{enterprise, estate, service_contract};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Iterable, Set};
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

pub(super) fn public(contract: &service_contract::Model, estate_code: &str, credit_code: &str) -> Value {
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

/// The term of a contract ends on or after the day it starts, and its fee is not negative.
fn check_terms(new: &NewContract) -> Result<(), InvalidField> {
    if new.end_on < new.start_on {
        return Err(InvalidField::new(
            "endOn",
            "end-after-start",
            "the term ends before it starts",
            "合同届满日期早于起始日期",
        ));
    }
    if new.fee_per_m2_month.fen() < 0 {
        return Err(InvalidField::new(
            "feePerSquareMeterMonth",
            "non-negative",
            "the fee must not be negative",
            "物业费不能为负数",
        ));
    }
    Ok(())
}

/// The estate and enterprise of a contract, and where it lies (the estate's place, with the enterprise).
pub(super) async fn parties(
    txn: &DatabaseTransaction,
    estate_id: i64,
    enterprise_id: i64,
) -> Result<(estate::Model, enterprise::Model, Place)> {
    let estate = find::<estate::Entity>(txn, estate_id).await?;
    let enterprise = find::<enterprise::Entity>(txn, enterprise_id).await?;
    let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place::of_estate(txn, &estate).await? };
    Ok((estate, enterprise, place))
}

impl Service {
    /// 新建合同 A town records the contract under which an enterprise serves an estate that has no open contract.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_contract(&self, actor: Option<&Actor>, new: NewContract) -> Result<service_contract::Model> {
        let actor = signed_in(actor)?;
        check_terms(&new)?;
        let txn = self.begin().await?;
        let (estate, enterprise, place) = parties(&txn, new.estate_id, new.enterprise_id).await?;
        require_tier(actor, Tier::Town, &place, "record contracts for this estate", "为该小区登记合同")?;
        require_active(&enterprise, ("take a contract", "签订物业服务合同"))?;
        let now = chrono::Utc::now();
        // An estate with an open contract already is refused by the unique index (INVALID_STATE).
        let contract = service_contract::ActiveModel {
            estate_id: Set(estate.id),
            enterprise_id: Set(enterprise.id),
            start_on: Set(new.start_on),
            end_on: Set(new.end_on),
            fee_per_m2_month: Set(new.fee_per_m2_month.fen()),
            selection: Set(new.selection),
            status: Set(ContractStatus::Active),
            terminated_on: Set(None),
            termination_reason: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = public_snapshot(public(&contract, &estate.code, &enterprise.credit_code));
        self.audit(&txn, actor, Change::new(Action::CreateContract, &contract, &place, None, after)).await?;
        let estate_place = Place { enterprise: None, ..place };
        self.end_emergency_for_contract(&txn, actor, (&estate, &estate_place), contract.start_on).await?;
        txn.commit().await?;
        Ok(contract)
    }

    /// 终止合同 A town terminates an open contract, with the day and the ground.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn terminate_contract(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        terminated_on: NaiveDate,
        reason: &str,
    ) -> Result<service_contract::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let current = find::<service_contract::Entity>(&txn, id).await?;
        let (estate, enterprise, place) = parties(&txn, current.estate_id, current.enterprise_id).await?;
        require_tier(actor, Tier::Town, &place, "terminate this contract", "终止该合同")?;
        let open: Vec<ContractStatus> = ContractStatus::iter().filter(|status| status.is_open()).collect();
        workflow::check(current.status, &open, ("terminate the contract", "终止合同"))?;
        if terminated_on < current.start_on {
            return Err(InvalidField::new(
                "terminatedOn",
                "after-start",
                "a contract ends after it starts",
                "终止日期早于合同起始日期",
            )
            .into());
        }
        let next = service_contract::Model {
            status: ContractStatus::Terminated,
            terminated_on: Some(terminated_on),
            termination_reason: Some(reason.clone()),
            ..current.clone()
        };
        let updated = save(&txn, expected_version, next).await?;
        let view = |c: &service_contract::Model| public_snapshot(public(c, &estate.code, &enterprise.credit_code));
        let change = Change::update(Action::TerminateContract, &place, (&current, &updated), view).because(reason);
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }
}
