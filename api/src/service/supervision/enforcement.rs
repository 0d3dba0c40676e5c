//! 查处 Enforcement cases (county policy 四(一)2): the county opens a case against an enterprise over one or more
//! estates, from a rectification notice, a hazard report, a complaint or on its own motion; decides it; and
//! publishes the decision (within 7 working days of making it, the 双公示 rule: `domain::enforcement`). Opening and
//! deciding are staff-only in the audit log; publishing is public.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot, snapshot};
use super::super::{Service, find, forbidden, place, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::enforcement::check_fine;
use crate::domain::fixed_point::Money;
use crate::domain::supervision::check_day;
use crate::domain::text::{optional, required};
use crate::domain::workflow;
use crate::error::Result;
use chrono::{Datelike, NaiveDate};
use entity::vocab::{CaseDecision, CaseOrigin, CaseStatus};
use entity::{complaint, enforcement_case, enforcement_case_estate, enterprise, hazard_report, rectification_notice};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

type Case = enforcement_case::Model;

/// Most estates one case concerns.
const MAX_ESTATES: usize = 50;

/// A case as the county opens it.
#[derive(Debug, Clone)]
pub struct NewEnforcementCase {
    pub enterprise_id: i64,
    pub estate_ids: Vec<i64>,
    pub facts: String,
    pub legal_basis: String,
    /// What it came from: at most one of these, about one of its estates (none: the county's own motion).
    pub notice_id: Option<i64>,
    pub hazard_report_id: Option<i64>,
    pub complaint_id: Option<i64>,
    /// The day it was opened; today if not given.
    pub opened_on: Option<NaiveDate>,
}

/// A decision as the county makes it.
#[derive(Debug, Clone)]
pub struct Decision {
    pub decision: CaseDecision,
    pub fine: Option<Money>,
    pub decision_number: String,
    pub summary: Option<String>,
    /// The day of the decision; today if not given.
    pub decided_on: Option<NaiveDate>,
}

fn public_view(case: &Case, enterprise_code: &str, estates: &[String]) -> Value {
    json!({
        "number": case.number,
        "enterpriseCreditCode": enterprise_code,
        "estateCodes": estates,
        "facts": case.facts,
        "legalBasis": case.legal_basis,
        "origin": case.origin,
        "openedOn": case.opened_on,
        "status": case.status,
        "decision": case.decision,
        "fine": case.fine.map(|f| Money(f).to_string()),
        "decisionNumber": case.decision_number,
        "decidedOn": case.decided_on,
        "decisionSummary": case.decision_summary,
        "publishedOn": case.published_on,
    })
}

/// The estates' codes of a case, in order.
async fn estate_codes(db: &impl ConnectionTrait, case_id: i64) -> Result<Vec<String>> {
    let links = enforcement_case_estate::Entity::find()
        .filter(enforcement_case_estate::Column::CaseId.eq(case_id))
        .order_by_asc(enforcement_case_estate::Column::EstateId)
        .all(db)
        .await?;
    let mut codes = Vec::with_capacity(links.len());
    for link in links {
        codes.push(place::estate(db, link.estate_id).await?.0.code);
    }
    Ok(codes)
}

/// Where a case lies: the county of its estates, and its enterprise.
async fn case_place(db: &impl ConnectionTrait, case: &Case) -> Result<(Place, String)> {
    let link = enforcement_case_estate::Entity::find()
        .filter(enforcement_case_estate::Column::CaseId.eq(case.id))
        .one(db)
        .await?
        .ok_or_else(|| crate::error::Error::internal(sea_orm::DbErr::RecordNotFound("a case's estate".into())))?;
    let (_estate, place) = place::estate(db, link.estate_id).await?;
    let enterprise = find::<enterprise::Entity>(db, case.enterprise_id).await?;
    let place = Place { county: place.county, enterprise: Some(enterprise.credit_code.clone()), ..Place::default() };
    Ok((place, enterprise.credit_code))
}

/// The origin of a new case from what it names, which must be about one of its estates.
async fn origin(db: &impl ConnectionTrait, new: &NewEnforcementCase) -> Result<CaseOrigin> {
    let named = [new.notice_id.is_some(), new.hazard_report_id.is_some(), new.complaint_id.is_some()];
    if named.iter().filter(|n| **n).count() > 1 {
        return Err(InvalidField::new(
            "origin",
            "one-origin",
            "a case comes from a notice, a hazard report or a complaint: name at most one",
            "案件来源只能为整改通知、隐患报告或投诉之一",
        )
        .into());
    }
    let (origin, field, estate_id) = if let Some(id) = new.notice_id {
        (CaseOrigin::RectificationNotice, "noticeId", find::<rectification_notice::Entity>(db, id).await?.estate_id)
    } else if let Some(id) = new.hazard_report_id {
        (CaseOrigin::HazardReport, "hazardReportId", find::<hazard_report::Entity>(db, id).await?.estate_id)
    } else if let Some(id) = new.complaint_id {
        (CaseOrigin::Complaint, "complaintId", find::<complaint::Entity>(db, id).await?.estate_id)
    } else {
        return Ok(CaseOrigin::Direct);
    };
    if !new.estate_ids.contains(&estate_id) {
        return Err(InvalidField::new(
            field,
            "same-estate",
            "it must be about one of the estates the case concerns",
            "须为案件所涉小区的记录",
        )
        .into());
    }
    Ok(origin)
}

impl Service {
    /// 立案 The county opens a case against an enterprise over estates in its county.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_enforcement_case(&self, actor: Option<&Actor>, mut new: NewEnforcementCase) -> Result<Case> {
        let actor = signed_in(actor)?;
        let facts = required("facts", &new.facts)?;
        let legal_basis = required("legalBasis", &new.legal_basis)?;
        new.estate_ids.sort_unstable();
        new.estate_ids.dedup();
        if new.estate_ids.is_empty() || new.estate_ids.len() > MAX_ESTATES {
            return Err(InvalidField::new(
                "estateIds",
                "estate-count",
                format!("a case concerns 1 to {MAX_ESTATES} estates"),
                format!("案件须涉及1至{MAX_ESTATES}个小区"),
            )
            .into());
        }
        let day = today();
        let opened_on = new.opened_on.unwrap_or(day);
        check_day("openedOn", opened_on, NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date"), day)?;
        let txn = self.begin().await?;
        let enterprise = find::<enterprise::Entity>(&txn, new.enterprise_id).await?;
        let mut county = None;
        for id in &new.estate_ids {
            let (_estate, place) = place::estate(&txn, *id).await?;
            if !actor.supervises(Tier::County, &place) {
                return Err(forbidden("open enforcement cases here", "对该小区的物业服务企业立案查处"));
            }
            county = place.county;
        }
        let origin = origin(&txn, &new).await?;
        let county = county.unwrap_or_default();
        let serial =
            super::super::sequence::next_value(&txn, &format!("enforcement:{county}:{}", opened_on.year())).await?;
        let now = chrono::Utc::now();
        let case = enforcement_case::ActiveModel {
            number: Set(format!("CC{county}-{}-{serial:04}", opened_on.year())),
            enterprise_id: Set(enterprise.id),
            facts: Set(facts),
            legal_basis: Set(legal_basis),
            origin: Set(origin),
            notice_id: Set(new.notice_id),
            hazard_report_id: Set(new.hazard_report_id),
            complaint_id: Set(new.complaint_id),
            opened_on: Set(opened_on),
            status: Set(CaseStatus::Open),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        for estate_id in &new.estate_ids {
            enforcement_case_estate::ActiveModel { case_id: Set(case.id), estate_id: Set(*estate_id) }
                .insert(&txn)
                .await?;
        }
        let (place, code) = case_place(&txn, &case).await?;
        let after = snapshot(json!({}), public_view(&case, &code, &estate_codes(&txn, case.id).await?));
        let change = Change::new(Action::OpenEnforcementCase, &case, &place, None, after);
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(case)
    }

    /// 作出处理决定 The county decides an open case.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn decide_enforcement_case(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        decision: Decision,
    ) -> Result<Case> {
        let actor = signed_in(actor)?;
        let fine = check_fine(decision.decision, decision.fine)?;
        let number = required("decisionNumber", &decision.decision_number)?;
        let summary = optional("summary", decision.summary.as_deref())?;
        let txn = self.begin().await?;
        let current = find::<enforcement_case::Entity>(&txn, id).await?;
        let (place, code) = case_place(&txn, &current).await?;
        let words = ("decide this case", "对该案件作出处理决定");
        if !actor.supervises(Tier::County, &place) {
            return Err(forbidden(words.0, words.1));
        }
        workflow::check(current.status, &[CaseStatus::Open], words)?;
        let day = today();
        let decided_on = decision.decided_on.unwrap_or(day);
        check_day("decidedOn", decided_on, current.opened_on, day)?;
        let next = Case {
            status: CaseStatus::Decided,
            decision: Some(decision.decision),
            fine: fine.map(Money::fen),
            decision_number: Some(number),
            decided_on: Some(decided_on),
            decision_summary: summary,
            ..current.clone()
        };
        let saved = save(&txn, expected_version, next).await?;
        let estates = estate_codes(&txn, saved.id).await?;
        let view = |c: &Case| snapshot(json!({}), public_view(c, &code, &estates));
        let change = Change::update(Action::DecideEnforcementCase, &place, (&current, &saved), view);
        self.commit(txn, actor, change.staff_only()).await?;
        Ok(saved)
    }

    /// 公示处理决定 The county publishes a decided case: from now on the public reads it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publish_enforcement_case(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        published_on: Option<NaiveDate>,
    ) -> Result<Case> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<enforcement_case::Entity>(&txn, id).await?;
        let (place, code) = case_place(&txn, &current).await?;
        let words = ("publish this decision", "公示该处理决定");
        if !actor.supervises(Tier::County, &place) {
            return Err(forbidden(words.0, words.1));
        }
        workflow::check(current.status, &[CaseStatus::Decided], words)?;
        let day = today();
        let published_on = published_on.unwrap_or(day);
        check_day("publishedOn", published_on, current.decided_on.unwrap_or(current.opened_on), day)?;
        let next = Case { status: CaseStatus::Published, published_on: Some(published_on), ..current.clone() };
        let saved = save(&txn, expected_version, next).await?;
        let after = public_snapshot(public_view(&saved, &code, &estate_codes(&txn, saved.id).await?));
        // The public sees the case from here on: the event shows it whole, as it now stands.
        let change = Change::new(Action::PublishEnforcementCase, &saved, &place, None, after);
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}
