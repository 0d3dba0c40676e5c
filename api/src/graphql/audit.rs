//! The audit log as staff read it (`auditEvents`, filtered to their scope), and the public change feed
//! (`changes`): what changed in public records, when, by which role and why — never who, and never staff-only
//! fields or personal data.

use super::db;
use super::direct::List;
use super::direct::declare::embedded_list;
use super::ids::node_id;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::scalars::DateTime;
use super::viewer::{StaffOnly, viewer};
use crate::auth::Role;
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Json, Object, Result, SimpleObject};
use entity::audit_event;
use entity::vocab::{RecordKind, Vocabulary};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use wuye_macros::{columns, declared};

/// The global id of the record an event changed, for kinds that have global ids.
fn entity_id(event: &audit_event::Model) -> Option<ID> {
    let kind = event.entity_type;
    kind.has_global_id().then(|| node_id(kind, event.entity_id))
}

fn parse(json: &Option<String>) -> Option<Value> {
    json.as_deref().and_then(|text| serde_json::from_str(text).ok())
}

/// 审计事件 One change as the audit log holds it (staff-only).
pub struct AuditEvent(audit_event::Model);

impl From<audit_event::Model> for AuditEvent {
    fn from(model: audit_event::Model) -> Self {
        AuditEvent(model)
    }
}

/// 审计事件 One change as the audit log holds it (staff-only).
#[columns]
#[Object]
impl AuditEvent {
    /// 序号 Position in the hash chain.
    async fn seq(&self) -> i64;
    /// 时间 When it happened.
    async fn occurred_at(&self) -> DateTime;
    /// 操作人 The token subject who made the change.
    async fn subject(&self) -> &str;
    /// 角色 The actor's role.
    async fn role(&self) -> &str;
    /// 管辖范围 The actor's scope codes.
    async fn scope(&self) -> Vec<&str> {
        self.0.scope.split(',').collect()
    }
    /// 操作 The mutation, e.g. updateEstate.
    async fn action(&self) -> &str;
    /// 对象类型 Kind of the record changed (a `RecordKind` code, e.g. Estate).
    async fn entity_type(&self) -> &str {
        self.0.entity_type.code()
    }
    /// 对象标识 Global id of the record changed, where it has one.
    async fn entity_id(&self) -> Option<ID> {
        entity_id(&self.0)
    }
    /// 变更前 The record before (public and staff parts; personal data only as salted digests).
    async fn before(&self) -> Option<Json<Value>> {
        parse(&self.0.before).map(Json)
    }
    /// 变更后 The record after (public and staff parts; personal data only as salted digests).
    async fn after(&self) -> Option<Json<Value>> {
        parse(&self.0.after).map(Json)
    }
    /// 原因 The reason given.
    async fn reason(&self) -> Option<&str>;
    /// 公开 Whether the change shows in the public change feed (proposals and drafts do not).
    async fn is_public(&self) -> bool;
    /// 请求编号 The request that made the change.
    async fn request_id(&self) -> &str;
    /// 哈希 SHA-256 of this event chained to the previous one.
    async fn hash(&self) -> &str;
    /// 前序哈希 Hash of the previous event.
    async fn prev_hash(&self) -> &str;
}

/// 字段变更 One public field that changed.
#[declared]
#[derive(SimpleObject)]
pub struct FieldChange {
    /// 字段 The field.
    field: String,
    /// 原值 Its value before (null when the record was created).
    before: Option<Json<Value>>,
    /// 新值 Its value after.
    after: Option<Json<Value>>,
}

/// 公开变更 A change to a public record: what, when, by which role, and why.
pub struct PublicChange(audit_event::Model);

impl From<audit_event::Model> for PublicChange {
    fn from(model: audit_event::Model) -> Self {
        PublicChange(model)
    }
}

