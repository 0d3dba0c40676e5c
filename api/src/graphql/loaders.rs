//! Per-request DataLoaders: every read of a record by id, and every relation between records, goes through one of
//! these, so a page of any size costs one statement per relation, not one per row. They are built fresh for each
//! request (never shared in the schema data, where one request would see another's batches).
//!
//! Records by id need no declaration: `loaders.one::<estate::Entity>(id)` makes the loader of that table on first
//! use. Relations are declared below, one field each.

use super::batch::BatchQueue;
use crate::domain::complaint::TimeLimits;
use crate::domain::credit::{Scoring, Scorings};
use crate::domain::working_days::WorkingCalendar;
use crate::error::Error;
use async_graphql::dataloader::{DataLoader, Loader};
use entity::vocab::{CommitteeStatus, MemberPosition, Vocabulary};
use entity::{
    assessment_result, calendar_day, committee, committee_member, community, complaint_response, complaint_time_limit,
    credit_objection, credit_record, credit_scoring, disclosure_item, emergency_period, enterprise, estate,
    exit_warning, filing, fund_account, fund_ledger_entry, fund_usage, handover, handover_item,
    joint_meeting_complaint, performance_bond, public_income_disclosure, replenishment_plan, service_contract, town,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, IntoCondition, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityName, EntityTrait, FromQueryResult,
    IdenStatic, Iterable, JoinType, ModelTrait, PrimaryKeyToColumn, QueryFilter, QueryOrder, QuerySelect, Value,
};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn as_key(value: Value) -> Option<i64> {
    match value {
        Value::BigInt(Some(v)) => Some(v),
        Value::Int(Some(v)) => Some(v.into()),
        _ => None,
    }
}

/// Loads rows of `E` by primary key.
pub struct ById<E> {
    db: DatabaseConnection,
    entity: PhantomData<fn() -> E>,
}

impl<E> Loader<i64> for ById<E>
where
    E: EntityTrait,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
{
    type Value = E::Model;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, E::Model>, Error> {
        let pk = E::PrimaryKey::iter().next().expect("a primary key").into_column();
        let rows = E::find().filter(pk.is_in(keys.iter().copied())).all(&self.db).await?;
        Ok(rows.into_iter().filter_map(|row| Some((as_key(row.get(pk))?, row))).collect())
    }
}

/// Loads the rows of `E` whose `parent` column holds the key, in `order`, optionally narrowed by `only`.
pub struct ByParent<E: EntityTrait> {
    db: DatabaseConnection,
    parent: E::Column,
    only: Option<Condition>,
    order: Vec<E::Column>,
}

impl<E> ByParent<E>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
{
    /// The query of the rows of these keys.
    fn select(&self, keys: &[i64]) -> sea_orm::Select<E> {
        let mut query = E::find().filter(self.parent.is_in(keys.iter().copied()));
        if let Some(only) = &self.only {
            query = query.filter(only.clone());
        }
        for column in &self.order {
            query = query.order_by_asc(*column);
        }
        query
    }

    /// `rows` by their key, in their order.
    fn group(&self, rows: impl IntoIterator<Item = E::Model>) -> HashMap<i64, Vec<E::Model>> {
        let mut grouped: HashMap<i64, Vec<E::Model>> = HashMap::new();
        for row in rows {
            if let Some(key) = as_key(row.get(self.parent)) {
                grouped.entry(key).or_default().push(row);
            }
        }
        grouped
    }
}

impl<E> Loader<i64> for ByParent<E>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
{
    type Value = Vec<E::Model>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<E::Model>>, Error> {
        Ok(self.group(self.select(keys).all(&self.db).await?))
    }
}

/// Records read in the statement of others (a to-one relation joined in), kept for [`Loaders::one`] to find without a
/// statement of their own.
#[derive(Default)]
pub struct Primed(Mutex<HashMap<(TypeId, i64), Arc<dyn Any + Send + Sync>>>);

impl Primed {
    fn put<R>(&self, rows: impl IntoIterator<Item = R::Model>)
    where
        R: EntityTrait,
        R::Model: Send + Sync + ModelTrait<Entity = R>,
    {
        let pk = R::PrimaryKey::iter().next().expect("a primary key").into_column();
        let mut primed = self.0.lock().expect("primed records");
        for row in rows {
            if let Some(key) = as_key(row.get(pk)) {
                primed.insert((TypeId::of::<R>(), key), Arc::new(row));
            }
        }
    }

