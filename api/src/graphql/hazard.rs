//! 违法违规行为及隐患报告 Hazard reports, for staff only: the town over the estate (and the county and community above
//! and below it), the estate's committee, and the enterprise that reported. The public reads `hazardStatistics`.

use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, TotalCount, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::{place_of_estate, viewer};
use super::{db, within};
use crate::auth::Role;
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{Department, HazardCategory, HazardReporter, HazardStatus};
use entity::{enterprise, estate, hazard_report};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::columns;

record_object!(
    /// 违法违规及隐患报告 A report of a violation or hazard in an estate (staff only).
    HazardReport(hazard_report::Model)
);

/// Whether the viewer may read `report`: staff over its estate, its committee, or the enterprise that reported it.
pub async fn sees_hazard_report(ctx: &Context<'_>, report: &hazard_report::Model) -> Result<bool, Error> {
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    if actor.covers(&place_of_estate(ctx, report.estate_id).await?) {
        return Ok(true);
    }
    let Some(id) = report.reporter_enterprise_id.filter(|_| actor.role == Role::Enterprise) else { return Ok(false) };
    Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.is_some_and(|e| actor.is_enterprise(&e.credit_code)))
}

/// 违法违规及隐患报告 A report of a violation or hazard in an estate (county policy 四(四)5), for staff only.
#[columns]
#[Object]
impl HazardReport {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 报告人 Who reported.
    async fn reporter(&self) -> HazardReporter;
    /// 报告企业 The enterprise that reported, when one did.
    async fn reporter_enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.reporter_enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 类别 What kind of violation or hazard.
    async fn category(&self) -> HazardCategory;
    /// 位置 Where in the estate.
    async fn location(&self) -> &str;
    /// 制止措施 What the reporter did to stop it.
    async fn action_taken(&self) -> &str;
    /// 情况描述 What was found.
    async fn description(&self) -> &str;
    /// 报告日期 Day it was reported.
    async fn reported_on(&self) -> Date;
    /// 状态 Where it stands.
    async fn status(&self) -> HazardStatus;
    /// 受理日期 Day the town acknowledged it.
    async fn acknowledged_on(&self) -> Option<Date>;
    /// 移交日期 Day the town (last) referred it.
    async fn referred_on(&self) -> Option<Date>;
    /// 主管部门 The department it was referred to.
    async fn department(&self) -> Option<Department>;
    /// 部门名称 The department's own name.
    async fn department_name(&self) -> Option<&str>;
    /// 移交说明 What the town asked of the department.
    async fn referral_note(&self) -> Option<&str>;
    /// 办结日期 Day it was closed.
    async fn closed_on(&self) -> Option<Date>;
    /// 处理结果 The outcome.
    async fn outcome(&self) -> Option<&str>;
    /// 版本 Version, raised by every step (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 隐患报告筛选 Which reports to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct HazardReportFilter {
    /// 镇代码 Only about estates of this town.
    town_code: Option<String>,
    /// 小区编码 Only about this estate.
    estate_code: Option<String>,
    /// 类别 Only of this category.
    category: Option<HazardCategory>,
    /// 状态 Only in this status.
    status: Option<HazardStatus>,
}

/// Queries over hazard reports.
#[derive(Default)]
pub struct HazardQuery;

#[Object]
impl HazardQuery {
    /// 隐患报告 Hazard reports within your scope, the latest first (staff only: the public gets an empty list and
    /// reads `hazardStatistics` instead). An enterprise sees the reports it filed.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn hazard_reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<HazardReportFilter>,
    ) -> Result<Page<HazardReport>> {
        let Some(actor) = viewer(ctx) else {
            return Ok(Page::with_additional_fields(false, false, TotalCount::known(0)));
        };
        let estate = hazard_report::Column::EstateId;
        let in_scope = match within::estates_in_scope(actor) {
            Some(estates) => Condition::all().add(estate.in_subquery(estates)),
            None => {
                let codes = actor.scope.codes().to_vec();
                let enterprises = select_where::<enterprise::Entity>(
                    enterprise::Column::Id,
                    enterprise::Column::CreditCode.is_in(codes),
                );
                Condition::all().add(hazard_report::Column::ReporterEnterpriseId.in_subquery(enterprises))
            }
        };
        let mut query = hazard_report::Entity::find().filter(in_scope);
        let filter = filter.unwrap_or_default();
        query = query.filter(within::estate_filter(estate, filter.town_code, filter.estate_code));
        if let Some(category) = filter.category {
            query = query.filter(hazard_report::Column::Category.eq(category));
        }
        if let Some(status) = filter.status {
            query = query.filter(hazard_report::Column::Status.eq(status));
        }
        let ordering = Ordering::by_id(hazard_report::Column::Id, OrderDirection::Desc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }
}
