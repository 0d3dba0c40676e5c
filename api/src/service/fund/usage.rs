//! The usage workflow of a maintenance fund (令165 arts. 22–24, 住宅专项维修资金管理办法): drafted by the
//! enterprise serving the estate or by the owners' side, voted, submitted, reviewed by the town, approved and
//! disbursed by the county, publicized. Its steps are one table of transitions ([`UsageStep::transition`]: the
//! statuses a step leaves and reaches, who takes it, the action recorded) read by one function
//! ([`Service::move_fund_usage`]); what each step writes is [`UsageStep::apply`].

use super::super::action::Action;
use super::super::assembly::adopted_resolution;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, find, place, require_owners, require_tier, save, serving_enterprise, signed_in};
use super::{Entry, account_of_estate, balance, positive, vote_of};
use crate::auth::{Actor, Place, Tier};
use crate::domain::calendar::today;
use crate::domain::fixed_point::{Area, Money};
use crate::domain::fund::check_disbursement;
use crate::domain::text::required;
use crate::domain::vote::Vote;
use crate::domain::workflow;
use crate::error::{Error, Result};
use FundUsageStatus::*;
use entity::vocab::{AssemblyMatter, FundUsageStatus, LedgerEntryKind, UsageCategory};
use entity::{estate, fund_usage};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde_json::{Value, json};

/// A new usage application.
#[derive(Debug, Clone)]
pub struct NewUsage {
    pub estate_id: i64,
    pub title: String,
    pub category: UsageCategory,
    pub scope: String,
    pub budget: Money,
    pub emergency_reason: Option<String>,
}

fn usage_public(usage: &fund_usage::Model) -> Value {
    let money = |fen: Option<i64>| fen.map(|f| Money(f).to_string());
    let area = |hundredths: Option<i64>| hundredths.map(|h| Area(h).to_string());
    json!({
        "title": usage.title,
        "category": usage.category,
        "scope": usage.scope,
        "budget": Money(usage.budget).to_string(),
        "isEmergency": usage.is_emergency,
        "emergencyReason": usage.emergency_reason,
        "status": usage.status,
        "vote": {
            "scopeArea": area(usage.scope_area), "scopeOwners": usage.scope_owners,
            "participatingArea": area(usage.participating_area), "participatingOwners": usage.participating_owners,
            "ayeArea": area(usage.aye_area), "ayeOwners": usage.aye_owners,
            "resolutionId": usage.resolution_id,
        },
        "disbursed": money(usage.disbursed),
        "actualCost": money(usage.actual_cost),
        "auditReference": usage.audit_reference,
        "rejectionReason": usage.rejection_reason,
    })
}

/// A usage with where its estate lies.
async fn usage_and_place(txn: &DatabaseTransaction, id: i64) -> Result<(fund_usage::Model, Place)> {
    let usage = find::<fund_usage::Entity>(txn, id).await?;
    let estate = find::<estate::Entity>(txn, usage.estate_id).await?;
    Ok((usage, place::of_estate(txn, &estate).await?))
}

/// FORBIDDEN unless `actor` speaks for the applicant of `usage`: the enterprise that applied, or else whoever acts
/// for the owners.
async fn require_applicant(
    txn: &DatabaseTransaction,
    actor: &Actor,
    usage: &fund_usage::Model,
    place: &Place,
) -> Result<()> {
    match usage.enterprise_id {
        Some(enterprise_id) => {
            let enterprise = find::<entity::enterprise::Entity>(txn, enterprise_id).await?;
            if actor.is_enterprise(&enterprise.credit_code) {
                Ok(())
            } else {
                Err(super::super::forbidden("act for the applicant of this usage", "代表该申请人办理"))
            }
        }
        None => require_owners(txn, actor, usage.estate_id, place).await,
    }
}

