//! Direct answers: the public's reads answered from a plan compiled once per document, written straight from the
//! rows without async-graphql's executor, which spends most of such a request on one boxed future, one map and one
//! `Value` per field.
//!
//! Every public object type declares once how each of its fields is read ([`declare::Declared`]): a value off the
//! row, a relation to another declared type (through the executor's own loaders), or "the executor's" (a field that
//! depends on the viewer or computes over other records). A document is compiled into a plan over those
//! declarations ([`compile`]) when every field it selects has one, fragments spread in place, without directives,
//! and with nothing its cost depends on left to variables; the plan reads its roots ([`roots`]), then each level of
//! the selection with one batched statement per relation, side by side ([`run`]), and writes the JSON.
//!
//! Nothing is answered directly before the executor has answered the same document for the public: the first
//! request of a document goes through the checker (limits, validation, its cost) and the executor as any other; if
//! it passed without errors and compiles, the plan is run once on the same request, and kept (with the document's
//! cost) only if it gives the executor's very answer. Later requests of the document (any variables that bind) are
//! answered by the plan. Anything unexpected (a variable that does not bind, a failed read) goes to the executor,
//! which answers as it always does. Staff requests never come here.

mod compile;
pub mod declare;
mod delegate;
mod roots;
mod run;
mod text;
#[cfg(test)]
mod types;

pub use roots::{Find, List, Single};
pub use run::Run;

use crate::graphql::WuyeSchema;
use crate::graphql::limits::Cost;
use async_graphql::{Request, Response};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A document the plans answer, with what it costs.
struct Known {
    plan: compile::Plan,
    cost: usize,
}

/// The operations of one document seen so far, by name: each planned, or known not to be (`None`).
type Operations = HashMap<Option<String>, Option<Arc<Known>>>;

/// The documents seen so far, by their text.
#[derive(Default)]
pub struct Plans {
    documents: RwLock<HashMap<String, Operations>>,
}

/// At most this many bytes of documents are remembered; past it, new documents go to the executor unplanned.
const BUDGET_BYTES: usize = 4 << 20;

/// What became of a request the plans were asked to answer.
pub enum Direct {
    /// The answer's JSON, its cost put into the request's [`Cost`].
    Answered(Vec<u8>),
    /// Not answered here; `learn` says whether to learn from the executor's answer.
    Declined { learn: bool },
}

impl Plans {
    fn find(&self, request: &Request) -> Option<Option<Arc<Known>>> {
        let documents = self.documents.read().expect("plans");
        documents.get(request.query.as_str())?.get(&request.operation_name).cloned()
    }

    fn remember(&self, query: &str, operation_name: Option<String>, known: Option<Arc<Known>>) {
        let mut documents = self.documents.write().expect("plans");
        let held: usize = documents.keys().map(String::len).sum();
        if held + query.len() > BUDGET_BYTES && !documents.contains_key(query) {
            return;
        }
        documents.entry(query.to_owned()).or_default().insert(operation_name, known);
    }

    /// Answers `request` (from the public) by its plan, if its document has one.
    pub async fn answer(&self, schema: &WuyeSchema, db: &DatabaseConnection, request: &Request) -> Direct {
        match self.find(request) {
            None => Direct::Declined { learn: true },
            Some(None) => Direct::Declined { learn: false },
            Some(Some(known)) => match run::run(&known.plan, schema, db, &request.variables).await {
                Ok(body) => {
                    if let Some(cost) = Cost::of(request) {
                        cost.0.store(known.cost, std::sync::atomic::Ordering::Relaxed);
                    }
                    Direct::Answered(body)
                }
                Err(_) => Direct::Declined { learn: false },
            },
        }
    }

    /// Learns from the executor's `response` to the public's `request` (its document, operation and variables,
    /// which cost `cost`): plans the document if it can, and keeps the plan if it answers the same.
    pub async fn learn(
        &self,
        schema: &WuyeSchema,
        db: &DatabaseConnection,
        request: &Request,
        cost: usize,
        response: &Response,
    ) {
        if !response.errors.is_empty() {
            return;
        }
        let Ok(document) = async_graphql::parser::parse_query(&request.query) else { return };
        let planned = compile::compile(&request.query, &document, request.operation_name.as_deref());
        let known = match planned {
            None => None,
            Some(plan) => match run::run(&plan, schema, db, &request.variables).await {
                Ok(body) if same_data(&body, response) => Some(Arc::new(Known { plan, cost })),
                Ok(_) => {
                    tracing::warn!("a direct answer differed from the executor's; the document stays with it");
                    None
                }
                // A failed read says nothing of the plan: the next request of the document tries again.
                Err(_) => return,
            },
        };
        self.remember(&request.query, request.operation_name.clone(), known);
    }
}

/// Whether `body` holds the data of `response`, compared as JSON values.
fn same_data(body: &[u8], response: &Response) -> bool {
    let Ok(direct) = serde_json::from_slice::<serde_json::Value>(body) else { return false };
    let Ok(executed) = serde_json::to_value(&response.data) else { return false };
    direct.get("data") == Some(&executed)
}
