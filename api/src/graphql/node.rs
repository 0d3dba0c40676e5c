//! The `Node` interface: any record with a global id, by that id. Which kinds of record have one is said once, by
//! `RecordKind::has_global_id`; the match in [`load`] is exhaustive, so a new kind does not compile until it names
//! its node type, and a node type does not compile until it says who sees its records ([`NodeType`]).

use super::assembly::{AssemblyMeeting, CorrectionOrder, PreparatoryGroup, Resolution};
use super::assessment::{AssessmentRound, sees_round};
use super::committee::Committee;
use super::complaint::{Complaint, sees_complaint};
use super::contract::{PerformanceBond, ServiceContract};
use super::credit::{CreditObjection, CreditRecord, CreditRule, sees_objections_to, sees_record};
use super::disclosure::{PublicIncomeDisclosure, sees_disclosure};
use super::emergency::EmergencyPeriod;
use super::enforcement::{EnforcementCase, sees_case};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::fund::{FundAccount, ReplenishmentPlan};
use super::fund_usage::{FundUsage, sees_usage};
use super::handover::{ExitWarning, Handover};
use super::hazard::{HazardReport, sees_hazard_report};
use super::ids::parse_node_id;
use super::inspection::Inspection;
use super::joint_meeting::JointMeeting;
use super::loaders::loaders;
use super::rectification::RectificationNotice;
use super::region::{Community, County, Town};
use super::tender::{Bid, SelectionApproval, Tender, TenderObjection, bids_open};
use crate::error::Error;
use async_graphql::{Context, ID, Interface, Object, Result};
use entity::vocab::RecordKind;
use entity::{
    assembly_meeting, assessment_round, bid, committee, community, complaint, correction_order, county,
    credit_objection, credit_record, credit_rule, emergency_period, enforcement_case, enterprise, estate, exit_warning,
    fund_account, fund_usage, handover, hazard_report, inspection, joint_meeting, performance_bond, preparatory_group,
    public_income_disclosure, rectification_notice, replenishment_plan, resolution, selection_approval,
    service_contract, tender, tender_objection, town,
};
use futures_util::future::try_join_all;
use sea_orm::{EntityTrait, ModelTrait};

/// 节点 Any record with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "全局标识 Global id"))]
pub enum Node {
    County(County),
    Town(Town),
    Community(Community),
    Estate(Estate),
    Enterprise(Enterprise),
    ServiceContract(ServiceContract),
    Committee(Committee),
    CreditRule(CreditRule),
    CreditRecord(CreditRecord),
    CreditObjection(CreditObjection),
    AssessmentRound(AssessmentRound),
    PerformanceBond(PerformanceBond),
    PublicIncomeDisclosure(PublicIncomeDisclosure),
    FundAccount(FundAccount),
    FundUsage(FundUsage),
    ReplenishmentPlan(ReplenishmentPlan),
    ExitWarning(ExitWarning),
    Handover(Handover),
    EmergencyPeriod(EmergencyPeriod),
    Complaint(Complaint),
    JointMeeting(JointMeeting),
    Inspection(Inspection),
    RectificationNotice(RectificationNotice),
    HazardReport(HazardReport),
    EnforcementCase(EnforcementCase),
    Tender(Tender),
    Bid(Bid),
    SelectionApproval(SelectionApproval),
    TenderObjection(TenderObjection),
    PreparatoryGroup(PreparatoryGroup),
    AssemblyMeeting(AssemblyMeeting),
    Resolution(Resolution),
    CorrectionOrder(CorrectionOrder),
}

/// A kind of record that answers `node(id:)`: its table, and whether the viewer may see one of its records. There is
/// no default: a kind the public always sees says so in [`always_public!`], any other says who sees it, and
/// [`load`] needs the answer for every kind with a global id, so a new kind cannot be forgotten.
pub trait NodeType: From<Model<Self>> + Into<Node> {
    type Entity: EntityTrait<Model: Clone + Send + Sync + ModelTrait<Entity = Self::Entity>>;

