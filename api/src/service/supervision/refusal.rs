//! 拒不整改 The daily sweep: a notice still not passed 10 working days after its deadline proposes the credit record
//! of rule B06 (refused to correct) against the enterprise it is addressed to, for the county to confirm or reject —
//! once per notice (the notice keeps the record it proposed). It is dated the day the rule was broken, whatever day
//! the sweep runs, so a sweep that runs late proposes the same record. wuye itself proposes, as the system actor of
//! the notice's county.

use super::super::action::Action;
use super::super::audit::Change;
use super::super::credit::{Proposal, rule_if_in_use};
use super::super::working_calendar;
use super::super::{Service, find, save};
use super::rectification::{items_of, notice_place};
use crate::auth::Actor;
use crate::domain::supervision::{proposes_refusal, refusal_day};
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{CreditRecordSource, NoticeAddressee, RectificationStatus};
use entity::{enterprise, estate, rectification_notice};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The credit rule of refusing to correct what supervisors ordered.
const REFUSAL_RULE: &str = "B06";

/// Why wuye proposes, recorded with the notice's change.
const WHY: &str = "整改期限届满10个工作日仍未通过复查，系统依规则B06提出信用记录";

impl Service {
    /// 逾期未整改提出信用记录 Proposes rule B06 for every notice to an enterprise that is due on `today` and has no
    /// proposal yet, as the system actor of each notice's county acting for `note` (why the sweep runs: the
    /// server's schedule, the demo); returns the notices that proposed one. Each proposal is its own transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn propose_refusals(&self, today: NaiveDate, note: &str) -> Result<Vec<i64>> {
        let pending = [RectificationStatus::Issued, RectificationStatus::Reported, RectificationStatus::Reopened];
        let candidates = rectification_notice::Entity::find()
            .filter(rectification_notice::Column::Status.is_in(pending))
            .filter(rectification_notice::Column::Addressee.eq(NoticeAddressee::Enterprise))
            .filter(rectification_notice::Column::CreditRecordId.is_null())
            .filter(rectification_notice::Column::Deadline.lt(today))
            .order_by_asc(rectification_notice::Column::Id)
            .all(self.db())
            .await?;
        let calendar = working_calendar(self.db()).await?;
        let mut proposed = Vec::new();
        for notice in candidates {
            if proposes_refusal(notice.status, notice.deadline, false, today, &calendar)
                && self.propose_refusal(notice.id, today, note).await?
            {
                proposed.push(notice.id);
            }
        }
        Ok(proposed)
    }

    /// Proposes rule B06 for one notice, if it is still due once locked; whether it did.
    async fn propose_refusal(&self, id: i64, today: NaiveDate, note: &str) -> Result<bool> {
        let txn = self.begin().await?;
        let notice = find::<rectification_notice::Entity>(&txn, id).await?;
        let calendar = working_calendar(&txn).await?;
        let due = proposes_refusal(notice.status, notice.deadline, notice.credit_record_id.is_some(), today, &calendar);
        let (Some(enterprise_id), true) = (notice.enterprise_id, due) else { return Ok(false) };
        let Some(rule) = rule_if_in_use(&txn, REFUSAL_RULE).await? else { return Ok(false) };
        let place = notice_place(&txn, &notice).await?;
        let county = place.county.clone().unwrap_or_default();
        let actor = Actor::system(&county, note);
        let estate = find::<estate::Entity>(&txn, notice.estate_id).await?;
        let enterprise = find::<enterprise::Entity>(&txn, enterprise_id).await?;
        let open: Vec<String> =
            items_of(&txn, notice.id).await?.into_iter().filter(|i| i.is_open).map(|i| i.item).collect();
        let day = refusal_day(notice.deadline, &calendar);
        let proposal = Proposal {
            facts: format!(
                "{}于{}对{}下达整改通知（{}），整改期限{}，期满10个工作日（{}）仍未通过复查；未整改事项：{}",
                notice.issuer_name,
                notice.issued_on,
                estate.name,
                notice.number,
                notice.deadline,
                day,
                open.join("；")
            ),
            evidence: format!("整改通知 {}", notice.number),
            estate_id: Some(estate.id),
            occurred_on: day,
            source: CreditRecordSource::Rectification,
            assessment_round_id: None,
            enterprise,
            rule,
            place: place.clone(),
        };
        let record = self.propose(&txn, &actor, proposal, Action::ProposeCreditRecord).await?;
        let next = rectification_notice::Model { credit_record_id: Some(record.id), ..notice.clone() };
        let saved = save(&txn, notice.version, next).await?;
        let snapshot = |n: &rectification_notice::Model| {
            super::super::audit::public_snapshot(
                serde_json::json!({ "creditRecordProposed": n.credit_record_id.is_some() }),
            )
        };
        let change = Change::update(Action::ProposeCreditRecord, &place, (&notice, &saved), snapshot);
        self.commit(txn, &actor, change.because(WHY.to_owned()).staff_only()).await?;
        Ok(true)
    }
}
