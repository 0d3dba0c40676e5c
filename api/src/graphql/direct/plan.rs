//! What a document asks for, compiled once into a typed selection tree over the records it reads — or `None` when
//! it asks for anything outside the shapes answered directly (then the executor answers it, as every other).

use crate::graphql::ids::global_id;
use crate::graphql::loaders::ListedMember;
use crate::graphql::scalars::{Area, Date, DateTime, Money};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationDefinition, OperationType, Selection, SelectionSet,
    VariableDefinition,
};
use async_graphql::{InputType, Positioned, Value};
use entity::vocab::split_codes;
use entity::{committee, community, enterprise, estate, service_contract, town};
use std::collections::HashSet;

/// One selected field: its response key (the alias, or the name) and what it holds.
pub struct Sel<F> {
    pub key: String,
    pub field: F,
}

/// A field read off the record alone (scalars, enums, ids, `__typename`).
pub type Get<M> = fn(&M) -> Value;

pub enum EstateField {
    Value(Get<estate::Model>),
    Community(Vec<Sel<CommunityField>>),
    Town(Vec<Sel<TownField>>),
    Contract(Vec<Sel<ContractField>>),
    Enterprise(Vec<Sel<EnterpriseField>>),
    Committee(Vec<Sel<CommitteeField>>),
}

pub enum CommunityField {
    Value(Get<community::Model>),
    Town(Vec<Sel<TownField>>),
}

pub type TownField = Get<town::Model>;

pub enum ContractField {
    Value(Get<service_contract::Model>),
    Enterprise(Vec<Sel<EnterpriseField>>),
}

pub type EnterpriseField = Get<enterprise::Model>;

pub enum CommitteeField {
    Value(Get<committee::Model>),
    /// At most this many members.
    Members(usize, Vec<Sel<MemberField>>),
}

pub type MemberField = Get<ListedMember>;

pub enum ConnectionField {
    Typename,
    TotalCount,
    Nodes(Vec<Sel<EstateField>>),
    Edges(Vec<Sel<EdgeField>>),
    PageInfo(Vec<Sel<PageInfoField>>),
}

pub enum EdgeField {
    Typename,
    Cursor,
    Node(Vec<Sel<EstateField>>),
}

pub enum PageInfoField {
    Typename,
    HasPreviousPage,
    HasNextPage,
    StartCursor,
    EndCursor,
}

/// An argument as written: a literal, or a variable's value at run time.
pub type Arg = Option<async_graphql_value::Value>;

/// A field of the query root.
pub enum Root {
    /// `estate(id:, code:)`.
    Estate { id: Arg, code: Arg, fields: Vec<Sel<EstateField>> },
    /// `estates(first:, after:, filter:, orderBy:)`; `first` only as a literal (the cost depends on it).
    Estates { first: Option<i32>, after: Arg, filter: Arg, order_by: Arg, fields: Vec<Sel<ConnectionField>> },
}

/// A compiled document: its root fields and the variables it declares.
pub struct Plan {
    pub roots: Vec<Sel<Root>>,
    pub variables: Vec<Positioned<VariableDefinition>>,
}

impl Plan {
    /// Whether any estate in the answer needs its links (community, town, contract, enterprise, committee) read.
    pub fn needs_links(&self) -> bool {
        self.estate_selections().any(|fields| fields.iter().any(|sel| !matches!(sel.field, EstateField::Value(_))))
    }

    /// Whether any committee in the answer lists its members.
    pub fn needs_members(&self) -> bool {
        self.estate_selections().any(|fields| {
            fields.iter().any(|sel| match &sel.field {
                EstateField::Committee(fields) => {
                    fields.iter().any(|sel| matches!(sel.field, CommitteeField::Members(..)))
                }
                _ => false,
            })
        })
    }

    fn estate_selections(&self) -> impl Iterator<Item = &Vec<Sel<EstateField>>> {
        self.roots.iter().flat_map(|root| -> Vec<&Vec<Sel<EstateField>>> {
            match &root.field {
                Root::Estate { fields, .. } => vec![fields],
                Root::Estates { fields, .. } => fields
                    .iter()
                    .flat_map(|sel| match &sel.field {
                        ConnectionField::Nodes(fields) => vec![fields],
                        ConnectionField::Edges(edges) => edges
                            .iter()
                            .filter_map(|e| match &e.field {
                                EdgeField::Node(fields) => Some(fields),
                                _ => None,
                            })
                            .collect(),
                        _ => vec![],
                    })
                    .collect(),
            }
        })
    }
}

