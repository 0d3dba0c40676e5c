//! Each sheet's row: read from its cells, matched with what wuye already holds (unchanged when it holds the same),
//! and written through the service of its kind as the importer — `register_enterprise` / `update_enterprise`,
//! `create_estate` / `update_estate`, `create_contract`, `form_management_committee` / `file_owners_committee`.

use super::rows::{Fields, Line, Problem};
use super::run::Outcome;
use crate::auth::Actor;
use crate::domain::RuleViolation;
use crate::domain::credit_code::CreditCode;
use crate::domain::estate::GeoPoint;
use crate::domain::fixed_point::{Area, Money};
use crate::error::Error;
use crate::service::Service;
use crate::service::committee::{
    ElectedBy, NewCommittee, NewMember, OwnersCommitteeFiling, active_committee, members_of,
};
use crate::service::contract::NewContract;
use crate::service::enterprise::{EnterprisePatch, NewEnterprise};
use crate::service::estate::{EstatePatch, NewEstate};
use entity::vocab::{
    CommitteeKind, FiveBasicsService, HousingType, MemberAffiliation, MemberPosition, MemberTag, SelectionMethod,
    ServiceMode, Vocabulary, join_codes,
};
use entity::{community, enterprise, estate, service_contract};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

/// Why a row was not applied: problems found reading it, or a service's refusal.
pub enum Refused {
    Problems(Vec<Problem>),
    By(Error),
}

impl From<Error> for Refused {
    fn from(error: Error) -> Self {
        Refused::By(error)
    }
}

impl From<sea_orm::DbErr> for Refused {
    fn from(error: sea_orm::DbErr) -> Self {
        Refused::By(Error::from(error))
    }
}

/// The problems read so far, as a refusal, if there are any.
fn read_ok(fields: Fields<'_>) -> Result<(), Refused> {
    if fields.problems.is_empty() { Ok(()) } else { Err(Refused::Problems(fields.problems)) }
}

/// A service's refusal of a row, placed at the cell of the field it names (a member's field at the member's row).
pub fn problem_of(error: &Error, line: &Line, members: &[&Line]) -> Problem {
    if let Error::BadUserInput { field, violation } = error {
        if let Some(rest) = field.strip_prefix("members[") {
            let (index, member_field) = rest.split_once("].").unwrap_or((rest.trim_end_matches(']'), ""));
            if let Some(member) = index.parse::<usize>().ok().and_then(|i| members.get(i)) {
                return member.problem(member_field, violation.clone());
            }
        }
        let field = match field.as_str() {
            "location" => "location.latitude",
            "formedOn" | "electedOn" => "formedOn",
            "termEnd" | "termEndsOn" => "termEnd",
            "estateId" => "estateCode",
            "enterpriseId" => "enterpriseCreditCode",
            other => other,
        };
        return line.problem(field, violation.clone());
    }
    let (en, zh) = error.messages("import");
    line.row_problem(&error.code().to_ascii_lowercase().replace('_', "-"), zh, en)
}

pub async fn enterprise_row(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    line: &Line,
) -> Result<Outcome, Refused> {
    let mut fields = Fields::of(line);
    let credit_code = fields.text("creditCode");
    let credit_code = credit_code.and_then(|c| fields.check("creditCode", CreditCode::parse(&c)));
    let (name, legal, address, phone) =
        (fields.text("name"), fields.text("legalRepresentative"), fields.text("address"), fields.text("phone"));
    read_ok(fields)?;
    let (Some(code), Some(name), Some(legal), Some(address)) = (credit_code, name, legal, address) else {
        unreachable!("required fields are read or reported")
    };
    let existing = enterprise::Entity::find().filter(enterprise::Column::CreditCode.eq(code.as_str())).one(db).await?;
    let Some(existing) = existing else {
        let new = NewEnterprise { credit_code: code.into_string(), name, legal_representative: legal, address, phone };
        service.register_enterprise(Some(actor), new).await?;
        return Ok(Outcome::Created);
    };
    if (
        existing.name.as_str(),
        existing.legal_representative.as_str(),
        existing.address.as_str(),
        existing.phone.as_deref(),
    ) == (name.as_str(), legal.as_str(), address.as_str(), phone.as_deref())
    {
        return Ok(Outcome::Unchanged);
    }
    let patch = EnterprisePatch {
        name: Some(name),
        legal_representative: Some(legal),
        address: Some(address),
        phone: Some(phone),
    };
    service.update_enterprise(Some(actor), existing.id, existing.version, patch).await?;
    Ok(Outcome::Updated)
}

