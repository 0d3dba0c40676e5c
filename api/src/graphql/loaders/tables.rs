//! Loaders of whole small tables, read once per request (the scoring parameters, the complaint rules), and of the
//! estates each enterprise serves.

use crate::domain::complaint::TimeLimits;
use crate::domain::credit::{Scoring, Scorings};
use crate::domain::working_days::WorkingCalendar;
use crate::error::Error;
use async_graphql::dataloader::Loader;
use entity::{complaint_time_limit, credit_scoring, service_contract};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::Arc;

/// Loads which estates each enterprise serves now (under an open contract), as estate ids.
pub struct EstatesServed {
    pub(super) db: DatabaseConnection,
}

impl Loader<i64> for EstatesServed {
    type Value = Vec<i64>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<i64>>, Error> {
        let contracts = service_contract::Entity::find()
            .filter(service_contract::Column::EnterpriseId.is_in(keys.iter().copied()))
            .filter(service_contract::is_open())
            .order_by_asc(service_contract::Column::EstateId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<i64, Vec<i64>> = HashMap::new();
        for contract in contracts {
            grouped.entry(contract.enterprise_id).or_default().push(contract.estate_id);
        }
        Ok(grouped)
    }
}

/// Loads the credit scoring parameters, every set of them (a handful of rows), once per request: key `()`.
pub struct ScoringTable {
    pub(super) db: DatabaseConnection,
}

impl Loader<()> for ScoringTable {
    type Value = Scorings;
    type Error = Error;

    async fn load(&self, _: &[()]) -> Result<HashMap<(), Scorings>, Error> {
        let sets = credit_scoring::Entity::find().all(&self.db).await?;
        let sets = sets
            .into_iter()
            .map(|s| Scoring {
                effective_from: s.effective_from,
                base: s.base,
                good_cap: s.good_cap,
                aaa_min: s.aaa_min,
                aa_min: s.aa_min,
                a_min: s.a_min,
                b_min: s.b_min,
            })
            .collect();
        Ok(Scorings::new(sets).into_iter().map(|scorings| ((), scorings)).collect())
    }
}

/// What a complaint's due time is counted from: the holiday calendar and the time limits.
#[derive(Debug, Clone, Default)]
pub struct ComplaintRules {
    pub calendar: WorkingCalendar,
    pub limits: TimeLimits,
}

impl ComplaintRules {
    /// When `complaint` is due, if a time limit covers it.
    pub fn due_at(&self, complaint: &entity::complaint::Model) -> Option<chrono::DateTime<chrono::Utc>> {
        let received_on = crate::domain::calendar::local_date(complaint.received_at);
        let days = self.limits.working_days(complaint.category, received_on)?;
        Some(self.calendar.due_at(complaint.received_at, days))
    }
}

/// Loads the calendar and the time limits (a few dozen rows) once per request: key `()`.
pub struct ComplaintRulesTable {
    pub(super) db: DatabaseConnection,
}

impl Loader<()> for ComplaintRulesTable {
    type Value = Arc<ComplaintRules>;
    type Error = Error;

    async fn load(&self, _: &[()]) -> Result<HashMap<(), Arc<ComplaintRules>>, Error> {
        let limits = complaint_time_limit::Entity::find().all(&self.db).await?;
        let rules = ComplaintRules {
            calendar: crate::service::working_calendar(&self.db).await?,
            limits: TimeLimits::new(limits.into_iter().map(|l| (l.category, l.effective_from, l.working_days))),
        };
        Ok(HashMap::from([((), Arc::new(rules))]))
    }
}
