//! The supervision figures of the compliance overview (county policy 四): estates inspected in the last three
//! months, rectification notices open and overdue, hazard reports open longer than 30 days, and enforcement decisions
//! not published within 7 working days. Read in one statement per table; `compliance.rs` counts them per town.

use super::db;
use super::loaders::loaders;
use crate::domain::enforcement::not_published_in_time;
use crate::domain::supervision::{hazard_open_too_long, is_overdue};
use crate::error::Error;
use async_graphql::Context;
use chrono::{Months, NaiveDate};
use entity::vocab::{CaseStatus, HazardStatus, RectificationStatus};
use entity::{enforcement_case, enforcement_case_estate, hazard_report, inspection, rectification_notice};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// What supervision shows of one estate.
#[derive(Debug, Clone, Copy, Default)]
pub struct EstateSupervision {
    pub inspected_recently: bool,
    pub open_notices: usize,
    pub overdue_notices: usize,
    pub hazards_open_too_long: usize,
}

/// The supervision facts of the estates `ids`, and the enforcement decisions not published in time, each with the
/// estates it concerns.
pub struct Supervision {
    pub estates: HashMap<i64, EstateSupervision>,
    pub late_decisions: Vec<Vec<i64>>,
}

/// The first day of "the last three months" up to `day`: the same day three months before, the day after.
pub fn recent_since(day: NaiveDate) -> NaiveDate {
    day.checked_sub_months(Months::new(3)).and_then(|d| d.succ_opt()).unwrap_or(day)
}

pub async fn supervision(ctx: &Context<'_>, ids: &[i64], day: NaiveDate) -> Result<Supervision, Error> {
    let db = db(ctx);
    let mut estates: HashMap<i64, EstateSupervision> = HashMap::new();
    let inspected = inspection::Entity::find()
        .filter(inspection::Column::EstateId.is_in(ids.to_vec()))
        .filter(inspection::Column::InspectedOn.between(recent_since(day), day))
        .all(db)
        .await?;
    for i in inspected {
        estates.entry(i.estate_id).or_default().inspected_recently = true;
    }
    let pending = [RectificationStatus::Issued, RectificationStatus::Reported, RectificationStatus::Reopened];
    let notices = rectification_notice::Entity::find()
        .filter(rectification_notice::Column::EstateId.is_in(ids.to_vec()))
        .filter(rectification_notice::Column::Status.is_in(pending))
        .all(db)
        .await?;
    for n in notices {
        let facts = estates.entry(n.estate_id).or_default();
        facts.open_notices += 1;
        facts.overdue_notices += usize::from(is_overdue(n.status, n.deadline, day));
    }
    let hazards = hazard_report::Entity::find()
        .filter(hazard_report::Column::EstateId.is_in(ids.to_vec()))
        .filter(hazard_report::Column::Status.ne(HazardStatus::Closed))
        .all(db)
        .await?;
    for h in hazards {
        estates.entry(h.estate_id).or_default().hazards_open_too_long +=
            usize::from(hazard_open_too_long(h.status, h.reported_on, day));
    }
    let calendar = &loaders(ctx).complaint_rules().await?.calendar;
    let decided = enforcement_case::Entity::find()
        .filter(enforcement_case::Column::Status.is_in([CaseStatus::Decided, CaseStatus::Published]))
        .all(db)
        .await?;
    let late: HashSet<i64> = decided
        .iter()
        .filter(|c| not_published_in_time(c.status, c.decided_on, c.published_on, day, calendar))
        .map(|c| c.id)
        .collect();
    let mut concerned: HashMap<i64, Vec<i64>> = HashMap::new();
    if !late.is_empty() {
        let links = enforcement_case_estate::Entity::find()
            .filter(enforcement_case_estate::Column::CaseId.is_in(late.iter().copied()))
            .filter(enforcement_case_estate::Column::EstateId.is_in(ids.to_vec()))
            .all(db)
            .await?;
        for link in links {
            concerned.entry(link.case_id).or_default().push(link.estate_id);
        }
    }
    Ok(Supervision { estates, late_decisions: concerned.into_values().collect() })
}
