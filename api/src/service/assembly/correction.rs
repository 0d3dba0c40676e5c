//! 责令改正 When an owners' assembly or committee decides against the law, the town orders it corrected by a
//! deadline or revokes the decision, and tells every owner (county policy 四(二)6): each order and each revocation
//! carries a notice to all owners, public on the estate's page and in the change feed. Whoever acts for the owners
//! reports the correction; the town accepts it or revokes the decision. A revoked resolution stays, as revoked.
//! The order's steps are one table ([`CorrectionStep::transition`]) read by `move_correction_order`.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, find, forbidden, place, require_owners, require_tier, save, signed_in};
use super::resolution_view;
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::supervision::check_day;
use crate::domain::text::{optional, required};
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{CommitteeStatus, CorrectionKind, CorrectionStatus, ResolutionOutcome};
use entity::{assembly_meeting, committee, correction_order, resolution};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

type Order = correction_order::Model;

/// What an order is against.
#[derive(Debug, Clone)]
pub enum CorrectionTarget {
    /// An adopted resolution of the estate's assembly.
    Resolution(i64),
    /// A decision of a committee, as the town describes it.
    CommitteeDecision { committee_id: i64, decision: String },
}

/// An order as the town issues it.
#[derive(Debug, Clone)]
pub struct NewCorrectionOrder {
    pub target: CorrectionTarget,
    pub law: String,
    pub deadline: NaiveDate,
    /// The notice to all owners.
    pub notice: String,
    pub issued_on: Option<NaiveDate>,
}

/// A step of an order, with the day it happened (today if not given).
#[derive(Debug, Clone)]
pub enum CorrectionStep {
    /// 报告改正情况 Whoever acts for the owners reports how the decision was corrected.
    Report { report: String },
    /// 确认改正 The town accepts the correction.
    Accept { note: Option<String> },
    /// 予以撤销 The town revokes the decision, with a new notice to all owners.
    Revoke { notice: String },
}

/// One row of the table.
struct Transition {
    action: Action,
    words: (&'static str, &'static str),
    from: &'static [CorrectionStatus],
    /// `None`: whoever acts for the owners; a tier: staff at it or above over the estate.
    who: Option<Tier>,
}

impl CorrectionStep {
    /// The table of transitions.
    fn transition(&self) -> Transition {
        use CorrectionStatus::{Issued, Reported};
        let row = |action, words, from, who| Transition { action, words, from, who };
        match self {
            CorrectionStep::Report { .. } => {
                row(Action::ReportCorrection, ("report on this order", "报告改正情况"), &[Issued], None)
            }
            CorrectionStep::Accept { .. } => {
                row(Action::AcceptCorrection, ("accept this correction", "确认改正"), &[Reported], Some(Tier::Town))
            }
            CorrectionStep::Revoke { .. } => row(
                Action::RevokeDecision,
                ("revoke this decision", "撤销该决定"),
                &[Issued, Reported],
                Some(Tier::Town),
            ),
        }
    }
}

/// The public snapshot of an order.
fn view(order: &Order) -> Value {
    public_snapshot(json!({
        "kind": order.kind,
        "resolutionId": order.resolution_id,
        "committeeId": order.committee_id,
        "decision": order.decision,
        "law": order.law,
        "deadline": order.deadline,
        "notice": order.notice,
        "issuedOn": order.issued_on,
        "status": order.status,
        "reportedOn": order.reported_on,
        "report": order.report,
        "closedOn": order.closed_on,
        "closingNote": order.closing_note,
    }))
}

