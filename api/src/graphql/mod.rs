//! The GraphQL schema: one module per area, merged into one root. Resolvers stay thin: reads go through the
//! per-request loaders or a paged query; writes go through `service`.

pub mod assembly;
pub mod assessment;
pub mod audit;
pub mod batch;
pub mod coded_errors;
pub mod committee;
pub mod complaint;
pub mod complaint_stats;
pub mod compliance;
mod compliance_supervision;
pub mod contract;
pub mod credit;
pub mod credit_profile;
pub mod data_version;
pub mod direct;
pub mod disclosure;
pub mod emergency;
pub mod enforcement;
pub mod enterprise;
pub mod estate;
pub mod field_order;
pub mod fund;
pub mod fund_usage;
pub mod handover;
pub mod hazard;
pub mod hazard_stats;
pub mod ids;
pub mod inspection;
pub mod joint_meeting;
pub mod limits;
pub mod loaders;
pub mod losing_service;
pub mod mutation;
pub mod node;
pub mod pagination;
mod record;
pub mod rectification;
pub mod region;
pub mod scalars;
pub mod search;
pub mod tender;
pub mod viewer;
pub mod vocabulary;
pub mod within;

use crate::domain::RuleViolation;
use crate::domain::disclosure::DueRules;
use crate::error::{Error, Result};
use crate::service::Service;
use async_graphql::{Context, EmptySubscription, ID, MergedObject, Schema};
use entity::record::Record;
use limits::QueryLimits;
use mutation::Mutation;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, Iterable, PrimaryKeyToColumn};

/// 查询 Everything the public can read.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    region::RegionQuery,
    estate::EstateQuery,
    enterprise::EnterpriseQuery,
    credit::CreditQuery,
    credit_profile::CreditRankingQuery,
    assessment::AssessmentQuery,
    disclosure::DisclosureQuery,
    fund::FundQuery,
    fund_usage::FundUsageQuery,
    handover::HandoverQuery,
    emergency::EmergencyQuery,
    compliance::ComplianceQuery,
    complaint::ComplaintQuery,
    complaint_stats::ComplaintStatisticsQuery,
    joint_meeting::JointMeetingQuery,
    inspection::InspectionQuery,
    rectification::RectificationQuery,
    hazard::HazardQuery,
    hazard_stats::HazardStatisticsQuery,
    enforcement::EnforcementQuery,
    tender::TenderQuery,
    assembly::AssemblyQuery,
    search::SearchQuery,
    vocabulary::VocabularyQuery,
    audit::AuditQuery,
);

type Inner = Schema<Query, Mutation, EmptySubscription>;

/// The schema as requests meet it, in two copies. The checker parses and validates each document under the limits,
/// learning its cost, and stops there; the executor runs what passed with no extension in its way. (async-graphql
/// runs every field of a request through each extension's hooks — boxed futures and a type lookup per field —
/// which cost a list of 100 estates a large share of its time.)
#[derive(Clone)]
pub struct WuyeSchema {
    /// `None` for documents wuye writes itself (see [`WuyeSchema::unchecked`]).
    checker: Option<Inner>,
    executor: Inner,
    /// The public's documents answered directly ([`direct`]); `None` with the planned path off.
    plans: Option<std::sync::Arc<direct::Plans>>,
    /// The schema's types, to put answers in the order asked ([`field_order`]).
    types: std::sync::Arc<field_order::Types>,
}

/// The checker's last hook: the document passed, nothing is resolved.
struct CheckOnly;

impl async_graphql::extensions::ExtensionFactory for CheckOnly {
    fn create(&self) -> std::sync::Arc<dyn async_graphql::extensions::Extension> {
        std::sync::Arc::new(CheckOnly)
    }
}

#[async_graphql::async_trait::async_trait]
impl async_graphql::extensions::Extension for CheckOnly {
    async fn execute(
        &self,
        _ctx: &async_graphql::extensions::ExtensionContext<'_>,
        _operation_name: Option<&str>,
        _next: async_graphql::extensions::NextExecute<'_>,
    ) -> async_graphql::Response {
        async_graphql::Response::default()
    }
}

impl WuyeSchema {
    /// The same executor without the checker, for documents wuye writes itself (the open-data downloads: prepared
    /// and validated against the schema at start), which no limit applies to.
    pub fn unchecked(&self) -> WuyeSchema {
        WuyeSchema { checker: None, ..self.clone() }
    }

    /// The same schema with every request answered by the executor (`--direct-answers off`).
    pub fn without_plans(self) -> WuyeSchema {
        WuyeSchema { plans: None, ..self }
    }

    /// Checks `request` (limits, validation, cost into its [`limits::Cost`]); runs it if it passed. Every error
    /// leaves with a code, and the answer in the order asked.
    pub async fn execute(&self, request: impl Into<async_graphql::Request>) -> async_graphql::Response {
        let mut request = request.into();
        if let Some(checker) = &self.checker {
            let mut check = async_graphql::Request::new(request.query.clone()).variables(request.variables.clone());
            if let Some(name) = &request.operation_name {
                check = check.operation_name(name.clone());
            }
            if let Some(cost) = limits::Cost::of(&request).cloned() {
                check = check.data::<limits::Cost>(cost);
            }
            let checked = checker.execute(check).await;
            if !checked.errors.is_empty() {
                return checked;
            }
        }
        let ordering = field_order::Ordering::prepare(&self.types, &mut request);
        let mut response = self.executor.execute(request).await;
        if let Some(ordering) = ordering {
            ordering.apply(&self.types, &mut response.data);
        }
        response.errors = std::mem::take(&mut response.errors).into_iter().map(coded_errors::coded).collect();
        response
    }
}

