//! 整改通知 Rectification notices: a town or the county orders the enterprise serving an estate (or its committee)
//! to correct items by a deadline; the addressee reports what it did; the issuer checks it (PASSED, or FAILED with
//! the items still open, which reopens it with a new deadline) or withdraws it with a reason. A step workflow as a
//! table ([`RectificationStep::transition`]), read by one function, `move_rectification_notice`. Every notice is
//! public from issue on.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot};
use super::super::committee::active_committee;
use super::super::working_calendar;
use super::super::{Service, acts_for_owners, find, forbidden, place, save, serving_enterprise, signed_in};
use super::{acting_body, tier_of};
use crate::auth::{Actor, Place};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::supervision::{Deadline, check_day, check_notice_items, check_open_items, deadline_day};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use entity::vocab::{NoticeAddressee, NoticeOrigin, RectificationStatus, SupervisoryTier};
use entity::{complaint, enterprise, inspection, rectification_item, rectification_notice};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

type Notice = rectification_notice::Model;

/// A notice as the issuer writes it.
#[derive(Debug, Clone)]
pub struct NewRectificationNotice {
    pub estate_id: i64,
    pub addressee: NoticeAddressee,
    /// The inspection whose findings it orders corrected, or
    pub inspection_id: Option<i64>,
    /// the complaint it follows (neither: on the issuer's own motion).
    pub complaint_id: Option<i64>,
    pub items: Vec<String>,
    pub legal_basis: String,
    /// The issuing body; by default the issuer's own tier (a town or the county).
    pub issuer: Option<SupervisoryTier>,
    /// The day of issue; today if not given.
    pub issued_on: Option<NaiveDate>,
    pub deadline: Deadline,
}

/// A step of a notice's workflow, with the day it happened (today if not given).
#[derive(Debug, Clone)]
pub enum RectificationStep {
    /// 报告整改情况 The addressee reports what it did.
    Report { report: String },
    /// 复查通过 The issuer's check passes every item.
    Pass { note: Option<String> },
    /// 复查未通过 The issuer's check leaves these items (positions 1, 2, …) open, with a new deadline.
    Fail { open_items: Vec<i32>, deadline: Deadline, note: String },
    /// 撤回 The issuer withdraws the notice.
    Withdraw { reason: String },
}

/// Who may take a step.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// The enterprise or committee the notice is addressed to.
    Addressee,
    /// Staff of the issuing tier (or above) over the estate.
    Issuer,
}

/// One row of the table.
struct Transition {
    action: Action,
    words: (&'static str, &'static str),
    from: &'static [RectificationStatus],
    who: Who,
}

impl RectificationStep {
    /// The table of transitions.
    fn transition(&self) -> Transition {
        use RectificationStatus::{Issued, Reopened, Reported};
        let row = |action, words, from, who| Transition { action, words, from, who };
        match self {
            RectificationStep::Report { .. } => row(
                Action::ReportRectification,
                ("report on this notice", "报告整改情况"),
                &[Issued, Reopened],
                Who::Addressee,
            ),
            RectificationStep::Pass { .. } | RectificationStep::Fail { .. } => {
                row(Action::VerifyRectification, ("check this rectification", "复查整改"), &[Reported], Who::Issuer)
            }
            RectificationStep::Withdraw { .. } => row(
                Action::WithdrawRectificationNotice,
                ("withdraw this notice", "撤回整改通知"),
                &[Issued, Reported, Reopened],
                Who::Issuer,
            ),
        }
    }
}

/// The public snapshot of a notice, its items included.
fn view(notice: &Notice, items: &[rectification_item::Model]) -> Value {
    let items: Vec<Value> =
        items.iter().map(|i| json!({ "position": i.position, "item": i.item, "isOpen": i.is_open })).collect();
    public_snapshot(json!({
        "number": notice.number,
        "issuer": notice.issuer,
        "issuerCode": notice.issuer_code,
        "issuerName": notice.issuer_name,
        "addressee": notice.addressee,
        "enterpriseId": notice.enterprise_id,
        "committeeId": notice.committee_id,
        "origin": notice.origin,
        "inspectionId": notice.inspection_id,
        "complaintId": notice.complaint_id,
        "legalBasis": notice.legal_basis,
        "issuedOn": notice.issued_on,
        "deadline": notice.deadline,
        "deadlineWorkingDays": notice.deadline_working_days,
        "status": notice.status,
        "round": notice.round,
        "report": notice.report,
        "reportedOn": notice.reported_on,
        "verifiedOn": notice.verified_on,
        "verificationNote": notice.verification_note,
        "lastFailedOn": notice.last_failed_on,
        "withdrawnOn": notice.withdrawn_on,
        "withdrawalReason": notice.withdrawal_reason,
        "creditRecordId": notice.credit_record_id,
        "items": items,
    }))
}

