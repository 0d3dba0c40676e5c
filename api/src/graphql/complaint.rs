//! 投诉 Complaints, for staff in jurisdiction only (the public reads `complaintStatistics`), with their due times
//! derived from the time limits and the holiday calendar, which are public.

use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, TotalCount, list_cost, page};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::{place_of_estate, viewer};
use super::{db, within};
use crate::auth::{Role, Tier};
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{
    CalendarDayKind, ComplaintAssignee, ComplaintCategory, ComplaintChannel, ComplaintStatus, Satisfaction,
};
use entity::{calendar_day, complaint, complaint_response, complaint_time_limit, enterprise, estate, service_contract};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use wuye_macros::columns;

record_object!(
    /// 投诉 A complaint (staff in jurisdiction only).
    Complaint(complaint::Model)
);

/// Whether the viewer may read `complaint`: government staff over its estate, its estate's committee, or the
/// enterprise serving the estate when the complaint is assigned to it.
pub async fn sees_complaint(ctx: &Context<'_>, complaint: &complaint::Model) -> Result<bool, Error> {
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    let place = place_of_estate(ctx, complaint.estate_id).await?;
    if actor.covers(&place) {
        return Ok(true);
    }
    if actor.role != Role::Enterprise || complaint.assignee != Some(ComplaintAssignee::Enterprise) {
        return Ok(false);
    }
    let loaders = loaders(ctx);
    let open = loaders.open_contract_of_estate.load_one(complaint.estate_id).await?.unwrap_or_default();
    let Some(contract) = open.first() else { return Ok(false) };
    let serving = loaders.one::<enterprise::Entity>(contract.enterprise_id).await?;
    Ok(serving.is_some_and(|e| actor.is_enterprise(&e.credit_code)))
}

/// Whether the viewer may read who complained: government staff over the estate, and nobody else (not the
/// committee, not the enterprise).
async fn sees_complainant(ctx: &Context<'_>, complaint: &complaint::Model) -> Result<bool, Error> {
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    Ok(actor.supervises(Tier::Community, &place_of_estate(ctx, complaint.estate_id).await?))
}

