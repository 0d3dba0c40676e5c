//! The county's calendar: dates (quarters, deadlines, "today") are those of Asia/Shanghai, which is UTC+8 all year.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The instant of the county's wall-clock time `local` (UTC+8 has no gaps or repeats).
pub fn instant_of(local: NaiveDateTime) -> DateTime<Utc> {
    shanghai().from_local_datetime(&local).single().expect("UTC+8 has no gaps").with_timezone(&Utc)
}

/// The county's wall-clock time at instant `now`.
pub fn local_time(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&shanghai()).naive_local()
}

/// The county's calendar date at instant `now`.
pub fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&shanghai()).date_naive()
}

/// Today in the county.
pub fn today() -> NaiveDate {
    local_date(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_county_date_turns_at_16_00_utc() {
        let before = Utc.with_ymd_and_hms(2026, 3, 31, 15, 59, 59).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 3, 31, 16, 0, 0).unwrap();
        assert_eq!(local_date(before), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
        assert_eq!(local_date(after), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        assert_eq!(instant_of(local_time(after)), after);
        assert_eq!(local_time(after).to_string(), "2026-04-01 00:00:00");
    }
}