pub async fn estate_row(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    line: &Line,
) -> Result<Outcome, Refused> {
    let mut fields = Fields::of(line);
    let code = fields.text("code");
    let community_code = fields.text("communityCode");
    let name = fields.text("name");
    let address = fields.text("address");
    let latitude = fields.degrees("location.latitude");
    let longitude = fields.degrees("location.longitude");
    let housing_type = fields.code::<HousingType>("housingType");
    let service_mode = fields.code::<ServiceMode>("serviceMode");
    let five_basics = fields.codes::<FiveBasicsService>("fiveBasics");
    let buildings = fields.integer("buildings");
    let households = fields.integer("households");
    let private_area = fields.decimal("privateArea").and_then(|a| fields.check("privateArea", Area::parse(&a)));
    let room = fields.decimal("managementRoomArea");
    let room = room.and_then(|a| fields.check("managementRoomArea", Area::parse(&a)));
    let completed_year = fields.integer("completedYear");
    let location = match (latitude, longitude) {
        (Some(lat), Some(lon)) => {
            fields.check("location.latitude", GeoPoint::from_degrees(lat, lon).map_err(|e| e.violation))
        }
        (None, None) => None,
        _ => {
            let violation = RuleViolation::new(
                "coordinates",
                "give both latitude and longitude, or neither",
                "纬度与经度须同时填写或同时留空",
            );
            fields.problems.push(line.problem("location.latitude", violation));
            None
        }
    };
    let community = match &community_code {
        Some(code) => community::Entity::find().filter(community::Column::Code.eq(code.as_str())).one(db).await?,
        None => None,
    };
    if let (Some(code), None) = (&community_code, &community) {
        let violation = RuleViolation::new(
            "unknown-community",
            format!("no community has the code {code}"),
            format!("没有代码为 {code} 的社区"),
        );
        fields.problems.push(line.problem("communityCode", violation));
    }
    read_ok(fields)?;
    let community = community.expect("read");
    let whole = |n: Option<i64>| n.map(|n| i32::try_from(n).unwrap_or(i32::MAX));
    let new = NewEstate {
        code: code.clone(),
        community_code: community.code.clone(),
        name: name.expect("required"),
        address: address.expect("required"),
        location,
        housing_type: housing_type.expect("required"),
        service_mode: service_mode.expect("required"),
        five_basics: five_basics.unwrap_or_default(),
        buildings: whole(buildings).expect("required"),
        households: whole(households).expect("required"),
        private_area: private_area.expect("required"),
        management_room_area: room.expect("required"),
        completed_year: whole(completed_year),
    };
    let existing = match &code {
        Some(code) => estate::Entity::find().filter(estate::Column::Code.eq(code.as_str())).one(db).await?,
        None => {
            let same = estate::Entity::find()
                .filter(estate::Column::CommunityId.eq(community.id))
                .filter(estate::Column::Name.eq(new.name.as_str()))
                .all(db)
                .await?;
            if same.len() > 1 {
                let zh = format!("该社区有 {} 个名为“{}”的小区，请填写小区编码", same.len(), new.name);
                let en = format!("the community has {} estates named {}: give the estate's code", same.len(), new.name);
                return Err(Refused::Problems(vec![line.row_problem("ambiguous-estate", zh, en)]));
            }
            same.into_iter().next()
        }
    };
    let Some(existing) = existing else {
        service.create_estate(Some(actor), new).await?;
        return Ok(Outcome::Created);
    };
    if existing.community_id != community.id {
        let zh = "该小区在 wuye 中属于另一社区；导入不迁移小区".to_owned();
        let en = "in wuye this estate belongs to another community; the import does not move estates".to_owned();
        return Err(Refused::Problems(vec![line.row_problem("other-community", zh, en)]));
    }
    let location = new.location.map(|p| (Some(p.latitude_e6), Some(p.longitude_e6))).unwrap_or((None, None));
    let same = existing.name == new.name
        && existing.address == new.address
        && (existing.latitude_e6, existing.longitude_e6) == location
        && existing.housing_type == new.housing_type
        && existing.service_mode == new.service_mode
        && existing.five_basics == join_codes(&new.five_basics)
        && existing.buildings == new.buildings
        && existing.households == new.households
        && existing.private_area == new.private_area.hundredths()
        && existing.management_room_area == new.management_room_area.hundredths()
        && existing.completed_year == new.completed_year;
    if same {
        return Ok(Outcome::Unchanged);
    }
    let patch = EstatePatch {
        name: Some(new.name),
        address: Some(new.address),
        location: Some(new.location),
        housing_type: Some(new.housing_type),
        service_mode: Some(new.service_mode),
        five_basics: Some(new.five_basics),
        buildings: Some(new.buildings),
        households: Some(new.households),
        private_area: Some(new.private_area),
        management_room_area: Some(new.management_room_area),
        completed_year: Some(new.completed_year),
    };
    service.update_estate(Some(actor), existing.id, existing.version, patch).await?;
    Ok(Outcome::Updated)
}