    fn get<R>(&self, id: i64) -> Option<R::Model>
    where
        R: EntityTrait,
        R::Model: Clone + Send + Sync,
    {
        let primed = self.0.lock().expect("primed records");
        primed.get(&(TypeId::of::<R>(), id)).and_then(|row| row.downcast_ref::<R::Model>()).cloned()
    }
}

/// Loads the rows of `E` whose `key` column holds the key (its id, or a parent's), in `order`, optionally narrowed
/// by `only` — with, in the same statement, the row of `R` each points to through `via`, primed for
/// [`Loaders::one`]. A to-one chain (an estate's community and its town) then costs one statement, not two.
pub struct Joined<E: EntityTrait, R> {
    rows: ByParent<E>,
    via: E::Column,
    primed: Arc<Primed>,
    related: PhantomData<fn() -> R>,
}

impl<E, R> Loader<i64> for Joined<E, R>
where
    E: EntityTrait,
    E::Column: Send + Sync,
    E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    R: EntityTrait + Default,
    R::Model: Clone + Send + Sync + ModelTrait<Entity = R>,
{
    type Value = Vec<E::Model>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<E::Model>>, Error> {
        let target = R::PrimaryKey::iter().next().expect("a primary key").into_column();
        let join = E::belongs_to(R::default()).from(self.via).to(target).into();
        let query = self.rows.select(keys).join(JoinType::LeftJoin, join).select_also(R::default());
        let (rows, related): (Vec<_>, Vec<_>) = query.all(&self.rows.db).await?.into_iter().unzip();
        self.primed.put::<R>(related.into_iter().flatten());
        Ok(self.rows.group(rows))
    }
}

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
    db: DatabaseConnection,
    primed: Arc<Primed>,
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

/// The joined committee's members as JSON text, `[[name, position], …]` in [`MEMBER_ORDER`] (NULL or `[]` when
/// there are none): a whole committee in one column of the links row, instead of a statement and a row per member.
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
        "(SELECT {aggregate} FROM {} m WHERE m.{} = {}.{})",
        committee_member::Entity.table_name(),
        Member::CommitteeId.as_str(),
        committee::Entity.table_name(),
        committee::Column::Id.as_str(),
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

/// The members [`listed_members`] wrote.
fn members_from_json(text: Option<&str>) -> Result<Vec<ListedMember>, Error> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let pairs: Vec<(String, String)> = serde_json::from_str(text).map_err(Error::internal)?;
    pairs
        .into_iter()
        .map(|(name, position)| match MemberPosition::from_code(&position) {
            Some(position) => Ok(ListedMember { name, position }),
            None => Err(Error::internal(std::io::Error::other(format!("a member's position {position:?}")))),
        })
        .collect()
}

/// The order of a committee's members: chair first (seat), then as they were added. The one definition of it, for
/// the loader and the listed members.
const MEMBER_ORDER: [committee_member::Column; 2] = [committee_member::Column::Seat, committee_member::Column::Id];

/// The members of committees, in [`MEMBER_ORDER`].
fn members_by_committee(db: &DatabaseConnection) -> ByParent<committee_member::Entity> {
    ByParent { db: db.clone(), parent: committee_member::Column::CommitteeId, only: None, order: MEMBER_ORDER.to_vec() }
}

/// Loads which estates each enterprise serves now (under an open contract), as estate ids.
pub struct EstatesServed {
    db: DatabaseConnection,
}

impl Loader<i64> for EstatesServed {
    type Value = Vec<i64>;
    type Error = Error;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<i64>>, Error> {
        let contracts = service_contract::Entity::find()
            .filter(service_contract::Column::EnterpriseId.is_in(keys.iter().copied()))
            .filter(service_contract::is_open())
            .order_by_asc(service_contract::Column::EstateId)
            .all(&self.db)
            .await?;
        let mut grouped: HashMap<i64, Vec<i64>> = HashMap::new();
        for contract in contracts {
            grouped.entry(contract.enterprise_id).or_default().push(contract.estate_id);
        }
        Ok(grouped)
    }
}

/// Loads the credit scoring parameters, every set of them (a handful of rows), once per request: key `()`.
pub struct ScoringTable {
    db: DatabaseConnection,
}

impl Loader<()> for ScoringTable {
    type Value = Scorings;
    type Error = Error;

