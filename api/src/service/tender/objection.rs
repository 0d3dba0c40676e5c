//! 招标异议 A bidder objects to a tender's publicised candidate; the county upholds it (the tender goes back to
//! evaluation, its candidate withdrawn) or dismisses it. While one is pending the tender cannot be awarded.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, find, forbidden, place, require_tier, save, signed_in};
use super::view;
use crate::auth::{Actor, Tier};
use crate::domain::calendar::today;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use entity::vocab::{ObjectionStatus, TenderStatus};
use entity::{bid, enterprise, tender, tender_objection};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

fn public(o: &tender_objection::Model) -> Value {
    public_snapshot(json!({
        "tenderId": o.tender_id, "bidId": o.bid_id, "reason": o.reason, "lodgedOn": o.lodged_on, "status": o.status,
        "decidedOn": o.decided_on, "decisionReason": o.decision_reason,
    }))
}

impl Service {
    /// 提出异议 A bidder objects to the publicised candidate of a tender it bid in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lodge_tender_objection(
        &self,
        actor: Option<&Actor>,
        tender_id: i64,
        reason: &str,
    ) -> Result<tender_objection::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let tender = find::<tender::Entity>(&txn, tender_id).await?;
        let bids = bid::Entity::find().filter(bid::Column::TenderId.eq(tender.id)).all(&txn).await?;
        let mut own = None;
        for bid in &bids {
            let enterprise = find::<enterprise::Entity>(&txn, bid.enterprise_id).await?;
            if actor.is_enterprise(&enterprise.credit_code) {
                own = Some(bid.clone());
            }
        }
        let Some(own) = own else {
            return Err(forbidden("object in this tender: only its bidders may", "对该招标提出异议（仅限投标人）"));
        };
        workflow::check(
            tender.status,
            &[TenderStatus::Publicized],
            ("object to the candidate", "对中标候选人提出异议"),
        )?;
        let now = chrono::Utc::now();
        let objection = tender_objection::ActiveModel {
            tender_id: Set(tender.id),
            bid_id: Set(own.id),
            reason: Set(reason.clone()),
            lodged_on: Set(today()),
            status: Set(ObjectionStatus::Pending),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let (_estate, place) = place::estate(&txn, tender.estate_id).await?;
        let change = Change::new(Action::LodgeTenderObjection, &objection, &place, None, public(&objection));
        self.commit(txn, actor, change.because(reason)).await?;
        Ok(objection)
    }

    /// 处理异议 The county upholds an objection (the tender goes back to evaluation) or dismisses it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn decide_tender_objection(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        uphold: bool,
        reason: &str,
    ) -> Result<tender_objection::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let current = find::<tender_objection::Entity>(&txn, id).await?;
        let tender = find::<tender::Entity>(&txn, current.tender_id).await?;
        let (_estate, place) = place::estate(&txn, tender.estate_id).await?;
        require_tier(actor, Tier::County, &place, "decide objections to tenders", "处理招标异议")?;
        let words = ("decide this objection", "处理该异议");
        workflow::check(current.status, &[ObjectionStatus::Pending], words)?;
        let status = if uphold { ObjectionStatus::Upheld } else { ObjectionStatus::Dismissed };
        let next = tender_objection::Model {
            status,
            decided_on: Some(today()),
            decision_reason: Some(reason.clone()),
            ..current.clone()
        };
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::update(Action::DecideTenderObjection, &place, (&current, &saved), public);
        self.audit(&txn, actor, change.because(reason.clone())).await?;
        if uphold {
            let back = tender::Model {
                status: TenderStatus::Opened,
                evaluated_on: None,
                candidate_bid_id: None,
                publicized_on: None,
                ..tender.clone()
            };
            let back = save(&txn, tender.version, back).await?;
            let change = Change::new(Action::DecideTenderObjection, &back, &place, Some(view(&tender)), view(&back));
            self.audit(&txn, actor, change.because(reason)).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }
}
