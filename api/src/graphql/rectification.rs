//! 整改通知 Rectification notices, public from issue on: the estate, the addressee, the items (each open until a
//! check passes it), the legal basis, the deadline, the status and its dates; whether it is overdue is derived from
//! today. The credit record an unverified notice proposed shows to whoever may see that record.

use super::committee::Committee;
use super::complaint::{Complaint, sees_complaint};
use super::credit::{CreditRecord, sees_record};
use super::direct::List;
use super::direct::declare::{every, listed, one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::inspection::Inspection;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::{db, within};
use crate::domain::calendar::today;
use crate::domain::supervision::{is_overdue, is_pending, refusal_day};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{NoticeAddressee, NoticeOrigin, RectificationStatus, SupervisoryTier};
use entity::{
    committee, complaint, credit_record, enterprise, estate, inspection, rectification_item, rectification_notice,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 整改通知 A town's or the county's order to correct what was found on an estate.
    RectificationNotice(rectification_notice::Model)
);

/// 整改通知 A town's or the county's order to the enterprise serving an estate, or to its committee, to correct what
/// was found (county policy 四(一)2, 四(二)7).
#[declared(node)]
#[Object]
impl RectificationNotice {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 编号 wuye's number of the notice.
    async fn number(&self) -> &str;
    /// 小区 The estate concerned.
    #[plan(one(|n| Some(n.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 下达单位层级 The tier that issued it.
    async fn issuer(&self) -> SupervisoryTier;
    /// 下达单位代码 The region code of the issuing body.
    async fn issuer_code(&self) -> &str;
    /// 下达单位 The name of the issuing body, as it was that day.
    async fn issuer_name(&self) -> &str;
    /// 整改对象 Whom it orders.
    async fn addressee(&self) -> NoticeAddressee;
    /// 整改企业 The enterprise ordered (serving the estate on the day of issue), when it is addressed to one.
    #[plan(one(|n| n.0.enterprise_id, record(Enterprise)))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 整改委员会 The committee ordered, when it is addressed to one.
    #[plan(one(|n| n.0.committee_id, record(Committee)))]
    async fn committee(&self, ctx: &Context<'_>) -> Result<Option<Committee>> {
        let Some(id) = self.0.committee_id else { return Ok(None) };
        Ok(loaders(ctx).one::<committee::Entity>(id).await?.map(Committee))
    }
    /// 来源 What it came from.
    async fn origin(&self) -> NoticeOrigin;
    /// 来源检查 The inspection whose findings it orders corrected.
    #[plan(one(|n| n.0.inspection_id, record(Inspection)))]
    async fn inspection(&self, ctx: &Context<'_>) -> Result<Option<Inspection>> {
        let Some(id) = self.0.inspection_id else { return Ok(None) };
        Ok(loaders(ctx).one::<inspection::Entity>(id).await?.map(Inspection))
    }
    /// 来源投诉 The complaint it follows: null for anyone who may not read complaints of the estate.
    async fn complaint(&self, ctx: &Context<'_>) -> Result<Option<Complaint>> {
        let Some(id) = self.0.complaint_id else { return Ok(None) };
        let Some(complaint) = loaders(ctx).one::<complaint::Entity>(id).await? else { return Ok(None) };
        Ok(sees_complaint(ctx, &complaint).await?.then_some(Complaint(complaint)))
    }
    /// 整改事项 The items to correct, in order.
    #[plan(every(|n| Some(n.0.id), listed(|l| &l.items_of_notice, RectificationItem)))]
    async fn items(&self, ctx: &Context<'_>) -> Result<Vec<RectificationItem>> {
        let items = loaders(ctx).items_of_notice.load_one(self.0.id).await?.unwrap_or_default();
        Ok(items.into_iter().map(RectificationItem).collect())
    }
    /// 依据 The legal basis.
    async fn legal_basis(&self) -> &str;
    /// 下达日期 Day of issue.
    async fn issued_on(&self) -> Date;
    /// 整改期限 The day by which to correct and report (the latest one, after a failed check).
    async fn deadline(&self) -> Date;
    /// 期限工作日数 When the deadline was given in working days over the county's calendar, how many.
    async fn deadline_working_days(&self) -> Option<i32>;
    /// 状态 Where it stands.
    async fn status(&self) -> RectificationStatus;
    /// 是否逾期 Past its deadline and not reported (derived from today).
    async fn is_overdue(&self) -> bool {
        is_overdue(self.0.status, self.0.deadline, today())
    }
    /// 拒不整改认定日 While it awaits its correction: the day it proposes the credit record for refusing to correct
    /// (rule B06) unless it passes first, the 10th working day after its deadline.
    async fn refusal_day(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        if !is_pending(self.0.status) || self.0.addressee != NoticeAddressee::Enterprise {
            return Ok(None);
        }
        let rules = loaders(ctx).complaint_rules().await?;
        Ok(Some(Date(refusal_day(self.0.deadline, &rules.calendar))))
    }
    /// 整改轮次 1, raised by each failed check.
    async fn round(&self) -> i32;
    /// 整改报告 What the addressee reports it did (the latest report).
    async fn report(&self) -> Option<&str>;
    /// 报告日期 Day of the latest report.
    async fn reported_on(&self) -> Option<Date>;
    /// 复查通过日期 Day the check passed.
    async fn verified_on(&self) -> Option<Date>;
    /// 复查意见 The note of the latest check.
    async fn verification_note(&self) -> Option<&str>;
    /// 最近复查未通过日期 Day of the latest failed check.
    async fn last_failed_on(&self) -> Option<Date>;
    /// 撤回日期 Day it was withdrawn.
    async fn withdrawn_on(&self) -> Option<Date>;
    /// 撤回理由 Why it was withdrawn.
    async fn withdrawal_reason(&self) -> Option<&str>;
    /// 信用记录 The credit record it proposed for refusing to correct (rule B06): null until then, and for anyone
    /// who may not see that record yet.
    async fn credit_record(&self, ctx: &Context<'_>) -> Result<Option<CreditRecord>> {
        let Some(id) = self.0.credit_record_id else { return Ok(None) };
        let Some(record) = loaders(ctx).one::<credit_record::Entity>(id).await? else { return Ok(None) };
        Ok(sees_record(ctx, &record).await?.then_some(CreditRecord(record)))
    }
    /// 版本 Version, raised by every step (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 整改事项 One item a notice orders corrected.
pub struct RectificationItem(rectification_item::Model);

/// 整改事项 One item a notice orders corrected.
#[declared]
#[Object]
impl RectificationItem {
    /// 序号 Its place in the notice (1, 2, …).
    async fn position(&self) -> i32;
    /// 事项 What to correct.
    async fn item(&self) -> &str;
    /// 是否未整改 Still open: not yet passed by a check.
    async fn is_open(&self) -> bool;
}

/// 整改通知筛选 Which notices to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct RectificationNoticeFilter {
    /// 镇代码 Only about estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only about estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only about this estate.
    estate_code: Option<String>,
    /// 企业信用代码 Only addressed to this enterprise.
    enterprise_credit_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<RectificationStatus>,
    /// 是否逾期 Only overdue ones (true), or only those that are not (false).
    overdue: Option<bool>,
}

/// The condition "overdue today": ISSUED or REOPENED with the deadline past.
pub fn overdue_condition() -> Condition {
    use rectification_notice::Column;
    Condition::all()
        .add(Column::Status.is_in([RectificationStatus::Issued, RectificationStatus::Reopened]))
        .add(Column::Deadline.lt(today()))
}

/// The public's list of rectification notices.
#[derive(Default)]
pub struct RectificationQuery;

#[declared(roots)]
#[Object]
impl RectificationQuery {
    /// 整改通知 Rectification notices, the latest issued first (public).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn rectification_notices(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<RectificationNoticeFilter>,
    ) -> Result<Page<RectificationNotice>> {
        Ok((LIST.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `rectificationNotices`, for everyone alike.
pub const LIST: List<RectificationNotice, (RectificationNoticeFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use rectification_notice::Column;
        let mut query = rectification_notice::Entity::find();
        if let Some(code) = filter.town_code {
            query = query.filter(Column::EstateId.in_subquery(within::estates_of_towns(vec![code])));
        }
        if let Some(code) = filter.community_code {
            query = query.filter(Column::EstateId.in_subquery(within::estates_of_communities(vec![code])));
        }
        if let Some(code) = filter.estate_code {
            query = query.filter(Column::EstateId.in_subquery(within::estates(vec![code])));
        }
        if let Some(code) = filter.enterprise_credit_code {
            let enterprises =
                select_where::<enterprise::Entity>(enterprise::Column::Id, enterprise::Column::CreditCode.eq(code));
            query = query.filter(Column::EnterpriseId.in_subquery(enterprises));
        }
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        match filter.overdue {
            Some(true) => query = query.filter(overdue_condition()),
            Some(false) => query = query.filter(overdue_condition().not()),
            None => {}
        }
        let ordering = Ordering::by_id(Column::Id, OrderDirection::Desc);
        page(db, query, ordering, first, after).await
    })
});
