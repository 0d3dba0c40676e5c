//! When service changes hands: the notice an enterprise owes before it stops serving (民法典 art. 947), the limit
//! of emergency management (at most six months with its extensions, county policy 五(四)), and what emergency
//! management must at least provide.

use super::InvalidField;
use chrono::{Days, Months, NaiveDate};
use entity::vocab::{EmergencyStatus, FiveBasicsService, HandoverStatus};

/// Days of notice an enterprise gives before it stops serving [law: 民法典 art. 947].
pub const EXIT_NOTICE_DAYS: i64 = 90;

/// Months emergency management may last, extensions included [county policy 五(四)].
pub const EMERGENCY_MONTHS: u32 = 6;

/// An exit warning filed `today` on a contract whose term ends on `contract_end`, for service ending on
/// `intended_end`: not before the end of the term (leaving earlier is a termination, which needs a ground), not in
/// the past, and at least 90 days ahead unless the contract itself agrees otherwise.
pub fn check_exit_notice(
    today: NaiveDate,
    contract_end: NaiveDate,
    intended_end: NaiveDate,
    contract_agrees_otherwise: bool,
) -> Result<(), InvalidField> {
    if intended_end < today {
        let message = "service cannot end in the past";
        return Err(InvalidField::new("intendedEndOn", "not-in-past", message, "退出日期不能早于今天"));
    }
    if intended_end < contract_end {
        return Err(InvalidField::new(
            "intendedEndOn",
            "not-before-contract-end",
            format!(
                "the term runs to {contract_end}; leaving earlier is a termination, which the town records with its ground"
            ),
            format!("合同期限至{contract_end}；提前退出属于解除合同，应由镇说明理由后办理"),
        ));
    }
    let notice = (intended_end - today).num_days();
    if !contract_agrees_otherwise && notice < EXIT_NOTICE_DAYS {
        return Err(InvalidField::new(
            "intendedEndOn",
            "exit-notice-90-days",
            format!(
                "an exit warning comes at least {EXIT_NOTICE_DAYS} days before service ends (民法典 art. 947), not {notice}, unless the contract agrees otherwise"
            ),
            format!(
                "退出预警应至少提前{EXIT_NOTICE_DAYS}日（《民法典》第九百四十七条），现为{notice}日，合同另有约定的除外"
            ),
        ));
    }
    Ok(())
}

/// The last day emergency management starting on `start` may last: six months on, less a day (a period from
/// 1 January ends by 30 June; one from 31 January by 30 July, since six months on is 31 July).
pub fn emergency_last_day(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(EMERGENCY_MONTHS))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(NaiveDate::MAX)
}

/// A period from `start` to `end` (both included), extensions counted, ends on or after its start and within six
/// months.
pub fn check_emergency_period(start: NaiveDate, end: NaiveDate) -> Result<(), InvalidField> {
    if end < start {
        return Err(InvalidField::new(
            "endOn",
            "end-after-start",
            "the period ends before it starts",
            "结束日期早于开始日期",
        ));
    }
    let last = emergency_last_day(start);
    if end > last {
        return Err(InvalidField::new(
            "endOn",
            "emergency-six-months",
            format!(
                "emergency management lasts at most {EMERGENCY_MONTHS} months with its extensions: to {last} at the latest"
            ),
            format!("应急管理（含延期）不超过{EMERGENCY_MONTHS}个月，最迟至{last}"),
        ));
    }
    Ok(())
}

/// Emergency management provides at least basic cleaning and order (基本保洁、秩序维护).
pub fn check_emergency_services(services: &[FiveBasicsService]) -> Result<(), InvalidField> {
    let has = |s: FiveBasicsService| services.contains(&s);
    if !(has(FiveBasicsService::Cleaning) && has(FiveBasicsService::Security)) {
        let message = "emergency management provides at least cleaning and order (CLEANING and SECURITY)";
        return Err(InvalidField::new("services", "emergency-services", message, "应急管理至少提供基本保洁和秩序维护"));
    }
    Ok(())
}

/// A handover past its deadline and not completed: flagged publicly.
pub fn handover_is_overdue(status: HandoverStatus, deadline: NaiveDate, today: NaiveDate) -> bool {
    status != HandoverStatus::Completed && today > deadline
}

