//! 物业服务企业 Property-service enterprises and their filings.

use super::contract::ServiceContract;
use super::credit::{self, CreditRecord};
use super::credit_profile::{self, CreditProfile};
use super::db;
use super::direct::declare::{batch, listed, many, one, record, through};
use super::direct::{Find, List};
use super::enforcement::EnforcementCase;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, cap, contains, list_cost, page, select_where};
use super::record::record_object;
use super::rectification::RectificationNotice;
use super::region::Community;
use super::scalars::{Date, DateTime};
use super::tender::Bid;
use crate::domain::calendar::today;
use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use entity::vocab::{CreditGrade, CreditRecordStatus, EnterpriseStatus};
use entity::{community, enterprise, estate, filing};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 物业服务企业 A property-service enterprise.
    Enterprise(enterprise::Model)
);

/// 物业服务企业 A property-service enterprise.
#[declared(node)]
#[Object]
impl Enterprise {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 统一社会信用代码 Unified social credit code (GB 32100-2015).
    async fn credit_code(&self) -> &str;
    /// 名称 Registered name.
    async fn name(&self) -> &str;
    /// 法定代表人 Legal representative.
    async fn legal_representative(&self) -> &str;
    /// 住所 Registered address.
    async fn address(&self) -> &str;
    /// 业务电话 Business phone.
    async fn phone(&self) -> Option<&str>;
    /// 状态 Status.
    async fn status(&self) -> EnterpriseStatus;
    /// 备案 Filings with communities, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.filings_of_enterprise, Filing)))]
    async fn filings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Filing>> {
        let filings = loaders(ctx).filings_of_enterprise.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(filings, first)?.into_iter().map(Filing).collect())
    }
    /// 合同 Its contracts, past and present, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), listed(|l| &l.contracts_of_enterprise, ServiceContract)))]
    async fn contracts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<ServiceContract>> {
        let contracts = loaders(ctx).contracts_of_enterprise.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(contracts, first)?.into_iter().map(ServiceContract).collect())
    }
    /// 在管小区 Estates it serves now (under a contract that is not terminated).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|e| Some(e.0.id), through(|l| &l.estates_served_by, Estate)))]
    async fn estates_served(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Estate>> {
        let loaders = loaders(ctx);
        let ids = cap(loaders.estates_served_by.load_one(self.0.id).await?.unwrap_or_default(), first)?;
        let mut estates = loaders.many::<estate::Entity>(ids.iter().copied()).await?;
        Ok(ids.iter().filter_map(|id| estates.remove(id)).map(Estate).collect())
    }
    /// 信用档案 Its credit on a day (today unless `asOf` names another): score, grade, the records behind them
    /// and the history of its grade.
    #[plan(one(|e| Some(e.0.id), batch(credit_profile::profiles_today)))]
    async fn credit_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "日期 The day to describe (default today)")] as_of: Option<Date>,
    ) -> Result<CreditProfile> {
        Ok(credit_profile::profile_of(loaders(ctx), self.0.id, as_of.map_or_else(today, |d| d.0)).await?)
    }
    /// 信用记录 Its credit records the viewer may see, oldest first: for the public those that count today; for the
    /// enterprise itself and the staff over where a record was collected, proposals, rejected, revoked and expired
    /// records too.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(
        |e| Some(e.0.id),
        listed(|l| &l.credit_records_of_enterprise, CreditRecord).arranged(credit::public_today),
    ))]
    async fn credit_records(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "状态 Only records in these statuses")] statuses: Option<Vec<CreditRecordStatus>>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<CreditRecord>> {
        Ok(cap(credit::records_of(ctx, &self.0, statuses.as_deref()).await?, first)?)
    }
    /// 投标 Its bids in tenders whose bids are open (sealed ones are read by no one), oldest first; `rank` 1 of an
    /// awarded tender's candidate is a win.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn bids(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Bid>> {
        let bids = loaders(ctx).opened_bids_of_enterprise.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(bids, first)?.into_iter().map(Bid).collect())
    }
    /// 查处案件 Its enforcement cases whose decisions are published, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn enforcement_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<EnforcementCase>> {
        let cases = loaders(ctx).published_cases_of_enterprise.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(cases, first)?.into_iter().map(EnforcementCase).collect())
    }
    /// 整改通知 The rectification notices addressed to it, oldest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn rectification_notices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<RectificationNotice>> {
        let notices = loaders(ctx).notices_of_enterprise.load_one(self.0.id).await?.unwrap_or_default();
        Ok(cap(notices, first)?.into_iter().map(RectificationNotice).collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

record_object!(
    /// 备案 An enterprise's filing with a community.
    Filing(filing::Model)
);

/// 备案 An enterprise's filing with a community.
#[declared]
#[Object]
impl Filing {
    /// 备案社区 The community it filed with.
    #[plan(one(|f| Some(f.0.community_id), record(Community)))]
    async fn community(&self, ctx: &Context<'_>) -> Result<Option<Community>> {
        Ok(loaders(ctx).one::<community::Entity>(self.0.community_id).await?.map(Community))
    }
    /// 备案日期 The day of filing.
    async fn filed_on(&self) -> Date;
}

/// 企业筛选 Which enterprises to list; all given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct EnterpriseFilter {
    /// 状态 Only enterprises in this status.
    pub status: Option<EnterpriseStatus>,
    /// 名称包含 Only names containing this text.
    pub name_contains: Option<String>,
    /// 备案社区代码 Only enterprises filed with this community.
    pub filed_in_community_code: Option<String>,
    /// 信用等级 Only enterprises of this credit grade today.
    pub credit_grade: Option<CreditGrade>,
    /// 最低信用分 Only enterprises whose credit score today is at least this.
    pub min_credit_score: Option<i32>,
    /// 最高信用分 Only enterprises whose credit score today is at most this.
    pub max_credit_score: Option<i32>,
}

