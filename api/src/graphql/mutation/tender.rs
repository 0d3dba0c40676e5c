//! Tendering: the county approves selection by agreement and decides objections; the town (or the owners'
//! committee with its consent) announces; enterprises bid, sealed; the town opens, evaluates, publicises and awards;
//! the community gives its opinion; a bidder objects.

use super::key;
use crate::domain::fixed_point;
use crate::graphql::scalars::{Date, Money, Score};
use crate::graphql::service;
use crate::graphql::tender::{SelectionApproval, Tender, TenderObjection};
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::tender::{NewBid, NewTender, TenderStep};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{AgreementGround, ObjectionStatus, RecordKind, TenderKind, TenderMethod};

/// 批准协议选聘 The county's approval of selection by agreement for an estate.
#[derive(InputObject)]
pub struct ApproveSelectionByAgreementInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 理由 FEWER_THAN_THREE_BIDDERS (name the failed tender) or SMALL_ESTATE (say its size in the note).
    ground: AgreementGround,
    /// 说明 What the approval rests on.
    note: String,
    /// 流标的招标 For FEWER_THAN_THREE_BIDDERS: the tender of the estate that failed.
    failed_tender_id: Option<ID>,
}

/// 镇同意 The town's consent to a tender the owners' committee runs.
#[derive(InputObject)]
pub struct TownConsentInput {
    /// 同意日期 Day of the consent.
    on: Date,
    /// 文号 Its reference.
    reference: String,
}

/// 发布招标公告 A tender for an estate.
#[derive(InputObject)]
pub struct AnnounceTenderInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 招标类型 Early-stage service, or the owners' selection.
    kind: TenderKind,
    /// 选聘方式 PUBLIC_TENDER, INVITED_TENDER, or BY_AGREEMENT (after the county's approval).
    method: TenderMethod,
    /// 镇同意 For a tender the owners' committee runs: the town's consent.
    town_consent: Option<TownConsentInput>,
    /// 服务范围 The services tendered.
    service_scope: String,
    /// 最高限价 The highest fee a bid may offer, per m² per month.
    ceiling_fee: Money,
    /// 招标文件发出日期 Day the documents are issued.
    documents_issued_on: Date,
    /// 投标截止日期 The last day to bid (a public tender: at least 20 days after the documents).
    bid_deadline: Date,
    /// 开标日期 The day set for the opening.
    opening_on: Date,
    /// 受邀企业 For an INVITED_TENDER: the enterprises invited.
    #[graphql(default)]
    invited_enterprise_ids: Vec<ID>,
}

/// 投标 A bid, sealed until the opening.
#[derive(InputObject)]
pub struct SubmitBidInput {
    /// 招标标识 The tender.
    tender_id: ID,
    /// 报价 The fee offered per m² per month (not above the ceiling).
    fee_per_square_meter_month: Money,
    /// 服务承诺 The service promised.
    promises: String,
    /// 服务团队人数 The team offered.
    team_size: i32,
    /// 投标日期 The day it was handed in (today if not given; within the bidding window, never ahead).
    submitted_on: Option<Date>,
}

/// A step on a tender, with its day.
#[derive(InputObject)]
pub struct TenderStepInput {
    /// 招标标识 The tender.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 日期 The day of the step (today if not given; never ahead).
    on: Option<Date>,
}

/// 社区意见 The community's opinion on a tender.
#[derive(InputObject)]
pub struct RecordTenderOpinionInput {
    /// 招标标识 The tender.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 意见 The opinion (public).
    opinion: String,
}

/// 投标评分 One bid's score.
#[derive(InputObject)]
pub struct BidScoreInput {
    /// 投标标识 The bid.
    bid_id: ID,
    /// 评分 0–100.
    score: Score,
}

/// 评标 The evaluation of an opened tender.
#[derive(InputObject)]
pub struct RecordEvaluationInput {
    /// 招标标识 The tender.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 评分 Every bid's score, each once.
    scores: Vec<BidScoreInput>,
    /// 评标委员会 The panel's names (staff only).
    panel: String,
    /// 评标日期 Day of the evaluation (today if not given).
    on: Option<Date>,
}

