//! Runs a [`Plan`]: reads the estates of its root fields, then (once for all of them) their links with their
//! committees' members, and writes the answer's JSON straight from the rows.

use super::plan::*;
use crate::error::Error;
use crate::graphql::estate::{EstateFilter, EstateOrder, listing};
use crate::graphql::key_condition;
use crate::graphql::loaders::{EstateLinks, Members, estate_links, estate_with_links};
use crate::graphql::pagination::{Page, page};
use async_graphql::{ID, InputType, Value, Variables};
use entity::estate;
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;

/// A plan that could not answer (a variable that does not bind as it needs, a failed read): the executor answers
/// instead, and reports any error in its own words.
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

/// What a root field read.
enum Read {
    One(Option<estate::Model>),
    Page(Page<crate::graphql::estate::Estate>, u64),
}

/// The value of `arg` with `variables` (the declared ones, each present or defaulted) put in, parsed as `T`.
fn bind<T: InputType>(arg: &Arg, variables: &Variables) -> Result<Option<T>, Declined> {
    let Some(arg) = arg else { return Ok(None) };
    let value = arg.clone().into_const_with(|name| variables.get(&name).cloned().ok_or(())).map_err(|_| Declined)?;
    Option::<T>::parse(Some(value)).map_err(|_| Declined)
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
pub async fn run(plan: &Plan, db: &DatabaseConnection, given: &Variables) -> Result<Vec<u8>, Declined> {
    let variables = variables(plan, given)?;
    let needs_links = plan.needs_links();
    let members = if plan.needs_members() { Members::Listed } else { Members::Skipped };
    let mut links = HashMap::new();
    let mut reads = Vec::with_capacity(plan.roots.len());
    for root in &plan.roots {
        reads.push(match &root.field {
            Root::Estate { id, code, .. } => {
                let (id, code) = (bind::<ID>(id, &variables)?, bind::<String>(code, &variables)?);
                // Neither or both: the executor's to refuse.
                let condition = key_condition::<estate::Entity>(id, code, estate::Column::Code)?;
                Read::One(match condition {
                    None => None,
                    // The estate and its links in one statement.
                    Some(condition) if needs_links => {
                        estate_with_links(db, condition, members).await?.map(|(estate, found)| {
                            links.insert(estate.id, found);
                            estate
                        })
                    }
                    Some(condition) => estate::Entity::find().filter(condition).one(db).await?,
                })
            }
            Root::Estates { first, after, filter, order_by, fields } => {
                let filter = bind::<EstateFilter>(filter, &variables)?.unwrap_or_default();
                let order = bind::<EstateOrder>(order_by, &variables)?.unwrap_or_default();
                let after = bind::<String>(after, &variables)?;
                let (query, ordering) = listing(filter, order);
                let connection = page(db, query, ordering, *first, after).await?;
                let counted = fields.iter().any(|sel| matches!(sel.field, ConnectionField::TotalCount));
                let total = if counted { connection.additional_fields.count().await? } else { 0 };
                Read::Page(connection, total)
            }
        });
    }
    // The links of the estates listed, for all of them in one statement.
    let listed = reads.iter().flat_map(|read| match read {
        Read::One(_) => Vec::new(),
        Read::Page(connection, _) => connection.edges.iter().map(|edge| edge.node.0.id).collect(),
    });
    let ids: Vec<i64> = listed.filter(|id| !links.contains_key(id)).collect();
    if needs_links && !ids.is_empty() {
        links.extend(estate_links(db, &ids, members).await?);
    }
    let read = Loaded { links };
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"{\"data\":{");
    for (i, (root, result)) in plan.roots.iter().zip(&reads).enumerate() {
        key(&mut out, i, &root.key);
        match (&root.field, result) {
            (Root::Estate { fields, .. }, Read::One(estate)) => match estate {
                Some(estate) => read.estate(&mut out, fields, estate),
                None => out.extend_from_slice(b"null"),
            },
            (Root::Estates { fields, .. }, Read::Page(connection, total)) => {
                read.connection(&mut out, fields, connection, *total)
            }
            _ => unreachable!("each root read as it is planned"),
        }
    }
    out.extend_from_slice(b"}}");
    Ok(out)
}

/// What was read for the estates of an answer: their links, by estate id.
struct Loaded {
    links: HashMap<i64, EstateLinks>,
}

/// Writes `,"key":` (no comma before the first).
fn key(out: &mut Vec<u8>, index: usize, key: &str) {
    if index > 0 {
        out.push(b',');
    }
    json(out, key);
    out.push(b':');
}

fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    serde_json::to_writer(&mut *out, value).expect("values serialize to memory");
}

/// Writes `record` as an object of `fields`, each written by `write`, or `null` for no record.
fn object<R: Copy, F>(
    out: &mut Vec<u8>,
    fields: &[Sel<F>],
    record: Option<R>,
    mut write: impl FnMut(&mut Vec<u8>, R, &F),
) {
    let Some(record) = record else {
        out.extend_from_slice(b"null");
        return;
    };
    out.push(b'{');
    for (i, sel) in fields.iter().enumerate() {
        key(out, i, &sel.key);
        write(out, record, &sel.field);
    }
    out.push(b'}');
}

/// Writes `items` as a JSON array, each written by `write`.
fn list<T>(out: &mut Vec<u8>, items: impl Iterator<Item = T>, mut write: impl FnMut(&mut Vec<u8>, T)) {
    out.push(b'[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

type Estates = Page<crate::graphql::estate::Estate>;

impl Loaded {
    fn connection(&self, out: &mut Vec<u8>, fields: &[Sel<ConnectionField>], page: &Estates, total: u64) {
        let cursor = |edge: Option<&async_graphql::connection::Edge<String, _, _>>| edge.map(|e| e.cursor.clone());
        object(out, fields, Some(page), |out, page, field| match field {
            ConnectionField::Typename => json(out, "EstateConnection"),
            ConnectionField::TotalCount => json(out, &total),
            ConnectionField::Nodes(fields) => {
                list(out, page.edges.iter(), |out, edge| self.estate(out, fields, &edge.node.0))
            }
            ConnectionField::Edges(fields) => list(out, page.edges.iter(), |out, edge| {
                object(out, fields, Some(edge), |out, edge, field| match field {
                    EdgeField::Typename => json(out, "EstateEdge"),
                    EdgeField::Cursor => json(out, &edge.cursor),
                    EdgeField::Node(fields) => self.estate(out, fields, &edge.node.0),
                })
            }),
            ConnectionField::PageInfo(fields) => object(out, fields, Some(page), |out, page, field| match field {
                PageInfoField::Typename => json(out, "PageInfo"),
                PageInfoField::HasPreviousPage => json(out, &page.has_previous_page),
                PageInfoField::HasNextPage => json(out, &page.has_next_page),
                PageInfoField::StartCursor => json(out, &cursor(page.edges.first())),
                PageInfoField::EndCursor => json(out, &cursor(page.edges.last())),
            }),
        });
    }

    fn estate(&self, out: &mut Vec<u8>, fields: &[Sel<EstateField>], estate: &estate::Model) {
        let links = self.links.get(&estate.id);
        let town = links.and_then(|l| l.town.as_ref());
        let enterprise = links.and_then(|l| l.enterprise.as_ref());
        object(out, fields, Some(estate), |out, estate, field| match field {
            EstateField::Value(get) => json(out, &get(estate)),
            EstateField::Community(fields) => {
                object(out, fields, links.and_then(|l| l.community.as_ref()), |out, community, field| match field {
                    CommunityField::Value(get) => json(out, &get(community)),
                    CommunityField::Town(fields) => object(out, fields, town, write_value),
                })
            }
            EstateField::Town(fields) => object(out, fields, town, write_value),
            EstateField::Contract(fields) => {
                object(out, fields, links.and_then(|l| l.contract.as_ref()), |out, contract, field| match field {
                    ContractField::Value(get) => json(out, &get(contract)),
                    ContractField::Enterprise(fields) => object(out, fields, enterprise, write_value),
                })
            }
            EstateField::Enterprise(fields) => object(out, fields, enterprise, write_value),
            EstateField::Committee(fields) => {
                object(out, fields, links.and_then(|l| l.committee.as_ref()), |out, committee, field| match field {
                    CommitteeField::Value(get) => json(out, &get(committee)),
                    CommitteeField::Members(cap, fields) => {
                        // Read whenever the plan lists members (`needs_members`).
                        let members = links.and_then(|l| l.members.as_deref()).unwrap_or_default();
                        list(out, members.iter().take(*cap), |out, member| {
                            object(out, fields, Some(member), write_value)
                        })
                    }
                })
            }
        });
    }
}

/// Writes a field read off the record alone.
fn write_value<M>(out: &mut Vec<u8>, record: &M, get: &Get<M>) {
    json(out, &get(record))
}