/// The adopted, unrevoked resolution `id`, with no order pending against it, and the day its meeting was held;
/// BAD_USER_INPUT or INVALID_STATE.
async fn revocable(txn: &DatabaseTransaction, resolution: resolution::Model) -> Result<(resolution::Model, NaiveDate)> {
    let id = resolution.id;
    if resolution.outcome != ResolutionOutcome::Adopted {
        let message = "only an adopted resolution has force to correct or revoke";
        return Err(
            InvalidField::new("resolutionId", "resolution-in-force", message, "仅已通过的决定需要改正或撤销").into()
        );
    }
    if resolution.revoked_on.is_some() {
        return Err(Error::InvalidState {
            message: "the resolution is revoked already".into(),
            message_zh: "该决定已被撤销".into(),
        });
    }
    let pending = correction_order::Entity::find()
        .filter(correction_order::Column::ResolutionId.eq(id))
        .filter(correction_order::Column::Status.is_in([CorrectionStatus::Issued, CorrectionStatus::Reported]))
        .count(txn)
        .await?;
    if pending > 0 {
        return Err(Error::InvalidState {
            message: "an order against the resolution is pending: accept the correction or revoke through it".into(),
            message_zh: "针对该决定的责令改正尚在办理中，请通过该责令改正确认或撤销".into(),
        });
    }
    let meeting = find::<assembly_meeting::Entity>(txn, resolution.meeting_id).await?;
    Ok((resolution, meeting.held_on))
}

impl Service {
    /// 责令限期改正 The town orders an adopted resolution, or a committee's decision, corrected by a deadline, with
    /// a notice to all owners.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn issue_correction_order(&self, actor: Option<&Actor>, new: NewCorrectionOrder) -> Result<Order> {
        let actor = signed_in(actor)?;
        let law = required("law", &new.law)?;
        let notice = required("notice", &new.notice)?;
        let day = today();
        let issued_on = new.issued_on.unwrap_or(day);
        if new.deadline < issued_on {
            let message = "the deadline cannot be before the day of issue";
            return Err(InvalidField::new("deadline", "in-order", message, "改正期限不能早于下达日期").into());
        }
        let txn = self.begin().await?;
        // Who may order it first (where the resolution or the committee lies), then whether it can be ordered.
        enum Target {
            Resolution(resolution::Model),
            Committee(committee::Model, String),
        }
        let target = match new.target {
            CorrectionTarget::Resolution(id) => Target::Resolution(find::<resolution::Entity>(&txn, id).await?),
            CorrectionTarget::CommitteeDecision { committee_id, decision } => {
                let decision = required("decision", &decision)?;
                Target::Committee(find::<committee::Entity>(&txn, committee_id).await?, decision)
            }
        };
        let estate_id = match &target {
            Target::Resolution(resolution) => resolution.estate_id,
            Target::Committee(committee, _) => committee.estate_id,
        };
        let (_, place) = place::estate(&txn, estate_id).await?;
        require_tier(actor, Tier::Town, &place, "order corrections in this estate", "对该小区责令改正")?;
        let (resolution_id, committee_id, decision, since) = match target {
            Target::Resolution(resolution) => {
                let (resolution, held_on) = revocable(&txn, resolution).await?;
                (Some(resolution.id), None, None, held_on)
            }
            Target::Committee(committee, decision) => {
                workflow::check(committee.status, &[CommitteeStatus::Active], ("order a correction", "责令改正"))?;
                (None, Some(committee.id), Some(decision), committee.formed_on)
            }
        };
        check_day("issuedOn", issued_on, since, day)?;
        let now = chrono::Utc::now();
        let order = correction_order::ActiveModel {
            estate_id: Set(estate_id),
            kind: Set(CorrectionKind::Correct),
            resolution_id: Set(resolution_id),
            committee_id: Set(committee_id),
            decision: Set(decision),
            law: Set(law),
            deadline: Set(Some(new.deadline)),
            notice: Set(notice),
            issued_on: Set(issued_on),
            status: Set(CorrectionStatus::Issued),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        self.commit(txn, actor, Change::new(Action::IssueCorrectionOrder, &order, &place, None, view(&order))).await?;
        Ok(order)
    }

