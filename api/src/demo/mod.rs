//! The demo data set: the real county of 濉溪县 (340621) with its eleven towns and the two parks the seed names, and
//! FICTIONAL communities, estates, enterprises, contracts and committees, so that a fresh `cargo run` has something
//! to browse. The `dataset { demo }` query reports it. Deterministic: every load yields the same data.
//!
//! This file only describes the data. It goes in through the front door: every record is written by the same service
//! function staff use, as the system actor with the reason "demo data set", so every rule that guards staff also
//! guards the demo, and the audit log and the change feed show each step for what it is.

mod assemblies;
mod complaints;
mod credit;
mod lifecycle;
mod money;
mod personas;
mod registry;
mod supervision;
mod tenders;
mod upkeep;

pub use personas::{Persona, personas};

use crate::auth::{Actor, Role, Scope};
use crate::domain::credit_code::check_character;
use crate::error::Result;
use crate::service::Service;
use crate::service::enterprise::NewEnterprise;
use crate::service::region::{NewCommunity, NewCounty, NewTown, ServiceCenter};
use chrono::NaiveDate;
use entity::vocab::*;
use entity::{county, dataset, enterprise, estate};
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

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

/// Why the system acts: every demo change records it as (part of) its reason.
const REASON: &str = "demo data set";

/// Loads the demo data set if the database holds no county and no data set yet. Returns whether it loaded.
pub async fn load_if_empty(service: &Service) -> Result<bool> {
    let db = service.db();
    if county::Entity::find().count(db).await? > 0 || dataset::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    Demo {
        service,
        actor: Actor::system(COUNTY_CODE, REASON),
        dice: Dice(0x9E37_79B9_7F4A_7C15),
        contracted: Vec::new(),
        estates: Vec::new(),
        unserved: Vec::new(),
    }
    .load()
    .await?;
    Ok(true)
}

/// Whether the database holds the demo data set.
pub async fn is_demo(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(dataset::Entity::find_by_id(1).one(db).await?.is_some_and(|d| d.demo))
}

/// The loader: the service it writes through, as whom, its dice, and what it has written so far that later parts
/// build on.
struct Demo<'a> {
    service: &'a Service,
    actor: Actor,
    dice: Dice,
    /// The enterprises that hold or held a contract.
    contracted: Vec<i64>,
    /// Every estate, with who serves it now and whether it has an active committee.
    estates: Vec<Placed>,
    /// Estates left without service, which go under emergency management.
    unserved: Vec<i64>,
}

/// An estate of the demo, with who serves it now and whether it has an active committee.
struct Placed {
    estate: estate::Model,
    serving: Option<enterprise::Model>,
    committee: bool,
}

impl Demo<'_> {
    /// Staff of `role` over `code`, acting for the demo.
    fn staff(&self, role: Role, code: &str, subject: &str) -> Actor {
        Actor {
            subject: subject.into(),
            role,
            scope: Scope::parse(role, &serde_json::json!(code)).expect("a code of the role's kind"),
            note: Some(REASON.into()),
        }
    }
}

