//! The special maintenance fund (专项维修资金) of each estate: its account, opened by the county; its append-only
//! ledger (deposits and interest recorded by the county, withdrawals by disbursement, transfers of public income,
//! reversals); the usage workflow (drafted by the enterprise serving the estate or by the owners' side, voted,
//! reviewed by the town, approved and disbursed by the county, publicized); and replenishment plans.
//!
//! A balance is never stored: it is the sum of the ledger, read inside the transaction that needs it, with the
//! account row locked on PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers), so two
//! disbursements can never together overdraw it.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, find, place, require_owners, require_tier, save, serving_enterprise, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::fixed_point::{Area, Money};
use crate::domain::fund::{Vote, check_disbursement, needs_replenishment};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{FundCustodian, FundUsageStatus, LedgerEntryKind, ReplenishmentStatus, UsageCategory};
use entity::{estate, fund_account, fund_ledger_entry, fund_usage, replenishment_plan};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use serde_json::{Value, json};

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub estate_id: i64,
    pub custodian: FundCustodian,
    pub bank: String,
    pub opened_on: NaiveDate,
    /// The owners' first deposit, booked as the account's first entry.
    pub initial_deposit: Money,
    pub reference: String,
}

/// Money coming into an account.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub account_id: i64,
    pub amount: Money,
    pub occurred_on: NaiveDate,
    pub reference: String,
    pub memo: Option<String>,
}

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

/// What a ledger entry records, besides its account.
pub(super) struct Entry {
    pub kind: LedgerEntryKind,
    /// Signed fen: positive into the fund.
    pub amount: i64,
    pub occurred_on: NaiveDate,
    pub reference: String,
    pub memo: Option<String>,
    pub usage_id: Option<i64>,
    pub disclosure_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub reverses_id: Option<i64>,
}

impl Entry {
    pub fn new(kind: LedgerEntryKind, amount: i64, occurred_on: NaiveDate, reference: String) -> Self {
        Entry {
            kind,
            amount,
            occurred_on,
            reference,
            memo: None,
            usage_id: None,
            disclosure_id: None,
            plan_id: None,
            reverses_id: None,
        }
    }
}

fn entry_public(entry: &fund_ledger_entry::Model) -> Value {
    json!({
        "kind": entry.kind,
        "amount": Money(entry.amount).to_string(),
        "occurredOn": entry.occurred_on,
        "reference": entry.reference,
        "memo": entry.memo,
    })
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
        },
        "disbursed": money(usage.disbursed),
        "actualCost": money(usage.actual_cost),
        "auditReference": usage.audit_reference,
        "rejectionReason": usage.rejection_reason,
    })
}

fn plan_public(plan: &replenishment_plan::Model) -> Value {
    json!({
        "target": Money(plan.target).to_string(),
        "note": plan.note,
        "status": plan.status,
        "participatingArea": plan.participating_area.map(|h| Area(h).to_string()),
        "ayeArea": plan.aye_area.map(|h| Area(h).to_string()),
        "participatingOwners": plan.participating_owners,
        "ayeOwners": plan.aye_owners,
    })
}

/// The balance of an account: the sum of its ledger, in fen.
pub async fn balance(db: &impl ConnectionTrait, account_id: i64) -> Result<i64> {
    let amounts: Vec<i64> = fund_ledger_entry::Entity::find()
        .select_only()
        .column(fund_ledger_entry::Column::Amount)
        .filter(fund_ledger_entry::Column::AccountId.eq(account_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(amounts.into_iter().sum())
}

/// The account, read for a change of its ledger: on PostgreSQL its row is locked until the transaction ends, so
/// the next writer of the same account waits and then sees this one's entries.
async fn lock_account(txn: &DatabaseTransaction, account_id: i64) -> Result<fund_account::Model> {
    let mut query = fund_account::Entity::find_by_id(account_id);
    if txn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(txn).await?.ok_or(Error::NotFound { kind: entity::vocab::RecordKind::FundAccount })
}

/// The account of an estate, locked like [`lock_account`]; INVALID_STATE when the estate has none yet.
pub(super) async fn account_of_estate(txn: &DatabaseTransaction, estate_id: i64) -> Result<fund_account::Model> {
    let account = fund_account::Entity::find().filter(fund_account::Column::EstateId.eq(estate_id)).one(txn).await?;
    match account {
        Some(account) => lock_account(txn, account.id).await,
        None => Err(Error::InvalidState {
            message: "the estate has no maintenance fund account yet; the county opens it first".into(),
            message_zh: "该小区尚未开立专项维修资金账户，须由县主管部门先行开立".into(),
        }),
    }
}

/// An account with its estate and where it lies.
async fn account_and_place(txn: &DatabaseTransaction, account_id: i64) -> Result<(fund_account::Model, Place)> {
    let account = lock_account(txn, account_id).await?;
    let estate = find::<estate::Entity>(txn, account.estate_id).await?;
    Ok((account, place::of_estate(txn, &estate).await?))
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
                Err(super::forbidden("act for the applicant of this usage", "代表该申请人办理"))
            }
        }
        None => require_owners(txn, actor, usage.estate_id, place).await,
    }
}

