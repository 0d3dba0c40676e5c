//! 信用档案 The credit archive as the public and staff read it: rules, scoring parameters, records and objections.
//! Profiles and the ranking are in `credit_profile`.
//!
//! What the public sees: rules and parameters, and the records that count on the day asked about (today unless
//! `asOf` says otherwise). Proposals, rejections and objections are for staff over where the record was collected,
//! the county, and the enterprise itself.

use super::direct::declare::{one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, TotalCount, list_cost, page, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime};
use super::viewer::viewer;
use super::{assessment::AssessmentRound, db, within};
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::calendar::today;
use crate::domain::credit::{Entry, Scoring};
use crate::error::Error;
use async_graphql::{Context, ID, InputObject, Object, Result};
use chrono::NaiveDate;
use entity::vocab::{CreditRecordSource, CreditRecordStatus, CreditRuleKind, CreditRuleStatus, ObjectionStatus};
use entity::{assessment_round, credit_objection, credit_record, credit_rule, credit_scoring, enterprise, estate};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use wuye_macros::{columns, declared};

/// The record as scoring sees it, once it has been confirmed.
pub fn entry(record: &credit_record::Model) -> Option<Entry> {
    Some(Entry {
        rule_id: record.rule_id,
        kind: record.kind?,
        points: record.points?,
        occurred_on: record.occurred_on,
        expires_on: record.expires_on?,
        confirmed_on: record.confirmed_on?,
        revoked_on: record.revoked_on,
    })
}

/// A record's status on `day`: a confirmed record past its last day is EXPIRED.
fn status_on(record: &credit_record::Model, day: NaiveDate) -> CreditRecordStatus {
    match (record.status, record.expires_on) {
        (CreditRecordStatus::Confirmed, Some(last)) if day > last => CreditRecordStatus::Expired,
        (status, _) => status,
    }
}

/// Whether the public sees `record` on `day`: while it counts.
pub(super) fn public_on(record: &credit_record::Model, day: NaiveDate) -> bool {
    entry(record).is_some_and(|e| e.counts_on(day))
}

/// Whether `actor` sees every record of the enterprise `credit_code` collected at `place`: the enterprise itself,
/// and staff over the place (the county over all of them).
fn staff_sees(actor: &Actor, place: &Place, credit_code: &str) -> bool {
    actor.is_enterprise(credit_code) || actor.supervises(Tier::Community, place)
}

fn place_of(record: &credit_record::Model) -> Place {
    Place {
        county: Some(record.county_code.clone()),
        town: record.town_code.clone(),
        community: record.community_code.clone(),
        ..Place::default()
    }
}

/// `public_on` as a condition on rows: the records that count on `day` (`Entry::counts_on`).
fn public_on_condition(day: NaiveDate) -> Condition {
    use credit_record::Column;
    Condition::all()
        .add(Column::ConfirmedOn.lte(day))
        .add(Condition::any().add(Column::RevokedOn.is_null()).add(Column::RevokedOn.gt(day)))
        .add(Column::OccurredOn.lte(day))
        .add(Column::ExpiresOn.gte(day))
        .add(Column::Kind.is_not_null())
        .add(Column::Points.is_not_null())
}

/// `staff_sees` as a condition on rows: the records of `actor`'s own enterprise, or collected where it supervises.
fn staff_sees_condition(actor: &Actor) -> Condition {
    use credit_record::Column;
    let mut seen = Condition::any();
    if let Some(own) = within::own_enterprises(actor) {
        seen = seen.add(Column::EnterpriseId.in_subquery(own));
    }
    let codes = actor.scope.codes().to_vec();
    let place = match actor.role {
        Role::County | Role::System => Some(Column::CountyCode),
        Role::Town => Some(Column::TownCode),
        Role::Community => Some(Column::CommunityCode),
        Role::Committee | Role::Enterprise => None,
    };
    if let Some(column) = place {
        seen = seen.add(column.is_in(codes));
    }
    seen
}

/// The condition "in `status` today", EXPIRED being a confirmed record past its last day (`status_on`).
fn status_condition(status: CreditRecordStatus, day: NaiveDate) -> Condition {
    use credit_record::Column;
    let confirmed = Column::Status.eq(CreditRecordStatus::Confirmed);
    match status {
        CreditRecordStatus::Expired => Condition::all().add(confirmed).add(Column::ExpiresOn.lt(day)),
        CreditRecordStatus::Confirmed => Condition::all()
            .add(confirmed)
            .add(Condition::any().add(Column::ExpiresOn.is_null()).add(Column::ExpiresOn.gte(day))),
        other => Condition::all().add(Column::Status.eq(other)),
    }
}

