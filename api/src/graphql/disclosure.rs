//! 公共收益公示 Public-income disclosures as the public and staff read them, with totals and balances computed from
//! their items and the estate's previous periods, and the public list of overdue periods.
//!
//! The public sees published disclosures and the superseded ones (marked); drafts, submitted and returned ones are
//! for the discloser and the staff over the estate. Private persons paying are shown to the public as 个人.

use super::contract::ServiceContract;
use super::direct::declare::{Source, computed, every, listed, one, record};
use super::direct::{List, Run};
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, TotalCount, list_cost, page, page_size, select_where};
use super::record::record_object;
use super::scalars::{Date, DateTime, Money};
use super::viewer::{sees_staff_fields_of_estate, viewer};
use super::{db, within};
use crate::auth::Actor;
use crate::domain::RuleViolation;
use crate::domain::calendar::today;
use crate::domain::disclosure::DueRules;
use crate::domain::disclosure::{Line, Period, Quarter, Totals, chain, parts_owed, public_counterparty};
use crate::error::Error;
use async_graphql::connection::Edge;
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use entity::vocab::{DisclosureStatus, DisclosureSubmitter, IncomeSource};
use entity::{committee, disclosure_item, enterprise, estate, public_income_disclosure, service_contract};
use futures_util::future::BoxFuture;
use sea_orm::sea_query::IntoCondition;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};
use wuye_macros::declared;

/// Whether the public sees a disclosure in this status: once published, also when superseded.
const PUBLIC_STATUSES: [DisclosureStatus; 2] = [DisclosureStatus::Published, DisclosureStatus::Superseded];

fn is_public(status: DisclosureStatus) -> bool {
    PUBLIC_STATUSES.contains(&status)
}

/// Whether the viewer sees `d`: anyone once published; otherwise the staff over the estate, its committee, and the
/// enterprise whose part it is.
pub async fn sees_disclosure(ctx: &Context<'_>, d: &public_income_disclosure::Model) -> Result<bool, Error> {
    if is_public(d.status) {
        return Ok(true);
    }
    let Some(actor) = viewer(ctx) else { return Ok(false) };
    if sees_staff_fields_of_estate(ctx, d.estate_id).await? {
        return Ok(true);
    }
    let Some(contract_id) = d.contract_id else { return Ok(false) };
    let loaders = loaders(ctx);
    let Some(contract) = loaders.one::<service_contract::Entity>(contract_id).await? else { return Ok(false) };
    let enterprise = loaders.one::<enterprise::Entity>(contract.enterprise_id).await?;
    Ok(enterprise.is_some_and(|e| actor.is_enterprise(&e.credit_code)))
}

record_object!(
    /// 公共收益公示 One part of a quarter's public-income account of an estate.
    PublicIncomeDisclosure(public_income_disclosure::Model)
);

impl PublicIncomeDisclosure {
    fn period_quarter(&self) -> Quarter {
        Quarter { year: self.0.year, quarter: self.0.quarter as u32 }
    }

    /// Its totals: its items, and the balance the estate's published periods before it closed with.
    async fn computed(&self, ctx: &Context<'_>) -> Result<Totals, Error> {
        let loaders = loaders(ctx);
        let all = loaders.disclosures_of_estate.load_one(self.0.estate_id).await?.unwrap_or_default();
        let before = published_before(&self.0, &all);
        let items = loaders.items_of_disclosure.load_many(before.iter().map(|d| d.id).chain([self.0.id])).await?;
        Ok(chained(&self.0, &before, &items))
    }
}

/// The estate's published periods before `this`, whose closing balance `this` opens with (`all`: the estate's
/// disclosures).
fn published_before<'a>(
    this: &public_income_disclosure::Model,
    all: &'a [public_income_disclosure::Model],
) -> Vec<&'a public_income_disclosure::Model> {
    all.iter().filter(|d| d.status == DisclosureStatus::Published && d.period_end < this.period_start).collect()
}

