//! 物业管理委员会 / 业主委员会 Estate committees. The public sees members' names and positions only.

use super::direct::Run;
use super::direct::declare::{Decl, Source, many, one, record};
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{cap, list_cost};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::sees_staff_fields_of_estate;
use crate::domain::calendar;
use crate::domain::committee::{is_filing_late, reelection_due, reelection_due_on, sits, standing};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, Object, Result};
use entity::vocab::{
    CommitteeKind, CommitteeStatus, MemberAffiliation, MemberChangeGround, MemberPosition, MemberTag, split_codes,
};
use entity::{committee, committee_member, estate, resolution};
use futures_util::future::BoxFuture;
use std::collections::HashMap;
use wuye_macros::declared;

record_object!(
    /// 委员会 A management committee (物业管理委员会) or owners' committee (业主委员会) of an estate.
    Committee(committee::Model)
);

/// 委员会 A management committee (物业管理委员会) or owners' committee (业主委员会) of an estate.
#[declared(node)]
#[Object]
impl Committee {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 类型 Management committee or owners' committee.
    async fn kind(&self) -> CommitteeKind;
    /// 状态 Active; not functioning (the town found it does not work: the community acts for it, county policy
    /// 四(三)9); term expired (past `termEndsOn`, no new committee); or dissolved.
    async fn status(&self) -> CommitteeStatus {
        status_of(&self.0)
    }
    /// 不能正常履职起始日期 While not functioning: since when.
    async fn not_functioning_since(&self) -> Option<Date>;
    /// 不能正常履职原因 While not functioning: why, as the town found.
    async fn not_functioning_reason(&self) -> Option<&str>;
    /// 小区 The estate it serves.
    #[plan(one(|c| Some(c.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 成立日期 Day it was formed.
    async fn formed_on(&self) -> Date;
    /// 任期届满 Last day of its term, if set (an owners' committee's is at most 5 years from its election).
    async fn term_ends_on(&self) -> Option<Date> {
        self.0.term_end.map(Date)
    }
    /// 任期届满（旧名） Same as `termEndsOn`.
    #[graphql(deprecation = "use termEndsOn")]
    async fn term_end(&self) -> Option<Date>;
    /// 应启动换届日期 Three months before the term ends: the re-election is organised from then on.
    async fn reelection_due_on(&self) -> Option<Date> {
        self.0.term_end.map(|end| Date(reelection_due_on(end)))
    }
    /// 换届到期 Active, and from `reelectionDueOn` to `termEndsOn`: the re-election is due.
    async fn is_reelection_due(&self) -> bool {
        self.0.status == CommitteeStatus::Active && reelection_due(self.0.term_end, calendar::today())
    }
    /// 选举决定 Owners' committees filed from an election wuye recorded: the resolution that elected it.
    async fn resolution(&self, ctx: &Context<'_>) -> Result<Option<super::assembly::Resolution>> {
        let Some(id) = self.0.resolution_id else { return Ok(None) };
        Ok(loaders(ctx).one::<resolution::Entity>(id).await?.map(super::assembly::Resolution))
    }
    /// 选举日期 Owners' committees: day the owners elected it.
    async fn elected_on(&self) -> Option<Date>;
    /// 备案日期 Owners' committees: day it was filed with the town.
    async fn filed_on(&self) -> Option<Date>;
    /// 逾期备案 Owners' committees: filed (or still unfiled) more than 30 days after the election.
    async fn is_filing_late(&self) -> bool {
        self.0.elected_on.is_some_and(|elected| is_filing_late(elected, self.0.filed_on, calendar::today()))
    }
    /// 解散日期 Day it was dissolved, if it was.
    async fn dissolved_on(&self) -> Option<Date>;
    /// 解散原因 Why it was dissolved.
    async fn dissolution_reason(&self) -> Option<&str>;
    /// 成员 Members on a day (today if not given), chair first: names and positions for everyone, the rest for
    /// staff over the estate.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(|c| Some(c.0.id), SittingMembers))]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
        #[graphql(desc = "日期 The members on this day (sitting now if not given)")] as_of: Option<Date>,
    ) -> Result<Vec<CommitteeMember>> {
        let members = loaders(ctx).members_of_committee.load_one(self.0.id).await?.unwrap_or_default();
        let members = cap(sitting(members, as_of.map(|d| d.0)), first)?;
        let staff = !members.is_empty() && sees_staff_fields_of_estate(ctx, self.0.estate_id).await?;
        Ok(members.into_iter().map(|member| CommitteeMember { member, staff }).collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// The members of committees who sit today, as the public sees them: the planned `members`.
#[derive(Clone)]
struct SittingMembers;

impl Source<CommitteeMember> for SittingMembers {
    fn load<'a>(
        &'a self,
        run: &'a Run,
        keys: Vec<i64>,
    ) -> BoxFuture<'a, Result<HashMap<i64, Vec<CommitteeMember>>, crate::error::Error>> {
        Box::pin(async move {
            let members = run.loaders().members_of_committee.loader().load(&keys).await?;
            let public = |member| CommitteeMember { member, staff: false };
            Ok(members
                .into_iter()
                .map(|(key, all)| (key, sitting(all, None).into_iter().map(public).collect()))
                .collect())
        })
    }
}

