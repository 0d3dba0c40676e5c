//! The audit log: every change appends one event in the transaction of the change itself, hash-chained to the
//! previous event through the single locked chain-head row (so concurrent writers and several API nodes never fork
//! the chain).
//! Personal data never enters before/after: it is written as a salted digest, so erasing a person later never
//! requires rewriting the chain.

use super::Service;
use super::action::Action;
use crate::auth::{Actor, Place};
use crate::error::{Result, current_request_id};
use chrono::SubsecRound;
use entity::record::Record;
use entity::vocab::{RecordKind, Vocabulary};
use entity::{audit_chain_head, audit_event, table_version};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityName, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// One change to record.
pub struct Change<'a> {
    pub action: Action,
    pub entity_type: RecordKind,
    pub entity_id: i64,
    pub place: &'a Place,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<String>,
    /// Whether the change shows in the public change feed.
    pub public: bool,
}

impl<'a> Change<'a> {
    /// `action` on `record` at `place`: from `before` (none for a new record) to `after` (snapshots, see
    /// [`snapshot`]). The record names its own kind and id.
    pub fn new<R: Record>(action: Action, record: &R, place: &'a Place, before: Option<Value>, after: Value) -> Self {
        Change {
            action,
            entity_type: R::KIND,
            entity_id: record.id(),
            place,
            before,
            after: Some(after),
            reason: None,
            public: true,
        }
    }

    /// `action` creating `record` at `place`, whose public fields are `public` (and it has no others).
    pub fn created<R: Record>(action: Action, record: &R, place: &'a Place, public: Value) -> Self {
        Change::new(action, record, place, None, public_snapshot(public))
    }

    /// `action` changing `before` into `after` at `place`, each snapshotted by `view` (see [`snapshot`]).
    pub fn update<R: Record>(
        action: Action,
        place: &'a Place,
        (before, after): (&R, &R),
        view: impl Fn(&R) -> Value,
    ) -> Self {
        Change::new(action, after, place, Some(view(before)), view(after))
    }

    /// The same change, kept out of the public change feed (a proposal, a draft, an objection): staff in scope still
    /// read it in `auditEvents`.
    pub fn staff_only(self) -> Self {
        Change { public: false, ..self }
    }

    /// The same change, with the reason given for it (if any).
    pub fn because(self, reason: impl Into<Option<String>>) -> Self {
        Change { reason: reason.into(), ..self }
    }
}

/// A record as the audit log keeps it: `public` fields as they are, `staff` fields with personal data digested.
pub fn snapshot(public: Value, staff: Value) -> Value {
    json!({ "public": public, "staff": staff })
}

/// A record with public fields only.
pub fn public_snapshot(public: Value) -> Value {
    snapshot(public, json!({}))
}

impl Service {
    /// The salted digest that stands for a piece of personal data.
    pub fn personal(&self, value: Option<&str>) -> Value {
        match value {
            None => Value::Null,
            Some(value) => {
                let digest = Sha256::new().chain_update(self.salt.as_bytes()).chain_update(value.as_bytes()).finalize();
                json!({ "digest": hex::encode(digest) })
            }
        }
    }

    /// Appends `change` and commits `txn`: a write and its audit event land together or not at all.
    pub(super) async fn commit(&self, txn: DatabaseTransaction, actor: &Actor, change: Change<'_>) -> Result<()> {
        self.audit(&txn, actor, change).await?;
        Ok(txn.commit().await?)
    }

    /// Appends `change` by `actor` to the chain, inside `txn`.
    pub(super) async fn audit(&self, txn: &DatabaseTransaction, actor: &Actor, change: Change<'_>) -> Result<()> {
        // Boxed: every write awaits this, and its state inline made each write's future too large for a thread's stack.
        Box::pin(self.audit_all(txn, actor, vec![change])).await
    }

    /// Appends `changes` by `actor` to the chain in their order, inside `txn`: the head locked and moved once, the
    /// events inserted in batches (a bulk load's thousands of records as well as one write's one).
    pub(super) async fn audit_all(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        changes: Vec<Change<'_>>,
    ) -> Result<()> {
        let mut head = audit_chain_head::Entity::find_by_id(1);
        if txn.get_database_backend() == DbBackend::Postgres {
            // The one row every writer locks: the next writer waits here until this transaction ends.
            head = head.lock_exclusive();
        }
        let head = head.one(txn).await?.ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit chain head".into()))?;
        // Microseconds: what both databases store, so the hash recomputes from the stored row.
        let occurred_at = chrono::Utc::now().trunc_subsecs(6);
        let (mut seq, mut prev_hash) = (head.last_seq, head.last_hash);
        let mut events = Vec::with_capacity(changes.len());
        for change in changes {
            seq += 1;
            let mut event = audit_event::Model {
                seq,
                occurred_at,
                subject: actor.subject.clone(),
                role: actor.role.as_str().to_owned(),
                scope: actor.scope.codes().join(","),
                action: change.action.as_str().to_owned(),
                entity_type: change.entity_type,
                entity_id: change.entity_id,
                county_code: change.place.county.clone(),
                town_code: change.place.town.clone(),
                community_code: change.place.community.clone(),
                estate_code: change.place.estate.clone(),
                enterprise_code: change.place.enterprise.clone(),
                before: change.before.map(|v| v.to_string()),
                after: change.after.map(|v| v.to_string()),
                reason: match (change.reason, &actor.note) {
                    (Some(reason), Some(note)) => Some(format!("{reason} ({note})")),
                    (reason, note) => reason.or_else(|| note.clone()),
                },
                request_id: current_request_id(),
                is_public: change.public,
                prev_hash,
                hash: String::new(),
            };
            event.hash = event_hash(&event);
            prev_hash = event.hash.clone();
            events.push(audit_event::ActiveModel::from(event));
        }
        audit_chain_head::ActiveModel { id: Set(1), last_seq: Set(seq), last_hash: Set(prev_hash) }.update(txn).await?;
        let mut events = events.into_iter().peekable();
        while events.peek().is_some() {
            audit_event::Entity::insert_many(events.by_ref().take(500)).exec_without_returning(txn).await?;
        }
        advance_tables(txn, seq, occurred_at).await
    }
}

