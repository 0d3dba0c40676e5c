//! 行政区划 Counties, towns (with their service centres) and communities.

use super::db;
use super::direct::declare::{Decl, listed, many, one, record};
use super::direct::{Find, List};
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, cap, contains, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{CommunityKind, TownKind};
use entity::{community, county, town};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 县 A county (县), keyed by its GB/T 2260 code.
    County(county::Model)
);

/// 县 A county (县), keyed by its GB/T 2260 code.
#[declared(node)]
#[Object]
impl County {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 行政区划代码 Six-digit GB/T 2260 code, e.g. 340621.
    async fn code(&self) -> &str;
    /// 名称 Name in Chinese.
    async fn name(&self) -> &str;
    /// 英文名 Name in English or pinyin, if known.
    async fn name_en(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
    /// 所辖镇（园区、街道） Towns, parks and subdistricts of the county, by code.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|c| Some(c.0.id), listed(|l| &l.towns_of_county, Town)))]
    async fn towns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Town>> {
        let towns = loaders(ctx).towns_of_county.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(towns, first)?.into_iter().map(Town).collect())
    }
}

/// 物业服务中心 The property service centre a town sets up (seed §四(二)).
#[derive(SimpleObject)]
pub struct ServiceCenter {
    /// 成立日期 When it was established.
    established_on: Option<Date>,
    /// 负责人 Its leader.
    leader: Option<String>,
    /// 工作人员数 Number of staff (at least 2 required).
    staff_count: Option<i32>,
    /// 联系电话 Office phone.
    phone: Option<String>,
}

record_object!(
    /// 镇（园区、街道） A town-level unit with its property service centre.
    Town(town::Model)
);

/// 镇（园区、街道） A town-level unit with its property service centre.
#[declared(node)]
#[Object]
impl Town {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 统计用区划代码 Nine-digit statistical code.
    async fn code(&self) -> &str;
    /// 名称 Name in Chinese.
    async fn name(&self) -> &str;
    /// 英文名 Name in English or pinyin, if known.
    async fn name_en(&self) -> Option<&str>;
    /// 类型 Town, park or subdistrict.
    async fn kind(&self) -> TownKind;
    /// 物业服务中心 Its property service centre, if one has been set up.
    #[plan(Decl::Executor)]
    async fn service_center(&self) -> Option<ServiceCenter> {
        let t = &self.0;
        t.service_center_established_on.map(|established| ServiceCenter {
            established_on: Some(Date(established)),
            leader: t.service_center_leader.clone(),
            staff_count: t.service_center_staff_count,
            phone: t.service_center_phone.clone(),
        })
    }
    /// 所属县 The county it belongs to.
    #[plan(one(|t| Some(t.0.county_id), record(County)))]
    async fn county(&self, ctx: &Context<'_>) -> Result<Option<County>> {
        Ok(loaders(ctx).one::<county::Entity>(self.0.county_id).await?.map(County))
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
    /// 所辖社区 Communities of the town, by code.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|t| Some(t.0.id), listed(|l| &l.communities_of_town, Community)))]
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Community>> {
        let communities = loaders(ctx).communities_of_town.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(communities, first)?.into_iter().map(Community).collect())
    }
}

record_object!(
    /// 社区（村） A residents' or villagers' committee, which supervises the estates in it day to day.
    Community(community::Model)
);

/// 社区（村） A residents' or villagers' committee, which supervises the estates in it day to day.
#[declared(node)]
#[Object]
impl Community {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 统计用区划代码 Twelve-digit statistical code.
    async fn code(&self) -> &str;
    /// 名称 Name in Chinese.
    async fn name(&self) -> &str;
    /// 英文名 Name in English or pinyin, if known.
    async fn name_en(&self) -> Option<&str>;
    /// 类型 Residents' or villagers' committee.
    async fn kind(&self) -> CommunityKind;
    /// 物业专干 The named property officer (设立专人).
    async fn property_officer(&self) -> Option<&str>;
    /// 所属镇 The town it belongs to.
    #[plan(one(|c| Some(c.0.town_id), record(Town)))]
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        Ok(loaders(ctx).one::<town::Entity>(self.0.town_id).await?.map(Town))
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
    /// 辖区小区 Estates in the community, by name.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|c| Some(c.0.id), listed(|l| &l.estates_of_community, Estate)))]
    async fn estates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Estate>> {
        let estates = loaders(ctx).estates_of_community.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(estates, first)?.into_iter().map(Estate).collect())
    }
}

/// 区划排序字段 What regions are ordered by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionOrderField {
    /// 按代码 By code
    #[default]
    Code,
    /// 按名称拼音 By name, in pinyin order
    Name,
}

/// 区划排序 Order of a list of regions.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct RegionOrder {
    /// 排序字段 Field to order by.
    #[graphql(default)]
    pub field: RegionOrderField,
    /// 方向 Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// 镇筛选 Which towns to list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TownFilter {
    /// 所属县代码 Only towns of this county.
    pub county_code: Option<String>,
    /// 类型 Only this kind.
    pub kind: Option<TownKind>,
    /// 名称包含 Only names containing this text.
    pub name_contains: Option<String>,
}

