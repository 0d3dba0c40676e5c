//! Per-request DataLoaders: every read of a record by id, and every relation between records, goes through one of
//! these, so a page of any size costs one statement per relation, not one per row. They are built fresh for each
//! request (never shared in the schema data, where one request would see another's batches).
//!
//! Records by id need no declaration: `loaders.one::<estate::Entity>(id)` makes the loader of that table on first
//! use. Relations are declared below, one field each.

mod generic;
mod links;
mod tables;

pub use generic::{ById, ByParent, Joined, Primed};
use links::members_by_committee;
pub use links::{EstateLinks, EstateLinksOf, ListedMember, Members, estate_links, estate_with_links};
pub use tables::{ComplaintRules, ComplaintRulesTable, EstatesServed, ScoringTable};

use super::batch::BatchQueue;
use crate::error::Error;
use async_graphql::dataloader::{DataLoader, Loader};
use entity::vocab::{CaseStatus, TenderStatus};
use entity::{
    assembly_meeting, assessment_result, bid, committee, committee_member, community, complaint_response,
    correction_order, credit_objection, credit_record, disclosure_item, emergency_period, enforcement_case,
    enforcement_case_estate, enterprise, estate, exit_warning, filing, fund_account, fund_ledger_entry, fund_usage,
    handover, handover_item, inspection, inspection_item, joint_meeting_complaint, performance_bond, preparatory_group,
    preparatory_group_member, public_income_disclosure, rectification_item, rectification_notice, replenishment_plan,
    resolution, service_contract, tender, tender_invitation, tender_objection, town,
};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, ModelTrait};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

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
    pub inspections_of_estate: DataLoader<ByParent<inspection::Entity>>,
    pub items_of_inspection: DataLoader<ByParent<inspection_item::Entity>>,
    pub notices_of_estate: DataLoader<ByParent<rectification_notice::Entity>>,
    pub notices_of_enterprise: DataLoader<ByParent<rectification_notice::Entity>>,
    pub items_of_notice: DataLoader<ByParent<rectification_item::Entity>>,
    pub estates_of_case: DataLoader<ByParent<enforcement_case_estate::Entity>>,
    /// An enterprise's published enforcement cases.
    pub published_cases_of_enterprise: DataLoader<ByParent<enforcement_case::Entity>>,
    pub tenders_of_estate: DataLoader<ByParent<tender::Entity>>,
    pub bids_of_tender: DataLoader<ByParent<bid::Entity>>,
    /// An enterprise's bids in tenders whose bids are open.
    pub opened_bids_of_enterprise: DataLoader<ByParent<bid::Entity>>,
    pub invitations_of_tender: DataLoader<ByParent<tender_invitation::Entity>>,
    pub objections_of_tender: DataLoader<ByParent<tender_objection::Entity>>,
    pub preparatory_groups_of_estate: DataLoader<ByParent<preparatory_group::Entity>>,
    pub members_of_preparatory_group: DataLoader<ByParent<preparatory_group_member::Entity>>,
    pub meetings_of_estate: DataLoader<ByParent<assembly_meeting::Entity>>,
    pub meeting_of_preparatory_group: DataLoader<ByParent<assembly_meeting::Entity>>,
    pub resolutions_of_meeting: DataLoader<ByParent<resolution::Entity>>,
    pub resolutions_of_estate: DataLoader<ByParent<resolution::Entity>>,
    pub correction_orders_of_estate: DataLoader<ByParent<correction_order::Entity>>,
    pub correction_orders_of_resolution: DataLoader<ByParent<correction_order::Entity>>,
    /// The committee filed from an ELECT_COMMITTEE resolution.
    pub committee_of_resolution: DataLoader<ByParent<committee::Entity>>,
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
            inspections_of_estate: f.by_parent(
                inspection::Column::EstateId,
                None,
                vec![inspection::Column::InspectedOn, inspection::Column::Id],
            ),
            items_of_inspection: f.by_parent(
                inspection_item::Column::InspectionId,
                None,
                vec![inspection_item::Column::Position],
            ),
            notices_of_estate: f.by_parent(
                rectification_notice::Column::EstateId,
                None,
                vec![rectification_notice::Column::IssuedOn, rectification_notice::Column::Id],
            ),
            notices_of_enterprise: f.by_parent(
                rectification_notice::Column::EnterpriseId,
                None,
                vec![rectification_notice::Column::IssuedOn, rectification_notice::Column::Id],
            ),
            items_of_notice: f.by_parent(
                rectification_item::Column::NoticeId,
                None,
                vec![rectification_item::Column::Position],
            ),
            estates_of_case: f.by_parent(
                enforcement_case_estate::Column::CaseId,
                None,
                vec![enforcement_case_estate::Column::EstateId],
            ),
            published_cases_of_enterprise: f.by_parent(
                enforcement_case::Column::EnterpriseId,
                Some(Condition::all().add(enforcement_case::Column::Status.eq(CaseStatus::Published))),
                vec![enforcement_case::Column::OpenedOn, enforcement_case::Column::Id],
            ),
            tenders_of_estate: f.by_parent(
                tender::Column::EstateId,
                None,
                vec![tender::Column::DocumentsIssuedOn, tender::Column::Id],
            ),
            bids_of_tender: f.by_parent(bid::Column::TenderId, None, vec![bid::Column::Id]),
            opened_bids_of_enterprise: f.by_parent(
                bid::Column::EnterpriseId,
                Some(Condition::all().add(bid::Column::TenderId.in_subquery(super::pagination::select_where::<
                    tender::Entity,
                >(
                    tender::Column::Id,
                    tender::Column::Status.ne(TenderStatus::Announced),
                )))),
                vec![bid::Column::Id],
            ),
            invitations_of_tender: f.by_parent(
                tender_invitation::Column::TenderId,
                None,
                vec![tender_invitation::Column::EnterpriseId],
            ),
            objections_of_tender: f.by_parent(
                tender_objection::Column::TenderId,
                None,
                vec![tender_objection::Column::Id],
            ),
            preparatory_groups_of_estate: f.by_parent(
                preparatory_group::Column::EstateId,
                None,
                vec![preparatory_group::Column::FormedOn, preparatory_group::Column::Id],
            ),
            members_of_preparatory_group: f.by_parent(
                preparatory_group_member::Column::GroupId,
                None,
                vec![preparatory_group_member::Column::Seat],
            ),
            meetings_of_estate: f.by_parent(
                assembly_meeting::Column::EstateId,
                None,
                vec![assembly_meeting::Column::HeldOn, assembly_meeting::Column::Id],
            ),
            meeting_of_preparatory_group: f.by_parent(assembly_meeting::Column::PreparatoryGroupId, None, vec![]),
            resolutions_of_meeting: f.by_parent(resolution::Column::MeetingId, None, vec![resolution::Column::Item]),
            resolutions_of_estate: f.by_parent(
                resolution::Column::EstateId,
                None,
                vec![resolution::Column::MeetingId, resolution::Column::Item],
            ),
            correction_orders_of_estate: f.by_parent(
                correction_order::Column::EstateId,
                None,
                vec![correction_order::Column::IssuedOn, correction_order::Column::Id],
            ),
            correction_orders_of_resolution: f.by_parent(
                correction_order::Column::ResolutionId,
                None,
                vec![correction_order::Column::Id],
            ),
            committee_of_resolution: f.by_parent(committee::Column::ResolutionId, None, vec![]),
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

    /// The record of `E` with this id, if a statement of another record already read it (a to-one joined in).
    pub fn primed<E>(&self, id: i64) -> Option<E::Model>
    where
        E: EntityTrait,
        E::Model: Clone + Send + Sync,
    {
        self.factory.primed.get::<E>(id)
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
