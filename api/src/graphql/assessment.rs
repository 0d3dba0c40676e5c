//! 考核评比 Assessment rounds and their results. The public sees published rounds; a draft is for the staff who run
//! it (the town of a town round, the county).

use super::db;
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page, select_where};
use super::record::record_object;
use super::region::Town;
use super::scalars::{Date, DateTime, Score};
use super::viewer::viewer;
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::fixed_point;
use crate::domain::ranking::ranks;
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result, Union};
use entity::vocab::{AssessmentLevel, AssessmentStatus, AssessmentSubjectKind, Plaque};
use entity::{assessment_result, assessment_round, county, enterprise, estate, town};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::columns;

/// Where a round lies, from the codes of its county and town.
async fn place_of(ctx: &Context<'_>, round: &assessment_round::Model) -> Result<Place, Error> {
    let loaders = loaders(ctx);
    let county = loaders.one::<county::Entity>(round.county_id).await?.map(|c| c.code);
    let town = match round.town_id {
        Some(id) => loaders.one::<town::Entity>(id).await?.map(|t| t.code),
        None => None,
    };
    Ok(Place { county, town, ..Place::default() })
}

/// Whether the viewer sees `round`: anyone once published; a draft, the staff over it.
pub async fn sees_round(ctx: &Context<'_>, round: &assessment_round::Model) -> Result<bool, Error> {
    if round.status == AssessmentStatus::Published {
        return Ok(true);
    }
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    Ok(actor.supervises(Tier::Town, &place_of(ctx, round).await?))
}

record_object!(
    /// 考核评比 A round of assessment.
    AssessmentRound(assessment_round::Model)
);