/// Moves the data version of every table this task wrote since the last audit to `seq`: the tables the public's
/// cached answers depend on. Done under the chain head's lock, so versions are committed in the order of their
/// numbers (a reader that has seen version n has seen every earlier one). A write whose tables are not known (run
/// outside a request, as a command-line load is) moves the floor `*` instead, on which every answer depends.
async fn advance_tables(txn: &DatabaseTransaction, seq: i64, changed_at: chrono::DateTime<chrono::Utc>) -> Result<()> {
    // Each table once: PostgreSQL refuses an upsert that meets one row twice.
    let tables: BTreeSet<String> = match crate::touched::take_written() {
        Some(written) => written
            .iter()
            .map(|table| table.to_string())
            .filter(|table| table != audit_chain_head::Entity.table_name())
            .chain([audit_event::Entity.table_name().to_owned()])
            .collect(),
        None => BTreeSet::from(["*".to_owned()]),
    };
    let rows = tables.into_iter().map(|table_name| table_version::ActiveModel {
        table_name: Set(table_name),
        seq: Set(seq),
        changed_at: Set(changed_at),
    });
    table_version::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(table_version::Column::TableName)
                .update_columns([table_version::Column::Seq, table_version::Column::ChangedAt])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    // The version rows are not data: their own write is not one to record.
    crate::touched::take_written();
    Ok(())
}

/// SHA-256 over the previous hash and every field of the event, each length-prefixed so that no two events share
/// an encoding. A staff-only event has one more field, a marker, so that the events recorded before visibility was
/// kept (all public) hash as they always did.
pub fn event_hash(event: &audit_event::Model) -> String {
    let optional = |v: &Option<String>| v.clone().unwrap_or_else(|| "\u{0}".to_owned());
    let fields = [
        event.prev_hash.clone(),
        event.seq.to_string(),
        event.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        event.subject.clone(),
        event.role.clone(),
        event.scope.clone(),
        event.action.clone(),
        event.entity_type.code().to_owned(),
        event.entity_id.to_string(),
        optional(&event.county_code),
        optional(&event.town_code),
        optional(&event.community_code),
        optional(&event.estate_code),
        optional(&event.enterprise_code),
        optional(&event.before),
        optional(&event.after),
        optional(&event.reason),
        event.request_id.clone(),
    ];
    let visibility = (!event.is_public).then(|| "staff-only".to_owned());
    let mut hasher = Sha256::new();
    for field in fields.into_iter().chain(visibility) {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// What `wuye audit verify` found.
#[derive(Debug, PartialEq, Eq)]
pub enum ChainCheck {
    /// Every link holds; this many events.
    Intact(i64),
    /// The first event whose link or hash does not hold, and why.
    Broken { seq: i64, problem: &'static str },
}

/// Recomputes the whole chain, page by page, and reports the first broken link.
pub async fn verify_chain(db: &impl ConnectionTrait) -> Result<ChainCheck> {
    const PAGE: u64 = 1000;
    let (mut expected_seq, mut prev_hash) = (1, "0".repeat(64));
    loop {
        let events = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        for event in &events {
            let problem = if event.seq != expected_seq {
                Some("missing event")
            } else if event.prev_hash != prev_hash {
                Some("link to the previous event broken")
            } else if event_hash(event) != event.hash {
                Some("event altered")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(ChainCheck::Broken { seq: expected_seq.min(event.seq), problem });
            }
            expected_seq += 1;
            prev_hash = event.hash.clone();
        }
        if (events.len() as u64) < PAGE {
            break;
        }
    }
    let head = audit_chain_head::Entity::find_by_id(1).one(db).await?;
    match head {
        Some(head) if head.last_seq == expected_seq - 1 && head.last_hash == prev_hash => {
            Ok(ChainCheck::Intact(expected_seq - 1))
        }
        _ => Ok(ChainCheck::Broken { seq: expected_seq, problem: "chain head does not match the last event" }),
    }
}
