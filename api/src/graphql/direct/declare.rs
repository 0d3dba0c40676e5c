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
use sea_orm::{DatabaseConnection, EntityTrait, ModelTrait};
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

/// A compiled relation: the read of the related rows of a level's rows (`parents`), in one batch.
pub trait Join<T>: Send + Sync {
    fn read<'a>(&'a self, run: &'a Run, parents: &[&T]) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>>;
}

/// A root field of the query type, compiled for one selection of it.
pub trait Root: Send + Sync {
    fn read<'a>(&'a self, run: &'a Run) -> BoxFuture<'a, Result<Box<dyn Written + 'a>, Declined>>;
}

/// A root field's declaration: compiles a selection of it.
pub trait RootDecl: Send + Sync {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Root>>;
}

/// A part of the query type whose root fields the plans answer (`#[declared(roots)]` on its `#[Object]` block, each
/// such root marked `#[plan(…)]` with the `Find` or `List` its resolver calls).
pub trait DeclaredRoots {
    /// The root field `name`'s declaration, if this part has it.
    fn root(name: &str) -> Option<Box<dyn RootDecl>>;
}

/// Where related rows come from: the rows of each key, in the order the executor lists them.
pub trait Source<C>: Clone + Send + Sync + 'static {
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>>;
}

/// A relation from `T` to the rows of `C` that `source` gives for `key(parent)`.
pub struct Relation<T, C, S> {
    key: fn(&T) -> Option<i64>,
    source: S,
    count: Count,
    related: PhantomData<fn() -> C>,
}

/// How many related rows a relation gives.
#[derive(Clone, Copy)]
enum Count {
    /// The first, or `null`.
    One,
    /// A list capped by the field's `first`.
    First,
    /// A list of them all (a field without arguments).
    All,
}

/// A to-one relation: `null` when the key is, or when no row has it.
pub fn one<T: Declared, C: Declared>(key: fn(&T) -> Option<i64>, source: impl Source<C>) -> Decl<T> {
    Decl::Relation(Box::new(Relation { key, source, count: Count::One, related: PhantomData }))
}

/// A to-many relation, with a `first` argument (1–100, default 20) taken only as a literal: the cost depends on it.
pub fn many<T: Declared, C: Declared>(key: fn(&T) -> Option<i64>, source: impl Source<C>) -> Decl<T> {
    Decl::Relation(Box::new(Relation { key, source, count: Count::First, related: PhantomData }))
}

/// A to-many relation without arguments: every related row (a disclosure's items).
pub fn every<T: Declared, C: Declared>(key: fn(&T) -> Option<i64>, source: impl Source<C>) -> Decl<T> {
    Decl::Relation(Box::new(Relation { key, source, count: Count::All, related: PhantomData }))
}

impl<T: Declared, C: Declared, S: Source<C>> Relate<T> for Relation<T, C, S> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Join<T>>> {
        let cap = match self.count {
            Count::First => {
                let [first] = compile::arguments(field, ["first"])?;
                Some(crate::graphql::pagination::page_size(compile::literal_first(first)?).ok()? as usize)
            }
            Count::All => {
                compile::plain(field)?;
                Some(usize::MAX)
            }
            Count::One => {
                compile::plain(field)?;
                None
            }
        };
        let sub = compile::object::<C>(doc, field)?;
        Some(Box::new(super::run::RelationJoin { key: self.key, source: self.source.clone(), cap, sub }))
    }
}

/// A scalar computed from the row and the related rows `source` gives for `key(parent)` (a sum over a ledger, its
/// latest day), as the field's resolver computes it; `value` is given no rows when there are none.
pub fn derived<T: Declared, C: Send + Sync + 'static>(
    key: fn(&T) -> Option<i64>,
    source: impl Source<C>,
    value: fn(&T, &[C]) -> Value,
) -> Decl<T> {
    Decl::Relation(Box::new(Derived { key, source, value }))
}

pub struct Derived<T, C, S> {
    key: fn(&T) -> Option<i64>,
    source: S,
    value: fn(&T, &[C]) -> Value,
}

