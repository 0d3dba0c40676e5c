//! Limits every document must keep, checked before anything executes, each refusal a QUERY_REJECTED error with a
//! `reason` naming the limit and the `value` measured against its `budget`. In order of cost:
//!
//! - TOKENS: lexical tokens, counted before the document is parsed, so parsing is bounded;
//! - SELECTIONS, ALIASES, DIRECTIVES, REPEATED_FIELDS: the document's shape, measured right after parsing with
//!   fragments expanded where they are spread (the walk stops as soon as a budget is passed, so a fragment bomb
//!   costs no more than the budget), so validation — quadratic in repeated fields — is bounded too;
//! - DEPTH over the data (introspection selections such as `__schema` are not counted, so that explorers' own
//!   12-deep introspection query still works) and PAGE_SIZE (`first` outside 1–100, literal or variable);
//! - COMPLEXITY, after validation: lists and connections cost `first` × their items, a `totalCount` 100;
//! - SYNTAX / VALIDATION for documents that are not valid GraphQL for this schema.

use crate::error::{Error, Measure};
use crate::graphql::pagination::page_size;
use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, ServerError, ServerResult, ValidationResult, Value, Variables};
use std::sync::Arc;

/// What one document may cost (README, "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryLimits {
    /// Deepest nesting of fields over the data (introspection selections are not counted).
    pub max_depth: usize,
    /// Complexity budget: each field costs 1, a list or connection `first` × its items' cost, a `totalCount` 100.
    pub max_complexity: usize,
    /// Most lexical tokens a document may have (counted before it is parsed).
    pub max_tokens: usize,
    /// Most field selections, with fragments expanded where they are spread (counted before validation).
    pub max_selections: usize,
    /// Most aliased fields, with fragments expanded.
    pub max_aliases: usize,
    /// Most directives on one field or fragment.
    pub max_directives: usize,
    /// Most times one response key may be selected in one selection set, fragments included.
    pub max_repeated_fields: usize,
}

impl QueryLimits {
    pub const DEFAULT: QueryLimits = QueryLimits {
        max_depth: 10,
        max_complexity: 20_000,
        max_tokens: 5_000,
        max_selections: 2_000,
        max_aliases: 50,
        max_directives: 3,
        max_repeated_fields: 20,
    };
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits::DEFAULT
    }
}

/// The checker's extension that holds documents to `QueryLimits`.
pub struct Limits(pub QueryLimits);

/// Where a request learns what its document costs (its complexity, once validated): the rate limits charge it.
#[derive(Clone, Default)]
pub struct Cost(pub Arc<std::sync::atomic::AtomicUsize>);

impl Cost {
    /// The cost `request` carries, if it was given one.
    pub fn of(request: &async_graphql::Request) -> Option<&Cost> {
        request.data.get(&std::any::TypeId::of::<Cost>()).and_then(|data| data.downcast_ref())
    }

    pub fn get(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl ExtensionFactory for Limits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension(self.0))
    }
}

struct LimitsExtension(QueryLimits);

