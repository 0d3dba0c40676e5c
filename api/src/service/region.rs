//! Regions: the county, its towns (with their property service centres) and its communities (with their property
//! officers). Their codes are the national division codes; wuye itself sets them up (the system actor, e.g. when it
//! loads the demo data set). No staff token can create a region; staff set up the network in it: the county or the
//! town records the town's service centre, the town names each community's property officer.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, find, find_by, forbidden, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::network::{check_establishment_date, check_service_center_staff};
use crate::domain::region_code::{self, RegionTier};
use crate::domain::sort_key::sort_key;
use crate::domain::text::{phone, required};
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{CommunityKind, PolicyDeadlineKind, TownKind};
use entity::{community, county, policy_deadline, town};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

/// A county.
#[derive(Debug, Clone)]
pub struct NewCounty {
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
}

/// A town's property service centre (物业服务中心).
#[derive(Debug, Clone)]
pub struct ServiceCenter {
    pub established_on: NaiveDate,
    pub leader: String,
    pub staff_count: i32,
    pub phone: Option<String>,
}

/// A town, park or subdistrict of a county.
#[derive(Debug, Clone)]
pub struct NewTown {
    pub county_code: String,
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: TownKind,
    /// None while the town has not set its centre up.
    pub service_center: Option<ServiceCenter>,
}

/// A residents' or villagers' committee of a town.
#[derive(Debug, Clone)]
pub struct NewCommunity {
    pub town_code: String,
    pub code: String,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: CommunityKind,
    pub property_officer: Option<String>,
}

/// FORBIDDEN unless the system actor, over `place`, sets the region up.
fn require_system(actor: &Actor, place: &Place) -> Result<()> {
    if actor.role != Role::System {
        return Err(forbidden("set up regions", "设立行政区划"));
    }
    require_tier(actor, Tier::County, place, "set up regions of this county", "设立本县以外的行政区划")
}

fn center_public(town: &town::Model) -> Value {
    json!({
        "serviceCenterEstablishedOn": town.service_center_established_on,
        "serviceCenterLeader": town.service_center_leader,
        "serviceCenterStaffCount": town.service_center_staff_count,
        "serviceCenterPhone": town.service_center_phone,
    })
}

/// A service centre's leader, phone and staff, checked, whichever path records it (the staff against having any: the
/// standard of two is measured, not enforced, county policy 三(一)).
fn checked_center(center: ServiceCenter) -> Result<ServiceCenter> {
    check_service_center_staff(center.staff_count)
        .map_err(|e| Error::bad_input("serviceCenter.staffCount", e.violation))?;
    Ok(ServiceCenter {
        leader: required("serviceCenter.leader", &center.leader)?,
        phone: phone("serviceCenter.phone", center.phone.as_deref())?,
        ..center
    })
}

fn code(tier: RegionTier, code: &str, parent: Option<&str>) -> Result<String> {
    region_code::check(tier, code, parent).map_err(|violation| Error::bad_input("code", violation))?;
    Ok(code.to_owned())
}

impl Service {
    /// 设立县 The system sets up a county.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_county(&self, actor: &Actor, new: NewCounty) -> Result<county::Model> {
        let code = code(RegionTier::County, &new.code, None)?;
        let place = Place { county: Some(code.clone()), ..Place::default() };
        require_system(actor, &place)?;
        let name = required("name", &new.name)?;
        let now = chrono::Utc::now();
        let txn = self.begin().await?;
        let county = county::ActiveModel {
            code: Set(code),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            name_en: Set(new.name_en),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = json!({ "code": county.code, "name": county.name, "nameEn": county.name_en });
        self.commit(txn, actor, Change::created(Action::CreateCounty, &county, &place, after)).await?;
        Ok(county)
    }

    /// 设立镇 The system sets up a town of a county, with its service centre if it has one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_town(&self, actor: &Actor, new: NewTown) -> Result<town::Model> {
        let txn = self.begin().await?;
        let county = find_by::<county::Entity>(&txn, county::Column::Code, &new.county_code).await?;
        let code = code(RegionTier::Town, &new.code, Some(&county.code))?;
        let place = Place { county: Some(county.code.clone()), town: Some(code.clone()), ..Place::default() };
        require_system(actor, &place)?;
        let name = required("name", &new.name)?;
        let center = new.service_center.map(checked_center).transpose()?;
        let now = chrono::Utc::now();
        let town = town::ActiveModel {
            county_id: Set(county.id),
            code: Set(code),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            name_en: Set(new.name_en),
            kind: Set(new.kind),
            service_center_established_on: Set(center.as_ref().map(|c| c.established_on)),
            service_center_leader: Set(center.as_ref().map(|c| c.leader.clone())),
            service_center_staff_count: Set(center.as_ref().map(|c| c.staff_count)),
            service_center_phone: Set(center.and_then(|c| c.phone)),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = json!({
            "code": town.code, "name": town.name, "nameEn": town.name_en, "kind": town.kind,
            "serviceCenter": center_public(&town),
        });
        self.commit(txn, actor, Change::created(Action::CreateTown, &town, &place, after)).await?;
        Ok(town)
    }

