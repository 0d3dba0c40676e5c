//! 物业服务合同 Service contracts and their performance bonds.

use super::direct::declare::{listed, one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::handover::ExitWarning;
use super::ids::global_id;
use super::loaders::loaders;
use super::record::record_object;
use super::scalars::{Date, DateTime, Money};
use crate::domain::calendar;
use async_graphql::{Context, ID, Object, Result};
use entity::vocab::{BondStatus, ContractStatus, SelectionMethod};
use entity::{enterprise, estate, performance_bond, service_contract};
use wuye_macros::declared;

record_object!(
    /// 物业服务合同 A contract under which an enterprise serves an estate.
    ServiceContract(service_contract::Model)
);

/// 物业服务合同 A contract under which an enterprise serves an estate.
#[declared(node)]
#[Object]
impl ServiceContract {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate served.
    #[plan(one(|c| Some(c.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 物业服务企业 The enterprise serving it.
    #[plan(one(|c| Some(c.0.enterprise_id), record(Enterprise)))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        Ok(loaders(ctx).one::<enterprise::Entity>(self.0.enterprise_id).await?.map(Enterprise))
    }
    /// 起始日期 First day of the term.
    async fn start_on(&self) -> Date;
    /// 届满日期 Last day of the agreed term.
    async fn end_on(&self) -> Date;
    /// 物业费 Fee per m² of private area per month (CNY).
    async fn fee_per_square_meter_month(&self) -> Money {
        Money::stored(self.0.fee_per_m2_month)
    }
    /// 选聘方式 How the enterprise was selected.
    async fn tender(&self, ctx: &Context<'_>) -> Result<Option<super::tender::Tender>> {
        let Some(id) = self.0.tender_id else { return Ok(None) };
        Ok(loaders(ctx).one::<entity::tender::Entity>(id).await?.map(super::tender::Tender))
    }
    /// 选聘方式 How the enterprise was selected (from the tender's method, for a contract signed on an award).
    async fn selection(&self) -> SelectionMethod;
    /// 状态 Status.
    async fn status(&self) -> ContractStatus;
    /// 不定期 Past its end date while the enterprise keeps serving: an indefinite-term contract (民法典 art. 948).
    async fn is_indefinite_term(&self) -> bool {
        self.0.is_open() && self.0.end_on < calendar::today()
    }
    /// 终止日期 Day it was terminated, if it was.
    async fn terminated_on(&self) -> Option<Date>;
    /// 终止原因 Why it was terminated.
    async fn termination_reason(&self) -> Option<&str>;
    /// 履约金 The performance bond, if one was lodged.
    #[plan(one(|c| Some(c.0.id), listed(|l| &l.bond_of_contract, PerformanceBond)))]
    async fn performance_bond(&self, ctx: &Context<'_>) -> Result<Option<PerformanceBond>> {
        let bonds = loaders(ctx).bond_of_contract.load_one(self.0.id).await?.unwrap_or_default();
        Ok(bonds.into_iter().next().map(PerformanceBond))
    }
    /// 退出预警 The enterprise's exit warning on this contract, if it filed one.
    async fn exit_warning(&self, ctx: &Context<'_>) -> Result<Option<ExitWarning>> {
        let warnings = loaders(ctx).exit_warning_of_contract.load_one(self.0.id).await?.unwrap_or_default();
        Ok(warnings.into_iter().next().map(ExitWarning))
    }
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

record_object!(
    /// 履约金 A performance bond lodged for a contract, managed by the county.
    PerformanceBond(performance_bond::Model)
);

/// 履约金 A performance bond lodged for a contract, held by the county until it is refunded or forfeited.
#[declared(node)]
#[Object]
impl PerformanceBond {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 合同 The contract it secures.
    #[plan(one(|b| Some(b.0.contract_id), record(ServiceContract)))]
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        Ok(loaders(ctx).one::<service_contract::Entity>(self.0.contract_id).await?.map(ServiceContract))
    }
    /// 金额 Amount (CNY).
    async fn amount(&self) -> Money;
    /// 状态 Held, refunded or forfeited.
    async fn status(&self) -> BondStatus;
    /// 原因 Why it was refunded or forfeited.
    async fn status_reason(&self) -> Option<&str>;
    /// 版本 Version, raised by every change (optimistic concurrency).
    async fn version(&self) -> i32;
}