/// A committee's status on the county's today ([`standing`]).
pub fn status_of(committee: &committee::Model) -> CommitteeStatus {
    let not_functioning = committee.not_functioning_since.is_some();
    standing(committee.status, committee.term_end, not_functioning, calendar::today())
}

/// The members who sat on `day` (or sit now, with no day), chair first, then vice chairs, then members, each in
/// seat order (`members` come in seat order).
pub fn sitting(
    mut members: Vec<committee_member::Model>,
    day: Option<chrono::NaiveDate>,
) -> Vec<committee_member::Model> {
    members.retain(|m| sits(m.joined_on, m.left_on, day));
    members.sort_by_key(|m| m.position);
    members
}

/// 委员 A member of a committee. The public sees the name and position; the other fields are staff-only and read
/// as null for anyone whose scope does not cover the estate.
pub struct CommitteeMember {
    member: committee_member::Model,
    staff: bool,
}

/// 委员 A member of a committee. The public sees the name and position; the other fields are staff-only and read
/// as null for anyone whose scope does not cover the estate.
#[declared]
#[Object]
impl CommitteeMember {
    /// 姓名 Name.
    async fn name(&self) -> &str {
        &self.member.name
    }
    /// 职务 Position.
    async fn position(&self) -> MemberPosition {
        self.member.position
    }
    /// 席位号 The member's seat number on this committee (never reused): names the member in
    /// `changeCommitteeMembers`.
    async fn seat(&self) -> i32 {
        self.member.seat
    }
    /// 任职日期 The first day on the committee.
    async fn joined_on(&self) -> Date {
        Date(self.member.joined_on)
    }
    /// 任职原因 Joined after the committee was formed: elected by the assembly or appointed by the town.
    async fn joined_ground(&self) -> Option<MemberChangeGround> {
        self.member.joined_ground
    }
    /// 离任日期 The day the member left (no longer on the committee that day).
    async fn left_on(&self) -> Option<Date> {
        self.member.left_on.map(Date)
    }
    /// 离任原因 Removed by the assembly, dismissed by the town, or resigned.
    async fn left_ground(&self) -> Option<MemberChangeGround> {
        self.member.left_ground
    }
    /// 来源 Where the member comes from (staff-only).
    #[plan(Decl::Executor)]
    async fn affiliation(&self) -> Option<MemberAffiliation> {
        self.staff.then_some(self.member.affiliation)
    }
    /// 业主代表 Represents the owners (staff-only).
    #[plan(Decl::Executor)]
    async fn is_owner_representative(&self) -> Option<bool> {
        self.staff.then_some(self.member.is_owner_representative)
    }
    /// 党员 Party member (staff-only).
    #[plan(Decl::Executor)]
    async fn is_party_member(&self) -> Option<bool> {
        self.staff.then_some(self.member.is_party_member)
    }
    /// 优先人选标签 Priority tags (staff-only).
    #[plan(Decl::Executor)]
    async fn tags(&self) -> Option<Vec<MemberTag>> {
        self.staff.then(|| split_codes(&self.member.tags))
    }
    /// 电话 Phone (staff-only).
    #[plan(Decl::Executor)]
    async fn phone(&self) -> Option<&str> {
        if self.staff { self.member.phone.as_deref() } else { None }
    }
}