/// The schema, reading through `service.db()` and writing through `service`, under `limits`.
pub fn build_schema(service: Service, limits: QueryLimits, disclosures: DueRules) -> WuyeSchema {
    let checker = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .extension(limits::Limits(limits))
        .extension(CheckOnly)
        .finish();
    let executor = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(service.db().clone())
        .data(service)
        .data(disclosures)
        // The checker validated the document in full; this pass only computes what execution needs.
        .validation_mode(async_graphql::ValidationMode::Fast)
        .finish();
    let types = std::sync::Arc::new(field_order::Types::from_sdl(&executor.sdl()));
    WuyeSchema { checker: Some(checker), executor, plans: Some(Default::default()), types }
}

/// Runs one request for `actor` (`None`: the public) on `db` (the primary, or the read replica for the public) with
/// fresh loaders, its batches driven in the request's own task. The HTTP endpoint and the open-data downloads both
/// read through here, so they cannot diverge.
pub async fn run(
    schema: &WuyeSchema,
    db: &DatabaseConnection,
    request: async_graphql::Request,
    actor: Option<crate::auth::Actor>,
) -> async_graphql::Response {
    let queue = batch::BatchQueue::default();
    // The request's own database comes before the schema's (async-graphql looks in the request's data first).
    let request = request.data(loaders::Loaders::new(db, &queue)).data(db.clone()).data(viewer::Viewer(actor));
    batch::drive(schema.execute(request), queue).await
}

/// Runs an introspection `document` against `schema` (the readers that draw themselves from the schema: the
/// datasets' dictionary, the workbench's forms); its `__schema`.
pub async fn introspect(schema: &WuyeSchema, document: &str) -> anyhow::Result<serde_json::Value> {
    let response = schema.execute(document).await;
    anyhow::ensure!(response.errors.is_empty(), "introspection failed: {:?}", response.errors);
    Ok(response.data.into_json()?["__schema"].take())
}

/// An answer: the executor's response, or the JSON of a direct answer ([`direct`]).
pub enum Answer {
    Executed(async_graphql::Response),
    Direct(Vec<u8>),
}

impl Answer {
    /// The code of its first error (`ERROR` for one without), `None` when it has none.
    pub fn error_code(&self) -> Option<String> {
        let Answer::Executed(response) = self else { return None };
        let error = response.errors.first()?;
        let code = error.extensions.as_ref().and_then(|x| x.get("code"));
        Some(match code {
            Some(async_graphql::Value::String(code)) => code.clone(),
            _ => "ERROR".to_owned(),
        })
    }
}

/// Answers one request for `actor` (`None`: the public): directly where the public's document has a plan, otherwise
/// by [`run`] (and then the document is learnt from, if it has not been yet).
pub async fn answer(
    schema: &WuyeSchema,
    db: &DatabaseConnection,
    request: async_graphql::Request,
    actor: Option<crate::auth::Actor>,
) -> Answer {
    let Some(plans) = schema.plans.as_ref().filter(|_| actor.is_none()) else {
        return Answer::Executed(run(schema, db, request, actor).await);
    };
    match plans.answer(schema, db, &request).await {
        direct::Direct::Answered(body) => Answer::Direct(body),
        direct::Direct::Declined { learn: false } => Answer::Executed(run(schema, db, request, None).await),
        direct::Direct::Declined { learn: true } => {
            let cost = limits::Cost::of(&request).cloned().unwrap_or_default();
            let mut asked = async_graphql::Request::new(request.query.clone()).variables(request.variables.clone());
            asked.operation_name = request.operation_name.clone();
            let response = run(schema, db, request, None).await;
            plans.learn(schema, db, &asked, cost.get(), &response).await;
            Answer::Executed(response)
        }
    }
}

/// The SDL that `schema.graphql` holds and `wuye schema` prints.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription).finish().sdl()
}

/// The database, for reads.
pub(crate) fn db<'a>(ctx: &Context<'a>) -> &'a DatabaseConnection {
    ctx.data_unchecked::<DatabaseConnection>()
}

/// The write side, for mutations.
pub(crate) fn service<'a>(ctx: &Context<'a>) -> &'a Service {
    ctx.data_unchecked::<Service>()
}

/// The condition picking one record of `E` by global id or by natural key (exactly one of the two); `None` for an id
/// that is not one of `E`'s, which no record has.
pub(crate) fn key_condition<E>(
    id: Option<ID>,
    natural_key: Option<String>,
    natural_key_column: E::Column,
) -> Result<Option<sea_orm::sea_query::SimpleExpr>>
where
    E: EntityTrait,
    E::Model: Record,
{
    match (id, natural_key) {
        (Some(id), None) => {
            let pk = E::PrimaryKey::iter().next().expect("a primary key").into_column();
            Ok(ids::key_of(<E::Model as Record>::KIND, &id).map(|key| pk.eq(key)))
        }
        (None, Some(value)) => Ok(Some(natural_key_column.eq(value))),
        _ => Err(Error::bad_input(
            "id",
            RuleViolation::new(
                "one-key",
                "give either id or the natural key, not both or neither",
                "请只提供 id 或自然键之一",
            ),
        )),
    }
}
