//! 招标 Tenders in the open: the announcement, the bids (sealed until the opening: before it no one, not the town,
//! reads a bid or even who bid), the community's opinion, the evaluation (the panel's names for staff over the estate
//! only), the publicised candidate, objections and the county's decisions, the award and the contract signed on it.

use super::contract::ServiceContract;
use super::direct::List;
use super::direct::declare::{one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::ids::global_id;
use super::loaders::loaders;
use super::pagination::{OrderDirection, Ordering, Page, list_cost, page};
use super::record::record_object;
use super::scalars::{Date, DateTime, Money, Score};
use super::viewer::sees_staff_fields_of_estate;
use super::{db, within};
use crate::domain::calendar::today;
use crate::domain::fixed_point;
use crate::domain::tender::{award_from, contract_due, contract_overdue};
use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use entity::vocab::{AgreementGround, ObjectionStatus, TenderKind, TenderMethod, TenderRunner, TenderStatus};
use entity::{bid, enterprise, estate, selection_approval, service_contract, tender, tender_objection};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use wuye_macros::declared;

record_object!(
    /// 招标 A tender for an estate's property services.
    Tender(tender::Model)
);

/// Whether a tender's bids are open (read by everyone) — from the opening on.
pub fn bids_open(status: TenderStatus) -> bool {
    status != TenderStatus::Announced
}

/// 招标进程 One step of a tender's history.
#[derive(SimpleObject)]
pub struct TenderEvent {
    /// 步骤 What happened (the mutation that did it).
    step: &'static str,
    /// 日期 The day.
    on: Date,
}

/// 招标 A tender for an estate's property services (county policy 四(一)8, 四(二)11; 《物业管理条例》art. 24).
#[declared(node)]
#[Object]
impl Tender {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 编号 wuye's number of the tender.
    async fn number(&self) -> &str;
    /// 小区 The estate.
    #[plan(one(|t| Some(t.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 招标类型 Early-stage service, or the owners' selection.
    async fn kind(&self) -> TenderKind;
    /// 选聘方式 Public tender, invited tender, or selection by agreement.
    async fn method(&self) -> TenderMethod;
    /// 组织者 The town, or the owners' committee with the town's consent.
    async fn run_by(&self) -> TenderRunner;
    /// 镇同意日期 For a tender the committee runs: the day of the town's consent.
    async fn town_consent_on(&self) -> Option<Date>;
    /// 镇同意文号 For a tender the committee runs: the reference of the town's consent.
    async fn town_consent_reference(&self) -> Option<&str>;
    /// 服务范围 The services tendered.
    async fn service_scope(&self) -> &str;
    /// 最高限价 The highest fee a bid may offer, per m² per month.
    async fn ceiling_fee(&self) -> Money {
        Money(fixed_point::Money(self.0.ceiling_fee))
    }
    /// 招标文件发出日期 Day the tender documents were issued.
    async fn documents_issued_on(&self) -> Date;
    /// 投标截止日期 The last day to bid.
    async fn bid_deadline(&self) -> Date;
    /// 开标日期 The day set for the opening.
    async fn opening_on(&self) -> Date;
    /// 状态 Where it stands.
    async fn status(&self) -> TenderStatus;
    /// 协议选聘批准 For selection by agreement: the county's approval it rests on.
    #[plan(one(|t| t.0.approval_id, record(SelectionApproval)))]
    async fn approval(&self, ctx: &Context<'_>) -> Result<Option<SelectionApproval>> {
        let Some(id) = self.0.approval_id else { return Ok(None) };
        Ok(loaders(ctx).one::<selection_approval::Entity>(id).await?.map(SelectionApproval))
    }
    /// 受邀企业 For an invited tender: the enterprises invited.
    async fn invited_enterprises(&self, ctx: &Context<'_>) -> Result<Vec<Enterprise>> {
        let loaders = loaders(ctx);
        let invited = loaders.invitations_of_tender.load_one(self.0.id).await?.unwrap_or_default();
        let mut found = loaders.many::<enterprise::Entity>(invited.iter().map(|i| i.enterprise_id)).await?;
        Ok(invited.iter().filter_map(|i| found.remove(&i.enterprise_id)).map(Enterprise).collect())
    }
    /// 开标日期 Day the bids were opened.
    async fn opened_on(&self) -> Option<Date>;
    /// 流标日期 Day it failed for too few bids.
    async fn failed_on(&self) -> Option<Date>;
    /// 流标原因 Why it failed.
    async fn failure_reason(&self) -> Option<&str>;
    /// 投标 The bids, in the order submitted: none before the opening (they are sealed), every one after it.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn bids(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Bid>> {
        if !bids_open(self.0.status) {
            return Ok(Vec::new());
        }
        let bids = loaders(ctx).bids_of_tender.load_one(self.0.id).await?.unwrap_or_default();
        Ok(super::pagination::cap(bids, first)?.into_iter().map(Bid).collect())
    }
    /// 社区意见 The community's opinion (四(三)7).
    async fn opinion(&self) -> Option<&str>;
    /// 意见日期 Day of the community's opinion.
    async fn opinion_on(&self) -> Option<Date>;
    /// 评标日期 Day of the evaluation.
    async fn evaluated_on(&self) -> Option<Date>;
    /// 评标委员会 The panel's names: null for anyone but staff over the estate.
    async fn panel(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        Ok(if sees_staff_fields_of_estate(ctx, self.0.estate_id).await? { self.0.panel.as_deref() } else { None })
    }
    /// 中标候选人 The first-ranked bid, once publicised (the winner, once awarded).
    async fn candidate(&self, ctx: &Context<'_>) -> Result<Option<Bid>> {
        let Some(id) = self.0.candidate_bid_id else { return Ok(None) };
        Ok(loaders(ctx).one::<bid::Entity>(id).await?.map(Bid))
    }
    /// 公示日期 Day the candidate was publicised.
    async fn publicized_on(&self) -> Option<Date>;
    /// 可定标日期 The first day the candidate may be awarded: after 3 days of publicity (招标投标法实施条例 art. 54).
    async fn award_from(&self) -> Option<Date> {
        self.0.publicized_on.map(|d| Date(award_from(d)))
    }
    /// 异议 Objections to the candidate, with the county's decisions.
    async fn objections(&self, ctx: &Context<'_>) -> Result<Vec<TenderObjection>> {
        let objections = loaders(ctx).objections_of_tender.load_one(self.0.id).await?.unwrap_or_default();
        Ok(objections.into_iter().map(TenderObjection).collect())
    }
    /// 定标日期 Day it was awarded.
    async fn awarded_on(&self) -> Option<Date>;
    /// 合同签订期限 The last day to sign the contract: 30 days after the award (办法 art. 39).
    async fn contract_due_on(&self) -> Option<Date> {
        self.0.awarded_on.map(|d| Date(contract_due(d)))
    }
    /// 逾期未签合同 Awarded, no contract, and past the 30 days.
    async fn is_contract_overdue(&self) -> bool {
        contract_overdue(self.0.status, self.0.awarded_on, today())
    }
    /// 合同 The contract signed on the award.
    #[plan(one(|t| t.0.contract_id, record(ServiceContract)))]
    async fn contract(&self, ctx: &Context<'_>) -> Result<Option<ServiceContract>> {
        let Some(id) = self.0.contract_id else { return Ok(None) };
        Ok(loaders(ctx).one::<service_contract::Entity>(id).await?.map(ServiceContract))
    }
    /// 进程 The steps so far, with their days, in order.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<TenderEvent>> {
        let t = &self.0;
        let contract = match t.contract_id {
            Some(id) => loaders(ctx).one::<service_contract::Entity>(id).await?,
            None => None,
        };
        let steps = [
            ("announceTender", Some(t.documents_issued_on)),
            ("openBids", t.opened_on),
            ("recordTenderOpinion", t.opinion_on),
            ("recordEvaluation", t.evaluated_on),
            ("publicizeCandidate", t.publicized_on),
            ("awardTender", t.awarded_on),
            ("createContract", contract.map(|c| crate::domain::calendar::local_date(c.created_at))),
        ];
        let mut history: Vec<TenderEvent> =
            steps.into_iter().filter_map(|(step, on)| on.map(|on| TenderEvent { step, on: Date(on) })).collect();
        history.sort_by_key(|e| e.on.0);
        Ok(history)
    }
    /// 版本 Version, raised by every step (optimistic concurrency).
    async fn version(&self) -> i32;
    /// 创建时间 When the record was created.
    async fn created_at(&self) -> DateTime;
    /// 更新时间 When the record last changed.
    async fn updated_at(&self) -> DateTime;
}

