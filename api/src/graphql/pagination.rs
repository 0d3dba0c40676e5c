//! Relay connections over keyset pagination: rows are ordered by a text sort key and the id, and the opaque
//! `after` cursor carries both, so a page never skips or repeats a row when others are added before it.

use crate::domain::RuleViolation;
use crate::error::{Error, Measure, Result};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Enum, Object, OutputType};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::future::BoxFuture;
use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoCondition, LikeExpr, SelectStatement, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, ModelTrait, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Value,
};

pub const DEFAULT_PAGE_SIZE: i32 = 20;
pub const MAX_PAGE_SIZE: i32 = 100;

/// The page size asked for, checked against 1..=100.
pub fn page_size(first: Option<i32>) -> Result<u64> {
    match first.unwrap_or(DEFAULT_PAGE_SIZE) {
        n @ 1..=MAX_PAGE_SIZE => Ok(n as u64),
        n => Err(Error::QueryRejected {
            reason: "PAGE_SIZE",
            message: format!("first must be between 1 and {MAX_PAGE_SIZE}, not {n}"),
            message_zh: format!("first 取值应在 1 到 {MAX_PAGE_SIZE} 之间，不能是 {n}"),
            measure: Some(Measure { value: usize::try_from(n).unwrap_or(0), budget: MAX_PAGE_SIZE as usize }),
        }),
    }
}

/// Complexity of a list or connection field: `first` × the cost of one item (async-graphql does not cost a
/// `Connection` by itself). Out-of-range values are clamped here; they are rejected before execution anyway.
pub fn list_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let first = first.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE) as usize;
    first.saturating_mul(child_complexity.max(1))
}

/// Keeps the first `first` items of a nested list.
pub fn cap<T>(mut items: Vec<T>, first: Option<i32>) -> Result<Vec<T>> {
    items.truncate(page_size(first)? as usize);
    Ok(items)
}

/// 排序方向 Sort direction.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// 升序 Ascending
    #[default]
    Asc,
    /// 降序 Descending
    Desc,
}

/// Position of a row in an ordering: its sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cursor {
    key: String,
    id: i64,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.id, self.key))
    }

    fn decode(text: &str) -> Result<Self> {
        let bad = || {
            Error::bad_input(
                "after",
                RuleViolation::new("cursor", "not a cursor returned by this connection", "不是本连接返回的游标"),
            )
        };
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (id, key) = text.split_once(':').ok_or_else(bad)?;
        Ok(Cursor { key: key.to_owned(), id: id.parse().map_err(|_| bad())? })
    }
}

/// What a `totalCount` costs in the complexity budget: it runs a count over the table.
pub const TOTAL_COUNT_COST: usize = 100;