/// Whether a period of emergency management has run past six months: an active one still running after its last
/// allowed day, or one that ended after it. Applied-for and rejected periods never ran.
pub fn emergency_ran_past_six_months(
    status: EmergencyStatus,
    start: NaiveDate,
    ended_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let ran_until = match status {
        EmergencyStatus::Active => Some(today),
        EmergencyStatus::Ended => ended_on,
        EmergencyStatus::Applied | EmergencyStatus::Rejected => None,
    };
    ran_until.is_some_and(|day| day > emergency_last_day(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn an_exit_warning_comes_ninety_days_ahead_unless_agreed_otherwise() {
        let today = day(2026, 1, 1);
        let check = |end, agreed| check_exit_notice(today, end, end, agreed);
        assert!(check(day(2026, 4, 1), false).is_ok(), "exactly 90 days");
        assert_eq!(check(day(2026, 3, 31), false).unwrap_err().violation.rule, "exit-notice-90-days", "89 days");
        assert!(check(day(2026, 3, 31), true).is_ok(), "the contract agrees otherwise");
        assert_eq!(check(day(2025, 12, 31), true).unwrap_err().violation.rule, "not-in-past");
    }

    #[test]
    fn leaving_before_the_term_ends_is_no_exit_warning() {
        let today = day(2026, 1, 1);
        let error = check_exit_notice(today, day(2026, 12, 31), day(2026, 6, 30), false).unwrap_err();
        assert_eq!(error.violation.rule, "not-before-contract-end");
        // An indefinite-term contract (its term is over, the enterprise still serves): 90 days from today.
        assert!(check_exit_notice(today, day(2025, 6, 30), day(2026, 4, 1), false).is_ok());
        assert!(check_exit_notice(today, day(2025, 6, 30), day(2026, 3, 31), false).is_err());
    }

    #[test]
    fn emergency_management_lasts_at_most_six_months() {
        assert!(check_emergency_period(day(2026, 1, 1), day(2026, 6, 30)).is_ok(), "exactly six months");
        assert_eq!(
            check_emergency_period(day(2026, 1, 1), day(2026, 7, 1)).unwrap_err().violation.rule,
            "emergency-six-months",
            "one day over"
        );
        // Across month ends: 31 August + 6 months is the last day of February.
        assert_eq!(emergency_last_day(day(2025, 8, 31)), day(2026, 2, 27));
        assert_eq!(emergency_last_day(day(2027, 8, 31)), day(2028, 2, 28), "a leap year: 29 February, less a day");
        assert_eq!(emergency_last_day(day(2026, 1, 31)), day(2026, 7, 30));
        assert!(check_emergency_period(day(2028, 2, 29), day(2028, 8, 28)).is_ok(), "from a leap day");
        assert!(check_emergency_period(day(2028, 2, 29), day(2028, 8, 29)).is_err());
        assert_eq!(
            check_emergency_period(day(2026, 3, 1), day(2026, 2, 1)).unwrap_err().violation.rule,
            "end-after-start"
        );
    }

    #[test]
    fn emergency_management_provides_cleaning_and_order() {
        use FiveBasicsService::*;
        assert!(check_emergency_services(&[Cleaning, Security]).is_ok());
        assert!(check_emergency_services(&[Cleaning, Security, Greening]).is_ok());
        assert_eq!(check_emergency_services(&[Cleaning]).unwrap_err().violation.rule, "emergency-services");
    }

    #[test]
    fn overdue_handovers_and_overlong_emergencies_are_flagged() {
        let deadline = day(2026, 3, 31);
        assert!(!handover_is_overdue(HandoverStatus::Open, deadline, deadline), "due today is not overdue");
        assert!(handover_is_overdue(HandoverStatus::Disputed, deadline, day(2026, 4, 1)));
        assert!(!handover_is_overdue(HandoverStatus::Completed, deadline, day(2026, 4, 1)));

        let start = day(2026, 1, 1);
        let over = |status, ended, today| emergency_ran_past_six_months(status, start, ended, today);
        assert!(!over(EmergencyStatus::Active, None, day(2026, 6, 30)));
        assert!(over(EmergencyStatus::Active, None, day(2026, 7, 1)));
        assert!(!over(EmergencyStatus::Ended, Some(day(2026, 6, 30)), day(2027, 1, 1)));
        assert!(over(EmergencyStatus::Ended, Some(day(2026, 7, 1)), day(2027, 1, 1)));
        assert!(!over(EmergencyStatus::Rejected, None, day(2027, 1, 1)));
    }
}
