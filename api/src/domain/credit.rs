//! The arithmetic of the credit archive: when a confirmed record counts, what an enterprise's score and grade are on
//! a day, how its grade moved, and how results rank. Everything is a function of the records and the day asked
//! about, so nothing has to run for a record to expire, and any earlier day can be asked again.

use super::InvalidField;
use chrono::{Months, NaiveDate};
use entity::vocab::{CreditEventKind, CreditGrade, CreditRuleKind};

/// Most points one rule gives or takes.
pub const MAX_RULE_POINTS: i32 = 100;
/// Longest time a record counts, in months.
pub const MAX_VALIDITY_MONTHS: i32 = 120;

/// A rule's points and validity: a GOOD or BAD rule gives or takes 1 to 100 points, a VETO none (it decides the
/// grade by itself); a record counts for 1 to 120 months.
pub fn check_rule(kind: CreditRuleKind, points: i32, validity_months: i32) -> Result<(), InvalidField> {
    let points_fit = match kind {
        CreditRuleKind::Veto => points == 0,
        CreditRuleKind::Good | CreditRuleKind::Bad => (1..=MAX_RULE_POINTS).contains(&points),
    };
    if !points_fit {
        return Err(InvalidField::new(
            "points",
            "rule-points",
            format!("a GOOD or BAD rule gives 1 to {MAX_RULE_POINTS} points, a VETO rule none"),
            format!("良好或不良信用规则的分值为1到{MAX_RULE_POINTS}分，一票否决规则不计分"),
        ));
    }
    if !(1..=MAX_VALIDITY_MONTHS).contains(&validity_months) {
        return Err(InvalidField::new(
            "validityMonths",
            "validity-months",
            format!("a record counts for 1 to {MAX_VALIDITY_MONTHS} months"),
            format!("信用记录有效期应为1到{MAX_VALIDITY_MONTHS}个月"),
        ));
    }
    Ok(())
}

/// Scoring parameters, in force from `effective_from` until the next set takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scoring {
    pub effective_from: NaiveDate,
    /// The score of an enterprise with no counting records.
    pub base: i32,
    /// Good points count up to this many.
    pub good_cap: i32,
    pub aaa_min: i32,
    pub aa_min: i32,
    pub a_min: i32,
    pub b_min: i32,
}

impl Scoring {
    /// The grade of `score`: D whenever a veto counts, whatever the points; otherwise by the thresholds, each
    /// inclusive (a score equal to a grade's minimum has that grade).
    pub fn grade(&self, score: i32, vetoed: bool) -> CreditGrade {
        match score {
            _ if vetoed => CreditGrade::D,
            s if s >= self.aaa_min => CreditGrade::Aaa,
            s if s >= self.aa_min => CreditGrade::Aa,
            s if s >= self.a_min => CreditGrade::A,
            s if s >= self.b_min => CreditGrade::B,
            _ => CreditGrade::C,
        }
    }

    /// Whether the parameters make sense: thresholds strictly descending from AAA to B, nothing negative.
    pub fn is_consistent(&self) -> bool {
        self.base >= 0
            && self.good_cap >= 0
            && self.b_min >= 0
            && self.aaa_min > self.aa_min
            && self.aa_min > self.a_min
            && self.a_min > self.b_min
    }
}

/// Every set of scoring parameters, at least one, by the day they take effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorings(Vec<Scoring>);

impl Scorings {
    /// `None` without any set: the county's parameters are data, and there is no score without them.
    pub fn new(mut sets: Vec<Scoring>) -> Option<Self> {
        sets.sort_by_key(|s| s.effective_from);
        (!sets.is_empty()).then_some(Scorings(sets))
    }

    /// The parameters in force on `day`: the latest set taking effect on or before it; for a day before every set,
    /// the earliest.
    pub fn on(&self, day: NaiveDate) -> &Scoring {
        self.0.iter().rev().find(|s| s.effective_from <= day).unwrap_or(&self.0[0])
    }

