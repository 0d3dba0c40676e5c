//! A document compiled once into a plan over the declarations ([`super::declare`]): for each selection, the fields
//! of its type as their declarations read them — or `None` when it asks for anything no declaration covers (then
//! the executor answers it, as every other).

use super::declare::{Decl, Declared, Join, Root};
use super::delegate::{Delegate, DelegatedRoot};
use async_graphql::Name;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, FragmentDefinition, OperationDefinition, OperationType, Selection,
    SelectionSet, TypeCondition, VariableDefinition,
};
use async_graphql::{InputType, Positioned};
use std::collections::HashMap;
use std::collections::HashSet;

/// An argument as written: a literal, or a variable's value at run time.
pub type Arg = Option<async_graphql_value::Value>;

/// One selected field of a `T`: how it is written.
pub enum Step<T> {
    Typename(&'static str),
    Value(super::declare::Get<T>),
    /// The `n`th of the selection's joins.
    Join(usize),
    /// A field left to the executor ([`Delegate`]), under this response key.
    Delegated(String),
}

/// What a selection of a `T` asks for: each field under its response key, and the relations it follows.
pub struct Object<T> {
    pub fields: Vec<(String, Step<T>)>,
    pub joins: Vec<Box<dyn Join<T>>>,
    pub delegate: Option<Delegate>,
}

/// A compiled document: its root fields and the variables it declares.
pub struct Plan {
    pub roots: Vec<(String, Box<dyn Root>)>,
    pub variables: Vec<Positioned<VariableDefinition>>,
}

/// The plan of the operation `operation_name` of `document` (parsed from `text`), if every field it selects has a
/// declaration.
pub fn compile(text: &str, document: &ExecutableDocument, operation_name: Option<&str>) -> Option<Plan> {
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
    let doc = Doc { text, fragments: &document.fragments, variables: &operation.variable_definitions };
    let mut roots = Vec::new();
    let mut planned_any = false;
    for (key, field) in doc.fields(&operation.selection_set.node, "Query")? {
        // A root field no declaration covers (or one whose selection is not planned) is the executor's.
        let planned = super::roots::root(field.name.node.as_str()).and_then(|root| root.compile(&doc, field));
        let root: Box<dyn Root> = match planned {
            Some(root) => {
                planned_any = true;
                root
            }
            None => Box::new(DelegatedRoot::new(&doc, key.clone(), field)?),
        };
        roots.push((key, root));
    }
    // A document whose every root is the executor's is better left to it whole.
    planned_any.then(|| Plan { roots, variables: operation.variable_definitions.clone() })
}

/// The selection under `field`, a `T`, as its declarations read it.
pub fn object<T: Declared>(doc: &Doc, field: &Field) -> Option<Object<T>> {
    let mut object = Object { fields: Vec::new(), joins: Vec::new(), delegate: None };
    let mut delegated = Vec::new();
    for (key, field) in doc.fields(&field.selection_set.node, T::TYPENAME)? {
        let name = field.name.node.as_str();
        let step = match name {
            "__typename" => Step::Typename(T::TYPENAME),
            // What the declaration cannot plan (a field of the executor's, arguments it does not take, a selection
            // under it that is not planned) is left to the executor.
            _ => match T::field(name)? {
                Decl::Value(get) if plain(field).is_some() => Step::Value(get),
                Decl::Relation(relation) => match relation.compile(doc, field) {
                    Some(join) => {
                        object.joins.push(join);
                        Step::Join(object.joins.len() - 1)
                    }
                    None => {
                        delegated.push(field);
                        Step::Delegated(key.clone())
                    }
                },
                Decl::Value(_) | Decl::Executor => {
                    delegated.push(field);
                    Step::Delegated(key.clone())
                }
            },
        };
        if name == "__typename" {
            plain(field)?;
        }
        object.fields.push((key, step));
    }
    if !delegated.is_empty() {
        T::NODE_ID?;
        object.delegate = Some(Delegate::new(doc, T::TYPENAME, &delegated)?);
    }
    Some(object)
}

/// The document a plan is compiled from: its text, its fragments, the operation's variables.
pub struct Doc<'a> {
    text: &'a str,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    variables: &'a [Positioned<VariableDefinition>],
}