/// 考核评比 A round of assessment (考核、评比、挂牌) of enterprises, estates or service centres, with its results.
#[columns]
#[Object]
impl AssessmentRound {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 名称 Name.
    async fn name(&self) -> &str;
    /// 考核期间开始 First day of the period assessed.
    async fn period_start(&self) -> Date;
    /// 考核期间结束 Last day of the period assessed.
    async fn period_end(&self) -> Date;
    /// 层级 County or town level.
    async fn level(&self) -> AssessmentLevel;
    /// 考核对象类型 What it rates.
    async fn subject_kind(&self) -> AssessmentSubjectKind;
    /// 组织镇 The town that runs a town-level round.
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        let Some(town_id) = self.0.town_id else { return Ok(None) };
        Ok(loaders(ctx).one::<town::Entity>(town_id).await?.map(Town))
    }
    /// 状态 Draft or published.
    async fn status(&self) -> AssessmentStatus;
    /// 发布日期 Day it was published.
    async fn published_on(&self) -> Option<Date>;
    /// 结果 Its results, best first; equal scores share a rank.
    async fn results(&self, ctx: &Context<'_>) -> Result<Vec<AssessmentResult>> {
        let mut results = loaders(ctx).results_of_round.load_one(self.0.id).await?.unwrap_or_default();
        results.sort_by(|a, b| b.score.cmp(&a.score).then(a.subject_id.cmp(&b.subject_id)));
        let scores: Vec<i64> = results.iter().map(|r| r.score).collect();
        let kind = self.0.subject_kind;
        Ok(results
            .into_iter()
            .zip(ranks(&scores))
            .map(|(result, rank)| AssessmentResult { result, rank, kind })
            .collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 考核对象 What a result rates: an enterprise, an estate, or a town's property service centre (the town).
#[derive(Union)]
pub enum AssessmentSubject {
    Enterprise(Enterprise),
    Estate(Estate),
    Town(Town),
}

/// 考核结果 One subject's result in a round.
pub struct AssessmentResult {
    result: assessment_result::Model,
    rank: u32,
    kind: AssessmentSubjectKind,
}

/// 考核结果 One subject's result in a round: score, rank, plaque and measures.
#[Object]
impl AssessmentResult {
    /// 考核对象 The enterprise, estate or town (for its service centre) rated.
    async fn subject(&self, ctx: &Context<'_>) -> Result<Option<AssessmentSubject>> {
        let loaders = loaders(ctx);
        let id = self.result.subject_id;
        Ok(match self.kind {
            AssessmentSubjectKind::Enterprise => {
                loaders.one::<enterprise::Entity>(id).await?.map(|m| AssessmentSubject::Enterprise(Enterprise(m)))
            }
            AssessmentSubjectKind::Estate => {
                loaders.one::<estate::Entity>(id).await?.map(|m| AssessmentSubject::Estate(Estate(m)))
            }
            AssessmentSubjectKind::ServiceCenter => {
                loaders.one::<town::Entity>(id).await?.map(|m| AssessmentSubject::Town(Town(m)))
            }
        })
    }
    /// 分数 Score, 0 to 100.
    async fn score(&self) -> Score {
        Score(fixed_point::Score(self.result.score))
    }
    /// 名次 Rank in the round; equal scores share a rank.
    async fn rank(&self) -> u32 {
        self.rank
    }
    /// 挂牌 The plaque awarded.
    async fn plaque(&self) -> Plaque {
        self.result.plaque
    }
    /// 奖惩措施 Rewards or penalties decided with the result.
    async fn measures(&self) -> Option<&str> {
        self.result.measures.as_deref()
    }
}

/// 考核评比筛选 Which rounds to list.
#[derive(InputObject, Default)]
pub struct AssessmentRoundFilter {
    /// 层级 Only rounds of this level.
    level: Option<AssessmentLevel>,
    /// 考核对象类型 Only rounds rating this kind of subject.
    subject_kind: Option<AssessmentSubjectKind>,
    /// 状态 Only rounds in this status (drafts only for the staff who see them).
    status: Option<AssessmentStatus>,
    /// 镇代码 Only the rounds of this town.
    town_code: Option<String>,
}

/// The drafts `actor` sees: the county's rounds for county staff, a town's rounds for its staff.
fn drafts_seen_by(actor: Option<&Actor>) -> Condition {
    let draft = assessment_round::Column::Status.eq(AssessmentStatus::Draft);
    match actor.map(|a| (a.role, a.scope.codes().to_vec())) {
        Some((Role::County | Role::System, codes)) => {
            Condition::all().add(draft).add(assessment_round::Column::CountyId.in_subquery(select_where::<
                county::Entity,
            >(
                county::Column::Id,
                county::Column::Code.is_in(codes),
            )))
        }
        Some((Role::Town, codes)) => Condition::all().add(draft).add(
            assessment_round::Column::TownId
                .in_subquery(select_where::<town::Entity>(town::Column::Id, town::Column::Code.is_in(codes))),
        ),
        _ => Condition::all().add(sea_orm::sea_query::Expr::value(false)),
    }
}

/// Queries over assessment rounds.
#[derive(Default)]
pub struct AssessmentQuery;

#[Object]
impl AssessmentQuery {
    /// 考核评比 Assessment rounds, newest first: published ones for everyone, drafts for the staff who run them.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn assessment_rounds(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<AssessmentRoundFilter>,
    ) -> Result<Page<AssessmentRound>> {
        let filter = filter.unwrap_or_default();
        let visible = Condition::any()
            .add(assessment_round::Column::Status.eq(AssessmentStatus::Published))
            .add(drafts_seen_by(viewer(ctx)));
        let mut query = assessment_round::Entity::find().filter(visible);
        if let Some(level) = filter.level {
            query = query.filter(assessment_round::Column::Level.eq(level));
        }
        if let Some(kind) = filter.subject_kind {
            query = query.filter(assessment_round::Column::SubjectKind.eq(kind));
        }
        if let Some(status) = filter.status {
            query = query.filter(assessment_round::Column::Status.eq(status));
        }
        if let Some(code) = filter.town_code {
            let towns = select_where::<town::Entity>(town::Column::Id, town::Column::Code.eq(code));
            query = query.filter(assessment_round::Column::TownId.in_subquery(towns));
        }
        let ordering = Ordering::by_id(assessment_round::Column::Id, OrderDirection::Desc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }
}