/// 企业排序字段 What enterprises are ordered by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnterpriseOrderField {
    /// 按名称拼音 By name, in pinyin order
    #[default]
    Name,
    /// 按信用代码 By credit code
    CreditCode,
}

/// 企业排序 Order of a list of enterprises.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct EnterpriseOrder {
    /// 排序字段 Field to order by.
    #[graphql(default)]
    pub field: EnterpriseOrderField,
    /// 方向 Direction.
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// `enterprises(…)`: a page of the enterprises `filter` lets through, in `order` (the resolver's and the plans'
/// read).
pub const LIST: List<Enterprise, (EnterpriseFilter, EnterpriseOrder)> =
    List::new(|db, first, after, (filter, order)| {
        Box::pin(async move {
            let mut query = enterprise::Entity::find();
            if let Some(status) = filter.status {
                query = query.filter(enterprise::Column::Status.eq(status));
            }
            if let Some(text) = filter.name_contains {
                query = query.filter(contains(enterprise::Column::Name, &text));
            }
            if let Some(code) = filter.filed_in_community_code {
                let communities =
                    select_where::<community::Entity>(community::Column::Id, community::Column::Code.eq(code));
                let filed = select_where::<filing::Entity>(
                    filing::Column::EnterpriseId,
                    filing::Column::CommunityId.in_subquery(communities),
                );
                query = query.filter(enterprise::Column::Id.in_subquery(filed));
            }
            if filter.credit_grade.is_some() || filter.min_credit_score.is_some() || filter.max_credit_score.is_some() {
                let (grade, min, max) = (filter.credit_grade, filter.min_credit_score, filter.max_credit_score);
                let matching = credit_profile::enterprises_matching(db, grade, min, max).await?;
                query = query.filter(enterprise::Column::Id.is_in(matching));
            }
            let key = match order.field {
                EnterpriseOrderField::Name => enterprise::Column::NameSort,
                EnterpriseOrderField::CreditCode => enterprise::Column::CreditCode,
            };
            let ordering = Ordering::new(key, enterprise::Column::Id, order.direction);
            page(db, query, ordering, first, after).await
        })
    });

/// `enterprise(id:, creditCode:)`: credit codes are looked up in capitals, without spaces around.
pub const BY_KEY: Find<enterprise::Entity> = Find {
    key: "creditCode",
    column: enterprise::Column::CreditCode,
    normalize: |code| code.trim().to_ascii_uppercase(),
};

/// Queries over enterprises.
#[derive(Default)]
pub struct EnterpriseQuery;

#[declared(roots)]
#[Object]
impl EnterpriseQuery {
    /// 企业列表 Property-service enterprises.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn enterprises(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<EnterpriseFilter>,
        #[graphql(desc = "排序 Order")] order_by: Option<EnterpriseOrder>,
    ) -> Result<Page<Enterprise>> {
        Ok((LIST.read)(db(ctx), first, after, (filter.unwrap_or_default(), order_by.unwrap_or_default())).await?)
    }

    /// 企业 One enterprise, by global id or by credit code.
    #[plan(BY_KEY.of::<Enterprise>())]
    async fn enterprise(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识 Global id")] id: Option<ID>,
        #[graphql(desc = "统一社会信用代码 Credit code")] credit_code: Option<String>,
    ) -> Result<Option<Enterprise>> {
        Ok(BY_KEY.find(db(ctx), id, credit_code).await?.map(Enterprise))
    }
}