/// 公开变更 A change to a public record: what, when, by which role, and why.
#[declared]
#[Object]
impl PublicChange {
    /// 时间 When it happened.
    async fn occurred_at(&self) -> DateTime;
    /// 角色 The role that made it (county, town, community, committee or enterprise).
    async fn role(&self) -> &str;
    /// 操作 The mutation, e.g. terminateContract.
    async fn action(&self) -> &str;
    /// 对象类型 Kind of the record changed (a `RecordKind` code, e.g. Estate).
    async fn entity_type(&self) -> &str {
        self.0.entity_type.code()
    }
    /// 对象标识 Global id of the record changed, where it has one.
    async fn entity_id(&self) -> Option<ID> {
        entity_id(&self.0)
    }
    /// 原因 The reason given.
    async fn reason(&self) -> Option<&str>;
    /// 变更内容 The public fields that changed, with their values before and after.
    #[plan(embedded_list(PublicChange::field_changes))]
    async fn changes(&self) -> Vec<FieldChange> {
        self.field_changes()
    }
}

impl PublicChange {
    /// The public fields that changed, in the order they first appear (before, then after).
    fn field_changes(&self) -> Vec<FieldChange> {
        let public = |json: &Option<String>| parse(json).and_then(|v| v.get("public").cloned()).unwrap_or(Value::Null);
        let (before, after) = (public(&self.0.before), public(&self.0.after));
        let mut fields: Vec<String> = Vec::new();
        for side in [&before, &after] {
            if let Value::Object(map) = side {
                fields.extend(map.keys().filter(|k| !fields.contains(k)).cloned().collect::<Vec<_>>());
            }
        }
        fields
            .into_iter()
            .filter(|field| before.get(field) != after.get(field))
            .map(|field| FieldChange {
                before: before.get(&field).cloned().map(Json),
                after: after.get(&field).cloned().map(Json),
                field,
            })
            .collect()
    }
}

/// 审计事件筛选 Which audit events to list.
#[derive(InputObject, Default)]
pub struct AuditEventFilter {
    /// 对象类型 Only events on records of these types.
    entity_types: Option<Vec<String>>,
    /// 操作 Only these mutations.
    actions: Option<Vec<String>>,
}

/// The audit log and the change feed.
#[derive(Default)]
pub struct AuditQuery;

#[declared(roots)]
#[Object]
impl AuditQuery {
    /// 审计日志 Audit events on records within your scope, oldest first (staff-only).
    #[graphql(guard = "StaffOnly", complexity = "list_cost(first, child_complexity)")]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<AuditEventFilter>,
    ) -> Result<Page<AuditEvent>> {
        let actor = viewer(ctx).ok_or(Error::Unauthenticated { reason: "TOKEN_REQUIRED" })?;
        let codes = actor.scope.codes().to_vec();
        let column = match actor.role {
            Role::County => audit_event::Column::CountyCode,
            Role::Town => audit_event::Column::TownCode,
            Role::Community => audit_event::Column::CommunityCode,
            Role::Committee => audit_event::Column::EstateCode,
            Role::Enterprise => audit_event::Column::EnterpriseCode,
            Role::System => audit_event::Column::CountyCode,
        };
        let mut query = audit_event::Entity::find().filter(column.is_in(codes));
        let filter = filter.unwrap_or_default();
        if let Some(types) = filter.entity_types {
            query = query.filter(audit_event::Column::EntityType.is_in(types));
        }
        if let Some(actions) = filter.actions {
            query = query.filter(audit_event::Column::Action.is_in(actions));
        }
        let ordering = Ordering::by_id(audit_event::Column::Seq, OrderDirection::Asc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }

    /// 变更动态 Changes to public records, oldest first: what changed, when, by which role and why.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(CHANGES)]
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "对象类型 Only changes to records of these kinds")] entity_types: Option<Vec<RecordKind>>,
        #[graphql(desc = "最新在前 Newest first (default: in the order they happened)", default)] newest_first: bool,
    ) -> Result<Page<PublicChange>> {
        Ok((CHANGES.read)(db(ctx), first, after, (entity_types, newest_first)).await?)
    }
}

/// `changes`, for everyone alike.
pub const CHANGES: List<PublicChange, (Option<Vec<RecordKind>>, bool)> =
    List::named(&["entityTypes", "newestFirst"], |db, first, after, (entity_types, newest_first)| {
        Box::pin(async move {
            let mut query = audit_event::Entity::find().filter(audit_event::Column::IsPublic.eq(true));
            if let Some(kinds) = entity_types {
                query = query.filter(audit_event::Column::EntityType.is_in(kinds));
            }
            let direction = if newest_first { OrderDirection::Desc } else { OrderDirection::Asc };
            page(db, query, Ordering::by_id(audit_event::Column::Seq, direction), first, after).await
        })
    });
