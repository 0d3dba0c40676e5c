//! 巡查检查 Inspections of estates, public with their checklists; a finding kept from the public (a security
//! weakness) is read only by staff over the estate, and the public is told how many items it does not read.

use super::direct::List;
use super::direct::declare::{Listed, derived, every, listed, one, record, row, value};
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::{ByParent, loaders};
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::sees_staff_fields_of_estate;
use super::{db, within};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{InspectionKind, InspectionResult, SupervisoryTier};
use entity::{estate, inspection, inspection_item};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 巡查检查 An inspection of an estate by the community, the town or the county.
    Inspection(inspection::Model)
);

impl Inspection {
    /// The checklist, split into the items the viewer reads and the number withheld from them.
    async fn checklist(&self, ctx: &Context<'_>) -> Result<(Vec<inspection_item::Model>, usize)> {
        let items = loaders(ctx).items_of_inspection.load_one(self.0.id).await?.unwrap_or_default();
        // Whether the viewer is staff matters only when something is kept from the public.
        let staff = !items.iter().all(|i| i.is_public) && sees_staff_fields_of_estate(ctx, self.0.estate_id).await?;
        Ok(as_read(items, staff))
    }
}

/// A checklist as a viewer reads it: every item for staff over the estate, the public items for anyone else; and
/// how many items were withheld.
fn as_read(mut items: Vec<inspection_item::Model>, staff: bool) -> (Vec<inspection_item::Model>, usize) {
    if staff {
        return (items, 0);
    }
    let total = items.len();
    items.retain(|item| item.is_public);
    let withheld = total - items.len();
    (items, withheld)
}

/// The findings among `items`.
fn findings(items: &[inspection_item::Model]) -> usize {
    items.iter().filter(|i| i.result == InspectionResult::Finding).count()
}

/// 巡查检查 An inspection of an estate by the community, the town or the county (county policy 四(三)6, 四(二)10).
#[declared(node)]
#[Object]
impl Inspection {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate inspected.
    #[plan(one(|i| Some(i.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 检查日期 Day of the inspection.
    async fn inspected_on(&self) -> Date;
    /// 检查类型 What it looked at.
    async fn kind(&self) -> InspectionKind;
    /// 检查单位层级 The tier of the body that inspected (never the person).
    async fn inspecting_body(&self) -> SupervisoryTier {
        self.0.body
    }
    /// 检查单位代码 The region code of the body that inspected.
    async fn inspecting_body_code(&self) -> &str {
        &self.0.body_code
    }
    /// 检查单位 The name of the body that inspected, as it was that day.
    async fn inspecting_body_name(&self) -> &str {
        &self.0.body_name
    }
    /// 概述 A public summary, if any.
    async fn summary(&self) -> Option<&str>;
    /// 检查项 The checklist, in order: every item for staff over the estate; for anyone else, every item but the
    /// findings kept from the public.
    #[plan(every(|i| Some(i.0.id), listed(|l| &l.items_of_inspection, InspectionItem).arranged(public_items)))]
    async fn items(&self, ctx: &Context<'_>) -> Result<Vec<InspectionItem>> {
        Ok(self.checklist(ctx).await?.0.into_iter().map(InspectionItem).collect())
    }
    /// 发现问题数 Findings the viewer reads.
    #[plan(derived(|i| Some(i.0.id), checklist(), |_, items| value(findings(&as_read(items.to_vec(), false).0))))]
    async fn finding_count(&self, ctx: &Context<'_>) -> Result<usize> {
        Ok(findings(&self.checklist(ctx).await?.0))
    }
    /// 未公开项数 Items withheld from the viewer (findings not public): 0 for staff over the estate.
    #[plan(derived(|i| Some(i.0.id), checklist(), |_, items| value(as_read(items.to_vec(), false).1)))]
    async fn withheld_item_count(&self, ctx: &Context<'_>) -> Result<usize> {
        Ok(self.checklist(ctx).await?.1)
    }
    /// 版本 Version.
    async fn version(&self) -> i32;
    /// 记录时间 When it was recorded.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 检查项 One item of an inspection's checklist.
pub struct InspectionItem(inspection_item::Model);

/// 检查项 One item of an inspection's checklist.
#[declared]
#[Object]
impl InspectionItem {
    /// 序号 Its place on the checklist (1, 2, …; numbers withheld from the viewer are skipped).
    async fn position(&self) -> i32;
    /// 检查项 What was checked.
    async fn item(&self) -> &str;
    /// 结果 The result.
    async fn result(&self) -> InspectionResult;
    /// 说明 What was found, or a note.
    async fn note(&self) -> Option<&str>;
    /// 是否公开 Whether the public reads it (only staff over the estate read the items that are not).
    async fn public(&self) -> bool {
        self.0.is_public
    }
}

/// An inspection's checklist as stored (in order, every item).
fn checklist() -> Listed<ByParent<inspection_item::Entity>, inspection_item::Model, inspection_item::Model> {
    listed(|l| &l.items_of_inspection, row)
}

/// The items the public reads, as [`as_read`] gives them.
fn public_items(items: &mut Vec<inspection_item::Model>) {
    *items = as_read(std::mem::take(items), false).0;
}

/// 巡查检查筛选 Which inspections to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct InspectionFilter {
    /// 镇代码 Only of estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only of estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only of this estate.
    estate_code: Option<String>,
    /// 检查类型 Only of this kind.
    kind: Option<InspectionKind>,
    /// 起始日期 Only on or after this day.
    from: Option<Date>,
    /// 截止日期 Only on or before this day.
    to: Option<Date>,
}

/// The public's list of inspections.
#[derive(Default)]
pub struct InspectionQuery;

#[declared(roots)]
#[Object]
impl InspectionQuery {
    /// 巡查检查 Inspections, the latest recorded first (public).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn inspections(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<InspectionFilter>,
    ) -> Result<Page<Inspection>> {
        Ok((LIST.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `inspections`, for everyone alike.
pub const LIST: List<Inspection, (InspectionFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        let estate = inspection::Column::EstateId;
        let mut query = inspection::Entity::find();
        if let Some(code) = filter.town_code {
            query = query.filter(estate.in_subquery(within::estates_of_towns(vec![code])));
        }
        if let Some(code) = filter.community_code {
            query = query.filter(estate.in_subquery(within::estates_of_communities(vec![code])));
        }
        if let Some(code) = filter.estate_code {
            query = query.filter(estate.in_subquery(within::estates(vec![code])));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(inspection::Column::Kind.eq(kind));
        }
        if let Some(from) = filter.from {
            query = query.filter(inspection::Column::InspectedOn.gte(from.0));
        }
        if let Some(to) = filter.to {
            query = query.filter(inspection::Column::InspectedOn.lte(to.0));
        }
        let ordering = Ordering::by_id(inspection::Column::Id, OrderDirection::Desc);
        page(db, query, ordering, first, after).await
    })
});