/// The estate with the code in `field`, or the problem that there is none.
async fn estate_named(db: &DatabaseTransaction, line: &Line, code: &str) -> Result<estate::Model, Refused> {
    let found = estate::Entity::find().filter(estate::Column::Code.eq(code)).one(db).await?;
    let Some(found) = found else {
        let violation = RuleViolation::new(
            "unknown-estate",
            format!("no estate has the code {code}, in this workbook or in wuye"),
            format!("本工作簿及 wuye 中均无编码为 {code} 的小区"),
        );
        return Err(Refused::Problems(vec![line.problem("estateCode", violation)]));
    };
    Ok(found)
}

pub async fn contract_row(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    line: &Line,
) -> Result<Outcome, Refused> {
    let mut fields = Fields::of(line);
    let estate_code = fields.text("estateCode");
    let credit_code = fields.text("enterpriseCreditCode");
    let credit_code = credit_code.and_then(|c| fields.check("enterpriseCreditCode", CreditCode::parse(&c)));
    let start_on = fields.date("startOn");
    let end_on = fields.date("endOn");
    let fee = fields.decimal("feePerSquareMeterMonth");
    let fee = fee.and_then(|f| fields.check("feePerSquareMeterMonth", Money::parse(&f)));
    let selection = fields.code::<SelectionMethod>("selection");
    read_ok(fields)?;
    let estate = estate_named(db, line, &estate_code.expect("required")).await?;
    let credit_code = credit_code.expect("required").into_string();
    let enterprise =
        enterprise::Entity::find().filter(enterprise::Column::CreditCode.eq(credit_code.as_str())).one(db).await?;
    let Some(enterprise) = enterprise else {
        let violation = RuleViolation::new(
            "unknown-enterprise",
            format!("no enterprise has the credit code {credit_code}, in this workbook or in wuye"),
            format!("本工作簿及 wuye 中均无信用代码为 {credit_code} 的企业"),
        );
        return Err(Refused::Problems(vec![line.problem("enterpriseCreditCode", violation)]));
    };
    let new = NewContract {
        estate_id: estate.id,
        enterprise_id: enterprise.id,
        start_on: start_on.expect("required"),
        end_on: end_on.expect("required"),
        fee_per_m2_month: fee.expect("required"),
        selection: selection.expect("required"),
    };
    let existing = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.eq(estate.id))
        .filter(service_contract::Column::EnterpriseId.eq(enterprise.id))
        .filter(service_contract::Column::StartOn.eq(new.start_on))
        .one(db)
        .await?;
    let Some(existing) = existing else {
        service.create_contract(Some(actor), new).await?;
        return Ok(Outcome::Created);
    };
    if (existing.end_on, existing.fee_per_m2_month, existing.selection)
        == (new.end_on, new.fee_per_m2_month.fen(), new.selection)
    {
        return Ok(Outcome::Unchanged);
    }
    let zh = "wuye 中已有该小区、企业与起始日期的合同，条款不同；合同的变更在工作台办理（终止后重新登记）".to_owned();
    let en = "wuye holds a contract of this estate and enterprise from this day with other terms; contracts are \
              changed in the workbench (terminated and recorded anew)"
        .to_owned();
    Err(Refused::Problems(vec![line.row_problem("contract-differs", zh, en)]))
}

