//! Handovers (移交): when a contract ends, the town opens a handover of the estate's documents, rooms, money and
//! keys to whoever serves next, with the checklist of DOMAIN.md and a deadline. Items are received or disputed one by
//! one under the handover's version; receiving the last one completes the handover and terminates the contract it
//! hands over, in the same transaction (so two racing completions cannot both terminate it: the second one's
//! handover version is stale).

use super::action::Action;
use super::audit::{Change, public_snapshot, snapshot};
use super::contract::{self, parties};
use super::enterprise::require_active;
use super::{Service, find, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, HandoverItemKind, HandoverItemStatus, HandoverReceiver, HandoverStatus};
use entity::{enterprise, handover, handover_item, service_contract};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, Iterable, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

/// A handover as the town opens it.
#[derive(Debug, Clone)]
pub struct NewHandover {
    pub contract_id: i64,
    pub receiver: HandoverReceiver,
    /// The enterprise that takes over, when the receiver is a new enterprise.
    pub receiver_enterprise_id: Option<i64>,
    pub deadline: NaiveDate,
}

/// What happens to one item of the checklist.
#[derive(Debug, Clone)]
pub enum ItemStep {
    /// Received by `by` on `on`, with a public note and one for staff only.
    Receive { by: String, on: NaiveDate, note: Option<String>, internal_note: Option<String> },
    /// Disputed, with the reason (public) and a note for staff only.
    Dispute { reason: String, internal_note: Option<String> },
}

fn public(handover: &handover::Model, items: &[handover_item::Model]) -> Value {
    json!({
        "receiver": handover.receiver,
        "receiverEnterpriseId": handover.receiver_enterprise_id,
        "deadline": handover.deadline,
        "status": handover.status,
        "openedOn": handover.opened_on,
        "completedOn": handover.completed_on,
        "items": items.iter().map(|i| json!({
            "item": i.item, "status": i.status, "receivedBy": i.received_by, "receivedOn": i.received_on,
            "note": i.note, "disputeReason": i.dispute_reason,
        })).collect::<Vec<_>>(),
    })
}

fn staff(items: &[handover_item::Model]) -> Value {
    json!({ "internalNotes": items.iter().map(|i| json!({ "item": i.item, "internalNote": i.internal_note })).collect::<Vec<_>>() })
}

