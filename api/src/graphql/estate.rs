//! 小区 Estates and how they are served.

use super::assembly::{AssemblyMeeting, CorrectionOrder, OwnersNotice, PreparatoryGroup, Resolution, notices_of};
use super::committee::Committee;
use super::contract::ServiceContract;
use super::direct::declare::{embedded, listed, many, one, picked};
use super::direct::{Find, List};
use super::disclosure::{self, PublicIncomeDisclosure};
use super::emergency::EmergencyPeriod;
use super::enterprise::Enterprise;
use super::fund::{FundAccount, ReplenishmentPlan};
use super::fund_usage::{self, FundUsage};
use super::handover::{ExitWarning, Handover};
use super::ids::global_id;
use super::inspection::Inspection;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, cap, contains, list_cost, page, select_where};
use super::record::record_object;
use super::rectification::RectificationNotice;
use super::region::{Community, Town};
use super::scalars::{Area, DateTime};
use super::tender::Tender;
use super::{db, within};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{FiveBasicsService, GeoDatum, HousingType, ServiceMode, split_codes};
use entity::{enterprise, estate, service_contract};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::declared;

/// 位置 A point on the map. Coordinates are stored as integer millionths of a degree.
#[declared]
#[derive(SimpleObject)]
pub struct Location {
    /// 纬度 Latitude in degrees.
    latitude: f64,
    /// 经度 Longitude in degrees.
    longitude: f64,
    /// 坐标系 The datum the coordinates are in (always GCJ-02).
    datum: GeoDatum,
}

record_object!(
    /// 小区 A residential estate, its service mode and who serves it.
    Estate(estate::Model)
);

impl Estate {
    /// Its point on the map, if recorded.
    fn location_on_map(&self) -> Option<Location> {
        let (lat, lng) = (self.0.latitude_e6?, self.0.longitude_e6?);
        Some(Location { latitude: f64::from(lat) / 1e6, longitude: f64::from(lng) / 1e6, datum: GeoDatum::Gcj02 })
    }
}

