//! The staff workbench's sessions and sign-ins in progress, in the database so that every replica shares them. The
//! browser holds a random key; the database holds only its SHA-256 digest, so a copy of the table signs nobody in.
//! Sessions end by the rules of `domain::session`, on sign-out, and with every token of their subject
//! (`revocation::revoke_subject`).

use crate::auth::{Actor, Role, Scope};
use crate::domain::session;
use crate::error::Result;
use chrono::{DateTime, Utc};
use entity::{staff_session, staff_sign_in, subject_revocation};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use sha2::{Digest, Sha256};

/// A new random key of 256 bits, URL-safe.
pub fn random_key() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn digest(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
    pub id_token: Option<String>,
    pub demo: bool,
}

/// Opens a session for `actor`; returns the key its cookie carries. Sessions that have ended unseen are cleared.
pub async fn open(db: &impl ConnectionTrait, actor: &Actor, id_token: Option<String>, demo: bool) -> Result<String> {
    let key = random_key();
    let now = Utc::now();
    staff_session::Entity::delete_many()
        .filter(
            staff_session::Column::LastSeenAt
                .lt(now - session::IDLE)
                .or(staff_session::Column::SignedInAt.lt(now - session::ABSOLUTE)),
        )
        .exec(db)
        .await?;
    staff_session::ActiveModel {
        key_digest: Set(digest(&key)),
        subject: Set(actor.subject.clone()),
        role: Set(actor.role.as_str().to_owned()),
        scope: Set(serde_json::to_string(actor.scope.codes()).expect("codes serialize")),
        csrf_token: Set(random_key()),
        signed_in_at: Set(now),
        last_seen_at: Set(now),
        id_token: Set(id_token),
        demo: Set(demo),
    }
    .insert(db)
    .await?;
    Ok(key)
}

/// The live session whose cookie carries `key` at `now`, seen once more; `None` (and the row gone) when it has
/// ended, its subject's tokens were revoked since it began, or it never was.
pub async fn find(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
    let Some(row) = staff_session::Entity::find_by_id(digest(key)).one(db).await? else { return Ok(None) };
    // Revocation deletes the subject's sessions; this catches one opened on another replica while it ran. (The
    // cut-off is whole seconds: a sign-in in the second of the revocation, after it, stands.)
    let revoked = subject_revocation::Entity::find_by_id(row.subject.clone())
        .one(db)
        .await?
        .is_some_and(|r| row.signed_in_at.timestamp() < r.valid_after);
    let actor = Role::parse(&row.role).and_then(|role| {
        let codes: serde_json::Value = serde_json::from_str(&row.scope).ok()?;
        Some(Actor { subject: row.subject.clone(), role, scope: Scope::parse(role, &codes)?, note: None })
    });
    let Some(actor) = actor.filter(|_| !revoked && session::alive(row.signed_in_at, row.last_seen_at, now)) else {
        staff_session::Entity::delete_by_id(row.key_digest).exec(db).await?;
        return Ok(None);
    };
    if now - row.last_seen_at > session::TOUCH_AFTER {
        let mut seen = row.clone().into_active_model();
        seen.last_seen_at = Set(now);
        seen.update(db).await?;
    }
    Ok(Some(Session { actor, csrf_token: row.csrf_token, id_token: row.id_token, demo: row.demo }))
}

/// Ends the session whose cookie carries `key`.
pub async fn end(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    staff_session::Entity::delete_by_id(digest(key)).exec(db).await?;
    Ok(())
}

/// Ends every session of `subject`.
pub async fn end_all_of(db: &impl ConnectionTrait, subject: &str) -> Result<()> {
    staff_session::Entity::delete_many().filter(staff_session::Column::Subject.eq(subject)).exec(db).await?;
    Ok(())
}

/// What a sign-in in progress sent to the provider and kept.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Keeps a sign-in in progress; returns the key of the browser's sign-in cookie. Abandoned ones are cleared.
pub async fn start_sign_in(db: &impl ConnectionTrait, pending: PendingSignIn) -> Result<String> {
    let now = Utc::now();
    staff_sign_in::Entity::delete_many()
        .filter(staff_sign_in::Column::StartedAt.lt(now - session::SIGN_IN))
        .exec(db)
        .await?;
    let key = random_key();
    staff_sign_in::ActiveModel {
        key_digest: Set(digest(&key)),
        state: Set(pending.state),
        nonce: Set(pending.nonce),
        pkce_verifier: Set(pending.pkce_verifier),
        started_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(key)
}

/// Takes (once) the sign-in in progress of the browser whose sign-in cookie carries `key`, if it is recent and the
/// `state` sent back is the one sent out.
pub async fn take_sign_in(db: &impl ConnectionTrait, key: &str, state: &str) -> Result<Option<PendingSignIn>> {
    let Some(row) = staff_sign_in::Entity::find_by_id(digest(key)).one(db).await? else { return Ok(None) };
    staff_sign_in::Entity::delete_by_id(row.key_digest.clone()).exec(db).await?;
    let fresh = Utc::now() < row.started_at + session::SIGN_IN;
    Ok((fresh && same_secret(&row.state, state)).then_some(PendingSignIn {
        state: row.state,
        nonce: row.nonce,
        pkce_verifier: row.pkce_verifier,
    }))
}