/// A notice's items, in order.
pub(super) async fn items_of(db: &impl ConnectionTrait, notice_id: i64) -> Result<Vec<rectification_item::Model>> {
    Ok(rectification_item::Entity::find()
        .filter(rectification_item::Column::NoticeId.eq(notice_id))
        .order_by_asc(rectification_item::Column::Position)
        .all(db)
        .await?)
}

/// Where a notice lies: its estate, and the enterprise addressed (whose staff read its events).
pub(super) async fn notice_place(db: &impl ConnectionTrait, notice: &Notice) -> Result<Place> {
    let (_estate, place) = place::estate(db, notice.estate_id).await?;
    let enterprise = match notice.enterprise_id {
        Some(id) => Some(find::<enterprise::Entity>(db, id).await?.credit_code),
        None => None,
    };
    Ok(Place { enterprise, ..place })
}

/// The origin of a new notice, from what it names: an inspection or a complaint of the same estate, or nothing.
async fn origin(db: &impl ConnectionTrait, new: &NewRectificationNotice) -> Result<NoticeOrigin> {
    let other_estate = |field: &str| {
        InvalidField::new(
            field,
            "same-estate",
            "it must be about the estate the notice is issued for",
            "须为同一小区的记录",
        )
    };
    match (new.inspection_id, new.complaint_id) {
        (Some(_), Some(_)) => Err(InvalidField::new(
            "complaintId",
            "one-origin",
            "a notice follows an inspection or a complaint, not both",
            "整改通知来源于巡查检查或投诉，只能选其一",
        )
        .into()),
        (Some(id), None) => {
            if find::<inspection::Entity>(db, id).await?.estate_id != new.estate_id {
                return Err(other_estate("inspectionId").into());
            }
            Ok(NoticeOrigin::Inspection)
        }
        (None, Some(id)) => {
            if find::<complaint::Entity>(db, id).await?.estate_id != new.estate_id {
                return Err(other_estate("complaintId").into());
            }
            Ok(NoticeOrigin::Complaint)
        }
        (None, None) => Ok(NoticeOrigin::Direct),
    }
}

fn working_days_of(deadline: Deadline) -> Option<i32> {
    match deadline {
        Deadline::WorkingDays(n) => Some(n),
        Deadline::On(_) => None,
    }
}

