//! Estates: created and updated by the town, occupancy kept by the community.

use super::audit::{Change, public_snapshot};
use super::{Service, invalid, not_found, place, require_tier, required_text, save_versioned, signed_in};
use crate::auth::{Actor, Tier};
use crate::domain::estate_code::{estate_code, estate_sequence};
use crate::domain::fixed_point::Area;
use crate::domain::sort_key::sort_key;
use crate::error::Result;
use entity::vocab::{FiveBasicsService, HousingType, ServiceMode, join_codes};
use entity::{community, estate};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// The fields of an estate that staff set (everything but its code, community and occupancy).
#[derive(Debug, Clone, Default)]
pub struct EstateFields {
    pub name: Option<String>,
    pub address: Option<String>,
    /// GCJ-02 (latitude, longitude) in millionths of a degree.
    pub location: Option<Option<(i32, i32)>>,
    pub housing_type: Option<HousingType>,
    pub service_mode: Option<ServiceMode>,
    pub five_basics: Option<Vec<FiveBasicsService>>,
    pub buildings: Option<i32>,
    pub households: Option<i32>,
    pub private_area: Option<Area>,
    pub management_room_area: Option<Area>,
    pub completed_year: Option<Option<i32>>,
}

fn public(estate: &estate::Model) -> Value {
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

fn counts_are_sane(buildings: i32, households: i32, occupied: i32) -> Result<()> {
    if buildings < 0 {
        return Err(invalid("buildings", "non-negative", "must not be negative", "不能为负数"));
    }
    if households < 0 {
        return Err(invalid("households", "non-negative", "must not be negative", "不能为负数"));
    }
    if !(0..=households).contains(&occupied) {
        return Err(invalid(
            "occupiedHouseholds",
            "occupied-within-households",
            format!("occupied households must be between 0 and the {households} households"),
            format!("入住户数应在0到总户数{households}之间"),
        ));
    }
    Ok(())
}

/// The five basics are what the community provides under the FIVE_BASICS mode; any other mode has none. A set
/// sent with another mode is refused; a set left over from FIVE_BASICS is cleared when the mode changes.
fn five_basics_fit(mode: ServiceMode, sent: Option<&[FiveBasicsService]>) -> Result<()> {
    if mode != ServiceMode::FiveBasics && sent.is_some_and(|s| !s.is_empty()) {
        return Err(invalid(
            "fiveBasics",
            "five-basics-mode",
            "five-basics services go with the FIVE_BASICS service mode only",
            "五有服务仅适用于“五有”服务模式",
        ));
    }
    Ok(())
}

fn check_location(location: Option<(i32, i32)>) -> Result<()> {
    if let Some((lat, lng)) = location
        && (!(-90_000_000..=90_000_000).contains(&lat) || !(-180_000_000..=180_000_000).contains(&lng))
    {
        return Err(invalid("location", "coordinates", "latitude or longitude out of range", "经纬度超出范围"));
    }
    Ok(())
}

impl Service {
    /// 新建小区 A town creates an estate in one of its communities; wuye assigns its code.
    pub async fn create_estate(
        &self,
        actor: Option<&Actor>,
        community_code: &str,
        fields: EstateFields,
    ) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let community = community::Entity::find()
            .filter(community::Column::Code.eq(community_code))
            .one(&txn)
            .await?
            .ok_or_else(|| not_found("community"))?;
        let place = place::of_community(&txn, &community).await?;
        require_tier(actor, Tier::Town, &place, "create estates here", "在此新建小区")?;

        let name = required_text("name", fields.name.as_deref().unwrap_or(""))?;
        let address = required_text("address", fields.address.as_deref().unwrap_or(""))?;
        let location = fields.location.flatten();
        check_location(location)?;
        let (buildings, households) = (fields.buildings.unwrap_or(0), fields.households.unwrap_or(0));
        counts_are_sane(buildings, households, 0)?;
        let service_mode = fields.service_mode.unwrap_or(ServiceMode::None);
        five_basics_fit(service_mode, fields.five_basics.as_deref())?;
        let county = place.county.clone().unwrap_or_default();
        let serial = super::sequence::next_value(&txn, &estate_sequence(&county)).await?;
        let now = chrono::Utc::now();
        let estate = estate::ActiveModel {
            community_id: Set(community.id),
            code: Set(estate_code(&county, serial)),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            address: Set(address),
            latitude_e6: Set(location.map(|l| l.0)),
            longitude_e6: Set(location.map(|l| l.1)),
            housing_type: Set(fields.housing_type.unwrap_or(HousingType::Other)),
            service_mode: Set(service_mode),
            five_basics: Set(join_codes(&fields.five_basics.unwrap_or_default())),
            buildings: Set(buildings),
            households: Set(households),
            occupied_households: Set(0),
            private_area: Set(fields.private_area.unwrap_or_default().hundredths()),
            management_room_area: Set(fields.management_room_area.unwrap_or_default().hundredths()),
            completed_year: Set(fields.completed_year.flatten()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let place = crate::auth::Place { estate: Some(estate.code.clone()), ..place };
        let after = public_snapshot(public(&estate));
        let change = Change::new("createEstate", ("Estate", estate.id), &place, None, after);
        self.commit(txn, actor, change).await?;
        Ok(estate)
    }

    /// 修改小区 A town changes an estate's fields, given the version it read.
    pub async fn update_estate(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        fields: EstateFields,
    ) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = estate::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| not_found("estate"))?;
        let place = place::of_estate(&txn, &current).await?;
        require_tier(actor, Tier::Town, &place, "change this estate", "修改该小区")?;

        let mut next = current.clone();
        if let Some(name) = fields.name {
            next.name = required_text("name", &name)?;
            next.name_sort = sort_key(&next.name);
        }
        if let Some(address) = fields.address {
            next.address = required_text("address", &address)?;
        }
        if let Some(location) = fields.location {
            check_location(location)?;
            (next.latitude_e6, next.longitude_e6) = (location.map(|l| l.0), location.map(|l| l.1));
        }
        next.housing_type = fields.housing_type.unwrap_or(next.housing_type);
        next.service_mode = fields.service_mode.unwrap_or(next.service_mode);
        five_basics_fit(next.service_mode, fields.five_basics.as_deref())?;
        if let Some(services) = fields.five_basics {
            next.five_basics = join_codes(&services);
        }
        next.buildings = fields.buildings.unwrap_or(next.buildings);
        next.households = fields.households.unwrap_or(next.households);
        next.private_area = fields.private_area.map_or(next.private_area, Area::hundredths);
        next.management_room_area = fields.management_room_area.map_or(next.management_room_area, Area::hundredths);
        next.completed_year = fields.completed_year.unwrap_or(next.completed_year);
        counts_are_sane(next.buildings, next.households, next.occupied_households)?;
        if next.service_mode != ServiceMode::FiveBasics {
            next.five_basics = String::new();
        }
        let updated = self.save_estate(&txn, &current, next, expected_version).await?;
        let change = Change::new(
            "updateEstate",
            ("Estate", id),
            &place,
            Some(public_snapshot(public(&current))),
            public_snapshot(public(&updated)),
        );
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }

    /// 更新入住情况 A community records how many households have moved in.
    pub async fn update_occupancy(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        occupied_households: i32,
    ) -> Result<estate::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = estate::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| not_found("estate"))?;
        let place = place::of_estate(&txn, &current).await?;
        require_tier(actor, Tier::Community, &place, "record occupancy of this estate", "登记该小区入住情况")?;
        counts_are_sane(current.buildings, current.households, occupied_households)?;
        let next = estate::Model { occupied_households, ..current.clone() };
        let updated = self.save_estate(&txn, &current, next, expected_version).await?;
        let change = Change::new(
            "updateOccupancy",
            ("Estate", id),
            &place,
            Some(public_snapshot(json!({ "occupiedHouseholds": current.occupied_households }))),
            public_snapshot(json!({ "occupiedHouseholds": updated.occupied_households })),
        );
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }

    /// Writes `next` over `current` if the stored version is still `expected_version`; CONFLICT otherwise.
    async fn save_estate(
        &self,
        txn: &sea_orm::DatabaseTransaction,
        current: &estate::Model,
        next: estate::Model,
        expected_version: i32,
    ) -> Result<estate::Model> {
        let next = estate::Model { version: expected_version + 1, updated_at: chrono::Utc::now(), ..next };
        save_versioned::<estate::Entity>(txn, next.clone().into(), current.id, expected_version, "estate").await?;
        Ok(next)
    }
}
