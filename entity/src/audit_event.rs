//! 审计日志 One change, append-only and hash-chained: `hash` = SHA-256 over the previous event's hash and this
//! event's fields, so that editing or removing any row breaks every later link.

use crate::vocab::RecordKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event")]
pub struct Model {
    /// Position in the chain, 1, 2, 3 … with no gaps.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub occurred_at: DateTimeUtc,
    pub subject: String,
    pub role: String,
    /// The actor's scope codes, comma-separated.
    pub scope: String,
    pub action: String,
    pub entity_type: RecordKind,
    pub entity_id: i64,
    /// Where the record lies, for filtering events to a staff member's scope.
    pub county_code: Option<String>,
    pub town_code: Option<String>,
    pub community_code: Option<String>,
    pub estate_code: Option<String>,
    pub enterprise_code: Option<String>,
    /// JSON `{"public": {…}, "staff": {…}}`; personal data only as salted digests.
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<String>,
    pub request_id: String,
    /// Whether the change shows in the public change feed (a proposal or a draft does not).
    pub is_public: bool,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