/// Whether the viewer sees `record` today.
pub async fn sees_record(ctx: &Context<'_>, record: &credit_record::Model) -> Result<bool, Error> {
    if public_on(record, today()) {
        return Ok(true);
    }
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    let enterprise = loaders(ctx).one::<enterprise::Entity>(record.enterprise_id).await?;
    Ok(enterprise.is_some_and(|e| staff_sees(actor, &place_of(record), &e.credit_code)))
}

record_object!(
    /// 信用规则 A rule of the credit archive.
    CreditRule(credit_rule::Model)
);

/// 信用规则 A rule of the credit archive: what conduct it records, how many points, for how long, on what basis.
#[declared(node)]
#[Object]
impl CreditRule {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 规则代码 Stable code, e.g. G01.
    async fn code(&self) -> &str;
    /// 中文名称 Name in Chinese.
    async fn name_zh(&self) -> &str;
    /// 英文名称 Name in English.
    async fn name_en(&self) -> &str;
    /// 类型 Good, bad or veto.
    async fn kind(&self) -> CreditRuleKind;
    /// 分值 Points a record under it gives (GOOD) or takes (BAD); 0 for a veto, which decides the grade by itself.
    async fn points(&self) -> i32;
    /// 有效期（月） Months a confirmed record counts after the day of the event.
    async fn validity_months(&self) -> i32;
    /// 依据 The legal or policy basis.
    async fn legal_basis(&self) -> &str;
    /// 状态 In use or retired (a retired rule keeps its records).
    async fn status(&self) -> CreditRuleStatus;
    /// 停用日期 Day it was retired.
    async fn retired_on(&self) -> Option<Date>;
    /// 停用原因 Why it was retired.
    async fn retirement_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 信用评分参数 How scores and grades are computed from a day on.
pub struct CreditScoring(pub Scoring);

impl From<&credit_scoring::Model> for CreditScoring {
    fn from(s: &credit_scoring::Model) -> Self {
        CreditScoring(Scoring {
            effective_from: s.effective_from,
            base: s.base,
            good_cap: s.good_cap,
            aaa_min: s.aaa_min,
            aa_min: s.aa_min,
            a_min: s.a_min,
            b_min: s.b_min,
        })
    }
}

/// 信用评分参数 How scores and grades are computed, from a day on: score = base + good points (up to the cap) −
/// bad points, never below 0; the grade by the thresholds, and D whenever a veto record counts.
#[columns]
#[Object]
impl CreditScoring {
    /// 生效日期 First day these parameters apply.
    async fn effective_from(&self) -> Date;
    /// 基础分 The score with no counting records.
    async fn base(&self) -> i32;
    /// 加分上限 Good points count up to this many.
    async fn good_cap(&self) -> i32;
    /// AAA级最低分 Lowest score of grade AAA.
    async fn aaa_min(&self) -> i32;
    /// AA级最低分 Lowest score of grade AA.
    async fn aa_min(&self) -> i32;
    /// A级最低分 Lowest score of grade A.
    async fn a_min(&self) -> i32;
    /// B级最低分 Lowest score of grade B; below it is C.
    async fn b_min(&self) -> i32;
}

record_object!(
    /// 信用记录 One entry of an enterprise's credit archive.
    CreditRecord(credit_record::Model)
);

/// 信用记录 One entry of an enterprise's credit archive. The public sees it while it counts; proposals, rejected
/// and revoked records are for the enterprise and the staff over where it was collected.
#[declared(node)]
#[Object]
impl CreditRecord {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 企业 The enterprise it concerns.
    #[plan(one(|r| Some(r.0.enterprise_id), record(Enterprise)))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        Ok(loaders(ctx).one::<enterprise::Entity>(self.0.enterprise_id).await?.map(Enterprise))
    }
    /// 规则 The rule it was recorded under.
    #[plan(one(|r| Some(r.0.rule_id), record(CreditRule)))]
    async fn rule(&self, ctx: &Context<'_>) -> Result<Option<CreditRule>> {
        Ok(loaders(ctx).one::<credit_rule::Entity>(self.0.rule_id).await?.map(CreditRule))
    }
    /// 小区 The estate where it happened, if named.
    #[plan(one(|r| r.0.estate_id, record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        let Some(estate_id) = self.0.estate_id else { return Ok(None) };
        Ok(loaders(ctx).one::<estate::Entity>(estate_id).await?.map(Estate))
    }
    /// 事实 What happened.
    async fn facts(&self) -> &str;
    /// 证据 Reference to the evidence (document number or file).
    async fn evidence(&self) -> &str;
    /// 发生日期 The day of the event or decision it records.
    async fn occurred_on(&self) -> Date;
    /// 状态 Its status today: a confirmed record past its last day is EXPIRED.
    async fn status(&self) -> CreditRecordStatus {
        status_on(&self.0, today())
    }
    /// 来源 Collected in the field, or proposed by an assessment round.
    async fn source(&self) -> CreditRecordSource;
    /// 考核评比 The assessment round that proposed it, if any.
    async fn assessment_round(&self, ctx: &Context<'_>) -> Result<Option<AssessmentRound>> {
        let Some(round_id) = self.0.assessment_round_id else { return Ok(None) };
        Ok(loaders(ctx).one::<assessment_round::Entity>(round_id).await?.map(AssessmentRound))
    }
    /// 类型 Good, bad or veto, as confirmed.
    async fn kind(&self) -> Option<CreditRuleKind>;
    /// 分值 Points it gives or takes, as confirmed (later changes to the rule do not change it).
    async fn points(&self) -> Option<i32>;
    /// 有效期（月） Months it counts, as confirmed.
    async fn validity_months(&self) -> Option<i32>;
    /// 期满日期 The last day it counts.
    async fn expires_on(&self) -> Option<Date>;
    /// 提出日期 Day it was proposed.
    async fn proposed_on(&self) -> Date;
    /// 确认日期 Day the county confirmed it.
    async fn confirmed_on(&self) -> Option<Date>;
    /// 驳回日期 Day the county rejected it.
    async fn rejected_on(&self) -> Option<Date>;
    /// 撤销日期 Day the county revoked it.
    async fn revoked_on(&self) -> Option<Date>;
    /// 处理理由 Why it was rejected or revoked.
    async fn decision_reason(&self) -> Option<&str>;
    /// 异议 Objections to it (for the enterprise and the staff over it; empty for everyone else).
    async fn objections(&self, ctx: &Context<'_>) -> Result<Vec<CreditObjection>> {
        if !sees_objections_to(ctx, &self.0).await? {
            return Ok(Vec::new());
        }
        let objections = loaders(ctx).objections_of_record.load_one(self.0.id).await?.unwrap_or_default();
        Ok(objections.into_iter().map(CreditObjection).collect())
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

record_object!(
    /// 信用异议 An enterprise's objection to one of its confirmed records.
    CreditObjection(credit_objection::Model)
);

/// 信用异议 An enterprise's objection to one of its confirmed records, and the county's decision (for the
/// enterprise and the staff over the record).
#[columns]
#[Object]
impl CreditObjection {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 信用记录 The record objected to.
    async fn record(&self, ctx: &Context<'_>) -> Result<Option<CreditRecord>> {
        Ok(loaders(ctx).one::<credit_record::Entity>(self.0.record_id).await?.map(CreditRecord))
    }
    /// 理由 Why the enterprise objects.
    async fn reason(&self) -> &str;
    /// 状态 Pending, upheld or dismissed.
    async fn status(&self) -> ObjectionStatus;
    /// 提出日期 Day it was lodged.
    async fn lodged_on(&self) -> Date;
    /// 处理日期 Day the county decided it.
    async fn decided_on(&self) -> Option<Date>;
    /// 处理理由 Why the county decided as it did.
    async fn decision_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
}

/// Whether the viewer sees the objections to `record`: the enterprise and the staff over the record do.
/// The records the public sees today, as [`records_of`] keeps them for a viewer who is not staff.
pub fn public_today(records: &mut Vec<credit_record::Model>) {
    let day = today();
    records.retain(|r| public_on(r, day));
}

pub async fn sees_objections_to(ctx: &Context<'_>, record: &credit_record::Model) -> Result<bool, Error> {
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    let enterprise = loaders(ctx).one::<enterprise::Entity>(record.enterprise_id).await?;
    Ok(enterprise.is_some_and(|e| staff_sees(actor, &place_of(record), &e.credit_code)))
}

/// The records of an enterprise the viewer sees, oldest first, optionally of some statuses only.
pub async fn records_of(
    ctx: &Context<'_>,
    enterprise: &enterprise::Model,
    statuses: Option<&[CreditRecordStatus]>,
) -> Result<Vec<CreditRecord>, Error> {
    let records = loaders(ctx).credit_records_of_enterprise.load_one(enterprise.id).await?.unwrap_or_default();
    let day = today();
    let actor = viewer(ctx);
    Ok(records
        .into_iter()
        .filter(|r| public_on(r, day) || actor.is_some_and(|a| staff_sees(a, &place_of(r), &enterprise.credit_code)))
        .filter(|r| statuses.is_none_or(|wanted| wanted.contains(&status_on(r, day))))
        .map(CreditRecord)
        .collect())
}

/// 信用规则筛选 Which rules to list.
#[derive(InputObject, Default)]
pub struct CreditRuleFilter {
    /// 类型 Only rules of this kind.
    kind: Option<CreditRuleKind>,
    /// 状态 Only rules in this status.
    status: Option<CreditRuleStatus>,
}

/// 信用记录筛选 Which records to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct CreditRecordFilter {
    /// 企业信用代码 Only of this enterprise.
    enterprise_credit_code: Option<String>,
    /// 镇代码 Only collected in this town.
    town_code: Option<String>,
    /// 状态 Only in this status today (EXPIRED: confirmed and past its last day).
    status: Option<CreditRecordStatus>,
    /// 类型 Only of this kind (records are given their kind when confirmed).
    kind: Option<CreditRuleKind>,
}

