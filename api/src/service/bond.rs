//! Performance bonds (履约金): lodged for a contract and settled — refunded or forfeited, with a reason — by the
//! county, which holds them.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::fixed_point::Money;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use entity::vocab::BondStatus;
use entity::{enterprise, estate, performance_bond, service_contract};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde_json::{Value, json};

fn public(bond: &performance_bond::Model) -> Value {
    json!({
        "amount": Money(bond.amount).to_string(),
        "status": bond.status,
        "statusReason": bond.status_reason,
    })
}

/// Where the bond of `contract_id` lies: the contract's estate, with its enterprise.
async fn place_of_contract(txn: &DatabaseTransaction, contract_id: i64) -> Result<Place> {
    let contract = find::<service_contract::Entity>(txn, contract_id).await?;
    let estate = find::<estate::Entity>(txn, contract.estate_id).await?;
    let enterprise = find::<enterprise::Entity>(txn, contract.enterprise_id).await?;
    Ok(Place { enterprise: Some(enterprise.credit_code), ..place::of_estate(txn, &estate).await? })
}

impl Service {
    /// 收取履约金 The county records the bond lodged for a contract (one per contract).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lodge_bond(
        &self,
        actor: Option<&Actor>,
        contract_id: i64,
        amount: Money,
    ) -> Result<performance_bond::Model> {
        let actor = signed_in(actor)?;
        if amount.fen() <= 0 {
            return Err(InvalidField::new("amount", "positive", "the amount must be positive", "金额应大于零").into());
        }
        let txn = self.begin().await?;
        let place = place_of_contract(&txn, contract_id).await?;
        require_tier(actor, Tier::County, &place, "hold performance bonds", "收取履约金")?;
        let now = chrono::Utc::now();
        let bond = performance_bond::ActiveModel {
            contract_id: Set(contract_id),
            amount: Set(amount.fen()),
            status: Set(BondStatus::Held),
            status_reason: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        self.commit(txn, actor, Change::created(Action::LodgeBond, &bond, &place, public(&bond))).await?;
        Ok(bond)
    }

    /// 退还或没收履约金 The county refunds or forfeits a bond it holds, with the reason.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn settle_bond(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        status: BondStatus,
        reason: &str,
    ) -> Result<performance_bond::Model> {
        let actor = signed_in(actor)?;
        if status == BondStatus::Held {
            let message = "a bond is settled by refunding or forfeiting it";
            return Err(InvalidField::new("status", "settled-status", message, "履约金只能退还或没收").into());
        }
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let current = find::<performance_bond::Entity>(&txn, id).await?;
        let place = place_of_contract(&txn, current.contract_id).await?;
        require_tier(actor, Tier::County, &place, "settle performance bonds", "退还或没收履约金")?;
        workflow::check(current.status, &[BondStatus::Held], ("settle the bond", "结算履约金"))?;
        let next = performance_bond::Model { status, status_reason: Some(reason.clone()), ..current.clone() };
        let settled = save(&txn, expected_version, next).await?;
        let change = Change::update(Action::SettleBond, &place, (&current, &settled), |r| public_snapshot(public(r)))
            .because(reason);
        self.commit(txn, actor, change).await?;
        Ok(settled)
    }
}
