//! The `Node` interface: any record with a global id, by that id. Which kinds of record have one is said once, by
//! `RecordKind::has_global_id`; the match below is exhaustive, so a new kind does not compile until it says how
//! its node loads.

use super::assessment::{AssessmentRound, sees_round};
use super::committee::Committee;
use super::complaint::{Complaint, sees_complaint};
use super::contract::ServiceContract;
use super::credit::{CreditObjection, CreditRecord, CreditRule, sees_objections_to, sees_record};
use super::disclosure::{PublicIncomeDisclosure, sees_disclosure};
use super::emergency::EmergencyPeriod;
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::fund::{FundAccount, FundUsage, PerformanceBond, ReplenishmentPlan, sees_usage};
use super::handover::{ExitWarning, Handover};
use super::ids::parse_node_id;
use super::joint_meeting::JointMeeting;
use super::loaders::loaders;
use super::region::{Community, County, Town};
use crate::error::Error;
use async_graphql::{Context, ID, Interface, Object, Result};
use entity::vocab::RecordKind;
use entity::{
    assessment_round, committee, community, complaint, county, credit_objection, credit_record, credit_rule,
    emergency_period, enterprise, estate, exit_warning, fund_account, fund_usage, handover, joint_meeting,
    performance_bond, public_income_disclosure, replenishment_plan, service_contract, town,
};
use futures_util::future::try_join_all;

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
}

/// Loads one node through the request's loaders, so that `nodes(ids:)` batches by type; a record the viewer may
/// not see reads as null, like one that does not exist.
async fn load(ctx: &Context<'_>, id: &ID) -> Result<Option<Node>, Error> {
    let Some((kind, key)) = parse_node_id(id) else { return Ok(None) };
    let loaders = loaders(ctx);
    Ok(match kind {
        RecordKind::County => loaders.one::<county::Entity>(key).await?.map(|m| Node::County(County(m))),
        RecordKind::Town => loaders.one::<town::Entity>(key).await?.map(|m| Node::Town(Town(m))),
        RecordKind::Community => loaders.one::<community::Entity>(key).await?.map(|m| Node::Community(Community(m))),
        RecordKind::Estate => loaders.one::<estate::Entity>(key).await?.map(|m| Node::Estate(Estate(m))),
        RecordKind::Enterprise => {
            loaders.one::<enterprise::Entity>(key).await?.map(|m| Node::Enterprise(Enterprise(m)))
        }
        RecordKind::ServiceContract => {
            loaders.one::<service_contract::Entity>(key).await?.map(|m| Node::ServiceContract(ServiceContract(m)))
        }
        RecordKind::Committee => loaders.one::<committee::Entity>(key).await?.map(|m| Node::Committee(Committee(m))),
        // No global ids: `parse_node_id` never yields these kinds.
        RecordKind::CreditRule => {
            loaders.one::<credit_rule::Entity>(key).await?.map(|m| Node::CreditRule(CreditRule(m)))
        }
        RecordKind::CreditRecord => match loaders.one::<credit_record::Entity>(key).await? {
            Some(record) if sees_record(ctx, &record).await? => Some(Node::CreditRecord(CreditRecord(record))),
            _ => None,
        },
        RecordKind::CreditObjection => match loaders.one::<credit_objection::Entity>(key).await? {
            Some(objection) => match loaders.one::<credit_record::Entity>(objection.record_id).await? {
                Some(record) if sees_objections_to(ctx, &record).await? => {
                    Some(Node::CreditObjection(CreditObjection(objection)))
                }
                _ => None,
            },
            None => None,
        },
        RecordKind::AssessmentRound => match loaders.one::<assessment_round::Entity>(key).await? {
            Some(round) if sees_round(ctx, &round).await? => Some(Node::AssessmentRound(AssessmentRound(round))),
            _ => None,
        },
        RecordKind::PerformanceBond => {
            loaders.one::<performance_bond::Entity>(key).await?.map(|m| Node::PerformanceBond(PerformanceBond(m)))
        }
        RecordKind::PublicIncomeDisclosure => match loaders.one::<public_income_disclosure::Entity>(key).await? {
            Some(d) if sees_disclosure(ctx, &d).await? => Some(Node::PublicIncomeDisclosure(PublicIncomeDisclosure(d))),
            _ => None,
        },
        RecordKind::FundAccount => {
            loaders.one::<fund_account::Entity>(key).await?.map(|m| Node::FundAccount(FundAccount(m)))
        }
        RecordKind::FundUsage => match loaders.one::<fund_usage::Entity>(key).await? {
            Some(usage) if sees_usage(ctx, &usage).await? => Some(Node::FundUsage(FundUsage(usage))),
            _ => None,
        },
        RecordKind::ReplenishmentPlan => {
            loaders.one::<replenishment_plan::Entity>(key).await?.map(|m| Node::ReplenishmentPlan(ReplenishmentPlan(m)))
        }
        RecordKind::ExitWarning => {
            loaders.one::<exit_warning::Entity>(key).await?.map(|m| Node::ExitWarning(ExitWarning(m)))
        }
        RecordKind::Handover => loaders.one::<handover::Entity>(key).await?.map(|m| Node::Handover(Handover(m))),
        RecordKind::EmergencyPeriod => {
            loaders.one::<emergency_period::Entity>(key).await?.map(|m| Node::EmergencyPeriod(EmergencyPeriod(m)))
        }
        RecordKind::Complaint => match loaders.one::<complaint::Entity>(key).await? {
            Some(c) if sees_complaint(ctx, &c).await? => Some(Node::Complaint(Complaint(c))),
            _ => None,
        },
        RecordKind::JointMeeting => {
            loaders.one::<joint_meeting::Entity>(key).await?.map(|m| Node::JointMeeting(JointMeeting(m)))
        }
        RecordKind::Filing
        | RecordKind::CreditScoring
        | RecordKind::FundLedgerEntry
        | RecordKind::ComplaintTimeLimit => None,
    })
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