/// 投诉 A complaint (staff in jurisdiction only).
#[columns]
#[Object]
impl Complaint {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 渠道 How it came in.
    async fn channel(&self) -> ComplaintChannel;
    /// 工单号 The work-order number (unique per channel).
    async fn ticket_number(&self) -> &str;
    /// 类别 What it is about.
    async fn category(&self) -> ComplaintCategory;
    /// 小区 The estate.
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 被投诉企业 The enterprise complained about, if any.
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 投诉内容 What the complainant reports.
    async fn summary(&self) -> &str;
    /// 投诉人 The complainant's name: government staff over the estate only, null for anyone else.
    async fn complainant_name(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(if sees_complainant(ctx, &self.0).await? { self.0.complainant_name.as_deref() } else { None })
    }
    /// 联系电话 The complainant's phone: government staff over the estate only, null for anyone else.
    async fn complainant_phone(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(if sees_complainant(ctx, &self.0).await? { self.0.complainant_phone.as_deref() } else { None })
    }
    /// 受理时间 When it came in.
    async fn received_at(&self) -> DateTime;
    /// 办理时限 Working days it has: the limit in force for its category on the day it was received.
    async fn working_days(&self, ctx: &Context<'_>) -> Result<Option<u32>> {
        let rules = loaders(ctx).complaint_rules().await?;
        Ok(rules.limits.working_days(self.0.category, crate::domain::calendar::local_date(self.0.received_at)))
    }
    /// 办理期限 When it is due: the end of its last working day, county time.
    async fn due_at(&self, ctx: &Context<'_>) -> Result<Option<DateTime>> {
        Ok(loaders(ctx).complaint_rules().await?.due_at(&self.0).map(DateTime))
    }
    /// 是否逾期 Past its due time and not closed.
    async fn is_overdue(&self, ctx: &Context<'_>) -> Result<bool> {
        let due = loaders(ctx).complaint_rules().await?.due_at(&self.0);
        Ok(self.0.status != ComplaintStatus::Closed && due.is_some_and(|due| chrono::Utc::now() > due))
    }
    /// 按时办结 Whether it was closed by its due time; null while it is not closed.
    async fn closed_on_time(&self, ctx: &Context<'_>) -> Result<Option<bool>> {
        let due = loaders(ctx).complaint_rules().await?.due_at(&self.0);
        Ok(self.0.closed_at.map(|closed| due.is_none_or(|due| closed <= due)))
    }
    /// 状态 Status.
    async fn status(&self) -> ComplaintStatus;
    /// 承办方 Who it is assigned to.
    async fn assignee(&self) -> Option<ComplaintAssignee>;
    /// 交办时间 When it was last assigned.
    async fn assigned_at(&self) -> Option<DateTime>;
    /// 答复时间 When it was last answered.
    async fn responded_at(&self) -> Option<DateTime>;
    /// 答复 Every answer, oldest first.
    async fn responses(&self, ctx: &Context<'_>) -> Result<Vec<ComplaintResponse>> {
        let responses = loaders(ctx).responses_of_complaint.load_one(self.0.id).await?.unwrap_or_default();
        Ok(responses.into_iter().map(ComplaintResponse).collect())
    }
    /// 办结时间 When it was closed (null while open, and again once reopened).
    async fn closed_at(&self) -> Option<DateTime>;
    /// 办理结果 The outcome it was closed with.
    async fn outcome(&self) -> Option<&str>;
    /// 满意度 The complainant's satisfaction with the outcome.
    async fn satisfaction(&self) -> Option<Satisfaction>;
    /// 重新办理次数 How many times it was reopened.
    async fn reopen_count(&self) -> i32;
    /// 重新办理时间 When it was last reopened.
    async fn reopened_at(&self) -> Option<DateTime>;
    /// 重新办理原因 Why the complainant disputed the outcome, the last time.
    async fn reopen_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 投诉答复 One answer to a complaint.
pub struct ComplaintResponse(complaint_response::Model);

/// 投诉答复 One answer to a complaint.
#[columns]
#[Object]
impl ComplaintResponse {
    /// 答复方 Who answered.
    async fn assignee(&self) -> ComplaintAssignee;
    /// 答复内容 The answer.
    async fn body(&self) -> &str;
    /// 答复时间 When.
    async fn responded_at(&self) -> DateTime;
}

/// 办理时限 A category's time limit, from a day on.
#[derive(SimpleObject)]
pub struct ComplaintTimeLimit {
    /// 类别 The category.
    category: ComplaintCategory,
    /// 工作日 Working days.
    working_days: i32,
    /// 生效日期 From this day (complaints received earlier keep the limit before).
    effective_from: Date,
    /// 依据 Why this limit.
    source: String,
}

impl From<complaint_time_limit::Model> for ComplaintTimeLimit {
    fn from(l: complaint_time_limit::Model) -> Self {
        ComplaintTimeLimit {
            category: l.category,
            working_days: l.working_days,
            effective_from: Date(l.effective_from),
            source: l.source,
        }
    }
}

/// 节假日安排 A day that breaks the week's pattern.
#[derive(SimpleObject)]
pub struct CalendarDay {
    /// 日期 The day.
    day: Date,
    /// 类型 A holiday, or a weekend day worked.
    kind: CalendarDayKind,
    /// 节日 The holiday it belongs to.
    name: String,
    /// 依据 The notice that sets it.
    source: String,
}

/// 投诉筛选 Which complaints to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ComplaintFilter {
    /// 状态 Only in this status.
    status: Option<ComplaintStatus>,
    /// 类别 Only of this category.
    category: Option<ComplaintCategory>,
    /// 镇代码 Only about estates of this town.
    town_code: Option<String>,
    /// 小区编码 Only about this estate.
    estate_code: Option<String>,
    /// 工单号 Only with this work-order number.
    ticket_number: Option<String>,
    /// 承办方 Only assigned to this kind of assignee (the community, the committee, the enterprise).
    assignee: Option<ComplaintAssignee>,
}

