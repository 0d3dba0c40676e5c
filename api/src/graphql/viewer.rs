//! Who is asking: the actor of a verified token, or the public. Mutations are guarded to staff (a second line: the
//! service checks the actor against the stored record again), and staff-only fields resolve only for staff whose
//! scope covers the record.

use super::loaders::loaders;
use crate::auth::{Actor, Place};
use crate::error::{Error, Result};
use async_graphql::{Context, Guard};
use entity::{community, county, estate, town};

/// The actor of the request, if a valid token came with it.
pub struct Viewer(pub Option<Actor>);

pub fn viewer<'a>(ctx: &Context<'a>) -> Option<&'a Actor> {
    ctx.data_opt::<Viewer>().and_then(|v| v.0.as_ref())
}

/// Refuses the public (UNAUTHENTICATED) before a staff-only field runs.
pub struct StaffOnly;

impl Guard for StaffOnly {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        match viewer(ctx) {
            Some(_) => Ok(()),
            None => Err(Error::Unauthenticated { reason: "TOKEN_REQUIRED" }.into()),
        }
    }
}

/// Where an estate lies, read through the request's loaders.
pub async fn place_of_estate(ctx: &Context<'_>, estate_id: i64) -> Result<Place> {
    let loaders = loaders(ctx);
    let estate = loaders.one::<estate::Entity>(estate_id).await?;
    let community = match &estate {
        Some(estate) => loaders.one::<community::Entity>(estate.community_id).await?,
        None => None,
    };
    let town = match &community {
        Some(community) => loaders.one::<town::Entity>(community.town_id).await?,
        None => None,
    };
    let county = match &town {
        Some(town) => loaders.one::<county::Entity>(town.county_id).await?,
        None => None,
    };
    Ok(Place {
        county: county.map(|c| c.code),
        town: town.map(|t| t.code),
        community: community.map(|c| c.code),
        estate: estate.map(|e| e.code),
        enterprise: None,
    })
}

/// Whether the viewer may see staff-only fields of a record of the estate `estate_id`.
pub async fn sees_staff_fields_of_estate(ctx: &Context<'_>, estate_id: i64) -> Result<bool> {
    match viewer(ctx) {
        None => Ok(false),
        Some(actor) => Ok(actor.covers(&place_of_estate(ctx, estate_id).await?)),
    }
}
