//! Complaints: which time limit holds a complaint (the one in force on the day it was received), when each step
//! may be dated, and what makes a time limit.

use super::InvalidField;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::vocab::ComplaintCategory;

/// Working days a time limit may give: at least one, at most a quarter of a year's.
pub const WORKING_DAYS: std::ops::RangeInclusive<i32> = 1..=60;

/// The time limits per category, each from the day it takes effect.
#[derive(Debug, Clone, Default)]
pub struct TimeLimits(Vec<(ComplaintCategory, NaiveDate, i32)>);

impl TimeLimits {
    pub fn new(limits: impl IntoIterator<Item = (ComplaintCategory, NaiveDate, i32)>) -> Self {
        TimeLimits(limits.into_iter().collect())
    }

    /// Working days a complaint of `category` received on `received_on` has: the limit in force that day, so that
    /// a change applies only to complaints received afterwards.
    pub fn working_days(&self, category: ComplaintCategory, received_on: NaiveDate) -> Option<u32> {
        self.0
            .iter()
            .filter(|(c, from, _)| *c == category && *from <= received_on)
            .max_by_key(|(_, from, _)| *from)
            .map(|(_, _, days)| (*days).max(0) as u32)
    }
}

/// A time limit gives 1 to 60 working days.
pub fn check_working_days(days: i32) -> Result<(), InvalidField> {
    if !WORKING_DAYS.contains(&days) {
        return Err(InvalidField::new(
            "workingDays",
            "working-days",
            format!("a time limit is {} to {} working days", WORKING_DAYS.start(), WORKING_DAYS.end()),
            format!("办理时限应为{}至{}个工作日", WORKING_DAYS.start(), WORKING_DAYS.end()),
        ));
    }
    Ok(())
}

/// Staff may record a step after the fact: it is dated no earlier than the step before it (`after`) and no later
/// than `now` (a minute's leeway for clocks).
pub fn check_step_time(
    field: &str,
    at: DateTime<Utc>,
    after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), InvalidField> {
    if at > now + Duration::minutes(1) {
        return Err(InvalidField::new(
            field,
            "not-in-future",
            "a step cannot be dated in the future",
            "办理时间不能晚于当前时间",
        ));
    }
    if at < after {
        return Err(InvalidField::new(
            field,
            "step-order",
            format!("a step comes after the one before it ({after})"),
            format!("办理时间不能早于上一步骤（{after}）"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComplaintCategory::{Fees, Security};
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_complaint_keeps_the_limit_in_force_when_it_was_received() {
        let limits =
            TimeLimits::new([(Fees, day(2021, 1, 1), 5), (Fees, day(2026, 7, 1), 3), (Security, day(2021, 1, 1), 1)]);
        assert_eq!(limits.working_days(Fees, day(2026, 6, 30)), Some(5));
        assert_eq!(limits.working_days(Fees, day(2026, 7, 1)), Some(3));
        assert_eq!(limits.working_days(Security, day(2026, 7, 1)), Some(1));
        assert_eq!(limits.working_days(Fees, day(2020, 12, 31)), None);
    }

    #[test]
    fn steps_are_dated_in_order_and_not_ahead() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let before = now - Duration::hours(5);
        assert!(check_step_time("at", now - Duration::hours(1), before, now).is_ok());
        assert_eq!(
            check_step_time("at", before - Duration::hours(1), before, now).unwrap_err().violation.rule,
            "step-order"
        );
        assert_eq!(
            check_step_time("at", now + Duration::hours(1), before, now).unwrap_err().violation.rule,
            "not-in-future"
        );
        assert!(check_working_days(0).is_err() && check_working_days(61).is_err() && check_working_days(1).is_ok());
    }
}
