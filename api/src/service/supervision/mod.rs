//! Supervision on the record (county policy 四(一)2, 四(二)7 and 10, 四(三)6, 四(四)5): inspections of estates
//! (`inspection.rs`), rectification notices with their workflow (`rectification.rs`), the daily sweep that
//! proposes the credit record for refusing to correct (`refusal.rs`), hazard reports (`hazard.rs`) and the
//! county's enforcement cases (`enforcement.rs`). What a supervising body records carries the
//! body (its tier, code and name), never the person.

mod enforcement;
mod hazard;
mod inspection;
mod rectification;
mod refusal;

pub use enforcement::{Decision, NewEnforcementCase};
pub use hazard::{HazardStep, NewHazardReport};
pub use inspection::NewInspection;
pub use rectification::{NewRectificationNotice, RectificationStep};

use super::{find_by, forbidden};
use crate::auth::{Actor, Place, Role, Tier};
use crate::error::{Error, Result};
use entity::vocab::SupervisoryTier;
use entity::{community, county, town};
use sea_orm::{ConnectionTrait, DbErr};

/// A supervising body as it is recorded: its tier, region code and name.
struct Body {
    tier: SupervisoryTier,
    code: String,
    name: String,
}

fn tier_of(body: SupervisoryTier) -> Tier {
    match body {
        SupervisoryTier::County => Tier::County,
        SupervisoryTier::Town => Tier::Town,
        SupervisoryTier::Community => Tier::Community,
    }
}

/// The body that acts at `place`: the one named, or by default the actor's own tier; FORBIDDEN unless the actor
/// acts at that tier over `place` (a body may record what a body it supervises did) and the tier is one of
/// `allowed`.
async fn acting_body(
    db: &impl ConnectionTrait,
    actor: &Actor,
    place: &Place,
    named: Option<SupervisoryTier>,
    allowed: &[SupervisoryTier],
    (what, what_zh): (&str, &str),
) -> Result<Body> {
    let own = match actor.role {
        Role::County | Role::System => Some(SupervisoryTier::County),
        Role::Town => Some(SupervisoryTier::Town),
        Role::Community => Some(SupervisoryTier::Community),
        Role::Committee | Role::Enterprise => None,
    };
    let Some(tier) = named.or(own) else { return Err(forbidden(what, what_zh)) };
    if !allowed.contains(&tier) || !actor.supervises(tier_of(tier), place) {
        return Err(forbidden(what, what_zh));
    }
    let code = match tier {
        SupervisoryTier::County => &place.county,
        SupervisoryTier::Town => &place.town,
        SupervisoryTier::Community => &place.community,
    };
    let code = code.clone().ok_or_else(|| Error::internal(DbErr::RecordNotFound("the place of an estate".into())))?;
    let name = match tier {
        SupervisoryTier::County => find_by::<county::Entity>(db, county::Column::Code, &code).await?.name,
        SupervisoryTier::Town => find_by::<town::Entity>(db, town::Column::Code, &code).await?.name,
        SupervisoryTier::Community => find_by::<community::Entity>(db, community::Column::Code, &code).await?.name,
    };
    Ok(Body { tier, code, name })
}
