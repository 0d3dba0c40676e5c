//! The demo data set: the real county of 濉溪县 (340621) with its eleven towns and the two parks the seed names, and
//! FICTIONAL communities, estates, enterprises, contracts and committees, so that a fresh `cargo run` has something
//! to browse. The `dataset { demo }` query reports it. Deterministic: every load yields the same data.

use crate::domain::credit_code::check_character;
use crate::domain::estate_code::{estate_code, estate_sequence};
use crate::domain::sort_key::sort_key;
use crate::service::committee::{NewCommittee, NewMember, check_composition, insert_committee};
use crate::service::sequence;
use chrono::{Months, NaiveDate, Utc};
use entity::vocab::*;
use entity::{
    committee, community, county, dataset, enterprise, estate, filing, performance_bond, service_contract, town,
};
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set, TransactionTrait};

const COUNTY_CODE: &str = "340621";

/// (code, name, English name, kind) of the towns and parks of 濉溪县.
const TOWNS: [(&str, &str, &str, TownKind); 13] = [
    ("340621100", "濉溪镇", "Suixi Town", TownKind::Town),
    ("340621101", "韩村镇", "Hancun Town", TownKind::Town),
    ("340621102", "刘桥镇", "Liuqiao Town", TownKind::Town),
    ("340621103", "五沟镇", "Wugou Town", TownKind::Town),
    ("340621104", "临涣镇", "Linhuan Town", TownKind::Town),
    ("340621105", "双堆集镇", "Shuangduiji Town", TownKind::Town),
    ("340621106", "铁佛镇", "Tiefo Town", TownKind::Town),
    ("340621107", "南坪镇", "Nanping Town", TownKind::Town),
    ("340621108", "百善镇", "Baishan Town", TownKind::Town),
    ("340621109", "孙疃镇", "Suntuan Town", TownKind::Town),
    ("340621110", "四铺镇", "Sipu Town", TownKind::Town),
    ("340621400", "县经济技术开发区", "Suixi Economic and Technological Development Zone", TownKind::Park),
    ("340621401", "濉芜现代产业园", "Suiwu Modern Industrial Park", TownKind::Park),
];

const COMMUNITY_NAMES: [&str; 12] =
    ["城东", "城西", "南湖", "北苑", "新华", "振兴", "和平", "文昌", "龙华", "淮海", "青年", "东风"];
const ESTATE_PREFIXES: [&str; 16] = [
    "锦绣", "幸福", "阳光", "金色", "翠湖", "凤凰", "御景", "书香", "紫荆", "滨河", "桂园", "华府", "银河", "春晖",
    "怡和", "盛世",
];
const ESTATE_SUFFIXES: [&str; 8] = ["花园", "家园", "小区", "苑", "名都", "新村", "公馆", "雅居"];
const ENTERPRISE_NAMES: [&str; 15] = [
    "濉溪县安居物业服务有限公司",
    "淮北市恒泰物业管理有限公司",
    "濉溪县宜家物业服务有限公司",
    "安徽绿城生活服务有限公司濉溪分公司",
    "濉溪县鑫源物业管理有限公司",
    "淮北市华宇物业服务有限公司",
    "濉溪县和美物业服务有限公司",
    "濉溪县康居物业管理有限公司",
    "安徽皖北物业服务有限公司",
    "濉溪县瑞祥物业服务有限公司",
    "淮北市嘉禾物业管理有限公司",
    "濉溪县同心物业服务有限公司",
    "濉溪县盛邦物业管理有限公司",
    "淮北市万家物业服务有限公司",
    "濉溪县邻里物业服务有限公司",
];
const SURNAMES: [&str; 16] =
    ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"];
const GIVEN_NAMES: [&str; 16] =
    ["伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"];

/// A small deterministic generator (xorshift), so the demo needs no random-number crate and never changes.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn person(&mut self) -> String {
        format!("{}{}{}", self.pick(&SURNAMES), self.pick(&GIVEN_NAMES), self.pick(&GIVEN_NAMES))
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid demo date")
}

