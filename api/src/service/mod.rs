//! Writes. Each operation is one transaction: read the target, check the actor against the target's stored place
//! in the hierarchy, apply the domain rule, write (with `expectedVersion` for updates), and append the audit event
//! in the same transaction. GraphQL mutations call these, and so does the demo loader, as the system actor.

pub mod action;
pub mod assembly;
pub mod assessment;
pub mod audit;
pub mod bond;
pub mod committee;
pub mod complaint;
pub mod contract;
pub mod credit;
pub mod dataset;
pub mod disclosure;
pub mod emergency;
pub mod enterprise;
pub mod estate;
pub mod exit_warning;
pub mod fund;
pub mod handover;
pub mod joint_meeting;
pub mod place;
pub mod province;
pub mod region;
pub mod revocation;
pub mod sequence;
pub mod session;
pub mod supervision;
pub mod tender;

use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::fund::ReplenishmentSignal;
use crate::domain::working_days::WorkingCalendar;
use crate::error::{Error, Result};
use entity::county;
use entity::record::{Record, Versioned};
use entity::vocab::{RecordKind, Vocabulary};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    AccessMode, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend,
    EntityTrait, IntoActiveModel, IsolationLevel, PrimaryKeyTrait, QueryFilter, QueryOrder, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::sync::Arc;

/// The write side, shared by all requests.
#[derive(Clone)]
pub struct Service {
    db: DatabaseConnection,
    /// Salt of the digests that stand for personal data in audit events.
    salt: Arc<str>,
    /// The county's replenishment signal (`--replenishment-signal-percent`).
    replenishment: ReplenishmentSignal,
    /// A transaction every write of this service runs inside, each as a savepoint: the import's batch, which
    /// commits (or rolls back, for a dry run) many records' writes at once.
    batch: Option<Arc<DatabaseTransaction>>,
}

impl Service {
    pub fn new(db: DatabaseConnection, salt: &str) -> Self {
        Service { db, salt: salt.into(), replenishment: ReplenishmentSignal::default(), batch: None }
    }

    /// The same service with the county's own replenishment signal.
    pub fn with_replenishment_signal(self, replenishment: ReplenishmentSignal) -> Self {
        Service { replenishment, ..self }
    }

    /// The share of the initial deposit below which a fund signals that a replenishment is due.
    pub fn replenishment_signal(&self) -> ReplenishmentSignal {
        self.replenishment
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A write transaction of its own, for a batch of writes (see [`Service::within`]).
    pub async fn batch(&self) -> Result<DatabaseTransaction> {
        self.begin().await
    }

    /// The same service with every write inside `batch`, as a savepoint: a write that fails leaves the batch as it
    /// was, and the writes that succeeded last as long as the batch does — committed with it, or rolled back.
    pub fn within(&self, batch: Arc<DatabaseTransaction>) -> Self {
        Service { batch: Some(batch), ..self.clone() }
    }

    /// A write transaction. On SQLite it begins IMMEDIATE, taking the write lock at once, so that a transaction
    /// that reads and then writes never fails half-way with SQLITE_BUSY under concurrency (it waits instead).
    async fn begin(&self) -> Result<DatabaseTransaction> {
        if let Some(batch) = &self.batch {
            return Ok(batch.begin().await?);
        }
        let options = match self.db.get_database_backend() {
            DbBackend::Sqlite => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            },
            _ => TransactionOptions {
                isolation_level: Some(IsolationLevel::ReadCommitted),
                access_mode: Some(AccessMode::ReadWrite),
                ..Default::default()
            },
        };
        Ok(self.db.begin_with_options(options).await?)
    }
}

/// The actor, or UNAUTHENTICATED for the public.
pub fn signed_in(actor: Option<&Actor>) -> Result<&Actor> {
    actor.ok_or(Error::Unauthenticated { reason: "TOKEN_REQUIRED" })
}

/// FORBIDDEN: the actor's role or scope does not allow `what` (in English and in Chinese).
fn forbidden(what: &str, what_zh: &str) -> Error {
    Error::Forbidden {
        message: format!("your role or scope does not allow you to {what}"),
        message_zh: format!("您的角色或管辖范围不允许{what_zh}"),
    }
}

/// FORBIDDEN unless the actor supervises `place` at `tier` or above.
pub fn require_tier(actor: &Actor, tier: Tier, place: &Place, what: &str, what_zh: &str) -> Result<()> {
    if actor.supervises(tier, place) { Ok(()) } else { Err(forbidden(what, what_zh)) }
}

