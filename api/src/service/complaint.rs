//! Complaints (投诉): received by a town or community (a work-order number once per channel), assigned by the town to
//! the community, the estate's committee or the enterprise serving it, answered by that assignee, closed with an
//! outcome and the complainant's satisfaction, reopened when the complainant disputes the outcome. Every step is
//! audited as staff-only (the public sees statistics), and the complainant's name and phone enter the audit log
//! only as digests. Steps may be recorded after the fact, dated in order and never ahead.

use super::action::Action;
use super::audit::{Change, snapshot};
use super::committee::active_committee;
use super::{Service, find, forbidden, place, require_tier, save, serving_enterprise, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::complaint::{check_step_time, check_working_days};
use crate::domain::text::{phone, required};
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use entity::vocab::{
    ComplaintAssignee, ComplaintCategory, ComplaintChannel, ComplaintStatus, Satisfaction, Vocabulary,
};
use entity::{complaint, complaint_response, complaint_time_limit, enterprise};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// A complaint as staff receive it.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub channel: ComplaintChannel,
    /// The work-order number; wuye numbers the complaint when there is none.
    pub ticket_number: Option<String>,
    pub category: ComplaintCategory,
    pub estate_id: i64,
    /// The enterprise complained about; by default the one serving the estate.
    pub enterprise_id: Option<i64>,
    pub summary: String,
    pub complainant_name: Option<String>,
    pub complainant_phone: Option<String>,
    /// When it came in; now if not given.
    pub received_at: Option<DateTime<Utc>>,
}

/// A step of a complaint's workflow, with when it happened (now if not given).
#[derive(Debug, Clone)]
pub enum ComplaintStep {
    Assign { to: ComplaintAssignee },
    Respond { body: String },
    Close { outcome: String, satisfaction: Satisfaction },
    Reopen { reason: String },
}

type Complaint = complaint::Model;

impl ComplaintStep {
    fn action(&self) -> Action {
        match self {
            ComplaintStep::Assign { .. } => Action::AssignComplaint,
            ComplaintStep::Respond { .. } => Action::RespondToComplaint,
            ComplaintStep::Close { .. } => Action::CloseComplaint,
            ComplaintStep::Reopen { .. } => Action::ReopenComplaint,
        }
    }

    fn words(&self) -> (&'static str, &'static str) {
        match self {
            ComplaintStep::Assign { .. } => ("assign this complaint", "交办该投诉"),
            ComplaintStep::Respond { .. } => ("respond to this complaint", "答复该投诉"),
            ComplaintStep::Close { .. } => ("close this complaint", "办结该投诉"),
            ComplaintStep::Reopen { .. } => ("reopen this complaint", "重新办理该投诉"),
        }
    }

    /// The statuses the step leaves.
    fn from(&self) -> &'static [ComplaintStatus] {
        match self {
            ComplaintStep::Assign { .. } => &[ComplaintStatus::Received, ComplaintStatus::Reopened],
            ComplaintStep::Respond { .. } => &[ComplaintStatus::Assigned],
            ComplaintStep::Close { .. } => &[ComplaintStatus::Responded],
            ComplaintStep::Reopen { .. } => &[ComplaintStatus::Closed],
        }
    }
}

/// The staff-only snapshot of a complaint: the complainant only as digests.
fn staff_view(service: &Service, c: &Complaint) -> Value {
    let staff = json!({
        "channel": c.channel,
        "ticketNumber": c.ticket_number,
        "category": c.category,
        "enterpriseId": c.enterprise_id,
        "summary": c.summary,
        "complainantName": service.personal(c.complainant_name.as_deref()),
        "complainantPhone": service.personal(c.complainant_phone.as_deref()),
        "receivedAt": c.received_at,
        "status": c.status,
        "assignee": c.assignee,
        "assignedAt": c.assigned_at,
        "respondedAt": c.responded_at,
        "closedAt": c.closed_at,
        "outcome": c.outcome,
        "satisfaction": c.satisfaction,
        "reopenCount": c.reopen_count,
        "reopenedAt": c.reopened_at,
        "reopenReason": c.reopen_reason,
    });
    snapshot(json!({}), staff)
}

/// The last moment anything happened to a complaint: the next step is dated no earlier.
fn last_step(c: &Complaint) -> DateTime<Utc> {
    [Some(c.received_at), c.assigned_at, c.responded_at, c.closed_at, c.reopened_at]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(c.received_at)
}

