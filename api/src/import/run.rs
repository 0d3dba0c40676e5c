//! Running an import: every row through the service of its kind as the importing member of staff (scope checked,
//! rules checked, audited with the reason "import of FILE (sha256 …)"), each row a savepoint inside a batch
//! transaction. A dry run takes the whole file in one batch and rolls it back, so it finds what the services would
//! refuse — a committee's composition, a duplicate code, a community outside the importer's scope — and writes
//! nothing. A commit writes in batches of [`BATCH`] rows, each committed whole. A row already in wuye as the file
//! has it is left unchanged, so the same file imported twice changes nothing the second time.

use super::cells;
use super::rows::{Fields, Line, Problem, lines};
use super::sheets::SHEETS;
use crate::auth::Actor;
use crate::domain::credit_code::CreditCode;
use crate::domain::estate::GeoPoint;
use crate::domain::fixed_point::{Area, Money};
use crate::error::Error;
use crate::service::Service;
use crate::service::committee::{ElectedBy, NewCommittee, NewMember, OwnersCommitteeFiling};
use crate::service::contract::NewContract;
use crate::service::enterprise::{EnterprisePatch, NewEnterprise};
use crate::service::estate::{EstatePatch, NewEstate};
use entity::vocab::{
    CommitteeKind, CommitteeStatus, FiveBasicsService, HousingType, MemberAffiliation, MemberPosition, MemberTag,
    SelectionMethod, ServiceMode, join_codes,
};
use entity::{committee, community, enterprise, estate, service_contract};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Rows a commit writes per transaction.
pub const BATCH: usize = 400;

/// Whether to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Report what would happen; write nothing.
    DryRun,
    /// Write, when the dry run finds no failing row — or, with `skip_invalid`, write the valid rows anyway.
    Commit { skip_invalid: bool },
}

/// What happened to one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
    Failed,
}

/// The counts of one sheet.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SheetCounts {
    pub sheet: &'static str,
    pub en: &'static str,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// The report of an import.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub file: String,
    pub sha256: String,
    /// Whether anything was written.
    pub committed: bool,
    pub sheets: Vec<SheetCounts>,
    pub problems: Vec<Problem>,
    /// When a commit stopped part-way: the rows written before it stopped (every earlier batch), and why.
    pub stopped: Option<Stopped>,
}

/// Where a commit stopped: what it had written, and why it could go no further.
#[derive(Debug, Clone, Serialize)]
pub struct Stopped {
    pub rows_written: usize,
    pub zh: String,
    pub en: String,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.sheets.iter().map(|s| s.failed).sum()
    }
}

/// One unit the services take in one step: a row, or a committee row with its members' rows.
struct Unit<'l> {
    line: &'l Line,
    members: Vec<&'l Line>,
}

