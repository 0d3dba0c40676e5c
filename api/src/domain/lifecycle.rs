//! When service changes hands: the notice an enterprise owes before it stops serving (民法典 arts. 947, 948), the limit
//! of emergency management (at most six months with its extensions, county policy 五(四)), and what emergency
//! management must at least provide.

use super::InvalidField;
use super::text::required;
use chrono::{Months, NaiveDate};
use entity::vocab::{
    EmergencyPlannedEnd, EmergencyStatus, ExitNoticeBasis, FiveBasicsService, HandoverStatus, ServiceMode,
};

/// Days of notice before a fixed term ends, for the side that will not renew [law: 民法典 art. 947].
pub const FIXED_TERM_NOTICE_DAYS: i64 = 90;

/// Days of notice either side gives to end an indefinite-term contract [law: 民法典 art. 948].
pub const INDEFINITE_TERM_NOTICE_DAYS: i64 = 60;

/// Months emergency management may last, extensions included [county policy 五(四)].
pub const EMERGENCY_MONTHS: u32 = 6;

/// The notice an exit warning gave, as the law counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitNotice {
    pub basis: ExitNoticeBasis,
    /// The days the law asks for; none where the contract agrees its own notice.
    pub required_days: Option<i64>,
    /// The days actually given: to the term's end on a fixed term, to the intended last day on an indefinite one.
    pub notice_days: i64,
    /// Fewer days than the law asks: the warning stands (the enterprise serves on until the handover, art. 950),
    /// and leaving without due notice is a credit matter (rule B07).
    pub is_late: bool,
}

/// The notice given by a warning filed on `filed_on`, on a contract whose term ends on `term_ends_on`, for
/// service ending on `intended_end`. A term that is over when the warning is filed went on without renewal and
/// is indefinite (art. 948: 60 days to the day named); otherwise the notice counts to the term's end, whatever day
/// is named (art. 947: 90 days). A contract that agrees its own notice is held to what it agrees, not to these.
pub fn exit_notice(
    filed_on: NaiveDate,
    term_ends_on: NaiveDate,
    intended_end: NaiveDate,
    contract_agrees_otherwise: bool,
) -> ExitNotice {
    let indefinite = filed_on > term_ends_on;
    let (basis, required, counted_to) = if indefinite {
        (ExitNoticeBasis::IndefiniteTerm, INDEFINITE_TERM_NOTICE_DAYS, intended_end)
    } else {
        (ExitNoticeBasis::FixedTerm, FIXED_TERM_NOTICE_DAYS, term_ends_on)
    };
    let notice_days = (counted_to - filed_on).num_days();
    if contract_agrees_otherwise {
        return ExitNotice {
            basis: ExitNoticeBasis::ContractAgreement,
            required_days: None,
            notice_days,
            is_late: false,
        };
    }
    ExitNotice { basis, required_days: Some(required), notice_days, is_late: notice_days < required }
}

/// An exit warning filed `today`: service ends neither in the past nor before the term does (leaving earlier is a
/// termination, which needs a ground); on an indefinite term the day named is at least 60 days away, since the
/// enterprise chooses it (art. 948). A fixed term's warning filed under 90 days before the term ends is accepted
/// and marked late: no day named can make up for the notice not given.
pub fn check_exit_warning(
    today: NaiveDate,
    term_ends_on: NaiveDate,
    intended_end: NaiveDate,
    contract_agrees_otherwise: bool,
) -> Result<ExitNotice, InvalidField> {
    if intended_end < today {
        let message = "service cannot end in the past";
        return Err(InvalidField::new("intendedEndOn", "not-in-past", message, "退出日期不能早于今天"));
    }
    if intended_end < term_ends_on {
        return Err(InvalidField::new(
            "intendedEndOn",
            "not-before-contract-end",
            format!(
                "the term runs to {term_ends_on}; leaving earlier is a termination, which the town records with its ground"
            ),
            format!("合同期限至{term_ends_on}；提前退出属于解除合同，应由镇说明理由后办理"),
        ));
    }
    let notice = exit_notice(today, term_ends_on, intended_end, contract_agrees_otherwise);
    if notice.basis == ExitNoticeBasis::IndefiniteTerm && notice.is_late {
        let days = notice.notice_days;
        return Err(InvalidField::new(
            "intendedEndOn",
            "exit-notice-60-days",
            format!(
                "the term ended on {term_ends_on}, so the contract goes on without a term: it ends on {INDEFINITE_TERM_NOTICE_DAYS} days' written notice (民法典 art. 948), not {days}, unless the contract agrees otherwise"
            ),
            format!(
                "合同期限已于{term_ends_on}届满，现为不定期合同：解除应提前{INDEFINITE_TERM_NOTICE_DAYS}日书面通知（《民法典》第九百四十八条），现为{days}日，合同另有约定的除外"
            ),
        ));
    }
    Ok(notice)
}