/// The totals of `this`, chained after the periods `before` (`items`: the items of each, by disclosure).
fn chained(
    this: &public_income_disclosure::Model,
    before: &[&public_income_disclosure::Model],
    items: &HashMap<i64, Vec<disclosure_item::Model>>,
) -> Totals {
    let period = |d: &public_income_disclosure::Model| Period {
        lines: items
            .get(&d.id)
            .map_or_else(Vec::new, |items| items.iter().map(|i| Line { gross: i.gross, cost: i.cost }).collect()),
        transferred_to_fund: d.transferred_to_fund,
        other_use: d.other_use,
    };
    let mut periods: Vec<Period> = before.iter().map(|d| period(d)).collect();
    periods.push(period(this));
    *chain(&periods).last().expect("this period")
}

/// 公共收益公示 One part of a quarter's public-income account of an estate: its items, its totals and balances
/// (computed, never typed in), and where it stands.
#[declared(node)]
#[Object]
impl PublicIncomeDisclosure {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|d| Some(d.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 年份 Year.
    async fn year(&self) -> i32;
    /// 季度 Quarter, 1 to 4.
    async fn quarter(&self) -> i32;
    /// 期间开始 First day of the part of the quarter it covers.
    async fn period_start(&self) -> Date;
    /// 期间结束 Last day of the part of the quarter it covers.
    async fn period_end(&self) -> Date;
    /// 公示主体 The enterprise (for its part under its contract) or the committee.
    async fn submitter(&self) -> DisclosureSubmitter;
    /// 合同 The contract whose part of the quarter it is.
    #[plan(one(|d| d.0.contract_id, record(ServiceContract)))]
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        let Some(id) = self.0.contract_id else { return Ok(None) };
        Ok(loaders(ctx).one::<service_contract::Entity>(id).await?.map(ServiceContract))
    }
    /// 状态 Where it stands.
    async fn status(&self) -> DisclosureStatus;
    /// 收益明细 Its items, in order.
    #[plan(every(|d| Some(d.0.id), listed(|l| &l.items_of_disclosure, DisclosureItem::public)))]
    async fn items(&self, ctx: &Context<'_>) -> Result<Vec<DisclosureItem>> {
        let items = loaders(ctx).items_of_disclosure.load_one(self.0.id).await?.unwrap_or_default();
        let named = !items.is_empty() && sees_staff_fields_of_estate(ctx, self.0.estate_id).await?;
        Ok(items.into_iter().map(|item| DisclosureItem { item, named }).collect())
    }
    /// 合计 Totals and balances, computed from the items and the estate's published periods before it.
    #[plan(computed(
        |d| Some(d.0.estate_id),
        PeriodsOfEstates,
        |d, periods| {
            let periods = periods.first()?;
            Some(DisclosureTotals::from(chained(&d.0, &published_before(&d.0, &periods.all), &periods.items)))
        },
    ))]
    async fn totals(&self, ctx: &Context<'_>) -> Result<DisclosureTotals> {
        Ok(self.computed(ctx).await?.into())
    }
    /// 其他用途说明 What the amount otherwise used went to, by the owners' decision.
    async fn other_use_note(&self) -> Option<&str>;
    /// 应公示日期 The last day to publish it.
    async fn due_on(&self, ctx: &Context<'_>) -> Date {
        Date(self.period_quarter().due_on(ctx.data_unchecked::<DueRules>().due_days))
    }
    /// 逾期 Not published, and its last day has passed.
    async fn is_overdue(&self, ctx: &Context<'_>) -> bool {
        !is_public(self.0.status) && today() > self.period_quarter().due_on(ctx.data_unchecked::<DueRules>().due_days)
    }
    /// 提交日期 Day it was submitted to the community.
    async fn submitted_on(&self) -> Option<Date>;
    /// 公示日期 Day the community published it.
    async fn published_on(&self) -> Option<Date>;
    /// 退回原因 Why the community returned it.
    async fn return_reason(&self) -> Option<&str>;
    /// 更正对象 The disclosure this one corrects.
    #[plan(one(|d| d.0.supersedes_id, record(PublicIncomeDisclosure)))]
    async fn supersedes(&self, ctx: &Context<'_>) -> Result<Option<PublicIncomeDisclosure>> {
        let Some(id) = self.0.supersedes_id else { return Ok(None) };
        Ok(loaders(ctx).one::<public_income_disclosure::Entity>(id).await?.map(PublicIncomeDisclosure))
    }
    /// 更正为 The published correction that superseded this one.
    async fn superseded_by(&self, ctx: &Context<'_>) -> Result<Option<PublicIncomeDisclosure>> {
        let all = loaders(ctx).disclosures_of_estate.load_one(self.0.estate_id).await?.unwrap_or_default();
        Ok(all
            .into_iter()
            .find(|d| d.supersedes_id == Some(self.0.id) && is_public(d.status))
            .map(PublicIncomeDisclosure))
    }
    /// 更正原因 Why this one corrects an earlier disclosure.
    async fn correction_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