record_object!(
    /// 投标 An enterprise's bid in a tender (read from the opening on).
    Bid(bid::Model)
);

/// 投标 An enterprise's bid in a tender, read by everyone from the opening on (before it, by no one).
#[declared(node)]
#[Object]
impl Bid {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 招标 The tender.
    #[plan(one(|b| Some(b.0.tender_id), record(Tender)))]
    async fn tender(&self, ctx: &Context<'_>) -> Result<Option<Tender>> {
        Ok(loaders(ctx).one::<tender::Entity>(self.0.tender_id).await?.map(Tender))
    }
    /// 投标企业 The enterprise that bid.
    #[plan(one(|b| Some(b.0.enterprise_id), record(Enterprise)))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        Ok(loaders(ctx).one::<enterprise::Entity>(self.0.enterprise_id).await?.map(Enterprise))
    }
    /// 报价 The fee offered, per m² per month.
    async fn fee_per_square_meter_month(&self) -> Money {
        Money(fixed_point::Money(self.0.fee))
    }
    /// 服务承诺 The service promised.
    async fn promises(&self) -> &str;
    /// 服务团队人数 The team offered.
    async fn team_size(&self) -> i32;
    /// 投标日期 Day it was submitted.
    async fn submitted_on(&self) -> Date;
    /// 评分 The evaluation's score (0–100), once evaluated.
    async fn score(&self) -> Option<Score> {
        self.0.score.map(|s| Score(fixed_point::Score(s)))
    }
    /// 排名 Its rank by score (ties share a rank), once evaluated.
    async fn rank(&self) -> Option<i32>;
    /// 版本 Version.
    async fn version(&self) -> i32;
}

