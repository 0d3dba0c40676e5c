//! 业主大会 Owners' assemblies in the open: preparatory groups and their members, assembly meetings with their
//! denominators, resolutions with the vote's figures and outcome (never an owner's own vote), and the correction
//! orders and revocations a town gives against an unlawful decision, each with its notice to all owners.

use super::committee::Committee;
use super::direct::List;
use super::direct::declare::{embedded, embedded_list, every, listed, one, record};
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, page};
use super::record::record_object;
use super::scalars::{Area, Date, DateTime};
use super::{db, within};
use crate::domain::assembly::correction_overdue;
use crate::domain::calendar::today;
use crate::domain::fixed_point;
use crate::domain::vote::Threshold;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{
    AssemblyConvener, AssemblyForm, AssemblyMatter, CorrectionKind, CorrectionStatus, OwnersNoticeKind,
    PreparatoryMemberKind, ResolutionOutcome,
};
use entity::{
    assembly_meeting, committee, correction_order, estate, preparatory_group, preparatory_group_member, resolution,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 筹备组 The preparatory group of an estate's first owners' assembly meeting.
    PreparatoryGroup(preparatory_group::Model)
);
record_object!(
    /// 业主大会会议 A meeting of an estate's owners' assembly.
    AssemblyMeeting(assembly_meeting::Model)
);
record_object!(
    /// 业主大会决定 A resolution of an owners' assembly.
    Resolution(resolution::Model)
);
record_object!(
    /// 责令改正 A town's order against an unlawful decision of an owners' assembly or committee.
    CorrectionOrder(correction_order::Model)
);

/// 筹备组成员 A member of a preparatory group.
#[declared]
#[derive(SimpleObject)]
pub struct PreparatoryGroupMember {
    /// 姓名 Name.
    name: String,
    /// 类别 Whom the member stands for.
    kind: PreparatoryMemberKind,
    /// 组长 Chairs the group (from the town).
    is_chair: bool,
}

impl PreparatoryGroupMember {
    fn of(member: preparatory_group_member::Model) -> Self {
        PreparatoryGroupMember { name: member.name, kind: member.kind, is_chair: member.is_chair }
    }
}

