//! 退出预警与移交 Exit warnings on contracts, and the handovers of estates whose service changes hands.

use super::contract::ServiceContract;
use super::direct::List;
use super::direct::declare::{derived, every, listed, one, record, row, value};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::sees_staff_fields_of_estate;
use super::{db, within};
use crate::domain::calendar::today;
use crate::domain::lifecycle::{ExitNotice, exit_notice, handover_is_overdue};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{
    ContractStatus, ExitNoticeBasis, HandoverItemKind, HandoverItemStatus, HandoverReceiver, HandoverStatus,
};
use entity::{enterprise, estate, exit_warning, handover, handover_item, service_contract};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 退出预警 An enterprise's notice that it will stop serving an estate (民法典 art. 947).
    ExitWarning(exit_warning::Model)
);

impl ExitWarning {
    /// The notice as the law counts it, against the term of the contract it was filed on.
    async fn notice(&self, ctx: &Context<'_>) -> Result<ExitNotice> {
        let contract = loaders(ctx).one::<service_contract::Entity>(self.0.contract_id).await?;
        Ok(notice_on(&self.0, contract.as_ref()))
    }
}

/// A warning's notice as the law counts it, against the term of `contract` (the one it was filed on).
fn notice_on(w: &exit_warning::Model, contract: Option<&service_contract::Model>) -> ExitNotice {
    let term_ends_on = contract.map_or(w.intended_end_on, |c| c.end_on);
    exit_notice(w.filed_on, term_ends_on, w.intended_end_on, w.contract_agrees_otherwise)
}

/// A value of a warning's notice, for the plans: read with the contract it was filed on.
macro_rules! notice_plan {
    ($value:expr) => {
        derived(
            |w: &ExitWarning| Some(w.0.contract_id),
            record(row),
            |w, contracts| {
                let notice = notice_on(&w.0, contracts.first());
                value($value(notice))
            },
        )
    };
}

/// 退出预警 An enterprise's notice that it will stop serving an estate (民法典 art. 947).
#[declared(node)]
#[Object]
impl ExitWarning {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 合同 The contract it is filed on.
    #[plan(one(|w| Some(w.0.contract_id), record(ServiceContract)))]
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        Ok(loaders(ctx).one::<service_contract::Entity>(self.0.contract_id).await?.map(ServiceContract))
    }
    /// 小区 The estate served under the contract.
    #[plan(one(|w| Some(w.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 拟退出日期 The last day the enterprise will serve.
    async fn intended_end_on(&self) -> Date;
    /// 原因 Why it will not go on.
    async fn reason(&self) -> &str;
    /// 合同另有约定 The contract itself agrees on the notice, instead of the law's 90 or 60 days.
    async fn contract_agrees_otherwise(&self) -> bool;
    /// 约定说明 What the contract agrees about notice, when it agrees otherwise.
    async fn agreement_note(&self) -> Option<&str>;
    /// 提交日期 Day it was filed.
    async fn filed_on(&self) -> Date;
    /// 预警期限依据 Why the warning owes the notice it owes: a fixed term (90 days before it ends, 民法典 art. 947),
    /// an indefinite term (60 days, art. 948: the term was over when the warning was filed), or the contract's own.
    #[plan(notice_plan!(|n: ExitNotice| n.basis))]
    async fn notice_basis(&self, ctx: &Context<'_>) -> Result<ExitNoticeBasis> {
        Ok(self.notice(ctx).await?.basis)
    }
    /// 应提前天数 The days of notice the law asks for; null where the contract agrees its own.
    #[plan(notice_plan!(|n: ExitNotice| n.required_days))]
    async fn required_notice_days(&self, ctx: &Context<'_>) -> Result<Option<i64>> {
        Ok(self.notice(ctx).await?.required_days)
    }
    /// 预警天数 Days of notice given: from filing to the term's end on a fixed term, to the intended last day on an
    /// indefinite one.
    #[plan(notice_plan!(|n: ExitNotice| n.notice_days))]
    async fn notice_days(&self, ctx: &Context<'_>) -> Result<i64> {
        Ok(self.notice(ctx).await?.notice_days)
    }
    /// 未按期预警 Fewer days than the law asks (a late warning stands, and proposes credit rule B07).
    #[plan(notice_plan!(|n: ExitNotice| n.is_late))]
    async fn is_late(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self.notice(ctx).await?.is_late)
    }
    /// 社区确认日期 Day the community acknowledged it; null while it has not.
    async fn acknowledged_on(&self) -> Option<Date>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

record_object!(
    /// 移交 The handover of an estate when its contract ends: documents, rooms, money and keys, item by item.
    Handover(handover::Model)
);

/// 移交 The handover of an estate when its contract ends: documents, rooms, money and keys, item by item.
#[declared(node)]
#[Object]
impl Handover {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 合同 The contract it hands over (terminated when the handover completes).
    #[plan(one(|h| Some(h.0.contract_id), record(ServiceContract)))]
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        Ok(loaders(ctx).one::<service_contract::Entity>(self.0.contract_id).await?.map(ServiceContract))
    }
    /// 小区 The estate handed over.
    #[plan(one(|h| Some(h.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 接收方 Who receives the estate.
    async fn receiver(&self) -> HandoverReceiver;
    /// 接收企业 The enterprise that takes over, when the receiver is a new enterprise.
    #[plan(one(|h| h.0.receiver_enterprise_id, record(Enterprise)))]
    async fn receiver_enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(id) = self.0.receiver_enterprise_id else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 移交期限 The last day for the handover.
    async fn deadline(&self) -> Date;
    /// 状态 Status: OPEN, DISPUTED while an item is disputed, COMPLETED when every item is received.
    async fn status(&self) -> HandoverStatus;
    /// 是否逾期 Past its deadline and not completed.
    async fn is_overdue(&self) -> bool {
        handover_is_overdue(self.0.status, self.0.deadline, today())
    }
    /// 启动日期 Day the town opened it.
    async fn opened_on(&self) -> Date;
    /// 完成日期 Day its last item was received.
    async fn completed_on(&self) -> Option<Date>;
    /// 移交清单 The checklist, item by item.
    #[plan(every(|h| Some(h.0.id), listed(|l| &l.items_of_handover, HandoverItem::public)))]
    async fn items(&self, ctx: &Context<'_>) -> Result<Vec<HandoverItem>> {
        let items = loaders(ctx).items_of_handover.load_one(self.0.id).await?.unwrap_or_default();
        let staff = sees_staff_fields_of_estate(ctx, self.0.estate_id).await?;
        Ok(items.into_iter().map(|item| HandoverItem { item, staff }).collect())
    }
    /// 版本 Version, raised by every change to it or its items (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 移交事项 One item of a handover's checklist.