impl<'a> Doc<'a> {
    /// The byte offset of `pos` in the text, if `expected` is written there.
    fn offset(&self, pos: async_graphql::Pos, expected: &str) -> Option<usize> {
        let line_start = match pos.line {
            1 => 0,
            n => self.text.match_indices('\n').nth(n - 2)?.0 + 1,
        };
        let line = &self.text[line_start..];
        let at = line_start + line.char_indices().nth(pos.column.checked_sub(1)?)?.0;
        self.text[at..].starts_with(expected).then_some(at)
    }

    /// The text of `field` as written (alias, name, arguments, selection).
    pub fn text_of(&self, field: &Field) -> Option<&'a str> {
        let key = field.response_key();
        let start = self.offset(key.pos, key.node.as_str())?;
        Some(&self.text[start..super::text::field_end(self.text, start)?])
    }

    /// The text of the fragment `name`'s definition.
    pub fn fragment_text(&self, name: &Name) -> Option<&'a str> {
        let start = self.offset(self.fragments.get(name)?.pos, "fragment")?;
        Some(&self.text[start..super::text::fragment_end(self.text, start)?])
    }

    /// The selection of the fragment `name`.
    pub fn fragment_selection(&self, name: &Name) -> Option<&'a SelectionSet> {
        Some(&self.fragments.get(name)?.node.selection_set.node)
    }

    /// The definition of the operation's variable `name`, as GraphQL text.
    pub fn variable_definition(&self, name: &Name) -> Option<String> {
        let definition = &self.variables.iter().find(|v| v.node.name.node == *name)?.node;
        let default = definition.default_value.as_ref().map(|d| format!(" = {}", d.node)).unwrap_or_default();
        Some(format!("${name}: {}{default}", definition.var_type.node))
    }

    /// The fields of `set`, a selection on the type `typename`, with their response keys, fragments spread in
    /// place: none with a directive, fragments only on `typename` itself, each key once (the executor merges
    /// repeated keys).
    pub fn fields(&self, set: &'a SelectionSet, typename: &str) -> Option<Vec<(String, &'a Field)>> {
        let mut fields = Vec::with_capacity(set.items.len());
        self.spread(set, typename, &mut fields, 0)?;
        let mut keys = HashSet::new();
        fields.iter().all(|(key, _)| keys.insert(key.as_str())).then_some(fields)
    }

    fn spread(
        &self,
        set: &'a SelectionSet,
        typename: &str,
        out: &mut Vec<(String, &'a Field)>,
        depth: usize,
    ) -> Option<()> {
        // Fragments that spread each other without end are the validator's to refuse; never here.
        if depth > 8 {
            return None;
        }
        let on = |condition: &Option<async_graphql::Positioned<TypeCondition>>| {
            condition.as_ref().is_none_or(|c| c.node.on.node.as_str() == typename)
        };
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if !field.directives.is_empty() {
                        return None;
                    }
                    out.push((field.response_key().node.to_string(), field));
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    if !fragment.directives.is_empty() || !on(&fragment.type_condition) {
                        return None;
                    }
                    self.spread(&fragment.selection_set.node, typename, out, depth + 1)?;
                }
                Selection::FragmentSpread(spread) => {
                    let definition = &self.fragments.get(&spread.node.fragment_name.node)?.node;
                    if !spread.node.directives.is_empty()
                        || !definition.directives.is_empty()
                        || definition.type_condition.node.on.node.as_str() != typename
                    {
                        return None;
                    }
                    self.spread(&definition.selection_set.node, typename, out, depth + 1)?;
                }
            }
        }
        Some(())
    }
}

/// The arguments `names` of `field` (each absent, a literal, or a variable); `None` if it has any other.
pub fn arguments<const N: usize>(field: &Field, names: [&str; N]) -> Option<[Arg; N]> {
    let mut found: [Arg; N] = std::array::from_fn(|_| None);
    for (name, value) in &field.arguments {
        let at = names.iter().position(|n| *n == name.node.as_str())?;
        found[at] = Some(value.node.clone());
    }
    Some(found)
}

/// `first` as written, when it is a literal or absent; a variable is not planned (the cost depends on it).
pub fn literal_first(first: Arg) -> Option<Option<i32>> {
    match first {
        None => Some(None),
        Some(value) => Some(Some(<i32 as InputType>::parse(Some(value.into_const()?)).ok()?)),
    }
}

/// A field without arguments.
pub fn plain(field: &Field) -> Option<()> {
    field.arguments.is_empty().then_some(())
}

#[cfg(test)]
#[path = "compile_tests.rs"]
mod tests;
