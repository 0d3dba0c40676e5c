//! The fields a plan leaves to the executor (declared `Decl::Executor`: they depend on the viewer, or compute over
//! other records): for all the rows of one level at once, one request of wuye's own to the executor that asks each
//! row, by its global id, for those fields as the document wrote them — with the fragments and variables they use —
//! and the answers written in their places. Everything else of the document stays on the plan.

use super::compile::Doc;
use super::run::{Declined, Run};
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::{Name, Value};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

/// The fields of one selection left to the executor, as the document wrote them.
pub struct Delegate {
    typename: &'static str,
    /// The fields' text, each as written (alias, arguments, selection).
    fields: String,
    /// The definitions of the fragments they spread, and of the variables they use.
    fragments: String,
    variables: String,
    used: Vec<Name>,
}

/// What the executor answered for a level's rows: each row's fields by response key, by the row's global id.
pub type Answers = HashMap<String, async_graphql::indexmap::IndexMap<Name, Value>>;

impl Delegate {
    /// The delegate of `fields` (on the type `typename`), or `None` where their text cannot be cut out of the
    /// document.
    pub fn new(doc: &Doc, typename: &'static str, fields: &[&Field]) -> Option<Delegate> {
        let mut text = String::new();
        let (mut fragments, mut variables) = (BTreeSet::new(), BTreeSet::new());
        for field in fields {
            text.push_str(doc.text_of(field)?);
            text.push('\n');
            uses(doc, &field.selection_set.node, &mut fragments, &mut variables, 0)?;
            for (name, value) in &field.arguments {
                if name.node == "first" && matches!(value.node, async_graphql_value::Value::Variable(_)) {
                    return None;
                }
                variables_of(&value.node, &mut variables);
            }
        }
        let mut fragment_text = String::new();
        for name in &fragments {
            fragment_text.push_str(doc.fragment_text(name)?);
            fragment_text.push('\n');
        }
        let mut definitions = Vec::new();
        for name in &variables {
            definitions.push(doc.variable_definition(name)?);
        }
        let variables_text =
            if definitions.is_empty() { String::new() } else { format!("({})", definitions.join(", ")) };
        Some(Delegate {
            typename,
            fields: text,
            fragments: fragment_text,
            variables: variables_text,
            used: variables.into_iter().collect(),
        })
    }

    /// Asks the executor for the fields of the rows with these global ids (each once).
    pub async fn read(&self, run: &Run<'_>, ids: Vec<String>) -> Result<Answers, Declined> {
        if ids.is_empty() {
            return Ok(Answers::new());
        }
        let mut document = format!("query Delegated{} {{\n", self.variables);
        for (i, id) in ids.iter().enumerate() {
            // Global ids are URL-safe base64: nothing to escape.
            write!(document, "n{i}: node(id: \"{id}\") {{ ... on {} {{\n{}}} }}\n", self.typename, self.fields)
                .expect("text");
        }
        document.push_str("}\n");
        document.push_str(&self.fragments);
        let variables = run.variables_named(&self.used);
        let data = run.execute(document, variables).await?;
        let Value::Object(mut nodes) = data else { return Err(Declined) };
        let mut answers = Answers::with_capacity(ids.len());
        for (i, id) in ids.into_iter().enumerate() {
            match nodes.swap_remove(format!("n{i}").as_str()) {
                Some(Value::Object(fields)) => drop(answers.insert(id, fields)),
                _ => return Err(Declined),
            }
        }
        Ok(answers)
    }
}

/// The fragments `set` spreads (and theirs) and the variables it uses.
fn uses(
    doc: &Doc,
    set: &SelectionSet,
    fragments: &mut BTreeSet<Name>,
    variables: &mut BTreeSet<Name>,
    depth: usize,
) -> Option<()> {
    if depth > 32 {
        return None;
    }
    for selection in &set.items {
        match &selection.node {
            Selection::Field(field) => {
                for (name, value) in &field.node.arguments {
                    // The cost of a page depends on its size: a document whose size is a variable is not planned.
                    if name.node == "first" && matches!(value.node, async_graphql_value::Value::Variable(_)) {
                        return None;
                    }
                    variables_of(&value.node, variables);
                }
                for directive in &field.node.directives {
                    for (_, value) in &directive.node.arguments {
                        variables_of(&value.node, variables);
                    }
                }
                uses(doc, &field.node.selection_set.node, fragments, variables, depth + 1)?;
            }
            Selection::InlineFragment(fragment) => {
                for directive in &fragment.node.directives {
                    for (_, value) in &directive.node.arguments {
                        variables_of(&value.node, variables);
                    }
                }
                uses(doc, &fragment.node.selection_set.node, fragments, variables, depth + 1)?;
            }
            Selection::FragmentSpread(spread) => {
                for directive in &spread.node.directives {
                    for (_, value) in &directive.node.arguments {
                        variables_of(&value.node, variables);
                    }
                }
                let name = spread.node.fragment_name.node.clone();
                if fragments.insert(name.clone()) {
                    uses(doc, doc.fragment_selection(&name)?, fragments, variables, depth + 1)?;
                }
            }
        }
    }
    Some(())
}

/// The variables a value uses.
fn variables_of(value: &async_graphql_value::Value, variables: &mut BTreeSet<Name>) {
    match value {
        async_graphql_value::Value::Variable(name) => {
            variables.insert(name.clone());
        }
        async_graphql_value::Value::List(items) => items.iter().for_each(|item| variables_of(item, variables)),
        async_graphql_value::Value::Object(fields) => fields.values().for_each(|item| variables_of(item, variables)),
        _ => {}
    }
}

/// A root field no declaration covers, answered by the executor as the document wrote it.
pub struct DelegatedRoot {
    key: String,
    document: String,
    used: Vec<Name>,
}

impl DelegatedRoot {
    pub fn new(doc: &Doc, key: String, field: &Field) -> Option<DelegatedRoot> {
        let delegate = Delegate::new(doc, "Query", &[field])?;
        let document =
            format!("query Delegated{} {{\n{}}}\n{}", delegate.variables, delegate.fields, delegate.fragments);
        Some(DelegatedRoot { key, document, used: delegate.used })
    }
}

impl super::declare::Root for DelegatedRoot {
    fn read<'a>(
        &'a self,
        run: &'a Run,
    ) -> futures_util::future::BoxFuture<'a, Result<Box<dyn super::run::Written + 'a>, Declined>> {
        Box::pin(async move {
            let data = run.execute(self.document.clone(), run.variables_named(&self.used)).await?;
            let Value::Object(mut fields) = data else { return Err(Declined) };
            let value = fields.swap_remove(self.key.as_str()).ok_or(Declined)?;
            Ok(Box::new(Answered(value)) as Box<dyn super::run::Written>)
        })
    }
}

struct Answered(Value);

impl super::run::Written for Answered {
    fn write(&self, out: &mut Vec<u8>) {
        super::run::json(out, &self.0);
    }
}
