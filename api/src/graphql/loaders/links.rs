//! An estate's links — its community and town, open contract and enterprise, active committee (with its listed
//! members) — read in one statement of left joins: the read model of the estate pages and lists.

use super::generic::{ByParent, Primed};
use crate::error::Error;
use async_graphql::dataloader::Loader;
use entity::vocab::{CommitteeStatus, MemberPosition, Vocabulary};
use entity::{committee, committee_member, community, enterprise, estate, service_contract, town};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoCondition, Query, SelectStatement};
use sea_orm::{
    Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityName, EntityTrait, FromQueryResult, IdenStatic,
    Iterable,
};
use std::collections::HashMap;
use std::sync::Arc;

/// What an estate is served by and belongs to, each read in the statement of the others: its community and town,
/// its open contract and that contract's enterprise, its active committee. (There is at most one open contract and
/// one active committee per estate: partial unique indexes.)
#[derive(Debug, Clone, Default)]
pub struct EstateLinks {
    pub community: Option<community::Model>,
    pub town: Option<town::Model>,
    pub contract: Option<service_contract::Model>,
    pub enterprise: Option<enterprise::Model>,
    pub committee: Option<committee::Model>,
    /// The active committee's members, public fields only, chair first, when the statement was asked to read them
    /// ([`Members::Listed`], the direct answers); `None` when it was not.
    pub members: Option<Vec<ListedMember>>,
}

/// A committee member as the public sees one: name and position.
#[derive(Debug, Clone)]
pub struct ListedMember {
    pub name: String,
    pub position: MemberPosition,
}

/// Loads the [`EstateLinks`] of estates in one statement of left joins, priming the records by id for
/// [`Loaders::one`] (a contract's enterprise, a community's town). An estate page then costs its own statement, this
/// one and its members', however many of these relations it asks for.
pub struct EstateLinksOf {
    pub(super) db: DatabaseConnection,
    pub(super) primed: Arc<Primed>,
}

/// `SELECT`s every column of `E` as `prefix` + its name, as `FromQueryResult` reads them back.
fn select_prefixed<E: EntityTrait + Default>(query: &mut SelectStatement, prefix: &str) {
    for column in E::Column::iter() {
        query.expr_as(Expr::col((E::default(), column)), Alias::new(format!("{prefix}{}", column.as_str())));
    }
}

impl Loader<i64> for EstateLinksOf {
    type Value = Arc<EstateLinks>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Arc<EstateLinks>>, Error> {
        let links = estate_links(&self.db, keys, Members::Skipped).await?;
        for found in links.values() {
            self.primed.put::<community::Entity>(found.community.clone());
            self.primed.put::<town::Entity>(found.town.clone());
            self.primed.put::<enterprise::Entity>(found.enterprise.clone());
        }
        Ok(links.into_iter().map(|(id, found)| (id, Arc::new(found))).collect())
    }
}

/// Whether a links statement also reads the active committee's members ([`EstateLinks::members`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Members {
    Skipped,
    Listed,
}

/// The [`EstateLinks`] of the estates with these ids, in one statement.
pub async fn estate_links(
    db: &DatabaseConnection,
    keys: &[i64],
    members: Members,
) -> Result<HashMap<i64, EstateLinks>, Error> {
    let backend = db.get_database_backend();
    let condition = Expr::col((estate::Entity, estate::Column::Id)).is_in(keys.iter().copied());
    let query = links_query(backend, condition, members);
    let mut links = HashMap::with_capacity(keys.len());
    for row in db.query_all_raw(backend.build(&query)).await? {
        links.insert(row.try_get("", "estate_id")?, links_of(&row, members)?);
    }
    Ok(links)
}

/// The estate `condition` picks (a code or an id), with its [`EstateLinks`], in one statement.
pub async fn estate_with_links(
    db: &DatabaseConnection,
    condition: impl IntoCondition,
    members: Members,
) -> Result<Option<(estate::Model, EstateLinks)>, Error> {
    let backend = db.get_database_backend();
    let mut query = links_query(backend, condition, members);
    select_prefixed::<estate::Entity>(&mut query, "e_");
    let Some(row) = db.query_one_raw(backend.build(&query)).await? else { return Ok(None) };
    Ok(Some((estate::Model::from_query_result(&row, "e_")?, links_of(&row, members)?)))
}