    /// The first set taking effect after `day`, if one is announced.
    pub fn after(&self, day: NaiveDate) -> Option<&Scoring> {
        self.0.iter().find(|s| s.effective_from > day)
    }

    /// The days on which a later set took effect.
    fn changes(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.0.iter().skip(1).map(|s| s.effective_from)
    }
}

/// The last day a record counts: the day of the event plus its validity (a month later on the same day of the
/// month, or the month's last day where that day does not exist).
pub fn expires_on(occurred_on: NaiveDate, validity_months: u32) -> NaiveDate {
    occurred_on.checked_add_months(Months::new(validity_months)).unwrap_or(NaiveDate::MAX)
}

/// A confirmed record as scoring sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub rule_id: i64,
    pub kind: CreditRuleKind,
    /// The magnitude of its points (0 for a veto).
    pub points: i32,
    pub occurred_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub confirmed_on: NaiveDate,
    pub revoked_on: Option<NaiveDate>,
}

impl Entry {
    /// Whether the record counts on `day`: confirmed by then and not yet revoked (it stops counting on the day it
    /// is revoked), and between the day of the event and `expires_on`, both included.
    pub fn counts_on(&self, day: NaiveDate) -> bool {
        self.confirmed_on <= day
            && self.revoked_on.is_none_or(|revoked| day < revoked)
            && self.occurred_on <= day
            && day <= self.expires_on
    }

    /// The first day it counts, if it ever does.
    fn starts(&self) -> Option<NaiveDate> {
        let start = self.confirmed_on.max(self.occurred_on);
        (start <= self.expires_on && self.revoked_on.is_none_or(|r| start < r)).then_some(start)
    }
}

/// An enterprise's credit on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub score: i32,
    pub grade: CreditGrade,
    /// Good points of the counting records, before the cap.
    pub good_points: i32,
    pub bad_points: i32,
    pub vetoed: bool,
}

/// The profile on `day`: base + good points (up to the cap) − bad points, never below 0; graded by the parameters
/// in force that day.
pub fn profile_on(entries: &[Entry], scorings: &Scorings, day: NaiveDate) -> Profile {
    let scoring = scorings.on(day);
    let (mut good_points, mut bad_points, mut vetoed) = (0, 0, false);
    for entry in entries.iter().filter(|e| e.counts_on(day)) {
        match entry.kind {
            CreditRuleKind::Good => good_points += entry.points,
            CreditRuleKind::Bad => bad_points += entry.points,
            CreditRuleKind::Veto => vetoed = true,
        }
    }
    let score = (scoring.base + good_points.min(scoring.good_cap) - bad_points).max(0);
    Profile { score, grade: scoring.grade(score, vetoed), good_points, bad_points, vetoed }
}

/// What happened on a day the grade changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause {
    pub kind: CreditEventKind,
    /// The rule of the record concerned; none when the parameters changed.
    pub rule_id: Option<i64>,
}

/// A day on which the grade changed, with the score and grade from that day and what caused the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeChange {
    pub on: NaiveDate,
    pub grade: CreditGrade,
    pub score: i32,
    pub causes: Vec<Cause>,
}