/// FORBIDDEN unless `actor` is the complaint's assignee: staff over its community, its estate's active committee,
/// or the enterprise serving the estate now.
async fn require_assignee(txn: &DatabaseTransaction, actor: &Actor, c: &Complaint, place: &Place) -> Result<()> {
    let is = match c.assignee {
        Some(ComplaintAssignee::Community) => actor.supervises(Tier::Community, place),
        Some(ComplaintAssignee::Committee) => {
            actor.is_committee_of(place) && active_committee(txn, c.estate_id).await?.is_some()
        }
        Some(ComplaintAssignee::Enterprise) => {
            serving_enterprise(txn, c.estate_id).await?.is_some_and(|e| actor.is_enterprise(&e.credit_code))
        }
        None => false,
    };
    if is {
        Ok(())
    } else {
        Err(forbidden("respond to this complaint: it is assigned to someone else", "答复该投诉（已交办其他单位）"))
    }
}

/// INVALID_STATE unless the estate has the assignee to take the complaint.
async fn require_assignable(txn: &DatabaseTransaction, c: &Complaint, to: ComplaintAssignee) -> Result<()> {
    let missing = match to {
        ComplaintAssignee::Community => None,
        ComplaintAssignee::Committee => active_committee(txn, c.estate_id)
            .await?
            .is_none()
            .then_some(("the estate has no active committee", "该小区没有在任的委员会")),
        ComplaintAssignee::Enterprise => serving_enterprise(txn, c.estate_id)
            .await?
            .is_none()
            .then_some(("no enterprise serves the estate", "该小区没有物业服务企业")),
    };
    match missing {
        Some((message, message_zh)) => Err(Error::InvalidState {
            message: format!("cannot assign the complaint to {}: {message}", to.code()),
            message_zh: format!("无法交办给{}：{message_zh}", to.label_zh()),
        }),
        None => Ok(()),
    }
}