/// 小区 A residential estate, its service mode and who serves it.
#[declared(node)]
#[Object]
impl Estate {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区编码 Code assigned by wuye on creation, never reused.
    async fn code(&self) -> &str;
    /// 名称 Name.
    async fn name(&self) -> &str;
    /// 地址 Address.
    async fn address(&self) -> &str;
    /// 位置 Location on the map (GCJ-02), if recorded.
    #[plan(embedded(Estate::location_on_map))]
    async fn location(&self) -> Option<Location> {
        self.location_on_map()
    }
    /// 房屋类型 Housing type.
    async fn housing_type(&self) -> HousingType;
    /// 服务模式 How the estate is served now.
    async fn service_mode(&self) -> ServiceMode;
    /// 五有服务 The "five basics" services the community provides here.
    async fn five_basics(&self) -> Vec<FiveBasicsService> {
        split_codes(&self.0.five_basics)
    }
    /// 楼栋数 Number of buildings.
    async fn buildings(&self) -> i32;
    /// 总户数 Number of households.
    async fn households(&self) -> i32;
    /// 入住户数 Occupied households, kept by the community.
    async fn occupied_households(&self) -> i32;
    /// 专有部分总面积 Total private floor area (m²).
    async fn private_area(&self) -> Area;
    /// 物业管理用房面积 Management-room area (m²).
    async fn management_room_area(&self) -> Area;
    /// 竣工年份 Year of completion, if known.
    async fn completed_year(&self) -> Option<i32>;
    /// 所属社区 The community it lies in.
    #[plan(one(|e| Some(e.0.id), picked(links, |l| l.community.clone().map(Community))))]
    async fn community(&self, ctx: &Context<'_>) -> Result<Option<Community>> {
        Ok(loaders(ctx).links(self.0.id).await?.community.clone().map(Community))
    }
    /// 所属镇 The town it lies in.
    #[plan(one(|e| Some(e.0.id), picked(links, |l| l.town.clone().map(Town))))]
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        Ok(loaders(ctx).links(self.0.id).await?.town.clone().map(Town))
    }
    /// 现行合同 The open contract (not terminated), if any.
    #[plan(one(|e| Some(e.0.id), picked(links, |l| l.contract.clone().map(ServiceContract))))]
    async fn active_contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        Ok(loaders(ctx).links(self.0.id).await?.contract.clone().map(ServiceContract))
    }
    /// 物业服务企业 The enterprise serving it now, if any.
    #[plan(one(|e| Some(e.0.id), picked(links, |l| l.enterprise.clone().map(Enterprise))))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        Ok(loaders(ctx).links(self.0.id).await?.enterprise.clone().map(Enterprise))
    }
    /// 合同历史 All its contracts, past and present, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.contracts_of_estate, ServiceContract)))]
    async fn contracts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<ServiceContract>> {
        let contracts = loaders(ctx).contracts_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(contracts, first)?.into_iter().map(ServiceContract).collect())
    }
    /// 现任委员会 The active management or owners' committee, if any.
    #[plan(one(|e| Some(e.0.id), picked(links, |l| l.committee.clone().map(Committee))))]
    async fn active_committee(&self, ctx: &Context<'_>) -> Result<Option<Committee>> {
        Ok(loaders(ctx).links(self.0.id).await?.committee.clone().map(Committee))
    }
    /// 委员会历史 All its committees, past and present, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.committees_of_estate, Committee)))]
    async fn committees(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Committee>> {
        let committees = loaders(ctx).committees_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(committees, first)?.into_iter().map(Committee).collect())
    }
    /// 公共收益公示 Its public-income disclosures the viewer may see (published and superseded ones for everyone),
    /// oldest period first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(
        |e| Some(e.0.id),
        listed(|l| &l.disclosures_of_estate, PublicIncomeDisclosure).arranged(disclosure::public_only),
    ))]
    async fn public_income_disclosures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<PublicIncomeDisclosure>> {
        Ok(cap(disclosure::disclosures_of(ctx, self.0.id).await?, first)?)
    }
    /// 专项维修资金账户 Its maintenance fund account, if opened.
    #[plan(one(|e| Some(e.0.id), listed(|l| &l.account_of_estate, FundAccount)))]
    async fn fund_account(&self, ctx: &Context<'_>) -> Result<Option<FundAccount>> {
        let accounts = loaders(ctx).account_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(accounts.into_iter().next().map(FundAccount))
    }
    /// 专项维修资金使用 Its fund usages the viewer may see (from APPROVED on for everyone), oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.usages_of_estate, FundUsage).arranged(fund_usage::public_only)))]
    async fn fund_usages(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<FundUsage>> {
        Ok(cap(fund_usage::usages_of(ctx, self.0.id).await?, first)?)
    }
    /// 续筹方案 Its replenishment plans, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.plans_of_estate, ReplenishmentPlan)))]
    async fn replenishment_plans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<ReplenishmentPlan>> {
        let plans = loaders(ctx).plans_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(plans, first)?.into_iter().map(ReplenishmentPlan).collect())
    }
    /// 退出预警 Exit warnings filed on its contracts, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.exit_warnings_of_estate, ExitWarning)))]
    async fn exit_warnings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<ExitWarning>> {
        let warnings = loaders(ctx).exit_warnings_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(warnings, first)?.into_iter().map(ExitWarning).collect())
    }
    /// 移交 Its handovers, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.handovers_of_estate, Handover)))]
    async fn handovers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Handover>> {
        let handovers = loaders(ctx).handovers_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(handovers, first)?.into_iter().map(Handover).collect())
    }
    /// 应急管理 Its periods of emergency management, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.emergency_periods_of_estate, EmergencyPeriod)))]
    async fn emergency_periods(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<EmergencyPeriod>> {
        let periods = loaders(ctx).emergency_periods_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(periods, first)?.into_iter().map(EmergencyPeriod).collect())
    }
    /// 巡查检查 Its inspections, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.inspections_of_estate, Inspection)))]
    async fn inspections(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Inspection>> {
        let inspections = loaders(ctx).inspections_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(inspections, first)?.into_iter().map(Inspection).collect())
    }
    /// 筹备组 The preparatory groups of its first assembly meeting, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.preparatory_groups_of_estate, PreparatoryGroup)))]
    async fn preparatory_groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<PreparatoryGroup>> {
        let groups = loaders(ctx).preparatory_groups_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(groups, first)?.into_iter().map(PreparatoryGroup).collect())
    }
    /// 业主大会会议 Its owners' assembly meetings, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.meetings_of_estate, AssemblyMeeting)))]
    async fn assembly_meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<AssemblyMeeting>> {
        let meetings = loaders(ctx).meetings_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(meetings, first)?.into_iter().map(AssemblyMeeting).collect())
    }
    /// 业主大会决定 The resolutions of its owners' assembly, oldest meeting first, each in the agenda's order.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.resolutions_of_estate, Resolution)))]
    async fn resolutions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Resolution>> {
        let resolutions = loaders(ctx).resolutions_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(resolutions, first)?.into_iter().map(Resolution).collect())
    }
    /// 业主通告 Notices to all its owners (county policy 四(二)6: corrections ordered, decisions revoked), the
    /// latest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn notices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<OwnersNotice>> {
        let orders = loaders(ctx).correction_orders_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        let mut notices: Vec<OwnersNotice> = orders.iter().flat_map(notices_of).collect();
        notices.reverse();
        notices.sort_by_key(|n| std::cmp::Reverse(n.day()));
        Ok(cap(notices, first)?)
    }
    /// 责令改正 The correction orders and revocations given about it, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.correction_orders_of_estate, CorrectionOrder)))]
    async fn correction_orders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<CorrectionOrder>> {
        let orders = loaders(ctx).correction_orders_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(orders, first)?.into_iter().map(CorrectionOrder).collect())
    }
    /// 招标 Its tenders, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.tenders_of_estate, Tender)))]
    async fn tenders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Tender>> {
        let tenders = loaders(ctx).tenders_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(tenders, first)?.into_iter().map(Tender).collect())
    }
    /// 整改通知 The rectification notices issued about it, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.notices_of_estate, RectificationNotice)))]
    async fn rectification_notices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<RectificationNotice>> {
        let notices = loaders(ctx).notices_of_estate.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(notices, first)?.into_iter().map(RectificationNotice).collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// An estate's links, read once for every link a selection follows.
fn links(loaders: &super::loaders::Loaders) -> &async_graphql::dataloader::DataLoader<super::loaders::EstateLinksOf> {
    &loaders.links_of_estate
}

/// 小区筛选 Which estates to list; all given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct EstateFilter {
    /// 小区编码 Only the estate of this code (a page's or a download's one estate).
    pub code: Option<String>,
    /// 县代码 Only estates in this county (a province's deployment holds many).
    pub county_code: Option<String>,
    /// 镇代码 Only estates in this town.
    pub town_code: Option<String>,
    /// 社区代码 Only estates in this community.
    pub community_code: Option<String>,
    /// 服务模式 Only estates served this way.
    pub service_mode: Option<ServiceMode>,
    /// 房屋类型 Only estates of this housing type.
    pub housing_type: Option<HousingType>,
    /// 名称包含 Only names containing this text.
    pub name_contains: Option<String>,
    /// 企业信用代码 Only estates this enterprise serves now.
    pub enterprise_credit_code: Option<String>,
}

