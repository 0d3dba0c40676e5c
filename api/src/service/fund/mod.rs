//! The special maintenance fund (专项维修资金) of each estate: its account, opened by the county; its append-only
//! ledger (deposits and interest recorded by the county, withdrawals by disbursement, transfers of public income,
//! reversals); the usage workflow (drafted by the enterprise serving the estate or by the owners' side, voted,
//! reviewed by the town, approved and disbursed by the county, publicized); and replenishment plans.
//!
//! A balance is never stored: it is the sum of the ledger, read inside the transaction that needs it, with the
//! account row locked on PostgreSQL (SQLite's IMMEDIATE transactions already serialize writers), so two
//! disbursements can never together overdraw it.

mod replenishment;
mod usage;

use replenishment::plan_public;
pub use usage::{NewUsage, UsageStep};

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::fixed_point::Money;
use crate::domain::text::required;
use crate::domain::vote::Vote;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{FundCustodian, LedgerEntryKind, ReplenishmentStatus};
use entity::{estate, fund_account, fund_ledger_entry, replenishment_plan};
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

pub(super) fn positive(field: &str, amount: Money) -> Result<i64> {
    if amount.fen() <= 0 {
        return Err(InvalidField::new(field, "positive", "the amount must be positive", "金额应大于零").into());
    }
    Ok(amount.fen())
}

/// A vote as its columns are stored: area in hundredths of m², owners as heads, for the scope, the participants
/// and the ayes.
pub(super) type VoteColumns = (Option<i64>, Option<i32>, Option<i64>, Option<i32>, Option<i64>, Option<i32>);

pub(super) fn vote_of(vote: &Vote) -> VoteColumns {
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
        self.audit(txn, actor, Change::created(action, &row, place, entry_public(&row))).await?;
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
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        require_tier(actor, Tier::County, &place, "open maintenance fund accounts", "开立专项维修资金账户")?;
        let now = chrono::Utc::now();
        let account = fund_account::ActiveModel {
            estate_id: Set(estate.id),
            custodian: Set(new.custodian),
            bank: Set(bank),
            opened_on: Set(new.opened_on),
            initial_deposit: Set(new.initial_deposit.fen()),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = json!({ "custodian": account.custodian, "bank": account.bank, "openedOn": account.opened_on,
            "initialDeposit": Money(account.initial_deposit).to_string() });
        self.audit(&txn, actor, Change::created(Action::OpenFundAccount, &account, &place, after)).await?;
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
