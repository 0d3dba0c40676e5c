//! Where records lie, read from the database: the codes of the county, town, community and estate above them.

use crate::auth::Place;
use crate::error::{Error, Result};
use entity::{community, county, estate, town};
use sea_orm::{ConnectionTrait, EntityTrait};

async fn one<E: EntityTrait>(db: &impl ConnectionTrait, id: i64) -> Result<E::Model>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    E::find_by_id(id).one(db).await?.ok_or_else(|| Error::internal(sea_orm::DbErr::RecordNotFound(format!("id {id}"))))
}

/// The place of a town.
pub async fn of_town(db: &impl ConnectionTrait, town: &town::Model) -> Result<Place> {
    let county: county::Model = one::<county::Entity>(db, town.county_id).await?;
    Ok(Place { county: Some(county.code), town: Some(town.code.clone()), ..Place::default() })
}

/// The place of a community.
pub async fn of_community(db: &impl ConnectionTrait, community: &community::Model) -> Result<Place> {
    let town: town::Model = one::<town::Entity>(db, community.town_id).await?;
    Ok(Place { community: Some(community.code.clone()), ..of_town(db, &town).await? })
}

/// The place of an estate.
pub async fn of_estate(db: &impl ConnectionTrait, estate: &estate::Model) -> Result<Place> {
    let community: community::Model = one::<community::Entity>(db, estate.community_id).await?;
    Ok(Place { estate: Some(estate.code.clone()), ..of_community(db, &community).await? })
}

/// The estate with this id and where it lies; NOT_FOUND when there is none.
pub async fn estate(db: &impl ConnectionTrait, id: i64) -> Result<(estate::Model, Place)> {
    let estate = super::find::<estate::Entity>(db, id).await?;
    let place = of_estate(db, &estate).await?;
    Ok((estate, place))
}