impl Demo<'_> {
    fn actor(&self) -> Option<&Actor> {
        Some(&self.actor)
    }

    async fn load(mut self) -> Result<()> {
        // First, so that a load cut short is still known (and refused in production) as demo data.
        self.service.mark_demo(&self.actor).await?;
        let county =
            NewCounty { code: COUNTY_CODE.into(), name: "濉溪县".into(), name_en: Some("Suixi County".into()) };
        self.service.create_county(&self.actor, county).await?;

        let mut enterprises = Vec::new();
        for (i, name) in ENTERPRISE_NAMES.iter().enumerate() {
            let first17 = format!("91340621MA2T{:04}X", 1000 + i * 37);
            let new = NewEnterprise {
                credit_code: format!("{first17}{}", check_character(&first17).expect("alphabet characters")),
                name: (*name).into(),
                legal_representative: self.dice.person(),
                address: format!("濉溪县{}路{}号", self.dice.pick(&COMMUNITY_NAMES), 10 + self.dice.below(300)),
                phone: Some(format!("0561-68{:05}", self.dice.below(100_000))),
            };
            enterprises.push(self.service.register_enterprise(self.actor(), new).await?);
        }
        // Two enterprises lose their standing at the end (below); until then every one serves. New contracts go
        // only to those that keep it.
        let (suspended, deregistered) = (12, 14);
        let serving: Vec<enterprise::Model> = enterprises
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != suspended && *i != deregistered)
            .map(|(_, e)| e.clone())
            .collect();

        let mut estate_count = 0;
        // Estates of the county seat, for a town's assessment round.
        let mut seat_estates: Vec<i64> = Vec::new();
        for (t, &(code, name, name_en, kind)) in TOWNS.iter().enumerate() {
            // The service centres as the compliance overview should show them: 四铺镇 has none yet, 孙疃镇 set its
            // up late (below, through the mutation staff use), 南坪镇's has a single member of staff.
            let service_center = (!["340621109", "340621110"].contains(&code)).then(|| ServiceCenter {
                established_on: date(2021, 10, 20 + (t as u32 % 10)),
                leader: self.dice.person(),
                staff_count: if code == "340621107" { 1 } else { 2 + self.dice.below(3) as i32 },
                phone: Some(format!("0561-60{:05}", self.dice.below(100_000))),
            });
            let town = NewTown {
                county_code: COUNTY_CODE.into(),
                code: code.into(),
                name: name.into(),
                name_en: Some(name_en.into()),
                kind,
                service_center,
            };
            let mut town = self.service.create_town(&self.actor, town).await?;
            if code == "340621109" {
                let late = ServiceCenter {
                    established_on: date(2022, 3, 15),
                    leader: self.dice.person(),
                    staff_count: 3,
                    phone: Some(format!("0561-60{:05}", self.dice.below(100_000))),
                };
                town = self.service.set_service_center(self.actor(), (town.id, town.version), late, None).await?;
            }

            // The county seat has more communities and estates than the rural towns.
            let communities = if t == 0 { 5 } else { 2 + t % 2 };
            for c in 0..communities {
                let village = t > 0 && c == communities - 1;
                let base = COMMUNITY_NAMES[(t * 3 + c) % COMMUNITY_NAMES.len()];
                let suffix = if village { "村" } else { "社区" };
                let community = NewCommunity {
                    town_code: town.code.clone(),
                    code: format!("{code}{:03}", if village { 200 + c } else { 1 + c }),
                    name: format!("{}{base}{suffix}", name.trim_end_matches(['镇', '区', '园'])),
                    name_en: None,
                    kind: if village { CommunityKind::Village } else { CommunityKind::Residents },
                    // One community waits for the town to name its officer (below).
                    property_officer: (code != "340621110" || c > 0).then(|| self.dice.person()),
                };
                let community = self.service.create_community(&self.actor, community).await?;
                if community.property_officer.is_none() {
                    let officer = self.dice.person();
                    let (id, version) = (community.id, community.version);
                    self.service.set_property_officer(self.actor(), id, version, &officer).await?;
                }

                let estates = if t == 0 { 8 } else { 3 + (t + c) % 2 };
                let mut filed: Vec<i64> = Vec::new();
                for _ in 0..estates {
                    estate_count += 1;
                    let estate = self.estate(&community.code, &town.name, t, estate_count).await?;
                    if t == 0 {
                        seat_estates.push(estate.id);
                    }
                    let mut placed = Placed { estate: estate.clone(), serving: None, committee: false };
                    if estate.service_mode == ServiceMode::Market {
                        let current = self.dice.pick(&serving).clone();
                        self.contracts(&estate, &current, &enterprises).await?;
                        if !filed.contains(&current.id) {
                            filed.push(current.id);
                        }
                        placed.serving = Some(current);
                    }
                    // 韩村镇 formed a committee in every estate by the policy's deadline.
                    placed.committee = self.committees(&estate, t == 1).await?;
                    self.estates.push(placed);
                }
                for enterprise_id in filed {
                    let filed_on = date(2022, 3, 1 + self.dice.below(28) as u32);
                    self.service.file_enterprise(self.actor(), enterprise_id, &community.code, filed_on).await?;
                }
            }
        }
        self.credit(&serving, &enterprises[suspended]).await?;
        self.assessments(&serving, &seat_estates).await?;
        self.money().await?;
        self.complaints().await?;
        self.lifecycle(&serving).await?;
        self.supervision().await?;
        self.tenders(&serving).await?;
        self.assemblies().await?;
        self.upkeep(&enterprises[0]).await?;
        for (index, status, reason) in [
            (suspended, EnterpriseStatus::Suspended, "信用评价降为D级，暂停承接新项目"),
            (deregistered, EnterpriseStatus::Deregistered, "企业已办理注销登记"),
        ] {
            let enterprise = &enterprises[index];
            let (id, version) = (enterprise.id, enterprise.version);
            self.service.change_enterprise_status(self.actor(), id, version, status, reason).await?;
        }
        Ok(())
    }
}
