//! The root fields the planned path answers, each by the same declaration its resolver calls: a record by global id
//! or natural key ([`Find`]), or a page of records ([`List`]).

use super::compile::{self, Arg, Doc, Object};
use super::declare::{Declared, DeclaredRoots, Root, RootDecl};
use super::run::{Declined, Read, Run, Written, json, key, list};
use crate::error::Error;
use crate::graphql::loaders::Loaders;
use crate::graphql::pagination::Page;
use crate::graphql::{
    assembly, audit, complaint_stats, credit_profile, disclosure, emergency, enterprise, estate, fund_usage, handover,
    inspection, rectification, region, search, tender,
};
use async_graphql::parser::types::Field;
use async_graphql::{ID, InputType};
use entity::record::Record;
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};
use std::marker::PhantomData;

/// The root field `name`, if the plans answer it.
pub fn root(name: &str) -> Option<Box<dyn RootDecl>> {
    PARTS.iter().find_map(|(_, root)| root(name))
}

/// A part's roots by name: [`DeclaredRoots::root`].
type Roots = fn(&str) -> Option<Box<dyn RootDecl>>;

/// The parts of the query type that declare roots (`#[declared(roots)]`), by name.
pub const PARTS: &[(&str, Roots)] = &[
    ("RegionQuery", region::RegionQuery::root),
    ("EstateQuery", estate::EstateQuery::root),
    ("EnterpriseQuery", enterprise::EnterpriseQuery::root),
    ("DisclosureQuery", disclosure::DisclosureQuery::root),
    ("FundUsageQuery", fund_usage::FundUsageQuery::root),
    ("AuditQuery", audit::AuditQuery::root),
    ("HandoverQuery", handover::HandoverQuery::root),
    ("EmergencyQuery", emergency::EmergencyQuery::root),
    ("InspectionQuery", inspection::InspectionQuery::root),
    ("RectificationQuery", rectification::RectificationQuery::root),
    ("TenderQuery", tender::TenderQuery::root),
    ("AssemblyQuery", assembly::AssemblyQuery::root),
    ("CreditRankingQuery", credit_profile::CreditRankingQuery::root),
    ("ComplaintStatisticsQuery", complaint_stats::ComplaintStatisticsQuery::root),
    ("SearchQuery", search::SearchQuery::root),
];

/// How a root field finds one record of `E`: by global id or by the natural key `key` (exactly one of them).
pub struct Find<E: EntityTrait> {
    /// The natural key's argument.
    pub key: &'static str,
    pub column: E::Column,
    /// How a natural key is written before it is looked up (e.g. credit codes in capitals).
    pub normalize: fn(String) -> String,
}

impl<E> Find<E>
where
    E: EntityTrait,
    E::Model: Record,
{
    /// The record with this id or key; `None` when there is none.
    pub async fn find(
        &self,
        db: &DatabaseConnection,
        id: Option<ID>,
        key: Option<String>,
    ) -> Result<Option<E::Model>, Error> {
        let key = key.map(self.normalize);
        let Some(condition) = crate::graphql::key_condition::<E>(id, key, self.column)? else { return Ok(None) };
        Ok(E::find().filter(condition).one(db).await?)
    }

    /// This finding, as the root field of `C`.
    pub const fn of<C>(&'static self) -> FindRoot<E, C> {
        FindRoot { find: self, found: PhantomData }
    }
}

pub struct FindRoot<E: EntityTrait + 'static, C> {
    find: &'static Find<E>,
    found: PhantomData<fn() -> C>,
}

impl<E, C> RootDecl for FindRoot<E, C>
where
    E: EntityTrait,
    E::Model: Record,
    C: Declared + From<E::Model>,
{
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Root>> {
        let [id, key] = compile::arguments(field, ["id", self.find.key])?;
        Some(Box::new(Found::<E, C> { find: self.find, id, key, sub: compile::object::<C>(doc, field)? }))
    }
}

struct Found<E: EntityTrait + 'static, C> {
    find: &'static Find<E>,
    id: Arg,
    key: Arg,
    sub: Object<C>,
}

