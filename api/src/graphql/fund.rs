//! 专项维修资金 Maintenance funds as the public and staff read them: each estate's account with its balance and
//! totals (sums over the ledger, never stored), the ledger itself, usages and replenishment plans, and totals over a
//! county or a town. Usages are public from APPROVED on; before that they are for the applicant, the committee and
//! the staff over the estate.

use super::direct::declare::{Listed, derived, embedded, listed, many, one, record, row, value};
use super::disclosure::PublicIncomeDisclosure;
use super::estate::Estate;
use super::fund_usage::{FundUsage, OwnersVote};
use super::ids::global_id;
use super::loaders::{ByParent, loaders};
use super::pagination::{cap, list_cost, select_where};
use super::record::record_object;
use super::scalars::{Date, Money};
use super::{db, service};
use crate::error::Error;
use async_graphql::{Context, ID, Object, Result, SimpleObject};
use entity::vocab::{FundCustodian, LedgerEntryKind, ReplenishmentStatus};
use entity::{
    community, county, estate, fund_account, fund_ledger_entry, fund_usage, public_income_disclosure,
    replenishment_plan, town,
};
use sea_orm::{ColumnTrait, EntityTrait, Iterable, QueryFilter};
use std::collections::BTreeMap;
use wuye_macros::declared;

/// 分类合计 The sum of one kind of ledger entry.
#[derive(SimpleObject)]
pub struct LedgerKindTotal {
    /// 类型 Kind of entry.
    kind: LedgerEntryKind,
    /// 金额 Their sum (CNY; money out negative).
    amount: Money,
}

/// Sums of `entries` by kind, in the order of the code list, kinds without entries left out.
fn totals_by_kind(entries: &[fund_ledger_entry::Model]) -> Vec<LedgerKindTotal> {
    let mut sums: BTreeMap<LedgerEntryKind, i64> = BTreeMap::new();
    for e in entries {
        *sums.entry(e.kind).or_default() += e.amount;
    }
    LedgerEntryKind::iter()
        .filter_map(|kind| sums.get(&kind).map(|amount| LedgerKindTotal { kind, amount: Money::stored(*amount) }))
        .collect()
}

record_object!(
    /// 专项维修资金账户 An estate's maintenance fund account.
    FundAccount(fund_account::Model)
);

impl FundAccount {
    async fn ledger(&self, ctx: &Context<'_>) -> Result<Vec<fund_ledger_entry::Model>, Error> {
        Ok(loaders(ctx).entries_of_account.load_one(self.0.id).await?.unwrap_or_default())
    }
}

/// 专项维修资金账户 An estate's maintenance fund account: its balance and totals are sums over its ledger.
#[declared(node)]
#[Object]
impl FundAccount {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|a| Some(a.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 管理方式 Who keeps it.
    async fn custodian(&self) -> FundCustodian;
    /// 开户银行 Bank.
    async fn bank(&self) -> &str;
    /// 开户日期 Day it was opened.
    async fn opened_on(&self) -> Date;
    /// 首期交存 The owners' first deposit.
    async fn initial_deposit(&self) -> Money;
    /// 余额 The balance: the sum of every entry of the ledger.
    #[plan(derived(|a| Some(a.0.id), ledger(), |_, ledger| value(balance(ledger))))]
    async fn balance(&self, ctx: &Context<'_>) -> Result<Money> {
        Ok(balance(&self.ledger(ctx).await?))
    }
    /// 分类合计 Sums by kind of entry.
    async fn totals(&self, ctx: &Context<'_>) -> Result<Vec<LedgerKindTotal>> {
        Ok(totals_by_kind(&self.ledger(ctx).await?))
    }
    /// 最近变动 Day of the latest entry.
    #[plan(derived(|a| Some(a.0.id), ledger(), |_, ledger| value(last_movement(ledger))))]
    async fn last_movement_on(&self, ctx: &Context<'_>) -> Result<Option<Date>> {
        Ok(last_movement(&self.ledger(ctx).await?))
    }
    /// 需续筹 The balance is below the replenishment signal: 30% of the initial deposit unless the county sets
    /// otherwise (the estate-level reading of 令165 art. 17).
    async fn needs_replenishment(&self, ctx: &Context<'_>) -> Result<bool> {
        let balance = self.ledger(ctx).await?.iter().map(|e| e.amount).sum();
        Ok(service(ctx).replenishment_signal().raised(balance, self.0.initial_deposit))
    }
    /// 分户账 Its entries, newest first.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(many(
        |a| Some(a.0.id),
        listed(|l| &l.entries_of_account, FundLedgerEntry).arranged(|ledger| newest_first(ledger)),
    ))]
    async fn entries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<FundLedgerEntry>> {
        let mut entries = self.ledger(ctx).await?;
        newest_first(&mut entries);
        Ok(cap(entries, first)?.into_iter().map(FundLedgerEntry).collect())
    }
}