    async fn load(&self, _: &[()]) -> Result<HashMap<(), Scorings>, Error> {
        let sets = credit_scoring::Entity::find().all(&self.db).await?;
        let sets = sets
            .into_iter()
            .map(|s| Scoring {
                effective_from: s.effective_from,
                base: s.base,
                good_cap: s.good_cap,
                aaa_min: s.aaa_min,
                aa_min: s.aa_min,
                a_min: s.a_min,
                b_min: s.b_min,
            })
            .collect();
        Ok(Scorings::new(sets).into_iter().map(|scorings| ((), scorings)).collect())
    }
}

/// What a complaint's due time is counted from: the holiday calendar and the time limits.
#[derive(Debug, Clone, Default)]
pub struct ComplaintRules {
    pub calendar: WorkingCalendar,
    pub limits: TimeLimits,
}

impl ComplaintRules {
    /// When `complaint` is due, if a time limit covers it.
    pub fn due_at(&self, complaint: &entity::complaint::Model) -> Option<chrono::DateTime<chrono::Utc>> {
        let received_on = crate::domain::calendar::local_date(complaint.received_at);
        let days = self.limits.working_days(complaint.category, received_on)?;
        Some(self.calendar.due_at(complaint.received_at, days))
    }
}

/// Loads the calendar and the time limits (a few dozen rows) once per request: key `()`.
pub struct ComplaintRulesTable {
    db: DatabaseConnection,
}

impl Loader<()> for ComplaintRulesTable {
    type Value = Arc<ComplaintRules>;
    type Error = Error;

    async fn load(&self, _: &[()]) -> Result<HashMap<(), Arc<ComplaintRules>>, Error> {
        let days = calendar_day::Entity::find().all(&self.db).await?;
        let limits = complaint_time_limit::Entity::find().all(&self.db).await?;
        let rules = ComplaintRules {
            calendar: WorkingCalendar::new(days.into_iter().map(|d| (d.day, d.kind))),
            limits: TimeLimits::new(limits.into_iter().map(|l| (l.category, l.effective_from, l.working_days))),
        };
        Ok(HashMap::from([((), Arc::new(rules))]))
    }
}

/// Builds the loaders of one request, which queue their batches on that request's [`BatchQueue`].
struct Factory {
    db: DatabaseConnection,
    queue: BatchQueue,
    primed: Arc<Primed>,
}

impl Factory {
    fn loader<K, T: Loader<K>>(&self, inner: T) -> DataLoader<T>
    where
        K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    {
        // No wall-clock delay: `batch::drive` starts a batch only once the request waits on it.
        DataLoader::new(inner, self.queue.spawner()).delay(Duration::ZERO)
    }

    fn by_id<E: EntityTrait>(&self) -> DataLoader<ById<E>>
    where
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    {
        self.loader(ById { db: self.db.clone(), entity: PhantomData })
    }

    fn by_parent<E: EntityTrait>(
        &self,
        parent: E::Column,
        only: Option<Condition>,
        order: Vec<E::Column>,
    ) -> DataLoader<ByParent<E>>
    where
        E::Column: Send + Sync,
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    {
        self.loader(ByParent { db: self.db.clone(), parent, only, order })
    }

    fn joined<E: EntityTrait, R>(
        &self,
        key: E::Column,
        via: E::Column,
        only: Option<Condition>,
        order: Vec<E::Column>,
    ) -> DataLoader<Joined<E, R>>
    where
        E::Column: Send + Sync,
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
        R: EntityTrait + Default,
        R::Model: Clone + Send + Sync + ModelTrait<Entity = R>,
    {
        let rows = ByParent { db: self.db.clone(), parent: key, only, order };
        self.loader(Joined { rows, via, primed: self.primed.clone(), related: PhantomData })
    }
}