/// A step of the workflow, with what it carries.
#[derive(Debug, Clone)]
pub enum UsageStep {
    /// 发起业主表决 Whoever acts for the owners opens the vote on a drafted usage, with its own denominators: the
    /// private area and the owners within the scope of the matter.
    OpenVote { scope_area: Area, scope_owners: i32 },
    /// 记录表决结果 The result: adopted by the 民法典 art. 278 thresholds, or failed; it may cite the adopted
    /// USE_FUND resolution of the estate's assembly that approved the usage.
    RecordVote { participating: (Area, i32), ayes: (Area, i32), resolution: Option<i64> },
    /// 提交使用申请 The applicant submits a usage the owners adopted, or an emergency usage straight from its draft
    /// (no vote: 令165 art. 22's urgent repairs).
    Submit,
    /// 初审 The town reviews a submitted usage.
    Review,
    /// 审批 The county approves a usage the town reviewed; it is public from now on.
    Approve,
    /// 驳回 The town rejects a submitted usage, or the county a submitted or reviewed one, with the reason.
    Reject { reason: String },
    /// 撤回 The applicant withdraws a usage before the county approves it.
    Withdraw,
    /// 拨付 The county pays out an approved usage: never more than its budget, nor than the balance; the WITHDRAWAL
    /// entry is written with it.
    Disburse { amount: Money },
    /// 公示 The owners' side or the town publicizes a disbursed usage with its actual cost and price audit.
    Publicize { actual_cost: Money, audit_reference: String },
}

/// Who may take a step.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// The enterprise that applied, or the owners' side for their own application.
    Applicant,
    /// The committee while one is active, or the community where none is.
    Owners,
    /// Staff at this tier or above over the estate.
    Tier(Tier),
    /// The owners' side, or the town.
    OwnersOrTown,
    /// The town for a submitted usage, the county (only) for one the town reviewed.
    Reviewer,
}

/// One row of the table.
struct Transition {
    action: Action,
    words: (&'static str, &'static str),
    from: &'static [FundUsageStatus],
    to: &'static [FundUsageStatus],
    who: Who,
}

impl UsageStep {
    /// The table of transitions.
    fn transition(&self) -> Transition {
        let row = |action, words, from, to, who| Transition { action, words, from, to, who };
        match self {
            UsageStep::OpenVote { .. } => {
                row(Action::OpenFundVote, ("open the vote", "发起业主表决"), &[Draft], &[Voting], Who::Owners)
            }
            UsageStep::RecordVote { .. } => row(
                Action::RecordFundVote,
                ("record the vote", "记录表决结果"),
                &[Voting],
                &[Voted, VoteFailed],
                Who::Owners,
            ),
            UsageStep::Submit => row(
                Action::SubmitFundUsage,
                ("submit the usage", "提交使用申请"),
                &[Voted, Draft],
                &[Submitted],
                Who::Applicant,
            ),
            UsageStep::Review => row(
                Action::ReviewFundUsage,
                ("review the usage", "初审使用申请"),
                &[Submitted],
                &[TownReviewed],
                Who::Tier(Tier::Town),
            ),
            UsageStep::Approve => row(
                Action::ApproveFundUsage,
                ("approve the usage", "审批使用申请"),
                &[TownReviewed],
                &[Approved],
                Who::Tier(Tier::County),
            ),
            UsageStep::Reject { .. } => row(
                Action::RejectFundUsage,
                ("reject the usage", "驳回使用申请"),
                &[Submitted, TownReviewed],
                &[Rejected],
                Who::Reviewer,
            ),
            UsageStep::Withdraw => row(
                Action::WithdrawFundUsage,
                ("withdraw the usage", "撤回使用申请"),
                &[Draft, Voting, Voted, VoteFailed, Submitted, TownReviewed],
                &[Withdrawn],
                Who::Applicant,
            ),
            UsageStep::Disburse { .. } => row(
                Action::DisburseFundUsage,
                ("disburse the usage", "拨付使用资金"),
                &[Approved],
                &[Disbursed],
                Who::Tier(Tier::County),
            ),
            UsageStep::Publicize { .. } => row(
                Action::PublicizeFundUsage,
                ("publicize the usage", "公示使用情况"),
                &[Disbursed],
                &[Publicized],
                Who::OwnersOrTown,
            ),
        }
    }

