//! 查处案件 The county's enforcement cases: staff-only while under investigation and until published (county staff
//! over the county; the enterprise itself once decided), public once the decision is published. Whether a decision
//! is overdue for publication (7 working days, the 双公示 rule) is derived from today.

use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime, Money};
use super::viewer::{place_of_estate, viewer};
use super::{db, within};
use crate::auth::{Role, Tier};
use crate::domain::calendar::today;
use crate::domain::enforcement::{not_published_in_time, publication_due, publication_overdue};
use crate::domain::fixed_point;
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{CaseDecision, CaseOrigin, CaseStatus};
use entity::{enforcement_case, enforcement_case_estate, enterprise, estate};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::columns;

record_object!(
    /// 查处案件 The county's case against an enterprise.
    EnforcementCase(enforcement_case::Model)
);

/// Whether the viewer may read `case`: everyone once published; before, county staff over its estates, and the
/// enterprise itself once it is decided.
pub async fn sees_case(ctx: &Context<'_>, case: &enforcement_case::Model) -> Result<bool, Error> {
    if case.status == CaseStatus::Published {
        return Ok(true);
    }
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    if actor.role == Role::Enterprise {
        let enterprise = loaders(ctx).one::<enterprise::Entity>(case.enterprise_id).await?;
        return Ok(
            case.status == CaseStatus::Decided && enterprise.is_some_and(|e| actor.is_enterprise(&e.credit_code))
        );
    }
    let estates = loaders(ctx).estates_of_case.load_one(case.id).await?.unwrap_or_default();
    let Some(first) = estates.first() else { return Ok(false) };
    Ok(actor.supervises(Tier::County, &place_of_estate(ctx, first.estate_id).await?))
}

/// 查处案件 The county's case against an enterprise (county policy 四(一)2).
#[columns]
#[Object]
impl EnforcementCase {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 案号 wuye's number of the case.
    async fn number(&self) -> &str;
    /// 企业 The enterprise it is against.
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        Ok(loaders(ctx).one::<enterprise::Entity>(self.0.enterprise_id).await?.map(Enterprise))
    }
    /// 涉及小区 The estates it concerns.
    async fn estates(&self, ctx: &Context<'_>) -> Result<Vec<Estate>> {
        let loaders = loaders(ctx);
        let links = loaders.estates_of_case.load_one(self.0.id).await?.unwrap_or_default();
        let mut estates = loaders.many::<estate::Entity>(links.iter().map(|l| l.estate_id)).await?;
        Ok(links.iter().filter_map(|l| estates.remove(&l.estate_id)).map(Estate).collect())
    }
    /// 违法事实 The facts.
    async fn facts(&self) -> &str;
    /// 依据 The legal basis.
    async fn legal_basis(&self) -> &str;
    /// 案件来源 Where it came from.
    async fn origin(&self) -> CaseOrigin;
    /// 立案日期 Day it was opened.
    async fn opened_on(&self) -> Date;
    /// 状态 Where it stands.
    async fn status(&self) -> CaseStatus;
    /// 处理决定 What was decided.
    async fn decision(&self) -> Option<CaseDecision>;
    /// 罚款金额 The fine, for a FINE.
    async fn fine(&self) -> Option<Money> {
        self.0.fine.map(|f| Money(fixed_point::Money(f)))
    }
    /// 决定书文号 The decision document's number.
    async fn decision_number(&self) -> Option<&str>;
    /// 决定日期 Day of the decision.
    async fn decided_on(&self) -> Option<Date>;
    /// 决定内容 What the decision says.
    async fn decision_summary(&self) -> Option<&str>;
    /// 应公示日期 The last day to publish the decision: the 7th working day after it was made.
    async fn publication_due_on(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        let Some(decided_on) = self.0.decided_on else { return Ok(None) };
        let rules = loaders(ctx).complaint_rules().await?;
        Ok(Some(Date(publication_due(decided_on, &rules.calendar))))
    }
    /// 公示日期 Day the decision was published.
    async fn published_on(&self) -> Option<Date>;
    /// 逾期未公示 Decided, not published, and past the day it was due.
    async fn is_publication_overdue(&self, ctx: &Context<'_>) -> Result<bool> {
        let rules = loaders(ctx).complaint_rules().await?;
        Ok(publication_overdue(self.0.status, self.0.decided_on, today(), &rules.calendar))
    }
    /// 未按时公示 Published after the day it was due, or still unpublished past it.
    async fn published_late(&self, ctx: &Context<'_>) -> Result<bool> {
        let rules = loaders(ctx).complaint_rules().await?;
        let c = &self.0;
        Ok(not_published_in_time(c.status, c.decided_on, c.published_on, today(), &rules.calendar))
    }
    /// 版本 Version, raised by every step (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 查处案件筛选 Which cases to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct EnforcementCaseFilter {
    /// 企业信用代码 Only against this enterprise.
    enterprise_credit_code: Option<String>,
    /// 镇代码 Only concerning estates of this town.
    town_code: Option<String>,
    /// 小区编码 Only concerning this estate.
    estate_code: Option<String>,
    /// 处理决定 Only with this decision.
    decision: Option<CaseDecision>,
    /// 状态 Only in this status (the public reads PUBLISHED ones only).
    status: Option<CaseStatus>,
}

/// Queries over enforcement cases.
#[derive(Default)]
pub struct EnforcementQuery;

#[Object]
impl EnforcementQuery {
    /// 查处案件 Enforcement cases the viewer may read, the latest opened first: published decisions for everyone;
    /// every case of their county for county staff; an enterprise also its own decided cases.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn enforcement_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<EnforcementCaseFilter>,
    ) -> Result<Page<EnforcementCase>> {
        use enforcement_case::Column;
        let published = Condition::all().add(Column::Status.eq(CaseStatus::Published));
        let cases_of = |estates| {
            select_where::<enforcement_case_estate::Entity>(
                enforcement_case_estate::Column::CaseId,
                enforcement_case_estate::Column::EstateId.in_subquery(estates),
            )
        };
        let visible = match viewer(ctx) {
            Some(actor) if matches!(actor.role, Role::County | Role::System) => Condition::any()
                .add(published)
                .add(Column::Id.in_subquery(cases_of(within::estates_of_counties(actor.scope.codes().to_vec())))),
            Some(actor) if actor.role == Role::Enterprise => {
                let own = select_where::<enterprise::Entity>(
                    enterprise::Column::Id,
                    enterprise::Column::CreditCode.is_in(actor.scope.codes().to_vec()),
                );
                Condition::any().add(published).add(
                    Condition::all()
                        .add(Column::Status.eq(CaseStatus::Decided))
                        .add(Column::EnterpriseId.in_subquery(own)),
                )
            }
            _ => published,
        };
        let mut query = enforcement_case::Entity::find().filter(visible);
        let filter = filter.unwrap_or_default();
        if let Some(code) = filter.enterprise_credit_code {
            let enterprises =
                select_where::<enterprise::Entity>(enterprise::Column::Id, enterprise::Column::CreditCode.eq(code));
            query = query.filter(Column::EnterpriseId.in_subquery(enterprises));
        }
        if let Some(code) = filter.town_code {
            query = query.filter(Column::Id.in_subquery(cases_of(within::estates_of_towns(vec![code]))));
        }
        if let Some(code) = filter.estate_code {
            query = query.filter(Column::Id.in_subquery(cases_of(within::estates(vec![code]))));
        }
        if let Some(decision) = filter.decision {
            query = query.filter(Column::Decision.eq(decision));
        }
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        let ordering = Ordering::by_id(Column::Id, OrderDirection::Desc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }
}