fn positive(field: &str, amount: Money) -> Result<i64> {
    if amount.fen() <= 0 {
        return Err(InvalidField::new(field, "positive", "the amount must be positive", "金额应大于零").into());
    }
    Ok(amount.fen())
}

/// A vote as its columns are stored: area in hundredths of m², owners as heads, for the scope, the participants
/// and the ayes.
type VoteColumns = (Option<i64>, Option<i32>, Option<i64>, Option<i32>, Option<i64>, Option<i32>);

fn vote_of(vote: &Vote) -> VoteColumns {
    let heads = |n: i64| i32::try_from(n).ok();
    (
        Some(vote.scope_area),
        heads(vote.scope_owners),
        Some(vote.participating_area),
        heads(vote.participating_owners),
        Some(vote.aye_area),
        heads(vote.aye_owners),
    )
}

impl Service {
    /// Appends `entry` to `account`'s ledger inside `txn`, with its own public event.
    pub(super) async fn append_entry(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (account, place): (&fund_account::Model, &Place),
        entry: Entry,
        action: Action,
    ) -> Result<fund_ledger_entry::Model> {
        let row = fund_ledger_entry::ActiveModel {
            account_id: Set(account.id),
            kind: Set(entry.kind),
            amount: Set(entry.amount),
            occurred_on: Set(entry.occurred_on),
            reference: Set(entry.reference),
            memo: Set(entry.memo),
            usage_id: Set(entry.usage_id),
            disclosure_id: Set(entry.disclosure_id),
            plan_id: Set(entry.plan_id),
            reverses_id: Set(entry.reverses_id),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        self.audit(txn, actor, Change::new(action, &row, place, None, public_snapshot(entry_public(&row)))).await?;
        Ok(row)
    }

    /// 开立专项维修资金账户 The county opens an estate's account; the owners' first deposit is its first entry.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_fund_account(&self, actor: Option<&Actor>, new: NewAccount) -> Result<fund_account::Model> {
        let actor = signed_in(actor)?;
        let bank = required("bank", &new.bank)?;
        let reference = required("reference", &new.reference)?;
        if new.initial_deposit.fen() < 0 {
            return Err(
                InvalidField::new("initialDeposit", "non-negative", "must not be negative", "不能为负数").into()
            );
        }
        let txn = self.begin().await?;
        let estate = find::<estate::Entity>(&txn, new.estate_id).await?;
        let place = place::of_estate(&txn, &estate).await?;
        require_tier(actor, Tier::County, &place, "open maintenance fund accounts", "开立专项维修资金账户")?;
        let now = chrono::Utc::now();
        let account = fund_account::ActiveModel {
            estate_id: Set(estate.id),
            custodian: Set(new.custodian),
            bank: Set(bank),
            opened_on: Set(new.opened_on),
            initial_deposit: Set(new.initial_deposit.fen()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let after = json!({ "custodian": account.custodian, "bank": account.bank, "openedOn": account.opened_on,
            "initialDeposit": Money(account.initial_deposit).to_string() });
        self.audit(&txn, actor, Change::new(Action::OpenFundAccount, &account, &place, None, public_snapshot(after)))
            .await?;
        if account.initial_deposit > 0 {
            let deposit = Entry::new(LedgerEntryKind::Deposit, account.initial_deposit, account.opened_on, reference);
            self.append_entry(&txn, actor, (&account, &place), deposit, Action::OpenFundAccount).await?;
        }
        txn.commit().await?;
        Ok(account)
    }

    /// 记录交存 The county records money paid into an account: a deposit, or — naming a plan in progress — a
    /// replenishment, which completes the plan once its entries reach the target.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_fund_deposit(
        &self,
        actor: Option<&Actor>,
        receipt: Receipt,
        plan_id: Option<i64>,
    ) -> Result<fund_ledger_entry::Model> {
        let actor = signed_in(actor)?;
        let amount = positive("amount", receipt.amount)?;
        let reference = required("reference", &receipt.reference)?;
        let txn = self.begin().await?;
        let (account, place) = account_and_place(&txn, receipt.account_id).await?;
        require_tier(actor, Tier::County, &place, "record deposits", "记录资金交存")?;
        let plan = match plan_id {
            Some(plan_id) => {
                let plan = find::<replenishment_plan::Entity>(&txn, plan_id).await?;
                if plan.account_id != account.id {
                    let message = "the plan belongs to another account";
                    return Err(InvalidField::new("planId", "plan-account", message, "该续筹方案不属于此账户").into());
                }
                let words = ("record a replenishment for the plan", "为该方案记录续筹");
                workflow::check(plan.status, &[ReplenishmentStatus::InProgress], words)?;
                Some(plan)
            }
            None => None,
        };
        let kind = if plan.is_some() { LedgerEntryKind::Replenishment } else { LedgerEntryKind::Deposit };
        let entry = Entry {
            memo: receipt.memo,
            plan_id: plan.as_ref().map(|p| p.id),
            ..Entry::new(kind, amount, receipt.occurred_on, reference)
        };
        let entry = self.append_entry(&txn, actor, (&account, &place), entry, Action::RecordFundDeposit).await?;
        if let Some(plan) = plan {
            let raised = raised_for(&txn, plan.id).await?;
            if raised >= plan.target {
                let next = replenishment_plan::Model {
                    status: ReplenishmentStatus::Completed,
                    completed_on: Some(today()),
                    ..plan.clone()
                };
                let version = plan.version;
                let completed = save(&txn, version, next).await?;
                let (before, after) = (public_snapshot(plan_public(&plan)), public_snapshot(plan_public(&completed)));
                let change = Change::new(Action::RecordFundDeposit, &completed, &place, Some(before), after);
                self.audit(&txn, actor, change).await?;
            }
        }
        txn.commit().await?;
        Ok(entry)
    }

    /// 记录增值收益 The county records interest the fund earned.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_fund_interest(
        &self,
        actor: Option<&Actor>,
        receipt: Receipt,
    ) -> Result<fund_ledger_entry::Model> {
        let actor = signed_in(actor)?;
        let amount = positive("amount", receipt.amount)?;
        let reference = required("reference", &receipt.reference)?;
        let txn = self.begin().await?;
        let (account, place) = account_and_place(&txn, receipt.account_id).await?;
        require_tier(actor, Tier::County, &place, "record interest", "记录增值收益")?;
        let entry = Entry {
            memo: receipt.memo,
            ..Entry::new(LedgerEntryKind::Interest, amount, receipt.occurred_on, reference)
        };
        let entry = self.append_entry(&txn, actor, (&account, &place), entry, Action::RecordFundInterest).await?;
        txn.commit().await?;
        Ok(entry)
    }

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
        let estate = find::<estate::Entity>(&txn, new.estate_id).await?;
        let place = place::of_estate(&txn, &estate).await?;
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
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let change = Change::new(Action::DraftFundUsage, &usage, &place, None, public_snapshot(usage_public(&usage)));
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(usage)
    }

    /// The one way a usage moves on: check who takes `step` and the status it leaves, apply `to` (given the
    /// balance), save against `expected_version`, and record the event — public once the county has approved; a
    /// disbursement also writes its WITHDRAWAL entry.
    async fn move_usage(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        step: Step,
        to: impl FnOnce(&fund_usage::Model, i64) -> Result<fund_usage::Model>,
    ) -> Result<fund_usage::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = usage_and_place(&txn, id).await?;
        match step.who {
            Who::Applicant => require_applicant(&txn, actor, &current, &place).await?,
            Who::Owners => require_owners(&txn, actor, current.estate_id, &place).await?,
            Who::Tier(tier, what, what_zh) => require_tier(actor, tier, &place, what, what_zh)?,
            Who::OwnersOrTown => {
                if !actor.supervises(Tier::Town, &place) {
                    require_owners(&txn, actor, current.estate_id, &place).await?;
                }
            }
            Who::Reviewer => {
                let tier = if current.status == FundUsageStatus::TownReviewed { Tier::County } else { Tier::Town };
                require_tier(actor, tier, &place, "reject this usage", "驳回该使用申请")?;
            }
        }
        workflow::check(current.status, step.from, step.words)?;
        // A disbursement reads the balance under the account's lock.
        let account = account_of_estate(&txn, current.estate_id).await?;
        let balance = balance(&txn, account.id).await?;
        let next = to(&current, balance)?;
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::new(
            step.action,
            &saved,
            &place,
            Some(public_snapshot(usage_public(&current))),
            public_snapshot(usage_public(&saved)),
        )
        .because(step.reason);
        let public = matches!(
            saved.status,
            FundUsageStatus::Approved | FundUsageStatus::Disbursed | FundUsageStatus::Publicized
        );
        self.audit(&txn, actor, if public { change } else { change.staff_only() }).await?;
        if saved.status == FundUsageStatus::Disbursed {
            let amount = saved.disbursed.unwrap_or_default();
            let entry = Entry {
                usage_id: Some(saved.id),
                memo: Some(saved.title.clone()),
                ..Entry::new(LedgerEntryKind::Withdrawal, -amount, today(), format!("使用申请 {}", saved.id))
            };
            self.append_entry(&txn, actor, (&account, &place), entry, step.action).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// 发起业主表决 Whoever acts for the owners opens the vote on a drafted usage, with the vote's own denominators.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_fund_vote(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        (scope_area, scope_owners): (Area, i32),
    ) -> Result<fund_usage::Model> {
        let scope = Vote {
            scope_area: scope_area.hundredths(),
            scope_owners: i64::from(scope_owners),
            participating_area: 0,
            participating_owners: 0,
            aye_area: 0,
            aye_owners: 0,
        };
        scope.check()?;
        let step = Step {
            action: Action::OpenFundVote,
            words: ("open the vote", "发起业主表决"),
            from: &[FundUsageStatus::Draft],
            who: Who::Owners,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            Ok(fund_usage::Model {
                status: FundUsageStatus::Voting,
                scope_area: Some(scope.scope_area),
                scope_owners: Some(scope_owners),
                vote_opened_on: Some(today()),
                ..u.clone()
            })
        })
        .await
    }

    /// 记录表决结果 The result of the owners' vote: adopted by the 民法典 art. 278 thresholds, or failed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_fund_vote(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        (participating_area, participating_owners): (Area, i32),
        (aye_area, aye_owners): (Area, i32),
    ) -> Result<fund_usage::Model> {
        let step = Step {
            action: Action::RecordFundVote,
            words: ("record the vote", "记录表决结果"),
            from: &[FundUsageStatus::Voting],
            who: Who::Owners,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            let vote = Vote {
                scope_area: u.scope_area.unwrap_or_default(),
                scope_owners: i64::from(u.scope_owners.unwrap_or_default()),
                participating_area: participating_area.hundredths(),
                participating_owners: i64::from(participating_owners),
                aye_area: aye_area.hundredths(),
                aye_owners: i64::from(aye_owners),
            };
            vote.check()?;
            let (scope_area, scope_owners, p_area, p_owners, a_area, a_owners) = vote_of(&vote);
            Ok(fund_usage::Model {
                status: if vote.adopts_usage() { FundUsageStatus::Voted } else { FundUsageStatus::VoteFailed },
                scope_area,
                scope_owners,
                participating_area: p_area,
                participating_owners: p_owners,
                aye_area: a_area,
                aye_owners: a_owners,
                voted_on: Some(today()),
                ..u.clone()
            })
        })
        .await
    }

    /// 提交使用申请 The applicant submits a usage the owners adopted, or an emergency usage straight from its
    /// draft (no vote: 令165 art. 22's urgent repairs).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn submit_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<fund_usage::Model> {
        let from = &[FundUsageStatus::Voted, FundUsageStatus::Draft];
        let step = Step {
            action: Action::SubmitFundUsage,
            words: ("submit the usage", "提交使用申请"),
            from,
            who: Who::Applicant,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            if u.status == FundUsageStatus::Draft && !u.is_emergency {
                return Err(Error::InvalidState {
                    message: "only an emergency usage is submitted without a vote; open the owners' vote first".into(),
                    message_zh: "非紧急使用须先经业主表决通过".into(),
                });
            }
            Ok(fund_usage::Model { status: FundUsageStatus::Submitted, submitted_on: Some(today()), ..u.clone() })
        })
        .await
    }

    /// 初审 The town reviews a submitted usage.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn review_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<fund_usage::Model> {
        let who = Who::Tier(Tier::Town, "review fund usages", "初审专项维修资金使用");
        let step = Step {
            action: Action::ReviewFundUsage,
            words: ("review the usage", "初审使用申请"),
            from: &[FundUsageStatus::Submitted],
            who,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            Ok(fund_usage::Model { status: FundUsageStatus::TownReviewed, reviewed_on: Some(today()), ..u.clone() })
        })
        .await
    }

    /// 审批 The county approves a usage the town reviewed; it is public from now on.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn approve_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<fund_usage::Model> {
        let who = Who::Tier(Tier::County, "approve fund usages", "审批专项维修资金使用");
        let step = Step {
            action: Action::ApproveFundUsage,
            words: ("approve the usage", "审批使用申请"),
            from: &[FundUsageStatus::TownReviewed],
            who,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            Ok(fund_usage::Model { status: FundUsageStatus::Approved, approved_on: Some(today()), ..u.clone() })
        })
        .await
    }

    /// 驳回 The town rejects a submitted usage, or the county a submitted or reviewed one, with the reason.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn reject_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        reason: &str,
    ) -> Result<fund_usage::Model> {
        let reason = required("reason", reason)?;
        let from = &[FundUsageStatus::Submitted, FundUsageStatus::TownReviewed];
        let why = reason.clone();
        let step = Step {
            action: Action::RejectFundUsage,
            words: ("reject the usage", "驳回使用申请"),
            from,
            who: Who::Reviewer,
            reason: Some(reason),
        };
        self.move_usage(actor, (id, expected_version), step, move |u, _| {
            Ok(fund_usage::Model {
                status: FundUsageStatus::Rejected,
                rejection_reason: Some(why),
                closed_on: Some(today()),
                ..u.clone()
            })
        })
        .await
    }

    /// 撤回 The applicant withdraws a usage before the county approves it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn withdraw_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<fund_usage::Model> {
        use FundUsageStatus::*;
        let from = &[Draft, Voting, Voted, VoteFailed, Submitted, TownReviewed];
        let step = Step {
            action: Action::WithdrawFundUsage,
            words: ("withdraw the usage", "撤回使用申请"),
            from,
            who: Who::Applicant,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, _| {
            Ok(fund_usage::Model { status: Withdrawn, closed_on: Some(today()), ..u.clone() })
        })
        .await
    }

    /// 拨付 The county pays out an approved usage: never more than its budget, nor than the balance; the
    /// WITHDRAWAL entry is written in the same transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn disburse_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        amount: Money,
    ) -> Result<fund_usage::Model> {
        let who = Who::Tier(Tier::County, "disburse fund usages", "拨付专项维修资金");
        let step = Step {
            action: Action::DisburseFundUsage,
            words: ("disburse the usage", "拨付使用资金"),
            from: &[FundUsageStatus::Approved],
            who,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, |u, balance| {
            check_disbursement(amount.fen(), u.budget, balance)?;
            Ok(fund_usage::Model {
                status: FundUsageStatus::Disbursed,
                disbursed: Some(amount.fen()),
                disbursed_on: Some(today()),
                ..u.clone()
            })
        })
        .await
    }

    /// 公示 The owners' side or the town publicizes a disbursed usage with its actual cost and price audit.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publicize_fund_usage(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        actual_cost: Money,
        audit_reference: &str,
    ) -> Result<fund_usage::Model> {
        let cost = positive("actualCost", actual_cost)?;
        let audit_reference = required("auditReference", audit_reference)?;
        let step = Step {
            action: Action::PublicizeFundUsage,
            words: ("publicize the usage", "公示使用情况"),
            from: &[FundUsageStatus::Disbursed],
            who: Who::OwnersOrTown,
            reason: None,
        };
        self.move_usage(actor, (id, expected_version), step, move |u, _| {
            Ok(fund_usage::Model {
                status: FundUsageStatus::Publicized,
                actual_cost: Some(cost),
                audit_reference: Some(audit_reference),
                publicized_on: Some(today()),
                ..u.clone()
            })
        })
        .await
    }

    /// 提出续筹方案 The town proposes replenishing an estate's fund whose balance fell below the signal.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn propose_replenishment(
        &self,
        actor: Option<&Actor>,
        estate_id: i64,
        target: Money,
        note: &str,
    ) -> Result<replenishment_plan::Model> {
        let actor = signed_in(actor)?;
        let target = positive("target", target)?;
        let note = required("note", note)?;
        let txn = self.begin().await?;
        let estate = find::<estate::Entity>(&txn, estate_id).await?;
        let place = place::of_estate(&txn, &estate).await?;
        require_tier(actor, Tier::Town, &place, "propose replenishments", "提出续筹方案")?;
        let account = account_of_estate(&txn, estate.id).await?;
        let balance = balance(&txn, account.id).await?;
        if !needs_replenishment(balance, account.initial_deposit) {
            return Err(Error::InvalidState {
                message: format!(
                    "the balance {} is not below 30% of the initial deposit {}",
                    Money(balance),
                    Money(account.initial_deposit)
                ),
                message_zh: "资金余额未低于首期交存额的30%，无需续筹".into(),
            });
        }
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
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let change =
            Change::new(Action::ProposeReplenishment, &plan, &place, None, public_snapshot(plan_public(&plan)));
        self.commit(txn, actor, change).await?;
        Ok(plan)
    }

    /// 记录续筹表决 The owners' vote on a plan: adopted by 3/4 (民法典 art. 278 (6)), or rejected.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_replenishment_vote(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        vote: Vote,
    ) -> Result<replenishment_plan::Model> {
        vote.check()?;
        let status =
            if vote.adopts_replenishment() { ReplenishmentStatus::Adopted } else { ReplenishmentStatus::Rejected };
        let (scope_area, scope_owners, p_area, p_owners, a_area, a_owners) = vote_of(&vote);
        let action = (Action::RecordReplenishmentVote, ("record the vote", "记录续筹表决"));
        self.move_plan(actor, (id, expected_version), action, ReplenishmentStatus::Proposed, |plan| {
            replenishment_plan::Model {
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
        self.move_plan(actor, (id, expected_version), action, ReplenishmentStatus::Adopted, |plan| {
            replenishment_plan::Model {
                status: ReplenishmentStatus::InProgress,
                started_on: Some(today()),
                ..plan.clone()
            }
        })
        .await
    }

    /// A plan moves on: the owners' side votes on a proposed plan, the community starts an adopted one.
    async fn move_plan(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        (action, words): (Action, (&str, &str)),
        from: ReplenishmentStatus,
        to: impl FnOnce(&replenishment_plan::Model) -> replenishment_plan::Model,
    ) -> Result<replenishment_plan::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<replenishment_plan::Entity>(&txn, id).await?;
        let estate = find::<estate::Entity>(&txn, current.estate_id).await?;
        let place = place::of_estate(&txn, &estate).await?;
        match from {
            ReplenishmentStatus::Proposed => require_owners(&txn, actor, estate.id, &place).await?,
            _ => require_tier(actor, Tier::Community, &place, "carry out replenishments", "组织实施续筹")?,
        }
        workflow::check(current.status, &[from], words)?;
        let saved = save(&txn, expected_version, to(&current)).await?;
        let before = Some(public_snapshot(plan_public(&current)));
        let change = Change::new(action, &saved, &place, before, public_snapshot(plan_public(&saved)));
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}

/// One step of the usage workflow: the action (as the audit log names it, and in words), the statuses it leaves,
/// who takes it, and the reason given, if any.
struct Step {
    action: Action,
    words: (&'static str, &'static str),
    from: &'static [FundUsageStatus],
    who: Who,
    reason: Option<String>,
}

/// Who may move a usage on.
enum Who {
    /// The enterprise that applied, or the owners' side for their own application.
    Applicant,
    /// The committee while one is active, or the community where none is.
    Owners,
    /// Staff at this tier or above over the estate.
    Tier(Tier, &'static str, &'static str),
    /// The owners' side, or the town.
    OwnersOrTown,
    /// The town for a submitted usage, the county (only) for one the town reviewed.
    Reviewer,
}

/// What the REPLENISHMENT entries of a plan have raised, in fen.
pub async fn raised_for(db: &impl ConnectionTrait, plan_id: i64) -> Result<i64> {
    let amounts: Vec<i64> = fund_ledger_entry::Entity::find()
        .select_only()
        .column(fund_ledger_entry::Column::Amount)
        .filter(fund_ledger_entry::Column::PlanId.eq(plan_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(amounts.into_iter().sum())
}
