//! 即将失去服务 The estates about to lose their service: an exit warning on their open contract, or an active
//! emergency period ending.

use super::db;
use super::emergency::EmergencyPeriod;
use super::estate::Estate;
use super::handover::ExitWarning;
use super::scalars::Date;
use crate::domain::RuleViolation;
use crate::domain::calendar::today;
use crate::error::Error;
use async_graphql::{Context, SimpleObject};
use chrono::{Days, NaiveDate};
use entity::vocab::{ContractStatus, EmergencyStatus};
use entity::{emergency_period, estate, exit_warning, service_contract};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// 即将失去服务 An estate whose service ends soon: its enterprise gave notice, or its emergency management ends.
#[derive(SimpleObject)]
pub struct ServiceEnding {
    /// 小区 The estate.
    estate: Estate,
    /// 服务终止日期 The last day it is served.
    ends_on: Date,
    /// 剩余天数 Days from today to that day (negative when it has passed and the estate has not been handed over).
    days_left: i64,
    /// 退出预警 The exit warning, when the enterprise is leaving.
    exit_warning: Option<ExitWarning>,
    /// 应急管理 The emergency period, when it is ending.
    emergency_period: Option<EmergencyPeriod>,
}

/// The estates whose service ends by `today + within_days`, soonest first.
pub async fn losing_service(
    ctx: &Context<'_>,
    within_days: i32,
    town_code: Option<String>,
) -> Result<Vec<ServiceEnding>, Error> {
    if !(0..=366).contains(&within_days) {
        let violation = RuleViolation::new("within-days", "withinDays is from 0 to 366", "天数应在0至366之间");
        return Err(Error::bad_input("withinDays", violation));
    }
    let db = db(ctx);
    let day = today();
    let horizon = day.checked_add_days(Days::new(within_days as u64)).unwrap_or(day);
    let open_warned = service_contract::Entity::find()
        .filter(service_contract::Column::Status.eq(ContractStatus::ExitWarned))
        .all(db)
        .await?;
    let warnings = exit_warning::Entity::find()
        .filter(exit_warning::Column::ContractId.is_in(open_warned.iter().map(|c| c.id)))
        .filter(exit_warning::Column::IntendedEndOn.lte(horizon))
        .all(db)
        .await?;
    let periods = emergency_period::Entity::find()
        .filter(emergency_period::Column::Status.eq(EmergencyStatus::Active))
        .filter(emergency_period::Column::EndOn.lte(horizon))
        .all(db)
        .await?;
    let estate_ids = warnings.iter().map(|w| w.estate_id).chain(periods.iter().map(|p| p.estate_id));
    let mut estates = estate::Entity::find().filter(estate::Column::Id.is_in(estate_ids));
    if let Some(code) = town_code {
        estates =
            estates.filter(estate::Column::CommunityId.in_subquery(super::within::communities_of_towns(vec![code])));
    }
    let estates: HashMap<i64, estate::Model> = estates.all(db).await?.into_iter().map(|e| (e.id, e)).collect();
    let ending = |estate_id: i64, ends_on: NaiveDate| {
        estates.get(&estate_id).map(|estate| ServiceEnding {
            estate: Estate(estate.clone()),
            ends_on: Date(ends_on),
            days_left: (ends_on - day).num_days(),
            exit_warning: None,
            emergency_period: None,
        })
    };
    let mut list: Vec<ServiceEnding> = Vec::new();
    for w in warnings {
        if let Some(end) = ending(w.estate_id, w.intended_end_on) {
            list.push(ServiceEnding { exit_warning: Some(ExitWarning(w)), ..end });
        }
    }
    for p in periods {
        if let Some(end) = ending(p.estate_id, p.end_on) {
            list.push(ServiceEnding { emergency_period: Some(EmergencyPeriod(p)), ..end });
        }
    }
    list.sort_by(|a, b| (a.ends_on.0, &a.estate.0.code).cmp(&(b.ends_on.0, &b.estate.0.code)));
    Ok(list)
}
