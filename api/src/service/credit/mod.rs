//! The credit archive (信用档案). The county keeps the rules and the scoring parameters; towns and communities propose
//! records for enterprises that serve or served an estate in their scope; the county confirms, rejects or revokes
//! them; an enterprise objects to its own confirmed records and the county decides. Proposals, rejections and
//! objections stay out of the public change feed; confirmations, revocations, rules and parameters are public.

mod objections;
mod rules;

pub use rules::{CreditRulePatch, NewCreditRule};
pub(in crate::service) use rules::{rule_if_in_use, rule_in_use};

use super::action::Action;
use super::audit::{Change, public_snapshot, snapshot};
use super::{Service, find, forbidden, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::credit::expires_on;
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{CreditRecordSource, CreditRecordStatus};
use entity::{credit_record, credit_rule, enterprise, estate, service_contract};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// A record a town or community proposes.
#[derive(Debug, Clone)]
pub struct NewCreditRecord {
    pub enterprise_id: i64,
    pub rule_code: String,
    pub estate_id: Option<i64>,
    pub facts: String,
    pub evidence: String,
    pub occurred_on: NaiveDate,
}

/// The parts of a record needed to write it: its facts and where and under which rule it was collected.
pub(super) struct Proposal {
    pub enterprise: enterprise::Model,
    pub rule: credit_rule::Model,
    pub place: Place,
    pub estate_id: Option<i64>,
    pub facts: String,
    pub evidence: String,
    pub occurred_on: NaiveDate,
    pub source: CreditRecordSource,
    pub assessment_round_id: Option<i64>,
}

fn record_public(record: &credit_record::Model, enterprise_code: &str, rule_code: &str) -> Value {
    json!({
        "enterpriseCreditCode": enterprise_code,
        "ruleCode": rule_code,
        "status": record.status,
        "facts": record.facts,
        "evidence": record.evidence,
        "occurredOn": record.occurred_on,
        "kind": record.kind,
        "points": record.points,
        "expiresOn": record.expires_on,
        "confirmedOn": record.confirmed_on,
        "revokedOn": record.revoked_on,
        "decisionReason": record.decision_reason,
    })
}

/// Where a record lies: where it was collected, for its enterprise.
fn record_place(record: &credit_record::Model, enterprise_code: &str) -> Place {
    Place {
        county: Some(record.county_code.clone()),
        town: record.town_code.clone(),
        community: record.community_code.clone(),
        estate: None,
        enterprise: Some(enterprise_code.to_owned()),
    }
}

/// What the county decides about a record.
enum Decision {
    Confirm,
    Reject(String),
    Revoke(String),
}

impl Decision {
    fn action(&self) -> Action {
        match self {
            Decision::Confirm => Action::ConfirmCreditRecord,
            Decision::Reject(_) => Action::RejectCreditRecord,
            Decision::Revoke(_) => Action::RevokeCreditRecord,
        }
    }

    /// The status a record must be in.
    fn needs(&self) -> CreditRecordStatus {
        match self {
            Decision::Confirm | Decision::Reject(_) => CreditRecordStatus::Proposed,
            Decision::Revoke(_) => CreditRecordStatus::Confirmed,
        }
    }

    /// The decision in words, English and Chinese.
    fn words(&self) -> (&'static str, &'static str) {
        match self {
            Decision::Confirm => ("confirm the record", "确认信用记录"),
            Decision::Reject(_) => ("reject the record", "驳回信用记录"),
            Decision::Revoke(_) => ("revoke the record", "撤销信用记录"),
        }
    }

    /// The record as the decision leaves it. Confirmation copies the rule's kind, points and validity onto it, so
    /// a later change to the rule rewrites no history.
    fn apply(&self, current: &credit_record::Model, rule: &credit_rule::Model) -> credit_record::Model {
        let current = current.clone();
        match self {
            Decision::Confirm => credit_record::Model {
                status: CreditRecordStatus::Confirmed,
                kind: Some(rule.kind),
                points: Some(rule.points),
                validity_months: Some(rule.validity_months),
                expires_on: Some(expires_on(current.occurred_on, u32::try_from(rule.validity_months).unwrap_or(0))),
                confirmed_on: Some(today()),
                ..current
            },
            Decision::Reject(reason) => credit_record::Model {
                status: CreditRecordStatus::Rejected,
                rejected_on: Some(today()),
                decision_reason: Some(reason.clone()),
                ..current
            },
            Decision::Revoke(reason) => credit_record::Model {
                status: CreditRecordStatus::Revoked,
                revoked_on: Some(today()),
                decision_reason: Some(reason.clone()),
                ..current
            },
        }
    }
}

/// A record with its enterprise and rule, and where it lies.
struct Loaded {
    record: credit_record::Model,
    enterprise: enterprise::Model,
    rule: credit_rule::Model,
    place: Place,
}

async fn load_record(txn: &DatabaseTransaction, id: i64) -> Result<Loaded> {
    let record = find::<credit_record::Entity>(txn, id).await?;
    let enterprise = find::<enterprise::Entity>(txn, record.enterprise_id).await?;
    let rule = find::<credit_rule::Entity>(txn, record.rule_id).await?;
    let place = record_place(&record, &enterprise.credit_code);
    Ok(Loaded { record, enterprise, rule, place })
}

impl Loaded {
    fn snapshot(&self, record: &credit_record::Model) -> Value {
        public_snapshot(record_public(record, &self.enterprise.credit_code, &self.rule.code))
    }
}

/// The place where `actor` may collect a record about `enterprise`: the estate named (which the enterprise must
/// serve or have served), or else the first estate the enterprise serves or served that lies in the actor's scope.
/// FORBIDDEN when there is none: staff record what happens where they supervise.
async fn collection_place(
    txn: &DatabaseTransaction,
    actor: &Actor,
    enterprise: &enterprise::Model,
    named: Option<i64>,
) -> Result<Place> {
    let contracts = service_contract::Entity::find()
        .filter(service_contract::Column::EnterpriseId.eq(enterprise.id))
        .order_by_asc(service_contract::Column::Id)
        .all(txn)
        .await?;
    let mut served: Vec<i64> = contracts.iter().map(|c| c.estate_id).collect();
    served.dedup();
    if let Some(named) = named {
        let estate = find::<estate::Entity>(txn, named).await?;
        if !served.contains(&estate.id) {
            let message = "the enterprise never served this estate";
            return Err(InvalidField::new("estateId", "served-estate", message, "该企业未曾服务该小区").into());
        }
        served = vec![estate.id];
    }
    for estate_id in served {
        let (_estate, place) = place::estate(txn, estate_id).await?;
        if actor.supervises(Tier::Community, &place) {
            // The estate is part of the record's place only when the record names it.
            let estate = named.and(place.estate.clone());
            return Ok(Place { estate, enterprise: Some(enterprise.credit_code.clone()), ..place });
        }
    }
    Err(forbidden("propose credit records for this enterprise", "为该企业提出信用记录"))
}

impl Service {
    /// 提出信用记录 Town or community staff propose a record for an enterprise that serves or served an estate in
    /// their scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn propose_credit_record(
        &self,
        actor: Option<&Actor>,
        new: NewCreditRecord,
    ) -> Result<credit_record::Model> {
        let actor = signed_in(actor)?;
        let facts = required("facts", &new.facts)?;
        let evidence = required("evidence", &new.evidence)?;
        if new.occurred_on > today() {
            let message = "a record is about something that has happened";
            return Err(
                InvalidField::new("occurredOn", "not-in-future", message, "信用记录只能记载已发生的事实").into()
            );
        }
        let txn = self.begin().await?;
        let enterprise = find::<enterprise::Entity>(&txn, new.enterprise_id).await?;
        let place = collection_place(&txn, actor, &enterprise, new.estate_id).await?;
        let rule = rule_in_use(&txn, "ruleCode", &new.rule_code).await?;
        let proposal = Proposal {
            enterprise,
            rule,
            place,
            estate_id: new.estate_id,
            facts,
            evidence,
            occurred_on: new.occurred_on,
            source: CreditRecordSource::Field,
            assessment_round_id: None,
        };
        let record = self.propose(&txn, actor, proposal, Action::ProposeCreditRecord).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Writes a PROPOSED record and its staff-only event, inside `txn`.
    pub(super) async fn propose(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        proposal: Proposal,
        action: Action,
    ) -> Result<credit_record::Model> {
        let now = chrono::Utc::now();
        let Proposal { enterprise, rule, place, .. } = &proposal;
        let record = credit_record::ActiveModel {
            enterprise_id: Set(enterprise.id),
            rule_id: Set(rule.id),
            estate_id: Set(proposal.estate_id),
            county_code: Set(place.county.clone().unwrap_or_default()),
            town_code: Set(place.town.clone()),
            community_code: Set(place.community.clone()),
            facts: Set(proposal.facts.clone()),
            evidence: Set(proposal.evidence.clone()),
            occurred_on: Set(proposal.occurred_on),
            source: Set(proposal.source),
            assessment_round_id: Set(proposal.assessment_round_id),
            status: Set(CreditRecordStatus::Proposed),
            kind: Set(None),
            points: Set(None),
            validity_months: Set(None),
            expires_on: Set(None),
            proposed_on: Set(today()),
            confirmed_on: Set(None),
            rejected_on: Set(None),
            revoked_on: Set(None),
            decision_reason: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(txn)
        .await?;
        let after = snapshot(
            record_public(&record, &enterprise.credit_code, &rule.code),
            json!({ "source": record.source, "proposedBy": actor.subject }),
        );
        self.audit(txn, actor, Change::new(action, &record, place, None, after).staff_only()).await?;
        Ok(record)
    }

    /// 确认信用记录 The county confirms a proposed record: the rule's kind, points and validity are copied onto it,
    /// and it counts from today until it expires.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn confirm_credit_record(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
    ) -> Result<credit_record::Model> {
        self.decide_credit_record(actor, id, expected_version, Decision::Confirm).await
    }

    /// 驳回信用记录 The county rejects a proposed record, with the reason (staff-only, like the proposal).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn reject_credit_record(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        reason: &str,
    ) -> Result<credit_record::Model> {
        let reason = required("reason", reason)?;
        self.decide_credit_record(actor, id, expected_version, Decision::Reject(reason)).await
    }

    /// 撤销信用记录 The county revokes a confirmed record, with the reason: it stops counting from today, and the
    /// change feed keeps the revocation.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revoke_credit_record(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        reason: &str,
    ) -> Result<credit_record::Model> {
        let reason = required("reason", reason)?;
        self.decide_credit_record(actor, id, expected_version, Decision::Revoke(reason)).await
    }

    /// A decision of the county on a record, in a transaction of its own.
    async fn decide_credit_record(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        decision: Decision,
    ) -> Result<credit_record::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let loaded = load_record(&txn, id).await?;
        require_tier(actor, Tier::County, &loaded.place, "decide on credit records", "处理信用记录")?;
        let action = decision.action();
        let decided = self.decide(&txn, actor, &loaded, expected_version, decision, action).await?;
        txn.commit().await?;
        Ok(decided)
    }

    /// The one way a record moves on: check its status allows `decision`, apply it, save it against
    /// `expected_version`, and record the event as `action` (public unless the decision is a rejection).
    async fn decide(
        &self,
        txn: &DatabaseTransaction,
        actor: &Actor,
        loaded: &Loaded,
        expected_version: i32,
        decision: Decision,
        action: Action,
    ) -> Result<credit_record::Model> {
        let current = &loaded.record;
        workflow::check(current.status, &[decision.needs()], decision.words())?;
        let next = decision.apply(current, &loaded.rule);
        let decided = save(txn, expected_version, next).await?;
        let before = Some(loaded.snapshot(current));
        let change = Change::new(action, &decided, &loaded.place, before, loaded.snapshot(&decided));
        let change = match decision {
            Decision::Confirm => change,
            Decision::Reject(reason) => change.because(reason).staff_only(),
            Decision::Revoke(reason) => change.because(reason),
        };
        self.audit(txn, actor, change).await?;
        Ok(decided)
    }
}
