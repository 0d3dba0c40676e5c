//! Publishing a disclosure, with its transfer to the fund, and correcting a published one: the correction
//! supersedes it once published, and its transfer is reversed and booked anew.

use super::{
    Account, Disclosure, checked_items, disclosure_and_place, items_of, lines, opening_before, require_discloser,
    revise, snapshot_of, write_items,
};

use super::super::action::Action;
use super::super::audit::Change;
use super::super::fund::{Entry, account_of_estate};
use super::super::{Service, find, require_tier, save, signed_in};
use crate::auth::{Actor, Tier};
use crate::domain::calendar::today;
use crate::domain::disclosure::{Line, check_amounts};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use entity::vocab::{DisclosureStatus, LedgerEntryKind};
use entity::{fund_ledger_entry, public_income_disclosure};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

impl Service {
    /// 发布公共收益公示 The community publishes a submitted disclosure. Its transfer to the fund is booked in the
    /// same transaction; a correction supersedes what it corrects, whose transfer is reversed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publish_public_income_disclosure(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<Disclosure> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = disclosure_and_place(&txn, id).await?;
        require_tier(actor, Tier::Community, &place, "publish disclosures", "发布公共收益公示")?;
        workflow::check(current.status, &[DisclosureStatus::Submitted], ("publish the disclosure", "发布公示"))?;
        let items = items_of(&txn, id).await?;
        let opening = opening_before(&txn, current.estate_id, current.period_start).await?;
        check_amounts(&lines(&items), current.transferred_to_fund, current.other_use, opening)?;
        let next = Disclosure { status: DisclosureStatus::Published, published_on: Some(today()), ..current.clone() };
        let published = save(&txn, expected_version, next).await?;
        let before = Some(snapshot_of(&current, &items));
        let after = snapshot_of(&published, &items);
        let change = Change::new(Action::PublishPublicIncomeDisclosure, &published, &place, before, after)
            .because(published.correction_reason.clone());
        self.audit(&txn, actor, change).await?;

        let reference = format!("公共收益公示 {}年第{}季度", published.year, published.quarter);
        if let Some(old_id) = published.supersedes_id {
            let old = find::<public_income_disclosure::Entity>(&txn, old_id).await?;
            let words = ("supersede the disclosure", "更正公示");
            workflow::check(old.status, &[DisclosureStatus::Published], words)?;
            let old_items = items_of(&txn, old.id).await?;
            let superseded =
                save(&txn, old.version, Disclosure { status: DisclosureStatus::Superseded, ..old.clone() }).await?;
            let change = Change::new(
                Action::PublishPublicIncomeDisclosure,
                &superseded,
                &place,
                Some(snapshot_of(&old, &old_items)),
                snapshot_of(&superseded, &old_items),
            )
            .because(published.correction_reason.clone());
            self.audit(&txn, actor, change).await?;
            let booked = fund_ledger_entry::Entity::find()
                .filter(fund_ledger_entry::Column::DisclosureId.eq(old.id))
                .filter(fund_ledger_entry::Column::Kind.eq(LedgerEntryKind::PublicIncomeTransfer))
                .one(&txn)
                .await?;
            if let Some(booked) = booked {
                let account = account_of_estate(&txn, published.estate_id).await?;
                let reversal = Entry {
                    reverses_id: Some(booked.id),
                    disclosure_id: Some(published.id),
                    memo: published.correction_reason.clone(),
                    ..Entry::new(
                        LedgerEntryKind::Reversal,
                        -booked.amount,
                        today(),
                        format!("冲正：{}", booked.reference),
                    )
                };
                self.append_entry(&txn, actor, (&account, &place), reversal, Action::PublishPublicIncomeDisclosure)
                    .await?;
            }
        }
        if published.transferred_to_fund > 0 {
            let account = account_of_estate(&txn, published.estate_id).await?;
            let amount = published.transferred_to_fund;
            let transfer = Entry {
                disclosure_id: Some(published.id),
                ..Entry::new(LedgerEntryKind::PublicIncomeTransfer, amount, today(), reference)
            };
            self.append_entry(&txn, actor, (&account, &place), transfer, Action::PublishPublicIncomeDisclosure).await?;
        }
        txn.commit().await?;
        Ok(published)
    }

    /// 更正公共收益公示 The discloser corrects a published disclosure, with the reason: a new draft (revised by
    /// calling again while it is a draft or returned) that, once submitted and published, supersedes it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn correct_public_income_disclosure(
        &self,
        actor: Option<&Actor>,
        id: i64,
        reason: &str,
        account: Account,
    ) -> Result<Disclosure> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        checked_items(&account.items)?;
        let txn = self.begin().await?;
        let (original, place) = disclosure_and_place(&txn, id).await?;
        require_discloser(&txn, actor, &original, &place).await?;
        workflow::check(original.status, &[DisclosureStatus::Published], ("correct the disclosure", "更正公示"))?;
        let opening = opening_before(&txn, original.estate_id, original.period_start).await?;
        let new_lines: Vec<Line> =
            account.items.iter().map(|i| Line { gross: i.gross.fen(), cost: i.cost.fen() }).collect();
        check_amounts(&new_lines, account.transferred_to_fund.fen(), account.other_use.fen(), opening)?;
        let other_use_note = match account.other_use_note.as_deref() {
            Some(note) => Some(required("otherUseNote", note)?),
            None => None,
        };
        let pending = public_income_disclosure::Entity::find()
            .filter(public_income_disclosure::Column::SupersedesId.eq(original.id))
            .filter(public_income_disclosure::Column::Status.ne(DisclosureStatus::Published))
            .one(&txn)
            .await?;
        let (correction, before) = match pending {
            Some(current) => revise(&txn, current, &account, other_use_note, Some(reason.clone())).await?,
            None => {
                let now = chrono::Utc::now();
                let row = public_income_disclosure::ActiveModel {
                    estate_id: Set(original.estate_id),
                    year: Set(original.year),
                    quarter: Set(original.quarter),
                    period_start: Set(original.period_start),
                    period_end: Set(original.period_end),
                    submitter: Set(original.submitter),
                    contract_id: Set(original.contract_id),
                    committee_id: Set(original.committee_id),
                    part_key: Set(original.part_key),
                    status: Set(DisclosureStatus::Draft),
                    transferred_to_fund: Set(account.transferred_to_fund.fen()),
                    other_use: Set(account.other_use.fen()),
                    other_use_note: Set(other_use_note),
                    supersedes_id: Set(Some(original.id)),
                    correction_reason: Set(Some(reason.clone())),
                    ..Default::default()
                }
                .first_version(now);
                (row.insert(&txn).await?, None)
            }
        };
        let items = write_items(&txn, correction.id, &account.items).await?;
        let after = snapshot_of(&correction, &items);
        let change = Change::new(Action::CorrectPublicIncomeDisclosure, &correction, &place, before, after)
            .because(reason)
            .staff_only();
        self.commit(txn, actor, change).await?;
        Ok(correction)
    }
}