/// The plan of the operation `operation_name` of `document`, if every field it selects is answered directly.
pub fn compile(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<Plan> {
    if !document.fragments.is_empty() {
        return None;
    }
    let operation: &Positioned<OperationDefinition> = match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), None) => operation,
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name)?,
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations.values().next()?,
        _ => return None,
    };
    let operation = &operation.node;
    if operation.ty != OperationType::Query || !operation.directives.is_empty() {
        return None;
    }
    let mut roots = Vec::new();
    for (key, field) in fields(&operation.selection_set.node)? {
        let root = match field.name.node.as_str() {
            "estate" => {
                let [id, code] = arguments(field, ["id", "code"])?;
                Root::Estate { id, code, fields: estate(field)? }
            }
            "estates" => {
                let [first, after, filter, order_by] = arguments(field, ["first", "after", "filter", "orderBy"])?;
                let first = literal_first(first)?;
                Root::Estates { first, after, filter, order_by, fields: connection(field)? }
            }
            _ => return None,
        };
        roots.push(Sel { key, field: root });
    }
    Some(Plan { roots, variables: operation.variable_definitions.clone() })
}

/// The fields of `set` with their response keys: no fragments, no directives, each key once.
fn fields(set: &SelectionSet) -> Option<Vec<(String, &Field)>> {
    let mut keys = HashSet::new();
    let mut fields = Vec::with_capacity(set.items.len());
    for selection in &set.items {
        let Selection::Field(field) = &selection.node else { return None };
        let field = &field.node;
        let key = field.response_key().node.to_string();
        if !field.directives.is_empty() || !keys.insert(key.clone()) {
            return None;
        }
        fields.push((key, field));
    }
    Some(fields)
}

/// The selection under `field`, each field compiled by `each` (given its name and itself).
fn selection<F>(field: &Field, each: impl Fn(&str, &Field) -> Option<F>) -> Option<Vec<Sel<F>>> {
    let fields = fields(&field.selection_set.node)?;
    fields.into_iter().map(|(key, field)| Some(Sel { field: each(field.name.node.as_str(), field)?, key })).collect()
}

/// The arguments `names` of `field` (each absent, a literal, or a variable); `None` if it has any other.
fn arguments<const N: usize>(field: &Field, names: [&str; N]) -> Option<[Arg; N]> {
    let mut found: [Arg; N] = std::array::from_fn(|_| None);
    for (name, value) in &field.arguments {
        let at = names.iter().position(|n| *n == name.node.as_str())?;
        found[at] = Some(value.node.clone());
    }
    Some(found)
}

/// `first` as written, when it is a literal or absent; a variable is not planned (the cost depends on it).
fn literal_first(first: Arg) -> Option<Option<i32>> {
    match first {
        None => Some(None),
        Some(value) => Some(Some(<i32 as InputType>::parse(Some(value.into_const()?)).ok()?)),
    }
}

/// A field without arguments.
fn plain(field: &Field) -> Option<()> {
    field.arguments.is_empty().then_some(())
}

/// The selection of a field of type `T` under a field of no arguments, compiled by `of`.
fn nested<T>(field: &Field, of: fn(&Field) -> Option<Vec<Sel<T>>>) -> Option<Vec<Sel<T>>> {
    plain(field)?;
    of(field)
}

fn connection(field: &Field) -> Option<Vec<Sel<ConnectionField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let field = match name {
            "__typename" => ConnectionField::Typename,
            "totalCount" => ConnectionField::TotalCount,
            "nodes" => ConnectionField::Nodes(estate(field)?),
            "edges" => ConnectionField::Edges(edges(field)?),
            "pageInfo" => ConnectionField::PageInfo(page_info(field)?),
            _ => return None,
        };
        Some(field)
    })
}

fn edges(field: &Field) -> Option<Vec<Sel<EdgeField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let field = match name {
            "__typename" => EdgeField::Typename,
            "cursor" => EdgeField::Cursor,
            "node" => EdgeField::Node(estate(field)?),
            _ => return None,
        };
        Some(field)
    })
}

fn page_info(field: &Field) -> Option<Vec<Sel<PageInfoField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let field = match name {
            "__typename" => PageInfoField::Typename,
            "hasPreviousPage" => PageInfoField::HasPreviousPage,
            "hasNextPage" => PageInfoField::HasNextPage,
            "startCursor" => PageInfoField::StartCursor,
            "endCursor" => PageInfoField::EndCursor,
            _ => return None,
        };
        Some(field)
    })
}

fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}

fn optional(text: &Option<String>) -> Value {
    text.as_deref().map_or(Value::Null, string)
}

fn id<R: entity::record::Record>(record: &R) -> Value {
    Value::String(global_id(record).0)
}

fn typename(name: &'static str) -> Value {
    Value::String(name.to_owned())
}

