//! Answers in the order asked. The GraphQL specification serializes an object as an ordered map, its fields in the
//! order the selection set collects them ("CollectFields"); async-graphql resolves an object's fields concurrently
//! and keeps them in the order they *finish* (a `totalCount` that counts rows comes after the `edges` already in
//! hand; a relation read by a loader after the plain columns). Here the executor's answer is put back in the order
//! asked, object by object, following the document and the schema's types.
//!
//! Where a field's type is abstract (the `Node` interface, a union), which fragments apply depends on the object's
//! concrete type, which the answer does not otherwise say: such selection sets are given a `__typename` under an
//! alias no part of the document uses, read here and removed.

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet, TypeKind,
    TypeSystemDefinition,
};
use async_graphql::{Name, Positioned, Value, Variables};
use std::collections::{HashMap, HashSet};

/// What the ordering needs of the schema: each object's and interface's fields with their named types, which types
/// are abstract and which object types each abstract type covers.
#[derive(Default)]
pub struct Types {
    fields: HashMap<String, HashMap<String, String>>,
    /// Abstract type → the object types it covers (an interface's implementers, a union's members).
    abstracts: HashMap<String, HashSet<String>>,
}

impl Types {
    /// The types of the schema written as `sdl`.
    pub fn from_sdl(sdl: &str) -> Self {
        let mut types = Types::default();
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else { return types };
        let mut implementers: Vec<(String, String)> = Vec::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(definition) = definition else { continue };
            let name = definition.node.name.node.to_string();
            let fields = match definition.node.kind {
                TypeKind::Object(object) => {
                    implementers.extend(object.implements.iter().map(|i| (i.node.to_string(), name.clone())));
                    object.fields
                }
                TypeKind::Interface(interface) => {
                    types.abstracts.entry(name.clone()).or_default();
                    interface.fields
                }
                TypeKind::Union(union) => {
                    let members = union.members.iter().map(|m| m.node.to_string()).collect();
                    types.abstracts.insert(name, members);
                    continue;
                }
                _ => continue,
            };
            let fields = fields.iter().map(|f| (f.node.name.node.to_string(), named(&f.node.ty.node.base))).collect();
            types.fields.insert(name, fields);
        }
        for (interface, object) in implementers {
            types.abstracts.entry(interface).or_default().insert(object);
        }
        types
    }

    fn field_type(&self, parent: &str, field: &str) -> Option<&str> {
        self.fields.get(parent)?.get(field).map(String::as_str)
    }

    fn is_abstract(&self, name: &str) -> bool {
        self.abstracts.contains_key(name)
    }

    /// Whether a fragment on `condition` applies to an object of type `object`.
    fn applies(&self, condition: &str, object: &str) -> bool {
        condition == object || self.abstracts.get(condition).is_some_and(|covered| covered.contains(object))
    }
}

/// The named type under any list and non-null wrappers.
fn named(base: &BaseType) -> String {
    match base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(&inner.base),
    }
}

/// A document ready to run, and how to put its answer in order.
pub struct Ordering {
    document: ExecutableDocument,
    operation_name: Option<String>,
    variables: Variables,
    /// The alias of the `__typename` given to selection sets of abstract type, if any was needed.
    marker: Option<Name>,
}

impl Ordering {
    /// Parses `request`'s document (the executor then runs this parse, not one of its own), marking the selection
    /// sets of abstract type; `None` for a document that does not parse (the executor says why).
    pub fn prepare(types: &Types, request: &mut async_graphql::Request) -> Option<Self> {
        let mut document = async_graphql::parser::parse_query(&request.query).ok()?;
        let marker = mark_abstract(types, &mut document, &request.query);
        request.set_parsed_query(document.clone());
        Some(Ordering {
            document,
            operation_name: request.operation_name.clone(),
            variables: request.variables.clone(),
            marker,
        })
    }

    /// Puts every object of `data` in the order its selection set asks, and takes the markers out.
    pub fn apply(&self, types: &Types, data: &mut Value) {
        let Some((ty, set)) = self.operation() else { return };
        let root = match ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        let walk = Walk { types, document: &self.document, variables: &self.variables, marker: self.marker.as_ref() };
        walk.order(data, root, &[set]);
    }

