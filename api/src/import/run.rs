//! Running an import: every row through the service of its kind as the importing member of staff (scope checked,
//! rules checked, audited with the reason "import of FILE (sha256 …)"), each row a savepoint inside a batch
//! transaction. A dry run takes the whole file in one batch and rolls it back, so it finds what the services would
//! refuse — a committee's composition, a duplicate code, a community outside the importer's scope — and writes
//! nothing. A commit writes in batches of [`BATCH`] rows, each committed whole. A row already in wuye as the file
//! has it is left unchanged, so the same file imported twice changes nothing the second time.

use super::cells;
use super::kinds::{Refused, committee_row, contract_row, enterprise_row, estate_row, problem_of};
use super::rows::{Line, Problem, lines};
use super::sheets::SHEETS;
use crate::auth::Actor;
use crate::domain::RuleViolation;
use crate::error::Error;
use crate::service::Service;
use sea_orm::DatabaseTransaction;
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
pub enum Outcome {
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
                    RuleViolation::new(
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
            let (en, zh) = Error::from(error).messages("import");
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