/// Imports the file `name` holding `bytes` as `actor`; `progress` hears of every row done (done, of all).
pub async fn run(
    service: &Service,
    actor: &Actor,
    name: &str,
    bytes: &[u8],
    mode: Mode,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<Report, Error> {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let mut report = Report {
        file: name.to_owned(),
        sha256: sha256.clone(),
        committed: false,
        sheets: SHEETS.iter().map(|s| SheetCounts { sheet: s.zh, en: s.en, ..SheetCounts::default() }).collect(),
        problems: Vec::new(),
        stopped: None,
    };
    let grids = match cells::read(name, bytes) {
        Ok(grids) => grids,
        Err(unreadable) => {
            report.problems.push(Problem {
                sheet: "",
                row: 0,
                column: None,
                header: None,
                field: None,
                rule: "unreadable".into(),
                zh: unreadable.zh,
                en: unreadable.en,
            });
            return Ok(report);
        }
    };
    let lines = lines(&grids);
    let mut problems = Vec::new();
    let units = units(&lines, &mut problems);
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let importer = Actor { note: Some(format!("导入 import of {file} (sha256 {sha256})")), ..actor.clone() };

    // The dry run: the whole file in one batch, rolled back.
    let commit = match mode {
        Mode::DryRun => false,
        Mode::Commit { skip_invalid } => {
            let dry = apply(service, &importer, &units, &mut |_, _| {}, false).await?;
            let clean = dry.problems.is_empty() && problems.is_empty();
            if !clean && !skip_invalid {
                return Ok(report.with(dry, problems, &units));
            }
            true
        }
    };
    let done = apply(service, &importer, &units, progress, commit).await?;
    report.committed = commit && done.rows_written > 0;
    let stopped = done.stopped.clone();
    let mut report = report.with(done, problems, &units);
    report.stopped = stopped;
    Ok(report)
}

impl Report {
    fn with(mut self, applied: Applied, mut problems: Vec<Problem>, units: &[Unit<'_>]) -> Report {
        for (unit, outcome) in units.iter().zip(&applied.outcomes) {
            let counts = self.sheets.iter_mut().find(|s| s.sheet == unit.line.sheet.zh).expect("a sheet");
            counts.rows += 1;
            match outcome {
                Some(Outcome::Created) => counts.created += 1,
                Some(Outcome::Updated) => counts.updated += 1,
                Some(Outcome::Unchanged) => counts.unchanged += 1,
                Some(Outcome::Failed) => counts.failed += 1,
                None => {}
            }
            let members = self.sheets.iter_mut().find(|s| s.sheet == super::sheets::MEMBERS.zh).expect("members");
            members.rows += unit.members.len();
            match outcome {
                Some(Outcome::Created) => members.created += unit.members.len(),
                Some(Outcome::Unchanged) => members.unchanged += unit.members.len(),
                Some(Outcome::Failed) => members.failed += unit.members.len(),
                _ => {}
            }
        }
        // Rows refused before any service saw them (one problem each: a duplicate, a member without a committee).
        for problem in &problems {
            let counts = self.sheets.iter_mut().find(|s| s.sheet == problem.sheet).expect("a sheet");
            counts.rows += 1;
            counts.failed += 1;
        }
        problems.extend(applied.problems);
        problems.sort_by(|a, b| {
            let order = |p: &Problem| SHEETS.iter().position(|s| s.zh == p.sheet).unwrap_or(0);
            (order(a), a.row).cmp(&(order(b), b.row))
        });
        self.problems = problems;
        self
    }
}

/// What names a row's record in each of the first four sheets: two rows with the same are one record twice.
const KEYS: [&[&str]; 4] =
    [&["creditCode"], &["code"], &["estateCode", "enterpriseCreditCode", "startOn"], &["estateCode"]];

/// The units in the order the services take them: enterprises, estates, contracts, then each committee with its
/// members (member rows naming an estate no committee row names are problems).
fn units<'l>(lines: &'l [Vec<Line>], problems: &mut Vec<Problem>) -> Vec<Unit<'l>> {
    let mut units: Vec<Unit<'l>> = Vec::new();
    for (sheet, key) in lines[..4].iter().zip(KEYS) {
        let mut first_row: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for line in sheet {
            let values: Vec<String> = key.iter().map(|field| line.cell(field).shown().to_uppercase()).collect();
            if values.iter().any(String::is_empty) {
                units.push(Unit { line, members: Vec::new() });
                continue;
            }
            match first_row.get(&values.join("\u{1}")) {
                Some(row) => problems.push(line.problem(
                    key[0],
                    crate::domain::RuleViolation::new(
                        "duplicate-row",
                        format!("the same as row {row} of this sheet"),
                        format!("与本表第 {row} 行重复"),
                    ),
                )),
                None => {
                    first_row.insert(values.join("\u{1}"), line.row);
                    units.push(Unit { line, members: Vec::new() });
                }
            }
        }
    }
    for member in &lines[4] {
        let estate = member.cell("estateCode").shown();
        let committee = units
            .iter_mut()
            .find(|u| u.line.sheet.zh == super::sheets::COMMITTEES.zh && u.line.cell("estateCode").shown() == estate);
        match committee {
            Some(unit) => unit.members.push(member),
            None => problems.push(member.row_problem(
                "no-committee-row",
                format!("委员会表中没有小区 {estate} 的委员会"),
                format!("the committees sheet has no committee of estate {estate}"),
            )),
        }
    }
    units
}

/// What applying the units did.
struct Applied {
    /// Each unit's outcome, `None` for those a stopped commit never reached.
    outcomes: Vec<Option<Outcome>>,
    problems: Vec<Problem>,
    rows_written: usize,
    stopped: Option<Stopped>,
}