/// The loaders of one request.
pub struct Loaders {
    factory: Factory,
    /// The by-id loader of each table used so far, keyed by its entity type.
    by_id: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    pub towns_of_county: DataLoader<ByParent<town::Entity>>,
    pub communities_of_town: DataLoader<ByParent<community::Entity>>,
    pub estates_of_community: DataLoader<ByParent<estate::Entity>>,
    /// A community by id, its town primed.
    pub community_with_town: DataLoader<Joined<community::Entity, town::Entity>>,
    pub contracts_of_estate: DataLoader<ByParent<service_contract::Entity>>,
    /// An estate's community, town, open contract, enterprise and active committee, in one statement.
    pub links_of_estate: DataLoader<EstateLinksOf>,
    /// The open contract of an estate, its enterprise primed.
    pub open_contract_of_estate: DataLoader<Joined<service_contract::Entity, enterprise::Entity>>,
    pub contracts_of_enterprise: DataLoader<ByParent<service_contract::Entity>>,
    pub bond_of_contract: DataLoader<ByParent<performance_bond::Entity>>,
    pub filings_of_enterprise: DataLoader<ByParent<filing::Entity>>,
    pub committees_of_estate: DataLoader<ByParent<committee::Entity>>,
    pub members_of_committee: DataLoader<ByParent<committee_member::Entity>>,
    pub estates_served_by: DataLoader<EstatesServed>,
    pub credit_records_of_enterprise: DataLoader<ByParent<credit_record::Entity>>,
    pub objections_of_record: DataLoader<ByParent<credit_objection::Entity>>,
    pub results_of_round: DataLoader<ByParent<assessment_result::Entity>>,
    pub scorings: DataLoader<ScoringTable>,
    pub disclosures_of_estate: DataLoader<ByParent<public_income_disclosure::Entity>>,
    pub items_of_disclosure: DataLoader<ByParent<disclosure_item::Entity>>,
    pub account_of_estate: DataLoader<ByParent<fund_account::Entity>>,
    pub entries_of_account: DataLoader<ByParent<fund_ledger_entry::Entity>>,
    pub usages_of_estate: DataLoader<ByParent<fund_usage::Entity>>,
    pub plans_of_estate: DataLoader<ByParent<replenishment_plan::Entity>>,
    pub exit_warning_of_contract: DataLoader<ByParent<exit_warning::Entity>>,
    pub exit_warnings_of_estate: DataLoader<ByParent<exit_warning::Entity>>,
    pub handovers_of_estate: DataLoader<ByParent<handover::Entity>>,
    pub items_of_handover: DataLoader<ByParent<handover_item::Entity>>,
    pub emergency_periods_of_estate: DataLoader<ByParent<emergency_period::Entity>>,
    pub complaint_rules: DataLoader<ComplaintRulesTable>,
    pub responses_of_complaint: DataLoader<ByParent<complaint_response::Entity>>,
    pub complaints_of_meeting: DataLoader<ByParent<joint_meeting_complaint::Entity>>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection, queue: &BatchQueue) -> Self {
        let f = Factory { db: db.clone(), queue: queue.clone(), primed: Arc::default() };
        use committee::Column as Committee;
        use service_contract::Column as Contract;
        let open = Some(Condition::all().add(service_contract::is_open()));
        Loaders {
            towns_of_county: f.by_parent(town::Column::CountyId, None, vec![town::Column::Code]),
            communities_of_town: f.by_parent(community::Column::TownId, None, vec![community::Column::Code]),
            estates_of_community: f.by_parent(
                estate::Column::CommunityId,
                None,
                vec![estate::Column::NameSort, estate::Column::Id],
            ),
            // Histories (contracts, committees) are listed oldest first, as a chronology.
            contracts_of_estate: f.by_parent(Contract::EstateId, None, vec![Contract::StartOn, Contract::Id]),
            community_with_town: f.joined(community::Column::Id, community::Column::TownId, None, vec![]),
            links_of_estate: f.loader(EstateLinksOf { db: db.clone(), primed: f.primed.clone() }),
            open_contract_of_estate: f.joined(Contract::EstateId, Contract::EnterpriseId, open, vec![Contract::Id]),
            contracts_of_enterprise: f.by_parent(Contract::EnterpriseId, None, vec![Contract::StartOn, Contract::Id]),
            bond_of_contract: f.by_parent(performance_bond::Column::ContractId, None, vec![]),
            filings_of_enterprise: f.by_parent(
                filing::Column::EnterpriseId,
                None,
                vec![filing::Column::FiledOn, filing::Column::Id],
            ),
            committees_of_estate: f.by_parent(Committee::EstateId, None, vec![Committee::FormedOn, Committee::Id]),
            members_of_committee: f.loader(members_by_committee(db)),
            estates_served_by: f.loader(EstatesServed { db: db.clone() }),
            credit_records_of_enterprise: f.by_parent(
                credit_record::Column::EnterpriseId,
                None,
                vec![credit_record::Column::OccurredOn, credit_record::Column::Id],
            ),
            objections_of_record: f.by_parent(
                credit_objection::Column::RecordId,
                None,
                vec![credit_objection::Column::Id],
            ),
            results_of_round: f.by_parent(
                assessment_result::Column::RoundId,
                None,
                vec![assessment_result::Column::SubjectId],
            ),
            scorings: f.loader(ScoringTable { db: db.clone() }),
            disclosures_of_estate: f.by_parent(
                public_income_disclosure::Column::EstateId,
                None,
                vec![public_income_disclosure::Column::PeriodStart, public_income_disclosure::Column::Id],
            ),
            items_of_disclosure: f.by_parent(
                disclosure_item::Column::DisclosureId,
                None,
                vec![disclosure_item::Column::Line],
            ),
            account_of_estate: f.by_parent(fund_account::Column::EstateId, None, vec![]),
            entries_of_account: f.by_parent(
                fund_ledger_entry::Column::AccountId,
                None,
                vec![fund_ledger_entry::Column::Id],
            ),
            usages_of_estate: f.by_parent(fund_usage::Column::EstateId, None, vec![fund_usage::Column::Id]),
            plans_of_estate: f.by_parent(
                replenishment_plan::Column::EstateId,
                None,
                vec![replenishment_plan::Column::Id],
            ),
            exit_warning_of_contract: f.by_parent(exit_warning::Column::ContractId, None, vec![]),
            exit_warnings_of_estate: f.by_parent(
                exit_warning::Column::EstateId,
                None,
                vec![exit_warning::Column::FiledOn, exit_warning::Column::Id],
            ),
            handovers_of_estate: f.by_parent(
                handover::Column::EstateId,
                None,
                vec![handover::Column::OpenedOn, handover::Column::Id],
            ),
            items_of_handover: f.by_parent(handover_item::Column::HandoverId, None, vec![handover_item::Column::Id]),
            emergency_periods_of_estate: f.by_parent(
                emergency_period::Column::EstateId,
                None,
                vec![emergency_period::Column::StartOn, emergency_period::Column::Id],
            ),
            complaint_rules: f.loader(ComplaintRulesTable { db: db.clone() }),
            responses_of_complaint: f.by_parent(
                complaint_response::Column::ComplaintId,
                None,
                vec![complaint_response::Column::Id],
            ),
            complaints_of_meeting: f.by_parent(
                joint_meeting_complaint::Column::MeetingId,
                None,
                vec![joint_meeting_complaint::Column::ComplaintId],
            ),
            factory: f,
            by_id: Mutex::default(),
        }
    }

    /// The loader of `E` by id in this request, made on first use.
    fn by_id<E>(&self) -> Arc<DataLoader<ById<E>>>
    where
        E: EntityTrait,
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    {
        let mut loaders = self.by_id.lock().expect("by-id loaders");
        let loader = loaders.entry(TypeId::of::<E>()).or_insert_with(|| Arc::new(self.factory.by_id::<E>()));
        loader.clone().downcast().expect("keyed by its own entity type")
    }

    /// The record of `E` with this id, if any, batched with every other id of `E` the request asks for.
    pub async fn one<E>(&self, id: i64) -> Result<Option<E::Model>, Error>
    where
        E: EntityTrait,
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    {
        if let Some(primed) = self.factory.primed.get::<E>(id) {
            return Ok(Some(primed));
        }
        self.by_id::<E>().load_one(id).await
    }

    /// The community with this id, its town read in the same statement.
    pub async fn community(&self, id: i64) -> Result<Option<community::Model>, Error> {
        Ok(self.community_with_town.load_one(id).await?.and_then(|rows| rows.into_iter().next()))
    }

    /// What the estate with this id belongs to and is served by (none of it for an estate that does not exist).
    pub async fn links(&self, estate_id: i64) -> Result<Arc<EstateLinks>, Error> {
        Ok(self.links_of_estate.load_one(estate_id).await?.unwrap_or_default())
    }

    /// The complaint rules (calendar and time limits) of this request.
    pub async fn complaint_rules(&self) -> Result<Arc<ComplaintRules>, Error> {
        Ok(self.complaint_rules.load_one(()).await?.unwrap_or_default())
    }

    /// The records of `E` with these ids that exist, by id.
    pub async fn many<E>(&self, ids: impl IntoIterator<Item = i64>) -> Result<HashMap<i64, E::Model>, Error>
    where
        E: EntityTrait,
        E::Model: Clone + Send + Sync + ModelTrait<Entity = E>,
    {
        self.by_id::<E>().load_many(ids).await
    }
}

/// The loaders of the request being resolved. Every request passes through `http::graphql`, which adds them.
pub fn loaders<'a>(ctx: &async_graphql::Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

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
