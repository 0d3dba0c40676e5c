//! Who acts (`Actor`: subject, role, scope), where a record lies (`Place`, read from the database), and the rule
//! that joins them (README, "Staff access"): staff act only inside their scope, and supervision flows down — a county
//! may do what a town may within the county, a town what a community may within the town.

use crate::domain::credit_code::CreditCode;
use crate::domain::region_code::RegionTier;

/// The role a token names, or the system itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    County,
    Town,
    Community,
    Committee,
    Enterprise,
    /// wuye itself, setting up a county (its regions, or the demo data set): never named by a token.
    System,
}

impl Role {
    /// The role a token names; `system` is not one of them.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "county" => Role::County,
            "town" => Role::Town,
            "community" => Role::Community,
            "committee" => Role::Committee,
            "enterprise" => Role::Enterprise,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::County => "county",
            Role::Town => "town",
            Role::Community => "community",
            Role::Committee => "committee",
            Role::Enterprise => "enterprise",
            Role::System => "system",
        }
    }

    /// The supervision tier of a regional role.
    fn tier(self) -> Option<Tier> {
        match self {
            Role::County | Role::System => Some(Tier::County),
            Role::Town => Some(Tier::Town),
            Role::Community => Some(Tier::Community),
            Role::Committee | Role::Enterprise => None,
        }
    }
}

/// A supervision tier, highest first; a tier may do what the tiers below it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Community,
    Town,
    County,
}

/// The codes a token covers: one or more codes of the role's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(Vec<String>);

impl Scope {
    /// Reads the `scope` claim: a code or a list of codes of the role's kind (county, town or community codes,
    /// estate codes for a committee, one credit code for an enterprise).
    pub fn parse(role: Role, claim: &serde_json::Value) -> Option<Self> {
        let codes: Vec<String> = match claim {
            serde_json::Value::String(code) => vec![code.clone()],
            serde_json::Value::Array(items) => {
                items.iter().map(|item| item.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>()?
            }
            _ => return None,
        };
        let well_formed = |code: &String| match role {
            Role::County => RegionTier::of(code) == Some(RegionTier::County),
            Role::Town => RegionTier::of(code) == Some(RegionTier::Town),
            Role::Community => RegionTier::of(code) == Some(RegionTier::Community),
            Role::Committee => {
                code.strip_prefix("XQ").is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
            }
            Role::Enterprise => CreditCode::parse(code).is_ok_and(|c| c.as_str() == code),
            Role::System => false,
        };
        let single_enterprise = role != Role::Enterprise || codes.len() == 1;
        (!codes.is_empty() && codes.len() <= 100 && single_enterprise && codes.iter().all(well_formed))
            .then_some(Scope(codes))
    }

    pub fn contains(&self, code: &str) -> bool {
        self.0.iter().any(|c| c == code)
    }

    pub fn codes(&self) -> &[String] {
        &self.0
    }
}

/// An authenticated staff member, or the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub subject: String,
    pub role: Role,
    pub scope: Scope,
    /// Why this actor acts at all, recorded with the reason of every change it makes (the system says why it
    /// writes, e.g. "demo data set"; staff give their reasons change by change).
    pub note: Option<String>,
}

/// Where a record lies in the hierarchy, as stored (never as a client claims).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub county: Option<String>,
    pub town: Option<String>,
    pub community: Option<String>,
    pub estate: Option<String>,
    /// The enterprise a record belongs to, for enterprise staff.
    pub enterprise: Option<String>,
}

impl Actor {
    /// wuye itself, acting for the county `county_code` with the county's powers and for the reason `why`: it sets
    /// up the county's regions and loads the demo data set through the same services and rules as staff. No token
    /// can name it.
    pub fn system(county_code: &str, why: &str) -> Self {
        Actor {
            subject: "system".into(),
            role: Role::System,
            scope: Scope(vec![county_code.to_owned()]),
            note: Some(why.to_owned()),
        }
    }

