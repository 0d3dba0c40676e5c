//! A sign-in in progress: what the authorization request sent (`state`, `nonce`) and kept (the PKCE verifier), found
//! by the digest of the browser's sign-in cookie and taken once when the provider answers (or the demo form posts).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_sign_in")]
pub struct Model {
    /// SHA-256 (hex) of the sign-in cookie's value.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_digest: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub started_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
