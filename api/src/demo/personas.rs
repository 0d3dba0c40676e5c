//! The demo staff the workbench offers to sign in as, on a server that loaded the demo data set and is not in
//! production (README, "Staff workbench"): the county, 濉溪镇, and one estate's community, owners' committee and
//! serving enterprise — chosen from the data, so that between them they can take a complaint about that estate
//! from receipt to closing.

use super::COUNTY_CODE;
use crate::auth::{Actor, Role, Scope};
use entity::vocab::CommitteeStatus;
use entity::{committee, community, enterprise, estate, service_contract, town};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

/// The town whose staff the demo offers.
const TOWN_CODE: &str = "340621100";

/// Demo staff: whom they act as, and what the sign-in page calls them.
pub struct Persona {
    pub actor: Actor,
    pub label: String,
}

fn persona(role: Role, code: &str, label: String) -> Option<Persona> {
    let scope = Scope::parse(role, &serde_json::json!(code))?;
    let subject = format!("demo-{}", role.as_str());
    Some(Persona { actor: Actor { subject, role, scope, note: None }, label })
}

/// The demo staff, county first; empty when the data set lacks what they are chosen from.
pub async fn personas(db: &DatabaseConnection) -> Result<Vec<Persona>, DbErr> {
    let mut out: Vec<Persona> = Vec::new();
    out.extend(persona(Role::County, COUNTY_CODE, format!("县住建局 County bureau · {COUNTY_CODE}")));
    let Some(town) = town::Entity::find().filter(town::Column::Code.eq(TOWN_CODE)).one(db).await? else {
        return Ok(out);
    };
    out.extend(persona(Role::Town, &town.code, format!("{} Town · {}", town.name, town.code)));
    let communities = community::Entity::find().filter(community::Column::TownId.eq(town.id));
    let community_ids: Vec<i64> = communities.all(db).await?.iter().map(|c| c.id).collect();
    let estates = estate::Entity::find()
        .filter(estate::Column::CommunityId.is_in(community_ids))
        .order_by_asc(estate::Column::Code)
        .all(db)
        .await?;
    let ids: Vec<i64> = estates.iter().map(|e| e.id).collect();
    let with_committee: HashSet<i64> = committee::Entity::find()
        .filter(committee::Column::EstateId.is_in(ids.clone()))
        .filter(committee::Column::Status.eq(CommitteeStatus::Active))
        .filter(committee::Column::NotFunctioningSince.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.estate_id)
        .collect();
    let served_by: HashMap<i64, i64> = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.is_in(ids))
        .filter(service_contract::is_open())
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.estate_id, c.enterprise_id))
        .collect();
    // The first estate (by code) with a working committee and an enterprise serving it.
    let Some((estate, enterprise_id)) = estates
        .into_iter()
        .find_map(|e| with_committee.contains(&e.id).then(|| served_by.get(&e.id).map(|id| (e, *id))).flatten())
    else {
        return Ok(out);
    };
    let community = community::Entity::find_by_id(estate.community_id).one(db).await?;
    let enterprise = enterprise::Entity::find_by_id(enterprise_id).one(db).await?;
    if let (Some(community), Some(enterprise)) = (community, enterprise) {
        out.extend(persona(
            Role::Community,
            &community.code,
            format!("{} Community · {}", community.name, community.code),
        ));
        out.extend(persona(Role::Committee, &estate.code, format!("{} 业主委员会 Owners' committee", estate.name)));
        out.extend(persona(Role::Enterprise, &enterprise.credit_code, format!("{} Enterprise", enterprise.name)));
    }
    Ok(out)
}