/// The place of what the county keeps for itself (the enterprise register, the credit rules): county staff, or the
/// system, of a county this deployment serves; FORBIDDEN for anyone else.
async fn county_place(txn: &DatabaseTransaction, actor: &Actor, what: &str, what_zh: &str) -> Result<Place> {
    let served = match actor.role {
        Role::County | Role::System => {
            county::Entity::find()
                .filter(county::Column::Code.is_in(actor.scope.codes().to_vec()))
                .order_by_asc(county::Column::Code)
                .one(txn)
                .await?
        }
        _ => None,
    };
    let Some(county) = served else {
        return Err(Error::Forbidden {
            message: format!("only staff of the county may {what}"),
            message_zh: format!("只有本县主管部门可以{what_zh}"),
        });
    };
    Ok(Place { county: Some(county.code), ..Place::default() })
}

/// Whether `actor` acts for the owners of the estate at `place`: its committee while one is active and working, or,
/// where none is, or the town found it does not work, the community over it (seed §四(三)9: the community 代行 the
/// committee's duties — one body acts at a time).
async fn acts_for_owners(txn: &DatabaseTransaction, actor: &Actor, estate_id: i64, place: &Place) -> Result<bool> {
    Ok(match committee::active_committee(txn, estate_id).await? {
        Some(c) if c.not_functioning_since.is_none() => actor.is_committee_of(place),
        _ => actor.supervises(Tier::Community, place),
    })
}

/// FORBIDDEN unless `actor` acts for the owners of the estate at `place` ([`acts_for_owners`]).
async fn require_owners(txn: &DatabaseTransaction, actor: &Actor, estate_id: i64, place: &Place) -> Result<()> {
    if acts_for_owners(txn, actor, estate_id, place).await? {
        Ok(())
    } else {
        Err(forbidden("act for the owners of this estate", "代表该小区业主办理此事项"))
    }
}

/// The enterprise that serves the estate now (under its open contract), if any.
async fn serving_enterprise(txn: &DatabaseTransaction, estate_id: i64) -> Result<Option<entity::enterprise::Model>> {
    let contract = entity::service_contract::Entity::find()
        .filter(entity::service_contract::Column::EstateId.eq(estate_id))
        .filter(entity::service_contract::is_open())
        .one(txn)
        .await?;
    match contract {
        Some(contract) => Ok(Some(find::<entity::enterprise::Entity>(txn, contract.enterprise_id).await?)),
        None => Ok(None),
    }
}

/// The county's working calendar (the holidays and make-up days: a few dozen rows, read whole), over which due days
/// are counted in writes (rectification deadlines, the B06 day) as in reads (`graphql::loaders::ComplaintRulesTable`).
pub async fn working_calendar(db: &impl ConnectionTrait) -> Result<WorkingCalendar> {
    let days = entity::calendar_day::Entity::find().all(db).await?;
    Ok(WorkingCalendar::new(days.into_iter().map(|d| (d.day, d.kind))))
}

/// The record of `E` with this id; NOT_FOUND, naming its kind, when there is none.
async fn find<E>(db: &impl ConnectionTrait, id: i64) -> Result<E::Model>
where
    E: EntityTrait,
    E::Model: Record,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<i64>,
{
    E::find_by_id(id).one(db).await?.ok_or(Error::NotFound { kind: <E::Model as Record>::KIND })
}

/// The record of `E` whose `column` holds `value` (a natural key such as a region code); NOT_FOUND otherwise.
async fn find_by<E>(db: &impl ConnectionTrait, column: E::Column, value: &str) -> Result<E::Model>
where
    E: EntityTrait,
    E::Model: Record,
{
    E::find().filter(column.eq(value)).one(db).await?.ok_or(Error::NotFound { kind: <E::Model as Record>::KIND })
}

/// Writes `next` over its row if the stored version is still `expected`, raising the version and stamping the time;
/// CONFLICT otherwise, and nothing is written. A lost update is thus impossible even when two writers read the same
/// version: the second one's UPDATE matches no row. Every change to a versioned record goes through here.
async fn save<M>(txn: &DatabaseTransaction, expected: i32, mut next: M) -> Result<M>
where
    M: Versioned + sea_orm::ModelTrait + IntoActiveModel<<M::Entity as EntityTrait>::ActiveModel> + Clone,
{
    // No stored version is i32::MAX (it would take that many changes), so a client that sends it read nothing.
    let Some(version) = expected.checked_add(1) else { return Err(stale(M::KIND, expected)) };
    next.stamp(version, chrono::Utc::now());
    let result = M::Entity::update_many()
        .set(next.clone().into_active_model().reset_all())
        .filter(Expr::col("id").eq(next.id()))
        .filter(Expr::col("version").eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected == 1 { Ok(next) } else { Err(stale(M::KIND, expected)) }
}

/// CONFLICT when the record changed since the client read it.
fn stale(kind: RecordKind, expected: i32) -> Error {
    Error::Conflict {
        message: format!(
            "the {} changed since version {expected}; read it again and retry",
            kind.label_en().to_lowercase()
        ),
        message_zh: format!("该{}在版本 {expected} 之后已被修改，请重新读取后再试", kind.label_zh()),
    }
}