/// A fund's balance: the sum of every entry of its ledger.
fn balance(ledger: &[fund_ledger_entry::Model]) -> Money {
    Money::stored(ledger.iter().map(|e| e.amount).sum())
}

/// The day of a ledger's latest entry.
fn last_movement(ledger: &[fund_ledger_entry::Model]) -> Option<Date> {
    ledger.iter().map(|e| e.occurred_on).max().map(Date)
}

/// An account's ledger as stored, for the values derived from it.
fn ledger() -> Listed<ByParent<fund_ledger_entry::Entity>, fund_ledger_entry::Model, fund_ledger_entry::Model> {
    listed(|l| &l.entries_of_account, row)
}

/// A ledger as it is read (the loader gives it oldest first).
fn newest_first(ledger: &mut [fund_ledger_entry::Model]) {
    ledger.reverse();
}

record_object!(
    /// 资金记账 One entry of a maintenance fund's ledger.
    FundLedgerEntry(fund_ledger_entry::Model)
);

/// 资金记账 One entry of a maintenance fund's ledger (append-only; a correction is a REVERSAL).
#[declared]
#[Object]
impl FundLedgerEntry {
    /// 类型 Kind.
    async fn kind(&self) -> LedgerEntryKind;
    /// 金额 Amount: into the fund positive, out of it negative.
    async fn amount(&self) -> Money;
    /// 日期 Day of the movement.
    async fn occurred_on(&self) -> Date;
    /// 凭证 Voucher or document reference.
    async fn reference(&self) -> &str;
    /// 摘要 Memo.
    async fn memo(&self) -> Option<&str>;
    /// 使用申请 The usage it paid for.
    #[plan(one(|e| e.0.usage_id, record(FundUsage)))]
    async fn usage(&self, ctx: &Context<'_>) -> Result<Option<FundUsage>> {
        let Some(id) = self.0.usage_id else { return Ok(None) };
        Ok(loaders(ctx).one::<fund_usage::Entity>(id).await?.map(FundUsage))
    }
    /// 公共收益公示 The disclosure whose transfer it books.
    #[plan(one(|e| e.0.disclosure_id, record(PublicIncomeDisclosure)))]
    async fn disclosure(&self, ctx: &Context<'_>) -> Result<Option<PublicIncomeDisclosure>> {
        let Some(id) = self.0.disclosure_id else { return Ok(None) };
        Ok(loaders(ctx).one::<public_income_disclosure::Entity>(id).await?.map(PublicIncomeDisclosure))
    }
    /// 续筹方案 The plan it raises money for.
    #[plan(one(|e| e.0.plan_id, record(ReplenishmentPlan)))]
    async fn plan(&self, ctx: &Context<'_>) -> Result<Option<ReplenishmentPlan>> {
        let Some(id) = self.0.plan_id else { return Ok(None) };
        Ok(loaders(ctx).one::<replenishment_plan::Entity>(id).await?.map(ReplenishmentPlan))
    }
    /// 冲正对象 The entry it reverses.
    #[plan(one(|e| e.0.reverses_id, record(FundLedgerEntry)))]
    async fn reverses(&self, ctx: &Context<'_>) -> Result<Option<FundLedgerEntry>> {
        let Some(id) = self.0.reverses_id else { return Ok(None) };
        Ok(loaders(ctx).one::<fund_ledger_entry::Entity>(id).await?.map(FundLedgerEntry))
    }
}

record_object!(
    /// 续筹方案 A plan to replenish an estate's maintenance fund.
    ReplenishmentPlan(replenishment_plan::Model)
);

