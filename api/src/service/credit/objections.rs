//! Objections: an enterprise objects to a confirmed record of its own; the county upholds it (revoking the record)
//! or dismisses it. Staff-only until decided.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, find, forbidden, require_tier, save, signed_in};
use super::{Decision, load_record};
use crate::auth::{Actor, Tier};
use crate::domain::calendar::today;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use entity::credit_objection;
use entity::vocab::{CreditRecordStatus, ObjectionStatus};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

impl Service {
    /// 提出异议 An enterprise objects to a confirmed record of its own, with the reason.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lodge_credit_objection(
        &self,
        actor: Option<&Actor>,
        record_id: i64,
        reason: &str,
    ) -> Result<credit_objection::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let loaded = load_record(&txn, record_id).await?;
        if !actor.is_enterprise(&loaded.enterprise.credit_code) {
            return Err(forbidden("object to this record", "对该信用记录提出异议"));
        }
        let status = loaded.record.status;
        workflow::check(status, &[CreditRecordStatus::Confirmed], ("object to the record", "对信用记录提出异议"))?;
        let now = chrono::Utc::now();
        // A second pending objection to the same record is refused by the unique index (INVALID_STATE).
        let objection = credit_objection::ActiveModel {
            record_id: Set(record_id),
            reason: Set(reason.clone()),
            status: Set(ObjectionStatus::Pending),
            lodged_by: Set(actor.subject.clone()),
            lodged_on: Set(today()),
            decided_on: Set(None),
            decision_reason: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = public_snapshot(json!({ "recordId": record_id, "reason": reason, "status": objection.status }));
        let change = Change::new(Action::LodgeCreditObjection, &objection, &loaded.place, None, after).staff_only();
        self.commit(txn, actor, change).await?;
        Ok(objection)
    }

    /// 处理异议 The county decides an objection, with the reason: upheld, the record is revoked (publicly, as any
    /// revocation); dismissed, it stands.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn decide_credit_objection(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        uphold: bool,
        reason: &str,
    ) -> Result<credit_objection::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let current = find::<credit_objection::Entity>(&txn, id).await?;
        let loaded = load_record(&txn, current.record_id).await?;
        require_tier(actor, Tier::County, &loaded.place, "decide objections", "处理信用异议")?;
        workflow::check(current.status, &[ObjectionStatus::Pending], ("decide the objection", "处理异议"))?;
        let status = if uphold { ObjectionStatus::Upheld } else { ObjectionStatus::Dismissed };
        if uphold {
            let revocation = Decision::Revoke(format!("异议成立：{reason}"));
            let version = loaded.record.version;
            self.decide(&txn, actor, &loaded, version, revocation, Action::DecideCreditObjection).await?;
        }
        let next = credit_objection::Model {
            status,
            decided_on: Some(today()),
            decision_reason: Some(reason.clone()),
            ..current.clone()
        };
        let decided = save(&txn, expected_version, next).await?;
        let public = |o: &credit_objection::Model| {
            public_snapshot(json!({ "recordId": o.record_id, "reason": o.reason, "status": o.status,
                "decisionReason": o.decision_reason }))
        };
        let change = Change::update(Action::DecideCreditObjection, &loaded.place, (&current, &decided), public)
            .because(reason)
            .staff_only();
        self.commit(txn, actor, change).await?;
        Ok(decided)
    }
}