    /// The step with its inputs checked (BAD_USER_INPUT naming the rule), before anything is read.
    fn checked(self) -> Result<Self> {
        Ok(match self {
            UsageStep::OpenVote { scope_area, scope_owners } => {
                vote(scope_area, scope_owners, (Area(0), 0), (Area(0), 0)).check()?;
                UsageStep::OpenVote { scope_area, scope_owners }
            }
            UsageStep::Reject { reason } => UsageStep::Reject { reason: required("reason", &reason)? },
            UsageStep::Disburse { amount } => UsageStep::Disburse { amount: Money(positive("amount", amount)?) },
            UsageStep::Publicize { actual_cost, audit_reference } => UsageStep::Publicize {
                actual_cost: Money(positive("actualCost", actual_cost)?),
                audit_reference: required("auditReference", &audit_reference)?,
            },
            step => step,
        })
    }

    /// What the step writes on `usage`, given the balance of its fund.
    fn apply(self, usage: &fund_usage::Model, balance: i64) -> Result<fund_usage::Model> {
        let day = Some(today());
        let next = usage.clone();
        Ok(match self {
            UsageStep::OpenVote { scope_area, scope_owners } => fund_usage::Model {
                status: Voting,
                scope_area: Some(scope_area.hundredths()),
                scope_owners: Some(scope_owners),
                vote_opened_on: day,
                ..next
            },
            UsageStep::RecordVote { participating, ayes, resolution } => {
                let scope = (Area(usage.scope_area.unwrap_or_default()), usage.scope_owners.unwrap_or_default());
                let vote = vote(scope.0, scope.1, participating, ayes);
                vote.check()?;
                let (scope_area, scope_owners, participating_area, participating_owners, aye_area, aye_owners) =
                    vote_of(&vote);
                fund_usage::Model {
                    status: if vote.adopts_usage() { Voted } else { VoteFailed },
                    scope_area,
                    scope_owners,
                    participating_area,
                    participating_owners,
                    aye_area,
                    aye_owners,
                    voted_on: day,
                    resolution_id: resolution,
                    ..next
                }
            }
            UsageStep::Submit => {
                if usage.status == Draft && !usage.is_emergency {
                    return Err(Error::InvalidState {
                        message: "only an emergency usage is submitted without a vote; open the owners' vote first"
                            .into(),
                        message_zh: "非紧急使用须先经业主表决通过".into(),
                    });
                }
                fund_usage::Model { status: Submitted, submitted_on: day, ..next }
            }
            UsageStep::Review => fund_usage::Model { status: TownReviewed, reviewed_on: day, ..next },
            UsageStep::Approve => fund_usage::Model { status: Approved, approved_on: day, ..next },
            UsageStep::Reject { reason } => {
                fund_usage::Model { status: Rejected, rejection_reason: Some(reason), closed_on: day, ..next }
            }
            UsageStep::Withdraw => fund_usage::Model { status: Withdrawn, closed_on: day, ..next },
            UsageStep::Disburse { amount } => {
                check_disbursement(amount.fen(), usage.budget, balance)?;
                fund_usage::Model { status: Disbursed, disbursed: Some(amount.fen()), disbursed_on: day, ..next }
            }
            UsageStep::Publicize { actual_cost, audit_reference } => fund_usage::Model {
                status: Publicized,
                actual_cost: Some(actual_cost.fen()),
                audit_reference: Some(audit_reference),
                publicized_on: day,
                ..next
            },
        })
    }
}

/// A vote over `scope`, with these participants and ayes (area, owners).
fn vote(scope_area: Area, scope_owners: i32, participating: (Area, i32), ayes: (Area, i32)) -> Vote {
    Vote {
        scope_area: scope_area.hundredths(),
        scope_owners: i64::from(scope_owners),
        participating_area: participating.0.hundredths(),
        participating_owners: i64::from(participating.1),
        aye_area: ayes.0.hundredths(),
        aye_owners: i64::from(ayes.1),
    }
}