/// 公示合计 Totals and balances of a disclosure (CNY), all computed.
#[declared]
#[derive(SimpleObject)]
pub struct DisclosureTotals {
    /// 总收入 Gross income.
    gross: Money,
    /// 合理成本 Reasonable cost.
    cost: Money,
    /// 净收益 Net income: gross − cost.
    net: Money,
    /// 转入维修资金 Transferred to the maintenance fund.
    transferred_to_fund: Money,
    /// 其他使用 Otherwise used by the owners' decision.
    other_use: Money,
    /// 期初结余 The balance the period opened with (the previous period's closing balance).
    opening_balance: Money,
    /// 期末结余 The balance it closes with: opening + net − transferred − other use.
    closing_balance: Money,
}

impl From<Totals> for DisclosureTotals {
    fn from(t: Totals) -> Self {
        DisclosureTotals {
            gross: Money::stored(t.gross),
            cost: Money::stored(t.cost),
            net: Money::stored(t.net),
            transferred_to_fund: Money::stored(t.transferred_to_fund),
            other_use: Money::stored(t.other_use),
            opening_balance: Money::stored(t.opening),
            closing_balance: Money::stored(t.closing),
        }
    }
}

/// 收益明细 One line of a disclosure.
pub struct DisclosureItem {
    item: disclosure_item::Model,
    /// Whether the viewer may see the names of private persons.
    named: bool,
}

impl DisclosureItem {
    /// A line as the public reads it (private persons not named).
    fn public(item: disclosure_item::Model) -> Self {
        DisclosureItem { item, named: false }
    }

    fn counterparty_shown(&self) -> &str {
        if self.named {
            &self.item.counterparty
        } else {
            public_counterparty(&self.item.counterparty, self.item.counterparty_is_person)
        }
    }
}

/// 收益明细 One line of a disclosure: source, counterparty (a private person shown to the public only as 个人),
/// gross income and cost.
#[declared]
#[Object]
impl DisclosureItem {
    /// 来源 Where the income came from.
    async fn source(&self) -> IncomeSource {
        self.item.source
    }
    /// 说明 What it was for.
    async fn description(&self) -> &str {
        &self.item.description
    }
    /// 对方 Who paid: an organisation by name; a private person as 个人 (by name only for staff over the estate).
    async fn counterparty(&self) -> &str {
        self.counterparty_shown()
    }
    /// 个人 Whether the counterparty is a private person.
    async fn counterparty_is_person(&self) -> bool {
        self.item.counterparty_is_person
    }
    /// 收入 Gross income.
    async fn gross(&self) -> Money {
        Money::stored(self.item.gross)
    }
    /// 成本 Reasonable cost against it.
    async fn cost(&self) -> Money {
        Money::stored(self.item.cost)
    }
    /// 净额 Gross − cost.
    async fn net(&self) -> Money {
        Money::stored(self.item.gross - self.item.cost)
    }
}

/// 逾期未公示 A part of a quarter whose disclosure is past due (or, when asked, due) and not published.
pub struct OverdueDisclosure {
    pub(crate) estate: estate::Model,
    quarter: Quarter,
    period: (NaiveDate, NaiveDate),
    contract: Option<i64>,
    due_on: NaiveDate,
    is_overdue: bool,
}

