//! The registry of the demo: each estate with its occupancy, its contracts (and their bonds), and its committees.

use super::{COMMUNITY_NAMES, Demo, ESTATE_PREFIXES, ESTATE_SUFFIXES, date};
use crate::domain::calendar::today;
use crate::domain::estate::GeoPoint;
use crate::domain::fixed_point::{Area, Money};
use crate::error::Result;
use crate::service::committee::{ElectedBy, NewCommittee, NewMember, OwnersCommitteeFiling};
use crate::service::contract::NewContract;
use crate::service::estate::NewEstate;
use chrono::{Days, Months, NaiveDate};
use entity::vocab::*;
use entity::{enterprise, estate, service_contract};
use sea_orm::Iterable;

impl Demo<'_> {
    /// One estate of the `t`-th town, the `n`-th of the county, with its occupancy as the community records it.
    pub(super) async fn estate(
        &mut self,
        community_code: &str,
        town_name: &str,
        t: usize,
        n: usize,
    ) -> Result<estate::Model> {
        let dice = &mut self.dice;
        let name = format!(
            "{}{}",
            ESTATE_PREFIXES[(n * 7) % ESTATE_PREFIXES.len()],
            ESTATE_SUFFIXES[(n / 2 + t) % ESTATE_SUFFIXES.len()]
        );
        let name = if n > ESTATE_PREFIXES.len() * 2 { format!("{name}{}期", 1 + n % 3) } else { name };
        let (housing_type, service_mode) = match dice.below(100) {
            0..=64 => (HousingType::Commodity, ServiceMode::Market),
            65..=74 => (HousingType::Resettlement, ServiceMode::Market),
            75..=86 => (HousingType::OldCompound, ServiceMode::FiveBasics),
            87..=91 => (HousingType::SingleBuilding, ServiceMode::SelfManaged),
            // Left without service: emergency management takes over (demo/lifecycle.rs).
            92..=95 => (HousingType::Affordable, ServiceMode::None),
            _ => (HousingType::Other, ServiceMode::None),
        };
        let five_basics = match service_mode {
            ServiceMode::FiveBasics => FiveBasicsService::iter().collect(),
            _ => Vec::new(),
        };
        let households = 80 + dice.below(1200) as i32;
        // Each town's estates lie around its own seat: the county seat (the first town) in the middle, the others
        // on a spiral around it (a golden angle apart), so that the map shows towns as places.
        let (seat_lat, seat_lng) = if t == 0 {
            (33_916_000.0, 116_766_000.0)
        } else {
            let (angle, radius) = (t as f64 * 2.4, 50_000.0 + 12_000.0 * t as f64);
            (33_916_000.0 + radius * angle.sin(), 116_766_000.0 + radius * 1.2 * angle.cos())
        };
        let new = NewEstate {
            code: None,
            community_code: community_code.into(),
            name,
            address: format!("濉溪县{town_name}{}路{}号", dice.pick(&COMMUNITY_NAMES), 1 + dice.below(500)),
            location: Some(GeoPoint {
                latitude_e6: seat_lat as i32 + (dice.below(120_000) as i32 - 60_000) / 2,
                longitude_e6: seat_lng as i32 + (dice.below(120_000) as i32 - 60_000) / 2,
            }),
            housing_type,
            service_mode,
            five_basics,
            buildings: 1.max(households / 90),
            households,
            // 90 to 130 m² per household, in hundredths of m².
            private_area: Area(i64::from(households) * (9_000 + dice.below(4_000) as i64)),
            management_room_area: Area(i64::from(households) * 30 + dice.below(100) as i64),
            completed_year: Some(1995 + dice.below(30) as i32),
        };
        let occupied = households * (70 + dice.below(30) as i32) / 100;
        let unserved = housing_type == HousingType::Affordable;
        let estate = self.service.create_estate(self.actor(), new).await?;
        if unserved {
            self.unserved.push(estate.id);
        }
        self.service.update_occupancy(self.actor(), estate.id, estate.version, occupied).await
    }

    /// The contracts of a market-served estate: the one `current` serves under and, for one estate in three, an
    /// earlier one with another enterprise that ended when the owners chose anew. Half the contracts have a bond,
    /// refunded when the contract ended.
    pub(super) async fn contracts(
        &mut self,
        estate: &estate::Model,
        current: &enterprise::Model,
        enterprises: &[enterprise::Model],
    ) -> Result<()> {
        // The first estate's term ends in 45 days, so that whatever day the demo is loaded some fixed term ends too
        // soon for 90 days' notice, and its enterprise gives notice late (see `exits`).
        let soon = self.contracted.is_empty().then(ending_soon);
        let start = date(2021 + self.dice.below(5) as i32, 1 + self.dice.below(12) as u32, 1);
        let start = soon.map_or(start, |(start, _)| start);
        if self.dice.below(3) == 0 {
            let previous = enterprises[(current.id as usize + 3) % enterprises.len()].id;
            let earlier = start.checked_sub_months(Months::new(36)).expect("a valid date");
            let end = start.pred_opt().expect("a date");
            let contract = self.contract(estate.id, previous, earlier, end).await?;
            let reason = "合同期满，业主大会另行选聘";
            let contract =
                self.service.terminate_contract(self.actor(), contract.id, contract.version, end, reason).await?;
            self.bond(&contract).await?;
        }
        // Some contracts ran past their end and go on without renewal (不定期, 民法典 art. 948).
        let years = if self.dice.below(6) == 0 { 2 } else { 5 };
        let end = start.checked_add_months(Months::new(12 * years)).and_then(|d| d.pred_opt()).expect("a date");
        let end = soon.map_or(end, |(_, end)| end);
        let contract = self.contract(estate.id, current.id, start, end).await?;
        self.bond(&contract).await
    }

    async fn contract(
        &mut self,
        estate_id: i64,
        enterprise_id: i64,
        start_on: NaiveDate,
        end_on: NaiveDate,
    ) -> Result<service_contract::Model> {
        let selection =
            *self.dice.pick(&[SelectionMethod::Bidding, SelectionMethod::Bidding, SelectionMethod::Negotiated]);
        if !self.contracted.contains(&enterprise_id) {
            self.contracted.push(enterprise_id);
        }
        let new = NewContract {
            estate_id,
            enterprise_id,
            start_on,
            end_on,
            fee_per_m2_month: Money(50 + 10 * self.dice.below(18) as i64),
            selection,
        };
        self.service.create_contract(self.actor(), new).await
    }

    /// For half the contracts, the bond the county holds; refunded once the contract has ended.
    async fn bond(&mut self, contract: &service_contract::Model) -> Result<()> {
        if self.dice.below(2) != 0 {
            return Ok(());
        }
        let amount = Money(100_000 * (2 + self.dice.below(8) as i64));
        let bond = self.service.lodge_bond(self.actor(), contract.id, amount).await?;
        if !contract.is_open() {
            let reason = "合同正常履行完毕";
            self.service.settle_bond(self.actor(), bond.id, bond.version, BondStatus::Refunded, reason).await?;
        }
        Ok(())
    }

    /// Gives about half the estates a committee (every estate, formed by the policy's deadline, when `on_time`): a
    /// management committee, or an owners' committee whose filing dissolved the management committee before it
    /// (seed §三(二)), some filed late.
    pub(super) async fn committees(&mut self, estate: &estate::Model, on_time: bool) -> Result<bool> {
        let roll = self.dice.below(10);
        if roll >= 5 && !on_time {
            return Ok(false);
        }
        let formed = if on_time {
            date(2021, 9 + self.dice.below(3) as u32, 1 + self.dice.below(28) as u32)
        } else {
            date(2022 + self.dice.below(3) as i32, 1 + self.dice.below(12) as u32, 1 + self.dice.below(28) as u32)
        };
        let management = self.committee(estate, CommitteeKind::Management, formed);
        self.service.form_management_committee(self.actor(), management).await?;
        if roll < 2 {
            let elected = formed.checked_add_months(Months::new(10)).expect("a date");
            let filed = elected + chrono::Duration::days(10 + 30 * i64::from(roll == 0));
            let owners = self.committee(estate, CommitteeKind::Owners, elected);
            let elected_by = ElectedBy::Assembly { estate_id: estate.id, elected_on: elected };
            let filing = OwnersCommitteeFiling { elected_by, filed_on: filed, term_end: None, members: owners.members };
            self.service.file_owners_committee(self.actor(), filing).await?;
        }
        Ok(true)
    }

    /// A committee of `kind` whose members meet the composition rules.
    pub(super) fn committee(
        &mut self,
        estate: &estate::Model,
        kind: CommitteeKind,
        formed_on: NaiveDate,
    ) -> NewCommittee {
        let dice = &mut self.dice;
        let owners = kind == CommitteeKind::Owners;
        let size = if owners { 5 + 2 * dice.below(3) } else { 7 + 2 * dice.below(2) };
        let members = (0..size)
            .map(|seat| {
                let affiliation = match (owners, seat) {
                    (false, 0) => MemberAffiliation::CommunityPartyOrg,
                    (false, 1) => MemberAffiliation::ResidentsCommittee,
                    (false, 2) => MemberAffiliation::UrbanManagement,
                    _ => MemberAffiliation::Owner,
                };
                NewMember {
                    name: dice.person(),
                    position: match seat {
                        0 => MemberPosition::Chair,
                        1 => MemberPosition::ViceChair,
                        _ => MemberPosition::Member,
                    },
                    affiliation,
                    is_owner_representative: affiliation == MemberAffiliation::Owner,
                    is_party_member: seat == 0 || seat % 2 == 1,
                    tags: match seat {
                        3 => vec![MemberTag::VeteranPartyMember],
                        4 => vec![MemberTag::RetiredTeacher],
                        _ => vec![],
                    },
                    phone: Some(format!("139{:08}", dice.below(100_000_000))),
                }
            })
            .collect();
        NewCommittee {
            estate_id: estate.id,
            formed_on,
            term_end: formed_on.checked_add_months(Months::new(36)),
            members,
        }
    }
}

/// A three-year term ending 45 days from today.
fn ending_soon() -> (NaiveDate, NaiveDate) {
    let end = today() + Days::new(45);
    (end.checked_sub_months(Months::new(36)).and_then(|d| d.succ_opt()).expect("a date"), end)
}
