//! The smallest place to write in, for the tests that build a database of their own: county 340621, its town
//! 340621100 and the town's community 340621100001 (城东社区), created by the system through the service.

use api::auth::Actor;
use api::service::Service;
use api::service::region::{NewCommunity, NewCounty, NewTown};
use entity::vocab::{CommunityKind, TownKind};

/// Creates the county, the town and its first community.
pub async fn smallest_place(service: &Service, system: &Actor) {
    let county = NewCounty { code: "340621".into(), name: "濉溪县".into(), name_en: None };
    service.create_county(system, county).await.unwrap();
    let town = NewTown {
        county_code: "340621".into(),
        code: "340621100".into(),
        name: "濉溪镇".into(),
        name_en: None,
        kind: TownKind::Town,
        service_center: None,
    };
    service.create_town(system, town).await.unwrap();
    service.create_community(system, community("340621100001", "城东社区")).await.unwrap();
}

/// A community of the town, by code and name.
pub fn community(code: &str, name: &str) -> NewCommunity {
    NewCommunity {
        town_code: "340621100".into(),
        code: code.into(),
        name: name.into(),
        name_en: None,
        kind: CommunityKind::Residents,
        property_officer: None,
    }
}