    fn operation(&self) -> Option<(OperationType, &SelectionSet)> {
        let operation = match (&self.document.operations, &self.operation_name) {
            (DocumentOperations::Single(operation), _) => operation,
            (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name.as_str())?,
            (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations.values().next()?,
            _ => return None,
        };
        Some((operation.node.ty, &operation.node.selection_set.node))
    }
}

/// Gives every selection set of abstract type a `__typename` under an alias the document does not use; the alias,
/// when one was needed.
fn mark_abstract(types: &Types, document: &mut ExecutableDocument, text: &str) -> Option<Name> {
    let alias = (0..).map(|n| format!("wuyeType{n}")).find(|alias| !text.contains(alias.as_str()))?;
    let alias = Name::new(alias);
    let mut marked = false;
    let mut mark = |set: &mut SelectionSet, parent: &str| mark_set(types, set, parent, &alias, &mut marked);
    match &mut document.operations {
        DocumentOperations::Single(operation) => mark_operation(&mut operation.node, &mut mark),
        DocumentOperations::Multiple(operations) => {
            operations.values_mut().for_each(|operation| mark_operation(&mut operation.node, &mut mark))
        }
    }
    for fragment in document.fragments.values_mut() {
        let on = fragment.node.type_condition.node.on.node.to_string();
        mark(&mut fragment.node.selection_set.node, &on);
    }
    marked.then_some(alias)
}

fn mark_operation(
    operation: &mut async_graphql::parser::types::OperationDefinition,
    mark: &mut impl FnMut(&mut SelectionSet, &str),
) {
    let root = match operation.ty {
        OperationType::Query => "Query",
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
    };
    mark(&mut operation.selection_set.node, root);
}

fn mark_set(types: &Types, set: &mut SelectionSet, parent: &str, alias: &Name, marked: &mut bool) {
    for selection in &mut set.items {
        match &mut selection.node {
            Selection::Field(field) => {
                let field = &mut field.node;
                let Some(ty) = types.field_type(parent, &field.name.node).map(str::to_owned) else { continue };
                if types.is_abstract(&ty) && !field.selection_set.node.items.is_empty() {
                    let marker = Field {
                        alias: Some(Positioned::new(alias.clone(), Default::default())),
                        name: Positioned::new(Name::new("__typename"), Default::default()),
                        arguments: Vec::new(),
                        directives: Vec::new(),
                        selection_set: Default::default(),
                    };
                    let marker = Positioned::new(
                        Selection::Field(Positioned::new(marker, Default::default())),
                        Default::default(),
                    );
                    field.selection_set.node.items.insert(0, marker);
                    *marked = true;
                }
                mark_set(types, &mut field.selection_set.node, &ty, alias, marked);
            }
            Selection::InlineFragment(fragment) => {
                let fragment = &mut fragment.node;
                let on = fragment.type_condition.as_ref().map_or(parent.to_owned(), |c| c.node.on.node.to_string());
                mark_set(types, &mut fragment.selection_set.node, &on, alias, marked);
            }
            // Fragment definitions are marked on their own.
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// One answer being put in order.
struct Walk<'a> {
    types: &'a Types,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    marker: Option<&'a Name>,
}

impl<'a> Walk<'a> {
    /// Orders `value`, an answer of type `ty` to the selection sets `sets` (several when fields of one response key
    /// were merged).
    fn order(&self, value: &mut Value, ty: &str, sets: &[&'a SelectionSet]) {
        match value {
            Value::List(items) => items.iter_mut().for_each(|item| self.order(item, ty, sets)),
            Value::Object(map) => {
                let marked = self.marker.and_then(|marker| map.shift_remove(marker));
                let object = match marked {
                    Some(Value::String(concrete)) => concrete,
                    _ if self.types.is_abstract(ty) => return,
                    _ => ty.to_owned(),
                };
                let mut collected: IndexMap<&'a Name, Vec<&'a Field>> = IndexMap::new();
                for set in sets {
                    self.collect(&object, set, &mut collected);
                }
                let mut ordered = IndexMap::with_capacity(map.len());
                for (key, fields) in collected {
                    let Some(mut child) = map.shift_remove(key) else { continue };
                    if let Some(child_ty) = self.types.field_type(&object, &fields[0].name.node) {
                        let child_sets: Vec<&SelectionSet> = fields.iter().map(|f| &f.selection_set.node).collect();
                        self.order(&mut child, child_ty, &child_sets);
                    }
                    ordered.insert(key.clone(), child);
                }
                // Whatever the selection does not account for stays, after what it does.
                ordered.extend(std::mem::take(map));
                *map = ordered;
            }
            _ => {}
        }
    }

    /// The fields of `set` that apply to an object of type `object`, by response key in the order first met
    /// (CollectFields, with fragments expanded where they stand and `@skip` / `@include` honoured).
    fn collect(&self, object: &str, set: &'a SelectionSet, out: &mut IndexMap<&'a Name, Vec<&'a Field>>) {
        for selection in &set.items {
            if !self.included(selection.node.directives()) {
                continue;
            }
            match &selection.node {
                Selection::Field(field) => {
                    out.entry(&field.node.response_key().node).or_default().push(&field.node);
                }
                Selection::InlineFragment(fragment) => {
                    let applies = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| self.types.applies(&c.node.on.node, object));
                    if applies {
                        self.collect(object, &fragment.node.selection_set.node, out);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let Some(fragment) = self.document.fragments.get(&spread.node.fragment_name.node) else { continue };
                    if self.types.applies(&fragment.node.type_condition.node.on.node, object) {
                        self.collect(object, &fragment.node.selection_set.node, out);
                    }
                }
            }
        }
    }

    /// Whether `@skip` and `@include` keep a selection.
    fn included(&self, directives: &[Positioned<async_graphql::parser::types::Directive>]) -> bool {
        directives.iter().all(|directive| {
            let condition = directive.node.get_argument("if").map(|value| {
                let value = value.node.clone().into_const_with(|name| {
                    Ok::<_, std::convert::Infallible>(self.variables.get(&name).cloned().unwrap_or_default())
                });
                matches!(value, Ok(Value::Boolean(true)))
            });
            match directive.node.name.node.as_str() {
                "skip" => condition != Some(true),
                "include" => condition != Some(false),
                _ => true,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = r#"
        type Query { town: Town, node: Node, subject: Subject, towns: [Town!]! }
        interface Node { id: ID! }
        type Town implements Node { id: ID! code: String! name: String! estates: [Estate!]! }
        type Estate implements Node { id: ID! code: String! name: String! }
        union Subject = Town | Estate
    "#;

    fn ordered(query: &str, variables: serde_json::Value, answer: serde_json::Value) -> (String, String) {
        let types = Types::from_sdl(SDL);
        let mut request = async_graphql::Request::new(query).variables(Variables::from_json(variables));
        let ordering = Ordering::prepare(&types, &mut request).expect("a document");
        let mut data = Value::from_json(answer).expect("an answer");
        ordering.apply(&types, &mut data);
        let marker = ordering.marker.map(|m| m.to_string()).unwrap_or_default();
        (data.into_json().expect("json").to_string(), marker)
    }

    #[test]
    fn objects_are_answered_in_the_order_asked() {
        let (data, marker) = ordered(
            "{ towns { estates { name code } name } town { code ...F } }  fragment F on Town { name code }",
            serde_json::json!({}),
            serde_json::json!({
                "town": { "name": "甲", "code": "1" },
                "towns": [{ "name": "乙", "estates": [{ "code": "e", "name": "E" }] }],
            }),
        );
        assert_eq!(
            data,
            r#"{"towns":[{"estates":[{"name":"E","code":"e"}],"name":"乙"}],"town":{"code":"1","name":"甲"}}"#
        );
        assert_eq!(marker, "", "no abstract type, no marker");
    }

    /// Which fragments apply depends on the concrete type, told by the marker, which is then taken out.
    #[test]
    fn abstract_types_are_ordered_by_their_concrete_type() {
        let query = "{ node { ... on Town { code name } ... on Estate { name code } id } }";
        let answer = |ty: &str| serde_json::json!({ "node": { "id": "x", "code": "c", "name": "n", "wuyeType0": ty } });
        assert_eq!(
            ordered(query, serde_json::json!({}), answer("Town")).0,
            r#"{"node":{"code":"c","name":"n","id":"x"}}"#
        );
        assert_eq!(
            ordered(query, serde_json::json!({}), answer("Estate")).0,
            r#"{"node":{"name":"n","code":"c","id":"x"}}"#
        );
    }

    #[test]
    fn skipped_selections_do_not_place_a_field() {
        let query = "query($s: Boolean!) { town { name @skip(if: $s) code name } }";
        let answer = serde_json::json!({ "town": { "name": "n", "code": "c" } });
        assert_eq!(
            ordered(query, serde_json::json!({ "s": true }), answer.clone()).0,
            r#"{"town":{"code":"c","name":"n"}}"#
        );
        assert_eq!(ordered(query, serde_json::json!({ "s": false }), answer).0, r#"{"town":{"name":"n","code":"c"}}"#);
    }

    #[test]
    fn the_marker_alias_is_one_the_document_does_not_use() {
        let (_, marker) =
            ordered("{ wuyeType0: node { id } }", serde_json::json!({}), serde_json::json!({ "wuyeType0": null }));
        assert_eq!(marker, "wuyeType1");
    }
}
