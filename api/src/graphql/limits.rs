//! Limits every document must keep, checked before anything executes, each refusal a QUERY_REJECTED error with a
//! `reason`: DEPTH (over the data; introspection selections such as `__schema` are not counted, so that explorers'
//! own 12-deep introspection query still works), PAGE_SIZE (`first` outside 1–100, literal or variable),
//! COMPLEXITY (over the budget, lists and connections costing `first` × their items), and SYNTAX / VALIDATION for
//! documents that are not valid GraphQL for this schema.

use crate::config::QueryLimits;
use crate::error::Error;
use crate::graphql::pagination::page_size;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult, ValidationResult, Value, Variables};
use std::sync::Arc;

pub struct Limits(pub QueryLimits);

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension(self.0))
    }
}

struct LimitsExtension(QueryLimits);

fn rejected(reason: &'static str, message: String, message_zh: String) -> ServerError {
    let error: async_graphql::Error = Error::QueryRejected { reason, message, message_zh }.into();
    // The whole document is refused, so no location is named.
    let mut error = error.into_server_error(Default::default());
    error.locations.clear();
    error
}

/// Marks errors that async-graphql raised itself (syntax, validation) with our code.
fn coded(mut error: ServerError, reason: &'static str, message_zh: &'static str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", "QUERY_REJECTED");
        extensions.set("reason", reason);
        extensions.set("messageZh", message_zh);
    }
    error
}

#[async_graphql::async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await.map_err(|e| coded(e, "SYNTAX", "查询语法错误"))?;
        let depth = document_depth(&document);
        if depth > self.0.max_depth {
            return Err(rejected(
                "DEPTH",
                format!("the query nests {depth} levels deep; at most {} are allowed", self.0.max_depth),
                format!("查询嵌套{depth}层，最多允许{}层", self.0.max_depth),
            ));
        }
        check_page_sizes(&document, variables)?;
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| {
            errors.into_iter().map(|e| coded(e, "VALIDATION", "查询与本接口的模式不符")).collect::<Vec<_>>()
        })?;
        if result.complexity > self.0.max_complexity {
            return Err(vec![rejected(
                "COMPLEXITY",
                format!(
                    "the query would cost {} points; the budget is {} (a list costs `first` × its items)",
                    result.complexity, self.0.max_complexity
                ),
                format!(
                    "查询复杂度为{}，上限为{}（列表按 first × 单项计算）",
                    result.complexity, self.0.max_complexity
                ),
            )]);
        }
        Ok(result)
    }
}

fn is_introspection(name: &Name) -> bool {
    name.as_str() == "__schema" || name.as_str() == "__type"
}

/// The deepest nesting of fields in any operation of the document, not counting introspection selections and
/// following fragment spreads (a spread already on the path counts as nothing more, so cycles terminate; the
/// validator rejects them anyway).
fn document_depth(document: &ExecutableDocument) -> usize {
    fn depth<'a>(set: &'a SelectionSet, document: &'a ExecutableDocument, path: &mut Vec<&'a str>) -> usize {
        set.items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) if is_introspection(&field.node.name.node) => 0,
                Selection::Field(field) => 1 + depth(&field.node.selection_set.node, document, path),
                Selection::InlineFragment(fragment) => depth(&fragment.node.selection_set.node, document, path),
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    match document.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) if !path.contains(&name) => {
                            path.push(name);
                            let d = depth(&fragment.node.selection_set.node, document, path);
                            path.pop();
                            d
                        }
                        _ => 0,
                    }
                }
            })
            .max()
            .unwrap_or(0)
    }
    document
        .operations
        .iter()
        .map(|(_, op)| depth(&op.node.selection_set.node, document, &mut Vec::new()))
        .max()
        .unwrap_or(0)
}

/// Every `first` argument in the document, resolved against the variables (and their defaults), is within 1–100.
fn check_page_sizes(document: &ExecutableDocument, variables: &Variables) -> ServerResult<()> {
    fn visit(
        set: &SelectionSet,
        resolve: &dyn Fn(&async_graphql::parser::types::Field) -> Option<Value>,
    ) -> ServerResult<()> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    if let Some(Value::Number(n)) = resolve(&field.node) {
                        let first = n.as_i64().and_then(|v| i32::try_from(v).ok()).unwrap_or(i32::MAX);
                        if let Err(error) = page_size(Some(first)) {
                            let error: async_graphql::Error = error.into();
                            return Err(error.into_server_error(field.pos));
                        }
                    }
                    visit(&field.node.selection_set.node, resolve)?;
                }
                Selection::InlineFragment(fragment) => visit(&fragment.node.selection_set.node, resolve)?,
                Selection::FragmentSpread(_) => {}
            }
        }
        Ok(())
    }
    let defaults: Vec<(Name, Value)> = document
        .operations
        .iter()
        .flat_map(|(_, op)| op.node.variable_definitions.iter())
        .filter_map(|def| Some((def.node.name.node.clone(), def.node.default_value()?.clone())))
        .collect();
    let resolve = |field: &async_graphql::parser::types::Field| -> Option<Value> {
        let value = field.get_argument("first")?;
        value
            .node
            .clone()
            .into_const_with(|name| {
                variables
                    .get(&name)
                    .cloned()
                    .or_else(|| defaults.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
                    .ok_or(())
            })
            .ok()
    };
    for (_, operation) in document.operations.iter() {
        visit(&operation.node.selection_set.node, &resolve)?;
    }
    for fragment in document.fragments.values() {
        visit(&fragment.node.selection_set.node, &resolve)?;
    }
    Ok(())
}
