//! 应急管理 Periods of emergency management of estates left without service.

use super::direct::List;
use super::direct::declare::{embedded, one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::record::record_object;
use super::scalars::{Date, DateTime, Money};
use super::{db, within};
use crate::domain::calendar::today;
use crate::domain::lifecycle::{emergency_last_day, emergency_ran_past_six_months};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{EmergencyPlannedEnd, EmergencyProvider, EmergencyStatus, FiveBasicsService, split_codes};
use entity::{emergency_period, enterprise, estate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 应急管理 A period of emergency management: at most six months with its extensions (county policy 五(四)).
    EmergencyPeriod(emergency_period::Model)
);

impl EmergencyPeriod {
    /// Its temporary management plan, once approved with one.
    fn temporary_plan(&self) -> Option<TemporaryManagementPlan> {
        let p = &self.0;
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        p.plan_planned_end.map(|planned_end| TemporaryManagementPlan {
            town_role: text(&p.plan_town_role),
            community_role: text(&p.plan_community_role),
            committee_role: text(&p.plan_committee_role),
            provider_role: text(&p.plan_provider_role),
            fee_collection: text(&p.plan_fee_collection),
            planned_end,
        })
    }
}

/// 应急管理 A period of emergency management: at most six months with its extensions (county policy 五(四)).
#[declared(node)]
#[Object]
impl EmergencyPeriod {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|p| Some(p.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 状态 Status: APPLIED → ACTIVE (town approves) or REJECTED → ENDED.
    async fn status(&self) -> EmergencyStatus;
    /// 服务提供方 Who provides it.
    async fn provider(&self) -> EmergencyProvider;
    /// 服务企业 The enterprise providing it, when an enterprise does.
    #[plan(one(|p| p.0.provider_enterprise_id, record(Enterprise)))]
    async fn provider_enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.provider_enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 服务内容 The services provided (at least cleaning and order).
    async fn services(&self) -> Vec<FiveBasicsService> {
        split_codes(&self.0.services)
    }
    /// 收费标准 Fee per m² of private area per month (CNY), borne by all owners.
    async fn fee_per_square_meter_month(&self) -> Money {
        Money::stored(self.0.fee_per_m2_month)
    }
    /// 开始日期 First day.
    async fn start_on(&self) -> Date;
    /// 结束日期 Last day, extensions included.
    async fn end_on(&self) -> Date;
    /// 应急管理起始日 The first day of the vacancy it belongs to: the start of the first of the back-to-back periods
    /// since the estate was last served otherwise (by contract, by its owners or by the five basics).
    async fn vacancy_start_on(&self) -> Date {
        Date(self.0.vacancy_start())
    }
    /// 最迟结束日期 The last day it may last: six months from the vacancy's first day, counted as the Civil Code
    /// counts a period (arts. 201–202: to the corresponding day of the sixth month, or that month's last day).
    async fn latest_end_on(&self) -> Date {
        Date(emergency_last_day(self.0.vacancy_start()))
    }
    /// 是否超过六个月 Whether it ran past the vacancy's six months (should never be true).
    async fn ran_past_six_months(&self) -> bool {
        emergency_ran_past_six_months(self.0.status, self.0.vacancy_start(), self.0.ended_on, today())
    }
    /// 申请日期 Day it was applied for.
    async fn applied_on(&self) -> Date;
    /// 批准日期 Day the town approved it.
    async fn approved_on(&self) -> Option<Date>;
    /// 实际结束日期 Day it actually ended.
    async fn ended_on(&self) -> Option<Date>;
    /// 原因 Why it was rejected or ended.
    async fn reason(&self) -> Option<&str>;
    /// 临时管理方案 The temporary management plan the town approved it with (county policy 五(四)); null before
    /// approval, and on periods approved before plans were recorded.
    #[plan(embedded(EmergencyPeriod::temporary_plan))]
    async fn plan(&self) -> Option<TemporaryManagementPlan> {
        self.temporary_plan()
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 临时管理方案 Who does what while an estate is under emergency management, how its fee is collected, and how the
/// vacancy is meant to end (county policy 五(四): 确定各方职能，制定临时管理方案). The services and the fee are the
/// period's own. The town writes it with its approval (`TemporaryManagementPlanInput`, the same fields).
#[declared]
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "TemporaryManagementPlanInput")]
pub struct TemporaryManagementPlan {
    /// 镇（园区）职责 What the town does.
    pub town_role: String,
    /// 社区职责 What the community does.
    pub community_role: String,
    /// 业委会（物管会）职责 What the owners' or management committee does.
    pub committee_role: String,
    /// 服务提供方职责 What the provider does.
    pub provider_role: String,
    /// 费用收取方式 How the fee is collected.
    pub fee_collection: String,
    /// 预定去向 How the vacancy is meant to end.
    pub planned_end: EmergencyPlannedEnd,
}

/// 应急管理筛选 Which periods to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct EmergencyPeriodFilter {
    /// 镇代码 Only of estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only of estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only of this estate.
    estate_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<EmergencyStatus>,
}

/// The list of emergency periods across estates.
#[derive(Default)]
pub struct EmergencyQuery;

#[declared(roots)]
#[Object]
impl EmergencyQuery {
    /// 应急管理 Periods of emergency management, from application on, the latest applied for first (public).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(PERIODS)]
    async fn emergency_periods(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<EmergencyPeriodFilter>,
    ) -> Result<Page<EmergencyPeriod>> {
        Ok((PERIODS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `emergencyPeriods`, for everyone alike.
pub const PERIODS: List<EmergencyPeriod, (EmergencyPeriodFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use emergency_period::Column;
        let mut query = emergency_period::Entity::find()
            .filter(within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code))
            .filter(within::community_filter(Column::EstateId, filter.community_code));
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
    })
});
