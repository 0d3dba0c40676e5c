//! Working days (工作日) in the county: Monday to Friday, except the public holidays the State Council announces
//! each year, plus the weekend days it makes working days instead (调休上班). The calendar of those exceptions is
//! data (`calendar_day`); this file only counts over it. Years the calendar does not cover count weekdays alone.

use super::calendar::{instant_of, local_date};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use entity::vocab::CalendarDayKind;
use std::collections::HashMap;

/// The exceptions to the week's pattern.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    exceptions: HashMap<NaiveDate, CalendarDayKind>,
}

impl WorkingCalendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, CalendarDayKind)>) -> Self {
        WorkingCalendar { exceptions: days.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.exceptions.get(&day) {
            Some(CalendarDayKind::Holiday) => false,
            Some(CalendarDayKind::Workday) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `day` (`day` itself does not count; with `n` 0, `day`).
    pub fn working_days_after(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let (mut current, mut left) = (day, n);
        while left > 0 {
            current = current + Days::new(1);
            if self.is_working_day(current) {
                left -= 1;
            }
        }
        current
    }

    /// When a complaint received at `received_at` with `working_days` to answer is due: the end (midnight, county
    /// time) of the last working day it has, counting from the day after it was received.
    pub fn due_at(&self, received_at: DateTime<Utc>, working_days: u32) -> DateTime<Utc> {
        let last = self.working_days_after(local_date(received_at), working_days);
        instant_of((last + Days::new(1)).and_hms_opt(0, 0, 0).expect("midnight"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CalendarDayKind::{Holiday, Workday};
    use chrono::TimeZone;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// 2026 around the Spring Festival: 14 Feb (Sat) worked, 15–23 Feb off, 28 Feb (Sat) worked.
    fn spring_festival() -> WorkingCalendar {
        let holidays = (15..=23).map(|d| (day(2, d), Holiday));
        WorkingCalendar::new(holidays.chain([(day(2, 14), Workday), (day(2, 28), Workday)]))
    }

    #[test]
    fn a_weekend_is_skipped() {
        let calendar = WorkingCalendar::default();
        // Friday 6 March + 1 working day is Monday 9 March; + 5 is Friday 13 March.
        assert_eq!(calendar.working_days_after(day(3, 6), 1), day(3, 9));
        assert_eq!(calendar.working_days_after(day(3, 6), 5), day(3, 13));
        assert_eq!(calendar.working_days_after(day(3, 7), 1), day(3, 9), "received on a Saturday");
    }

    #[test]
    fn a_public_holiday_is_skipped_and_a_make_up_day_counts() {
        let calendar = spring_festival();
        assert!(calendar.is_working_day(day(2, 14)), "a Saturday worked");
        assert!(!calendar.is_working_day(day(2, 16)), "a Monday off");
        // Friday 13 Feb + 1: Saturday 14 Feb is worked.
        assert_eq!(calendar.working_days_after(day(2, 13), 1), day(2, 14));
        // + 2: the holiday runs to Monday 23 Feb, so Tuesday 24 Feb.
        assert_eq!(calendar.working_days_after(day(2, 13), 2), day(2, 24));
        // From Wednesday 25 Feb, 3 working days: 26, 27 and Saturday 28 Feb.
        assert_eq!(calendar.working_days_after(day(2, 25), 3), day(2, 28));
    }

    #[test]
    fn a_complaint_is_due_at_the_end_of_its_last_working_day_county_time() {
        let calendar = spring_festival();
        // Received 13 Feb 10:00 in the county (02:00 UTC): one working day, so due at the end of Saturday 14 Feb,
        // 00:00 on the 15th in the county, 16:00 UTC on the 14th.
        let received = Utc.with_ymd_and_hms(2026, 2, 13, 2, 0, 0).unwrap();
        assert_eq!(calendar.due_at(received, 1), Utc.with_ymd_and_hms(2026, 2, 14, 16, 0, 0).unwrap());
        // Received at 23:30 county time on 12 Feb (15:30 UTC): still the 12th, so one working day is the 13th.
        let late = Utc.with_ymd_and_hms(2026, 2, 12, 15, 30, 0).unwrap();
        assert_eq!(calendar.due_at(late, 1), Utc.with_ymd_and_hms(2026, 2, 13, 16, 0, 0).unwrap());
    }
}