impl<E, C> Root for Found<E, C>
where
    E: EntityTrait,
    E::Model: Record,
    C: Declared + From<E::Model>,
{
    fn read<'a>(&'a self, run: &'a Run) -> BoxFuture<'a, Result<Box<dyn Written + 'a>, Declined>> {
        Box::pin(async move {
            let (id, key) = (run.bind::<ID>(&self.id)?, run.bind::<String>(&self.key)?);
            let row = self.find.find(run.db(), id, key).await?.map(C::from);
            let sub = self.sub.read(run, &row.iter().collect::<Vec<_>>()).await?;
            Ok(Box::new(One { row, sub }) as Box<dyn Written>)
        })
    }
}

struct One<'a, C> {
    row: Option<C>,
    sub: Read<'a, C>,
}

impl<C: Declared> Written for One<'_, C> {
    fn write(&self, out: &mut Vec<u8>) {
        self.sub.write_option(out, self.row.as_ref());
    }
}

/// Reads one page of a list: `first`, `after`, the filter and the order, as the list's resolver is given them.
pub type Lister<C, A> =
    for<'a> fn(&'a DatabaseConnection, Option<i32>, Option<String>, A) -> BoxFuture<'a, Result<Page<C>, Error>>;

/// A root list's own arguments besides `first` and `after`, as a tuple of their types: each bound from the document
/// (a literal or a variable) as the executor parses it, an absent one as its type's default, as its resolver reads
/// it (`filter.unwrap_or_default()`).
pub trait Arguments: Sized + Send + 'static {
    /// Their names when the list does not name them: `filter`, then `orderBy`; `None` where they must be named.
    const NAMES: Option<&'static [&'static str]>;
    /// The arguments from what the document gives for each name, in order.
    fn bind(run: &Run, given: &[Arg]) -> Result<Self, Declined>;
}

macro_rules! arguments {
    ($names:expr; $($arg:ident $n:tt),+) => {
        impl<$($arg: InputType + Default + Send + 'static),+> Arguments for ($($arg,)+) {
            const NAMES: Option<&'static [&'static str]> = $names;
            fn bind(run: &Run, given: &[Arg]) -> Result<Self, Declined> {
                Ok(($(run.bind::<$arg>(&given[$n])?.unwrap_or_default(),)+))
            }
        }
    };
}

arguments!(Some(&["filter"]); A 0);
arguments!(Some(&["filter", "orderBy"]); A 0, B 1);
arguments!(None; A 0, B 1, C 2);
arguments!(None; A 0, B 1, C 2, D 3);

/// A root list of `C`: `(first:, after:)` and arguments of its own, `A` (by default `filter:` and `orderBy:`), read
/// by the same function as its resolver.
pub struct List<C: Declared, A> {
    pub read: Lister<C, A>,
    /// The names of the arguments `A`, in its order.
    names: &'static [&'static str],
}

impl<C: Declared, A: Arguments> List<C, A> {
    /// A list with `filter:` (and `orderBy:`).
    pub const fn new(read: Lister<C, A>) -> Self {
        match A::NAMES {
            Some(names) => List { read, names },
            None => panic!("a list of three or more arguments names them: List::named"),
        }
    }

    /// A list whose own arguments are named otherwise (`entityTypes:`, `newestFirst:`), one name for each.
    pub const fn named(names: &'static [&'static str], read: Lister<C, A>) -> Self {
        List { read, names }
    }
}

impl<C: Declared, A: Arguments> RootDecl for List<C, A> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Root>> {
        let own = named_arguments(field, self.names, &["first", "after"])?;
        let given = |name: &str| field.get_argument(name).map(|value| value.node.clone());
        let (first, after) = (compile::literal_first(given("first"))?, given("after"));
        let mut parts = Vec::new();
        for (key, field) in doc.fields(&field.selection_set.node, &format!("{}Connection", C::TYPENAME))? {
            parts.push((key, connection_part::<C>(doc, field)?));
        }
        Some(Box::new(Listed { list: self.read, first, after, own, parts }))
    }
}

/// Computes a root's object from its arguments, as its resolver does (with the request's loaders).
pub type Computer<C, A> = for<'a> fn(&'a DatabaseConnection, &'a Loaders, A) -> BoxFuture<'a, Result<C, Error>>;

/// A root that computes one object of `C` from its arguments `A` (statistics, an overview, search results), by the
/// same function as its resolver.
pub struct Single<C, A> {
    pub read: Computer<C, A>,
    /// The names of the arguments `A`, in its order.
    names: &'static [&'static str],
}

