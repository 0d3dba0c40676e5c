//! Sub-selects of the estates within regions, by code, for lists filtered by place (`estates(filter: {townCode})`,
//! the overdue disclosures of a town, the complaints and hazard reports a member of staff may read).

use super::pagination::select_where;
use crate::auth::{Actor, Role};
use entity::{community, county, enterprise, estate, town};
use sea_orm::sea_query::{IntoCondition, SelectStatement};
use sea_orm::{ColumnTrait, Condition};

/// Ids of the communities of the towns with these codes.
pub fn communities_of_towns(codes: Vec<String>) -> SelectStatement {
    let towns = select_where::<town::Entity>(town::Column::Id, town::Column::Code.is_in(codes));
    select_where::<community::Entity>(community::Column::Id, community::Column::TownId.in_subquery(towns))
}

/// Ids of the communities with these codes.
pub fn communities(codes: Vec<String>) -> SelectStatement {
    select_where::<community::Entity>(community::Column::Id, community::Column::Code.is_in(codes))
}

/// Ids of the estates in the communities with these codes.
pub fn estates_of_communities(codes: Vec<String>) -> SelectStatement {
    select_where::<estate::Entity>(estate::Column::Id, estate::Column::CommunityId.in_subquery(communities(codes)))
}

/// Ids of the estates in the towns with these codes.
pub fn estates_of_towns(codes: Vec<String>) -> SelectStatement {
    let communities = communities_of_towns(codes);
    select_where::<estate::Entity>(estate::Column::Id, estate::Column::CommunityId.in_subquery(communities))
}

/// Ids of the communities of the counties with these codes.
pub fn communities_of_counties(codes: Vec<String>) -> SelectStatement {
    let counties = select_where::<county::Entity>(county::Column::Id, county::Column::Code.is_in(codes));
    let towns = select_where::<town::Entity>(town::Column::Id, town::Column::CountyId.in_subquery(counties));
    select_where::<community::Entity>(community::Column::Id, community::Column::TownId.in_subquery(towns))
}

/// Ids of the estates in the counties with these codes.
pub fn estates_of_counties(codes: Vec<String>) -> SelectStatement {
    let communities = communities_of_counties(codes);
    select_where::<estate::Entity>(estate::Column::Id, estate::Column::CommunityId.in_subquery(communities))
}

/// A list's filter by place: rows whose estate (`column`) lies in the town with `town_code` and is the estate with
/// `estate_code`, either or both; every row when neither is given.
pub fn estate_filter(column: impl ColumnTrait, town_code: Option<String>, estate_code: Option<String>) -> Condition {
    let mut condition = Condition::all();
    if let Some(code) = town_code {
        condition = condition.add(column.in_subquery(estates_of_towns(vec![code])));
    }
    if let Some(code) = estate_code {
        condition = condition.add(column.in_subquery(estates(vec![code])));
    }
    condition
}

/// A list's filter by community: rows whose estate (`column`) lies in the community with `code`; every row without.
pub fn community_filter(column: impl ColumnTrait, code: Option<String>) -> Condition {
    let mut condition = Condition::all();
    if let Some(code) = code {
        condition = condition.add(column.in_subquery(estates_of_communities(vec![code])));
    }
    condition
}

/// Ids of the estates with these codes.
pub fn estates(codes: Vec<String>) -> SelectStatement {
    select_where::<estate::Entity>(estate::Column::Id, estate::Column::Code.is_in(codes))
}

/// Ids of the estates a member of staff reads staff-only records of by where they lie: the county's, town's or
/// community's estates, or the committee's own; none for an enterprise (its records are its own, not a place's).
pub fn estates_in_scope(actor: &Actor) -> Option<SelectStatement> {
    let codes = actor.scope.codes().to_vec();
    match actor.role {
        Role::County | Role::System => Some(estates_of_counties(codes)),
        Role::Town => Some(estates_of_towns(codes)),
        Role::Community => Some(estates_of_communities(codes)),
        Role::Committee => Some(estates(codes)),
        Role::Enterprise => None,
    }
}

/// Ids of the enterprises with these credit codes.
pub fn enterprises(codes: Vec<String>) -> SelectStatement {
    select_where::<enterprise::Entity>(enterprise::Column::Id, enterprise::Column::CreditCode.is_in(codes))
}

/// Ids of the enterprises whose staff `actor` is; none unless it is an enterprise's.
pub fn own_enterprises(actor: &Actor) -> Option<SelectStatement> {
    (actor.role == Role::Enterprise).then(|| enterprises(actor.scope.codes().to_vec()))
}

/// The rows a list shows the viewer: those `public` shows everyone; for staff also the rows whose estate
/// (`estate`) lies in their scope (`estates_in_scope`) and, for an enterprise, those `naming` its own enterprises.
pub fn public_or_in_scope(
    actor: Option<&Actor>,
    public: impl IntoCondition,
    estate: impl ColumnTrait,
    naming: impl FnOnce(SelectStatement) -> Condition,
) -> Condition {
    let mut seen = Condition::any().add(public);
    let Some(actor) = actor else { return seen };
    if let Some(estates) = estates_in_scope(actor) {
        seen = seen.add(estate.in_subquery(estates));
    }
    if let Some(own) = own_enterprises(actor) {
        seen = seen.add(naming(own));
    }
    seen
}
