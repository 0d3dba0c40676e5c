//! Token revocation: a `jti` deny-list and a per-subject "tokens valid after" instant, both in the database so that
//! every API node sees them.

use crate::error::Result;
use entity::{revoked_token, subject_revocation};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// Whether a token (its `jti`, subject and `iat`) has been revoked.
pub async fn is_revoked(db: &impl ConnectionTrait, jti: Option<&str>, subject: &str, issued_at: i64) -> Result<bool> {
    if let Some(jti) = jti
        && revoked_token::Entity::find_by_id(jti.to_owned()).one(db).await?.is_some()
    {
        return Ok(true);
    }
    let cutoff = subject_revocation::Entity::find_by_id(subject.to_owned()).one(db).await?;
    Ok(cutoff.is_some_and(|c| issued_at <= c.valid_after))
}

/// Revokes the token with this `jti`.
pub async fn revoke_token(db: &impl ConnectionTrait, jti: &str) -> Result<()> {
    revoked_token::Entity::insert(revoked_token::ActiveModel {
        jti: Set(jti.to_owned()),
        revoked_at: Set(chrono::Utc::now()),
    })
    .on_conflict_do_nothing_on([revoked_token::Column::Jti])
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Revokes every token of `subject` issued up to now, and ends the subject's workbench sessions.
pub async fn revoke_subject(db: &impl ConnectionTrait, subject: &str) -> Result<()> {
    subject_revocation::Entity::insert(subject_revocation::ActiveModel {
        subject: Set(subject.to_owned()),
        valid_after: Set(chrono::Utc::now().timestamp()),
    })
    .on_conflict(
        OnConflict::column(subject_revocation::Column::Subject)
            .update_column(subject_revocation::Column::ValidAfter)
            .to_owned(),
    )
    .exec(db)
    .await?;
    super::session::end_all_of(db, subject).await
}