impl<T: Declared, C: Send + Sync + 'static, S: Source<C>> Relate<T> for Derived<T, C, S> {
    fn compile(&self, _: &Doc, field: &Field) -> Option<Box<dyn Join<T>>> {
        compile::plain(field)?;
        Some(Box::new(super::run::DerivedJoin { key: self.key, source: self.source.clone(), value: self.value }))
    }
}

/// An object made from the row itself (a vote whose figures are columns of the row, the enterprise of a ranking's
/// entry), its own relations read for all the objects of a level at once.
pub fn embedded<T: Declared, C: Declared>(make: fn(&T) -> Option<C>) -> Decl<T> {
    Decl::Relation(Box::new(Embedded { make: Make::One(make) }))
}

/// A list of objects made from the row itself (the public fields an audit event changed).
pub fn embedded_list<T: Declared, C: Declared>(make: fn(&T) -> Vec<C>) -> Decl<T> {
    Decl::Relation(Box::new(Embedded { make: Make::Many(make) }))
}

pub struct Embedded<T, C> {
    make: Make<T, C>,
}

/// How objects are made from a row: one (or none), or a list.
pub enum Make<T, C> {
    One(fn(&T) -> Option<C>),
    Many(fn(&T) -> Vec<C>),
}

impl<T, C> Clone for Make<T, C> {
    fn clone(&self) -> Self {
        match self {
            Make::One(make) => Make::One(*make),
            Make::Many(make) => Make::Many(*make),
        }
    }
}

impl<T: Declared, C: Declared> Relate<T> for Embedded<T, C> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Join<T>>> {
        compile::plain(field)?;
        let sub = compile::object::<C>(doc, field)?;
        Some(Box::new(super::run::EmbeddedJoin { make: self.make.clone(), sub }))
    }
}

/// An object computed from the row and the related rows `source` gives for `key(parent)` (a disclosure's totals,
/// from its estate's periods and their items), whose selected fields are all values.
pub fn computed<T: Declared, R: Send + Sync + 'static, C: Declared>(
    key: fn(&T) -> Option<i64>,
    source: impl Source<R>,
    make: fn(&T, &[R]) -> Option<C>,
) -> Decl<T> {
    Decl::Relation(Box::new(Computed { key, source, make }))
}

pub struct Computed<T, R, C, S> {
    key: fn(&T) -> Option<i64>,
    source: S,
    make: fn(&T, &[R]) -> Option<C>,
}

impl<T: Declared, R: Send + Sync + 'static, C: Declared, S: Source<R>> Relate<T> for Computed<T, R, C, S> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Join<T>>> {
        compile::plain(field)?;
        let sub = compile::object::<C>(doc, field)?;
        (sub.joins.is_empty() && sub.delegate.is_none()).then(|| {
            let join = super::run::ComputedJoin { key: self.key, source: self.source.clone(), make: self.make, sub };
            Box::new(join) as Box<dyn Join<T>>
        })
    }
}

/// The rows a DataLoader of the executor's [`Loaders`] lists for each key (its `Value` is a list of rows), each
/// wrapped as `C`.
pub fn listed<L, M, C>(loader: fn(&Loaders) -> &DataLoader<L>, wrap: fn(M) -> C) -> Listed<L, M, C>
where
    L: Loader<i64, Value = Vec<M>, Error = Error>,
{
    Listed { loader, arrange: |_| {}, wrap }
}

pub struct Listed<L, M, C> {
    loader: fn(&Loaders) -> &DataLoader<L>,
    arrange: fn(&mut Vec<M>),
    wrap: fn(M) -> C,
}

impl<L, M, C> Listed<L, M, C> {
    /// The same rows, arranged as the field's resolver arranges them for the public (those it shows, in its order).
    pub fn arranged(self, arrange: fn(&mut Vec<M>)) -> Self {
        Listed { arrange, ..self }
    }
}