/// Loads the demo data set if the database holds no county yet. Returns whether it loaded.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if county::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    load(&txn).await?;
    txn.commit().await?;
    Ok(true)
}

/// Whether the database holds the demo data set.
pub async fn is_demo(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(dataset::Entity::find_by_id(1).one(db).await?.is_some_and(|d| d.demo))
}

async fn load(txn: &sea_orm::DatabaseTransaction) -> Result<(), DbErr> {
    let now = Utc::now();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let county = county::ActiveModel {
        code: Set(COUNTY_CODE.into()),
        name: Set("濉溪县".into()),
        name_en: Set(Some("Suixi County".into())),
        name_sort: Set(sort_key("濉溪县")),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;

    let mut enterprises = Vec::new();
    for (i, name) in ENTERPRISE_NAMES.iter().enumerate() {
        let first17 = format!("91340621MA2T{:04}X", 1000 + i * 37);
        let credit_code = format!("{first17}{}", check_character(&first17).expect("alphabet characters"));
        let status = match i {
            12 => EnterpriseStatus::Suspended,
            14 => EnterpriseStatus::Deregistered,
            _ => EnterpriseStatus::Active,
        };
        enterprises.push(
            enterprise::ActiveModel {
                credit_code: Set(credit_code),
                name: Set((*name).into()),
                name_sort: Set(sort_key(name)),
                legal_representative: Set(dice.person()),
                address: Set(format!("濉溪县{}路{}号", dice.pick(&COMMUNITY_NAMES), 10 + dice.below(300))),
                phone: Set(Some(format!("0561-68{:05}", dice.below(100_000)))),
                status: Set(status),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?,
        );
    }
    // Enterprises that can take new contracts (not suspended or deregistered).
    let serving: Vec<&enterprise::Model> =
        enterprises.iter().filter(|e| e.status == EnterpriseStatus::Active).collect();

    let mut estate_count = 0;
    for (t, &(code, name, name_en, kind)) in TOWNS.iter().enumerate() {
        // 四铺镇 has not set up its service centre yet: the compliance overview should show one gap.
        let has_center = code != "340621110";
        let town = town::ActiveModel {
            county_id: Set(county.id),
            code: Set(code.into()),
            name: Set(name.into()),
            name_en: Set(Some(name_en.into())),
            name_sort: Set(sort_key(name)),
            kind: Set(kind),
            service_center_established_on: Set(has_center.then(|| date(2021, 10, 20 + (t as u32 % 10)))),
            service_center_leader: Set(has_center.then(|| dice.person())),
            service_center_staff_count: Set(has_center.then(|| 2 + dice.below(3) as i32)),
            service_center_phone: Set(has_center.then(|| format!("0561-60{:05}", dice.below(100_000)))),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;

        // The county seat has more communities and estates than the rural towns.
        let communities = if t == 0 { 5 } else { 2 + t % 2 };
        for c in 0..communities {
            let village = t > 0 && c == communities - 1;
            let base = COMMUNITY_NAMES[(t * 3 + c) % COMMUNITY_NAMES.len()];
            let community_name = if village { format!("{base}村") } else { format!("{base}社区") };
            let community = community::ActiveModel {
                town_id: Set(town.id),
                code: Set(format!("{code}{:03}", if village { 200 + c } else { 1 + c })),
                name: Set(format!("{}{community_name}", name.trim_end_matches(['镇', '区', '园']))),
                name_en: Set(None),
                name_sort: Set(sort_key(&format!("{}{community_name}", name.trim_end_matches(['镇', '区', '园'])))),
                kind: Set(if village { CommunityKind::Village } else { CommunityKind::Residents }),
                property_officer: Set(Some(dice.person())),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;

            let estates = if t == 0 { 8 } else { 3 + (t + c) % 2 };
            let mut filed: Vec<i64> = Vec::new();
            for _ in 0..estates {
                estate_count += 1;
                let serial = sequence::next_value(txn, &estate_sequence(COUNTY_CODE)).await?;
                let name = format!(
                    "{}{}",
                    ESTATE_PREFIXES[(estate_count * 7) % ESTATE_PREFIXES.len()],
                    ESTATE_SUFFIXES[(estate_count / 2 + t) % ESTATE_SUFFIXES.len()]
                );
                let name = if estate_count > ESTATE_PREFIXES.len() * 2 {
                    format!("{name}{}期", 1 + estate_count % 3)
                } else {
                    name
                };
                let roll = dice.below(100);
                let (housing_type, service_mode) = match roll {
                    0..=64 => (HousingType::Commodity, ServiceMode::Market),
                    65..=74 => (HousingType::Resettlement, ServiceMode::Market),
                    75..=86 => (HousingType::OldCompound, ServiceMode::FiveBasics),
                    87..=91 => (HousingType::SingleBuilding, ServiceMode::SelfManaged),
                    92..=95 => (HousingType::Affordable, ServiceMode::Emergency),
                    _ => (HousingType::Other, ServiceMode::None),
                };
                let five_basics = match service_mode {
                    ServiceMode::FiveBasics => join_codes(&[
                        FiveBasicsService::Cleaning,
                        FiveBasicsService::Security,
                        FiveBasicsService::Greening,
                        FiveBasicsService::Repairs,
                        FiveBasicsService::Parking,
                    ]),
                    _ => String::new(),
                };
                let households = 80 + dice.below(1200) as i32;
                let buildings = 1.max(households / 90);
                let estate = estate::ActiveModel {
                    community_id: Set(community.id),
                    code: Set(estate_code(COUNTY_CODE, serial)),
                    name_sort: Set(sort_key(&name)),
                    name: Set(name),
                    address: Set(format!(
                        "濉溪县{}{}路{}号",
                        town.name,
                        dice.pick(&COMMUNITY_NAMES),
                        1 + dice.below(500)
                    )),
                    latitude_e6: Set(Some(33_916_000 + dice.below(120_000) as i32 - 60_000)),
                    longitude_e6: Set(Some(116_766_000 + dice.below(120_000) as i32 - 60_000)),
                    housing_type: Set(housing_type),
                    service_mode: Set(service_mode),
                    five_basics: Set(five_basics),
                    buildings: Set(buildings),
                    households: Set(households),
                    occupied_households: Set(households * (70 + dice.below(30) as i32) / 100),
                    // 90 to 130 m² per household, in hundredths of m².
                    private_area: Set(i64::from(households) * (9_000 + dice.below(4_000) as i64)),
                    management_room_area: Set(i64::from(households) * 30 + dice.below(100) as i64),
                    completed_year: Set(Some(1995 + dice.below(30) as i32)),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;

                if service_mode == ServiceMode::Market {
                    let current = *dice.pick(&serving);
                    // One estate in three changed hands: an earlier contract, terminated, with another enterprise.
                    let start = date(2021 + dice.below(5) as i32, 1 + dice.below(12) as u32, 1);
                    if dice.below(3) == 0 {
                        let previous = enterprises[(current.id as usize + 3) % enterprises.len()].id;
                        let earlier = start.checked_sub_months(Months::new(36)).expect("a valid date");
                        contract(
                            txn,
                            &estate,
                            previous,
                            earlier,
                            start.pred_opt().expect("a date"),
                            true,
                            &mut dice,
                            now,
                        )
                        .await?;
                    }
                    // Some contracts ran past their end and go on without renewal (不定期, 民法典 art. 948).
                    let years = if dice.below(6) == 0 { 2 } else { 5 };
                    let end =
                        start.checked_add_months(Months::new(12 * years)).and_then(|d| d.pred_opt()).expect("a date");
                    contract(txn, &estate, current.id, start, end, false, &mut dice, now).await?;
                    if !filed.contains(&current.id) {
                        filed.push(current.id);
                    }
                }
                committee_for(txn, &estate, &mut dice).await?;
            }
            for enterprise_id in filed {
                filing::ActiveModel {
                    enterprise_id: Set(enterprise_id),
                    community_id: Set(community.id),
                    filed_on: Set(date(2022, 3, 1 + dice.below(28) as u32)),
                    filed_by: Set("demo".into()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
            }
        }
    }
    dataset::ActiveModel { id: Set(1), demo: Set(true), loaded_at: Set(now) }.insert(txn).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn contract(
    txn: &sea_orm::DatabaseTransaction,
    estate: &estate::Model,
    enterprise_id: i64,
    start_on: NaiveDate,
    end_on: NaiveDate,
    terminated: bool,
    dice: &mut Dice,
    now: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    let contract = service_contract::ActiveModel {
        estate_id: Set(estate.id),
        enterprise_id: Set(enterprise_id),
        start_on: Set(start_on),
        end_on: Set(end_on),
        fee_per_m2_month: Set(50 + 10 * dice.below(18) as i64),
        selection: Set(*dice.pick(&[SelectionMethod::Bidding, SelectionMethod::Bidding, SelectionMethod::Negotiated])),
        status: Set(if terminated { ContractStatus::Terminated } else { ContractStatus::Active }),
        terminated_on: Set(terminated.then_some(end_on)),
        termination_reason: Set(terminated.then(|| "合同期满，业主大会另行选聘".to_owned())),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if dice.below(2) == 0 {
        performance_bond::ActiveModel {
            contract_id: Set(contract.id),
            amount: Set(100_000 * (2 + dice.below(8) as i64)),
            status: Set(if terminated { BondStatus::Refunded } else { BondStatus::Held }),
            status_reason: Set(terminated.then(|| "合同正常履行完毕".to_owned())),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Gives about half the estates a committee: a management committee, or an owners' committee that replaced one.
async fn committee_for(
    txn: &sea_orm::DatabaseTransaction,
    estate: &estate::Model,
    dice: &mut Dice,
) -> Result<(), DbErr> {
    let roll = dice.below(10);
    if roll >= 5 {
        return Ok(());
    }
    let formed = date(2022 + dice.below(3) as i32, 1 + dice.below(12) as u32, 1 + dice.below(28) as u32);
    let management = new_committee(txn, estate, CommitteeKind::Management, formed, None, dice).await?;
    if roll < 2 {
        // The owners elected a committee; its filing dissolved the management committee (seed §三(二)).
        let elected = formed.checked_add_months(Months::new(10)).expect("a date");
        let filed = elected + chrono::Duration::days(10 + 30 * i64::from(roll == 0));
        committee::ActiveModel {
            status: Set(CommitteeStatus::Dissolved),
            dissolved_on: Set(Some(filed)),
            dissolution_reason: Set(Some("业主委员会成立，物业管理委员会自动解散".into())),
            ..management.into()
        }
        .update(txn)
        .await?;
        new_committee(txn, estate, CommitteeKind::Owners, elected, Some(filed), dice).await?;
    }
    Ok(())
}

async fn new_committee(
    txn: &sea_orm::DatabaseTransaction,
    estate: &estate::Model,
    kind: CommitteeKind,
    formed_on: NaiveDate,
    filed_on: Option<NaiveDate>,
    dice: &mut Dice,
) -> Result<committee::Model, DbErr> {
    let owners = kind == CommitteeKind::Owners;
    let size = if owners { 5 + 2 * dice.below(3) } else { 7 + 2 * dice.below(2) };
    let members: Vec<NewMember> = (0..size)
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
    let demo_error = |e: crate::error::Error| DbErr::Custom(format!("demo committee: {e:?}"));
    check_composition(kind, &members).map_err(demo_error)?;
    let input = NewCommittee {
        estate_id: estate.id,
        formed_on,
        term_end: formed_on.checked_add_months(Months::new(if owners { 60 } else { 36 })),
        members,
    };
    let elected_on = owners.then_some(formed_on);
    let (committee, _) = insert_committee(txn, &input, kind, elected_on, filed_on).await.map_err(demo_error)?;
    Ok(committee)
}
