//! Service contracts: created and terminated by the town. At most one contract per estate is open (not
//! TERMINATED); the database's unique index holds that even for two towns racing for the same estate.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::enterprise::require_active;
use super::tender::view as tender_view;
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::fixed_point::Money;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, SelectionMethod, TenderMethod, TenderStatus};
use entity::{bid, enterprise, estate, service_contract, tender};
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
        "tenderId": contract.tender_id,
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
        let contract = self.insert_contract(&txn, actor, &new, None).await?;
        txn.commit().await?;
        Ok(contract)
    }

    /// 按定标签订合同 A town records the contract signed on a tender's award: the estate, the winner and its fee come
    /// from the award, the selection from the tender's method; the tender is CONTRACTED in the same transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_contract_from_tender(
        &self,
        actor: Option<&Actor>,
        tender_id: i64,
        (start_on, end_on): (NaiveDate, NaiveDate),
    ) -> Result<service_contract::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let tender = find::<tender::Entity>(&txn, tender_id).await?;
        workflow::check(
            tender.status,
            &[TenderStatus::Awarded],
            ("sign a contract on this tender", "按该招标签订合同"),
        )?;
        let winner = find::<bid::Entity>(&txn, tender.candidate_bid_id.unwrap_or_default()).await?;
        let new = NewContract {
            estate_id: tender.estate_id,
            enterprise_id: winner.enterprise_id,
            start_on,
            end_on,
            fee_per_m2_month: Money(winner.fee),
            selection: match tender.method {
                TenderMethod::PublicTender | TenderMethod::InvitedTender => SelectionMethod::Bidding,
                TenderMethod::ByAgreement => SelectionMethod::Negotiated,
            },
        };
        check_terms(&new)?;
        let contract = self.insert_contract(&txn, actor, &new, Some(tender.id)).await?;
        let signed =
            tender::Model { status: TenderStatus::Contracted, contract_id: Some(contract.id), ..tender.clone() };
        let signed = save(&txn, tender.version, signed).await?;
        let (_estate, place) = place::estate(&txn, tender.estate_id).await?;
        let change =
            Change::new(Action::CreateContract, &signed, &place, Some(tender_view(&tender)), tender_view(&signed));
        self.audit(&txn, actor, change).await?;
        txn.commit().await?;
        Ok(contract)
    }

    /// Writes a new contract (and its audit event) and ends any emergency management it replaces.
    async fn insert_contract(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        new: &NewContract,
        tender_id: Option<i64>,
    ) -> Result<service_contract::Model> {
        let (estate, enterprise, place) = parties(txn, new.estate_id, new.enterprise_id).await?;
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
            tender_id: Set(tender_id),
            ..Default::default()
        }
        .first_version(now)
        .insert(txn)
        .await?;
        let after = public_snapshot(public(&contract, &estate.code, &enterprise.credit_code));
        self.audit(txn, actor, Change::new(Action::CreateContract, &contract, &place, None, after)).await?;
        let estate_place = Place { enterprise: None, ..place };
        self.end_emergency_for_contract(txn, actor, (&estate, &estate_place), contract.start_on).await?;
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
