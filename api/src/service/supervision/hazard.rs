//! 违法违规行为及隐患报告 Hazard reports (county policy 四(四)5): the estate's committee, its community or the
//! enterprise serving it stops a violation or hazard and reports it to the town, which acknowledges it, refers it to
//! the competent department and closes it with the outcome. Staff only, audited as staff-only: a report may name
//! residents. Steps may be recorded after the fact, dated in order and never ahead.

use super::super::action::Action;
use super::super::audit::{Change, snapshot};
use super::super::committee::active_committee;
use super::super::{Service, find, forbidden, place, require_tier, save, serving_enterprise, signed_in};
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::calendar::today;
use crate::domain::supervision::check_day;
use crate::domain::text::{optional, required};
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::hazard_report;
use entity::vocab::{Department, HazardCategory, HazardReporter, HazardStatus};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde_json::{Value, json};

type Report = hazard_report::Model;

/// A report as its reporter files it.
#[derive(Debug, Clone)]
pub struct NewHazardReport {
    pub estate_id: i64,
    pub category: HazardCategory,
    pub location: String,
    pub action_taken: String,
    pub description: String,
    /// The day it was reported; today if not given.
    pub reported_on: Option<NaiveDate>,
}

/// A step the town takes on a report.
#[derive(Debug, Clone)]
pub enum HazardStep {
    /// 受理 The town acknowledges the report.
    Acknowledge,
    /// 移交主管部门 The town refers it to the competent department.
    Refer { department: Department, department_name: String, note: Option<String> },
    /// 办结 The town closes it with the outcome.
    Close { outcome: String },
}

impl HazardStep {
    /// (action, words, the statuses it leaves).
    fn transition(&self) -> (Action, (&'static str, &'static str), &'static [HazardStatus]) {
        use HazardStatus::{Acknowledged, Referred, Reported};
        match self {
            HazardStep::Acknowledge => {
                (Action::AcknowledgeHazardReport, ("acknowledge this report", "受理该报告"), &[Reported])
            }
            HazardStep::Refer { .. } => {
                (Action::ReferHazardReport, ("refer this report", "移交该报告"), &[Acknowledged, Referred])
            }
            HazardStep::Close { .. } => {
                (Action::CloseHazardReport, ("close this report", "办结该报告"), &[Acknowledged, Referred])
            }
        }
    }
}

/// The staff-only snapshot of a report.
fn view(r: &Report) -> Value {
    snapshot(
        json!({}),
        json!({
            "reporter": r.reporter,
            "reporterEnterpriseId": r.reporter_enterprise_id,
            "category": r.category,
            "location": r.location,
            "actionTaken": r.action_taken,
            "description": r.description,
            "reportedOn": r.reported_on,
            "status": r.status,
            "acknowledgedOn": r.acknowledged_on,
            "referredOn": r.referred_on,
            "department": r.department,
            "departmentName": r.department_name,
            "referralNote": r.referral_note,
            "closedOn": r.closed_on,
            "outcome": r.outcome,
        }),
    )
}

/// Who the actor reports as: the estate's active committee, the community over it, or the enterprise serving it;
/// FORBIDDEN for anyone else.
async fn reporter(
    txn: &DatabaseTransaction,
    actor: &Actor,
    estate_id: i64,
    place: &Place,
) -> Result<(HazardReporter, Option<i64>)> {
    let words = ("report hazards in this estate", "报告该小区的违法违规行为及隐患");
    match actor.role {
        Role::Committee if actor.is_committee_of(place) && active_committee(txn, estate_id).await?.is_some() => {
            Ok((HazardReporter::Committee, None))
        }
        Role::Community if actor.supervises(Tier::Community, place) => Ok((HazardReporter::Community, None)),
        Role::Enterprise => match serving_enterprise(txn, estate_id).await? {
            Some(enterprise) if actor.is_enterprise(&enterprise.credit_code) => {
                Ok((HazardReporter::Enterprise, Some(enterprise.id)))
            }
            _ => Err(forbidden(words.0, words.1)),
        },
        _ => Err(forbidden(words.0, words.1)),
    }
}

impl Service {
    /// 报告违法违规行为及隐患 The estate's committee, its community or the enterprise serving it reports to the town.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_hazard(&self, actor: Option<&Actor>, new: NewHazardReport) -> Result<Report> {
        let actor = signed_in(actor)?;
        let location = required("location", &new.location)?;
        let action_taken = required("actionTaken", &new.action_taken)?;
        let description = required("description", &new.description)?;
        let day = today();
        let reported_on = new.reported_on.unwrap_or(day);
        check_day("reportedOn", reported_on, NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date"), day)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let (who, enterprise_id) = reporter(&txn, actor, estate.id, &place).await?;
        let now = chrono::Utc::now();
        let report = hazard_report::ActiveModel {
            estate_id: Set(estate.id),
            reporter: Set(who),
            reporter_enterprise_id: Set(enterprise_id),
            category: Set(new.category),
            location: Set(location),
            action_taken: Set(action_taken),
            description: Set(description),
            reported_on: Set(reported_on),
            status: Set(HazardStatus::Reported),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let change = Change::new(Action::ReportHazard, &report, &place, None, view(&report));
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(report)
    }

    /// 受理、移交、办结 The town moves a report on: acknowledges it, refers it (again, to another department, if need
    /// be), closes it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_hazard_report(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: HazardStep,
        on: Option<NaiveDate>,
    ) -> Result<Report> {
        let actor = signed_in(actor)?;
        let step = match step {
            HazardStep::Refer { department, department_name, note } => HazardStep::Refer {
                department,
                department_name: required("departmentName", &department_name)?,
                note: optional("note", note.as_deref())?,
            },
            HazardStep::Close { outcome } => HazardStep::Close { outcome: required("outcome", &outcome)? },
            step => step,
        };
        let txn = self.begin().await?;
        let current = find::<hazard_report::Entity>(&txn, id).await?;
        let (_estate, place) = place::estate(&txn, current.estate_id).await?;
        let (action, words, from) = step.transition();
        require_tier(actor, Tier::Town, &place, words.0, words.1)?;
        workflow::check(current.status, from, words)?;
        let day = today();
        let on = on.unwrap_or(day);
        let last =
            [Some(current.reported_on), current.acknowledged_on, current.referred_on].into_iter().flatten().max();
        check_day("on", on, last.unwrap_or(current.reported_on), day)?;
        let next = match step {
            HazardStep::Acknowledge => {
                Report { status: HazardStatus::Acknowledged, acknowledged_on: Some(on), ..current.clone() }
            }
            HazardStep::Refer { department, department_name, note } => Report {
                status: HazardStatus::Referred,
                referred_on: Some(on),
                department: Some(department),
                department_name: Some(department_name),
                referral_note: note,
                ..current.clone()
            },
            HazardStep::Close { outcome } => {
                Report { status: HazardStatus::Closed, closed_on: Some(on), outcome: Some(outcome), ..current.clone() }
            }
        };
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::update(action, &place, (&current, &saved), view);
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(saved)
    }
}