/// Every change of grade up to `until`, oldest first. Before its first counting record an enterprise has the grade
/// of the base score; only days on which the grade differs from the day before are listed.
pub fn history(entries: &[Entry], scorings: &Scorings, until: NaiveDate) -> Vec<GradeChange> {
    let mut events: Vec<(NaiveDate, Cause)> = Vec::new();
    for entry in entries {
        let Some(start) = entry.starts() else { continue };
        let rule_id = Some(entry.rule_id);
        events.push((start, Cause { kind: CreditEventKind::RecordConfirmed, rule_id }));
        let ends_by_expiry = entry.expires_on.succ_opt().filter(|end| entry.revoked_on.is_none_or(|r| *end <= r));
        match (ends_by_expiry, entry.revoked_on) {
            (Some(end), _) => events.push((end, Cause { kind: CreditEventKind::RecordExpired, rule_id })),
            (None, Some(revoked)) => events.push((revoked, Cause { kind: CreditEventKind::RecordRevoked, rule_id })),
            (None, None) => {}
        }
    }
    events.extend(scorings.changes().map(|day| (day, Cause { kind: CreditEventKind::ScoringChanged, rule_id: None })));
    events.retain(|(day, _)| *day <= until);
    events.sort_by_key(|(day, _)| *day);

    let mut changes: Vec<GradeChange> = Vec::new();
    let Some(first) = events.first().map(|(day, _)| *day) else { return changes };
    let mut grade = first.pred_opt().map_or(CreditGrade::A, |before| profile_on(entries, scorings, before).grade);
    let mut index = 0;
    while index < events.len() {
        let day = events[index].0;
        let causes: Vec<Cause> = events[index..].iter().take_while(|(d, _)| *d == day).map(|(_, c)| *c).collect();
        index += causes.len();
        let profile = profile_on(entries, scorings, day);
        if profile.grade != grade {
            grade = profile.grade;
            changes.push(GradeChange { on: day, grade, score: profile.score, causes });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn defaults() -> Scoring {
        Scoring {
            effective_from: day(2021, 1, 1),
            base: 80,
            good_cap: 20,
            aaa_min: 95,
            aa_min: 85,
            a_min: 75,
            b_min: 60,
        }
    }

    fn entry(kind: CreditRuleKind, points: i32, occurred_on: NaiveDate, months: u32) -> Entry {
        Entry {
            rule_id: points as i64,
            kind,
            points,
            occurred_on,
            expires_on: expires_on(occurred_on, months),
            confirmed_on: occurred_on,
            revoked_on: None,
        }
    }

    #[test]
    fn grades_change_exactly_at_their_thresholds() {
        let s = defaults();
        let cases = [
            (100, CreditGrade::Aaa),
            (95, CreditGrade::Aaa),
            (94, CreditGrade::Aa),
            (85, CreditGrade::Aa),
            (84, CreditGrade::A),
            (75, CreditGrade::A),
            (74, CreditGrade::B),
            (60, CreditGrade::B),
            (59, CreditGrade::C),
            (0, CreditGrade::C),
        ];
        for (score, grade) in cases {
            assert_eq!(s.grade(score, false), grade, "{score}");
        }
        assert!(s.is_consistent());
        assert!(!Scoring { aa_min: 95, ..s }.is_consistent());
    }

    #[test]
    fn a_veto_makes_the_grade_d_whatever_the_points() {
        let today = day(2026, 6, 1);
        let scorings = Scorings::new(vec![defaults()]).unwrap();
        let mut entries: Vec<Entry> = (0..5).map(|_| entry(CreditRuleKind::Good, 5, day(2026, 1, 1), 12)).collect();
        assert_eq!(profile_on(&entries, &scorings, today).grade, CreditGrade::Aaa);
        entries.push(entry(CreditRuleKind::Veto, 0, day(2026, 2, 1), 36));
        let profile = profile_on(&entries, &scorings, today);
        assert_eq!((profile.score, profile.grade, profile.vetoed), (100, CreditGrade::D, true));
    }

    #[test]
    fn good_points_are_capped_and_the_score_never_goes_below_zero() {
        let today = day(2026, 6, 1);
        let scorings = Scorings::new(vec![defaults()]).unwrap();
        let good: Vec<Entry> = (0..6).map(|_| entry(CreditRuleKind::Good, 5, day(2026, 1, 1), 12)).collect();
        let profile = profile_on(&good, &scorings, today);
        assert_eq!((profile.score, profile.good_points), (100, 30));
        let bad: Vec<Entry> = (0..10).map(|_| entry(CreditRuleKind::Bad, 10, day(2026, 1, 1), 12)).collect();
        assert_eq!(profile_on(&bad, &scorings, today).score, 0);
    }

    #[test]
    fn a_record_counts_from_confirmation_through_expiry_until_revoked() {
        let mut e = entry(CreditRuleKind::Bad, 5, day(2025, 3, 15), 12);
        e.confirmed_on = day(2025, 3, 20);
        assert_eq!(e.expires_on, day(2026, 3, 15));
        assert!(!e.counts_on(day(2025, 3, 19)), "not before it is confirmed");
        assert!(e.counts_on(day(2025, 3, 20)));
        assert!(e.counts_on(day(2026, 3, 15)), "on its last day");
        assert!(!e.counts_on(day(2026, 3, 16)), "not the day after");
        e.revoked_on = Some(day(2025, 8, 1));
        assert!(e.counts_on(day(2025, 7, 31)) && !e.counts_on(day(2025, 8, 1)), "not from the day it is revoked");
        assert_eq!(expires_on(day(2025, 1, 31), 1), day(2025, 2, 28));
    }

    #[test]
    fn each_day_is_scored_with_the_parameters_then_in_force() {
        let stricter = Scoring { effective_from: day(2026, 1, 1), aaa_min: 98, ..defaults() };
        let scorings = Scorings::new(vec![stricter, defaults()]).unwrap();
        assert_eq!(scorings.on(day(2020, 1, 1)), &defaults(), "before every set: the earliest");
        assert_eq!(scorings.on(day(2025, 12, 31)), &defaults());
        assert_eq!(scorings.on(day(2026, 1, 1)), &stricter);
        let good: Vec<Entry> = (0..3).map(|_| entry(CreditRuleKind::Good, 5, day(2025, 6, 1), 24)).collect();
        assert_eq!(profile_on(&good, &scorings, day(2025, 12, 31)).grade, CreditGrade::Aaa);
        assert_eq!(profile_on(&good, &scorings, day(2026, 1, 1)).grade, CreditGrade::Aa);
        assert!(Scorings::new(vec![]).is_none());
    }

    #[test]
    fn history_lists_each_grade_change_with_its_cause() {
        let scorings = Scorings::new(vec![defaults()]).unwrap();
        let mut lawsuit = entry(CreditRuleKind::Bad, 5, day(2025, 1, 10), 12);
        lawsuit.rule_id = 6;
        let mut disclosure = entry(CreditRuleKind::Bad, 5, day(2025, 2, 10), 12);
        disclosure.rule_id = 7;
        disclosure.revoked_on = Some(day(2025, 5, 1));
        let mut veto = entry(CreditRuleKind::Veto, 0, day(2025, 9, 1), 36);
        veto.rule_id = 13;
        let entries = [lawsuit, disclosure, veto];
        let changes = history(&entries, &scorings, day(2026, 6, 1));
        let summary: Vec<(NaiveDate, CreditGrade, CreditEventKind)> =
            changes.iter().map(|c| (c.on, c.grade, c.causes[0].kind)).collect();
        assert_eq!(
            summary,
            vec![
                (day(2025, 2, 10), CreditGrade::B, CreditEventKind::RecordConfirmed),
                (day(2025, 5, 1), CreditGrade::A, CreditEventKind::RecordRevoked),
                (day(2025, 9, 1), CreditGrade::D, CreditEventKind::RecordConfirmed),
            ]
        );
        assert_eq!(changes[0].score, 70);
        assert_eq!(changes[2].causes[0].rule_id, Some(13));
        // Asked about an earlier day, history stops there.
        assert_eq!(history(&entries, &scorings, day(2025, 3, 1)).len(), 1);
    }

    #[test]
    fn rules_give_bounded_points_for_a_bounded_time() {
        assert!(check_rule(CreditRuleKind::Good, 5, 12).is_ok());
        assert!(check_rule(CreditRuleKind::Veto, 0, 36).is_ok());
        assert_eq!(check_rule(CreditRuleKind::Veto, 5, 36).unwrap_err().field, "points");
        assert_eq!(check_rule(CreditRuleKind::Bad, 0, 12).unwrap_err().field, "points");
        assert_eq!(check_rule(CreditRuleKind::Bad, 101, 12).unwrap_err().field, "points");
        assert_eq!(check_rule(CreditRuleKind::Bad, 5, 0).unwrap_err().field, "validityMonths");
        assert_eq!(check_rule(CreditRuleKind::Bad, 5, 121).unwrap_err().field, "validityMonths");
    }
}