/// FORBIDDEN unless `actor` is `who` for `usage` at `place`, to do what `words` say.
async fn require(
    txn: &DatabaseTransaction,
    actor: &Actor,
    (who, words): (Who, (&str, &str)),
    usage: &fund_usage::Model,
    place: &Place,
) -> Result<()> {
    match who {
        Who::Applicant => require_applicant(txn, actor, usage, place).await,
        Who::Owners => require_owners(txn, actor, usage.estate_id, place).await,
        Who::Tier(tier) => require_tier(actor, tier, place, words.0, words.1),
        Who::OwnersOrTown if actor.supervises(Tier::Town, place) => Ok(()),
        Who::OwnersOrTown => require_owners(txn, actor, usage.estate_id, place).await,
        Who::Reviewer => {
            let tier = if usage.status == TownReviewed { Tier::County } else { Tier::Town };
            require_tier(actor, tier, place, "reject this usage", "驳回该使用申请")
        }
    }
}

impl Service {
    /// 起草使用申请 The enterprise serving the estate, or whoever acts for its owners, drafts a usage.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn draft_fund_usage(&self, actor: Option<&Actor>, new: NewUsage) -> Result<fund_usage::Model> {
        let actor = signed_in(actor)?;
        let title = required("title", &new.title)?;
        let scope = required("scope", &new.scope)?;
        let budget = positive("budget", new.budget)?;
        let emergency_reason = match new.emergency_reason.as_deref() {
            Some(reason) => Some(required("emergencyReason", reason)?),
            None => None,
        };
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let serving = serving_enterprise(&txn, estate.id).await?;
        let enterprise_id = match serving.filter(|e| actor.is_enterprise(&e.credit_code)) {
            Some(enterprise) => Some(enterprise.id),
            None => {
                require_owners(&txn, actor, estate.id, &place).await?;
                None
            }
        };
        account_of_estate(&txn, estate.id).await?;
        let now = chrono::Utc::now();
        let usage = fund_usage::ActiveModel {
            estate_id: Set(estate.id),
            title: Set(title),
            category: Set(new.category),
            scope: Set(scope),
            budget: Set(budget),
            is_emergency: Set(emergency_reason.is_some()),
            emergency_reason: Set(emergency_reason),
            enterprise_id: Set(enterprise_id),
            status: Set(FundUsageStatus::Draft),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let change = Change::created(Action::DraftFundUsage, &usage, &place, usage_public(&usage));
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(usage)
    }

    /// A usage moves on by `step`: who takes it and the status it leaves, as the table says; what it writes, saved
    /// against `expected_version`; its event — public once the county has approved; a disbursement also writes its
    /// WITHDRAWAL entry.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_fund_usage(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: UsageStep,
    ) -> Result<fund_usage::Model> {
        let actor = signed_in(actor)?;
        let step = step.checked()?;
        let Transition { action, words, from, to, who } = step.transition();
        let reason = match &step {
            UsageStep::Reject { reason } => Some(reason.clone()),
            _ => None,
        };
        let txn = self.begin().await?;
        let (current, place) = usage_and_place(&txn, id).await?;
        require(&txn, actor, (who, words), &current, &place).await?;
        workflow::check(current.status, from, words)?;
        if let UsageStep::RecordVote { resolution: Some(id), .. } = step {
            adopted_resolution(&txn, "resolutionId", id, AssemblyMatter::UseFund, Some(current.estate_id)).await?;
        }
        // A disbursement reads the balance under the account's lock.
        let account = account_of_estate(&txn, current.estate_id).await?;
        let next = step.apply(&current, balance(&txn, account.id).await?)?;
        debug_assert!(to.contains(&next.status), "{action:?} reaches a status of its row");
        let saved = save(&txn, expected_version, next).await?;
        let view = |usage: &fund_usage::Model| public_snapshot(usage_public(usage));
        let change = Change::update(action, &place, (&current, &saved), view).because(reason);
        let public = matches!(saved.status, Approved | Disbursed | Publicized);
        self.audit(&txn, actor, if public { change } else { change.staff_only() }).await?;
        if saved.status == Disbursed {
            let amount = saved.disbursed.unwrap_or_default();
            let entry = Entry {
                usage_id: Some(saved.id),
                memo: Some(saved.title.clone()),
                ..Entry::new(LedgerEntryKind::Withdrawal, -amount, today(), format!("使用申请 {}", saved.id))
            };
            self.append_entry(&txn, actor, (&account, &place), entry, action).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }
}

#[cfg(test)]
#[path = "usage_tests.rs"]
mod tests;