pub async fn committee_row(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    line: &Line,
    members: &[&Line],
) -> Result<Outcome, Refused> {
    let mut fields = Fields::of(line);
    let estate_code = fields.text("estateCode");
    let kind = fields.code::<CommitteeKind>("kind");
    let formed_on = fields.date("formedOn");
    let filed_on = fields.date("filedOn");
    let term_end = fields.date("termEnd");
    let mut problems = fields.problems;
    let mut people = Vec::with_capacity(members.len());
    for member in members {
        let mut fields = Fields::of(member);
        let person = (
            fields.text("name"),
            fields.code::<MemberPosition>("position"),
            fields.code::<MemberAffiliation>("affiliation"),
            fields.yes_no("isOwnerRepresentative"),
            fields.yes_no("isPartyMember"),
            fields.codes::<MemberTag>("tags"),
            fields.text("phone"),
        );
        problems.extend(fields.problems);
        if let (Some(name), Some(position), Some(affiliation), Some(owner), Some(party), tags, phone) = person {
            people.push(NewMember {
                name,
                position,
                affiliation,
                is_owner_representative: owner,
                is_party_member: party,
                tags: tags.unwrap_or_default(),
                phone,
            });
        }
    }
    if kind == Some(CommitteeKind::Owners) && filed_on.is_none() {
        let violation = RuleViolation::new(
            "required",
            "an owners' committee's filing date must be filled in",
            "业主委员会须填写备案日期",
        );
        problems.push(line.problem("filedOn", violation));
    }
    if !problems.is_empty() {
        return Err(Refused::Problems(problems));
    }
    let estate = estate_named(db, line, &estate_code.expect("required")).await?;
    let (kind, formed_on) = (kind.expect("required"), formed_on.expect("required"));
    if let Some(active) = active_committee(db, estate.id).await? {
        if active.kind == kind && active.formed_on == formed_on {
            let sitting = members_of(db, active.id).await?.into_iter().filter(|m| m.left_on.is_none());
            let recorded = seats(
                sitting.map(|m| (m.name, m.position, m.affiliation, m.is_owner_representative, m.is_party_member)),
            );
            let filed = seats(
                people
                    .into_iter()
                    .map(|m| (m.name, m.position, m.affiliation, m.is_owner_representative, m.is_party_member)),
            );
            if recorded == filed {
                return Ok(Outcome::Unchanged);
            }
            let zh = "该委员会的委员与 wuye 中的不同；委员的变更在工作台办理（变更委员）".to_owned();
            let en = "the committee's members differ from wuye's; members are changed in the workbench \
                      (changeCommitteeMembers)"
                .to_owned();
            return Err(Refused::Problems(vec![line.row_problem("committee-members-differ", zh, en)]));
        }
        if active.kind == kind || kind == CommitteeKind::Management {
            let zh = "该小区已有履职中的委员会；委员会的变更在工作台办理".to_owned();
            let en = "the estate has an active committee already; committees are changed in the workbench".to_owned();
            return Err(Refused::Problems(vec![line.row_problem("committee-exists", zh, en)]));
        }
    }
    match kind {
        CommitteeKind::Management => {
            let new = NewCommittee { estate_id: estate.id, formed_on, term_end, members: people };
            service.form_management_committee(Some(actor), new).await?;
        }
        CommitteeKind::Owners => {
            let filing = OwnersCommitteeFiling {
                elected_by: ElectedBy::Assembly { estate_id: estate.id, elected_on: formed_on },
                filed_on: filed_on.expect("checked"),
                term_end,
                members: people,
            };
            service.file_owners_committee(Some(actor), filing).await?;
        }
    }
    Ok(Outcome::Created)
}

/// A committee's seats as the import compares them: name, position, affiliation, owner representative, Party
/// member — in a stable order.
type Seat = (String, MemberPosition, MemberAffiliation, bool, bool);

fn seats(members: impl Iterator<Item = Seat>) -> Vec<Seat> {
    let mut seats: Vec<Seat> = members.collect();
    seats.sort_by(|a, b| (&a.0, a.1.code(), a.2.code(), a.3, a.4).cmp(&(&b.0, b.1.code(), b.2.code(), b.3, b.4)));
    seats
}