    /// Whether the viewer of `ctx` may see `record`; a record they may not reads as null, like one that does not
    /// exist.
    fn sees(ctx: &Context<'_>, record: &Model<Self>) -> impl Future<Output = Result<bool, Error>> + Send;
}

/// The row of a node type.
type Model<T> = <<T as NodeType>::Entity as EntityTrait>::Model;

/// Node types whose every record is public.
macro_rules! always_public {
    ($($ty:ty => $entity:path),* $(,)?) => {
        $(impl NodeType for $ty {
            type Entity = $entity;
            async fn sees(_: &Context<'_>, _: &Model<Self>) -> Result<bool, Error> {
                Ok(true)
            }
        })*
    };
}

always_public!(
    County => county::Entity,
    Town => town::Entity,
    Community => community::Entity,
    Estate => estate::Entity,
    Enterprise => enterprise::Entity,
    ServiceContract => service_contract::Entity,
    Committee => committee::Entity,
    CreditRule => credit_rule::Entity,
    PerformanceBond => performance_bond::Entity,
    FundAccount => fund_account::Entity,
    ReplenishmentPlan => replenishment_plan::Entity,
    ExitWarning => exit_warning::Entity,
    Handover => handover::Entity,
    EmergencyPeriod => emergency_period::Entity,
    JointMeeting => joint_meeting::Entity,
    // The record is public; its items withhold what is not (`Inspection::items`).
    Inspection => inspection::Entity,
    RectificationNotice => rectification_notice::Entity,
    Tender => tender::Entity,
    SelectionApproval => selection_approval::Entity,
    TenderObjection => tender_objection::Entity,
    PreparatoryGroup => preparatory_group::Entity,
    AssemblyMeeting => assembly_meeting::Entity,
    Resolution => resolution::Entity,
    CorrectionOrder => correction_order::Entity,
);

impl NodeType for Bid {
    type Entity = bid::Entity;
    /// Sealed until the opening: no one reads a bid before it.
    async fn sees(ctx: &Context<'_>, bid: &bid::Model) -> Result<bool, Error> {
        let tender = loaders(ctx).one::<tender::Entity>(bid.tender_id).await?;
        Ok(tender.is_some_and(|t| bids_open(t.status)))
    }
}

impl NodeType for CreditRecord {
    type Entity = credit_record::Entity;
    async fn sees(ctx: &Context<'_>, record: &credit_record::Model) -> Result<bool, Error> {
        sees_record(ctx, record).await
    }
}

impl NodeType for CreditObjection {
    type Entity = credit_objection::Entity;
    /// Who sees the objections to its record.
    async fn sees(ctx: &Context<'_>, objection: &credit_objection::Model) -> Result<bool, Error> {
        match loaders(ctx).one::<credit_record::Entity>(objection.record_id).await? {
            Some(record) => sees_objections_to(ctx, &record).await,
            None => Ok(false),
        }
    }
}

impl NodeType for AssessmentRound {
    type Entity = assessment_round::Entity;
    async fn sees(ctx: &Context<'_>, round: &assessment_round::Model) -> Result<bool, Error> {
        sees_round(ctx, round).await
    }
}

impl NodeType for PublicIncomeDisclosure {
    type Entity = public_income_disclosure::Entity;
    async fn sees(ctx: &Context<'_>, disclosure: &public_income_disclosure::Model) -> Result<bool, Error> {
        sees_disclosure(ctx, disclosure).await
    }
}

impl NodeType for FundUsage {
    type Entity = fund_usage::Entity;
    async fn sees(ctx: &Context<'_>, usage: &fund_usage::Model) -> Result<bool, Error> {
        sees_usage(ctx, usage).await
    }
}

impl NodeType for HazardReport {
    type Entity = hazard_report::Entity;
    async fn sees(ctx: &Context<'_>, report: &hazard_report::Model) -> Result<bool, Error> {
        sees_hazard_report(ctx, report).await
    }
}

impl NodeType for EnforcementCase {
    type Entity = enforcement_case::Entity;
    async fn sees(ctx: &Context<'_>, case: &enforcement_case::Model) -> Result<bool, Error> {
        sees_case(ctx, case).await
    }
}

impl NodeType for Complaint {
    type Entity = complaint::Entity;
    async fn sees(ctx: &Context<'_>, complaint: &complaint::Model) -> Result<bool, Error> {
        sees_complaint(ctx, complaint).await
    }
}

/// The record of node type `T` with this key, through the request's loaders (so that `nodes(ids:)` batches by
/// type), if the viewer may see it.
async fn node<T: NodeType>(ctx: &Context<'_>, key: i64) -> Result<Option<Node>, Error> {
    let Some(record) = loaders(ctx).one::<T::Entity>(key).await? else { return Ok(None) };
    Ok(T::sees(ctx, &record).await?.then(|| T::from(record).into()))
}

/// Loads one node; a record the viewer may not see reads as null, like one that does not exist.
async fn load(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>, Error> {
    let Some((kind, key)) = parse_node_id(id) else { return Ok(None) };
    match kind {
        RecordKind::County => node::<County>(ctx, key).await,
        RecordKind::Town => node::<Town>(ctx, key).await,
        RecordKind::Community => node::<Community>(ctx, key).await,
        RecordKind::Estate => node::<Estate>(ctx, key).await,
        RecordKind::Enterprise => node::<Enterprise>(ctx, key).await,
        RecordKind::ServiceContract => node::<ServiceContract>(ctx, key).await,
        RecordKind::Committee => node::<Committee>(ctx, key).await,
        RecordKind::CreditRule => node::<CreditRule>(ctx, key).await,
        RecordKind::CreditRecord => node::<CreditRecord>(ctx, key).await,
        RecordKind::CreditObjection => node::<CreditObjection>(ctx, key).await,
        RecordKind::AssessmentRound => node::<AssessmentRound>(ctx, key).await,
        RecordKind::PerformanceBond => node::<PerformanceBond>(ctx, key).await,
        RecordKind::PublicIncomeDisclosure => node::<PublicIncomeDisclosure>(ctx, key).await,
        RecordKind::FundAccount => node::<FundAccount>(ctx, key).await,
        RecordKind::FundUsage => node::<FundUsage>(ctx, key).await,
        RecordKind::ReplenishmentPlan => node::<ReplenishmentPlan>(ctx, key).await,
        RecordKind::ExitWarning => node::<ExitWarning>(ctx, key).await,
        RecordKind::Handover => node::<Handover>(ctx, key).await,
        RecordKind::EmergencyPeriod => node::<EmergencyPeriod>(ctx, key).await,
        RecordKind::Complaint => node::<Complaint>(ctx, key).await,
        RecordKind::JointMeeting => node::<JointMeeting>(ctx, key).await,
        RecordKind::Inspection => node::<Inspection>(ctx, key).await,
        RecordKind::RectificationNotice => node::<RectificationNotice>(ctx, key).await,
        RecordKind::HazardReport => node::<HazardReport>(ctx, key).await,
        RecordKind::EnforcementCase => node::<EnforcementCase>(ctx, key).await,
        RecordKind::Tender => node::<Tender>(ctx, key).await,
        RecordKind::Bid => node::<Bid>(ctx, key).await,
        RecordKind::SelectionApproval => node::<SelectionApproval>(ctx, key).await,
        RecordKind::TenderObjection => node::<TenderObjection>(ctx, key).await,
        RecordKind::PreparatoryGroup => node::<PreparatoryGroup>(ctx, key).await,
        RecordKind::AssemblyMeeting => node::<AssemblyMeeting>(ctx, key).await,
        RecordKind::Resolution => node::<Resolution>(ctx, key).await,
        RecordKind::CorrectionOrder => node::<CorrectionOrder>(ctx, key).await,
        // No global ids: `parse_node_id` never yields these kinds.
        RecordKind::Filing
        | RecordKind::CreditScoring
        | RecordKind::FundLedgerEntry
        | RecordKind::ComplaintTimeLimit => Ok(None),
    }
}

/// Lookups by global id.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// 按标识取记录 The record with this global id; null when there is none.
    async fn node(
        &self, ctx: &Context<'_>, #[graphql(desc = "全局标识 Global id")] id: ID
    ) -> Result<Option<Node>> {
        Ok(load(ctx, &id).await?)
    }

    /// 按标识批量取记录 The records with these global ids (at most 100), in the same order; null where there is none.
    #[graphql(complexity = "ids.len().clamp(1, 100) * child_complexity")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "全局标识列表 Global ids (at most 100)")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(Error::QueryRejected {
                reason: "PAGE_SIZE",
                message: format!("nodes takes at most 100 ids, not {}", ids.len()),
                message_zh: format!("nodes 最多接受100个标识，不能是{}个", ids.len()),
                measure: Some(crate::error::Measure { value: ids.len(), budget: 100 }),
            }
            .into());
        }
        Ok(try_join_all(ids.iter().map(|id| load(ctx, id))).await?)
    }
}
