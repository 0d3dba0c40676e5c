//! Runs a [`Plan`]: its root fields, then level by level the relations their selections follow — each relation of a
//! level one batched read for all of that level's rows, the relations of one level read side by side — and writes
//! the answer's JSON straight from the rows.

use super::compile::{Arg, Object, Plan, Step};
use super::declare::{Declared, Join, Make, Source};
use super::delegate::Answers;
use crate::error::Error;
use crate::graphql::WuyeSchema;
use crate::graphql::batch::{BatchQueue, drive};
use crate::graphql::loaders::Loaders;
use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{InputType, Value, Variables};
use futures_util::future::{BoxFuture, try_join_all};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::OnceCell;

/// A plan that could not answer (a variable that does not bind as it needs, a failed read): the executor answers
/// instead, and reports any error in its own words.
#[derive(Debug)]
pub struct Declined;

impl From<Error> for Declined {
    fn from(_: Error) -> Self {
        Declined
    }
}

impl From<sea_orm::DbErr> for Declined {
    fn from(_: sea_orm::DbErr) -> Self {
        Declined
    }
}

/// What a loader read for some keys, kept for the other fields of the run that read the same.
type Memo = Mutex<HashMap<(usize, Vec<i64>), Arc<OnceCell<Arc<dyn Any + Send + Sync>>>>>;

/// One run of a plan: the database, the bound variables, the executor's loaders (the relations call their batch
/// reads directly, without the DataLoader around them; a root computed by its resolver's function loads through
/// them, batched on the run's own queue) and what they read.
pub struct Run<'a> {
    schema: &'a WuyeSchema,
    db: &'a DatabaseConnection,
    variables: Variables,
    queue: BatchQueue,
    loaders: OnceLock<Loaders>,
    memo: Memo,
}

impl Run<'_> {
    pub fn db(&self) -> &DatabaseConnection {
        self.db
    }

    pub fn loaders(&self) -> &Loaders {
        self.loaders.get_or_init(|| Loaders::new(self.db, &self.queue))
    }

    /// The value of `arg` with the variables put in, parsed as `T`.
    pub fn bind<T: InputType>(&self, arg: &Arg) -> Result<Option<T>, Declined> {
        let Some(arg) = arg else { return Ok(None) };
        let value =
            arg.clone().into_const_with(|name| self.variables.get(&name).cloned().ok_or(())).map_err(|_| Declined)?;
        Option::<T>::parse(Some(value)).map_err(|_| Declined)
    }

    /// The bound variables of these names.
    pub fn variables_named(&self, names: &[async_graphql::Name]) -> Variables {
        let mut variables = Variables::default();
        for name in names {
            if let Some(value) = self.variables.get(name) {
                variables.insert(name.clone(), value.clone());
            }
        }
        variables
    }

    /// The data of `document`, one of wuye's own, run by the executor for the public (unchecked: the document it
    /// was cut from passed the checker).
    pub async fn execute(&self, document: String, variables: Variables) -> Result<Value, Declined> {
        let request = async_graphql::Request::new(document).variables(variables);
        let response = crate::graphql::run(&self.schema.unchecked(), self.db, request, None).await;
        if !response.errors.is_empty() {
            return Err(Declined);
        }
        Ok(response.data)
    }

    /// What `loader` gives for `keys`, read once in this run however many fields ask.
    pub async fn once<L>(
        &self,
        loader: fn(&Loaders) -> &DataLoader<L>,
        keys: Vec<i64>,
    ) -> Result<Arc<HashMap<i64, L::Value>>, Error>
    where
        L: Loader<i64, Error = Error>,
    {
        let cell = {
            let mut memo = self.memo.lock().expect("memo");
            memo.entry((loader as usize, keys.clone())).or_default().clone()
        };
        let read = cell
            .get_or_try_init(|| async {
                let values = loader(self.loaders()).loader().load(&keys).await?;
                Ok::<_, Error>(Arc::new(values) as Arc<dyn Any + Send + Sync>)
            })
            .await?;
        Ok(read.clone().downcast().expect("memoised by its own loader"))
    }
}

/// A relation's rows, read: writes the related value of each parent.
pub trait Joined<T>: Send + Sync {
    fn write(&self, out: &mut Vec<u8>, parent: &T);
}

/// A root field's value, read: writes it.
pub trait Written: Send + Sync {
    fn write(&self, out: &mut Vec<u8>);
}

/// The variables of `plan` as the executor would coerce them: every declared one given (or defaulted), non-null
/// where its type says so, of a JSON kind its arguments accept (each argument's own parse checks the rest).
fn variables(plan: &Plan, given: &Variables) -> Result<Variables, Declined> {
    let mut bound = Variables::default();
    for definition in &plan.variables {
        let definition = &definition.node;
        let name = definition.name.node.clone();
        let value = match given.get(&name) {
            Some(value) => value.clone(),
            None => match &definition.default_value {
                Some(default) => default.node.clone(),
                None => Value::Null,
            },
        };
        if value == Value::Null && !definition.var_type.node.nullable {
            return Err(Declined);
        }
        bound.insert(name, value);
    }
    Ok(bound)
}