/// Applies every unit, in batches of [`BATCH`] committed when `commit` (one batch rolled back otherwise).
async fn apply(
    service: &Service,
    actor: &Actor,
    units: &[Unit<'_>],
    progress: &mut (dyn FnMut(usize, usize) + Send),
    commit: bool,
) -> Result<Applied, Error> {
    let mut applied = Applied { outcomes: Vec::new(), problems: Vec::new(), rows_written: 0, stopped: None };
    let size = if commit { BATCH } else { units.len().max(1) };
    for chunk in units.chunks(size) {
        let batch = Arc::new(service.batch().await?);
        let within = service.within(batch.clone());
        let mut outcomes = Vec::with_capacity(chunk.len());
        for unit in chunk {
            let (outcome, problems) = apply_unit(&within, &batch, actor, unit).await?;
            outcomes.push(outcome);
            applied.problems.extend(problems);
            progress(applied.outcomes.len() + outcomes.len(), units.len());
        }
        drop(within);
        let batch = Arc::into_inner(batch).expect("the batch's only holder");
        if !commit {
            batch.rollback().await?;
        } else if let Err(error) = batch.commit().await {
            let (en, zh) = error_messages(&Error::from(error));
            applied.stopped = Some(Stopped {
                rows_written: applied.rows_written,
                zh: format!(
                    "第 {} 批写入失败，之前各批已写入；原样再次导入即可从中断处继续：{zh}",
                    applied.outcomes.len() / BATCH + 1
                ),
                en: format!(
                    "batch {} failed to commit; the batches before it are written, and importing the same file \
                     again resumes where it stopped: {en}",
                    applied.outcomes.len() / BATCH + 1
                ),
            });
            applied.outcomes.extend(std::iter::repeat_n(None, units.len() - applied.outcomes.len()));
            return Ok(applied);
        }
        applied.rows_written += outcomes.iter().filter(|o| matches!(o, Outcome::Created | Outcome::Updated)).count();
        applied.outcomes.extend(outcomes.into_iter().map(Some));
    }
    Ok(applied)
}

/// The messages of an error a row met; an internal or unavailable database ends the run instead.
fn error_messages(error: &Error) -> (String, String) {
    error.messages("import")
}

/// Applies one unit, as a savepoint of the batch: its outcome and its problems.
async fn apply_unit(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    unit: &Unit<'_>,
) -> Result<(Outcome, Vec<Problem>), Error> {
    let line = unit.line;
    let result = match line.sheet.zh {
        "企业" => enterprise_row(service, db, actor, line).await,
        "小区" => estate_row(service, db, actor, line).await,
        "合同" => contract_row(service, db, actor, line).await,
        _ => committee_row(service, db, actor, line, &unit.members).await,
    };
    match result {
        Ok(outcome) => Ok((outcome, Vec::new())),
        Err(Refused::Problems(problems)) => Ok((Outcome::Failed, problems)),
        Err(Refused::By(error)) => match error {
            Error::Internal(_) | Error::Unavailable | Error::Timeout { .. } => Err(error),
            error => Ok((Outcome::Failed, vec![problem_of(&error, line, &unit.members)])),
        },
    }
}

/// Why a row was not applied: problems found reading it, or a service's refusal.
enum Refused {
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
fn problem_of(error: &Error, line: &Line, members: &[&Line]) -> Problem {
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
    let (en, zh) = error_messages(error);
    line.row_problem(&error.code().to_ascii_lowercase().replace('_', "-"), zh, en)
}

async fn enterprise_row(
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

async fn estate_row(
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
            let violation = crate::domain::RuleViolation::new(
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
        let violation = crate::domain::RuleViolation::new(
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
async fn estate_named(db: &DatabaseTransaction, line: &Line, code: &str) -> Result<Option<estate::Model>, Refused> {
    let found = estate::Entity::find().filter(estate::Column::Code.eq(code)).one(db).await?;
    if found.is_none() {
        let violation = crate::domain::RuleViolation::new(
            "unknown-estate",
            format!("no estate has the code {code}, in this workbook or in wuye"),
            format!("本工作簿及 wuye 中均无编码为 {code} 的小区"),
        );
        return Err(Refused::Problems(vec![line.problem("estateCode", violation)]));
    }
    Ok(found)
}

async fn contract_row(
    service: &Service,
    db: &DatabaseTransaction,
    actor: &Actor,
    line: &Line,
) -> Result<Outcome, Refused> {
    let mut fields = Fields::of(line);
    let estate_code = fields.text("estateCode");
    let credit_code = fields.text("enterpriseCreditCode");
    let start_on = fields.date("startOn");
    let end_on = fields.date("endOn");
    let fee = fields.decimal("feePerSquareMeterMonth");
    let fee = fee.and_then(|f| fields.check("feePerSquareMeterMonth", Money::parse(&f)));
    let selection = fields.code::<SelectionMethod>("selection");
    read_ok(fields)?;
    let estate = estate_named(db, line, &estate_code.expect("required")).await?.expect("found");
    let credit_code = credit_code.expect("required");
    let enterprise = enterprise::Entity::find()
        .filter(enterprise::Column::CreditCode.eq(credit_code.to_ascii_uppercase()))
        .one(db)
        .await?;
    let Some(enterprise) = enterprise else {
        let violation = crate::domain::RuleViolation::new(
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

async fn committee_row(
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
        let violation = crate::domain::RuleViolation::new(
            "required",
            "an owners' committee's filing date must be filled in",
            "业主委员会须填写备案日期",
        );
        problems.push(line.problem("filedOn", violation));
    }
    if !problems.is_empty() {
        return Err(Refused::Problems(problems));
    }
    let estate = estate_named(db, line, &estate_code.expect("required")).await?.expect("found");
    let (kind, formed_on) = (kind.expect("required"), formed_on.expect("required"));
    let active = committee::Entity::find()
        .filter(committee::Column::EstateId.eq(estate.id))
        .filter(committee::Column::Status.eq(CommitteeStatus::Active))
        .one(db)
        .await?;
    if let Some(active) = active {
        if active.kind == kind && active.formed_on == formed_on {
            return Ok(Outcome::Unchanged);
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