/// The last day emergency management may last in a vacancy whose first period began on `vacancy_start`: six
/// months as the Civil Code counts a period [law: 民法典 arts. 201–202]: the starting day is not counted, and the
/// period ends on the corresponding day of the sixth month, or on that month's last day when it has none (from
/// 1 January to 1 July; from 31 August to the last day of February).
pub fn emergency_last_day(vacancy_start: NaiveDate) -> NaiveDate {
    vacancy_start.checked_add_months(Months::new(EMERGENCY_MONTHS)).unwrap_or(NaiveDate::MAX)
}

/// Whether an estate in this mode is served without emergency management: by the owners themselves or by the
/// community's five basics. Either ends a vacancy, as a new contract does.
pub fn served_otherwise(mode: ServiceMode) -> bool {
    matches!(mode, ServiceMode::FiveBasics | ServiceMode::SelfManaged)
}

/// Emergency management is for an estate its enterprise has left [county policy 五(四)]: refused while an
/// enterprise still serves it under a contract (running to `serving_until`) that is neither exit-warned nor being
/// handed over.
pub fn check_estate_left(serving_until: Option<NaiveDate>) -> Result<(), InvalidField> {
    let Some(end) = serving_until else { return Ok(()) };
    Err(InvalidField::new(
        "estateId",
        "emergency-estate-left",
        format!(
            "an enterprise still serves the estate under a contract to {end} that is neither exit-warned nor being handed over: emergency management is for an estate its enterprise has left"
        ),
        format!(
            "物业服务企业仍在按合同（至{end}）服务，且未退出预警、未在移交：应急管理适用于物业服务企业已退出的小区"
        ),
    ))
}

/// The estate's latest earlier period of emergency management, as a new period reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlierPeriod {
    /// The first day of the vacancy that period belonged to.
    pub vacancy_start: NaiveDate,
    /// Since that period began, the estate was served otherwise: a contract started, or it was self-managed or
    /// under the five basics.
    pub served_since: bool,
}

/// The first day of the vacancy a period starting on `start` belongs to: the earlier period's, when the estate has
/// not been served otherwise since that one began (the periods are back to back); its own start otherwise
/// [county policy 五(四): six months per estate left without service, not per period].
pub fn vacancy_start(start: NaiveDate, earlier: Option<EarlierPeriod>) -> NaiveDate {
    match earlier {
        Some(earlier) if !earlier.served_since => earlier.vacancy_start.min(start),
        _ => start,
    }
}

/// A period from `start` to `end` (both included), extensions counted, in a vacancy that began on
/// `vacancy_start`: it ends on or after its start, and the vacancy's six months are not over by its end.
pub fn check_emergency_period(vacancy_start: NaiveDate, start: NaiveDate, end: NaiveDate) -> Result<(), InvalidField> {
    if end < start {
        return Err(InvalidField::new(
            "endOn",
            "end-after-start",
            "the period ends before it starts",
            "结束日期早于开始日期",
        ));
    }
    let last = emergency_last_day(vacancy_start);
    if end > last {
        let (field, since) = if start > last { ("startOn", "began") } else { ("endOn", "begins") };
        return Err(InvalidField::new(
            field,
            "emergency-six-months",
            format!(
                "emergency management lasts at most {EMERGENCY_MONTHS} months for an estate left without service, extensions and back-to-back periods included: this vacancy {since} on {vacancy_start}, so to {last} at the latest"
            ),
            format!(
                "同一小区失去物业服务期间的应急管理（含延期和续接的各期）不超过{EMERGENCY_MONTHS}个月：本次自{vacancy_start}起，最迟至{last}"
            ),
        ));
    }
    Ok(())
}

/// A temporary management plan (临时管理方案): the town, where an enterprise has left, 确定各方职能，制定临时管理方案
/// [county policy 五(四)]: what the town, the community, the committee and the provider each do, how the fee is
/// collected, and how the vacancy is meant to end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyPlan {
    pub town_role: String,
    pub community_role: String,
    pub committee_role: String,
    pub provider_role: String,
    pub fee_collection: String,
    pub planned_end: EmergencyPlannedEnd,
}

