//! The vacancy a period of emergency management belongs to, read from the estate's records (county policy 五(四):
//! emergency management is for an estate its enterprise has left, six months at most across back-to-back periods).

use crate::domain::InvalidField;
use crate::domain::lifecycle::{EarlierPeriod, served_otherwise, vacancy_start};
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{ContractStatus, EmergencyStatus, HandoverStatus};
use entity::{emergency_period, estate, handover, service_contract};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

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

/// BAD_USER_INPUT (rule `emergency-estate-left`) while an enterprise still serves the estate under a contract that
/// is neither exit-warned nor being handed over: emergency management is for an estate its enterprise has left.
pub async fn require_left(txn: &DatabaseTransaction, estate_id: i64) -> Result<()> {
    let serving = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.eq(estate_id))
        .filter(service_contract::Column::Status.eq(ContractStatus::Active))
        .all(txn)
        .await?;
    for contract in serving {
        let handing_over = handover::Entity::find()
            .filter(handover::Column::ContractId.eq(contract.id))
            .filter(handover::Column::Status.ne(HandoverStatus::Completed))
            .one(txn)
            .await?
            .is_some();
        if !handing_over {
            return Err(InvalidField::new(
                "estateId",
                "emergency-estate-left",
                format!(
                    "an enterprise still serves the estate under a contract to {} that is neither exit-warned nor being handed over: emergency management is for an estate its enterprise has left",
                    contract.end_on
                ),
                format!("物业服务企业仍在按合同（至{}）服务，且未退出预警、未在移交：应急管理适用于物业服务企业已退出的小区", contract.end_on),
            )
            .into());
        }
    }
    Ok(())
}