/// The answer's JSON (`{"data":{…}}`), or why the plan declined.
pub async fn run(
    plan: &Plan,
    schema: &WuyeSchema,
    db: &DatabaseConnection,
    given: &Variables,
) -> Result<Vec<u8>, Declined> {
    let queue = BatchQueue::default();
    let variables = variables(plan, given)?;
    let run = Run { schema, db, variables, queue: queue.clone(), loaders: OnceLock::new(), memo: Mutex::default() };
    let read = drive(try_join_all(plan.roots.iter().map(|(_, root)| root.read(&run))), queue).await?;
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"{\"data\":{");
    for (i, ((key, _), written)) in plan.roots.iter().zip(&read).enumerate() {
        self::key(&mut out, i, key);
        written.write(&mut out);
    }
    out.extend_from_slice(b"}}");
    Ok(out)
}

impl<T: Declared> Object<T> {
    /// Reads the relations of this selection for `rows`, each in one batch, side by side.
    pub async fn read<'a>(&'a self, run: &'a Run<'_>, rows: &[&T]) -> Result<Read<'a, T>, Declined> {
        let joins = try_join_all(self.joins.iter().map(|join| join.read(run, rows)));
        let (joined, delegated) = match &self.delegate {
            None => (joins.await?, None),
            Some(delegate) => {
                let node_id = T::NODE_ID.ok_or(Declined)?;
                let mut ids: Vec<String> = rows.iter().map(|row| node_id(row)).collect();
                ids.sort_unstable();
                ids.dedup();
                let (joined, answers) = futures_util::future::try_join(joins, delegate.read(run, ids)).await?;
                (joined, Some(answers))
            }
        };
        Ok(Read { object: self, joined, delegated })
    }
}

/// A selection of `T` with its relations read, ready to write any row of the level it was read for.
pub struct Read<'a, T> {
    object: &'a Object<T>,
    joined: Vec<Box<dyn Joined<T> + 'a>>,
    /// What the executor answered for the fields left to it, by row.
    delegated: Option<Answers>,
}

impl<T: Declared> Read<'_, T> {
    pub fn write(&self, out: &mut Vec<u8>, row: &T) {
        out.push(b'{');
        for (i, (key, step)) in self.object.fields.iter().enumerate() {
            self::key(out, i, key);
            match step {
                Step::Typename(name) => json(out, name),
                Step::Value(get) => json(out, &get(row)),
                Step::Join(n) => self.joined[*n].write(out, row),
                Step::Delegated(key) => {
                    let answer = self.delegated.as_ref().zip(T::NODE_ID).and_then(|(answers, node_id)| {
                        answers.get(&node_id(row)).and_then(|fields| fields.get(key.as_str()))
                    });
                    json(out, answer.unwrap_or(&Value::Null))
                }
            }
        }
        out.push(b'}');
    }

    /// Writes `row`, or `null` for none.
    pub fn write_option(&self, out: &mut Vec<u8>, row: Option<&T>) {
        match row {
            Some(row) => self.write(out, row),
            None => out.extend_from_slice(b"null"),
        }
    }
}

/// A relation of `T` to `C` compiled for one selection ([`super::declare::Relation`]).
pub struct RelationJoin<T, C, S> {
    pub key: fn(&T) -> Option<i64>,
    pub source: S,
    /// A to-many relation's cap (its `first`); `None` for a to-one.
    pub cap: Option<usize>,
    pub sub: Object<C>,
}

/// The distinct keys of `parents`, in order.
fn keys_of<T>(parents: &[&T], key: fn(&T) -> Option<i64>) -> Vec<i64> {
    let mut keys: Vec<i64> = parents.iter().filter_map(|parent| key(parent)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl<T: Declared, C: Declared, S: Source<C>> Join<T> for RelationJoin<T, C, S> {
    fn read<'a>(&'a self, run: &'a Run, parents: &[&T]) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>> {
        let keys = keys_of(parents, self.key);
        Box::pin(async move {
            let mut rows = if keys.is_empty() { HashMap::new() } else { self.source.load(run, keys).await? };
            for related in rows.values_mut() {
                related.truncate(self.cap.unwrap_or(1));
            }
            let level: Vec<&C> = rows.values().flatten().collect();
            let sub = self.sub.read(run, &level).await?;
            Ok(Box::new(Related { key: self.key, many: self.cap.is_some(), rows, sub }) as Box<dyn Joined<T> + 'a>)
        })
    }
}

/// The rows of a relation, by key, and their own relations.
struct Related<'a, T, C> {
    key: fn(&T) -> Option<i64>,
    many: bool,
    rows: HashMap<i64, Vec<C>>,
    sub: Read<'a, C>,
}

impl<T, C: Declared> Joined<T> for Related<'_, T, C> {
    fn write(&self, out: &mut Vec<u8>, parent: &T) {
        let related = (self.key)(parent).and_then(|key| self.rows.get(&key)).map_or(&[][..], Vec::as_slice);
        if self.many {
            list(out, related.iter(), |out, row| self.sub.write(out, row));
        } else {
            self.sub.write_option(out, related.first());
        }
    }
}

