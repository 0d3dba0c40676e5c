//! The vacancy a period of emergency management belongs to, read from the estate's records (county policy 五(四):
//! emergency management is for an estate its enterprise has left, six months at most across back-to-back periods).

use crate::domain::lifecycle::{EarlierPeriod, check_estate_left, served_otherwise, vacancy_start};
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, EmergencyStatus, HandoverStatus};
use entity::{emergency_period, estate, handover, service_contract};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

/// The first day of the vacancy a period of `estate` starting on `start_on` belongs to: the latest earlier period
/// that ran (other than `period_id`) continues into it unless the estate was served otherwise since that one began.
pub async fn first_day(
    txn: &DatabaseTransaction,
    estate: &estate::Model,
    start_on: NaiveDate,
    period_id: Option<i64>,
) -> Result<NaiveDate> {
    let earlier = emergency_period::Entity::find()
        .filter(emergency_period::Column::EstateId.eq(estate.id))
        .filter(emergency_period::Column::Id.ne(period_id.unwrap_or(0)))
        .filter(emergency_period::Column::Status.is_in([EmergencyStatus::Active, EmergencyStatus::Ended]))
        .filter(emergency_period::Column::StartOn.lte(start_on))
        .order_by_desc(emergency_period::Column::StartOn)
        .one(txn)
        .await?;
    let Some(earlier) = earlier else { return Ok(start_on) };
    let contract_since = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.eq(estate.id))
        .filter(service_contract::Column::StartOn.gt(earlier.start_on))
        .filter(service_contract::Column::StartOn.lte(start_on))
        .one(txn)
        .await?
        .is_some();
    let served_since =
        contract_since || served_otherwise(earlier.previous_service_mode) || served_otherwise(estate.service_mode);
    Ok(vacancy_start(start_on, Some(EarlierPeriod { vacancy_start: earlier.vacancy_start(), served_since })))
}

/// BAD_USER_INPUT (rule `emergency-estate-left`) while an enterprise still serves the estate under an ACTIVE
/// contract with no handover under way (an estate has at most one open contract).
pub async fn require_left(txn: &DatabaseTransaction, estate_id: i64) -> Result<()> {
    let handing_over = handover::Entity::find()
        .select_only()
        .column(handover::Column::ContractId)
        .filter(handover::Column::Status.ne(HandoverStatus::Completed))
        .into_query();
    let serving = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.eq(estate_id))
        .filter(service_contract::Column::Status.eq(ContractStatus::Active))
        .filter(service_contract::Column::Id.not_in_subquery(handing_over))
        .one(txn)
        .await?;
    Ok(check_estate_left(serving.map(|contract| contract.end_on))?)
}
