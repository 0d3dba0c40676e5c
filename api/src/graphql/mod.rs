//! The GraphQL schema: one module per area, merged into one root. Resolvers stay thin: reads go through the
//! per-request loaders or a paged query; writes go through `service`.

pub mod assessment;
pub mod audit;
pub mod batch;
pub mod coded_errors;
pub mod committee;
pub mod complaint;
pub mod complaint_stats;
pub mod compliance;
pub mod contract;
pub mod credit;
pub mod credit_profile;
pub mod disclosure;
pub mod emergency;
pub mod enterprise;
pub mod estate;
pub mod fund;
pub mod handover;
pub mod ids;
pub mod joint_meeting;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod node;
pub mod pagination;
pub mod region;
pub mod scalars;
pub mod search;
pub mod viewer;
pub mod vocabulary;
pub mod within;

use crate::config::{DisclosureRules, QueryLimits};
use crate::domain::RuleViolation;
use crate::error::{Error, Result};
use crate::service::Service;
use async_graphql::{Context, EmptySubscription, ID, MergedObject, Schema};
use entity::record::Record;
use mutation::Mutation;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, Iterable, PrimaryKeyToColumn, QueryFilter};

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
    compliance::ComplianceQuery,
    complaint::ComplaintQuery,
    complaint_stats::ComplaintStatisticsQuery,
    joint_meeting::JointMeetingQuery,
    search::SearchQuery,
    vocabulary::VocabularyQuery,
    audit::AuditQuery,
);

pub type WuyeSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema, reading through `service.db()` and writing through `service`, under `limits`.
pub fn build_schema(service: Service, limits: QueryLimits, disclosures: DisclosureRules) -> WuyeSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .data(service.db().clone())
        .data(service)
        .data(disclosures)
        .extension(limits::Limits(limits))
        .extension(coded_errors::CodedErrors)
        .finish()
}

/// Runs one request for `actor` (`None`: the public) with fresh loaders, its batches driven in the request's own
/// task. The HTTP endpoint and the open-data downloads both read through here, so they cannot diverge.
pub async fn run(
    schema: &WuyeSchema,
    db: &DatabaseConnection,
    request: async_graphql::Request,
    actor: Option<crate::auth::Actor>,
) -> async_graphql::Response {
    let queue = batch::BatchQueue::default();
    let request = request.data(loaders::Loaders::new(db, &queue)).data(viewer::Viewer(actor));
    batch::drive(schema.execute(request), queue).await
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

/// One record of `E` by global id or by natural key (exactly one of the two); `None` when there is none.
pub(crate) async fn find_one<E>(
    ctx: &Context<'_>,
    id: Option<ID>,
    natural_key: Option<String>,
    natural_key_column: E::Column,
) -> Result<Option<E::Model>>
where
    E: EntityTrait,
    E::Model: Record,
{
    let query = match (id, natural_key) {
        (Some(id), None) => {
            let Some(key) = ids::key_of(<E::Model as Record>::KIND, &id) else { return Ok(None) };
            let pk = E::PrimaryKey::iter().next().expect("a primary key").into_column();
            E::find().filter(pk.eq(key))
        }
        (None, Some(value)) => E::find().filter(natural_key_column.eq(value)),
        _ => {
            return Err(Error::bad_input(
                "id",
                RuleViolation::new(
                    "one-key",
                    "give either id or the natural key, not both or neither",
                    "请只提供 id 或自然键之一",
                ),
            ));
        }
    };
    Ok(query.one(db(ctx)).await?)
}