/// A scalar computed from related rows ([`super::declare::derived`]), compiled.
pub struct DerivedJoin<T, C, S> {
    pub key: fn(&T) -> Option<i64>,
    pub source: S,
    pub value: fn(&T, &[C]) -> Value,
}

impl<T: Declared, C: Send + Sync + 'static, S: Source<C>> Join<T> for DerivedJoin<T, C, S> {
    fn read<'a>(&'a self, run: &'a Run, parents: &[&T]) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>> {
        let keys = keys_of(parents, self.key);
        Box::pin(async move {
            let rows = if keys.is_empty() { HashMap::new() } else { self.source.load(run, keys).await? };
            Ok(Box::new(ComputedRows { key: self.key, value: self.value, rows }) as Box<dyn Joined<T> + 'a>)
        })
    }
}

struct ComputedRows<T, C> {
    key: fn(&T) -> Option<i64>,
    value: fn(&T, &[C]) -> Value,
    rows: HashMap<i64, Vec<C>>,
}

impl<T, C: Send + Sync> Joined<T> for ComputedRows<T, C> {
    fn write(&self, out: &mut Vec<u8>, parent: &T) {
        let rows = (self.key)(parent).and_then(|key| self.rows.get(&key)).map_or(&[][..], Vec::as_slice);
        json(out, &(self.value)(parent, rows));
    }
}

/// An object computed from its parent's row and related rows ([`super::declare::computed`]), compiled: its fields
/// are values.
pub struct ComputedJoin<T, R, C, S> {
    pub key: fn(&T) -> Option<i64>,
    pub source: S,
    pub make: fn(&T, &[R]) -> Option<C>,
    pub sub: Object<C>,
}

impl<T: Declared, R: Send + Sync + 'static, C: Declared, S: Source<R>> Join<T> for ComputedJoin<T, R, C, S> {
    fn read<'a>(&'a self, run: &'a Run, parents: &[&T]) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>> {
        let keys = keys_of(parents, self.key);
        Box::pin(async move {
            let rows = if keys.is_empty() { HashMap::new() } else { self.source.load(run, keys).await? };
            let sub = self.sub.read(run, &[]).await?;
            Ok(Box::new(FiguredRows { key: self.key, make: self.make, rows, sub }) as Box<dyn Joined<T> + 'a>)
        })
    }
}

struct FiguredRows<'a, T, R, C> {
    key: fn(&T) -> Option<i64>,
    make: fn(&T, &[R]) -> Option<C>,
    rows: HashMap<i64, Vec<R>>,
    sub: Read<'a, C>,
}

impl<T, R: Send + Sync, C: Declared> Joined<T> for FiguredRows<'_, T, R, C> {
    fn write(&self, out: &mut Vec<u8>, parent: &T) {
        let rows = (self.key)(parent).and_then(|key| self.rows.get(&key)).map_or(&[][..], Vec::as_slice);
        self.sub.write_option(out, (self.make)(parent, rows).as_ref());
    }
}

/// An object made from its parent's row ([`super::declare::embedded`]), compiled.
pub struct EmbeddedJoin<T, C> {
    pub make: Make<T, C>,
    pub sub: Object<C>,
}

impl<T: Declared, C: Declared> Join<T> for EmbeddedJoin<T, C> {
    fn read<'a>(&'a self, run: &'a Run, parents: &[&T]) -> BoxFuture<'a, Result<Box<dyn Joined<T> + 'a>, Declined>> {
        // Made once here for the reads of their relations, and again when each is written (they hold no ids of
        // their own: a relation finds its rows by the made object's keys).
        let made: Vec<C> = match self.make {
            Make::One(make) => parents.iter().filter_map(|parent| make(parent)).collect(),
            Make::Many(make) => parents.iter().flat_map(|parent| make(parent)).collect(),
        };
        Box::pin(async move {
            let level: Vec<&C> = made.iter().collect();
            let sub = self.sub.read(run, &level).await?;
            Ok(Box::new(MadeRows { make: self.make.clone(), sub }) as Box<dyn Joined<T> + 'a>)
        })
    }
}

struct MadeRows<'a, T, C> {
    make: Make<T, C>,
    sub: Read<'a, C>,
}

impl<T: Send + Sync, C: Declared> Joined<T> for MadeRows<'_, T, C> {
    fn write(&self, out: &mut Vec<u8>, parent: &T) {
        match self.make {
            Make::One(make) => self.sub.write_option(out, make(parent).as_ref()),
            Make::Many(make) => list(out, make(parent).iter(), |out, made| self.sub.write(out, made)),
        }
    }
}

/// Writes `,"key":` (no comma before the first).
pub fn key(out: &mut Vec<u8>, index: usize, key: &str) {
    if index > 0 {
        out.push(b',');
    }
    json(out, key);
    out.push(b':');
}

pub fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    serde_json::to_writer(&mut *out, value).expect("values serialize to memory");
}

/// Writes `items` as a JSON array, each written by `write`.
pub fn list<T>(out: &mut Vec<u8>, items: impl Iterator<Item = T>, mut write: impl FnMut(&mut Vec<u8>, T)) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}
