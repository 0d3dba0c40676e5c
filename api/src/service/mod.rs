//! Writes. Each operation is one transaction: read the target, check the actor against the target's stored place
//! in the hierarchy, apply the domain rule, write (with `expectedVersion` for updates), and append the audit event.
//! GraphQL mutations call these; so does the demo loader (for counters).

pub mod audit;
pub mod committee;
pub mod contract;
pub mod enterprise;
pub mod estate;
pub mod place;
pub mod revocation;
pub mod sequence;

use crate::auth::{Actor, Place, Tier};
use crate::domain::RuleViolation;
use crate::error::{Error, Result};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    AccessMode, ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    IsolationLevel, QueryFilter, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::sync::Arc;

/// The write side, shared by all requests.
#[derive(Clone)]
pub struct Service {
    db: DatabaseConnection,
    /// Salt of the digests that stand for personal data in audit events.
    salt: Arc<str>,
}

impl Service {
    pub fn new(db: DatabaseConnection, salt: &str) -> Self {
        Service { db, salt: salt.into() }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// A write transaction. On SQLite it begins IMMEDIATE, taking the write lock at once, so that a transaction
    /// that reads and then writes never fails half-way with SQLITE_BUSY under concurrency (it waits instead).
    async fn begin(&self) -> Result<DatabaseTransaction> {
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

/// CONFLICT when the record changed since the client read it.
fn stale(entity: &str, expected: i32) -> Error {
    Error::Conflict {
        message: format!("the {entity} changed since version {expected}; read it again and retry"),
        message_zh: format!("该记录在版本 {expected} 之后已被修改，请重新读取后再试"),
    }
}

/// Writes `next` (which carries `expected + 1` as its version) over the row `id` if its stored version is still
/// `expected`; CONFLICT otherwise, and nothing is written. A lost update is thus impossible even when two writers
/// read the same version: the second one's UPDATE matches no row.
async fn save_versioned<E: EntityTrait>(
    txn: &DatabaseTransaction,
    next: E::ActiveModel,
    id: i64,
    expected: i32,
    what: &str,
) -> Result<()> {
    let result = E::update_many()
        .set(next.reset_all())
        .filter(Expr::col("id").eq(id))
        .filter(Expr::col("version").eq(expected))
        .exec(txn)
        .await?;
    if result.rows_affected == 1 { Ok(()) } else { Err(stale(what, expected)) }
}

/// NOT_FOUND for a record that does not exist (or an id of another type).
fn not_found(what: &str) -> Error {
    Error::NotFound { what: what.to_owned() }
}

/// Turns a unique-index violation into CONFLICT; anything else stays internal.
fn on_unique(error: DbErr, message: &str, message_zh: &str) -> Error {
    let text = error.to_string().to_lowercase();
    if text.contains("unique") || text.contains("duplicate") {
        Error::Conflict { message: message.to_owned(), message_zh: message_zh.to_owned() }
    } else {
        Error::from(error)
    }
}

/// BAD_USER_INPUT for `field` breaking `rule`.
fn invalid(field: &str, rule: &'static str, message: impl Into<String>, message_zh: impl Into<String>) -> Error {
    Error::bad_input(field, RuleViolation::new(rule, message, message_zh))
}

/// A required text that must not be blank, trimmed.
fn required_text(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(field, "required", "must not be blank", "不能为空"));
    }
    if text.chars().count() > 500 {
        return Err(invalid(field, "max-length", "must be at most 500 characters", "不能超过500个字符"));
    }
    Ok(text.to_owned())
}
