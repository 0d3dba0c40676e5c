//! 投标 Bids: an ACTIVE enterprise bids in an announced tender up to its deadline (only those invited, in an invited
//! tender), once. A bid is sealed: its audit event holds only a digest of its content, staff-only, so nobody — not
//! the town — reads what it offers before the opening, when `move_tender`'s Open step publishes every bid.

use super::super::action::Action;
use super::super::audit::{Change, snapshot};
use super::super::enterprise::require_active;
use super::super::{Service, find, forbidden, place, signed_in};
use crate::auth::{Actor, Place};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::fixed_point::Money;
use crate::domain::tender::check_offer;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{TenderMethod, TenderStatus};
use entity::{bid, enterprise, tender, tender_invitation};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

/// A bid as the enterprise submits it.
#[derive(Debug, Clone)]
pub struct NewBid {
    pub tender_id: i64,
    pub fee: Money,
    pub promises: String,
    pub team_size: i32,
    /// The day it was handed in (today if not given): bids on paper are entered afterwards, dated in the window and
    /// never ahead — and only while the tender is unopened.
    pub submitted_on: Option<NaiveDate>,
}

impl Service {
    /// 投标 An enterprise bids in an announced tender, sealed until the opening.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn submit_bid(&self, actor: Option<&Actor>, new: NewBid) -> Result<bid::Model> {
        let actor = signed_in(actor)?;
        let promises = required("promises", &new.promises)?;
        // An enterprise's token names exactly one credit code (`Scope::parse`).
        let (crate::auth::Role::Enterprise, [credit_code]) = (actor.role, actor.scope.codes()) else {
            return Err(forbidden("bid in tenders", "投标"));
        };
        let txn = self.begin().await?;
        let tender = find::<tender::Entity>(&txn, new.tender_id).await?;
        workflow::check(tender.status, &[TenderStatus::Announced], ("bid in this tender", "对该招标投标"))?;
        check_offer(new.fee.fen(), tender.ceiling_fee, new.team_size)?;
        let day = new.submitted_on.unwrap_or_else(today);
        if day > today() || day < tender.documents_issued_on || day > tender.bid_deadline {
            return Err(InvalidField::new(
                "tenderId",
                "bid-window",
                format!("bids are taken from {} to {}", tender.documents_issued_on, tender.bid_deadline),
                format!("投标时间为{}至{}", tender.documents_issued_on, tender.bid_deadline),
            )
            .into());
        }
        let enterprise = enterprise::Entity::find()
            .filter(enterprise::Column::CreditCode.eq(credit_code.as_str()))
            .one(&txn)
            .await?
            .ok_or_else(|| forbidden("bid", "投标"))?;
        require_active(&enterprise, ("bid", "投标"))?;
        if tender.method == TenderMethod::InvitedTender {
            let invited = tender_invitation::Entity::find_by_id((tender.id, enterprise.id)).one(&txn).await?;
            if invited.is_none() {
                return Err(forbidden("bid in this invited tender: it did not invite you", "参加该邀请招标（未受邀）"));
            }
        }
        let now = chrono::Utc::now();
        let bid = bid::ActiveModel {
            tender_id: Set(tender.id),
            enterprise_id: Set(enterprise.id),
            fee: Set(new.fee.fen()),
            promises: Set(promises),
            team_size: Set(new.team_size),
            submitted_on: Set(day),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let (_estate, place) = place::estate(&txn, tender.estate_id).await?;
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place };
        // Sealed: the event proves what was bid (the digest) without saying it.
        let content = format!("{}|{}|{}|{}", bid.fee, bid.team_size, bid.promises, bid.submitted_on);
        let digest = hex::encode(Sha256::digest(content.as_bytes()));
        let after = snapshot(json!({}), json!({ "tenderId": tender.id, "sealed": true, "digest": digest }));
        self.commit(txn, actor, Change::new(Action::SubmitBid, &bid, &place, None, after).staff_only()).await?;
        Ok(bid)
    }
}
