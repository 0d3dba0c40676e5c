//! Assessment mutations: draft a round, record its results, publish it (county for county rounds, a town for its
//! own).

use super::key;
use crate::error::Error;
use crate::graphql::assessment::AssessmentRound;
use crate::graphql::ids::parse_node_id;
use crate::graphql::scalars::{Date, Score};
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::assessment::{CreditProposals, NewResult, NewRound};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{AssessmentLevel, AssessmentSubjectKind, Plaque, RecordKind};

/// 新建考核评比 A new round, drafted.
#[derive(InputObject)]
pub struct CreateAssessmentRoundInput {
    /// 名称 Name, e.g. 2025年度物业服务企业考核评比.
    name: String,
    /// 考核期间开始 First day of the period assessed.
    period_start: Date,
    /// 考核期间结束 Last day of the period assessed.
    period_end: Date,
    /// 层级 County or town level.
    level: AssessmentLevel,
    /// 考核对象类型 What it rates.
    subject_kind: AssessmentSubjectKind,
    /// 镇代码 The town, for a town-level round.
    town_code: Option<String>,
}

/// 考核结果 One subject's result.
#[derive(InputObject)]
pub struct AssessmentResultInput {
    /// 考核对象 The enterprise, estate or town (for its service centre), by global id, as the round rates.
    subject_id: ID,
    /// 分数 Score, 0 to 100.
    score: Score,
    /// 挂牌 The plaque awarded.
    #[graphql(default_with = "Plaque::None")]
    plaque: Plaque,
    /// 奖惩措施 Rewards or penalties decided with it.
    measures: Option<String>,
}

/// 录入考核结果 The results of a draft round (they replace any recorded before).
#[derive(InputObject)]
pub struct RecordAssessmentResultsInput {
    /// 考核标识 The round.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 结果 Every subject's result.
    results: Vec<AssessmentResultInput>,
}

/// 信用记录提议 Credit records to propose for the top and bottom results of an enterprise round.
#[derive(InputObject)]
pub struct ProposeCreditFromRoundInput {
    /// 前几名 How many top places (ties included).
    #[graphql(default)]
    top: u32,
    /// 前列规则 The rule for the top places.
    #[graphql(default_with = "\"G05\".to_owned()")]
    top_rule_code: String,
    /// 后几名 How many bottom places (ties included).
    #[graphql(default)]
    bottom: u32,
    /// 后列规则 The rule for the bottom places.
    #[graphql(default_with = "\"B03\".to_owned()")]
    bottom_rule_code: String,
}

/// 发布考核评比 Publishing a round.
#[derive(InputObject)]
pub struct PublishAssessmentRoundInput {
    /// 考核标识 The round.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 提出信用记录 Propose credit records for its top and bottom results (enterprise rounds), for the county to
    /// confirm.
    propose_credit: Option<ProposeCreditFromRoundInput>,
}

payload! {
    /// 新建考核评比结果 The round drafted.
    CreateAssessmentRoundPayload { round: AssessmentRound }
    /// 录入考核结果结果 The round with its results.
    RecordAssessmentResultsPayload { round: AssessmentRound }
    /// 发布考核评比结果 The round published.
    PublishAssessmentRoundPayload { round: AssessmentRound }
}

#[derive(Default)]
pub struct AssessmentMutation;

#[Object]
impl AssessmentMutation {
    /// 新建考核评比 Draft an assessment round (county staff for county rounds, town staff for their town's).
    #[graphql(guard = "StaffOnly")]
    async fn create_assessment_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CreateAssessmentRoundInput,
    ) -> Result<CreateAssessmentRoundPayload> {
        let new = NewRound {
            name: input.name,
            period_start: input.period_start.0,
            period_end: input.period_end.0,
            level: input.level,
            subject_kind: input.subject_kind,
            town_code: input.town_code,
        };
        let round = service(ctx).create_assessment_round(viewer(ctx), new).await?;
        Ok(CreateAssessmentRoundPayload { round: AssessmentRound(round) })
    }

    /// 录入考核结果 Record the results of a draft round.
    #[graphql(guard = "StaffOnly")]
    async fn record_assessment_results(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RecordAssessmentResultsInput,
    ) -> Result<RecordAssessmentResultsPayload> {
        let id = key(RecordKind::AssessmentRound, &input.id)?;
        let mut results = Vec::with_capacity(input.results.len());
        for (i, result) in input.results.into_iter().enumerate() {
            let subject = parse_node_id(&result.subject_id).ok_or(Error::bad_input(
                format!("results[{i}].subjectId"),
                crate::domain::RuleViolation::new("round-subject", "not a subject's id", "不是考核对象的标识"),
            ))?;
            results.push(NewResult {
                subject,
                score: result.score.0,
                plaque: result.plaque,
                measures: result.measures,
            });
        }
        let round = service(ctx).record_assessment_results(viewer(ctx), id, input.expected_version, results).await?;
        Ok(RecordAssessmentResultsPayload { round: AssessmentRound(round) })
    }

    /// 发布考核评比 Publish a round; it is public and immutable from now on.
    #[graphql(guard = "StaffOnly")]
    async fn publish_assessment_round(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: PublishAssessmentRoundInput,
    ) -> Result<PublishAssessmentRoundPayload> {
        let id = key(RecordKind::AssessmentRound, &input.id)?;
        let proposals = input.propose_credit.map(|p| CreditProposals {
            top: p.top,
            top_rule_code: p.top_rule_code,
            bottom: p.bottom,
            bottom_rule_code: p.bottom_rule_code,
        });
        let round = service(ctx).publish_assessment_round(viewer(ctx), id, input.expected_version, proposals).await?;
        Ok(PublishAssessmentRoundPayload { round: AssessmentRound(round) })
    }
}