/// The fields of an estate, as `graphql::estate::Estate` resolves them for the public.
fn estate(field: &Field) -> Option<Vec<Sel<EstateField>>> {
    selection(field, |name, field| {
        let get: Get<estate::Model> = match name {
            "community" => return Some(EstateField::Community(nested(field, community)?)),
            "town" => return Some(EstateField::Town(nested(field, town)?)),
            "activeContract" => return Some(EstateField::Contract(nested(field, contract)?)),
            "enterprise" => return Some(EstateField::Enterprise(nested(field, enterprise)?)),
            "activeCommittee" => return Some(EstateField::Committee(nested(field, committee)?)),
            "__typename" => |_| typename("Estate"),
            "id" => id,
            "code" => |m| string(&m.code),
            "name" => |m| string(&m.name),
            "address" => |m| string(&m.address),
            "housingType" => |m| m.housing_type.to_value(),
            "serviceMode" => |m| m.service_mode.to_value(),
            "fiveBasics" => |m| {
                let services: Vec<entity::vocab::FiveBasicsService> = split_codes(&m.five_basics);
                Value::List(services.iter().map(InputType::to_value).collect())
            },
            "buildings" => |m| Value::from(m.buildings),
            "households" => |m| Value::from(m.households),
            "occupiedHouseholds" => |m| Value::from(m.occupied_households),
            "privateArea" => |m| InputType::to_value(&Area::stored(m.private_area)),
            "managementRoomArea" => |m| InputType::to_value(&Area::stored(m.management_room_area)),
            "completedYear" => |m| m.completed_year.map_or(Value::Null, Value::from),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        plain(field)?;
        Some(EstateField::Value(get))
    })
}

fn community(field: &Field) -> Option<Vec<Sel<CommunityField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let get: Get<community::Model> = match name {
            "town" => return Some(CommunityField::Town(town(field)?)),
            "__typename" => |_| typename("Community"),
            "id" => id,
            "code" => |m| string(&m.code),
            "name" => |m| string(&m.name),
            "nameEn" => |m| optional(&m.name_en),
            "kind" => |m| m.kind.to_value(),
            "propertyOfficer" => |m| optional(&m.property_officer),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        Some(CommunityField::Value(get))
    })
}

fn town(field: &Field) -> Option<Vec<Sel<TownField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let get: Get<town::Model> = match name {
            "__typename" => |_| typename("Town"),
            "id" => id,
            "code" => |m| string(&m.code),
            "name" => |m| string(&m.name),
            "nameEn" => |m| optional(&m.name_en),
            "kind" => |m| m.kind.to_value(),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        Some(get)
    })
}

fn contract(field: &Field) -> Option<Vec<Sel<ContractField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let get: Get<service_contract::Model> = match name {
            "enterprise" => return Some(ContractField::Enterprise(enterprise(field)?)),
            "__typename" => |_| typename("ServiceContract"),
            "id" => id,
            "startOn" => |m| InputType::to_value(&Date(m.start_on)),
            "endOn" => |m| InputType::to_value(&Date(m.end_on)),
            "feePerSquareMeterMonth" => |m| InputType::to_value(&Money::stored(m.fee_per_m2_month)),
            "selection" => |m| m.selection.to_value(),
            "status" => |m| m.status.to_value(),
            "terminatedOn" => |m| m.terminated_on.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "terminationReason" => |m| optional(&m.termination_reason),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        Some(ContractField::Value(get))
    })
}

fn enterprise(field: &Field) -> Option<Vec<Sel<EnterpriseField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let get: Get<enterprise::Model> = match name {
            "__typename" => |_| typename("Enterprise"),
            "id" => id,
            "creditCode" => |m| string(&m.credit_code),
            "name" => |m| string(&m.name),
            "legalRepresentative" => |m| string(&m.legal_representative),
            "address" => |m| string(&m.address),
            "phone" => |m| optional(&m.phone),
            "status" => |m| m.status.to_value(),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        Some(get)
    })
}

fn committee(field: &Field) -> Option<Vec<Sel<CommitteeField>>> {
    selection(field, |name, field| {
        let get: Get<committee::Model> = match name {
            "members" => {
                let [first] = arguments(field, ["first"])?;
                let first = literal_first(first)?;
                let cap = crate::graphql::pagination::page_size(first).ok()? as usize;
                return Some(CommitteeField::Members(cap, member(field)?));
            }
            "__typename" => |_| typename("Committee"),
            "id" => id,
            "kind" => |m| m.kind.to_value(),
            "status" => |m| crate::graphql::committee::status_of(m).to_value(),
            "formedOn" => |m| InputType::to_value(&Date(m.formed_on)),
            "termEndsOn" => |m| m.term_end.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "termEnd" => |m| m.term_end.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "electedOn" => |m| m.elected_on.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "filedOn" => |m| m.filed_on.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "dissolvedOn" => |m| m.dissolved_on.map_or(Value::Null, |d| InputType::to_value(&Date(d))),
            "dissolutionReason" => |m| optional(&m.dissolution_reason),
            "version" => |m| Value::from(m.version),
            "createdAt" => |m| InputType::to_value(&DateTime(m.created_at)),
            "updatedAt" => |m| InputType::to_value(&DateTime(m.updated_at)),
            _ => return None,
        };
        plain(field)?;
        Some(CommitteeField::Value(get))
    })
}

/// A member's public fields (the staff-only ones are left to the executor, which decides who sees them).
fn member(field: &Field) -> Option<Vec<Sel<MemberField>>> {
    selection(field, |name, field| {
        plain(field)?;
        let get: Get<ListedMember> = match name {
            "__typename" => |_| typename("CommitteeMember"),
            "name" => |m| string(&m.name),
            "position" => |m| m.position.to_value(),
            _ => return None,
        };
        Some(get)
    })
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
