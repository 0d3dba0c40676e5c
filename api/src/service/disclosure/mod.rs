//! Public-income disclosures (公共收益公示). The enterprise whose contract covered part of a quarter drafts and
//! submits its part (民法典 art. 943); where no contract was in force, the owners' side does. The community
//! publishes or returns (with a reason) what is submitted. A published disclosure never changes: a correction is a
//! new disclosure that, once published, supersedes it (the old one stays public, marked); a transfer to the fund is
//! booked when published, and corrected by a REVERSAL and a new entry.
mod publication;

use super::action::Action;
use super::audit::{Change, snapshot};
use super::{Service, committee, find, forbidden, place, require_owners, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::disclosure::{Line, Period, Quarter, chain, check_amounts, part_served};
use crate::domain::fixed_point::Money;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use entity::vocab::{DisclosureStatus, DisclosureSubmitter, IncomeSource};
use entity::{disclosure_item, enterprise, estate, public_income_disclosure, service_contract};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// One line as the discloser enters it.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub source: IncomeSource,
    pub description: String,
    pub counterparty: String,
    pub counterparty_is_person: bool,
    pub gross: Money,
    pub cost: Money,
}

/// A period's account as the discloser enters it.
#[derive(Debug, Clone)]
pub struct Account {
    pub items: Vec<NewItem>,
    pub transferred_to_fund: Money,
    pub other_use: Money,
    pub other_use_note: Option<String>,
}

pub(super) type Disclosure = public_income_disclosure::Model;
pub(super) type Item = disclosure_item::Model;

fn lines(items: &[Item]) -> Vec<Line> {
    items.iter().map(|i| Line { gross: i.gross, cost: i.cost }).collect()
}

fn public(d: &Disclosure, items: &[Item]) -> Value {
    json!({
        "year": d.year,
        "quarter": d.quarter,
        "periodStart": d.period_start,
        "periodEnd": d.period_end,
        "submitter": d.submitter,
        "status": d.status,
        "items": items.iter().map(|i| json!({
            "source": i.source, "description": i.description,
            "counterparty": crate::domain::disclosure::public_counterparty(&i.counterparty, i.counterparty_is_person),
            "gross": Money(i.gross).to_string(), "cost": Money(i.cost).to_string(),
        })).collect::<Vec<_>>(),
        "transferredToFund": Money(d.transferred_to_fund).to_string(),
        "otherUse": Money(d.other_use).to_string(),
        "otherUseNote": d.other_use_note,
        "returnReason": d.return_reason,
        "correctionReason": d.correction_reason,
    })
}

/// The disclosure's record for the audit log; counterparties who are private persons by name only in the staff part.
fn snapshot_of(d: &Disclosure, items: &[Item]) -> Value {
    let persons: Vec<&str> =
        items.iter().filter(|i| i.counterparty_is_person).map(|i| i.counterparty.as_str()).collect();
    snapshot(public(d, items), json!({ "privateCounterparties": persons }))
}

async fn items_of(txn: &DatabaseTransaction, disclosure_id: i64) -> Result<Vec<Item>> {
    Ok(disclosure_item::Entity::find()
        .filter(disclosure_item::Column::DisclosureId.eq(disclosure_id))
        .order_by_asc(disclosure_item::Column::Line)
        .all(txn)
        .await?)
}

/// The balance a period opens with: the closing balance of the published disclosures of the estate before it.
async fn opening_before(txn: &DatabaseTransaction, estate_id: i64, period_start: chrono::NaiveDate) -> Result<i64> {
    let published = public_income_disclosure::Entity::find()
        .filter(public_income_disclosure::Column::EstateId.eq(estate_id))
        .filter(public_income_disclosure::Column::Status.eq(DisclosureStatus::Published))
        .filter(public_income_disclosure::Column::PeriodEnd.lt(period_start))
        .order_by_asc(public_income_disclosure::Column::PeriodStart)
        .order_by_asc(public_income_disclosure::Column::Id)
        .all(txn)
        .await?;
    let mut periods = Vec::with_capacity(published.len());
    for d in &published {
        let items = items_of(txn, d.id).await?;
        periods.push(Period {
            lines: lines(&items),
            transferred_to_fund: d.transferred_to_fund,
            other_use: d.other_use,
        });
    }
    Ok(chain(&periods).last().map_or(0, |t| t.closing))
}

/// Checked lines of an account, ready to store.
fn checked_items(items: &[NewItem]) -> Result<Vec<(NewItem, String, String)>> {
    if items.is_empty() {
        let message = "a disclosure lists its income, one line per source (a line of 0.00 where there was none)";
        return Err(InvalidField::new("items", "items", message, "公示应逐项列明收益（无收益的列0.00）").into());
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let description = required(&format!("items[{i}].description"), &item.description)?;
            let counterparty = required(&format!("items[{i}].counterparty"), &item.counterparty)?;
            Ok((item.clone(), description, counterparty))
        })
        .collect()
}