impl<C: Declared, A: Arguments> Single<C, A> {
    pub const fn named(names: &'static [&'static str], read: Computer<C, A>) -> Self {
        Single { read, names }
    }
}

impl<C: Declared, A: Arguments> RootDecl for Single<C, A> {
    fn compile(&self, doc: &Doc, field: &Field) -> Option<Box<dyn Root>> {
        let own = named_arguments(field, self.names, &[])?;
        Some(Box::new(ComputedRoot { read: self.read, own, sub: compile::object::<C>(doc, field)? }))
    }
}

/// The arguments `names` of `field` as written (`None` for one not given), if it has no others but `also` and its
/// `first` is not a variable (the cost depends on it).
fn named_arguments(field: &Field, names: &[&str], also: &[&str]) -> Option<Vec<Arg>> {
    let known = |name: &str| names.contains(&name) || also.contains(&name);
    field.arguments.iter().all(|(name, _)| known(name.node.as_str())).then_some(())?;
    let first = field.get_argument("first").map(|value| value.node.clone());
    compile::literal_first(first)?;
    Some(names.iter().map(|name| field.get_argument(name).map(|value| value.node.clone())).collect())
}

struct ComputedRoot<C: Declared, A> {
    read: Computer<C, A>,
    own: Vec<Arg>,
    sub: Object<C>,
}

impl<C: Declared, A: Arguments> Root for ComputedRoot<C, A> {
    fn read<'a>(&'a self, run: &'a Run) -> BoxFuture<'a, Result<Box<dyn Written + 'a>, Declined>> {
        Box::pin(async move {
            let object = (self.read)(run.db(), run.loaders(), A::bind(run, &self.own)?).await?;
            let sub = self.sub.read(run, &[&object]).await?;
            Ok(Box::new(One { row: Some(object), sub }) as Box<dyn Written>)
        })
    }
}

/// A field of a connection, as asked.
enum Part<C> {
    Typename,
    TotalCount,
    Nodes(Object<C>),
    Edges(Vec<(String, EdgePart<C>)>),
    PageInfo(Vec<(String, PageInfoPart)>),
}

enum EdgePart<C> {
    Typename,
    Cursor,
    Node(Object<C>),
}

#[derive(Clone, Copy)]
enum PageInfoPart {
    Typename,
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
}

fn connection_part<C: Declared>(doc: &Doc, field: &Field) -> Option<Part<C>> {
    compile::plain(field)?;
    Some(match field.name.node.as_str() {
        "__typename" => Part::Typename,
        "totalCount" => Part::TotalCount,
        "nodes" => Part::Nodes(compile::object::<C>(doc, field)?),
        "edges" => Part::Edges(parts(doc, field, &format!("{}Edge", C::TYPENAME), |field| {
            Some(match field.name.node.as_str() {
                "__typename" => EdgePart::Typename,
                "cursor" => EdgePart::Cursor,
                "node" => EdgePart::Node(compile::object::<C>(doc, field)?),
                _ => return None,
            })
        })?),
        "pageInfo" => Part::PageInfo(parts(doc, field, "PageInfo", |field| {
            Some(match field.name.node.as_str() {
                "__typename" => PageInfoPart::Typename,
                "hasPreviousPage" => PageInfoPart::HasPreviousPage,
                "hasNextPage" => PageInfoPart::HasNextPage,
                "startCursor" => PageInfoPart::StartCursor,
                "endCursor" => PageInfoPart::EndCursor,
                _ => return None,
            })
        })?),
        _ => return None,
    })
}

/// The fields under `field` (a `typename`), each without arguments, compiled by `each`.
fn parts<P>(doc: &Doc, field: &Field, typename: &str, each: impl Fn(&Field) -> Option<P>) -> Option<Vec<(String, P)>> {
    let fields = doc.fields(&field.selection_set.node, typename)?;
    fields.into_iter().map(|(key, field)| Some((key, each(compile::plain(field).and(Some(field))?)?))).collect()
}

struct Listed<C: Declared, A> {
    list: Lister<C, A>,
    first: Option<i32>,
    after: Arg,
    /// The list's own arguments, as written.
    own: Vec<Arg>,
    parts: Vec<(String, Part<C>)>,
}