/// `SELECT` the estates `condition` picks, as `estate_id`, left-joined with what [`EstateLinks`] holds.
fn links_query(backend: DbBackend, condition: impl IntoCondition, members: Members) -> SelectStatement {
    use {committee::Column as Committee, community::Column as Community, service_contract::Column as Contract};
    let (estate, town, contract) = (estate::Entity, town::Entity, service_contract::Entity);
    let mut query = Query::select();
    query
        .expr_as(Expr::col((estate, estate::Column::Id)), Alias::new("estate_id"))
        .from(estate)
        .left_join(
            community::Entity,
            Expr::col((community::Entity, Community::Id)).equals((estate, estate::Column::CommunityId)),
        )
        .left_join(town, Expr::col((town, town::Column::Id)).equals((community::Entity, Community::TownId)))
        .left_join(
            contract,
            Condition::all()
                .add(Expr::col((contract, Contract::EstateId)).equals((estate, estate::Column::Id)))
                .add(service_contract::is_open()),
        )
        .left_join(
            enterprise::Entity,
            Expr::col((enterprise::Entity, enterprise::Column::Id)).equals((contract, Contract::EnterpriseId)),
        )
        .left_join(
            committee::Entity,
            Condition::all()
                .add(Expr::col((committee::Entity, Committee::EstateId)).equals((estate, estate::Column::Id)))
                .add(Expr::col((committee::Entity, Committee::Status)).eq(CommitteeStatus::Active)),
        )
        .cond_where(condition);
    select_prefixed::<community::Entity>(&mut query, "c_");
    select_prefixed::<town::Entity>(&mut query, "t_");
    select_prefixed::<service_contract::Entity>(&mut query, "sc_");
    select_prefixed::<enterprise::Entity>(&mut query, "en_");
    select_prefixed::<committee::Entity>(&mut query, "cm_");
    if members == Members::Listed {
        query.expr_as(listed_members(backend), Alias::new("members"));
    }
    query
}

/// The joined committee's sitting members as JSON text, `[[name, position], …]` in [`MEMBER_ORDER`] (NULL or `[]`
/// when there are none): a whole committee in one column of the links row, instead of a statement and a row per member.
/// Both databases order inside the aggregate (SQLite since 3.44).
fn listed_members(backend: DbBackend) -> Expr {
    use committee_member::Column as Member;
    let order: Vec<String> = MEMBER_ORDER.iter().map(|column| format!("m.{}", column.as_str())).collect();
    let (name, position) = (Member::Name.as_str(), Member::Position.as_str());
    let aggregate = match backend {
        DbBackend::Postgres => {
            format!("json_agg(json_build_array(m.{name}, m.{position}) ORDER BY {})::text", order.join(", "))
        }
        _ => format!("json_group_array(json_array(m.{name}, m.{position}) ORDER BY {})", order.join(", ")),
    };
    Expr::cust(format!(
        "(SELECT {aggregate} FROM {} m WHERE m.{} = {}.{} AND m.{} IS NULL)",
        committee_member::Entity.table_name(),
        Member::CommitteeId.as_str(),
        committee::Entity.table_name(),
        committee::Column::Id.as_str(),
        Member::LeftOn.as_str(),
    ))
}

/// The links in a row of [`links_query`].
fn links_of(row: &sea_orm::QueryResult, members: Members) -> Result<EstateLinks, Error> {
    Ok(EstateLinks {
        community: community::Model::from_query_result_optional(row, "c_")?,
        town: town::Model::from_query_result_optional(row, "t_")?,
        contract: service_contract::Model::from_query_result_optional(row, "sc_")?,
        enterprise: enterprise::Model::from_query_result_optional(row, "en_")?,
        committee: committee::Model::from_query_result_optional(row, "cm_")?,
        members: match members {
            Members::Skipped => None,
            Members::Listed => Some(members_from_json(row.try_get::<Option<String>>("", "members")?.as_deref())?),
        },
    })
}

/// The members [`listed_members`] wrote, chair first as `Committee.members` lists them (`committee::sitting`).
fn members_from_json(text: Option<&str>) -> Result<Vec<ListedMember>, Error> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let pairs: Vec<(String, String)> = serde_json::from_str(text).map_err(Error::internal)?;
    let mut members = pairs
        .into_iter()
        .map(|(name, position)| match MemberPosition::from_code(&position) {
            Some(position) => Ok(ListedMember { name, position }),
            None => Err(Error::internal(std::io::Error::other(format!("a member's position {position:?}")))),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    members.sort_by_key(|m| m.position);
    Ok(members)
}

/// The order members are read in: by seat (chair first when a committee is formed; later members after), then as
/// they were added; readers then put the chair first by position, keeping this order within a position. The one definition of it, for
/// the loader and the listed members.
const MEMBER_ORDER: [committee_member::Column; 2] = [committee_member::Column::Seat, committee_member::Column::Id];

/// The members of committees, in [`MEMBER_ORDER`].
pub(super) fn members_by_committee(db: &DatabaseConnection) -> ByParent<committee_member::Entity> {
    ByParent { db: db.clone(), parent: committee_member::Column::CommitteeId, only: None, order: MEMBER_ORDER.to_vec() }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_members_are_read_back_from_either_databases_json() {
        let names = |text| members_from_json(text).unwrap().into_iter().map(|m| m.name).collect::<Vec<_>>();
        assert!(names(None).is_empty(), "PostgreSQL's json_agg of no rows is NULL");
        assert!(names(Some("[]")).is_empty(), "SQLite's json_group_array of no rows is []");
        let text = r#"[["张\"三\\","CHAIR"],["李四","MEMBER"]]"#;
        assert_eq!(names(Some(text)), ["张\"三\\", "李四"]);
        assert_eq!(members_from_json(Some(text)).unwrap()[1].position, MemberPosition::Member);
        assert!(members_from_json(Some(r#"[["王五","BOSS"]]"#)).is_err(), "an unknown position is an error");
    }
}