    /// 撤销决定 The town revokes an adopted resolution outright, with the law it breaks and a notice to all owners.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_resolution(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        (law, notice): (&str, &str),
        revoked_on: Option<NaiveDate>,
    ) -> Result<Order> {
        let actor = signed_in(actor)?;
        let law = required("law", law)?;
        let notice = required("notice", notice)?;
        let day = today();
        let txn = self.begin().await?;
        let resolution = find::<resolution::Entity>(&txn, id).await?;
        let (_, place) = place::estate(&txn, resolution.estate_id).await?;
        require_tier(actor, Tier::Town, &place, "revoke this resolution", "撤销该决定")?;
        let (resolution, held_on) = revocable(&txn, resolution).await?;
        let on = revoked_on.unwrap_or(day);
        check_day("revokedOn", on, held_on, day)?;
        let now = chrono::Utc::now();
        let order = correction_order::ActiveModel {
            estate_id: Set(resolution.estate_id),
            kind: Set(CorrectionKind::Revoke),
            resolution_id: Set(Some(resolution.id)),
            law: Set(law),
            notice: Set(notice.clone()),
            issued_on: Set(on),
            status: Set(CorrectionStatus::Revoked),
            closed_on: Set(Some(on)),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        self.audit(&txn, actor, Change::new(Action::RevokeResolution, &order, &place, None, view(&order))).await?;
        let action = Action::RevokeResolution;
        self.revoke(&txn, (actor, &place, action), (resolution, expected_version), (on, notice)).await?;
        txn.commit().await?;
        Ok(order)
    }

    /// 报告、确认、撤销 The one way an order moves on: the owners' side reports the correction; the town accepts it
    /// or revokes the decision.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_correction_order(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: CorrectionStep,
        on: Option<NaiveDate>,
    ) -> Result<Order> {
        let actor = signed_in(actor)?;
        let step = match step {
            CorrectionStep::Report { report } => CorrectionStep::Report { report: required("report", &report)? },
            CorrectionStep::Accept { note } => CorrectionStep::Accept { note: optional("note", note.as_deref())? },
            CorrectionStep::Revoke { notice } => CorrectionStep::Revoke { notice: required("notice", &notice)? },
        };
        let txn = self.begin().await?;
        let current = find::<correction_order::Entity>(&txn, id).await?;
        let (_, place) = place::estate(&txn, current.estate_id).await?;
        let Transition { action, words, from, who } = step.transition();
        match who {
            Some(tier) => require_tier(actor, tier, &place, words.0, words.1)?,
            None => {
                require_owners(&txn, actor, current.estate_id, &place).await.map_err(|_| forbidden(words.0, words.1))?
            }
        }
        workflow::check(current.status, from, words)?;
        let day = today();
        let on = on.unwrap_or(day);
        check_day("on", on, current.reported_on.unwrap_or(current.issued_on), day)?;
        let mut revocation = None;
        let next = match step {
            CorrectionStep::Report { report } => Order {
                status: CorrectionStatus::Reported,
                reported_on: Some(on),
                report: Some(report),
                ..current.clone()
            },
            CorrectionStep::Accept { note } => {
                Order { status: CorrectionStatus::Accepted, closed_on: Some(on), closing_note: note, ..current.clone() }
            }
            CorrectionStep::Revoke { notice } => {
                revocation = Some(notice.clone());
                Order {
                    status: CorrectionStatus::Revoked,
                    closed_on: Some(on),
                    closing_note: Some(notice),
                    ..current.clone()
                }
            }
        };
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::new(action, &saved, &place, Some(view(&current)), view(&saved));
        self.audit(&txn, actor, change).await?;
        if let (Some(notice), Some(resolution_id)) = (revocation, current.resolution_id) {
            let resolution = find::<resolution::Entity>(&txn, resolution_id).await?;
            let version = resolution.version;
            self.revoke(&txn, (actor, &place, action), (resolution, version), (on, notice)).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// Marks `resolution` revoked on `on`, saved against `expected_version`, and records the event of `action` with
    /// the notice.
    async fn revoke(
        &self,
        txn: &DatabaseTransaction,
        (actor, place, action): (&Actor, &Place, Action),
        (resolution, expected_version): (resolution::Model, i32),
        (on, notice): (NaiveDate, String),
    ) -> Result<resolution::Model> {
        let next = resolution::Model { revoked_on: Some(on), ..resolution.clone() };
        let saved = save(txn, expected_version, next).await?;
        let view = |r: &resolution::Model| public_snapshot(resolution_view(r));
        let change = Change::update(action, place, (&resolution, &saved), view).because(notice);
        self.audit(txn, actor, change).await?;
        Ok(saved)
    }
}