/// 提出异议 A bidder's objection to the publicised candidate.
#[derive(InputObject)]
pub struct LodgeTenderObjectionInput {
    /// 招标标识 The tender.
    tender_id: ID,
    /// 理由 Why (public).
    reason: String,
}

/// 处理异议 The county's decision on an objection.
#[derive(InputObject)]
pub struct DecideTenderObjectionInput {
    /// 异议标识 The objection.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 决定 UPHELD (the tender goes back to evaluation) or DISMISSED.
    decision: ObjectionStatus,
    /// 理由 The county's reasons (public).
    reason: String,
}

payload! {
    /// 批准协议选聘结果 The approval.
    ApproveSelectionByAgreementPayload { selection_approval: SelectionApproval }
    /// 发布招标结果 The tender announced.
    AnnounceTenderPayload { tender: Tender }
    /// 投标结果 The tender you bid in: your bid stays sealed, read by no one, until the opening.
    SubmitBidPayload { tender: Tender }
    /// 开标结果 The tender, OPENED (or FAILED for too few bids).
    OpenBidsPayload { tender: Tender }
    /// 社区意见结果 The tender with the community's opinion.
    RecordTenderOpinionPayload { tender: Tender }
    /// 评标结果 The tender, EVALUATED, its bids scored and ranked.
    RecordEvaluationPayload { tender: Tender }
    /// 公示结果 The tender, its candidate PUBLICIZED.
    PublicizeCandidatePayload { tender: Tender }
    /// 定标结果 The tender, AWARDED.
    AwardTenderPayload { tender: Tender }
    /// 异议结果 The objection lodged.
    LodgeTenderObjectionPayload { tender_objection: TenderObjection }
    /// 处理异议结果 The objection decided.
    DecideTenderObjectionPayload { tender_objection: TenderObjection }
}

#[derive(Default)]
pub struct TenderMutation;

impl TenderMutation {
    async fn step(ctx: &Context<'_>, input: TenderStepInput, step: TenderStep) -> Result<Tender> {
        let target = (key(RecordKind::Tender, &input.id)?, input.expected_version);
        let tender = service(ctx).move_tender(viewer(ctx), target, step, input.on.map(|d| d.0)).await?;
        Ok(Tender(tender))
    }
}