/// An approval carries its plan, every part of it written (trimmed).
pub fn check_emergency_plan(plan: Option<EmergencyPlan>) -> Result<EmergencyPlan, InvalidField> {
    let Some(plan) = plan else {
        return Err(InvalidField::new(
            "plan",
            "emergency-plan-required",
            "emergency management is approved with its temporary management plan (county policy 五(四))",
            "批准应急管理应同时制定临时管理方案（县意见五(四)）",
        ));
    };
    Ok(EmergencyPlan {
        town_role: required("plan.townRole", &plan.town_role)?,
        community_role: required("plan.communityRole", &plan.community_role)?,
        committee_role: required("plan.committeeRole", &plan.committee_role)?,
        provider_role: required("plan.providerRole", &plan.provider_role)?,
        fee_collection: required("plan.feeCollection", &plan.fee_collection)?,
        planned_end: plan.planned_end,
    })
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
    vacancy_start: NaiveDate,
    ended_on: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    let ran_until = match status {
        EmergencyStatus::Active => Some(today),
        EmergencyStatus::Ended => ended_on,
        EmergencyStatus::Applied | EmergencyStatus::Rejected => None,
    };
    ran_until.is_some_and(|day| day > emergency_last_day(vacancy_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_fixed_term_owes_ninety_days_counted_to_the_terms_end() {
        let today = day(2026, 1, 1);
        let filed = |end, intended| check_exit_warning(today, end, intended, false).unwrap();
        let on_time = filed(day(2026, 4, 1), day(2026, 4, 1));
        assert_eq!((on_time.basis, on_time.required_days), (ExitNoticeBasis::FixedTerm, Some(90)));
        assert_eq!((on_time.notice_days, on_time.is_late), (90, false), "exactly 90 days");
        let late = filed(day(2026, 3, 31), day(2026, 3, 31));
        assert_eq!((late.notice_days, late.is_late), (89, true), "89 days: accepted, and late");
        // A day named far out does not make up for the notice not given before the term ends.
        let named_later = filed(day(2026, 1, 26), day(2026, 4, 1));
        assert_eq!((named_later.notice_days, named_later.is_late), (25, true));
        // Filed on the term's last day: still the fixed term, with no notice at all.
        let last_day = filed(today, today);
        assert_eq!((last_day.basis, last_day.notice_days, last_day.is_late), (ExitNoticeBasis::FixedTerm, 0, true));
    }

    #[test]
    fn a_term_that_is_over_is_indefinite_and_ends_on_sixty_days_notice() {
        let today = day(2026, 1, 1);
        let term_ended = day(2025, 12, 31);
        let notice = check_exit_warning(today, term_ended, day(2026, 3, 2), false).unwrap();
        assert_eq!(notice.basis, ExitNoticeBasis::IndefiniteTerm, "the day after the term is indefinite");
        assert_eq!((notice.required_days, notice.notice_days, notice.is_late), (Some(60), 60, false));
        let short = check_exit_warning(today, term_ended, day(2026, 3, 1), false).unwrap_err();
        assert_eq!(short.violation.rule, "exit-notice-60-days", "59 days");
        assert!(check_exit_warning(today, term_ended, day(2026, 3, 1), true).is_ok(), "agreed otherwise");
    }

    #[test]
    fn a_contract_that_agrees_its_own_notice_is_never_late() {
        let today = day(2026, 1, 1);
        let agreed = check_exit_warning(today, day(2026, 1, 31), day(2026, 1, 31), true).unwrap();
        assert_eq!(agreed.basis, ExitNoticeBasis::ContractAgreement);
        assert_eq!((agreed.required_days, agreed.notice_days, agreed.is_late), (None, 30, false));
        assert_eq!(
            check_exit_warning(today, today, day(2025, 12, 31), true).unwrap_err().violation.rule,
            "not-in-past"
        );
    }

    #[test]
    fn leaving_before_the_term_ends_is_no_exit_warning() {
        let today = day(2026, 1, 1);
        let error = check_exit_warning(today, day(2026, 12, 31), day(2026, 6, 30), false).unwrap_err();
        assert_eq!(error.violation.rule, "not-before-contract-end");
    }

    #[test]
    fn six_months_are_counted_as_the_civil_code_counts_a_period() {
        // The starting day is not counted: from 1 January the period runs to 1 July.
        assert_eq!(emergency_last_day(day(2026, 1, 1)), day(2026, 7, 1));
        assert_eq!(emergency_last_day(day(2026, 1, 31)), day(2026, 7, 31), "31 January: 31 July has a 31st");
        // August's last days: February has no corresponding day, so its last day ends the period.
        assert_eq!(emergency_last_day(day(2025, 8, 29)), day(2026, 2, 28));
        assert_eq!(emergency_last_day(day(2025, 8, 30)), day(2026, 2, 28));
        assert_eq!(emergency_last_day(day(2025, 8, 31)), day(2026, 2, 28));
        assert_eq!(emergency_last_day(day(2027, 8, 29)), day(2028, 2, 29), "a leap year has the 29th");
        assert_eq!(emergency_last_day(day(2027, 8, 31)), day(2028, 2, 29), "and ends there from the 30th and 31st");
        assert_eq!(emergency_last_day(day(2028, 2, 29)), day(2028, 8, 29), "from a leap day");
    }

    #[test]
    fn a_period_ends_within_six_months_of_its_vacancy() {
        let start = day(2026, 1, 31);
        assert!(check_emergency_period(start, start, day(2026, 7, 31)).is_ok(), "to the limit");
        let over = check_emergency_period(start, start, day(2026, 8, 1)).unwrap_err();
        assert_eq!((over.violation.rule, over.field.as_str()), ("emergency-six-months", "endOn"), "a day after");
        assert_eq!(
            check_emergency_period(start, day(2026, 3, 1), day(2026, 2, 1)).unwrap_err().violation.rule,
            "end-after-start"
        );
        // A second period back to back with the first reaches the same limit, not six months of its own.
        assert!(check_emergency_period(start, day(2026, 5, 1), day(2026, 7, 31)).is_ok());
        assert!(check_emergency_period(start, day(2026, 5, 1), day(2026, 8, 1)).is_err());
        // A third starting after the limit has nothing left.
        let none_left = check_emergency_period(start, day(2026, 8, 1), day(2026, 8, 31)).unwrap_err();
        assert_eq!((none_left.violation.rule, none_left.field.as_str()), ("emergency-six-months", "startOn"));
    }

    #[test]
    fn emergency_management_waits_until_the_enterprise_has_left() {
        assert!(check_estate_left(None).is_ok(), "no contract, or one warned or being handed over");
        assert_eq!(check_estate_left(Some(day(2027, 6, 30))).unwrap_err().violation.rule, "emergency-estate-left");
    }

    #[test]
    fn a_vacancy_runs_on_until_the_estate_is_served_otherwise() {
        let first = day(2026, 1, 31);
        let second = day(2026, 5, 1);
        assert_eq!(vacancy_start(first, None), first, "a first period begins its vacancy");
        let back_to_back = EarlierPeriod { vacancy_start: first, served_since: false };
        assert_eq!(vacancy_start(second, Some(back_to_back)), first);
        let served = EarlierPeriod { vacancy_start: first, served_since: true };
        assert_eq!(vacancy_start(second, Some(served)), second, "a contract or the five basics came in between");
        assert!(served_otherwise(ServiceMode::FiveBasics) && served_otherwise(ServiceMode::SelfManaged));
        assert!(!served_otherwise(ServiceMode::None) && !served_otherwise(ServiceMode::Market));
    }

    #[test]
    fn an_approval_carries_a_plan_with_every_part_written() {
        let plan = EmergencyPlan {
            town_role: "镇政府统筹协调".into(),
            community_role: " 社区日常监督 ".into(),
            committee_role: "业委会组织业主缴费".into(),
            provider_role: "提供保洁、秩序维护".into(),
            fee_collection: "由社区按月代收".into(),
            planned_end: EmergencyPlannedEnd::NewEnterpriseByTender,
        };
        assert_eq!(check_emergency_plan(Some(plan.clone())).unwrap().community_role, "社区日常监督");
        assert_eq!(check_emergency_plan(None).unwrap_err().violation.rule, "emergency-plan-required");
        let blank = check_emergency_plan(Some(EmergencyPlan { fee_collection: " ".into(), ..plan })).unwrap_err();
        assert_eq!((blank.violation.rule, blank.field.as_str()), ("required", "plan.feeCollection"));
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
        assert!(!over(EmergencyStatus::Active, None, day(2026, 7, 1)));
        assert!(over(EmergencyStatus::Active, None, day(2026, 7, 2)));
        assert!(!over(EmergencyStatus::Ended, Some(day(2026, 7, 1)), day(2027, 1, 1)));
        assert!(over(EmergencyStatus::Ended, Some(day(2026, 7, 2)), day(2027, 1, 1)));
        assert!(!over(EmergencyStatus::Rejected, None, day(2027, 1, 1)));
    }
}