/// 小区排序字段 What estates are ordered by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EstateOrderField {
    /// 按名称拼音 By name, in pinyin order
    #[default]
    Name,
    /// 按编码 By code (the order of creation within a county)
    Code,
}

/// 小区排序 Order of a list of estates.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct EstateOrder {
    /// 排序字段 Field to order by.
    #[graphql(default)]
    pub field: EstateOrderField,
    /// 方向 Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// The estates `filter` lets through, in `order`: the query under `estates` (and under its direct answers).
pub fn listing(
    filter: EstateFilter,
    order: EstateOrder,
) -> (sea_orm::Select<estate::Entity>, Ordering<estate::Entity>) {
    let mut query = estate::Entity::find();
    if let Some(code) = filter.code {
        query = query.filter(estate::Column::Code.eq(code.trim()));
    }
    if let Some(code) = filter.community_code {
        query = query.filter(estate::Column::CommunityId.in_subquery(within::communities(vec![code])));
    }
    if let Some(code) = filter.county_code {
        query = query.filter(estate::Column::CommunityId.in_subquery(within::communities_of_counties(vec![code])));
    }
    if let Some(code) = filter.town_code {
        query = query.filter(estate::Column::CommunityId.in_subquery(within::communities_of_towns(vec![code])));
    }
    if let Some(mode) = filter.service_mode {
        query = query.filter(estate::Column::ServiceMode.eq(mode));
    }
    if let Some(kind) = filter.housing_type {
        query = query.filter(estate::Column::HousingType.eq(kind));
    }
    if let Some(text) = filter.name_contains {
        query = query.filter(contains(estate::Column::Name, &text));
    }
    if let Some(code) = filter.enterprise_credit_code {
        let enterprises = select_where::<enterprise::Entity>(
            enterprise::Column::Id,
            enterprise::Column::CreditCode.eq(code.trim().to_ascii_uppercase()),
        );
        let served = select_where::<service_contract::Entity>(
            service_contract::Column::EstateId,
            Condition::all()
                .add(service_contract::is_open())
                .add(service_contract::Column::EnterpriseId.in_subquery(enterprises)),
        );
        query = query.filter(estate::Column::Id.in_subquery(served));
    }
    let key = match order.field {
        EstateOrderField::Name => estate::Column::NameSort,
        EstateOrderField::Code => estate::Column::Code,
    };
    (query, Ordering::new(key, estate::Column::Id, order.direction))
}

/// `estates(…)`: a page of the estates `filter` lets through, in `order` (the resolver's and the plans' read).
pub const LIST: List<Estate, (EstateFilter, EstateOrder)> = List::new(|db, first, after, (filter, order)| {
    Box::pin(async move {
        let (query, ordering) = listing(filter, order);
        page(db, query, ordering, first, after).await
    })
});

/// `estate(id:, code:)`.
pub const BY_KEY: Find<estate::Entity> =
    Find { key: "code", column: estate::Column::Code, normalize: super::region::same };

/// Queries over estates.
#[derive(Default)]
pub struct EstateQuery;

#[declared(roots)]
#[Object]
impl EstateQuery {
    /// 小区列表 Estates.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn estates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<EstateFilter>,
        #[graphql(desc = "排序 Order")] order_by: Option<EstateOrder>,
    ) -> Result<Page<Estate>> {
        Ok((LIST.read)(db(ctx), first, after, (filter.unwrap_or_default(), order_by.unwrap_or_default())).await?)
    }

    /// 小区 One estate, by global id or by its code.
    #[plan(BY_KEY.of::<Estate>())]
    async fn estate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识 Global id")] id: Option<ID>,
        #[graphql(desc = "小区编码 Estate code, e.g. XQ3406210001")] code: Option<String>,
    ) -> Result<Option<Estate>> {
        Ok(BY_KEY.find(db(ctx), id, code).await?.map(Estate))
    }
}
