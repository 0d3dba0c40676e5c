//! How the planned path reads a public type: one declaration per field — a value read off the row, a relation to
//! rows of another declared type (read for a whole level of the answer in one batch), or "the executor's" — and one
//! per root field. Relations read through the loaders' own definitions ([`Loaders`], the executor's), roots call the
//! functions the executor's resolvers call, so both paths read the same rows in the same order.

use super::compile::{self, Doc};
use super::run::{Declined, Joined, Run, Written};
use crate::error::Error;
use crate::graphql::loaders::{ById, Loaders};
use async_graphql::Value;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::parser::types::Field;
use futures_util::future::BoxFuture;
use sea_orm::{EntityTrait, ModelTrait};
use std::collections::HashMap;
use std::marker::PhantomData;

/// A field read off the row alone (scalars, enums, ids).
pub type Get<T> = fn(&T) -> Value;

/// A public object type the planned path answers: the GraphQL wrapper of one row.
pub trait Declared: async_graphql::OutputType + Sized + Send + Sync + 'static {
    /// Its name in the schema (`__typename`; its connection and edge are `{TYPENAME}Connection`, `…Edge`).
    const TYPENAME: &'static str;
    /// How the field `name` is read; `None` for a name the type does not have (a test holds every field of the
    /// schema's type to a declaration).
    fn field(name: &str) -> Option<Decl<Self>>;
    /// Its global id, by which the executor is asked for the fields left to it; `None` for an object that is not a
    /// node (then a selection of it with such a field is not planned).
    const NODE_ID: Option<fn(&Self) -> String> = None;
}

/// How one field of `T` is read.
pub enum Decl<T> {
    /// Off the row, with no arguments.
    Value(Get<T>),
    /// Through a relation, compiled with the field's arguments and selection.
    Relation(Box<dyn Relate<T>>),
    /// Only by the executor: the field depends on the viewer, computes over other records, or takes arguments the
    /// plans do not. A document that selects it is answered by the executor.
    Executor,
}

/// A relation of `T`, compiled for one selection of it.
pub trait Relate<T>: Send + Sync {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Join<T>>>;
}

/// A compiled relation: the keys it follows from a level's rows, and the read of their related rows in one batch.
pub trait Join<T>: Send + Sync {
    fn keys(&self, parents: &[&T]) -> Vec<i64>;
    fn read<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>>;
}

/// A root field of the query type, compiled for one selection of it.
pub trait Root: Send + Sync {
    fn read<'a>(&'a self, run: &'a Run) -> BoxFuture<'a, Result<Box<dyn Written + 'a>, Declined>>;
}

/// A root field's declaration: compiles a selection of it.
pub trait RootDecl: Send + Sync {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Root>>;
}

/// Where related rows come from: the rows of each key, in the order the executor lists them.
pub trait Source<C>: Clone + Send + Sync + 'static {
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>>;
}

/// A relation from `T` to the rows of `C` that `source` gives for `key(parent)`; `many` lists them (capped by the
/// field's literal `first`), otherwise the first is the value.
pub struct Relation<T, C, S> {
    key: fn(&T) -> Option<i64>,
    source: S,
    many: bool,
    related: PhantomData<fn() -> C>,
}

/// A to-one relation: `null` when the key is, or when no row has it.
pub fn one<T: Declared, C: Declared>(key: fn(&T) -> Option<i64>, source: impl Source<C>) -> Decl<T> {
    Decl::Relation(Box::new(Relation { key, source, many: false, related: PhantomData }))
}

/// A to-many relation, with a `first` argument (1–100, default 20) taken only as a literal: the cost depends on it.
pub fn many<T: Declared, C: Declared>(key: fn(&T) -> Option<i64>, source: impl Source<C>) -> Decl<T> {
    Decl::Relation(Box::new(Relation { key, source, many: true, related: PhantomData }))
}

impl<T: Declared, C: Declared, S: Source<C>> Relate<T> for Relation<T, C, S> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Join<T>>> {
        let cap = if self.many {
            let [first] = compile::arguments(field, ["first"])?;
            Some(crate::graphql::pagination::page_size(compile::literal_first(first)?).ok()? as usize)
        } else {
            compile::plain(field)?;
            None
        };
        let sub = compile::object::<C>(doc, field)?;
        Some(Box::new(super::run::Planned { key: self.key, source: self.source.clone(), cap, sub }))
    }
}

