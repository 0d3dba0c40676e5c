//! A province's worth of synthetic data for benchmarks (`wuye province`): counties in the shape of the peer benchmark
//! (each with 13 towns, 130 communities, an enterprise for every ten estates, and for every estate a contract and an
//! owners' committee of five members; a confirmed credit record for each enterprise, a closed complaint for every
//! second estate and a published public-income disclosure of two items for every fourth). Written in bulk, a county a transaction, each record with its creation event on the audit chain,
//! so `wuye audit verify` holds. A fixture, not the demo: its names say what they are.

use super::Service;
use super::action::Action;
use super::audit::{Change, public_snapshot};
use crate::auth::{Actor, Place};
use crate::error::Result;
use chrono::{Duration, NaiveDate, Utc};
use entity::vocab::*;
use entity::{
    committee, committee_member, community, complaint, county, credit_record, credit_rule, disclosure_item, enterprise,
    estate, public_income_disclosure, service_contract, town,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;

/// How many rows a statement inserts at most (well under both databases' limits on bound values).
const BATCH: usize = 500;
const TOWNS: usize = 13;
const COMMUNITIES_PER_TOWN: usize = 10;
const MEMBERS: usize = 5;

/// The size of a synthetic province.
#[derive(Debug, Clone, Copy)]
pub struct ProvinceShape {
    pub counties: usize,
    pub estates_per_county: usize,
}

/// The county code of the `index`-th synthetic county: 34CCNN, twenty counties a city.
pub fn county_code(index: usize) -> String {
    format!("34{:02}{:02}", 1 + index / 20, 21 + index % 20)
}

impl Service {
    /// Loads `shape` into a database that holds no county yet (a fixture never mixes with real counties); returns
    /// the records written, or `None` when the database holds a county already.
    pub async fn load_province_if_empty(&self, shape: ProvinceShape) -> Result<Option<usize>> {
        if county::Entity::find().one(self.db()).await?.is_some() {
            return Ok(None);
        }
        let rule = credit_rule::Entity::find()
            .filter(credit_rule::Column::Kind.eq(CreditRuleKind::Good))
            .order_by_asc(credit_rule::Column::Id)
            .one(self.db())
            .await?
            .ok_or_else(|| sea_orm::DbErr::RecordNotFound("a credit rule of kind GOOD".into()))?;
        let mut written = 0;
        for index in 0..shape.counties {
            let txn = self.begin().await?;
            written += self.load_county(&txn, index, shape.estates_per_county, &rule).await?;
            txn.commit().await?;
        }
        Ok(Some(written))
    }

    async fn load_county(
        &self,
        txn: &DatabaseTransaction,
        index: usize,
        estates: usize,
        rule: &credit_rule::Model,
    ) -> Result<usize> {
        let code = county_code(index);
        let actor = Actor::system(&code, "synthetic province for benchmarks");
        let now = Utc::now();
        let county_place = Place { county: Some(code.clone()), ..Place::default() };
        let county = county::ActiveModel {
            code: Set(code.clone()),
            name: Set(format!("基准县{index}")),
            name_sort: Set(format!("jizhunxian{index:05}")),
            ..Default::default()
        }
        .first_version(now)
        .insert(txn)
        .await?;
        let mut changes = vec![(Action::CreateCounty, record(&county), county_place.clone(), json!({ "code": code }))];

        let towns = insert(
            txn,
            (0..TOWNS).map(|t| {
                town::ActiveModel {
                    county_id: Set(county.id),
                    code: Set(format!("{code}{:03}", 100 + t)),
                    name: Set(format!("基准县{index}第{t}镇")),
                    name_sort: Set(format!("jizhunzhen{t:03}")),
                    kind: Set(TownKind::Town),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let communities = insert(
            txn,
            (0..TOWNS * COMMUNITIES_PER_TOWN).map(|c| {
                let town = &towns[c % TOWNS];
                community::ActiveModel {
                    town_id: Set(town.id),
                    code: Set(format!("{}{:03}", town.code, 200 + c)),
                    name: Set(format!("{}第{c}社区", town.name)),
                    name_sort: Set(format!("jizhunshequ{c:03}")),
                    kind: Set(CommunityKind::Residents),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let enterprises = insert(
            txn,
            (0..(estates / 10).max(1)).map(|e| {
                enterprise::ActiveModel {
                    credit_code: Set(credit_code(&code, e)),
                    name: Set(format!("基准县{index}第{e}物业服务有限公司")),
                    name_sort: Set(format!("jizhunwuye{e:05}")),
                    legal_representative: Set("法定代表人".into()),
                    address: Set(format!("基准县{index}")),
                    status: Set(EnterpriseStatus::Active),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let homes = insert(
            txn,
            (0..estates).map(|n| {
                let households = 80 + (n * 7919 % 2320) as i32;
                estate::ActiveModel {
                    community_id: Set(communities[n * 31 % communities.len()].id),
                    code: Set(format!("XQ{code}{n:05}")),
                    name: Set(format!("基准小区{n}")),
                    name_sort: Set(format!("jizhunxiaoqu{n:05}")),
                    address: Set(format!("基准县{index}基准路{n}号")),
                    housing_type: Set(HousingType::Commodity),
                    service_mode: Set(if n % 5 == 0 { ServiceMode::FiveBasics } else { ServiceMode::Market }),
                    five_basics: Set(String::new()),
                    buildings: Set((households / 90).max(1)),
                    households: Set(households),
                    occupied_households: Set(0),
                    private_area: Set(i64::from(households) * 10_000),
                    management_room_area: Set(i64::from(households) * 30),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let serving = |n: usize| &enterprises[n * 7 % enterprises.len()];
        let contracts = insert(
            txn,
            homes.iter().enumerate().map(|(n, home)| {
                service_contract::ActiveModel {
                    estate_id: Set(home.id),
                    enterprise_id: Set(serving(n).id),
                    start_on: Set(day(2024, 1, 1)),
                    end_on: Set(day(2028, 12, 31)),
                    fee_per_m2_month: Set(40 + (n * 37 % 210) as i64),
                    selection: Set(SelectionMethod::Bidding),
                    status: Set(ContractStatus::Active),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let committees = insert(
            txn,
            homes.iter().map(|home| {
                committee::ActiveModel {
                    estate_id: Set(home.id),
                    kind: Set(CommitteeKind::Management),
                    status: Set(CommitteeStatus::Active),
                    formed_on: Set(day(2024, 1, 1)),
                    term_end: Set(Some(day(2029, 1, 1))),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let members = committees.iter().flat_map(|c| {
            (0..MEMBERS).map(move |seat| committee_member::ActiveModel {
                committee_id: Set(c.id),
                seat: Set(seat as i32),
                name: Set(format!("委员{seat}")),
                position: Set(if seat == 0 { MemberPosition::Chair } else { MemberPosition::Member }),
                affiliation: Set(MemberAffiliation::Owner),
                is_owner_representative: Set(true),
                is_party_member: Set(seat % 2 == 0),
                tags: Set(String::new()),
                joined_on: Set(day(2024, 1, 1)),
                created_at: Set(now),
                ..Default::default()
            })
        });
        let members = insert(txn, members).await?.len();
        let records = insert(
            txn,
            enterprises.iter().map(|firm| {
                credit_record::ActiveModel {
                    enterprise_id: Set(firm.id),
                    rule_id: Set(rule.id),
                    county_code: Set(code.clone()),
                    facts: Set("基准数据：良好行为".into()),
                    evidence: Set("基准数据".into()),
                    occurred_on: Set(day(2026, 6, 1)),
                    source: Set(CreditRecordSource::Field),
                    status: Set(CreditRecordStatus::Confirmed),
                    kind: Set(Some(rule.kind)),
                    points: Set(Some(rule.points)),
                    validity_months: Set(Some(rule.validity_months)),
                    expires_on: Set(Some(day(2026, 6, 1) + chrono::Months::new(rule.validity_months as u32))),
                    proposed_on: Set(day(2026, 6, 1)),
                    confirmed_on: Set(Some(day(2026, 6, 2))),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let disclosed: Vec<(&estate::Model, &service_contract::Model)> =
            homes.iter().zip(&contracts).step_by(4).collect();
        let disclosures = insert(
            txn,
            disclosed.iter().map(|(home, contract)| {
                public_income_disclosure::ActiveModel {
                    estate_id: Set(home.id),
                    year: Set(2026),
                    quarter: Set(2),
                    period_start: Set(day(2026, 4, 1)),
                    period_end: Set(day(2026, 6, 30)),
                    submitter: Set(DisclosureSubmitter::Enterprise),
                    contract_id: Set(Some(contract.id)),
                    part_key: Set(contract.id),
                    status: Set(DisclosureStatus::Published),
                    transferred_to_fund: Set(0),
                    other_use: Set(0),
                    submitted_on: Set(Some(day(2026, 7, 5))),
                    published_on: Set(Some(day(2026, 7, 10))),
                    ..Default::default()
                }
                .first_version(now)
            }),
        )
        .await?;
        let items = disclosures.iter().flat_map(|disclosure| {
            [(IncomeSource::Advertising, "电梯广告", 120_000), (IncomeSource::Parking, "地面停车", 360_000)]
                .into_iter()
                .enumerate()
                .map(|(line, (source, description, gross))| disclosure_item::ActiveModel {
                    disclosure_id: Set(disclosure.id),
                    line: Set(line as i32 + 1),
                    source: Set(source),
                    description: Set(description.into()),
                    counterparty: Set("基准数据".into()),
                    counterparty_is_person: Set(false),
                    gross: Set(gross),
                    cost: Set(gross / 10),
                    ..Default::default()
                })
        });
        let items = insert(txn, items).await?.len();
        let received = |n: usize| now - Duration::days(1 + (n % 300) as i64);
        let complaints = insert(
            txn,
            homes.iter().enumerate().step_by(2).map(|(n, home)| complaint::ActiveModel {
                channel: Set(ComplaintChannel::Hotline12345),
                ticket_number: Set(format!("JZ{code}{n:06}")),
                category: Set(ComplaintCategory::ServiceQuality),
                estate_id: Set(home.id),
                enterprise_id: Set(Some(serving(n).id)),
                summary: Set("基准数据：投诉".into()),
                received_at: Set(received(n)),
                status: Set(ComplaintStatus::Closed),
                assignee: Set(Some(ComplaintAssignee::Enterprise)),
                assigned_at: Set(Some(received(n) + Duration::hours(2))),
                responded_at: Set(Some(received(n) + Duration::hours(20))),
                closed_at: Set(Some(received(n) + Duration::days(3))),
                outcome: Set(Some("已处理".into())),
                satisfaction: Set(Some(Satisfaction::Satisfied)),
                reopen_count: Set(0),
                version: Set(1),
                created_at: Set(received(n)),
                updated_at: Set(received(n) + Duration::days(3)),
                ..Default::default()
            }),
        )
        .await?;

        // Where each community lies, by id: an estate's place is its community's, with the estate's code.
        let community_places: HashMap<i64, Place> = communities
            .iter()
            .map(|c| {
                let town = towns.iter().find(|t| t.id == c.town_id).expect("its town");
                let place =
                    Place { town: Some(town.code.clone()), community: Some(c.code.clone()), ..county_place.clone() };
                (c.id, place)
            })
            .collect();
        let estate_place = |home: &estate::Model| Place {
            estate: Some(home.code.clone()),
            ..community_places[&home.community_id].clone()
        };
        for t in &towns {
            let place = Place { town: Some(t.code.clone()), ..county_place.clone() };
            changes.push((Action::CreateTown, record(t), place, json!({ "code": t.code, "name": t.name })));
        }
        for c in &communities {
            let place = community_places[&c.id].clone();
            changes.push((Action::CreateCommunity, record(c), place, json!({ "code": c.code, "name": c.name })));
        }
        for firm in &enterprises {
            let place = Place { enterprise: Some(firm.credit_code.clone()), ..county_place.clone() };
            changes.push((Action::RegisterEnterprise, record(firm), place, super::enterprise::public(firm)));
        }
        for home in &homes {
            changes.push((Action::CreateEstate, record(home), estate_place(home), super::estate::public(home)));
        }
        for (n, (contract, home)) in contracts.iter().zip(&homes).enumerate() {
            let after = super::contract::public(contract, &home.code, &serving(n).credit_code);
            changes.push((Action::CreateContract, record(contract), estate_place(home), after));
        }
        for (committee, home) in committees.iter().zip(&homes) {
            let after = json!({ "estateCode": home.code, "kind": committee.kind, "members": MEMBERS });
            changes.push((Action::FormManagementCommittee, record(committee), estate_place(home), after));
        }
        for (entry, firm) in records.iter().zip(&enterprises) {
            let place = Place { enterprise: Some(firm.credit_code.clone()), ..county_place.clone() };
            let after = json!({ "enterpriseCreditCode": firm.credit_code, "rule": rule.code, "status": entry.status });
            changes.push((Action::ConfirmCreditRecord, record(entry), place, after));
        }
        for (disclosure, (home, _)) in disclosures.iter().zip(&disclosed) {
            let after = json!({ "estateCode": home.code, "year": 2026, "quarter": 2, "status": disclosure.status });
            changes.push((Action::PublishPublicIncomeDisclosure, record(disclosure), estate_place(home), after));
        }
        for (entry, home) in complaints.iter().zip(homes.iter().step_by(2)) {
            let after = json!({ "estateCode": home.code, "status": entry.status });
            changes.push((Action::CloseComplaint, record(entry), estate_place(home), after));
        }
        let written = changes.len() + members + items;
        let changes = changes
            .iter()
            .map(|(action, (kind, id), place, after)| Change {
                action: *action,
                entity_type: *kind,
                entity_id: *id,
                place,
                before: None,
                after: Some(public_snapshot(after.clone())),
                reason: None,
                public: true,
            })
            .collect();
        self.audit_all(txn, &actor, changes).await?;
        Ok(written)
    }
}

/// A record's kind and id, as its audit event names it.
fn record<R: entity::record::Record>(record: &R) -> (RecordKind, i64) {
    (R::KIND, record.id())
}

/// Inserts `rows` in batches; the rows as stored.
async fn insert<A>(
    txn: &DatabaseTransaction,
    rows: impl IntoIterator<Item = A>,
) -> Result<Vec<<A::Entity as EntityTrait>::Model>>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
{
    let rows: Vec<A> = rows.into_iter().collect();
    let mut stored = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
        stored.extend(A::Entity::insert_many(batch).exec_with_returning(txn).await?);
    }
    Ok(stored)
}

/// The unified social credit code of the county's `n`-th synthetic enterprise, with its check character.
fn credit_code(county: &str, n: usize) -> String {
    let first = format!("91{county}MA{n:06}X");
    let check = crate::domain::credit_code::check_character(&first).expect("a check character");
    format!("{first}{check}")
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid day")
}
