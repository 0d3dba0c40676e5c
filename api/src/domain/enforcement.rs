//! Enforcement (查处, county policy 四(一)2): what a decision must carry, and when it is due to be published — an
//! administrative penalty decision is public within 7 working days of being made (the 双公示 rule).

use super::InvalidField;
use super::fixed_point::Money;
use super::working_days::WorkingCalendar;
use chrono::NaiveDate;
use entity::vocab::{CaseDecision, CaseStatus};

/// Working days after the decision within which it is published.
pub const PUBLICATION_WORKING_DAYS: u32 = 7;

/// A fine goes with FINE, and only with it, and is more than nothing.
pub fn check_fine(decision: CaseDecision, fine: Option<Money>) -> Result<Option<Money>, InvalidField> {
    match (decision, fine) {
        (CaseDecision::Fine, Some(amount)) if amount.fen() > 0 => Ok(Some(amount)),
        (CaseDecision::Fine, _) => Err(InvalidField::new(
            "fine",
            "fine-amount",
            "a FINE decision states the amount, more than 0",
            "罚款决定须写明罚款金额（大于0）",
        )),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(InvalidField::new(
            "fine",
            "fine-only",
            "only a FINE decision states an amount",
            "只有罚款决定填写罚款金额",
        )),
    }
}

/// The last day to publish a decision made on `decided_on`.
pub fn publication_due(decided_on: NaiveDate, calendar: &WorkingCalendar) -> NaiveDate {
    calendar.working_days_after(decided_on, PUBLICATION_WORKING_DAYS)
}

/// 逾期未公示 Decided, not published, and past the day it was due.
pub fn publication_overdue(
    status: CaseStatus,
    decided_on: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkingCalendar,
) -> bool {
    status == CaseStatus::Decided && decided_on.is_some_and(|day| today > publication_due(day, calendar))
}

/// 未按时公示 Not published in time: published after the day it was due, or still unpublished past it.
pub fn not_published_in_time(
    status: CaseStatus,
    decided_on: Option<NaiveDate>,
    published_on: Option<NaiveDate>,
    today: NaiveDate,
    calendar: &WorkingCalendar,
) -> bool {
    let Some(decided_on) = decided_on else { return false };
    let due = publication_due(decided_on, calendar);
    match (status, published_on) {
        (CaseStatus::Published, Some(published_on)) => published_on > due,
        _ => publication_overdue(status, Some(decided_on), today, calendar),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::vocab::CalendarDayKind::Holiday;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_fine_states_its_amount_and_nothing_else_does() {
        let amount = Money::parse("5000.00").unwrap();
        assert_eq!(check_fine(CaseDecision::Fine, Some(amount)).unwrap(), Some(amount));
        assert_eq!(check_fine(CaseDecision::Fine, None).unwrap_err().violation.rule, "fine-amount");
        let zero = Money::parse("0").unwrap();
        assert_eq!(check_fine(CaseDecision::Fine, Some(zero)).unwrap_err().violation.rule, "fine-amount");
        assert_eq!(check_fine(CaseDecision::Warning, Some(amount)).unwrap_err().violation.rule, "fine-only");
        assert_eq!(check_fine(CaseDecision::Warning, None).unwrap(), None);
    }

    #[test]
    fn a_decision_is_published_within_seven_working_days() {
        // Decided Wednesday 30 September 2026; National Day 1–7 October off.
        let calendar = WorkingCalendar::new((1..=7).map(|d| (day(10, d), Holiday)));
        let decided = day(9, 30);
        assert_eq!(publication_due(decided, &calendar), day(10, 16));
        assert!(!publication_overdue(CaseStatus::Decided, Some(decided), day(10, 16), &calendar));
        assert!(publication_overdue(CaseStatus::Decided, Some(decided), day(10, 17), &calendar));
        assert!(!publication_overdue(CaseStatus::Published, Some(decided), day(10, 20), &calendar));
        assert!(!publication_overdue(CaseStatus::Open, None, day(10, 20), &calendar));
        let late =
            |published| not_published_in_time(CaseStatus::Published, Some(decided), published, day(11, 1), &calendar);
        assert!(!late(Some(day(10, 16))));
        assert!(late(Some(day(10, 19))));
        assert!(not_published_in_time(CaseStatus::Decided, Some(decided), None, day(10, 17), &calendar));
    }
}