/// 逾期未公示 A part of a quarter whose public-income disclosure is past due and not published.
#[Object]
impl OverdueDisclosure {
    /// 小区 The estate.
    async fn estate(&self) -> Estate {
        Estate(self.estate.clone())
    }
    /// 年份 Year.
    async fn year(&self) -> i32 {
        self.quarter.year
    }
    /// 季度 Quarter.
    async fn quarter(&self) -> i32 {
        self.quarter.quarter as i32
    }
    /// 期间开始 First day of the part owed.
    async fn period_start(&self) -> Date {
        Date(self.period.0)
    }
    /// 期间结束 Last day of the part owed.
    async fn period_end(&self) -> Date {
        Date(self.period.1)
    }
    /// 公示主体 Who owes it: the enterprise under its contract, or the committee.
    async fn submitter(&self) -> DisclosureSubmitter {
        if self.contract.is_some() { DisclosureSubmitter::Enterprise } else { DisclosureSubmitter::Committee }
    }
    /// 合同 The contract whose part it is.
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        let Some(id) = self.contract else { return Ok(None) };
        Ok(loaders(ctx).one::<service_contract::Entity>(id).await?.map(ServiceContract))
    }
    /// 应公示日期 The last day it was (or is) due.
    async fn due_on(&self) -> Date {
        Date(self.due_on)
    }
    /// 是否逾期 Past its due day; false only for a part listed with `includeDue`.
    async fn is_overdue(&self) -> bool {
        self.is_overdue
    }
}

/// 公共收益公示筛选 Which disclosures to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct DisclosureFilter {
    /// 镇代码 Only of estates in this town.
    town_code: Option<String>,
    /// 社区代码 Only of estates in this community.
    community_code: Option<String>,
    /// 小区编码 Only of this estate.
    estate_code: Option<String>,
    /// 企业信用代码 Only the parts served under contracts of this enterprise.
    enterprise_credit_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<DisclosureStatus>,
    /// 年度 Only of this year.
    year: Option<i32>,
    /// 季度 Only of this quarter (1–4).
    quarter: Option<i32>,
}

/// Queries over disclosures.
#[derive(Default)]
pub struct DisclosureQuery;

#[declared(roots)]
#[Object]
impl DisclosureQuery {
    /// 公共收益公示 Disclosures the viewer may see — published and superseded ones for everyone; drafts, submitted
    /// and returned ones for the staff over the estate, its committee and the enterprise whose part it is, as on
    /// `Estate.publicIncomeDisclosures` — the latest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn public_income_disclosures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<DisclosureFilter>,
    ) -> Result<Page<PublicIncomeDisclosure>> {
        Ok(list(db(ctx), viewer(ctx), first, after, filter.unwrap_or_default()).await?)
    }

    /// 逾期未公示 Parts of quarters whose disclosure is past due (with `includeDue`, also those due) and not published,
    /// oldest first: every part of a quarter served under a contract, and, where none was in force, the quarter of an
    /// estate with a committee.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn overdue_disclosures(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "镇代码 Only estates in this town")] town_code: Option<String>,
        #[graphql(desc = "企业统一社会信用代码 Only parts served under contracts of this enterprise")]
        enterprise_credit_code: Option<String>,
        #[graphql(
            desc = "含待公示 Also the parts of quarters that have ended and are not yet overdue (isOverdue false)"
        )]
        include_due: Option<bool>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
    ) -> Result<Page<OverdueDisclosure>> {
        let size = page_size(first)? as usize;
        let skip = match after.as_deref() {
            None => 0,
            Some(text) => decode_position(text)?,
        };
        let mut overdue = owed(ctx, town_code, include_due.unwrap_or(false)).await?;
        if let Some(code) = enterprise_credit_code {
            let enterprises = super::pagination::select_where::<enterprise::Entity>(
                enterprise::Column::Id,
                enterprise::Column::CreditCode.eq(code.trim()),
            );
            let contracts: HashSet<i64> = service_contract::Entity::find()
                .filter(service_contract::Column::EnterpriseId.in_subquery(enterprises))
                .all(db(ctx))
                .await
                .map_err(Error::from)?
                .into_iter()
                .map(|c| c.id)
                .collect();
            overdue.retain(|o| o.contract.is_some_and(|c| contracts.contains(&c)));
        }
        let total = overdue.len() as u64;
        let has_next = overdue.len() > skip + size;
        let mut connection = Page::with_additional_fields(skip > 0, has_next, TotalCount::known(total));
        connection.edges.extend(
            overdue.into_iter().enumerate().skip(skip).take(size).map(|(i, o)| Edge::new(encode_position(i + 1), o)),
        );
        Ok(connection)
    }
}

