//! Assessment rounds (考核评比): the county rates enterprises, estates or service centres across the county; a town
//! rates its own. A round is drafted and its results recorded (again and again while it is a draft, out of public
//! view); publishing makes it public and immutable, and may propose credit records for the top and bottom results
//! of an enterprise round, for the county to confirm.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::credit::{Proposal, rule_in_use};
use super::{Service, county_place, find, find_by, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::fixed_point::Score;
use crate::domain::ranking::{ranks, top_and_bottom};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{AssessmentLevel, AssessmentStatus, AssessmentSubjectKind, CreditRecordSource, Plaque, RecordKind};
use entity::{assessment_result, assessment_round, community, county, enterprise, estate, service_contract, town};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{Value, json};
use std::collections::HashSet;

/// A new round.
#[derive(Debug, Clone)]
pub struct NewRound {
    pub name: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub level: AssessmentLevel,
    pub subject_kind: AssessmentSubjectKind,
    /// The town of a TOWN-level round.
    pub town_code: Option<String>,
}

/// One subject's result. The subject is named with its kind, which must be what the round rates.
#[derive(Debug, Clone)]
pub struct NewResult {
    pub subject: (RecordKind, i64),
    pub score: Score,
    pub plaque: Plaque,
    pub measures: Option<String>,
}

/// Credit records to propose on publishing an enterprise round: the top and the bottom results (ties included),
/// under these rules.
#[derive(Debug, Clone)]
pub struct CreditProposals {
    pub top: u32,
    pub top_rule_code: String,
    pub bottom: u32,
    pub bottom_rule_code: String,
}

fn round_public(round: &assessment_round::Model, results: &[assessment_result::Model]) -> Value {
    json!({
        "name": round.name,
        "periodStart": round.period_start,
        "periodEnd": round.period_end,
        "level": round.level,
        "subjectKind": round.subject_kind,
        "status": round.status,
        "publishedOn": round.published_on,
        "results": results.iter().map(|r| json!({
            "subjectId": r.subject_id, "score": Score(r.score).to_string(), "plaque": r.plaque, "measures": r.measures,
        })).collect::<Vec<_>>(),
    })
}

/// Where a round lies: its county, and its town for a town round.
async fn round_place(txn: &DatabaseTransaction, round: &assessment_round::Model) -> Result<Place> {
    match round.town_id {
        Some(town_id) => place::of_town(txn, &find::<town::Entity>(txn, town_id).await?).await,
        None => {
            let county = find::<county::Entity>(txn, round.county_id).await?;
            Ok(Place { county: Some(county.code), ..Place::default() })
        }
    }
}

/// The draft round with this id and where it lies, for `actor` who runs it to do what `words` say: FORBIDDEN unless
/// they run rounds at its level over its place, INVALID_STATE once it is published.
async fn draft_round(
    txn: &DatabaseTransaction,
    actor: &Actor,
    id: i64,
    words: (&str, &str),
) -> Result<(assessment_round::Model, Place)> {
    let round = find::<assessment_round::Entity>(txn, id).await?;
    let place = round_place(txn, &round).await?;
    require_runs(actor, &round, &place)?;
    workflow::check(round.status, &[AssessmentStatus::Draft], words)?;
    Ok((round, place))
}

/// FORBIDDEN unless the actor runs rounds at the round's level over its place (a county also a town's).
fn require_runs(actor: &Actor, round: &assessment_round::Model, place: &Place) -> Result<()> {
    let tier = match round.level {
        AssessmentLevel::County => Tier::County,
        AssessmentLevel::Town => Tier::Town,
    };
    require_tier(actor, tier, place, "run this assessment round", "组织该考核评比")
}

/// The ids of what the round may rate: county-wide, or the town's own (its estates, the enterprises that serve or
/// served them, its own service centre).
async fn subjects_in_scope(txn: &DatabaseTransaction, round: &assessment_round::Model) -> Result<HashSet<i64>> {
    let towns: Vec<i64> = match round.town_id {
        Some(town_id) => vec![town_id],
        None => {
            let towns = town::Entity::find().filter(town::Column::CountyId.eq(round.county_id));
            towns.select_only().column(town::Column::Id).into_tuple().all(txn).await?
        }
    };
    if round.subject_kind == AssessmentSubjectKind::ServiceCenter {
        return Ok(towns.into_iter().collect());
    }
    let communities = community::Entity::find().filter(community::Column::TownId.is_in(towns));
    let communities: Vec<i64> = communities.select_only().column(community::Column::Id).into_tuple().all(txn).await?;
    let estates = estate::Entity::find().filter(estate::Column::CommunityId.is_in(communities));
    let estates: Vec<i64> = estates.select_only().column(estate::Column::Id).into_tuple().all(txn).await?;
    match round.subject_kind {
        AssessmentSubjectKind::Estate => Ok(estates.into_iter().collect()),
        AssessmentSubjectKind::Enterprise if round.level == AssessmentLevel::County => {
            let all = enterprise::Entity::find().select_only().column(enterprise::Column::Id);
            Ok(all.into_tuple::<i64>().all(txn).await?.into_iter().collect())
        }
        _ => {
            let served = service_contract::Entity::find().filter(service_contract::Column::EstateId.is_in(estates));
            let served = served.select_only().column(service_contract::Column::EnterpriseId).distinct();
            Ok(served.into_tuple::<i64>().all(txn).await?.into_iter().collect())
        }
    }
}

/// A round's results, best first.
async fn results_of(txn: &DatabaseTransaction, round_id: i64) -> Result<Vec<assessment_result::Model>> {
    Ok(assessment_result::Entity::find()
        .filter(assessment_result::Column::RoundId.eq(round_id))
        .order_by_desc(assessment_result::Column::Score)
        .order_by_asc(assessment_result::Column::SubjectId)
        .all(txn)
        .await?)
}

impl Service {
    /// 新建考核评比 The county (county level) or a town (town level) drafts a round.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_assessment_round(
        &self,
        actor: Option<&Actor>,
        new: NewRound,
    ) -> Result<assessment_round::Model> {
        let actor = signed_in(actor)?;
        let name = required("name", &new.name)?;
        if new.period_end < new.period_start {
            let message = "the period ends before it starts";
            return Err(
                InvalidField::new("periodEnd", "end-after-start", message, "考核期间的结束日期早于开始日期").into()
            );
        }
        let txn = self.begin().await?;
        let (county_id, town_id, place) = match (new.level, new.town_code.as_deref()) {
            (AssessmentLevel::Town, Some(code)) => {
                let town = find_by::<town::Entity>(&txn, town::Column::Code, code).await?;
                let place = place::of_town(&txn, &town).await?;
                require_tier(actor, Tier::Town, &place, "run assessments in this town", "在该镇组织考核评比")?;
                (town.county_id, Some(town.id), place)
            }
            (AssessmentLevel::County, None) => {
                let place = county_place(&txn, actor, "run county assessments", "组织县级考核评比").await?;
                let code = place.county.clone().unwrap_or_default();
                let county = find_by::<county::Entity>(&txn, county::Column::Code, &code).await?;
                (county.id, None, place)
            }
            _ => {
                let message = "a TOWN round names its town, a COUNTY round none";
                return Err(InvalidField::new(
                    "townCode",
                    "round-town",
                    message,
                    "镇级考核须指明所属镇，县级考核不指明",
                )
                .into());
            }
        };
        let now = chrono::Utc::now();
        let round = assessment_round::ActiveModel {
            name: Set(name),
            period_start: Set(new.period_start),
            period_end: Set(new.period_end),
            level: Set(new.level),
            county_id: Set(county_id),
            town_id: Set(town_id),
            subject_kind: Set(new.subject_kind),
            status: Set(AssessmentStatus::Draft),
            published_on: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = public_snapshot(round_public(&round, &[]));
        self.commit(txn, actor, Change::new(Action::CreateAssessmentRound, &round, &place, None, after).staff_only())
            .await?;
        Ok(round)
    }

    /// 录入考核结果 The round's results, replacing those recorded before, while it is a draft.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_assessment_results(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        results: Vec<NewResult>,
    ) -> Result<assessment_round::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = draft_round(&txn, actor, id, ("record results", "录入考核结果")).await?;
        let allowed = subjects_in_scope(&txn, &current).await?;
        let kind = match current.subject_kind {
            AssessmentSubjectKind::Enterprise => RecordKind::Enterprise,
            AssessmentSubjectKind::Estate => RecordKind::Estate,
            AssessmentSubjectKind::ServiceCenter => RecordKind::Town,
        };
        for (i, result) in results.iter().enumerate() {
            if result.subject.0 != kind || !allowed.contains(&result.subject.1) {
                let message = "not a subject this round may rate";
                let field = format!("results[{i}].subjectId");
                return Err(InvalidField::new(field, "round-subject", message, "不属于本次考核的对象").into());
            }
        }
        let before = Some(public_snapshot(round_public(&current, &results_of(&txn, id).await?)));
        assessment_result::Entity::delete_many().filter(assessment_result::Column::RoundId.eq(id)).exec(&txn).await?;
        let now = chrono::Utc::now();
        for (i, result) in results.into_iter().enumerate() {
            let measures = match result.measures.as_deref() {
                Some(text) => Some(required(&format!("results[{i}].measures"), text)?),
                None => None,
            };
            assessment_result::ActiveModel {
                round_id: Set(id),
                subject_id: Set(result.subject.1),
                score: Set(result.score.hundredths()),
                plaque: Set(result.plaque),
                measures: Set(measures),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        // The round's version rises with its results, so two people recording at once cannot both win.
        let round = save(&txn, expected_version, current).await?;
        let after = public_snapshot(round_public(&round, &results_of(&txn, id).await?));
        let change = Change::new(Action::RecordAssessmentResults, &round, &place, before, after).staff_only();
        self.commit(txn, actor, change).await?;
        Ok(round)
    }

    /// 发布考核评比 Publishes a round with its results; from now on it is public and never changes. For an
    /// enterprise round, credit records can be proposed for its top and bottom results.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publish_assessment_round(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        proposals: Option<CreditProposals>,
    ) -> Result<assessment_round::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = draft_round(&txn, actor, id, ("publish the round", "发布考核评比")).await?;
        let results = results_of(&txn, id).await?;
        if results.is_empty() {
            let message = "a round is published with its results; record them first";
            return Err(InvalidField::new("id", "round-results", message, "请先录入考核结果再发布").into());
        }
        let next = assessment_round::Model {
            status: AssessmentStatus::Published,
            published_on: Some(today()),
            ..current.clone()
        };
        let published = save(&txn, expected_version, next).await?;
        let before = Some(public_snapshot(round_public(&current, &results)));
        let after = public_snapshot(round_public(&published, &results));
        self.audit(&txn, actor, Change::new(Action::PublishAssessmentRound, &published, &place, before, after)).await?;
        if let Some(proposals) = proposals {
            self.propose_from_round(&txn, actor, (&published, &place), &results, proposals).await?;
        }
        txn.commit().await?;
        Ok(published)
    }

    /// Proposes the credit records of a published enterprise round: its top results under one rule, its bottom
    /// results under another, each a PROPOSED record for the county to confirm.
    async fn propose_from_round(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        (round, place): (&assessment_round::Model, &Place),
        results: &[assessment_result::Model],
        proposals: CreditProposals,
    ) -> Result<()> {
        if round.subject_kind != AssessmentSubjectKind::Enterprise {
            let message = "credit records are proposed from rounds that rate enterprises";
            return Err(
                InvalidField::new("proposeCredit", "enterprise-round", message, "只有企业考核可提出信用记录").into()
            );
        }
        let top_rule = rule_in_use(txn, "proposeCredit.topRuleCode", &proposals.top_rule_code).await?;
        let bottom_rule = rule_in_use(txn, "proposeCredit.bottomRuleCode", &proposals.bottom_rule_code).await?;
        let scores: Vec<i64> = results.iter().map(|r| r.score).collect();
        let ranks = ranks(&scores);
        let (tops, bottoms) = top_and_bottom(&scores, proposals.top as usize, proposals.bottom as usize);
        let chosen = tops.into_iter().map(|i| (i, &top_rule)).chain(bottoms.into_iter().map(|i| (i, &bottom_rule)));
        for (i, rule) in chosen {
            let result = &results[i];
            let enterprise = find::<enterprise::Entity>(txn, result.subject_id).await?;
            let facts = format!("{}：第{}名，得分{}", round.name, ranks[i], Score(result.score));
            let proposal = Proposal {
                place: Place { enterprise: Some(enterprise.credit_code.clone()), ..place.clone() },
                enterprise,
                rule: rule.clone(),
                estate_id: None,
                facts,
                evidence: format!("考核评比：{}（{} 至 {}）", round.name, round.period_start, round.period_end),
                occurred_on: round.published_on.unwrap_or_else(today),
                source: CreditRecordSource::Assessment,
                assessment_round_id: Some(round.id),
            };
            self.propose(txn, actor, proposal, Action::PublishAssessmentRound).await?;
        }
        Ok(())
    }
}