    /// May this actor act at `tier` on a record at `place`? Its role must be that tier or above, and the place's
    /// code at the actor's own tier must be in its scope.
    pub fn supervises(&self, tier: Tier, place: &Place) -> bool {
        let Some(own) = self.role.tier() else { return false };
        let code = match own {
            Tier::County => &place.county,
            Tier::Town => &place.town,
            Tier::Community => &place.community,
        };
        own >= tier && code.as_deref().is_some_and(|c| self.scope.contains(c))
    }

    /// Whether this actor is the committee of the estate at `place`.
    pub fn is_committee_of(&self, place: &Place) -> bool {
        self.role == Role::Committee && place.estate.as_deref().is_some_and(|c| self.scope.contains(c))
    }

    /// Whether this actor is the staff of the enterprise with this credit code.
    pub fn is_enterprise(&self, credit_code: &str) -> bool {
        self.role == Role::Enterprise && self.scope.contains(credit_code)
    }

    /// Whether staff-only fields of a record at `place` are visible to this actor: regional staff over it, or its
    /// own committee.
    pub fn covers(&self, place: &Place) -> bool {
        self.supervises(Tier::Community, place) || self.is_committee_of(place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn actor(role: Role, scope: serde_json::Value) -> Actor {
        Actor { subject: "s".into(), role, scope: Scope::parse(role, &scope).unwrap(), note: None }
    }

    fn estate_in(town: &str, community: &str) -> Place {
        Place {
            county: Some("340621".into()),
            town: Some(town.into()),
            community: Some(community.into()),
            estate: Some("XQ3406210001".into()),
            enterprise: None,
        }
    }

    #[test]
    fn scopes_take_codes_of_the_roles_kind() {
        assert!(Scope::parse(Role::Town, &json!("340621100")).is_some());
        assert!(Scope::parse(Role::Community, &json!(["340621100001", "340621100002"])).is_some());
        assert!(Scope::parse(Role::Town, &json!("340621")).is_none());
        assert!(Scope::parse(Role::Town, &json!(["340621100", 7])).is_none());
        assert!(Scope::parse(Role::Town, &json!([])).is_none());
        assert!(Scope::parse(Role::Committee, &json!("XQ3406210001")).is_some());
        assert!(Scope::parse(Role::Enterprise, &json!("91340621MA2T1000XQ")).is_some());
        assert!(Scope::parse(Role::Enterprise, &json!(["91340621MA2T1000XQ", "91340621MA2T1000XQ"])).is_none());
        assert!(Scope::parse(Role::Enterprise, &json!("91340621MA2T1000XR")).is_none());
    }

    #[test]
    fn supervision_flows_down_within_scope() {
        let place = estate_in("340621100", "340621100001");
        assert!(actor(Role::County, json!("340621")).supervises(Tier::Town, &place));
        assert!(actor(Role::County, json!("340621")).supervises(Tier::Community, &place));
        assert!(actor(Role::Town, json!("340621100")).supervises(Tier::Community, &place));
        assert!(!actor(Role::Town, json!("340621100")).supervises(Tier::County, &place));
        assert!(!actor(Role::Town, json!("340621101")).supervises(Tier::Town, &place));
        assert!(!actor(Role::Community, json!("340621100001")).supervises(Tier::Town, &place));
        assert!(actor(Role::Community, json!(["340621100002", "340621100001"])).supervises(Tier::Community, &place));
        assert!(!actor(Role::Committee, json!("XQ3406210001")).supervises(Tier::Community, &place));
        assert!(actor(Role::Committee, json!("XQ3406210001")).is_committee_of(&place));
    }

    #[test]
    fn the_system_acts_for_its_county_and_no_token_names_it() {
        assert_eq!(Role::parse("system"), None);
        let system = Actor::system("340621", "demo data set");
        assert!(system.supervises(Tier::County, &estate_in("340621100", "340621100001")));
        let elsewhere = Place { county: Some("340622".into()), ..Place::default() };
        assert!(!system.supervises(Tier::Community, &elsewhere));
        assert!(!system.is_committee_of(&estate_in("340621100", "340621100001")));
    }
}