impl<L, M, C> Clone for Listed<L, M, C> {
    fn clone(&self) -> Self {
        Listed { loader: self.loader, arrange: self.arrange, wrap: self.wrap }
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
            // Read once per run for every field over the same rows (a fund's balance and its entries).
            let read = run.once(self.loader, keys).await?;
            Ok(read
                .iter()
                .map(|(key, rows)| {
                    let mut rows = rows.clone();
                    (self.arrange)(&mut rows);
                    (*key, rows.into_iter().map(self.wrap).collect())
                })
                .collect())
        })
    }
}

/// The rows as they are stored, for a [`derived`] value.
pub fn row<M>(row: M) -> M {
    row
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

/// Reads the value of each key, for several keys at once (e.g. the credit profiles of some enterprises today).
pub type BatchRead<C> = for<'a> fn(&'a DatabaseConnection, Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, C>, Error>>;

/// The value `read` gives each key: a computed object the executor's resolver computes the same way.
pub fn batch<C>(read: BatchRead<C>) -> Batch<C> {
    Batch { read }
}

pub struct Batch<C> {
    read: BatchRead<C>,
}

impl<C> Clone for Batch<C> {
    fn clone(&self) -> Self {
        Batch { read: self.read }
    }
}

impl<C: Send + Sync + 'static> Source<C> for Batch<C> {
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>> {
        Box::pin(async move {
            Ok((self.read)(run.db(), keys).await?.into_iter().map(|(key, value)| (key, vec![value])).collect())
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
            let rows = rows_by_id::<M>(run, keys).await?;
            Ok(rows.into_iter().map(|(key, row)| (key, vec![(self.wrap)(row)])).collect())
        })
    }
}

/// The rows with these ids: those a statement of another relation read already (an estate's links: its community,
/// town and enterprise), as the executor finds them; then the others in one statement.
async fn rows_by_id<M>(run: &Run<'_>, ids: Vec<i64>) -> Result<HashMap<i64, M>, Error>
where
    M: ModelTrait + sea_orm::FromQueryResult + Clone + Send + Sync + 'static,
    M::Entity: EntityTrait<Model = M>,
{
    let mut rows = HashMap::with_capacity(ids.len());
    let mut unread = Vec::new();
    for id in ids {
        match run.loaders().primed::<M::Entity>(id) {
            Some(row) => drop(rows.insert(id, row)),
            None => unread.push(id),
        }
    }
    if !unread.is_empty() {
        rows.extend(ById::<M::Entity>::new(run.db()).load(&unread).await?);
    }
    Ok(rows)
}

/// The records whose ids a DataLoader of the executor's [`Loaders`] lists for each key, in its order, each wrapped
/// as `C` (an enterprise's estates served: the estates of its open contracts).
pub fn through<L, M, C>(ids: fn(&Loaders) -> &DataLoader<L>, wrap: fn(M) -> C) -> Through<L, M, C>
where
    L: Loader<i64, Value = Vec<i64>, Error = Error>,
{
    Through { ids, wrap }
}

pub struct Through<L, M, C> {
    ids: fn(&Loaders) -> &DataLoader<L>,
    wrap: fn(M) -> C,
}

impl<L, M, C> Clone for Through<L, M, C> {
    fn clone(&self) -> Self {
        Through { ids: self.ids, wrap: self.wrap }
    }
}

impl<L, M, C> Source<C> for Through<L, M, C>
where
    L: Loader<i64, Value = Vec<i64>, Error = Error>,
    M: ModelTrait + sea_orm::FromQueryResult + Clone + Send + Sync + 'static,
    M::Entity: EntityTrait<Model = M>,
    C: Send + Sync + 'static,
{
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<C>>, Error>> {
        Box::pin(async move {
            let lists = run.once(self.ids, keys).await?;
            let wanted: std::collections::BTreeSet<i64> = lists.values().flatten().copied().collect();
            let rows = rows_by_id::<M>(run, wanted.into_iter().collect()).await?;
            Ok(lists
                .iter()
                .map(|(key, ids)| {
                    let related = ids.iter().filter_map(|id| rows.get(id).cloned()).map(self.wrap).collect();
                    (*key, related)
                })
                .collect())
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