#[Object]
impl TenderMutation {
    /// 批准协议选聘 Approve that an estate select by agreement (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn approve_selection_by_agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ApproveSelectionByAgreementInput,
    ) -> Result<ApproveSelectionByAgreementPayload> {
        let estate = key(RecordKind::Estate, &input.estate_id)?;
        let failed = input.failed_tender_id.as_ref().map(|id| key(RecordKind::Tender, id)).transpose()?;
        let approval =
            service(ctx).approve_selection_by_agreement(viewer(ctx), estate, input.ground, &input.note, failed).await?;
        Ok(ApproveSelectionByAgreementPayload { selection_approval: SelectionApproval(approval) })
    }

    /// 发布招标公告 Announce a tender (town staff; an estate's owners' committee, with the town's consent).
    #[graphql(guard = "StaffOnly")]
    async fn announce_tender(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: AnnounceTenderInput,
    ) -> Result<AnnounceTenderPayload> {
        let new = NewTender {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            kind: input.kind,
            method: input.method,
            town_consent: input.town_consent.map(|c| (c.on.0, c.reference)),
            service_scope: input.service_scope,
            ceiling_fee: input.ceiling_fee.0,
            documents_issued_on: input.documents_issued_on.0,
            bid_deadline: input.bid_deadline.0,
            opening_on: input.opening_on.0,
            invited: input
                .invited_enterprise_ids
                .iter()
                .map(|id| key(RecordKind::Enterprise, id))
                .collect::<Result<_, _>>()?,
        };
        let tender = service(ctx).announce_tender(viewer(ctx), new).await?;
        Ok(AnnounceTenderPayload { tender: Tender(tender) })
    }

    /// 投标 Bid in an announced tender, sealed until the opening (enterprise staff).
    #[graphql(guard = "StaffOnly")]
    async fn submit_bid(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SubmitBidInput,
    ) -> Result<SubmitBidPayload> {
        let new = NewBid {
            tender_id: key(RecordKind::Tender, &input.tender_id)?,
            fee: input.fee_per_square_meter_month.0,
            promises: input.promises,
            team_size: input.team_size,
            submitted_on: input.submitted_on.map(|d| d.0),
        };
        let bid = service(ctx).submit_bid(viewer(ctx), new).await?;
        let tender = crate::graphql::loaders::loaders(ctx).one::<entity::tender::Entity>(bid.tender_id).await?;
        Ok(SubmitBidPayload {
            tender: Tender(tender.ok_or(crate::error::Error::NotFound { kind: RecordKind::Tender })?),
        })
    }

    /// 开标 Open the bids, on or after the opening day (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn open_bids(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: TenderStepInput,
    ) -> Result<OpenBidsPayload> {
        Ok(OpenBidsPayload { tender: Self::step(ctx, input, TenderStep::Open).await? })
    }

    /// 社区意见 Record the community's opinion on a tender (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn record_tender_opinion(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordTenderOpinionInput,
    ) -> Result<RecordTenderOpinionPayload> {
        let step = TenderStepInput { id: input.id, expected_version: input.expected_version, on: None };
        let tender = Self::step(ctx, step, TenderStep::Opinion { opinion: input.opinion }).await?;
        Ok(RecordTenderOpinionPayload { tender })
    }

    /// 评标 Record the evaluation: every bid's score (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn record_evaluation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordEvaluationInput,
    ) -> Result<RecordEvaluationPayload> {
        let scores = input
            .scores
            .iter()
            .map(|s| Ok((key(RecordKind::Bid, &s.bid_id)?, fixed_point::Score(s.score.0.0))))
            .collect::<Result<Vec<_>, crate::error::Error>>()?;
        let step = TenderStepInput { id: input.id, expected_version: input.expected_version, on: input.on };
        let tender = Self::step(ctx, step, TenderStep::Evaluate { scores, panel: input.panel }).await?;
        Ok(RecordEvaluationPayload { tender })
    }

    /// 公示中标候选人 Publicise the first-ranked bid (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn publicize_candidate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: TenderStepInput,
    ) -> Result<PublicizeCandidatePayload> {
        Ok(PublicizeCandidatePayload { tender: Self::step(ctx, input, TenderStep::Publicize).await? })
    }

    /// 定标 Award the publicised candidate, 3 days on and with no objection pending (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn award_tender(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: TenderStepInput,
    ) -> Result<AwardTenderPayload> {
        Ok(AwardTenderPayload { tender: Self::step(ctx, input, TenderStep::Award).await? })
    }

    /// 提出异议 Object to the publicised candidate of a tender you bid in (enterprise staff).
    #[graphql(guard = "StaffOnly")]
    async fn lodge_tender_objection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: LodgeTenderObjectionInput,
    ) -> Result<LodgeTenderObjectionPayload> {
        let tender = key(RecordKind::Tender, &input.tender_id)?;
        let objection = service(ctx).lodge_tender_objection(viewer(ctx), tender, &input.reason).await?;
        Ok(LodgeTenderObjectionPayload { tender_objection: TenderObjection(objection) })
    }

    /// 处理异议 Uphold or dismiss an objection (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn decide_tender_objection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DecideTenderObjectionInput,
    ) -> Result<DecideTenderObjectionPayload> {
        let uphold = match input.decision {
            ObjectionStatus::Upheld => true,
            ObjectionStatus::Dismissed => false,
            ObjectionStatus::Pending => {
                return Err(crate::error::Error::from(crate::domain::InvalidField::new(
                    "decision",
                    "objection-decision",
                    "decide UPHELD or DISMISSED",
                    "处理结果须为 UPHELD 或 DISMISSED",
                ))
                .into());
            }
        };
        let target = (key(RecordKind::TenderObjection, &input.id)?, input.expected_version);
        let objection = service(ctx).decide_tender_objection(viewer(ctx), target, uphold, &input.reason).await?;
        Ok(DecideTenderObjectionPayload { tender_objection: TenderObjection(objection) })
    }
}