/// `totalCount` of a connection, counted only when a client asks for it.
pub struct TotalCount(Box<dyn Fn() -> BoxFuture<'static, Result<u64, DbErr>> + Send + Sync>);

impl TotalCount {
    /// A count already known, of a list computed in memory.
    pub fn known(count: u64) -> Self {
        TotalCount(Box::new(move || Box::pin(async move { Ok(count) })))
    }

    /// Counts.
    pub async fn count(&self) -> Result<u64, DbErr> {
        (self.0)().await
    }
}

/// `totalCount` of a connection, counted only when a client asks for it.
#[Object]
impl TotalCount {
    /// 总数 Number of items in the whole connection, over all pages (a count over the table: 100 complexity points).
    #[graphql(complexity = "TOTAL_COUNT_COST")]
    async fn total_count(&self) -> async_graphql::Result<i64> {
        Ok((self.0)().await.map_err(Error::from)? as i64)
    }
}

/// How a connection's rows are ordered: a text sort key column (or none), then the id column, in one direction.
pub struct Ordering<E: EntityTrait> {
    pub key: Option<E::Column>,
    pub id: E::Column,
    pub direction: OrderDirection,
}

impl<E: EntityTrait> Ordering<E> {
    pub fn new(key: E::Column, id: E::Column, direction: OrderDirection) -> Self {
        Ordering { key: Some(key), id, direction }
    }

    /// Ordered by the id alone (e.g. the audit log, in the order events happened).
    pub fn by_id(id: E::Column, direction: OrderDirection) -> Self {
        Ordering { key: None, id, direction }
    }

    /// The cursor of `row` in this ordering.
    fn cursor_of(&self, row: &E::Model) -> Cursor
    where
        E::Model: ModelTrait<Entity = E>,
    {
        let key = match self.key.map(|key| row.get(key)) {
            Some(Value::String(Some(text))) => text,
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let id = match row.get(self.id) {
            Value::BigInt(Some(id)) => id,
            Value::Int(Some(id)) => id.into(),
            _ => 0,
        };
        Cursor { key, id }
    }
}

pub type Page<N> = Connection<String, N, TotalCount>;

/// One page of `select` after the `after` cursor, with `first` rows, as a connection of `N`.
pub async fn page<E, N>(
    db: &DatabaseConnection,
    select: Select<E>,
    ordering: Ordering<E>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Page<N>>
where
    E: EntityTrait,
    E::Model: FromQueryResult + ModelTrait<Entity = E> + Sized + Send + Sync,
    N: From<E::Model> + OutputType,
{
    let size = page_size(first)?;
    let after = after.as_deref().map(Cursor::decode).transpose()?;
    let count_query = select.clone();
    let count_db = db.clone();
    let total = TotalCount(Box::new(move || {
        let (query, db) = (count_query.clone(), count_db.clone());
        Box::pin(async move { query.count(&db).await })
    }));

    let mut query = select;
    if let Some(cursor) = &after {
        let beyond = |column: E::Column, value: Value| match ordering.direction {
            OrderDirection::Asc => column.gt(value),
            OrderDirection::Desc => column.lt(value),
        };
        let beyond_id = beyond(ordering.id, cursor.id.into());
        query = query.filter(match ordering.key {
            Some(key) => Condition::any()
                .add(beyond(key, cursor.key.clone().into()))
                .add(Condition::all().add(key.eq(cursor.key.clone())).add(beyond_id)),
            None => Condition::all().add(beyond_id),
        });
    }
    let order = match ordering.direction {
        OrderDirection::Asc => Order::Asc,
        OrderDirection::Desc => Order::Desc,
    };
    if let Some(key) = ordering.key {
        query = query.order_by(key, order.clone());
    }
    let mut rows = query.order_by(ordering.id, order).limit(size + 1).all(db).await?;
    let has_next = rows.len() as u64 > size;
    rows.truncate(size as usize);

    let mut connection = Connection::with_additional_fields(after.is_some(), has_next, total);
    connection.edges.extend(rows.into_iter().map(|row| Edge::new(ordering.cursor_of(&row).encode(), N::from(row))));
    Ok(connection)
}

/// `SELECT column FROM E WHERE condition`, for `x IN (…)` filters such as "estates in the town with this code".
pub fn select_where<E: EntityTrait>(column: E::Column, condition: impl IntoCondition) -> SelectStatement {
    E::find().select_only().column(column).filter(condition).into_query()
}

/// `LOWER(column) LIKE %text%`, with the wildcards of `text` escaped, so that SQLite and PostgreSQL agree.
pub fn contains(column: impl ColumnTrait, text: &str) -> SimpleExpr {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    Expr::expr(Func::lower(Expr::col(column))).like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_keys_with_colons() {
        let cursor = Cursor { key: "sui1:xi1".into(), id: 7 };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        assert!(Cursor::decode("garbage!").is_err());
    }

    #[test]
    fn page_sizes_are_one_to_a_hundred() {
        assert_eq!(page_size(None).unwrap(), 20);
        assert_eq!(page_size(Some(100)).unwrap(), 100);
        assert!(page_size(Some(101)).is_err());
        assert!(page_size(Some(0)).is_err());
        assert_eq!(list_cost(Some(-5), 3), 3);
        assert_eq!(list_cost(Some(100), 4), 400);
    }
}
