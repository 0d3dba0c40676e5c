//! Emergency management (应急管理, county policy 五(四)): an estate left without service is kept clean and orderly
//! for at most six months, extensions included. Whoever acts for its owners applies; the town approves, rejects,
//! extends and ends. While a period is ACTIVE the estate's service mode is EMERGENCY (set and restored in the same
//! transaction as the period); a new contract starting ends it on the day before the contract starts. The six months
//! cover the whole vacancy (`vacancy.rs`).

mod vacancy;

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::enterprise::require_active;
use super::{Service, find, place, require_owners, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::estate::five_basics_kept;
use crate::domain::fixed_point::Money;
use crate::domain::lifecycle::{EmergencyPlan, check_emergency_period, check_emergency_plan, check_emergency_services};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::{Days, NaiveDate};
use entity::vocab::{
    EmergencyProvider, EmergencyStatus, FiveBasicsService, ServiceMode, Vocabulary, join_codes, split_codes,
};
use entity::{emergency_period, enterprise, estate};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// An application for emergency management.
#[derive(Debug, Clone)]
pub struct NewEmergency {
    pub estate_id: i64,
    pub provider: EmergencyProvider,
    /// The enterprise providing it, when the provider is an enterprise.
    pub provider_enterprise_id: Option<i64>,
    pub services: Vec<FiveBasicsService>,
    pub fee_per_m2_month: Money,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
}

/// What the town does with a period.
#[derive(Debug, Clone)]
pub enum EmergencyStep {
    /// With its temporary management plan (required: county policy 五(四)).
    Approve {
        plan: Option<EmergencyPlan>,
    },
    Reject {
        reason: String,
    },
    /// Moves the last day out, within six months of the start.
    Extend {
        end_on: NaiveDate,
    },
    End {
        ended_on: NaiveDate,
        reason: String,
    },
}

type Period = emergency_period::Model;

fn public(period: &Period) -> Value {
    json!({
        "status": period.status,
        "provider": period.provider,
        "providerEnterpriseId": period.provider_enterprise_id,
        "services": period.services,
        "feePerSquareMeterMonth": Money(period.fee_per_m2_month).to_string(),
        "startOn": period.start_on,
        "endOn": period.end_on,
        "vacancyStartOn": period.vacancy_start(),
        "appliedOn": period.applied_on,
        "approvedOn": period.approved_on,
        "endedOn": period.ended_on,
        "reason": period.reason,
        "plan": period.plan_planned_end.map(|planned_end| json!({
            "townRole": period.plan_town_role,
            "communityRole": period.plan_community_role,
            "committeeRole": period.plan_committee_role,
            "providerRole": period.plan_provider_role,
            "feeCollection": period.plan_fee_collection,
            "plannedEnd": planned_end,
        })),
    })
}

fn check_application(new: &NewEmergency) -> Result<()> {
    check_emergency_services(&new.services)?;
    if new.fee_per_m2_month.fen() < 0 {
        let message = "the fee must not be negative";
        return Err(InvalidField::new("feePerSquareMeterMonth", "non-negative", message, "费用不能为负数").into());
    }
    Ok(())
}

/// The enterprise providing emergency management goes with the ENTERPRISE provider, and only with it.
async fn providing_enterprise(txn: &DatabaseTransaction, new: &NewEmergency) -> Result<Option<i64>> {
    let wrong = |message: &str, message_zh: &str| {
        Err(InvalidField::new("providerEnterpriseId", "provider-enterprise", message, message_zh).into())
    };
    match (new.provider, new.provider_enterprise_id) {
        (EmergencyProvider::Enterprise, Some(id)) => {
            let provider = find::<enterprise::Entity>(txn, id).await?;
            require_active(&provider, ("provide emergency management", "提供应急管理服务"))?;
            Ok(Some(provider.id))
        }
        (EmergencyProvider::Enterprise, None) => wrong("name the enterprise that provides it", "请指定提供服务的企业"),
        (EmergencyProvider::FiveBasics, Some(_)) => {
            wrong("an enterprise goes with the ENTERPRISE provider only", "仅在由企业提供服务时指定企业")
        }
        (EmergencyProvider::FiveBasics, None) => Ok(None),
    }
}

/// INVALID_STATE when the estate has a period applied for or active already: one at a time.
async fn require_none_pending(txn: &DatabaseTransaction, estate_id: i64) -> Result<()> {
    let pending = emergency_period::Entity::find()
        .filter(emergency_period::Column::EstateId.eq(estate_id))
        .filter(emergency_period::Column::Status.is_in([EmergencyStatus::Applied, EmergencyStatus::Active]))
        .one(txn)
        .await?;
    match pending {
        Some(period) => Err(Error::InvalidState {
            message: format!(
                "the estate has an emergency period {} already (one at a time): extend or end it instead",
                period.status.code()
            ),
            message_zh: "该小区已有申请中或实施中的应急管理（同一时间只能有一期），请延期或结束现有一期".to_owned(),
        }),
        None => Ok(()),
    }
}

impl Service {
    /// 申请应急管理 The estate's committee (or, where none is active, its community) applies.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn apply_emergency_management(&self, actor: Option<&Actor>, new: NewEmergency) -> Result<Period> {
        let actor = signed_in(actor)?;
        check_application(&new)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        require_owners(&txn, actor, estate.id, &place).await?;
        let provider_enterprise_id = providing_enterprise(&txn, &new).await?;
        require_none_pending(&txn, estate.id).await?;
        vacancy::require_left(&txn, estate.id).await?;
        let vacancy_start = vacancy::first_day(&txn, &estate, new.start_on, None).await?;
        check_emergency_period(vacancy_start, new.start_on, new.end_on)?;
        let now = chrono::Utc::now();
        let period = emergency_period::ActiveModel {
            estate_id: Set(estate.id),
            status: Set(EmergencyStatus::Applied),
            provider: Set(new.provider),
            provider_enterprise_id: Set(provider_enterprise_id),
            services: Set(join_codes(&new.services)),
            fee_per_m2_month: Set(new.fee_per_m2_month.fen()),
            start_on: Set(new.start_on),
            end_on: Set(new.end_on),
            vacancy_start_on: Set(Some(vacancy_start)),
            applied_on: Set(today()),
            approved_on: Set(None),
            ended_on: Set(None),
            reason: Set(None),
            previous_service_mode: Set(estate.service_mode),
            previous_five_basics: Set(estate.five_basics.clone()),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = public_snapshot(public(&period));
        self.commit(txn, actor, Change::new(Action::ApplyEmergencyManagement, &period, &place, None, after)).await?;
        Ok(period)
    }

    /// 审批、延期、结束应急管理 The town moves a period on: approve or reject an application, extend or end an
    /// active period. Approving puts the estate in the EMERGENCY service mode; ending restores the mode it had.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_emergency_management(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: EmergencyStep,
    ) -> Result<Period> {
        let actor = signed_in(actor)?;
        let step = match step {
            EmergencyStep::Reject { reason } => EmergencyStep::Reject { reason: required("reason", &reason)? },
            EmergencyStep::End { ended_on, reason } => {
                EmergencyStep::End { ended_on, reason: required("reason", &reason)? }
            }
            // Checked here, before the transaction: `plan` is Some from now on.
            EmergencyStep::Approve { plan } => EmergencyStep::Approve { plan: Some(check_emergency_plan(plan)?) },
            step => step,
        };
        let txn = self.begin().await?;
        let current = find::<emergency_period::Entity>(&txn, id).await?;
        let (estate, place) = place::estate(&txn, current.estate_id).await?;
        let (action, words, from) = match step {
            EmergencyStep::Approve { .. } => (
                Action::ApproveEmergencyManagement,
                ("approve emergency management", "批准应急管理"),
                EmergencyStatus::Applied,
            ),
            EmergencyStep::Reject { .. } => (
                Action::RejectEmergencyManagement,
                ("reject emergency management", "不予批准应急管理"),
                EmergencyStatus::Applied,
            ),
            EmergencyStep::Extend { .. } => (
                Action::ExtendEmergencyManagement,
                ("extend emergency management", "延长应急管理"),
                EmergencyStatus::Active,
            ),
            EmergencyStep::End { .. } => {
                (Action::EndEmergencyManagement, ("end emergency management", "结束应急管理"), EmergencyStatus::Active)
            }
        };
        require_tier(actor, Tier::Town, &place, words.0, words.1)?;
        workflow::check(current.status, &[from], words)?;
        let (next, reason) = match step {
            EmergencyStep::Approve { plan } => {
                // The estate may have been served, or another period ended, since the application.
                vacancy::require_left(&txn, estate.id).await?;
                let vacancy_start = vacancy::first_day(&txn, &estate, current.start_on, Some(current.id)).await?;
                check_emergency_period(vacancy_start, current.start_on, current.end_on)?;
                let next = Period {
                    status: EmergencyStatus::Active,
                    vacancy_start_on: Some(vacancy_start),
                    plan_town_role: plan.as_ref().map(|p| p.town_role.clone()),
                    plan_community_role: plan.as_ref().map(|p| p.community_role.clone()),
                    plan_committee_role: plan.as_ref().map(|p| p.committee_role.clone()),
                    plan_provider_role: plan.as_ref().map(|p| p.provider_role.clone()),
                    plan_fee_collection: plan.as_ref().map(|p| p.fee_collection.clone()),
                    plan_planned_end: plan.as_ref().map(|p| p.planned_end),
                    approved_on: Some(today()),
                    previous_service_mode: estate.service_mode,
                    previous_five_basics: estate.five_basics.clone(),
                    ..current.clone()
                };
                (next, None)
            }
            EmergencyStep::Reject { reason } => (
                Period { status: EmergencyStatus::Rejected, reason: Some(reason.clone()), ..current.clone() },
                Some(reason),
            ),
            EmergencyStep::Extend { end_on } => {
                if end_on <= current.end_on {
                    let message = format!("an extension moves the last day out beyond {}", current.end_on);
                    let message_zh = format!("延期后的结束日期应晚于{}", current.end_on);
                    return Err(InvalidField::new("endOn", "extends-period", message, message_zh).into());
                }
                check_emergency_period(current.vacancy_start(), current.start_on, end_on)?;
                (Period { end_on, ..current.clone() }, None)
            }
            EmergencyStep::End { ended_on, reason } => {
                if ended_on < current.start_on || ended_on > current.end_on.max(today()) {
                    let message = "a period ends between its first day and its last (or today, if it ran on)";
                    let error = InvalidField::new("endedOn", "within-period", message, "结束日期应在应急管理期间内");
                    return Err(error.into());
                }
                let next = Period {
                    status: EmergencyStatus::Ended,
                    ended_on: Some(ended_on),
                    reason: Some(reason.clone()),
                    ..current.clone()
                };
                (next, Some(reason))
            }
        };
        // Two approvals racing for one estate: the partial unique index lets one period be ACTIVE.
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::update(action, &place, (&current, &saved), |r| public_snapshot(public(r)));
        self.audit(&txn, actor, change.because(reason.clone())).await?;
        match saved.status {
            EmergencyStatus::Active if current.status == EmergencyStatus::Applied => {
                let emergency = (ServiceMode::Emergency, "");
                self.set_service_mode(&txn, actor, (&estate, &place), emergency, (action, reason)).await?;
            }
            EmergencyStatus::Ended => {
                let previous = (saved.previous_service_mode, saved.previous_five_basics.as_str());
                self.set_service_mode(&txn, actor, (&estate, &place), previous, (action, reason)).await?;
            }
            _ => {}
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// A new contract for the estate starts on `start_on`: its active emergency period, if any, ends the day
    /// before, and the estate is served by the market again. Part of the contract's transaction.
    pub(super) async fn end_emergency_for_contract(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (estate, place): (&estate::Model, &Place),
        start_on: NaiveDate,
    ) -> Result<()> {
        let active = emergency_period::Entity::find()
            .filter(emergency_period::Column::EstateId.eq(estate.id))
            .filter(emergency_period::Column::Status.eq(EmergencyStatus::Active))
            .one(txn)
            .await?;
        let Some(current) = active else { return Ok(()) };
        let day_before = start_on.checked_sub_days(Days::new(1)).unwrap_or(start_on);
        let reason = format!("新合同自{start_on}起生效 A new contract starts on {start_on}");
        let next = Period {
            status: EmergencyStatus::Ended,
            ended_on: Some(day_before.max(current.start_on)),
            reason: Some(reason.clone()),
            ..current.clone()
        };
        let saved = save(txn, current.version, next).await?;
        let change =
            Change::update(Action::EndEmergencyManagement, place, (&current, &saved), |r| public_snapshot(public(r)));
        self.audit(txn, actor, change.because(reason.clone())).await?;
        let market = (ServiceMode::Market, "");
        self.set_service_mode(txn, actor, (estate, place), market, (Action::CreateContract, Some(reason))).await
    }

    /// The estate's service mode (and five-basics services) follow its emergency period, in the same transaction.
    async fn set_service_mode(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (estate, place): (&estate::Model, &Place),
        (mode, five_basics): (ServiceMode, &str),
        (action, reason): (Action, Option<String>),
    ) -> Result<()> {
        let current = find::<estate::Entity>(txn, estate.id).await?;
        let services = join_codes(&five_basics_kept(mode, split_codes(five_basics)));
        let next = estate::Model { service_mode: mode, five_basics: services, ..current.clone() };
        let saved = save(txn, current.version, next).await?;
        let view = |e: &estate::Model| json!({ "serviceMode": e.service_mode, "fiveBasics": e.five_basics });
        let change = Change::update(action, place, (&current, &saved), |r| public_snapshot(view(r)));
        self.audit(txn, actor, change.because(reason)).await
    }
}