/// Queries over complaints and the rules they are held to.
#[derive(Default)]
pub struct ComplaintQuery;

#[Object]
impl ComplaintQuery {
    /// 投诉列表 Complaints within your scope, newest first (staff only: the public gets an empty list and reads
    /// `complaintStatistics` instead). An enterprise sees the complaints assigned to it on estates it serves.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn complaints(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<ComplaintFilter>,
    ) -> Result<Page<Complaint>> {
        let Some(actor) = viewer(ctx) else {
            return Ok(Page::with_additional_fields(false, false, TotalCount::known(0)));
        };
        let estate = complaint::Column::EstateId;
        let in_scope = match within::estates_in_scope(actor) {
            Some(estates) => Condition::all().add(estate.in_subquery(estates)),
            None => {
                let codes = actor.scope.codes().to_vec();
                let enterprises = super::pagination::select_where::<enterprise::Entity>(
                    enterprise::Column::Id,
                    enterprise::Column::CreditCode.is_in(codes),
                );
                let served = super::pagination::select_where::<service_contract::Entity>(
                    service_contract::Column::EstateId,
                    Condition::all()
                        .add(service_contract::is_open())
                        .add(service_contract::Column::EnterpriseId.in_subquery(enterprises)),
                );
                Condition::all()
                    .add(estate.in_subquery(served))
                    .add(complaint::Column::Assignee.eq(ComplaintAssignee::Enterprise))
            }
        };
        let mut query = complaint::Entity::find().filter(in_scope);
        let filter = filter.unwrap_or_default();
        if let Some(status) = filter.status {
            query = query.filter(complaint::Column::Status.eq(status));
        }
        if let Some(category) = filter.category {
            query = query.filter(complaint::Column::Category.eq(category));
        }
        if let Some(assignee) = filter.assignee {
            query = query.filter(complaint::Column::Assignee.eq(assignee));
        }
        query = query.filter(within::estate_filter(complaint::Column::EstateId, filter.town_code, filter.estate_code));
        if let Some(ticket) = filter.ticket_number {
            query = query.filter(complaint::Column::TicketNumber.eq(ticket.trim()));
        }
        let ordering = Ordering::by_id(complaint::Column::Id, OrderDirection::Desc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }

    /// 投诉办理时限 Every time limit, by category and the day it takes effect (public).
    async fn complaint_time_limits(&self, ctx: &Context<'_>) -> Result<Vec<ComplaintTimeLimit>> {
        let limits = complaint_time_limit::Entity::find()
            .order_by_asc(complaint_time_limit::Column::Category)
            .order_by_asc(complaint_time_limit::Column::EffectiveFrom)
            .all(db(ctx))
            .await
            .map_err(Error::from)?;
        Ok(limits.into_iter().map(ComplaintTimeLimit::from).collect())
    }

    /// 节假日安排 The public holidays and make-up working days of a year, as the State Council published them
    /// (public). Every other Monday to Friday is a working day.
    async fn working_calendar(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "年份 The year")] year: i32,
    ) -> Result<Vec<CalendarDay>> {
        let (Some(first), Some(last)) =
            (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
        else {
            return Ok(Vec::new());
        };
        let days = calendar_day::Entity::find()
            .filter(calendar_day::Column::Day.between(first, last))
            .order_by_asc(calendar_day::Column::Day)
            .all(db(ctx))
            .await
            .map_err(Error::from)?;
        Ok(days
            .into_iter()
            .map(|d| CalendarDay { day: Date(d.day), kind: d.kind, name: d.name, source: d.source })
            .collect())
    }
}