impl<C: Declared, A: Arguments> Root for Listed<C, A> {
    fn read<'a>(&'a self, run: &'a Run) -> BoxFuture<'a, Result<Box<dyn Written + 'a>, Declined>> {
        Box::pin(async move {
            let own = A::bind(run, &self.own)?;
            let after = run.bind::<String>(&self.after)?;
            let page = (self.list)(run.db(), self.first, after, own).await?;
            let counted = self.parts.iter().any(|(_, part)| matches!(part, Part::TotalCount));
            let total = if counted { page.additional_fields.count().await? } else { 0 };
            let rows: Vec<&C> = page.edges.iter().map(|edge| &edge.node).collect();
            let mut reads = Vec::new();
            for (_, part) in &self.parts {
                match part {
                    Part::Nodes(object) => reads.push(object.read(run, &rows).await?),
                    Part::Edges(parts) => {
                        for (_, part) in parts {
                            if let EdgePart::Node(object) = part {
                                reads.push(object.read(run, &rows).await?);
                            }
                        }
                    }
                    _ => {}
                }
            }
            drop(rows);
            Ok(Box::new(Connection { parts: &self.parts, page, total, reads }) as Box<dyn Written>)
        })
    }
}

/// A page read, with the relations of its nodes (one [`Read`] per node selection, in the order of the parts).
struct Connection<'a, C: Declared> {
    parts: &'a [(String, Part<C>)],
    page: Page<C>,
    total: u64,
    reads: Vec<Read<'a, C>>,
}

impl<C: Declared> Written for Connection<'_, C> {
    fn write(&self, out: &mut Vec<u8>) {
        let edges = &self.page.edges;
        let (start, end) = (edges.first().map(|e| &e.cursor), edges.last().map(|e| &e.cursor));
        let mut reads = self.reads.iter();
        out.push(b'{');
        for (i, (name, part)) in self.parts.iter().enumerate() {
            key(out, i, name);
            match part {
                Part::Typename => json(out, &format!("{}Connection", C::TYPENAME)),
                Part::TotalCount => json(out, &self.total),
                Part::Nodes(_) => {
                    let read = reads.next().expect("a read per node selection");
                    list(out, edges.iter(), |out, edge| read.write(out, &edge.node));
                }
                Part::Edges(parts) => {
                    // One read per `node` selection, in the order of the parts.
                    let nodes: Vec<&Read<C>> = parts
                        .iter()
                        .filter(|(_, part)| matches!(part, EdgePart::Node(_)))
                        .map(|_| reads.next().expect("a read per node selection"))
                        .collect();
                    list(out, edges.iter(), |out, edge| {
                        let mut nodes = nodes.iter();
                        out.push(b'{');
                        for (i, (name, part)) in parts.iter().enumerate() {
                            key(out, i, name);
                            match part {
                                EdgePart::Typename => json(out, &format!("{}Edge", C::TYPENAME)),
                                EdgePart::Cursor => json(out, &edge.cursor),
                                EdgePart::Node(_) => nodes.next().expect("read").write(out, &edge.node),
                            }
                        }
                        out.push(b'}');
                    });
                }
                Part::PageInfo(parts) => {
                    out.push(b'{');
                    for (i, (name, part)) in parts.iter().enumerate() {
                        key(out, i, name);
                        match part {
                            PageInfoPart::Typename => json(out, "PageInfo"),
                            PageInfoPart::HasPreviousPage => json(out, &self.page.has_previous_page),
                            PageInfoPart::HasNextPage => json(out, &self.page.has_next_page),
                            PageInfoPart::StartCursor => json(out, &start),
                            PageInfoPart::EndCursor => json(out, &end),
                        }
                    }
                    out.push(b'}');
                }
            }
        }
        out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::PARTS;

    /// A part of the query type that declares roots but is not asked would leave its roots to the executor silently.
    #[test]
    fn every_part_that_declares_roots_is_asked() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/graphql");
        let mut declaring = Vec::new();
        for entry in std::fs::read_dir(dir).expect("src/graphql") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
            for after in text.split("#[declared(roots)]").skip(1) {
                let part = after.split("impl ").nth(1).and_then(|rest| rest.split_whitespace().next());
                declaring.push(part.expect("a block after #[declared(roots)]").to_owned());
            }
        }
        declaring.sort();
        let mut asked: Vec<&str> = PARTS.iter().map(|(name, _)| *name).collect();
        asked.sort_unstable();
        assert_eq!(declaring, asked, "the parts with #[declared(roots)], and PARTS");
    }
}
