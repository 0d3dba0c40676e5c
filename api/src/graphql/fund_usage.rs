//! 专项维修资金使用 Usages of the maintenance fund: from draft to publicity, public once the county approves, with the
//! owners' vote that adopted them.

use super::direct::List;
use super::direct::declare::{embedded, one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::record::record_object;
use super::scalars::{Area, Date, DateTime, Money};
use super::viewer::{sees_staff_fields_of_estate, viewer};
use super::{db, within};
use crate::auth::Actor;
use crate::domain::vote::Vote;
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{FundUsageStatus, UsageCategory};
use entity::{enterprise, estate, fund_usage};
use sea_orm::sea_query::IntoCondition;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use wuye_macros::declared;

/// 业主表决 An owners' vote, with its own denominators (the private area and the owners within the scope).
pub struct OwnersVote(Vote);

impl OwnersVote {
    pub(super) fn of(
        (scope_area, scope_owners): (Option<i64>, Option<i32>),
        (participating_area, participating_owners): (Option<i64>, Option<i32>),
        (aye_area, aye_owners): (Option<i64>, Option<i32>),
    ) -> Option<Self> {
        Some(OwnersVote(Vote {
            scope_area: scope_area?,
            scope_owners: i64::from(scope_owners?),
            participating_area: participating_area?,
            participating_owners: i64::from(participating_owners?),
            aye_area: aye_area?,
            aye_owners: i64::from(aye_owners?),
        }))
    }
}

/// 业主表决 An owners' vote under 民法典 art. 278: at least 2/3 of the scope's area and owners take part; a usage
/// needs more than half of the participating area and owners, a replenishment at least 3/4.
#[declared]
#[Object]
impl OwnersVote {
    /// 范围面积 Private area within the scope.
    async fn scope_area(&self) -> Area;
    /// 范围人数 Owners within the scope.
    async fn scope_owners(&self) -> i64;
    /// 参与面积 Private area of the owners who took part.
    async fn participating_area(&self) -> Area;
    /// 参与人数 Owners who took part.
    async fn participating_owners(&self) -> i64;
    /// 同意面积 Private area of the owners who agreed.
    async fn aye_area(&self) -> Area;
    /// 同意人数 Owners who agreed.
    async fn aye_owners(&self) -> i64;
    /// 参与达标 At least 2/3 of the area and of the owners took part.
    async fn participation_met(&self) -> bool {
        self.0.participation_met()
    }
}

record_object!(
    /// 专项维修资金使用 An application to use an estate's maintenance fund.
    FundUsage(fund_usage::Model)
);

/// Whether the public sees a usage in this status: from the county's approval on.
/// The statuses in which a usage is public: from the county's approval on.
const PUBLIC_STATUSES: [FundUsageStatus; 3] =
    [FundUsageStatus::Approved, FundUsageStatus::Disbursed, FundUsageStatus::Publicized];

fn usage_is_public(status: FundUsageStatus) -> bool {
    PUBLIC_STATUSES.contains(&status)
}

/// The usages the public sees, as [`usages_of`] keeps them for a viewer who is not staff.
pub fn public_only(usages: &mut Vec<fund_usage::Model>) {
    usages.retain(|u| usage_is_public(u.status));
}

/// Whether the viewer sees `usage`: anyone once approved; before, the staff over the estate, its committee, and the
/// enterprise that applied.
pub async fn sees_usage(ctx: &Context<'_>, usage: &fund_usage::Model) -> Result<bool, Error> {
    if usage_is_public(usage.status) || sees_staff_fields_of_estate(ctx, usage.estate_id).await? {
        return Ok(true);
    }
    let (Some(actor), Some(enterprise_id)) = (viewer(ctx), usage.enterprise_id) else { return Ok(false) };
    let enterprise = loaders(ctx).one::<enterprise::Entity>(enterprise_id).await?;
    Ok(enterprise.is_some_and(|e| actor.is_enterprise(&e.credit_code)))
}

impl FundUsage {
    /// Its owners' vote, once opened (figures not yet recorded count as none).
    fn owners_vote(&self) -> Option<OwnersVote> {
        let u = &self.0;
        OwnersVote::of(
            (u.scope_area, u.scope_owners),
            (u.participating_area.or(Some(0)), u.participating_owners.or(Some(0))),
            (u.aye_area.or(Some(0)), u.aye_owners.or(Some(0))),
        )
    }
}

/// 专项维修资金使用 An application to use an estate's maintenance fund, from draft to publicity.
#[declared(node)]
#[Object]
impl FundUsage {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|u| Some(u.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 项目名称 Title.
    async fn title(&self) -> &str;
    /// 类别 What it repairs.
    async fn category(&self) -> UsageCategory;
    /// 列支范围 What the cost is charged to.
    async fn scope(&self) -> &str;
    /// 预算 Budget.
    async fn budget(&self) -> Money;
    /// 紧急使用 An urgent repair, submitted without a vote.
    async fn is_emergency(&self) -> bool;
    /// 紧急原因 Why it is urgent.
    async fn emergency_reason(&self) -> Option<&str>;
    /// 申请企业 The enterprise that applied; none when the owners' side did.
    #[plan(one(|u| u.0.enterprise_id, record(Enterprise)))]
    async fn applicant(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 状态 Where it stands.
    async fn status(&self) -> FundUsageStatus;
    /// 业主大会决定 The adopted resolution of the estate's owners' assembly that approved it, where one is cited.
    #[plan(one(|u| u.0.resolution_id, record(super::assembly::Resolution)))]
    async fn resolution(&self, ctx: &Context<'_>) -> Result<Option<super::assembly::Resolution>> {
        let Some(id) = self.0.resolution_id else { return Ok(None) };
        Ok(loaders(ctx).one::<entity::resolution::Entity>(id).await?.map(super::assembly::Resolution))
    }
    /// 表决 The owners' vote, once opened.
    #[plan(embedded(FundUsage::owners_vote))]
    async fn vote(&self) -> Option<OwnersVote> {
        self.owners_vote()
    }
    /// 表决日期 Day the vote's result was recorded.
    async fn voted_on(&self) -> Option<Date>;
    /// 提交日期 Day it was submitted.
    async fn submitted_on(&self) -> Option<Date>;
    /// 初审日期 Day the town reviewed it.
    async fn reviewed_on(&self) -> Option<Date>;
    /// 审批日期 Day the county approved it.
    async fn approved_on(&self) -> Option<Date>;
    /// 拨付金额 Amount paid out.
    async fn disbursed(&self) -> Option<Money> {
        self.0.disbursed.map(Money::stored)
    }
    /// 拨付日期 Day it was paid out.
    async fn disbursed_on(&self) -> Option<Date>;
    /// 实际费用 The actual cost, as publicized.
    async fn actual_cost(&self) -> Option<Money> {
        self.0.actual_cost.map(Money::stored)
    }
    /// 审价 The price audit's reference.
    async fn audit_reference(&self) -> Option<&str>;
    /// 公示日期 Day it was publicized.
    async fn publicized_on(&self) -> Option<Date>;
    /// 驳回原因 Why it was rejected.
    async fn rejection_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// The usages of an estate the viewer sees, oldest first.
pub async fn usages_of(ctx: &Context<'_>, estate_id: i64) -> Result<Vec<FundUsage>, Error> {
    let usages = loaders(ctx).usages_of_estate.load_one(estate_id).await?.unwrap_or_default();
    let mut seen = Vec::with_capacity(usages.len());
    for usage in usages {
        if sees_usage(ctx, &usage).await? {
            seen.push(FundUsage(usage));
        }
    }
    Ok(seen)
}

/// 维修资金使用筛选 Which usages to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct FundUsageFilter {
    /// 镇代码 Only on estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only on estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only on this estate.
    estate_code: Option<String>,
    /// 企业信用代码 Only those this enterprise applied for.
    enterprise_credit_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<FundUsageStatus>,
    /// 是否应急使用 Only emergency usages (true), or only ordinary ones (false).
    emergency: Option<bool>,
}

/// The list of fund usages across estates.
#[derive(Default)]
pub struct FundUsageQuery;

#[declared(roots)]
#[Object]
impl FundUsageQuery {
    /// 专项维修资金使用 Fund usages the viewer may see — from APPROVED on for everyone; before, the staff over the
    /// estate, its committee and the enterprise that applied, as on `Estate.fundUsages` — the latest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn fund_usages(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<FundUsageFilter>,
    ) -> Result<Page<FundUsage>> {
        Ok(list(db(ctx), viewer(ctx), first, after, filter.unwrap_or_default()).await?)
    }
}

/// `fundUsages` for the public, as the planned path reads it.
pub const LIST: List<FundUsage, (FundUsageFilter,)> =
    List::new(|db, first, after, (filter,)| Box::pin(list(db, None, first, after, filter)));

/// A page of the usages `viewer` sees, the latest first.
async fn list(
    db: &DatabaseConnection,
    viewer: Option<&Actor>,
    first: Option<i32>,
    after: Option<String>,
    filter: FundUsageFilter,
) -> Result<Page<FundUsage>, Error> {
    use fund_usage::Column;
    let seen = within::public_or_in_scope(viewer, Column::Status.is_in(PUBLIC_STATUSES), Column::EstateId, |own| {
        Column::EnterpriseId.in_subquery(own).into_condition()
    });
    let mut query = fund_usage::Entity::find()
        .filter(seen)
        .filter(within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code))
        .filter(within::community_filter(Column::EstateId, filter.community_code));
    if let Some(code) = filter.enterprise_credit_code {
        query = query.filter(Column::EnterpriseId.in_subquery(within::enterprises(vec![code])));
    }
    if let Some(status) = filter.status {
        query = query.filter(Column::Status.eq(status));
    }
    if let Some(emergency) = filter.emergency {
        query = query.filter(Column::IsEmergency.eq(emergency));
    }
    page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
}
