//! Estates: created and updated by the town, occupancy kept by the community.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, find_by, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::estate::{Counts, GeoPoint, check_counts, check_five_basics, check_mode_change, five_basics_kept};
use crate::domain::estate_code::{estate_code, estate_sequence, serial_of};
use crate::domain::fixed_point::Area;
use crate::domain::sort_key::sort_key;
use crate::domain::text::required;
use crate::error::{Error, Result};
use entity::vocab::{FiveBasicsService, HousingType, ServiceMode, join_codes, split_codes};
use entity::{community, estate};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

/// A new estate: everything staff set when they create one (wuye assigns the code; the community records
/// occupancy later).
#[derive(Debug, Clone)]
pub struct NewEstate {
    /// A code the county brings with its registry (the import); wuye assigns one when `None`.
    pub code: Option<String>,
    pub community_code: String,
    pub name: String,
    pub address: String,
    pub location: Option<GeoPoint>,
    pub housing_type: HousingType,
    pub service_mode: ServiceMode,
    pub five_basics: Vec<FiveBasicsService>,
    pub buildings: i32,
    pub households: i32,
    pub private_area: Area,
    pub management_room_area: Area,
    pub completed_year: Option<i32>,
}

/// Changes to an estate: `None` leaves a field as it is; for optional fields `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct EstatePatch {
    pub name: Option<String>,
    pub address: Option<String>,
    pub location: Option<Option<GeoPoint>>,
    pub housing_type: Option<HousingType>,
    pub service_mode: Option<ServiceMode>,
    pub five_basics: Option<Vec<FiveBasicsService>>,
    pub buildings: Option<i32>,
    pub households: Option<i32>,
    pub private_area: Option<Area>,
    pub management_room_area: Option<Area>,
    pub completed_year: Option<Option<i32>>,
}

pub(super) fn public(estate: &estate::Model) -> Value {
    json!({
        "code": estate.code,
        "name": estate.name,
        "address": estate.address,
        "latitudeE6": estate.latitude_e6,
        "longitudeE6": estate.longitude_e6,
        "housingType": estate.housing_type,
        "serviceMode": estate.service_mode,
        "fiveBasics": estate.five_basics,
        "buildings": estate.buildings,
        "households": estate.households,
        "occupiedHouseholds": estate.occupied_households,
        "privateArea": Area(estate.private_area).to_string(),
        "managementRoomArea": Area(estate.management_room_area).to_string(),
        "completedYear": estate.completed_year,
    })
}

fn counts(estate: &estate::Model) -> Counts {
    Counts {
        buildings: estate.buildings,
        households: estate.households,
        occupied_households: estate.occupied_households,
    }
}

impl Service {
    /// 新建小区 A town creates an estate in one of its communities; wuye assigns its code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_estate(&self, actor: Option<&Actor>, new: NewEstate) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let community = find_by::<community::Entity>(&txn, community::Column::Code, &new.community_code).await?;
        let place = place::of_community(&txn, &community).await?;
        require_tier(actor, Tier::Town, &place, "create estates here", "在此新建小区")?;

        let name = required("name", &new.name)?;
        let address = required("address", &new.address)?;
        check_counts(Counts { buildings: new.buildings, households: new.households, occupied_households: 0 })?;
        check_five_basics(new.service_mode, &new.five_basics)?;
        check_mode_change(None, new.service_mode)?;
        let county = place.county.clone().unwrap_or_default();
        let serial = match &new.code {
            Some(code) => {
                let serial = serial_of(&county, code).map_err(|v| Error::bad_input("code", v))?;
                super::sequence::raise_to(&txn, &estate_sequence(&county), serial).await?;
                serial
            }
            None => super::sequence::next_value(&txn, &estate_sequence(&county)).await?,
        };
        let now = chrono::Utc::now();
        let estate = estate::ActiveModel {
            community_id: Set(community.id),
            code: Set(estate_code(&county, serial)),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            address: Set(address),
            latitude_e6: Set(new.location.map(|p| p.latitude_e6)),
            longitude_e6: Set(new.location.map(|p| p.longitude_e6)),
            housing_type: Set(new.housing_type),
            service_mode: Set(new.service_mode),
            five_basics: Set(join_codes(&new.five_basics)),
            buildings: Set(new.buildings),
            households: Set(new.households),
            occupied_households: Set(0),
            private_area: Set(new.private_area.hundredths()),
            management_room_area: Set(new.management_room_area.hundredths()),
            completed_year: Set(new.completed_year),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let place = Place { estate: Some(estate.code.clone()), ..place };
        let change = Change::created(Action::CreateEstate, &estate, &place, public(&estate));
        self.commit(txn, actor, change).await?;
        Ok(estate)
    }

    /// 修改小区 A town changes an estate's fields, given the version it read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_estate(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        patch: EstatePatch,
    ) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = place::estate(&txn, id).await?;
        require_tier(actor, Tier::Town, &place, "change this estate", "修改该小区")?;

        let mut next = current.clone();
        if let Some(name) = patch.name {
            next.name = required("name", &name)?;
            next.name_sort = sort_key(&next.name);
        }
        if let Some(address) = patch.address {
            next.address = required("address", &address)?;
        }
        if let Some(location) = patch.location {
            (next.latitude_e6, next.longitude_e6) = (location.map(|p| p.latitude_e6), location.map(|p| p.longitude_e6));
        }
        next.housing_type = patch.housing_type.unwrap_or(next.housing_type);
        next.service_mode = patch.service_mode.unwrap_or(next.service_mode);
        check_mode_change(Some(current.service_mode), next.service_mode)?;
        if let Some(services) = &patch.five_basics {
            check_five_basics(next.service_mode, services)?;
        }
        let services = patch.five_basics.unwrap_or_else(|| split_codes(&current.five_basics));
        next.five_basics = join_codes(&five_basics_kept(next.service_mode, services));
        next.buildings = patch.buildings.unwrap_or(next.buildings);
        next.households = patch.households.unwrap_or(next.households);
        next.private_area = patch.private_area.map_or(next.private_area, Area::hundredths);
        next.management_room_area = patch.management_room_area.map_or(next.management_room_area, Area::hundredths);
        next.completed_year = patch.completed_year.unwrap_or(next.completed_year);
        check_counts(counts(&next))?;
        let updated = save(&txn, expected_version, next).await?;
        let change = Change::update(Action::UpdateEstate, &place, (&current, &updated), |r| public_snapshot(public(r)));
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }

    /// 更新入住情况 A community records how many households have moved in.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_occupancy(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        occupied_households: i32,
    ) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let (current, place) = place::estate(&txn, id).await?;
        require_tier(actor, Tier::Community, &place, "record occupancy of this estate", "登记该小区入住情况")?;
        let next = estate::Model { occupied_households, ..current.clone() };
        check_counts(counts(&next))?;
        let updated = save(&txn, expected_version, next).await?;
        let change = Change::new(
            Action::UpdateOccupancy,
            &updated,
            &place,
            Some(public_snapshot(json!({ "occupiedHouseholds": current.occupied_households }))),
            public_snapshot(json!({ "occupiedHouseholds": updated.occupied_households })),
        );
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }
}