/// 筹备组 The preparatory group of an estate's first owners' assembly meeting: owners' representatives (at least
/// half), the developer, the town (which chairs it) and the community (《业主大会和业主委员会指导规则》).
#[declared(node)]
#[Object]
impl PreparatoryGroup {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|g| Some(g.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 成立日期 Day it was formed.
    async fn formed_on(&self) -> Date;
    /// 成员 Members, the chair first.
    #[plan(every(|g| Some(g.0.id), listed(|l| &l.members_of_preparatory_group, PreparatoryGroupMember::of)))]
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<PreparatoryGroupMember>> {
        let members = loaders(ctx).members_of_preparatory_group.load_one(self.0.id).await?.unwrap_or_default();
        Ok(members.into_iter().map(PreparatoryGroupMember::of).collect())
    }
    /// 首次会议 The first meeting it prepared, once recorded.
    #[plan(one(|g| Some(g.0.id), listed(|l| &l.meeting_of_preparatory_group, AssemblyMeeting)))]
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<AssemblyMeeting>> {
        let meetings = loaders(ctx).meeting_of_preparatory_group.load_one(self.0.id).await?.unwrap_or_default();
        Ok(meetings.into_iter().next().map(AssemblyMeeting))
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 业主大会会议 A meeting of an estate's owners' assembly, with the denominators of its votes and its resolutions.
#[declared(node)]
#[Object]
impl AssemblyMeeting {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|m| Some(m.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 召集人 The preparatory group (first meeting), the committee, or the community acting for it.
    async fn convened_by(&self) -> AssemblyConvener;
    /// 筹备组 The first meeting's preparatory group.
    #[plan(one(|m| m.0.preparatory_group_id, record(PreparatoryGroup)))]
    async fn preparatory_group(&self, ctx: &Context<'_>) -> Result<Option<PreparatoryGroup>> {
        let Some(id) = self.0.preparatory_group_id else { return Ok(None) };
        Ok(loaders(ctx).one::<preparatory_group::Entity>(id).await?.map(PreparatoryGroup))
    }
    /// 召集的委员会 The committee that convened it.
    #[plan(one(|m| m.0.committee_id, record(Committee)))]
    async fn committee(&self, ctx: &Context<'_>) -> Result<Option<Committee>> {
        let Some(id) = self.0.committee_id else { return Ok(None) };
        Ok(loaders(ctx).one::<committee::Entity>(id).await?.map(Committee))
    }
    /// 会议日期 Day it was held (or the written consultation closed).
    async fn held_on(&self) -> Date;
    /// 会议形式 A meeting or a written consultation.
    async fn form(&self) -> AssemblyForm;
    /// 专有部分总面积 The estate's private area: the denominator of participation by area.
    async fn total_area(&self) -> Area {
        Area(fixed_point::Area(self.0.total_area))
    }
    /// 业主总人数 The estate's owners: the denominator of participation by head.
    async fn total_owners(&self) -> i64;
    /// 决定 Its resolutions, in the order of the agenda.
    #[plan(every(|m| Some(m.0.id), listed(|l| &l.resolutions_of_meeting, Resolution)))]
    async fn resolutions(&self, ctx: &Context<'_>) -> Result<Vec<Resolution>> {
        let rows = loaders(ctx).resolutions_of_meeting.load_one(self.0.id).await?.unwrap_or_default();
        Ok(rows.into_iter().map(Resolution).collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 业主大会决定 A resolution of an owners' assembly: the matter, the text, the vote's figures and the outcome under
/// 民法典 art. 278 (participation of 2/3 of the area and of the owners; consent of more than half of those taking
/// part, or 3/4 for raising the fund, rebuilding and the use of common parts). No owner's own vote is published.
#[declared(node)]
#[Object]
impl Resolution {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|r| Some(r.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 会议 The meeting that voted on it.
    #[plan(one(|r| Some(r.0.meeting_id), record(AssemblyMeeting)))]
    async fn meeting(&self, ctx: &Context<'_>) -> Result<Option<AssemblyMeeting>> {
        Ok(loaders(ctx).one::<assembly_meeting::Entity>(self.0.meeting_id).await?.map(AssemblyMeeting))
    }
    /// 议题序号 Its place on the meeting's agenda, from 1.
    async fn item(&self) -> i32;
    /// 事项 The matter (民法典 art. 278 (1)–(9), or another).
    async fn matter(&self) -> AssemblyMatter;
    /// 需四分之三同意 Whether the matter needs the consent of 3/4 (rather than more than half) of those taking part.
    async fn needs_three_quarters(&self) -> bool {
        Threshold::of(self.0.matter) == Threshold::ThreeQuarters
    }
    /// 内容 The text decided.
    async fn text(&self) -> &str;
    /// 参与表决面积 Private area of the owners who took part.
    async fn participating_area(&self) -> Area {
        Area(fixed_point::Area(self.0.participating_area))
    }
    /// 参与表决人数 Owners who took part.
    async fn participating_owners(&self) -> i64;
    /// 同意面积 Private area of the owners who agreed.
    async fn aye_area(&self) -> Area {
        Area(fixed_point::Area(self.0.aye_area))
    }
    /// 同意人数 Owners who agreed.
    async fn aye_owners(&self) -> i64;
    /// 表决结果 Adopted, rejected, or not quorate.
    async fn outcome(&self) -> ResolutionOutcome;
    /// 已撤销 Whether the town revoked it.
    async fn is_revoked(&self) -> bool {
        self.0.revoked_on.is_some()
    }
    /// 撤销日期 The day the town revoked it.
    async fn revoked_on(&self) -> Option<Date>;
    /// 责令改正 The orders against it (correction or revocation), the first first.
    #[plan(every(|r| Some(r.0.id), listed(|l| &l.correction_orders_of_resolution, CorrectionOrder)))]
    async fn correction_orders(&self, ctx: &Context<'_>) -> Result<Vec<CorrectionOrder>> {
        let rows = loaders(ctx).correction_orders_of_resolution.load_one(self.0.id).await?.unwrap_or_default();
        Ok(rows.into_iter().map(CorrectionOrder).collect())
    }
    /// 备案的业主委员会 The owners' committee filed from this election, if any.
    #[plan(one(|r| Some(r.0.id), listed(|l| &l.committee_of_resolution, Committee)))]
    async fn committee(&self, ctx: &Context<'_>) -> Result<Option<Committee>> {
        let rows = loaders(ctx).committee_of_resolution.load_one(self.0.id).await?.unwrap_or_default();
        Ok(rows.into_iter().next().map(Committee))
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 业主通告 A notice to all owners of an estate (county policy 四(二)6): a correction ordered, or a decision revoked.
pub struct OwnersNotice {
    kind: OwnersNoticeKind,
    text: String,
    on: chrono::NaiveDate,
    order: correction_order::Model,
}

/// 业主通告 A notice to all owners of an estate (county policy 四(二)6): a correction ordered, or a decision revoked.
#[declared]
#[Object]
impl OwnersNotice {
    /// 类型 A correction ordered, or a decision revoked.
    async fn kind(&self) -> OwnersNoticeKind {
        self.kind
    }
    /// 通告内容 The text to all owners.
    async fn text(&self) -> &str {
        &self.text
    }
    /// 通告日期 The day it was given.
    async fn on(&self) -> Date {
        Date(self.on)
    }
    /// 小区 The estate.
    #[plan(one(|n| Some(n.order.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.order.estate_id).await?.map(Estate))
    }
    /// 责令改正 The order it belongs to.
    #[plan(embedded(|n| Some(CorrectionOrder(n.order.clone()))))]
    async fn order(&self) -> CorrectionOrder {
        CorrectionOrder(self.order.clone())
    }
}

impl OwnersNotice {
    /// The day it was given.
    pub fn day(&self) -> chrono::NaiveDate {
        self.on
    }
}

/// The notices an order gives: one when it is issued (a correction ordered, or a revocation outright), and one
/// more when a correction order ends in revocation.
pub fn notices_of(order: &correction_order::Model) -> Vec<OwnersNotice> {
    let first = match order.kind {
        CorrectionKind::Correct => OwnersNoticeKind::CorrectionOrdered,
        CorrectionKind::Revoke => OwnersNoticeKind::Revocation,
    };
    let mut notices =
        vec![OwnersNotice { kind: first, text: order.notice.clone(), on: order.issued_on, order: order.clone() }];
    if order.kind == CorrectionKind::Correct && order.status == CorrectionStatus::Revoked {
        let (Some(text), Some(on)) = (order.closing_note.clone(), order.closed_on) else { return notices };
        notices.push(OwnersNotice { kind: OwnersNoticeKind::Revocation, text, on, order: order.clone() });
    }
    notices
}

impl CorrectionOrder {
    /// The town's note on accepting the correction (its closing note, when it accepted).
    fn town_acceptance_note(&self) -> Option<&str> {
        if self.0.status == CorrectionStatus::Accepted { self.0.closing_note.as_deref() } else { None }
    }
}

/// 责令改正 A town's order against an unlawful decision of an owners' assembly (a resolution) or of a committee:
/// correct it by the deadline, or revoked outright (county policy 四(二)6), with its notices to all owners.
#[declared(node)]
#[Object]
impl CorrectionOrder {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|o| Some(o.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 类型 Correct within a deadline, or revoked outright.
    async fn kind(&self) -> CorrectionKind;
    /// 所针对的决定 The resolution it is against.
    #[plan(one(|o| o.0.resolution_id, record(Resolution)))]
    async fn resolution(&self, ctx: &Context<'_>) -> Result<Option<Resolution>> {
        let Some(id) = self.0.resolution_id else { return Ok(None) };
        Ok(loaders(ctx).one::<resolution::Entity>(id).await?.map(Resolution))
    }
    /// 所针对的委员会 The committee whose decision it is against.
    #[plan(one(|o| o.0.committee_id, record(Committee)))]
    async fn committee(&self, ctx: &Context<'_>) -> Result<Option<Committee>> {
        let Some(id) = self.0.committee_id else { return Ok(None) };
        Ok(loaders(ctx).one::<committee::Entity>(id).await?.map(Committee))
    }
    /// 委员会决定 The committee's decision, as the town describes it.
    async fn decision(&self) -> Option<&str>;
    /// 违反的法律法规 The law the decision breaks.
    async fn law(&self) -> &str;
    /// 改正期限 The day by which to correct.
    async fn deadline(&self) -> Option<Date>;
    /// 业主通告 The notice to all owners given with it.
    async fn notice(&self) -> &str;
    /// 下达日期 The day it was issued.
    async fn issued_on(&self) -> Date;
    /// 状态 Issued, reported, accepted, or revoked.
    async fn status(&self) -> CorrectionStatus;
    /// 逾期未改正 Issued, not reported, and past its deadline.
    async fn is_overdue(&self) -> bool {
        correction_overdue(self.0.status, self.0.deadline, today())
    }
    /// 报告日期 The day the correction was reported.
    async fn reported_on(&self) -> Option<Date>;
    /// 改正情况 What was done to correct the decision.
    async fn report(&self) -> Option<&str>;
    /// 办结日期 The day the town accepted the correction or revoked the decision.
    async fn closed_on(&self) -> Option<Date>;
    /// 确认意见 The town's note on accepting the correction.
    async fn acceptance_note(&self) -> Option<&str> {
        self.town_acceptance_note()
    }
    /// 业主通告 Its notices to all owners, the first first.
    #[plan(embedded_list(|o| notices_of(&o.0)))]
    async fn notices(&self) -> Vec<OwnersNotice> {
        notices_of(&self.0)
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 业主大会会议筛选 Which assembly meetings to list.
#[derive(InputObject, Default)]
pub struct AssemblyMeetingFilter {
    /// 镇代码 Only for estates in this town.
    town_code: Option<String>,
    /// 小区编码 Only for this estate.
    estate_code: Option<String>,
    /// 起始日期 Only held on or after this day.
    from: Option<Date>,
    /// 截止日期 Only held on or before this day.
    to: Option<Date>,
}

/// 业主大会决定筛选 Which resolutions to list.
#[derive(InputObject, Default)]
pub struct ResolutionFilter {
    /// 镇代码 Only for estates in this town.
    town_code: Option<String>,
    /// 小区编码 Only for this estate.
    estate_code: Option<String>,
    /// 事项 Only on this matter.
    matter: Option<AssemblyMatter>,
    /// 表决结果 Only with this outcome.
    outcome: Option<ResolutionOutcome>,
    /// 已撤销 Only revoked (true) or not revoked (false) ones.
    revoked: Option<bool>,
}

/// 责令改正筛选 Which correction orders to list.
#[derive(InputObject, Default)]
pub struct CorrectionOrderFilter {
    /// 镇代码 Only for estates in this town.
    town_code: Option<String>,
    /// 小区编码 Only for this estate.
    estate_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<CorrectionStatus>,
}

/// The public's lists of assembly meetings, resolutions and correction orders.
#[derive(Default)]
pub struct AssemblyQuery;

#[declared(roots)]
#[Object]
impl AssemblyQuery {
    /// 业主大会会议 Assembly meetings, the latest recorded first (public).
    #[graphql(complexity = "super::pagination::list_cost(first, child_complexity)")]
    #[plan(MEETINGS)]
    async fn assembly_meetings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<AssemblyMeetingFilter>,
    ) -> Result<Page<AssemblyMeeting>> {
        Ok((MEETINGS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }

    /// 业主大会决定 Resolutions of owners' assemblies, the latest recorded first (public).
    #[graphql(complexity = "super::pagination::list_cost(first, child_complexity)")]
    #[plan(RESOLUTIONS)]
    async fn resolutions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<ResolutionFilter>,
    ) -> Result<Page<Resolution>> {
        Ok((RESOLUTIONS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }

    /// 责令改正 Correction orders and revocations, the latest first (public).
    #[graphql(complexity = "super::pagination::list_cost(first, child_complexity)")]
    #[plan(CORRECTION_ORDERS)]
    async fn correction_orders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<CorrectionOrderFilter>,
    ) -> Result<Page<CorrectionOrder>> {
        Ok((CORRECTION_ORDERS.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `assemblyMeetings`, for everyone alike.
pub const MEETINGS: List<AssemblyMeeting, (AssemblyMeetingFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use assembly_meeting::Column;
        let place = within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code);
        let mut query = assembly_meeting::Entity::find().filter(place);
        if let Some(from) = filter.from {
            query = query.filter(Column::HeldOn.gte(from.0));
        }
        if let Some(to) = filter.to {
            query = query.filter(Column::HeldOn.lte(to.0));
        }
        page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
    })
});

/// `resolutions`, for everyone alike.
pub const RESOLUTIONS: List<Resolution, (ResolutionFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use resolution::Column;
        let place = within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code);
        let mut query = resolution::Entity::find().filter(place);
        if let Some(matter) = filter.matter {
            query = query.filter(Column::Matter.eq(matter));
        }
        if let Some(outcome) = filter.outcome {
            query = query.filter(Column::Outcome.eq(outcome));
        }
        match filter.revoked {
            Some(true) => query = query.filter(Column::RevokedOn.is_not_null()),
            Some(false) => query = query.filter(Column::RevokedOn.is_null()),
            None => {}
        }
        page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
    })
});

/// `correctionOrders`, for everyone alike.
pub const CORRECTION_ORDERS: List<CorrectionOrder, (CorrectionOrderFilter,)> =
    List::new(|db, first, after, (filter,)| {
        Box::pin(async move {
            use correction_order::Column;
            let place = within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code);
            let mut query = correction_order::Entity::find().filter(place);
            if let Some(status) = filter.status {
                query = query.filter(Column::Status.eq(status));
            }
            page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
        })
    });