/// 续筹方案 A plan to replenish an estate's maintenance fund (public).
#[declared(node)]
#[Object]
impl ReplenishmentPlan {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|p| Some(p.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 续筹目标 The amount to raise.
    async fn target(&self) -> Money;
    /// 已筹集 What its REPLENISHMENT entries have raised.
    #[plan(derived(
        |p| Some(p.0.account_id),
        listed(|l| &l.entries_of_account, row),
        |p,
        ledger| value(p.raised_in(ledger)),
    ))]
    async fn raised(&self, ctx: &Context<'_>) -> Result<Money> {
        let entries = loaders(ctx).entries_of_account.load_one(self.0.account_id).await?.unwrap_or_default();
        Ok(self.raised_in(&entries))
    }
    /// 说明 What the plan says.
    async fn note(&self) -> &str;
    /// 状态 Where it stands.
    async fn status(&self) -> ReplenishmentStatus;
    /// 业主大会决定 The adopted resolution of the estate's owners' assembly that approved it, where one is cited.
    #[plan(one(|p| p.0.resolution_id, record(super::assembly::Resolution)))]
    async fn resolution(&self, ctx: &Context<'_>) -> Result<Option<super::assembly::Resolution>> {
        let Some(id) = self.0.resolution_id else { return Ok(None) };
        Ok(loaders(ctx).one::<entity::resolution::Entity>(id).await?.map(super::assembly::Resolution))
    }
    /// 提出日期 Day the town proposed it.
    async fn proposed_on(&self) -> Date;
    /// 表决 The owners' vote, once recorded.
    #[plan(embedded(ReplenishmentPlan::owners_vote))]
    async fn vote(&self) -> Option<OwnersVote> {
        self.owners_vote()
    }
    /// 表决日期 Day the vote was recorded.
    async fn voted_on(&self) -> Option<Date>;
    /// 开始日期 Day the community started collecting.
    async fn started_on(&self) -> Option<Date>;
    /// 完成日期 Day the target was reached.
    async fn completed_on(&self) -> Option<Date>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
}

impl ReplenishmentPlan {
    /// What its REPLENISHMENT entries in `ledger` (its account's) have raised.
    fn raised_in(&self, ledger: &[fund_ledger_entry::Model]) -> Money {
        Money::stored(ledger.iter().filter(|e| e.plan_id == Some(self.0.id)).map(|e| e.amount).sum())
    }

    /// Its owners' vote, once recorded.
    fn owners_vote(&self) -> Option<OwnersVote> {
        let p = &self.0;
        OwnersVote::of(
            (p.scope_area, p.scope_owners),
            (p.participating_area, p.participating_owners),
            (p.aye_area, p.aye_owners),
        )
    }
}

/// 资金合计 Maintenance funds over a county or a town.
#[derive(SimpleObject)]
pub struct FundTotals {
    /// 账户数 Accounts.
    accounts: i64,
    /// 首期交存合计 Sum of the initial deposits.
    initial_deposits: Money,
    /// 余额合计 Sum of the balances.
    balance: Money,
    /// 分类合计 Sums by kind of entry.
    totals: Vec<LedgerKindTotal>,
    /// 需续筹账户数 Accounts below the replenishment signal.
    needing_replenishment: i64,
}

/// Queries over maintenance funds.
#[derive(Default)]
pub struct FundQuery;

#[Object]
impl FundQuery {
    /// 资金合计 Maintenance funds of the estates of a county or of a town (give one code; neither: all).
    async fn fund_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "县代码 The county")] county_code: Option<String>,
        #[graphql(desc = "镇代码 The town")] town_code: Option<String>,
    ) -> Result<FundTotals> {
        let db = db(ctx);
        let mut towns = select_where::<town::Entity>(town::Column::Id, sea_orm::Condition::all());
        if let Some(code) = county_code {
            let counties = select_where::<county::Entity>(county::Column::Id, county::Column::Code.eq(code));
            towns = select_where::<town::Entity>(town::Column::Id, town::Column::CountyId.in_subquery(counties));
        }
        if let Some(code) = town_code {
            towns = select_where::<town::Entity>(town::Column::Id, town::Column::Code.eq(code));
        }
        let communities =
            select_where::<community::Entity>(community::Column::Id, community::Column::TownId.in_subquery(towns));
        let estates =
            select_where::<estate::Entity>(estate::Column::Id, estate::Column::CommunityId.in_subquery(communities));
        let accounts = fund_account::Entity::find()
            .filter(fund_account::Column::EstateId.in_subquery(estates))
            .all(db)
            .await
            .map_err(Error::from)?;
        let entries = fund_ledger_entry::Entity::find()
            .filter(fund_ledger_entry::Column::AccountId.is_in(accounts.iter().map(|a| a.id)))
            .all(db)
            .await
            .map_err(Error::from)?;
        let mut balances: BTreeMap<i64, i64> = accounts.iter().map(|a| (a.id, 0)).collect();
        for e in &entries {
            *balances.entry(e.account_id).or_default() += e.amount;
        }
        let signal = service(ctx).replenishment_signal();
        let needing = accounts.iter().filter(|a| signal.raised(balances[&a.id], a.initial_deposit)).count();
        Ok(FundTotals {
            accounts: accounts.len() as i64,
            initial_deposits: Money::stored(accounts.iter().map(|a| a.initial_deposit).sum()),
            balance: Money::stored(balances.values().sum()),
            totals: totals_by_kind(&entries),
            needing_replenishment: needing as i64,
        })
    }
}