fn encode_position(position: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("overdue:{position}"))
}

fn decode_position(text: &str) -> Result<usize, Error> {
    let bad =
        || Error::bad_input("after", RuleViolation::new("cursor", "not a cursor of this list", "不是本列表的游标"));
    let decoded = String::from_utf8(URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?).map_err(|_| bad())?;
    decoded.strip_prefix("overdue:").and_then(|n| n.parse().ok()).ok_or_else(bad)
}

/// Every overdue part, from the quarter the rules start with to the last whose due day has passed (and with `due`,
/// also the parts of quarters that have ended but are not yet due): one statement each for the estates, their
/// contracts, committees and published disclosures.
pub(crate) async fn owed(
    ctx: &Context<'_>,
    town_code: Option<String>,
    due: bool,
) -> Result<Vec<OverdueDisclosure>, Error> {
    let db = db(ctx);
    let rules = ctx.data_unchecked::<DueRules>();
    let mut estates = estate::Entity::find();
    if let Some(code) = town_code {
        estates =
            estates.filter(estate::Column::CommunityId.in_subquery(super::within::communities_of_towns(vec![code])));
    }
    let estates = estates.all(db).await?;
    let ids: Vec<i64> = estates.iter().map(|e| e.id).collect();
    let contracts =
        service_contract::Entity::find().filter(service_contract::Column::EstateId.is_in(ids.clone())).all(db).await?;
    let committees = committee::Entity::find().filter(committee::Column::EstateId.is_in(ids.clone())).all(db).await?;
    let published: HashSet<(i64, i32, i32, i64)> = public_income_disclosure::Entity::find()
        .filter(public_income_disclosure::Column::EstateId.is_in(ids))
        .filter(public_income_disclosure::Column::Status.is_in(PUBLIC_STATUSES))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.estate_id, d.year, d.quarter, d.part_key))
        .collect();
    let mut contracts_of: HashMap<i64, Vec<(i64, NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    for c in contracts {
        let until = (!c.is_open()).then_some(c.terminated_on).flatten();
        contracts_of.entry(c.estate_id).or_default().push((c.id, c.start_on, until));
    }
    let mut committees_of: HashMap<i64, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    for c in committees {
        committees_of.entry(c.estate_id).or_default().push((c.formed_on, c.dissolved_on));
    }
    let day = today();
    let first = Quarter::of(rules.from);
    let last = Quarter::of(day);
    let mut overdue = Vec::new();
    for quarter in first.through(last).filter(|q| day > q.due_on(rules.due_days) || (due && day > q.last_day())) {
        for estate in &estates {
            let contracts = contracts_of.get(&estate.id).map_or(&[][..], Vec::as_slice);
            let committees = committees_of.get(&estate.id).map_or(&[][..], Vec::as_slice);
            for (discloser, start, end) in parts_owed(quarter, contracts, committees) {
                let key = (estate.id, quarter.year, quarter.quarter as i32, discloser.part_key());
                if !published.contains(&key) {
                    let contract = match discloser {
                        crate::domain::disclosure::Discloser::Contract(id) => Some(id),
                        crate::domain::disclosure::Discloser::Committee => None,
                    };
                    overdue.push(OverdueDisclosure {
                        estate: estate.clone(),
                        quarter,
                        period: (start, end),
                        contract,
                        due_on: quarter.due_on(rules.due_days),
                        is_overdue: day > quarter.due_on(rules.due_days),
                    });
                }
            }
        }
    }
    overdue.sort_by(|a, b| (a.quarter, &a.estate.code, a.period.0).cmp(&(b.quarter, &b.estate.code, b.period.0)));
    Ok(overdue)
}

