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

use super::forbidden;
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::working_days::WorkingCalendar;
use crate::error::Result;
use entity::vocab::SupervisoryTier;
use entity::{calendar_day, community, county, town};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The county's working calendar (a few dozen rows: read whole).
async fn working_calendar(db: &impl ConnectionTrait) -> Result<WorkingCalendar> {
    let days = calendar_day::Entity::find().all(db).await?;
    Ok(WorkingCalendar::new(days.into_iter().map(|d| (d.day, d.kind))))
}

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
    let missing = || crate::error::Error::internal(sea_orm::DbErr::RecordNotFound("the place of an estate".into()));
    let (code, name) = match tier {
        SupervisoryTier::County => {
            let code = place.county.clone().ok_or_else(missing)?;
            let row = county::Entity::find().filter(county::Column::Code.eq(&code)).one(db).await?;
            (code, row.ok_or_else(missing)?.name)
        }
        SupervisoryTier::Town => {
            let code = place.town.clone().ok_or_else(missing)?;
            let row = town::Entity::find().filter(town::Column::Code.eq(&code)).one(db).await?;
            (code, row.ok_or_else(missing)?.name)
        }
        SupervisoryTier::Community => {
            let code = place.community.clone().ok_or_else(missing)?;
            let row = community::Entity::find().filter(community::Column::Code.eq(&code)).one(db).await?;
            (code, row.ok_or_else(missing)?.name)
        }
    };
    Ok(Body { tier, code, name })
}
