//! Tendering (county policy 四(一)8 the county guides and supervises, 四(二)11 the town runs, 四(三)7 the community
//! gives its opinion; the law in `domain::tender`): the county approves selection by agreement; the town (or the
//! owners' committee with the town's consent) announces a tender; enterprises bid, sealed (`bidding.rs`); the town opens
//! the bids, evaluates them, publicises the first candidate and awards; a bidder may object to the candidate and the
//! county decides (`objection.rs`); the contract is signed on the award (`contract.rs`, `create_contract_from_tender`).
//! The steps after the announcement are one table ([`TenderStep::transition`]) read by `move_tender`.

mod bidding;
mod objection;

pub use bidding::NewBid;

use super::action::Action;
use super::audit::{Change, public_snapshot, snapshot};
use super::committee::active_committee;
use super::{Service, find, forbidden, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::fixed_point::{Money, Score};
use crate::domain::ranking::ranks;
use crate::domain::supervision::check_day;
use crate::domain::tender::{award_from, check_dates, fails_at_opening};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use entity::vocab::{
    AgreementGround, CommitteeKind, ObjectionStatus, TenderKind, TenderMethod, TenderRunner, TenderStatus,
};
use entity::{bid, enterprise, selection_approval, tender, tender_invitation, tender_objection};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

type Tender = tender::Model;

/// A tender as it is announced.
#[derive(Debug, Clone)]
pub struct NewTender {
    pub estate_id: i64,
    pub kind: TenderKind,
    pub method: TenderMethod,
    /// For a tender the owners' committee runs: the day and reference of the town's consent.
    pub town_consent: Option<(NaiveDate, String)>,
    pub service_scope: String,
    pub ceiling_fee: Money,
    pub documents_issued_on: NaiveDate,
    pub bid_deadline: NaiveDate,
    pub opening_on: NaiveDate,
    /// The enterprises invited, for an INVITED_TENDER (and only then).
    pub invited: Vec<i64>,
}

/// A step of a tender after its announcement, with the day it happened (today if not given).
#[derive(Debug, Clone)]
pub enum TenderStep {
    /// 开标 The town opens the bids on or after the opening day; a public tender with fewer than 3 fails.
    Open,
    /// 社区意见 The community records its opinion (public).
    Opinion { opinion: String },
    /// 评标 The town records each bid's score (every bid once) and the panel (staff only); ranks follow.
    Evaluate { scores: Vec<(i64, Score)>, panel: String },
    /// 公示中标候选人 The town publicises the first-ranked bid.
    Publicize,
    /// 定标 The town awards the publicised candidate, 3 days on and with no objection pending.
    Award,
}

/// One row of the table.
struct Transition {
    action: Action,
    words: (&'static str, &'static str),
    from: &'static [TenderStatus],
    /// Staff at this tier or above over the estate take the step.
    tier: Tier,
}

impl TenderStep {
    /// The table of transitions.
    fn transition(&self) -> Transition {
        use TenderStatus::{Announced, Evaluated, Opened, Publicized};
        let row = |action, words, from, tier| Transition { action, words, from, tier };
        match self {
            TenderStep::Open => row(Action::OpenBids, ("open the bids", "开标"), &[Announced], Tier::Town),
            TenderStep::Opinion { .. } => row(
                Action::RecordTenderOpinion,
                ("give an opinion on this tender", "对该招标提出意见"),
                &[Announced, Opened, Evaluated, Publicized],
                Tier::Community,
            ),
            TenderStep::Evaluate { .. } => {
                row(Action::RecordEvaluation, ("evaluate the bids", "评标"), &[Opened], Tier::Town)
            }
            TenderStep::Publicize => {
                row(Action::PublicizeCandidate, ("publicise the candidate", "公示中标候选人"), &[Evaluated], Tier::Town)
            }
            TenderStep::Award => row(Action::AwardTender, ("award the tender", "定标"), &[Publicized], Tier::Town),
        }
    }
}

/// The public snapshot of a tender (the panel, staff only, apart).
pub(in crate::service) fn view(t: &Tender) -> Value {
    snapshot(
        json!({
            "number": t.number,
            "kind": t.kind,
            "method": t.method,
            "runBy": t.run_by,
            "townConsentOn": t.town_consent_on,
            "townConsentReference": t.town_consent_reference,
            "serviceScope": t.service_scope,
            "ceilingFee": Money(t.ceiling_fee).to_string(),
            "documentsIssuedOn": t.documents_issued_on,
            "bidDeadline": t.bid_deadline,
            "openingOn": t.opening_on,
            "status": t.status,
            "approvalId": t.approval_id,
            "openedOn": t.opened_on,
            "failedOn": t.failed_on,
            "failureReason": t.failure_reason,
            "opinion": t.opinion,
            "opinionOn": t.opinion_on,
            "evaluatedOn": t.evaluated_on,
            "candidateBidId": t.candidate_bid_id,
            "publicizedOn": t.publicized_on,
            "awardedOn": t.awarded_on,
            "contractId": t.contract_id,
        }),
        json!({ "panel": t.panel }),
    )
}

/// A tender's bids, in the order submitted.
pub async fn bids(db: &impl ConnectionTrait, tender_id: i64) -> Result<Vec<bid::Model>> {
    Ok(bid::Entity::find().filter(bid::Column::TenderId.eq(tender_id)).order_by_asc(bid::Column::Id).all(db).await?)
}

/// The public view of opened bids.
fn bids_view(bids: &[bid::Model]) -> Value {
    json!(
        bids.iter()
            .map(|b| json!({
                "bidId": b.id,
                "enterpriseId": b.enterprise_id,
                "fee": Money(b.fee).to_string(),
                "promises": b.promises,
                "teamSize": b.team_size,
                "submittedOn": b.submitted_on,
                "score": b.score.map(|s| Score(s).to_string()),
                "rank": b.rank,
            }))
            .collect::<Vec<_>>()
    )
}

/// FORBIDDEN unless `actor` may announce on the estate at `place`: the town over it runs any tender; the estate's
/// active owners' committee runs its owners' selection, with the town's consent recorded.
async fn runner(
    txn: &sea_orm::DatabaseTransaction,
    actor: &Actor,
    new: &NewTender,
    place: &Place,
) -> Result<TenderRunner> {
    if actor.supervises(Tier::Town, place) {
        return Ok(TenderRunner::Town);
    }
    let owners = active_committee(txn, new.estate_id).await?.is_some_and(|c| c.kind == CommitteeKind::Owners);
    if !(actor.is_committee_of(place) && owners && new.kind == TenderKind::OwnersSelection) {
        return Err(forbidden("announce tenders for this estate", "为该小区发布招标"));
    }
    if new.town_consent.is_none() {
        return Err(InvalidField::new(
            "townConsent",
            "town-consent",
            "an owners' committee runs a tender with the town's consent: give its day and reference",
            "业主委员会组织招标须经镇同意：请填写同意日期和文号",
        )
        .into());
    }
    Ok(TenderRunner::Committee)
}

impl Service {
    /// 批准协议选聘 The county approves that an estate select by agreement: fewer than three bidders (shown by a
    /// failed tender of the estate), or a small estate (its size said in the note).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn approve_selection_by_agreement(
        &self,
        actor: Option<&Actor>,
        estate_id: i64,
        ground: AgreementGround,
        note: &str,
        failed_tender_id: Option<i64>,
    ) -> Result<selection_approval::Model> {
        let actor = signed_in(actor)?;
        let note = required("note", note)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, estate_id).await?;
        require_tier(actor, Tier::County, &place, "approve selection by agreement", "批准协议选聘")?;
        match (ground, failed_tender_id) {
            (AgreementGround::FewerThanThreeBidders, Some(id)) => {
                let failed = find::<tender::Entity>(&txn, id).await?;
                if failed.estate_id != estate.id || failed.status != TenderStatus::Failed {
                    return Err(InvalidField::new(
                        "failedTenderId",
                        "failed-tender",
                        "name a tender of this estate that failed for too few bids",
                        "须为本小区因投标人不足而流标的招标",
                    )
                    .into());
                }
            }
            (AgreementGround::FewerThanThreeBidders, None) => {
                return Err(InvalidField::new(
                    "failedTenderId",
                    "failed-tender",
                    "fewer than three bidders is shown by the tender that failed",
                    "以投标人少于3个为由，须注明流标的招标",
                )
                .into());
            }
            (AgreementGround::SmallEstate, _) => {}
        }
        let now = chrono::Utc::now();
        let approval = selection_approval::ActiveModel {
            estate_id: Set(estate.id),
            ground: Set(ground),
            note: Set(note),
            failed_tender_id: Set(failed_tender_id),
            approved_on: Set(today()),
            used_by_tender_id: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = public_snapshot(json!({
            "ground": approval.ground, "note": approval.note, "failedTenderId": approval.failed_tender_id,
            "approvedOn": approval.approved_on,
        }));
        self.commit(txn, actor, Change::new(Action::ApproveSelectionByAgreement, &approval, &place, None, after))
            .await?;
        Ok(approval)
    }

    /// 发布招标公告 The town (or the owners' committee with its consent) announces a tender for an estate.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn announce_tender(&self, actor: Option<&Actor>, new: NewTender) -> Result<Tender> {
        let actor = signed_in(actor)?;
        let scope = required("serviceScope", &new.service_scope)?;
        if new.ceiling_fee.fen() <= 0 {
            return Err(InvalidField::new(
                "ceilingFee",
                "positive",
                "the ceiling fee is more than 0",
                "最高限价须大于0",
            )
            .into());
        }
        check_dates(new.method, new.documents_issued_on, new.bid_deadline, new.opening_on)?;
        let consent = match &new.town_consent {
            Some((day, reference)) => Some((*day, required("townConsent.reference", reference)?)),
            None => None,
        };
        if (new.method == TenderMethod::InvitedTender) == new.invited.is_empty() {
            return Err(InvalidField::new(
                "invitedEnterpriseIds",
                "invitations",
                "an invited tender names the enterprises invited; no other tender does",
                "邀请招标须列出受邀企业，其他方式不列",
            )
            .into());
        }
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let run_by = runner(&txn, actor, &new, &place).await?;
        let approval = if new.method == TenderMethod::ByAgreement {
            let unused = selection_approval::Entity::find()
                .filter(selection_approval::Column::EstateId.eq(estate.id))
                .filter(selection_approval::Column::UsedByTenderId.is_null())
                .order_by_asc(selection_approval::Column::Id)
                .one(&txn)
                .await?;
            let Some(approval) = unused else {
                return Err(Error::InvalidState {
                    message: "selection by agreement needs the county's approval first (approveSelectionByAgreement)"
                        .into(),
                    message_zh: "协议选聘须先经县主管部门批准".into(),
                });
            };
            Some(approval)
        } else {
            None
        };
        for id in &new.invited {
            find::<enterprise::Entity>(&txn, *id).await?;
        }
        let county = place.county.clone().unwrap_or_default();
        let year = new.documents_issued_on.year();
        let serial = super::sequence::next_value(&txn, &format!("tender:{county}:{year}")).await?;
        let now = chrono::Utc::now();
        let tender = tender::ActiveModel {
            number: Set(format!("ZB{county}-{year}-{serial:04}")),
            estate_id: Set(estate.id),
            kind: Set(new.kind),
            method: Set(new.method),
            run_by: Set(run_by),
            town_consent_on: Set(consent.as_ref().map(|c| c.0)),
            town_consent_reference: Set(consent.map(|c| c.1)),
            service_scope: Set(scope),
            ceiling_fee: Set(new.ceiling_fee.fen()),
            documents_issued_on: Set(new.documents_issued_on),
            bid_deadline: Set(new.bid_deadline),
            opening_on: Set(new.opening_on),
            status: Set(TenderStatus::Announced),
            approval_id: Set(approval.as_ref().map(|a| a.id)),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        for id in &new.invited {
            tender_invitation::ActiveModel { tender_id: Set(tender.id), enterprise_id: Set(*id) }.insert(&txn).await?;
        }
        if let Some(approval) = approval {
            let used = selection_approval::Model { used_by_tender_id: Some(tender.id), ..approval.clone() };
            save(&txn, approval.version, used).await?;
        }
        self.commit(txn, actor, Change::new(Action::AnnounceTender, &tender, &place, None, view(&tender))).await?;
        Ok(tender)
    }

    /// 开标、社区意见、评标、公示、定标 The one way a tender moves on after its announcement.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_tender(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: TenderStep,
        on: Option<NaiveDate>,
    ) -> Result<Tender> {
        let actor = signed_in(actor)?;
        let step = match step {
            TenderStep::Opinion { opinion } => TenderStep::Opinion { opinion: required("opinion", &opinion)? },
            TenderStep::Evaluate { scores, panel } => {
                TenderStep::Evaluate { scores, panel: required("panel", &panel)? }
            }
            step => step,
        };
        let txn = self.begin().await?;
        let current = find::<tender::Entity>(&txn, id).await?;
        let (_estate, place) = place::estate(&txn, current.estate_id).await?;
        let Transition { action, words, from, tier } = step.transition();
        require_tier(actor, tier, &place, words.0, words.1)?;
        workflow::check(current.status, from, words)?;
        let day = today();
        let on = on.unwrap_or(day);
        let last = [Some(current.documents_issued_on), current.opened_on, current.evaluated_on, current.publicized_on]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(current.documents_issued_on);
        check_day("on", on, last, day)?;
        let mut bids = bids(&txn, current.id).await?;
        let mut bids_changed = false;
        let next = match step {
            TenderStep::Open => {
                if on < current.opening_on {
                    return Err(InvalidField::new(
                        "on",
                        "opening-day",
                        format!("the bids are opened on or after {}", current.opening_on),
                        format!("开标不得早于{}", current.opening_on),
                    )
                    .into());
                }
                if fails_at_opening(current.method, bids.len()) {
                    Tender {
                        status: TenderStatus::Failed,
                        opened_on: Some(on),
                        failed_on: Some(on),
                        failure_reason: Some(format!("投标人{}个，不足3个", bids.len())),
                        ..current.clone()
                    }
                } else {
                    Tender { status: TenderStatus::Opened, opened_on: Some(on), ..current.clone() }
                }
            }
            TenderStep::Opinion { opinion } => {
                if current.opinion.is_some() {
                    return Err(Error::InvalidState {
                        message: "the community's opinion on this tender is recorded already".into(),
                        message_zh: "社区已对该招标提出意见".into(),
                    });
                }
                Tender { opinion: Some(opinion), opinion_on: Some(on), ..current.clone() }
            }
            TenderStep::Evaluate { scores, panel } => {
                let mut given: Vec<i64> = scores.iter().map(|(id, _)| *id).collect();
                given.sort_unstable();
                let mut expected: Vec<i64> = bids.iter().map(|b| b.id).collect();
                expected.sort_unstable();
                if given != expected {
                    return Err(InvalidField::new(
                        "scores",
                        "every-bid-once",
                        "score every bid of the tender, each once",
                        "须对本次招标的每个投标各评分一次",
                    )
                    .into());
                }
                let mut ordered: Vec<(i64, Score)> = scores;
                ordered.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
                let rank = ranks(&ordered.iter().map(|(_, s)| *s).collect::<Vec<_>>());
                for bid in bids.iter_mut() {
                    let position = ordered.iter().position(|(id, _)| *id == bid.id).unwrap_or_default();
                    bid.score = Some(ordered[position].1.0);
                    bid.rank = Some(rank[position] as i32);
                }
                bids_changed = true;
                Tender {
                    status: TenderStatus::Evaluated,
                    evaluated_on: Some(on),
                    panel: Some(panel),
                    ..current.clone()
                }
            }
            TenderStep::Publicize => {
                let first: Vec<&bid::Model> = bids.iter().filter(|b| b.rank == Some(1)).collect();
                let [candidate] = first[..] else {
                    return Err(Error::InvalidState {
                        message: "two bids share the first rank: evaluate again to rank one first".into(),
                        message_zh: "有并列第一的投标，须重新评标确定第一名".into(),
                    });
                };
                Tender {
                    status: TenderStatus::Publicized,
                    candidate_bid_id: Some(candidate.id),
                    publicized_on: Some(on),
                    ..current.clone()
                }
            }
            TenderStep::Award => {
                let publicized = current.publicized_on.unwrap_or(on);
                if on < award_from(publicized) {
                    return Err(InvalidField::new(
                        "on",
                        "publicity-3-days",
                        format!(
                            "the candidate is publicised for 3 days first: award on {} or later",
                            award_from(publicized)
                        ),
                        format!("中标候选人须公示3日：{}起方可定标", award_from(publicized)),
                    )
                    .into());
                }
                let pending = tender_objection::Entity::find()
                    .filter(tender_objection::Column::TenderId.eq(current.id))
                    .filter(tender_objection::Column::Status.eq(ObjectionStatus::Pending))
                    .one(&txn)
                    .await?;
                if pending.is_some() {
                    return Err(Error::InvalidState {
                        message: "an objection to the candidate is pending: the county decides it first".into(),
                        message_zh: "对中标候选人的异议尚待县主管部门处理".into(),
                    });
                }
                Tender { status: TenderStatus::Awarded, awarded_on: Some(on), ..current.clone() }
            }
        };
        let saved = save(&txn, expected_version, next).await?;
        if bids_changed {
            for bid in &bids {
                bid::Entity::update_many()
                    .col_expr(bid::Column::Score, Expr::value(bid.score))
                    .col_expr(bid::Column::Rank, Expr::value(bid.rank))
                    .filter(bid::Column::Id.eq(bid.id))
                    .exec(&txn)
                    .await?;
            }
        }
        let mut after = view(&saved);
        if saved.opened_on.is_some() {
            // From the opening on, the bids are public: every step shows them as they now stand.
            after["public"]["bids"] = bids_view(&bids);
        }
        let change = Change::new(action, &saved, &place, Some(view(&current)), after);
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}