/// Writes the lines of `disclosure_id`, replacing any it had (while it is a draft).
async fn write_items(txn: &DatabaseTransaction, disclosure_id: i64, items: &[NewItem]) -> Result<Vec<Item>> {
    let checked = checked_items(items)?;
    disclosure_item::Entity::delete_many()
        .filter(disclosure_item::Column::DisclosureId.eq(disclosure_id))
        .exec(txn)
        .await?;
    let mut written = Vec::with_capacity(checked.len());
    for (line, (item, description, counterparty)) in checked.into_iter().enumerate() {
        let row = disclosure_item::ActiveModel {
            disclosure_id: Set(disclosure_id),
            line: Set(line as i32),
            source: Set(item.source),
            description: Set(description),
            counterparty: Set(counterparty),
            counterparty_is_person: Set(item.counterparty_is_person),
            gross: Set(item.gross.fen()),
            cost: Set(item.cost.fen()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        written.push(row);
    }
    Ok(written)
}

/// Revises `current` (a draft, or a disclosure the community returned) with a new account: back to DRAFT, saved
/// against the version read. Returns it with its record as it was.
async fn revise(
    txn: &DatabaseTransaction,
    current: Disclosure,
    account: &Account,
    other_use_note: Option<String>,
    correction_reason: Option<String>,
) -> Result<(Disclosure, Option<Value>)> {
    let words = ("revise the disclosure", "修改公示");
    workflow::check(current.status, &[DisclosureStatus::Draft, DisclosureStatus::Returned], words)?;
    let before = snapshot_of(&current, &items_of(txn, current.id).await?);
    let next = Disclosure {
        status: DisclosureStatus::Draft,
        transferred_to_fund: account.transferred_to_fund.fen(),
        other_use: account.other_use.fen(),
        other_use_note,
        correction_reason: correction_reason.or(current.correction_reason.clone()),
        ..current.clone()
    };
    Ok((save(txn, current.version, next).await?, Some(before)))
}

/// FORBIDDEN unless `actor` speaks for the discloser of `d`: the enterprise of its contract, or the owners' side.
async fn require_discloser(txn: &DatabaseTransaction, actor: &Actor, d: &Disclosure, place: &Place) -> Result<()> {
    match d.contract_id {
        Some(contract_id) => {
            let contract = find::<service_contract::Entity>(txn, contract_id).await?;
            let enterprise = find::<enterprise::Entity>(txn, contract.enterprise_id).await?;
            if actor.is_enterprise(&enterprise.credit_code) {
                Ok(())
            } else {
                Err(forbidden("act for the enterprise that discloses this period", "代表该期间的公示企业办理"))
            }
        }
        None => require_owners(txn, actor, d.estate_id, place).await,
    }
}

async fn disclosure_and_place(txn: &DatabaseTransaction, id: i64) -> Result<(Disclosure, Place)> {
    let disclosure = find::<public_income_disclosure::Entity>(txn, id).await?;
    let estate = find::<estate::Entity>(txn, disclosure.estate_id).await?;
    Ok((disclosure, place::of_estate(txn, &estate).await?))
}

impl Service {
    /// 起草公共收益公示 Drafts (or revises, while a draft or returned) the account of the actor's part of a quarter
    /// that has ended: the enterprise's part under its contract, or the whole quarter for the owners' side where no
    /// contract was in force.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn draft_public_income_disclosure(
        &self,
        actor: Option<&Actor>,
        (estate_id, year, quarter): (i64, i32, i32),
        account: Account,
    ) -> Result<Disclosure> {
        let actor = signed_in(actor)?;
        let quarter = Quarter::new(year, quarter)?;
        if quarter.last_day() >= today() {
            let message = "a quarter is disclosed once it has ended";
            return Err(InvalidField::new("quarter", "quarter-ended", message, "季度结束后方可公示").into());
        }
        checked_items(&account.items)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, estate_id).await?;
        let contracts = service_contract::Entity::find()
            .filter(service_contract::Column::EstateId.eq(estate.id))
            .order_by_asc(service_contract::Column::StartOn)
            .all(&txn)
            .await?;
        let served: Vec<(service_contract::Model, (chrono::NaiveDate, chrono::NaiveDate))> = contracts
            .into_iter()
            .filter_map(|c| {
                let until = (!c.is_open()).then_some(c.terminated_on).flatten();
                part_served(quarter, c.start_on, until).map(|part| (c, part))
            })
            .collect();
        let mut own = None;
        for (contract, part) in &served {
            let enterprise = find::<enterprise::Entity>(&txn, contract.enterprise_id).await?;
            if actor.is_enterprise(&enterprise.credit_code) {
                own = Some((contract.id, *part));
            }
        }
        let (submitter, contract_id, committee_id, (period_start, period_end)) = match (own, served.is_empty()) {
            (Some((contract_id, part)), _) => (DisclosureSubmitter::Enterprise, Some(contract_id), None, part),
            (None, true) => {
                require_owners(&txn, actor, estate.id, &place).await?;
                let committee = committee::active_committee(&txn, estate.id).await?.map(|c| c.id);
                let whole = (quarter.first_day(), quarter.last_day());
                (DisclosureSubmitter::Committee, None, committee, whole)
            }
            (None, false) => {
                return Err(forbidden(
                    "disclose this estate's public income for the quarter",
                    "公示该小区该季度的公共收益",
                ));
            }
        };
        let opening = opening_before(&txn, estate.id, period_start).await?;
        let new_lines: Vec<Line> =
            account.items.iter().map(|i| Line { gross: i.gross.fen(), cost: i.cost.fen() }).collect();
        check_amounts(&new_lines, account.transferred_to_fund.fen(), account.other_use.fen(), opening)?;
        let other_use_note = match account.other_use_note.as_deref() {
            Some(note) => Some(required("otherUseNote", note)?),
            None => None,
        };
        let part_key = contract_id.unwrap_or(0);
        let original = public_income_disclosure::Entity::find()
            .filter(public_income_disclosure::Column::EstateId.eq(estate.id))
            .filter(public_income_disclosure::Column::Year.eq(quarter.year))
            .filter(public_income_disclosure::Column::Quarter.eq(quarter.quarter as i32))
            .filter(public_income_disclosure::Column::PartKey.eq(part_key))
            .filter(public_income_disclosure::Column::SupersedesId.is_null())
            .one(&txn)
            .await?;
        let now = chrono::Utc::now();
        let (disclosure, before) = match original {
            Some(current) => revise(&txn, current, &account, other_use_note, None).await?,
            None => {
                let row = public_income_disclosure::ActiveModel {
                    estate_id: Set(estate.id),
                    year: Set(quarter.year),
                    quarter: Set(quarter.quarter as i32),
                    period_start: Set(period_start),
                    period_end: Set(period_end),
                    submitter: Set(submitter),
                    contract_id: Set(contract_id),
                    committee_id: Set(committee_id),
                    part_key: Set(part_key),
                    status: Set(DisclosureStatus::Draft),
                    transferred_to_fund: Set(account.transferred_to_fund.fen()),
                    other_use: Set(account.other_use.fen()),
                    other_use_note: Set(other_use_note),
                    ..Default::default()
                }
                .first_version(now);
                (row.insert(&txn).await?, None)
            }
        };
        let items = write_items(&txn, disclosure.id, &account.items).await?;
        let after = snapshot_of(&disclosure, &items);
        let change = Change::new(Action::DraftPublicIncomeDisclosure, &disclosure, &place, before, after).staff_only();
        self.commit(txn, actor, change).await?;
        Ok(disclosure)
    }

    /// 提交公共收益公示 The discloser submits its draft to the community.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn submit_public_income_disclosure(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<Disclosure> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = disclosure_and_place(&txn, id).await?;
        require_discloser(&txn, actor, &current, &place).await?;
        workflow::check(current.status, &[DisclosureStatus::Draft], ("submit the disclosure", "提交公示"))?;
        let next = Disclosure { status: DisclosureStatus::Submitted, submitted_on: Some(today()), ..current.clone() };
        let items = items_of(&txn, id).await?;
        let submitted = save(&txn, expected_version, next).await?;
        let (before, after) = (snapshot_of(&current, &items), snapshot_of(&submitted, &items));
        let change =
            Change::new(Action::SubmitPublicIncomeDisclosure, &submitted, &place, Some(before), after).staff_only();
        self.commit(txn, actor, change).await?;
        Ok(submitted)
    }

    /// 退回公共收益公示 The community returns a submitted disclosure, with the reason; the discloser revises it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn return_public_income_disclosure(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        reason: &str,
    ) -> Result<Disclosure> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let (current, place) = disclosure_and_place(&txn, id).await?;
        require_tier(actor, Tier::Community, &place, "return disclosures", "退回公共收益公示")?;
        workflow::check(current.status, &[DisclosureStatus::Submitted], ("return the disclosure", "退回公示"))?;
        let next =
            Disclosure { status: DisclosureStatus::Returned, return_reason: Some(reason.clone()), ..current.clone() };
        let items = items_of(&txn, id).await?;
        let returned = save(&txn, expected_version, next).await?;
        let (before, after) = (snapshot_of(&current, &items), snapshot_of(&returned, &items));
        let change = Change::new(Action::ReturnPublicIncomeDisclosure, &returned, &place, Some(before), after)
            .because(reason)
            .staff_only();
        self.commit(txn, actor, change).await?;
        Ok(returned)
    }
}
