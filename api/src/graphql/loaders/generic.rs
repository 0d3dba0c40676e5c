//! Loaders of any table: rows by id, rows by a parent's id, and rows with the row they point to joined in (priming
//! it for `Loaders::one`).

use crate::error::Error;
use async_graphql::dataloader::Loader;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Iterable, JoinType, ModelTrait, PrimaryKeyToColumn,
    QueryFilter, QueryOrder, QuerySelect, Value,
};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

fn as_key(value: Value) -> Option<i64> {
    match value {
        Value::BigInt(Some(v)) => Some(v),
        Value::Int(Some(v)) => Some(v.into()),
        _ => None,
    }
}

/// Loads rows of `E` by primary key.
pub struct ById<E> {
    pub(super) db: DatabaseConnection,
    pub(super) entity: PhantomData<fn() -> E>,
}

impl<E> ById<E> {
    pub fn new(db: &DatabaseConnection) -> Self {
        ById { db: db.clone(), entity: PhantomData }
    }
}

impl<E> Loader<i64> for ById<E>
where
    E: EntityTrait,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
{
    type Value = E::Model;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>, Error> {
        let pk = E::PrimaryKey::iter().next().expect("a primary key").into_column();
        let rows = E::find().filter(pk.is_in(keys.iter().copied())).all(&self.db).await?;
        Ok(rows.into_iter().filter_map(|row| Some((as_key(row.get(pk))?, row))).collect())
    }
}

/// Loads the rows of `E` whose `parent` column holds the key, in `order`, optionally narrowed by `only`.
pub struct ByParent<E: EntityTrait> {
    pub(super) db: DatabaseConnection,
    pub(super) parent: E::Column,
    pub(super) only: Option<Condition>,
    pub(super) order: Vec<E::Column>,
}

impl<E> ByParent<E>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
{
    /// The query of the rows of these keys.
    fn select(&self, keys: &[i64]) -> sea_orm::Select<E> {
        let mut query = E::find().filter(self.parent.is_in(keys.iter().copied()));
        if let Some(only) = &self.only {
            query = query.filter(only.clone());
        }
        for column in &self.order {
            query = query.order_by_asc(*column);
        }
        query
    }

    /// `rows` by their key, in their order.
    fn group(&self, rows: impl IntoIterator<Item = E::Model>) -> HashMap<i64, Vec<E::Model>> {
        let mut grouped: HashMap<i64, Vec<E::Model>> = HashMap::new();
        for row in rows {
            if let Some(key) = as_key(row.get(self.parent)) {
                grouped.entry(key).or_default().push(row);
            }
        }
        grouped
    }
}

impl<E> Loader<i64> for ByParent<E>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
{
    type Value = Vec<E::Model>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<E::Model>>, Error> {
        Ok(self.group(self.select(keys).all(&self.db).await?))
    }
}

/// Records read in the statement of others (a to-one relation joined in), kept for [`Loaders::one`] to find without a
/// statement of their own.
#[derive(Default)]
pub struct Primed(Mutex<HashMap<(TypeId, i64), Arc<dyn Any + Send + Sync>>>);

impl Primed {
    pub(super) fn put<R>(&self, rows: impl IntoIterator<Item = R::Model>)
    where
        R: EntityTrait,
        R::Model: Send + Sync + ModelTrait<Entity = R>,
    {
        let pk = R::PrimaryKey::iter().next().expect("a primary key").into_column();
        let mut primed = self.0.lock().expect("primed records");
        for row in rows {
            if let Some(key) = as_key(row.get(pk)) {
                primed.insert((TypeId::of::<R>(), key), Arc::new(row));
            }
        }
    }

    pub(super) fn get<R>(&self, id: i64) -> Option<R::Model>
    where
        R: EntityTrait,
        R::Model: Clone + Send + Sync,
    {
        let primed = self.0.lock().expect("primed records");
        primed.get(&(TypeId::of::<R>(), id)).and_then(|row| row.downcast_ref::<R::Model>()).cloned()
    }
}

/// Loads the rows of `E` whose `key` column holds the key (its id, or a parent's), in `order`, optionally narrowed
/// by `only` — with, in the same statement, the row of `R` each points to through `via`, primed for
/// [`Loaders::one`]. A to-one chain (an estate's community and its town) then costs one statement, not two.
pub struct Joined<E: EntityTrait, R> {
    pub(super) rows: ByParent<E>,
    pub(super) via: E::Column,
    pub(super) primed: Arc<Primed>,
    pub(super) related: PhantomData<fn() -> R>,
}

impl<E, R> Loader<i64> for Joined<E, R>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    R: EntityTrait + Default,
    R::Model: Clone + Send + Sync + ModelTrait<Entity = R>,
{
    type Value = Vec<E::Model>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<E::Model>>, Error> {
        let target = R::PrimaryKey::iter().next().expect("a primary key").into_column();
        let join = E::belongs_to(R::default()).from(self.via).to(target).into();
        let query = self.rows.select(keys).join(JoinType::LeftJoin, join).select_also(R::default());
        let (rows, related): (Vec<_>, Vec<_>) = query.all(&self.rows.db).await?.into_iter().unzip();
        self.primed.put::<R>(related.into_iter().flatten());
        Ok(self.rows.group(rows))
    }
}