impl Service {
    /// 下达整改通知 A town or the county orders the enterprise serving an estate, or its committee, to correct items.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn issue_rectification_notice(
        &self,
        actor: Option<&Actor>,
        new: NewRectificationNotice,
    ) -> Result<Notice> {
        let actor = signed_in(actor)?;
        let items = check_notice_items(&new.items)?;
        let legal_basis = required("legalBasis", &new.legal_basis)?;
        let day = today();
        let issued_on = new.issued_on.unwrap_or(day);
        check_day("issuedOn", issued_on, NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date"), day)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let issuers = [SupervisoryTier::County, SupervisoryTier::Town];
        let words = ("issue rectification notices for this estate", "对该小区下达整改通知");
        let issuer = acting_body(&txn, actor, &place, new.issuer, &issuers, words).await?;
        let origin = origin(&txn, &new).await?;
        let calendar = working_calendar(&txn).await?;
        let deadline = deadline_day("deadline", new.deadline, issued_on, &calendar)?;
        let (enterprise, committee) = match new.addressee {
            NoticeAddressee::Enterprise => match serving_enterprise(&txn, estate.id).await? {
                Some(enterprise) => (Some(enterprise), None),
                None => return Err(no_addressee("no enterprise serves the estate", "该小区没有物业服务企业")),
            },
            NoticeAddressee::Committee => match active_committee(&txn, estate.id).await? {
                Some(committee) => (None, Some(committee)),
                None => return Err(no_addressee("the estate has no active committee", "该小区没有在任的委员会")),
            },
        };
        let county = place.county.clone().unwrap_or_default();
        let serial =
            super::super::sequence::next_value(&txn, &format!("rectification:{county}:{}", issued_on.year())).await?;
        let now = chrono::Utc::now();
        let notice = rectification_notice::ActiveModel {
            number: Set(format!("ZG{county}-{}-{serial:04}", issued_on.year())),
            estate_id: Set(estate.id),
            issuer: Set(issuer.tier),
            issuer_code: Set(issuer.code),
            issuer_name: Set(issuer.name),
            addressee: Set(new.addressee),
            enterprise_id: Set(enterprise.as_ref().map(|e| e.id)),
            committee_id: Set(committee.map(|c| c.id)),
            origin: Set(origin),
            inspection_id: Set(new.inspection_id),
            complaint_id: Set(new.complaint_id),
            legal_basis: Set(legal_basis),
            issued_on: Set(issued_on),
            deadline: Set(deadline),
            deadline_working_days: Set(working_days_of(new.deadline)),
            status: Set(RectificationStatus::Issued),
            round: Set(1),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        for (i, item) in items.into_iter().enumerate() {
            rectification_item::ActiveModel {
                notice_id: Set(notice.id),
                position: Set(i as i32 + 1),
                item: Set(item),
                is_open: Set(true),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let place = Place { enterprise: enterprise.map(|e| e.credit_code), ..place };
        let after = view(&notice, &items_of(&txn, notice.id).await?);
        self.commit(txn, actor, Change::new(Action::IssueRectificationNotice, &notice, &place, None, after)).await?;
        Ok(notice)
    }

    /// 报告、复查、撤回 The one way a notice moves on: the addressee reports; the issuer checks (passes, or fails
    /// with the items still open and a new deadline) or withdraws it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_rectification_notice(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: RectificationStep,
        on: Option<NaiveDate>,
    ) -> Result<Notice> {
        let actor = signed_in(actor)?;
        let step = match step {
            RectificationStep::Report { report } => RectificationStep::Report { report: required("report", &report)? },
            RectificationStep::Pass { note } => {
                RectificationStep::Pass { note: crate::domain::text::optional("note", note.as_deref())? }
            }
            RectificationStep::Fail { open_items, deadline, note } => {
                RectificationStep::Fail { open_items, deadline, note: required("note", &note)? }
            }
            RectificationStep::Withdraw { reason } => {
                RectificationStep::Withdraw { reason: required("reason", &reason)? }
            }
        };
        let txn = self.begin().await?;
        let current = find::<rectification_notice::Entity>(&txn, id).await?;
        let place = notice_place(&txn, &current).await?;
        let Transition { action, words, from, who } = step.transition();
        let allowed = match who {
            Who::Addressee => match current.addressee {
                NoticeAddressee::Enterprise => {
                    place.enterprise.as_deref().is_some_and(|code| actor.is_enterprise(code))
                }
                // The committee, or the community acting for one that does not work.
                NoticeAddressee::Committee => acts_for_owners(&txn, actor, current.estate_id, &place).await?,
            },
            Who::Issuer => actor.supervises(tier_of(current.issuer), &place),
        };
        if !allowed {
            return Err(forbidden(words.0, words.1));
        }
        workflow::check(current.status, from, words)?;
        let day = today();
        let on = on.unwrap_or(day);
        let last = [Some(current.issued_on), current.reported_on, current.last_failed_on].into_iter().flatten().max();
        check_day("on", on, last.unwrap_or(current.issued_on), day)?;
        let mut items = items_of(&txn, current.id).await?;
        let mut reason = None;
        let next = match step {
            RectificationStep::Report { report } => Notice {
                status: RectificationStatus::Reported,
                report: Some(report),
                reported_on: Some(on),
                ..current.clone()
            },
            RectificationStep::Pass { note } => {
                for item in items.iter_mut() {
                    item.is_open = false;
                }
                Notice {
                    status: RectificationStatus::Passed,
                    verified_on: Some(on),
                    verification_note: note,
                    ..current.clone()
                }
            }
            RectificationStep::Fail { open_items, deadline, note } => {
                let still_open: Vec<i32> = items.iter().filter(|i| i.is_open).map(|i| i.position).collect();
                let open = check_open_items(&open_items, &still_open)?;
                let calendar = working_calendar(&txn).await?;
                let new_deadline = deadline_day("deadline", deadline, on, &calendar)?;
                for item in items.iter_mut() {
                    item.is_open = open.contains(&item.position);
                }
                Notice {
                    status: RectificationStatus::Reopened,
                    round: current.round + 1,
                    deadline: new_deadline,
                    deadline_working_days: working_days_of(deadline),
                    verification_note: Some(note),
                    last_failed_on: Some(on),
                    ..current.clone()
                }
            }
            RectificationStep::Withdraw { reason: why } => {
                reason = Some(why.clone());
                Notice {
                    status: RectificationStatus::Withdrawn,
                    withdrawn_on: Some(on),
                    withdrawal_reason: Some(why),
                    ..current.clone()
                }
            }
        };
        let before = view(&current, &items_of(&txn, current.id).await?);
        let saved = save(&txn, expected_version, next).await?;
        for item in &items {
            rectification_item::Entity::update_many()
                .col_expr(rectification_item::Column::IsOpen, Expr::value(item.is_open))
                .filter(rectification_item::Column::Id.eq(item.id))
                .exec(&txn)
                .await?;
        }
        let after = view(&saved, &items);
        let change = Change::new(action, &saved, &place, Some(before), after).because(reason);
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}

/// INVALID_STATE: the estate has no one to address the notice to.
fn no_addressee(message: &str, message_zh: &str) -> Error {
    Error::InvalidState {
        message: format!("cannot address the notice: {message}"),
        message_zh: format!("无法下达整改通知：{message_zh}"),
    }
}