record_object!(
    /// 协议选聘批准 The county's approval of selection by agreement.
    SelectionApproval(selection_approval::Model)
);

/// 协议选聘批准 The county's approval that an estate select by agreement (办法 art. 3).
#[declared(node)]
#[Object]
impl SelectionApproval {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 小区 The estate.
    #[plan(one(|a| Some(a.0.estate_id), record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        Ok(loaders(ctx).one::<estate::Entity>(self.0.estate_id).await?.map(Estate))
    }
    /// 理由 The ground.
    async fn ground(&self) -> AgreementGround;
    /// 说明 What it rests on (a small estate's size).
    async fn note(&self) -> &str;
    /// 流标的招标 The tender that failed for too few bidders.
    #[plan(one(|a| a.0.failed_tender_id, record(Tender)))]
    async fn failed_tender(&self, ctx: &Context<'_>) -> Result<Option<Tender>> {
        let Some(id) = self.0.failed_tender_id else { return Ok(None) };
        Ok(loaders(ctx).one::<tender::Entity>(id).await?.map(Tender))
    }
    /// 批准日期 Day of the approval.
    async fn approved_on(&self) -> Date;
    /// 版本 Version.
    async fn version(&self) -> i32;
}

record_object!(
    /// 招标异议 A bidder's objection to a tender's candidate.
    TenderObjection(tender_objection::Model)
);

/// 招标异议 A bidder's objection to a tender's publicised candidate, with the county's decision.
#[declared(node)]
#[Object]
impl TenderObjection {
    /// 全局标识 Global id, for `node(id:)`.
    pub async fn id(&self) -> ID;
    /// 招标 The tender.
    #[plan(one(|o| Some(o.0.tender_id), record(Tender)))]
    async fn tender(&self, ctx: &Context<'_>) -> Result<Option<Tender>> {
        Ok(loaders(ctx).one::<tender::Entity>(self.0.tender_id).await?.map(Tender))
    }
    /// 异议人投标 The objector's own bid.
    #[plan(one(|o| Some(o.0.bid_id), record(Bid)))]
    async fn bid(&self, ctx: &Context<'_>) -> Result<Option<Bid>> {
        Ok(loaders(ctx).one::<bid::Entity>(self.0.bid_id).await?.map(Bid))
    }
    /// 理由 Why.
    async fn reason(&self) -> &str;
    /// 提出日期 Day it was lodged.
    async fn lodged_on(&self) -> Date;
    /// 状态 PENDING, UPHELD or DISMISSED.
    async fn status(&self) -> ObjectionStatus;
    /// 处理日期 Day the county decided it.
    async fn decided_on(&self) -> Option<Date>;
    /// 处理理由 The county's reasons.
    async fn decision_reason(&self) -> Option<&str>;
    /// 版本 Version.
    async fn version(&self) -> i32;
}

/// 招标筛选 Which tenders to list; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct TenderFilter {
    /// 镇代码 Only for estates in this town.
    town_code: Option<String>,
    /// 小区编码 Only for this estate.
    estate_code: Option<String>,
    /// 状态 Only in this status.
    status: Option<TenderStatus>,
    /// 起始日期 Only with documents issued on or after this day.
    from: Option<Date>,
    /// 截止日期 Only with documents issued on or before this day.
    to: Option<Date>,
}

/// The public's list of tenders.
#[derive(Default)]
pub struct TenderQuery;

#[declared(roots)]
#[Object]
impl TenderQuery {
    /// 招标 Tenders, the latest announced first (public).
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(LIST)]
    async fn tenders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
        #[graphql(desc = "筛选 Filter")] filter: Option<TenderFilter>,
    ) -> Result<Page<Tender>> {
        Ok((LIST.read)(db(ctx), first, after, (filter.unwrap_or_default(),)).await?)
    }
}

/// `tenders`, for everyone alike.
pub const LIST: List<Tender, (TenderFilter,)> = List::new(|db, first, after, (filter,)| {
    Box::pin(async move {
        use tender::Column;
        let place = within::estate_filter(Column::EstateId, filter.town_code, filter.estate_code);
        let mut query = tender::Entity::find().filter(place);
        if let Some(status) = filter.status {
            query = query.filter(Column::Status.eq(status));
        }
        if let Some(from) = filter.from {
            query = query.filter(Column::DocumentsIssuedOn.gte(from.0));
        }
        if let Some(to) = filter.to {
            query = query.filter(Column::DocumentsIssuedOn.lte(to.0));
        }
        let ordering = Ordering::by_id(Column::Id, OrderDirection::Desc);
        page(db, query, ordering, first, after).await
    })
});
