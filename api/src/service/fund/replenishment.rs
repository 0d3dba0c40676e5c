//! Replenishing a fund whose balance fell below the signal (令165 art. 17): the town proposes a plan, the owners
//! vote on it (民法典 art. 278 (6)), the community collects it; the county's deposits naming it complete it.

use super::super::action::Action;
use super::super::assembly::adopted_resolution;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, find, place, require_owners, require_tier, save, signed_in};
use super::{account_of_estate, balance, positive, vote_of};
use crate::auth::{Actor, Tier};
use crate::domain::calendar::today;
use crate::domain::fixed_point::{Area, Money};
use crate::domain::text::required;
use crate::domain::vote::Vote;
use crate::domain::workflow;
use crate::error::{Error, Result};
use entity::replenishment_plan;
use entity::vocab::{AssemblyMatter, ReplenishmentStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

pub(super) fn plan_public(plan: &replenishment_plan::Model) -> Value {
    json!({
        "target": Money(plan.target).to_string(),
        "note": plan.note,
        "status": plan.status,
        "participatingArea": plan.participating_area.map(|h| Area(h).to_string()),
        "ayeArea": plan.aye_area.map(|h| Area(h).to_string()),
        "participatingOwners": plan.participating_owners,
        "ayeOwners": plan.aye_owners,
        "resolutionId": plan.resolution_id,
    })
}

/// A step's action and its words (English, Chinese).
type Step<'a> = (Action, (&'a str, &'a str));

/// The resolution a vote cites, and the matter it must be on.
type Citation = (i64, AssemblyMatter);

impl Service {
    /// 提出续筹方案 The town proposes replenishing an estate's fund: one whose balance fell below the signal, or,
    /// giving its `reason`, one above it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn propose_replenishment(
        &self,
        actor: Option<&Actor>,
        estate_id: i64,
        target: Money,
        (note, reason): (&str, Option<&str>),
    ) -> Result<replenishment_plan::Model> {
        let actor = signed_in(actor)?;
        let target = positive("target", target)?;
        let note = required("note", note)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, estate_id).await?;
        require_tier(actor, Tier::Town, &place, "propose replenishments", "提出续筹方案")?;
        let account = account_of_estate(&txn, estate.id).await?;
        let balance = balance(&txn, account.id).await?;
        let reason = self.replenishment.check_proposal(balance, account.initial_deposit, reason)?;
        let open = replenishment_plan::Entity::find()
            .filter(replenishment_plan::Column::AccountId.eq(account.id))
            .filter(replenishment_plan::Column::Status.is_in([
                ReplenishmentStatus::Proposed,
                ReplenishmentStatus::Adopted,
                ReplenishmentStatus::InProgress,
            ]))
            .one(&txn)
            .await?;
        if open.is_some() {
            return Err(Error::InvalidState {
                message: "the estate has a replenishment plan under way".into(),
                message_zh: "该小区已有进行中的续筹方案".into(),
            });
        }
        let now = chrono::Utc::now();
        let plan = replenishment_plan::ActiveModel {
            estate_id: Set(estate.id),
            account_id: Set(account.id),
            target: Set(target),
            note: Set(note),
            status: Set(ReplenishmentStatus::Proposed),
            proposed_on: Set(today()),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let change = Change::created(Action::ProposeReplenishment, &plan, &place, plan_public(&plan));
        self.commit(txn, actor, change.because(reason)).await?;
        Ok(plan)
    }

    /// 记录续筹表决 The owners' vote on a plan: adopted by 3/4 (民法典 art. 278 (6)), or rejected; it may cite the
    /// adopted RAISE_FUND resolution of the estate's assembly that approved the plan.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_replenishment_vote(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        vote: Vote,
        resolution: Option<i64>,
    ) -> Result<replenishment_plan::Model> {
        vote.check()?;
        let status =
            if vote.adopts_replenishment() { ReplenishmentStatus::Adopted } else { ReplenishmentStatus::Rejected };
        let (scope_area, scope_owners, p_area, p_owners, a_area, a_owners) = vote_of(&vote);
        let action = (Action::RecordReplenishmentVote, ("record the vote", "记录续筹表决"));
        let cites = resolution.map(|id| (id, AssemblyMatter::RaiseFund));
        self.move_plan(actor, (id, expected_version), (action, cites), ReplenishmentStatus::Proposed, |plan| {
            replenishment_plan::Model {
                resolution_id: resolution,
                status,
                scope_area,
                scope_owners,
                participating_area: p_area,
                participating_owners: p_owners,
                aye_area: a_area,
                aye_owners: a_owners,
                voted_on: Some(today()),
                ..plan.clone()
            }
        })
        .await
    }

    /// 组织续筹 The community starts collecting an adopted plan.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn start_replenishment(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<replenishment_plan::Model> {
        let action = (Action::StartReplenishment, ("start the replenishment", "组织实施续筹"));
        self.move_plan(actor, (id, expected_version), (action, None), ReplenishmentStatus::Adopted, |plan| {
            replenishment_plan::Model {
                status: ReplenishmentStatus::InProgress,
                started_on: Some(today()),
                ..plan.clone()
            }
        })
        .await
    }

    /// A plan moves on: the owners' side votes on a proposed plan (citing, perhaps, the resolution that approved it),
    /// the community starts an adopted one.
    async fn move_plan(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        ((action, words), cites): (Step<'_>, Option<Citation>),
        from: ReplenishmentStatus,
        to: impl FnOnce(&replenishment_plan::Model) -> replenishment_plan::Model,
    ) -> Result<replenishment_plan::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<replenishment_plan::Entity>(&txn, id).await?;
        let (estate, place) = place::estate(&txn, current.estate_id).await?;
        match from {
            ReplenishmentStatus::Proposed => require_owners(&txn, actor, estate.id, &place).await?,
            _ => require_tier(actor, Tier::Community, &place, "carry out replenishments", "组织实施续筹")?,
        }
        workflow::check(current.status, &[from], words)?;
        if let Some((resolution, matter)) = cites {
            adopted_resolution(&txn, "resolutionId", resolution, matter, Some(estate.id)).await?;
        }
        let saved = save(&txn, expected_version, to(&current)).await?;
        let change = Change::update(action, &place, (&current, &saved), |p| public_snapshot(plan_public(p)));
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}