fn trimmed(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The receiving enterprise goes with a NEW_ENTERPRISE receiver, and only with it.
async fn receiving_enterprise(
    txn: &DatabaseTransaction,
    new: &NewHandover,
    leaving: &enterprise::Model,
) -> Result<Option<i64>> {
    match (new.receiver, new.receiver_enterprise_id) {
        (HandoverReceiver::NewEnterprise, Some(id)) => {
            let receiving = find::<enterprise::Entity>(txn, id).await?;
            require_active(&receiving, ("take over an estate", "接管小区"))?;
            if receiving.id == leaving.id {
                let message = "the enterprise that leaves cannot receive the estate";
                return Err(InvalidField::new(
                    "receiverEnterpriseId",
                    "new-enterprise",
                    message,
                    "退出企业不能作为接收方",
                )
                .into());
            }
            Ok(Some(receiving.id))
        }
        (HandoverReceiver::NewEnterprise, None) => Err(InvalidField::new(
            "receiverEnterpriseId",
            "receiver-enterprise",
            "name the enterprise that takes over",
            "请指定接管的物业服务企业",
        )
        .into()),
        (_, Some(_)) => Err(InvalidField::new(
            "receiverEnterpriseId",
            "receiver-enterprise",
            "an enterprise goes with the NEW_ENTERPRISE receiver only",
            "仅在由新物业服务企业接收时指定企业",
        )
        .into()),
        (_, None) => Ok(None),
    }
}

async fn items_of(txn: &DatabaseTransaction, handover_id: i64) -> Result<Vec<handover_item::Model>> {
    Ok(handover_item::Entity::find()
        .filter(handover_item::Column::HandoverId.eq(handover_id))
        .order_by_asc(handover_item::Column::Id)
        .all(txn)
        .await?)
}

impl Service {
    /// 启动移交 The town opens the handover of an open contract (EXIT_WARNED, or ACTIVE and being terminated).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_handover(&self, actor: Option<&Actor>, new: NewHandover) -> Result<handover::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let contract = find::<service_contract::Entity>(&txn, new.contract_id).await?;
        let (estate, leaving, place) = parties(&txn, contract.estate_id, contract.enterprise_id).await?;
        require_tier(actor, Tier::Town, &place, "open handovers for this estate", "为该小区启动移交")?;
        let open: Vec<ContractStatus> = ContractStatus::iter().filter(|s| s.is_open()).collect();
        workflow::check(contract.status, &open, ("open a handover", "启动移交"))?;
        let day = today();
        if new.deadline < day {
            let message = "the deadline has passed already";
            return Err(InvalidField::new("deadline", "not-in-past", message, "移交期限不能早于今天").into());
        }
        let receiver_enterprise_id = receiving_enterprise(&txn, &new, &leaving).await?;
        let now = chrono::Utc::now();
        // A contract with a handover already is refused by the unique index (CONFLICT).
        let handover = handover::ActiveModel {
            contract_id: Set(contract.id),
            estate_id: Set(estate.id),
            receiver: Set(new.receiver),
            receiver_enterprise_id: Set(receiver_enterprise_id),
            deadline: Set(new.deadline),
            status: Set(HandoverStatus::Open),
            opened_on: Set(day),
            completed_on: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let mut items = Vec::new();
        for kind in HandoverItemKind::iter() {
            let item = handover_item::ActiveModel {
                handover_id: Set(handover.id),
                item: Set(kind),
                status: Set(HandoverItemStatus::Pending),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            items.push(item);
        }
        let after = snapshot(public(&handover, &items), staff(&items));
        self.commit(txn, actor, Change::new(Action::OpenHandover, &handover, &place, None, after)).await?;
        Ok(handover)
    }

    /// 移交事项接收/争议 The community (or the town) marks one item received or disputed. The handover is DISPUTED
    /// while any item is; receiving the last item completes it and terminates the contract it hands over.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn move_handover_item(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        kind: HandoverItemKind,
        step: ItemStep,
    ) -> Result<handover::Model> {
        let actor = signed_in(actor)?;
        let step = match step {
            ItemStep::Receive { by, on, note, internal_note } => ItemStep::Receive {
                by: required("receivedBy", &by)?,
                on,
                note: trimmed(note),
                internal_note: trimmed(internal_note),
            },
            ItemStep::Dispute { reason, internal_note } => {
                ItemStep::Dispute { reason: required("reason", &reason)?, internal_note: trimmed(internal_note) }
            }
        };
        let txn = self.begin().await?;
        let current = find::<handover::Entity>(&txn, id).await?;
        let (_estate, place) = super::place::estate(&txn, current.estate_id).await?;
        require_tier(actor, Tier::Community, &place, "take part in this handover", "办理该小区移交")?;
        let action = match step {
            ItemStep::Receive { .. } => (Action::ReceiveHandoverItem, ("receive a handover item", "接收移交事项")),
            ItemStep::Dispute { .. } => {
                (Action::DisputeHandoverItem, ("dispute a handover item", "对移交事项提出争议"))
            }
        };
        workflow::check(current.status, &[HandoverStatus::Open, HandoverStatus::Disputed], action.1)?;
        let items = items_of(&txn, current.id).await?;
        let item = items.iter().find(|i| i.item == kind).cloned().ok_or_else(|| {
            Error::internal(sea_orm::DbErr::RecordNotFound(format!("item {kind:?} of handover {id}")))
        })?;
        let pending_or_disputed = [HandoverItemStatus::Pending, HandoverItemStatus::Disputed];
        let (moved, reason) = match step {
            ItemStep::Receive { by, on, note, internal_note } => {
                workflow::check(item.status, &pending_or_disputed, action.1)?;
                if on < current.opened_on || on > today() {
                    let message = "an item is received between the day the handover opened and today";
                    let error = InvalidField::new(
                        "receivedOn",
                        "within-handover",
                        message,
                        "接收日期应在移交启动之日至今天之间",
                    );
                    return Err(error.into());
                }
                let moved = handover_item::Model {
                    status: HandoverItemStatus::Received,
                    received_by: Some(by),
                    received_on: Some(on),
                    note,
                    internal_note: internal_note.or(item.internal_note.clone()),
                    ..item.clone()
                };
                (moved, None)
            }
            ItemStep::Dispute { reason, internal_note } => {
                workflow::check(item.status, &[HandoverItemStatus::Pending], action.1)?;
                let moved = handover_item::Model {
                    status: HandoverItemStatus::Disputed,
                    dispute_reason: Some(reason.clone()),
                    internal_note: internal_note.or(item.internal_note.clone()),
                    ..item.clone()
                };
                (moved, Some(reason))
            }
        };
        handover_item::ActiveModel::from(moved.clone()).reset_all().update(&txn).await?;
        let after_items: Vec<handover_item::Model> =
            items.iter().map(|i| if i.id == moved.id { moved.clone() } else { i.clone() }).collect();
        let all_received = after_items.iter().all(|i| i.status == HandoverItemStatus::Received);
        let any_disputed = after_items.iter().any(|i| i.status == HandoverItemStatus::Disputed);
        let day = today();
        let next = handover::Model {
            status: match (all_received, any_disputed) {
                (true, _) => HandoverStatus::Completed,
                (false, true) => HandoverStatus::Disputed,
                (false, false) => HandoverStatus::Open,
            },
            completed_on: all_received.then_some(day),
            ..current.clone()
        };
        // Every item change raises the handover's version: of two racing writers, the second is refused here.
        let saved = save(&txn, expected_version, next).await?;
        let change = Change::new(
            action.0,
            &saved,
            &place,
            Some(snapshot(public(&current, &items), staff(&items))),
            snapshot(public(&saved, &after_items), staff(&after_items)),
        );
        self.audit(&txn, actor, change.because(reason)).await?;
        if saved.status == HandoverStatus::Completed {
            self.terminate_handed_over(&txn, actor, &saved, &place).await?;
        }
        txn.commit().await?;
        Ok(saved)
    }

    /// Completing a handover terminates the contract it hands over, if the town has not terminated it already.
    async fn terminate_handed_over(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        handover: &handover::Model,
        place: &Place,
    ) -> Result<()> {
        let current = find::<service_contract::Entity>(txn, handover.contract_id).await?;
        if !current.is_open() {
            return Ok(());
        }
        let (estate, enterprise, _) = parties(txn, current.estate_id, current.enterprise_id).await?;
        let reason = "移交完成 The handover of the estate is complete".to_owned();
        let next = service_contract::Model {
            status: ContractStatus::Terminated,
            terminated_on: Some(handover.completed_on.unwrap_or_else(today).max(current.start_on)),
            termination_reason: Some(reason.clone()),
            ..current.clone()
        };
        let saved = save(txn, current.version, next).await?;
        let snapshot =
            |c: &service_contract::Model| public_snapshot(contract::public(c, &estate.code, &enterprise.credit_code));
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place.clone() };
        let change = Change::update(Action::CompleteHandover, &place, (&current, &saved), snapshot);
        self.audit(txn, actor, change.because(reason)).await
    }
}