/// 信用异议筛选 Which objections to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct CreditObjectionFilter {
    /// 企业信用代码 Only to records of this enterprise.
    enterprise_credit_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<ObjectionStatus>,
}

/// Queries over the credit archive.
#[derive(Default)]
pub struct CreditQuery;

#[Object]
impl CreditQuery {
    /// 信用规则 The rules of the credit archive, by code.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn credit_rules(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<CreditRuleFilter>,
    ) -> Result<Page<CreditRule>> {
        let filter = filter.unwrap_or_default();
        let mut query = credit_rule::Entity::find();
        if let Some(kind) = filter.kind {
            query = query.filter(credit_rule::Column::Kind.eq(kind));
        }
        if let Some(status) = filter.status {
            query = query.filter(credit_rule::Column::Status.eq(status));
        }
        let ordering = Ordering::new(credit_rule::Column::Code, credit_rule::Column::Id, OrderDirection::Asc);
        Ok(page(db(ctx), query, ordering, first, after).await?)
    }

    /// 信用记录 Credit records the viewer may see today — those that count for everyone; proposals, rejections,
    /// revoked and expired ones for the enterprise itself and the staff over where it was collected, as on
    /// `Enterprise.creditRecords` — the latest proposed first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn credit_records(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<CreditRecordFilter>,
    ) -> Result<Page<CreditRecord>> {
        use credit_record::Column;
        let filter = filter.unwrap_or_default();
        let day = today();
        let mut seen = Condition::any().add(public_on_condition(day));
        if let Some(actor) = viewer(ctx) {
            seen = seen.add(staff_sees_condition(actor));
        }
        let mut query = credit_record::Entity::find().filter(seen);
        if let Some(code) = filter.enterprise_credit_code {
            query = query.filter(Column::EnterpriseId.in_subquery(within::enterprises(vec![code])));
        }
        if let Some(code) = filter.town_code {
            query = query.filter(Column::TownCode.eq(code));
        }
        if let Some(status) = filter.status {
            query = query.filter(status_condition(status, day));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(Column::Kind.eq(kind));
        }
        Ok(page(db(ctx), query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await?)
    }

    /// 信用异议 Objections the viewer may see — the enterprise's own and those to records collected where the
    /// viewer supervises, as on `CreditRecord.objections`; none for the public — the latest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn credit_objections(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<CreditObjectionFilter>,
    ) -> Result<Page<CreditObjection>> {
        use credit_objection::Column;
        let Some(actor) = viewer(ctx) else {
            return Ok(Page::with_additional_fields(false, false, TotalCount::known(0)));
        };
        let filter = filter.unwrap_or_default();
        let mut records = staff_sees_condition(actor);
        if let Some(code) = filter.enterprise_credit_code {
            let of_enterprise = credit_record::Column::EnterpriseId.in_subquery(within::enterprises(vec![code]));
            records = Condition::all().add(records).add(of_enterprise);
        }
        let records = select_where::<credit_record::Entity>(credit_record::Column::Id, records);
        let mut query = credit_objection::Entity::find().filter(Column::RecordId.in_subquery(records));
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        Ok(page(db(ctx), query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await?)
    }

    /// 信用评分参数 Every set of scoring parameters, by the day it takes effect.
    async fn credit_scorings(&self, ctx: &Context<'_>) -> Result<Vec<CreditScoring>> {
        let sets = credit_scoring::Entity::find()
            .order_by_asc(credit_scoring::Column::EffectiveFrom)
            .all(db(ctx))
            .await
            .map_err(Error::from)?;
        Ok(sets.iter().map(CreditScoring::from).collect())
    }
}