impl Service {
    /// 受理投诉 A town or community receives a complaint about an estate in its scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn receive_complaint(&self, actor: Option<&Actor>, new: NewComplaint) -> Result<Complaint> {
        let actor = signed_in(actor)?;
        let summary = required("summary", &new.summary)?;
        let name = match new.complainant_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => Some(required("complainantName", name)?),
            None => None,
        };
        let phone = phone("complainantPhone", new.complainant_phone.as_deref())?;
        let ticket = match new.ticket_number.as_deref() {
            Some(ticket) => Some(required("ticketNumber", ticket)?),
            None => None,
        };
        let now = Utc::now();
        let received_at = new.received_at.unwrap_or(now);
        check_step_time("receivedAt", received_at, DateTime::<Utc>::MIN_UTC, now)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        require_tier(actor, Tier::Community, &place, "receive complaints about this estate", "受理该小区的投诉")?;
        let enterprise_id = match new.enterprise_id {
            Some(id) => Some(find::<enterprise::Entity>(&txn, id).await?.id),
            None => serving_enterprise(&txn, estate.id).await?.map(|e| e.id),
        };
        let ticket_number = match ticket {
            Some(ticket) => {
                let existing = complaint::Entity::find()
                    .filter(complaint::Column::Channel.eq(new.channel))
                    .filter(complaint::Column::TicketNumber.eq(&ticket))
                    .one(&txn)
                    .await?;
                if let Some(existing) = existing {
                    let (on, status) =
                        (crate::domain::calendar::local_date(existing.received_at), existing.status.code());
                    return Err(Error::Conflict {
                        message: format!("work order {ticket} was received already on {on}, and is {status}"),
                        message_zh: format!("工单 {ticket} 已于{on}受理，当前状态为 {status}"),
                    });
                }
                ticket
            }
            None => {
                let county = place.county.clone().unwrap_or_default();
                let serial = super::sequence::next_value(&txn, &format!("complaint:{county}")).await?;
                format!("WY{county}{serial:06}")
            }
        };
        let complaint = complaint::ActiveModel {
            channel: Set(new.channel),
            ticket_number: Set(ticket_number),
            category: Set(new.category),
            estate_id: Set(estate.id),
            enterprise_id: Set(enterprise_id),
            summary: Set(summary),
            complainant_name: Set(name),
            complainant_phone: Set(phone),
            received_at: Set(received_at),
            status: Set(ComplaintStatus::Received),
            reopen_count: Set(0),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let change = Change::new(Action::ReceiveComplaint, &complaint, &place, None, staff_view(self, &complaint));
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(complaint)
    }

    /// 交办、答复、办结、重新办理 The one way a complaint moves on: the town assigns (again, once reopened); the
    /// assignee responds; a town or community closes it, or reopens it when the complainant disputes the outcome.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_complaint(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: ComplaintStep,
        at: Option<DateTime<Utc>>,
    ) -> Result<Complaint> {
        let actor = signed_in(actor)?;
        let step = match step {
            ComplaintStep::Respond { body } => ComplaintStep::Respond { body: required("body", &body)? },
            ComplaintStep::Close { outcome, satisfaction } => {
                ComplaintStep::Close { outcome: required("outcome", &outcome)?, satisfaction }
            }
            ComplaintStep::Reopen { reason } => ComplaintStep::Reopen { reason: required("reason", &reason)? },
            step => step,
        };
        let txn = self.begin().await?;
        let current = find::<complaint::Entity>(&txn, id).await?;
        let (_estate, place) = place::estate(&txn, current.estate_id).await?;
        let (what, what_zh) = step.words();
        match step {
            ComplaintStep::Assign { .. } => require_tier(actor, Tier::Town, &place, what, what_zh)?,
            ComplaintStep::Respond { .. } => require_assignee(&txn, actor, &current, &place).await?,
            ComplaintStep::Close { .. } | ComplaintStep::Reopen { .. } => {
                require_tier(actor, Tier::Community, &place, what, what_zh)?
            }
        }
        workflow::check(current.status, step.from(), step.words())?;
        let now = Utc::now();
        let at = at.unwrap_or(now);
        check_step_time("at", at, last_step(&current), now)?;
        let action = step.action();
        let mut reason = None;
        let mut response = None;
        let next = match step {
            ComplaintStep::Assign { to } => {
                require_assignable(&txn, &current, to).await?;
                Complaint {
                    status: ComplaintStatus::Assigned,
                    assignee: Some(to),
                    assigned_at: Some(at),
                    ..current.clone()
                }
            }
            ComplaintStep::Respond { body } => {
                response = Some((current.assignee.unwrap_or(ComplaintAssignee::Community), body));
                Complaint { status: ComplaintStatus::Responded, responded_at: Some(at), ..current.clone() }
            }
            ComplaintStep::Close { outcome, satisfaction } => Complaint {
                status: ComplaintStatus::Closed,
                closed_at: Some(at),
                outcome: Some(outcome),
                satisfaction: Some(satisfaction),
                ..current.clone()
            },
            ComplaintStep::Reopen { reason: why } => {
                reason = Some(why.clone());
                Complaint {
                    status: ComplaintStatus::Reopened,
                    closed_at: None,
                    outcome: None,
                    satisfaction: None,
                    reopen_count: current.reopen_count + 1,
                    reopened_at: Some(at),
                    reopen_reason: Some(why),
                    ..current.clone()
                }
            }
        };
        let saved = save(&txn, expected_version, next).await?;
        if let Some((assignee, body)) = response {
            complaint_response::ActiveModel {
                complaint_id: Set(saved.id),
                assignee: Set(assignee),
                body: Set(body),
                responded_at: Set(at),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let change = Change::update(action, &place, (&current, &saved), |c| staff_view(self, c));
        self.commit(txn, actor, change.because(reason).staff_only()).await?;
        Ok(saved)
    }

    /// 设定办理时限 The county sets a category's time limit from a later day on; complaints received before keep
    /// theirs.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_complaint_time_limit(
        &self,
        actor: Option<&Actor>,
        category: ComplaintCategory,
        working_days: i32,
        effective_from: NaiveDate,
        source: &str,
    ) -> Result<complaint_time_limit::Model> {
        let actor = signed_in(actor)?;
        check_working_days(working_days)?;
        let source = required("source", source)?;
        if effective_from <= crate::domain::calendar::today() {
            let message = "a time limit takes effect from a later day, so no complaint received already changes";
            let error = crate::domain::InvalidField::new(
                "effectiveFrom",
                "future-only",
                message,
                "新时限只能自以后的日期起生效",
            );
            return Err(error.into());
        }
        let txn = self.begin().await?;
        let place = super::county_place(&txn, actor, "set complaint time limits", "设定投诉办理时限").await?;
        let limit = complaint_time_limit::ActiveModel {
            category: Set(category),
            working_days: Set(working_days),
            effective_from: Set(effective_from),
            source: Set(source),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = super::audit::public_snapshot(json!({
            "category": limit.category, "workingDays": limit.working_days, "effectiveFrom": limit.effective_from,
            "source": limit.source,
        }));
        self.commit(txn, actor, Change::new(Action::SetComplaintTimeLimit, &limit, &place, None, after)).await?;
        Ok(limit)
    }
}
