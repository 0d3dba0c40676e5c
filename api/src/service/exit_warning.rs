//! Exit warnings (退出预警): an enterprise that will not go on serving an estate gives notice on its own contract:
//! 90 days before a fixed term ends (民法典 art. 947), 60 days on a term that went on without renewal (art. 948),
//! or what the contract agrees. The contract becomes EXIT_WARNED in the same transaction; a fixed term's warning
//! filed late is accepted and proposes the credit record for leaving without due notice (rule B07) for the county to
//! decide. The community acknowledges the warning.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::contract::{self, parties};
use super::credit::{Proposal, rule_if_in_use};
use super::{Service, find, forbidden, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::lifecycle::{ExitNotice, check_exit_warning};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, CreditRecordSource};
use entity::{enterprise, estate, exit_warning, service_contract};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde_json::{Value, json};

/// The credit rule of leaving without due notice (民法典 art. 947), proposed by a late warning.
const LATE_NOTICE_RULE: &str = "B07";

/// A warning as the enterprise files it.
#[derive(Debug, Clone)]
pub struct NewExitWarning {
    pub contract_id: i64,
    pub intended_end_on: NaiveDate,
    pub reason: String,
    /// The contract agrees on a shorter notice; `agreement_note` then says what it agrees.
    pub contract_agrees_otherwise: bool,
    pub agreement_note: Option<String>,
}

fn public(warning: &exit_warning::Model) -> Value {
    json!({
        "intendedEndOn": warning.intended_end_on,
        "reason": warning.reason,
        "contractAgreesOtherwise": warning.contract_agrees_otherwise,
        "agreementNote": warning.agreement_note,
        "filedOn": warning.filed_on,
        "acknowledgedOn": warning.acknowledged_on,
    })
}

/// What the contract says about notice, required when the warning relies on it.
fn agreement_note(new: &NewExitWarning) -> Result<Option<String>> {
    match (new.contract_agrees_otherwise, new.agreement_note.as_deref()) {
        (true, note) => Ok(Some(required("agreementNote", note.unwrap_or_default())?)),
        (false, None) => Ok(None),
        (false, Some(_)) => Err(InvalidField::new(
            "agreementNote",
            "agreement-only",
            "an agreement note goes with contractAgreesOtherwise only",
            "仅在合同另有约定时填写约定说明",
        )
        .into()),
    }
}

impl Service {
    /// 提交退出预警 The enterprise serving under a contract gives notice that it will stop serving.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn file_exit_warning(&self, actor: Option<&Actor>, new: NewExitWarning) -> Result<exit_warning::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", &new.reason)?;
        let note = agreement_note(&new)?;
        let txn = self.begin().await?;
        let current = find::<service_contract::Entity>(&txn, new.contract_id).await?;
        let (estate, enterprise, place) = parties(&txn, current.estate_id, current.enterprise_id).await?;
        if !actor.is_enterprise(&enterprise.credit_code) {
            return Err(forbidden("file exit warnings on this contract", "对该合同提交退出预警"));
        }
        workflow::check(current.status, &[ContractStatus::Active], ("file an exit warning", "提交退出预警"))?;
        let day = today();
        let notice = check_exit_warning(day, current.end_on, new.intended_end_on, new.contract_agrees_otherwise)?;
        let now = chrono::Utc::now();
        let warning = exit_warning::ActiveModel {
            contract_id: Set(current.id),
            estate_id: Set(estate.id),
            intended_end_on: Set(new.intended_end_on),
            reason: Set(reason.clone()),
            contract_agrees_otherwise: Set(new.contract_agrees_otherwise),
            agreement_note: Set(note),
            filed_on: Set(day),
            acknowledged_on: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = public_snapshot(public(&warning));
        self.audit(
            &txn,
            actor,
            Change::new(Action::FileExitWarning, &warning, &place, None, after).because(reason.clone()),
        )
        .await?;
        let warned = service_contract::Model { status: ContractStatus::ExitWarned, ..current.clone() };
        let warned = save(&txn, current.version, warned).await?;
        let snapshot =
            |c: &service_contract::Model| public_snapshot(contract::public(c, &estate.code, &enterprise.credit_code));
        let change = Change::update(Action::FileExitWarning, &place, (&current, &warned), snapshot);
        self.audit(&txn, actor, change.because(reason)).await?;
        if notice.is_late {
            self.propose_late_notice(&txn, actor, (&warned, &warning), (estate, enterprise, place), notice).await?;
        }
        txn.commit().await?;
        Ok(warning)
    }

    /// A late warning proposes the record of rule B07 (left without due notice) while the county keeps that rule.
    async fn propose_late_notice(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (contract, warning): (&service_contract::Model, &exit_warning::Model),
        (estate, enterprise, place): (estate::Model, enterprise::Model, Place),
        notice: ExitNotice,
    ) -> Result<()> {
        let Some(rule) = rule_if_in_use(txn, LATE_NOTICE_RULE).await? else { return Ok(()) };
        let (days, required) = (notice.notice_days, notice.required_days.unwrap_or_default());
        let proposal = Proposal {
            facts: format!(
                "{}的物业服务合同期限至{}，企业于{}提交退出预警，距期满仅{days}日，不足{required}日（《民法典》第九百四十七条）",
                estate.name, contract.end_on, warning.filed_on
            ),
            evidence: format!("退出预警（{}提交，拟退出日期{}）", warning.filed_on, warning.intended_end_on),
            estate_id: Some(estate.id),
            occurred_on: warning.filed_on,
            source: CreditRecordSource::ExitWarning,
            assessment_round_id: None,
            enterprise,
            rule,
            place,
        };
        self.propose(txn, actor, proposal, Action::FileExitWarning).await?;
        Ok(())
    }

    /// 确认收到退出预警 The community over the estate acknowledges a warning.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn acknowledge_exit_warning(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<exit_warning::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<exit_warning::Entity>(&txn, id).await?;
        let (_estate, place) = super::place::estate(&txn, current.estate_id).await?;
        require_tier(actor, Tier::Community, &place, "acknowledge exit warnings here", "确认该小区的退出预警")?;
        if let Some(day) = current.acknowledged_on {
            return Err(Error::InvalidState {
                message: format!("the warning was acknowledged on {day} already"),
                message_zh: format!("该退出预警已于{day}确认"),
            });
        }
        let next = exit_warning::Model { acknowledged_on: Some(today()), ..current.clone() };
        let saved = save(&txn, expected_version, next).await?;
        let change =
            Change::update(Action::AcknowledgeExitWarning, &place, (&current, &saved), |r| public_snapshot(public(r)));
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}