/// 社区筛选 Which communities to list.
#[derive(InputObject, Debug, Clone, Default)]
pub struct CommunityFilter {
    /// 所属镇代码 Only communities of this town.
    pub town_code: Option<String>,
    /// 类型 Only this kind.
    pub kind: Option<CommunityKind>,
    /// 名称包含 Only names containing this text.
    pub name_contains: Option<String>,
}

/// The ordering of a region table with `code` and `name_sort` columns.
macro_rules! region_ordering {
    ($module:ident, $order:expr) => {{
        let order: RegionOrder = $order.unwrap_or_default();
        let key = match order.field {
            RegionOrderField::Code => $module::Column::Code,
            RegionOrderField::Name => $module::Column::NameSort,
        };
        Ordering::<$module::Entity>::new(key, $module::Column::Id, order.direction)
    }};
}

/// `towns(…)`: the towns `filter` lets through, in `order` (the resolver's and the plans' read).
pub const TOWNS: List<Town, (TownFilter, RegionOrder)> = List::new(|db, first, after, (filter, order)| {
    Box::pin(async move {
        let mut query = town::Entity::find();
        if let Some(code) = filter.county_code {
            let county_ids = select_where::<county::Entity>(county::Column::Id, county::Column::Code.eq(code));
            query = query.filter(town::Column::CountyId.in_subquery(county_ids));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(town::Column::Kind.eq(kind));
        }
        if let Some(text) = filter.name_contains {
            query = query.filter(contains(town::Column::Name, &text));
        }
        page(db, query, region_ordering!(town, Some(order)), first, after).await
    })
});

/// `communities(…)`: the communities `filter` lets through, in `order`.
pub const COMMUNITIES: List<Community, (CommunityFilter, RegionOrder)> =
    List::new(|db, first, after, (filter, order)| {
        Box::pin(async move {
            let mut query = community::Entity::find();
            if let Some(code) = filter.town_code {
                let town_ids = select_where::<town::Entity>(town::Column::Id, town::Column::Code.eq(code));
                query = query.filter(community::Column::TownId.in_subquery(town_ids));
            }
            if let Some(kind) = filter.kind {
                query = query.filter(community::Column::Kind.eq(kind));
            }
            if let Some(text) = filter.name_contains {
                query = query.filter(contains(community::Column::Name, &text));
            }
            page(db, query, region_ordering!(community, Some(order)), first, after).await
        })
    });

/// `county(id:, code:)`.
pub const COUNTY_BY_KEY: Find<county::Entity> = Find { key: "code", column: county::Column::Code, normalize: same };
/// `town(id:, code:)`.
pub const TOWN_BY_KEY: Find<town::Entity> = Find { key: "code", column: town::Column::Code, normalize: same };
/// `community(id:, code:)`.
pub const COMMUNITY_BY_KEY: Find<community::Entity> =
    Find { key: "code", column: community::Column::Code, normalize: same };

/// A natural key looked up as given.
pub fn same(key: String) -> String {
    key
}

/// Queries over the regions.
#[derive(Default)]
pub struct RegionQuery;

#[declared(roots)]
#[Object]
impl RegionQuery {
    /// 县列表 Counties.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn counties(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "排序 Order")] order_by: Option<RegionOrder>,
    ) -> Result<Page<County>> {
        Ok(page(db(ctx), county::Entity::find(), region_ordering!(county, order_by), first, after).await?)
    }

    /// 县 One county, by global id or by code.
    #[plan(COUNTY_BY_KEY.of::<County>())]
    async fn county(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识 Global id")] id: Option<ID>,
        #[graphql(desc = "区划代码 GB/T 2260 code, e.g. 340621")] code: Option<String>,
    ) -> Result<Option<County>> {
        Ok(COUNTY_BY_KEY.find(db(ctx), id, code).await?.map(County))
    }

    /// 镇列表 Towns, parks and subdistricts.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(TOWNS)]
    async fn towns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<TownFilter>,
        #[graphql(desc = "排序 Order")] order_by: Option<RegionOrder>,
    ) -> Result<Page<Town>> {
        Ok((TOWNS.read)(db(ctx), first, after, (filter.unwrap_or_default(), order_by.unwrap_or_default())).await?)
    }

    /// 镇 One town, by global id or by code.
    #[plan(TOWN_BY_KEY.of::<Town>())]
    async fn town(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识 Global id")] id: Option<ID>,
        #[graphql(desc = "统计用区划代码 Nine-digit code")] code: Option<String>,
    ) -> Result<Option<Town>> {
        Ok(TOWN_BY_KEY.find(db(ctx), id, code).await?.map(Town))
    }

    /// 社区列表 Communities.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(COMMUNITIES)]
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<CommunityFilter>,
        #[graphql(desc = "排序 Order")] order_by: Option<RegionOrder>,
    ) -> Result<Page<Community>> {
        Ok((COMMUNITIES.read)(db(ctx), first, after, (filter.unwrap_or_default(), order_by.unwrap_or_default()))
            .await?)
    }

    /// 社区 One community, by global id or by code.
    #[plan(COMMUNITY_BY_KEY.of::<Community>())]
    async fn community(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识 Global id")] id: Option<ID>,
        #[graphql(desc = "统计用区划代码 Twelve-digit code")] code: Option<String>,
    ) -> Result<Option<Community>> {
        Ok(COMMUNITY_BY_KEY.find(db(ctx), id, code).await?.map(Community))
    }
}