/// The disclosures of an estate the viewer sees, oldest period first.
pub async fn disclosures_of(ctx: &Context<'_>, estate_id: i64) -> Result<Vec<PublicIncomeDisclosure>, Error> {
    let all = loaders(ctx).disclosures_of_estate.load_one(estate_id).await?.unwrap_or_default();
    let staff = sees_staff_fields_of_estate(ctx, estate_id).await?;
    let mut seen = Vec::with_capacity(all.len());
    for d in all {
        if staff || is_public(d.status) || sees_disclosure(ctx, &d).await? {
            seen.push(PublicIncomeDisclosure(d));
        }
    }
    Ok(seen)
}

/// `publicIncomeDisclosures` for the public, as the planned path reads it.
pub const LIST: List<PublicIncomeDisclosure, (DisclosureFilter,)> =
    List::new(|db, first, after, (filter,)| Box::pin(list(db, None, first, after, filter)));

/// A page of the disclosures `viewer` sees, the latest first.
async fn list(
    db: &DatabaseConnection,
    viewer: Option<&Actor>,
    first: Option<i32>,
    after: Option<String>,
    filter: DisclosureFilter,
) -> Result<Page<PublicIncomeDisclosure>, Error> {
    use public_income_disclosure::Column;
    let contracts_of = |enterprises| {
        select_where::<service_contract::Entity>(
            service_contract::Column::Id,
            service_contract::Column::EnterpriseId.in_subquery(enterprises),
        )
    };
    let seen = within::public_or_in_scope(viewer, Column::Status.is_in(PUBLIC_STATUSES), Column::EstateId, |own| {
        Column::ContractId.in_subquery(contracts_of(own)).into_condition()
    });
    let mut query = public_income_disclosure::Entity::find()
        .filter(seen)
        .filter(within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code))
        .filter(within::community_filter(Column::EstateId, filter.community_code));
    if let Some(code) = filter.enterprise_credit_code {
        query = query.filter(Column::ContractId.in_subquery(contracts_of(within::enterprises(vec![code]))));
    }
    if let Some(status) = filter.status {
        query = query.filter(Column::Status.eq(status));
    }
    if let Some(year) = filter.year {
        query = query.filter(Column::Year.eq(year));
    }
    if let Some(quarter) = filter.quarter {
        query = query.filter(Column::Quarter.eq(quarter));
    }
    page(db, query, Ordering::by_id(Column::Id, OrderDirection::Desc), first, after).await
}

/// The disclosures the public sees, as [`disclosures_of`] keeps them for a viewer who is not staff.
pub fn public_only(disclosures: &mut Vec<public_income_disclosure::Model>) {
    disclosures.retain(|d| is_public(d.status));
}

/// An estate's disclosures with the items of each: what any of their totals is computed from.
pub struct Periods {
    all: Vec<public_income_disclosure::Model>,
    items: HashMap<i64, Vec<disclosure_item::Model>>,
}

/// The [`Periods`] of estates, through the loaders the executor's `totals` reads.
#[derive(Clone)]
struct PeriodsOfEstates;

impl Source<Periods> for PeriodsOfEstates {
    fn load<'a>(&'a self, run: &'a Run, keys: Vec<i64>) -> BoxFuture<'a, Result<HashMap<i64, Vec<Periods>>, Error>> {
        Box::pin(async move {
            let all = run.once(|l| &l.disclosures_of_estate, keys).await?;
            let mut ids: Vec<i64> = all.values().flatten().map(|d| d.id).collect();
            ids.sort_unstable();
            let items = run.once(|l| &l.items_of_disclosure, ids).await?;
            Ok(all
                .iter()
                .map(|(estate, all)| {
                    let items = all.iter().filter_map(|d| Some((d.id, items.get(&d.id)?.clone()))).collect();
                    (*estate, vec![Periods { all: all.clone(), items }])
                })
                .collect())
        })
    }
}
