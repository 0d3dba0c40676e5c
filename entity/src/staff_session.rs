//! A signed-in browser of the staff workbench, found by the digest of its cookie. It ends 8 hours after sign-in,
//! after 30 minutes without a request, on sign-out, or when the subject's tokens are revoked.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_session")]
pub struct Model {
    /// SHA-256 (hex) of the cookie's value.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_digest: String,
    pub subject: String,
    pub role: String,
    /// The scope's codes, as a JSON array.
    pub scope: String,
    /// Every form of this session carries it; a post without it is refused.
    pub csrf_token: String,
    pub signed_in_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// The provider's ID token, the hint of RP-initiated logout; none for a demo sign-in.
    pub id_token: Option<String>,
    pub demo: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