fn rejected(reason: &'static str, (value, budget): (usize, usize), message: String, message_zh: String) -> ServerError {
    let measure = Some(Measure { value, budget });
    let error: async_graphql::Error = Error::QueryRejected { reason, message, message_zh, measure }.into();
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
        let tokens = count_tokens(query, self.0.max_tokens);
        if tokens > self.0.max_tokens {
            return Err(rejected(
                "TOKENS",
                (tokens, self.0.max_tokens),
                format!("the document has more than {} tokens", self.0.max_tokens),
                format!("查询文档超过{}个词法单元", self.0.max_tokens),
            ));
        }
        let document = next.run(ctx, query, variables).await.map_err(|e| coded(e, "SYNTAX", "查询语法错误"))?;
        check_shape(&document, &self.0)?;
        let depth = document_depth(&document);
        if depth > self.0.max_depth {
            return Err(rejected(
                "DEPTH",
                (depth, self.0.max_depth),
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
                (result.complexity, self.0.max_complexity),
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
        if let Some(cost) = ctx.data_opt::<Cost>() {
            cost.0.store(result.complexity, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(result)
    }
}

/// The lexical tokens of `query` (punctuators, names, numbers, strings; not whitespace, commas or comments), counted
/// up to `limit + 1`.
fn count_tokens(query: &str, limit: usize) -> usize {
    let bytes = query.as_bytes();
    let (mut i, mut tokens) = (0, 0);
    while i < bytes.len() && tokens <= limit {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let block = bytes[i..].starts_with(b"\"\"\"");
                i += if block { 3 } else { 1 };
                while i < bytes.len() {
                    if block && bytes[i..].starts_with(b"\"\"\"") {
                        i += 3;
                        break;
                    }
                    if !block && bytes[i] == b'"' {
                        i += 1;
                        break;
                    }
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                tokens += 1;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"_.+-".contains(&bytes[i])) {
                    i += 1;
                }
                tokens += 1;
            }
            _ if bytes[i..].starts_with(b"...") => {
                i += 3;
                tokens += 1;
            }
            _ => {
                i += 1;
                tokens += 1;
            }
        }
    }
    tokens
}

/// What the shape walk counts.
#[derive(Default)]
struct Shape {
    selections: usize,
    aliases: usize,
}

/// Walks every operation with fragments expanded where they are spread, refusing the document at the first limit it
/// passes: selections, aliases, directives on one field or fragment, and one response key repeated in one selection
/// set. The walk stops at the selections budget, so its own cost is bounded by it.
fn check_shape(document: &ExecutableDocument, limits: &QueryLimits) -> ServerResult<()> {
    fn directives(count: usize, limits: &QueryLimits) -> ServerResult<()> {
        if count > limits.max_directives {
            return Err(rejected(
                "DIRECTIVES",
                (count, limits.max_directives),
                format!(
                    "a field or fragment carries {count} directives; at most {} are allowed",
                    limits.max_directives
                ),
                format!("一个字段或片段带有{count}个指令，最多允许{}个", limits.max_directives),
            ));
        }
        Ok(())
    }
    /// The selections of `set` at its own level (inline fragments and spreads merged in), each counted.
    fn level<'a>(
        set: &'a SelectionSet,
        document: &'a ExecutableDocument,
        limits: &QueryLimits,
        shape: &mut Shape,
        spreads: &mut Vec<&'a str>,
        keys: &mut std::collections::HashMap<&'a str, usize>,
    ) -> ServerResult<()> {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    shape.selections += 1;
                    if shape.selections > limits.max_selections {
                        return Err(rejected(
                            "SELECTIONS",
                            (shape.selections, limits.max_selections),
                            format!(
                                "the document selects more than {} fields, fragments expanded",
                                limits.max_selections
                            ),
                            format!("查询选择的字段（展开片段后）超过{}个", limits.max_selections),
                        ));
                    }
                    if field.alias.is_some() {
                        shape.aliases += 1;
                        if shape.aliases > limits.max_aliases {
                            return Err(rejected(
                                "ALIASES",
                                (shape.aliases, limits.max_aliases),
                                format!("the document has more than {} aliases", limits.max_aliases),
                                format!("查询的别名超过{}个", limits.max_aliases),
                            ));
                        }
                    }
                    directives(field.directives.len(), limits)?;
                    let key = field.response_key().node.as_str();
                    let seen = keys.entry(key).or_default();
                    *seen += 1;
                    if *seen > limits.max_repeated_fields {
                        return Err(rejected(
                            "REPEATED_FIELDS",
                            (*seen, limits.max_repeated_fields),
                            format!("{key} is selected more than {} times in one place", limits.max_repeated_fields),
                            format!("{key} 在同一层级被选择超过{}次", limits.max_repeated_fields),
                        ));
                    }
                    let mut inner = std::collections::HashMap::new();
                    level(&field.selection_set.node, document, limits, shape, spreads, &mut inner)?;
                }
                Selection::InlineFragment(fragment) => {
                    directives(fragment.node.directives.len(), limits)?;
                    level(&fragment.node.selection_set.node, document, limits, shape, spreads, keys)?;
                }
                Selection::FragmentSpread(spread) => {
                    directives(spread.node.directives.len(), limits)?;
                    let name = spread.node.fragment_name.node.as_str();
                    // A spread already on the path would loop; the validator refuses such documents.
                    if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                        && !spreads.contains(&name)
                    {
                        spreads.push(name);
                        level(&fragment.node.selection_set.node, document, limits, shape, spreads, keys)?;
                        spreads.pop();
                    }
                }
            }
        }
        Ok(())
    }
    let mut shape = Shape::default();
    for (_, operation) in document.operations.iter() {
        directives(operation.node.directives.len(), limits)?;
        let mut keys = std::collections::HashMap::new();
        level(&operation.node.selection_set.node, document, limits, &mut shape, &mut Vec::new(), &mut keys)?;
    }
    Ok(())
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