pub struct HandoverItem {
    item: handover_item::Model,
    /// Whether the viewer is staff over the estate (and so reads internal notes).
    staff: bool,
}

/// 移交事项 One item of a handover's checklist.
#[declared]
#[Object]
impl HandoverItem {
    /// 事项 What is handed over.
    async fn item(&self) -> HandoverItemKind {
        self.item.item
    }
    /// 状态 Status.
    async fn status(&self) -> HandoverItemStatus {
        self.item.status
    }
    /// 接收人 Who received it.
    async fn received_by(&self) -> Option<&str> {
        self.item.received_by.as_deref()
    }
    /// 接收日期 Day it was received.
    async fn received_on(&self) -> Option<Date> {
        self.item.received_on.map(Date)
    }
    /// 备注 A public note.
    async fn note(&self) -> Option<&str> {
        self.item.note.as_deref()
    }
    /// 争议理由 Why it is disputed.
    async fn dispute_reason(&self) -> Option<&str> {
        self.item.dispute_reason.as_deref()
    }
    /// 内部备注 A note for staff: null for anyone but staff whose scope covers the estate.
    async fn internal_note(&self) -> Option<&str> {
        if self.staff { self.item.internal_note.as_deref() } else { None }
    }
}

/// 退出预警筛选 Which exit warnings to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ExitWarningFilter {
    /// 镇代码 Only on estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only on estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only on this estate.
    estate_code: Option<String>,
    /// 企业信用代码 Only filed by this enterprise.
    enterprise_credit_code: Option<String>,
    /// 合同状态 Only those whose contract is now in this status (EXIT_WARNED: not yet ended).
    contract_status: Option<ContractStatus>,
    /// 是否已确认收到 Only those the community has acknowledged (true), or not yet (false).
    acknowledged: Option<bool>,
}

/// 移交筛选 Which handovers to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct HandoverFilter {
    /// 镇代码 Only of estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only of estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only of this estate.
    estate_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<HandoverStatus>,
    /// 是否逾期 Only those past their deadline and not completed (true), or only the others (false).
    overdue: Option<bool>,
}

/// The lists of exit warnings and handovers across estates.
#[derive(Default)]
pub struct HandoverQuery;

#[declared(roots)]
#[Object]
impl HandoverQuery {
    /// 退出预警 Exit warnings, the latest filed first (public).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(EXIT_WARNINGS)]
    async fn exit_warnings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<ExitWarningFilter>,
    ) -> Result<Page<ExitWarning>> {
        Ok((EXIT_WARNINGS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }

    /// 移交 Handovers, the latest opened first (public; their items' internal notes for staff over the estate).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(HANDOVERS)]
    async fn handovers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<HandoverFilter>,
    ) -> Result<Page<Handover>> {
        Ok((HANDOVERS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `exitWarnings`, for everyone alike.
pub const EXIT_WARNINGS: List<ExitWarning, (ExitWarningFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use exit_warning::Column;
        let mut query = exit_warning::Entity::find()
            .filter(within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code))
            .filter(within::community_filter(Column::EstateId, filter.community_code));
        if let Some(code) = filter.enterprise_credit_code {
            let contracts = select_where::<service_contract::Entity>(
                service_contract::Column::Id,
                service_contract::Column::EnterpriseId.in_subquery(within::enterprises(vec![code])),
            );
            query = query.filter(Column::ContractId.in_subquery(contracts));
        }
        if let Some(status) = filter.contract_status {
            let contracts = select_where::<service_contract::Entity>(
                service_contract::Column::Id,
                service_contract::Column::Status.eq(status),
            );
            query = query.filter(Column::ContractId.in_subquery(contracts));
        }
        match filter.acknowledged {
            Some(true) => query = query.filter(Column::AcknowledgedOn.is_not_null()),
            Some(false) => query = query.filter(Column::AcknowledgedOn.is_null()),
            None => {}
        }
        page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
    })
});

/// `handovers`, for everyone alike.
pub const HANDOVERS: List<Handover, (HandoverFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use handover::Column;
        let mut query = handover::Entity::find()
            .filter(within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code))
            .filter(within::community_filter(Column::EstateId, filter.community_code));
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        // `handover_is_overdue` as a condition on rows.
        let overdue =
            Condition::all().add(Column::Status.ne(HandoverStatus::Completed)).add(Column::Deadline.lt(today()));
        match filter.overdue {
            Some(true) => query = query.filter(overdue),
            Some(false) => query = query.filter(overdue.not()),
            None => {}
        }
        page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
    })
});

impl HandoverItem {
    /// An item as the public reads it (no internal note).
    fn public(item: handover_item::Model) -> Self {
        HandoverItem { item, staff: false }
    }
}