    /// 设立社区 The system sets up a community of a town, with its property officer if named.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_community(&self, actor: &Actor, new: NewCommunity) -> Result<community::Model> {
        let txn = self.begin().await?;
        let town = find_by::<town::Entity>(&txn, town::Column::Code, &new.town_code).await?;
        let code = code(RegionTier::Community, &new.code, Some(&town.code))?;
        let place = Place { community: Some(code.clone()), ..place::of_town(&txn, &town).await? };
        require_system(actor, &place)?;
        let name = required("name", &new.name)?;
        let officer = match new.property_officer.as_deref() {
            Some(officer) => Some(required("propertyOfficer", officer)?),
            None => None,
        };
        let now = chrono::Utc::now();
        let community = community::ActiveModel {
            town_id: Set(town.id),
            code: Set(code),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            name_en: Set(new.name_en),
            kind: Set(new.kind),
            property_officer: Set(officer),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = json!({
            "code": community.code, "name": community.name, "nameEn": community.name_en, "kind": community.kind,
            "propertyOfficer": community.property_officer,
        });
        let change = Change::created(Action::CreateCommunity, &community, &place, after);
        self.commit(txn, actor, change).await?;
        Ok(community)
    }

    /// 设立物业服务中心 The county, or the town itself, records the town's property service centre (generally not
    /// fewer than two staff, county policy 三(一): fewer is recorded, and counted short of the standard). Moving a
    /// late centre's date back across its deadline is the county's correction, with its `reason`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_service_center(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        center: ServiceCenter,
        reason: Option<&str>,
    ) -> Result<town::Model> {
        let actor = signed_in(actor)?;
        let center = checked_center(center)?;
        let txn = self.begin().await?;
        let current = find::<town::Entity>(&txn, id).await?;
        let place = place::of_town(&txn, &current).await?;
        require_tier(actor, Tier::Town, &place, "set up this town's service centre", "设立该镇物业服务中心")?;
        // The deadline is a row the migrations wrote and nothing deletes: its absence is a broken database.
        let missing = || Error::internal(std::io::Error::other("the SERVICE_CENTER_SETUP deadline row is missing"));
        let deadline = policy_deadline::Entity::find_by_id(PolicyDeadlineKind::ServiceCenterSetup).one(&txn).await?;
        let deadline = deadline.ok_or_else(missing)?;
        let dates = (current.service_center_established_on, center.established_on);
        let by_county = actor.supervises(Tier::County, &place);
        let reason = check_establishment_date(dates, deadline.due_on, by_county, reason)?;
        let next = town::Model {
            service_center_established_on: Some(center.established_on),
            service_center_leader: Some(center.leader),
            service_center_staff_count: Some(center.staff_count),
            service_center_phone: center.phone,
            ..current.clone()
        };
        let saved = save(&txn, expected_version, next).await?;
        let change =
            Change::update(Action::SetServiceCenter, &place, (&current, &saved), |r| public_snapshot(center_public(r)));
        self.commit(txn, actor, change.because(reason)).await?;
        Ok(saved)
    }

    /// 设立物业专干 The town names a community's property officer.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_property_officer(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        officer: &str,
    ) -> Result<community::Model> {
        let actor = signed_in(actor)?;
        let officer = required("propertyOfficer", officer)?;
        let txn = self.begin().await?;
        let current = find::<community::Entity>(&txn, id).await?;
        let place = place::of_community(&txn, &current).await?;
        require_tier(actor, Tier::Town, &place, "name this community's property officer", "设立该社区物业专干")?;
        let next = community::Model { property_officer: Some(officer), ..current.clone() };
        let saved = save(&txn, expected_version, next).await?;
        let view = |c: &community::Model| public_snapshot(json!({ "propertyOfficer": c.property_officer }));
        let change = Change::update(Action::SetPropertyOfficer, &place, (&current, &saved), view);
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}