/// The rows a DataLoader of the executor's [`Loaders`] lists for each key (its `Value` is a list of rows), each
/// wrapped as `C`.
pub fn listed<L, M, C>(loader: fn(&Loaders) -> &DataLoader<L>, wrap: fn(M) -> C) -> Listed<L, M, C>
where
    L: Loader<i64, Value = Vec<M>, Error = Error>,
{
    Listed { loader, wrap }
}

pub struct Listed<L, M, C> {
    loader: fn(&Loaders) -> &DataLoader<L>,
    wrap: fn(M) -> C,
}

impl<L, M, C> Clone for Listed<L, M, C> {
    fn clone(&self) -> Self {
        Listed { loader: self.loader, wrap: self.wrap }
    }
}

impl<L, M, C> Source<C> for Listed<L, M, C>
where
    L: Loader<i64, Value = Vec<M>, Error = Error>,
    M: Clone + Send + Sync + 'static,
    C: Send + Sync + 'static,
{
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>> {
        Box::pin(async move {
            let rows = (self.loader)(run.loaders()).loader().load(&keys).await?;
            Ok(rows.into_iter().map(|(key, rows)| (key, rows.into_iter().map(self.wrap).collect())).collect())
        })
    }
}

/// A part of what a DataLoader gives for each key (e.g. one link of an estate's links), read once per run for
/// every field that picks from the same keys.
pub fn picked<L, C>(loader: fn(&Loaders) -> &DataLoader<L>, pick: fn(&L::Value) -> Option<C>) -> Picked<L, C>
where
    L: Loader<i64, Error = Error>,
{
    Picked { loader, pick }
}

pub struct Picked<L: Loader<i64>, C> {
    loader: fn(&Loaders) -> &DataLoader<L>,
    pick: fn(&L::Value) -> Option<C>,
}

impl<L: Loader<i64>, C> Clone for Picked<L, C> {
    fn clone(&self) -> Self {
        Picked { loader: self.loader, pick: self.pick }
    }
}

impl<L, C> Source<C> for Picked<L, C>
where
    L: Loader<i64, Error = Error>,
    C: Send + Sync + 'static,
{
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>> {
        Box::pin(async move {
            let values = run.once(self.loader, keys).await?;
            Ok(values.iter().map(|(key, value)| (*key, (self.pick)(value).into_iter().collect())).collect())
        })
    }
}

/// The row with the key as its id, wrapped as `C`.
pub fn record<M, C>(wrap: fn(M) -> C) -> Record<M, C> {
    Record { wrap }
}

pub struct Record<M, C> {
    wrap: fn(M) -> C,
}

impl<M, C> Clone for Record<M, C> {
    fn clone(&self) -> Self {
        Record { wrap: self.wrap }
    }
}

impl<M, C> Source<C> for Record<M, C>
where
    M: ModelTrait + sea_orm::FromQueryResult + Clone + Send + Sync + 'static,
    M::Entity: EntityTrait<Model = M>,
    C: Send + Sync + 'static,
{
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>> {
        Box::pin(async move {
            // Those a statement of another relation read already (an estate's links: its community, town and
            // enterprise), as the executor finds them; then the others in one statement.
            let mut rows = HashMap::with_capacity(keys.len());
            let mut unread = Vec::new();
            for key in keys {
                match run.loaders().primed::<M::Entity>(key) {
                    Some(row) => drop(rows.insert(key, row)),
                    None => unread.push(key),
                }
            }
            if !unread.is_empty() {
                rows.extend(ById::<M::Entity>::new(run.db()).load(&unread).await?);
            }
            Ok(rows.into_iter().map(|(key, row)| (key, vec![(self.wrap)(row)])).collect())
        })
    }
}

/// A text field's value.
pub fn text(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// An optional text field's value.
pub fn optional_text(text: &Option<String>) -> Value {
    text.as_deref().map_or(Value::Null, text_value)
}

fn text_value(text: &str) -> Value {
    Value::String(text.to_owned())
}

/// The value of any field whose type is also an input type (numbers, enums, the scalars, lists and options of them),
/// as the executor writes it.
pub fn value<V: async_graphql::InputType>(value: V) -> Value {
    value.to_value()
}

/// A record's global id.
pub fn id<R: entity::record::Record>(record: &R) -> Value {
    Value::String(crate::graphql::ids::global_id(record).0)
}

/// A record's global id, as [`Declared::NODE_ID`].
pub fn node_id<R: entity::record::Record>(record: &R) -> String {
    crate::graphql::ids::global_id(record).0
}
