//! Supervision (county policy 四(一)2, 四(二)7 and 10, 四(三)6, 四(四)5): what makes an inspection's checklist, a
//! rectification notice's items and deadline well-formed, when a notice is overdue, the day an unverified one
//! proposes the credit record for refusing to correct (rule B06), and when a hazard report has been open too long.

use super::InvalidField;
use super::text::{optional, required};
use super::working_days::WorkingCalendar;
use chrono::NaiveDate;
use entity::vocab::{HazardStatus, InspectionResult, RectificationStatus};

/// Most items on one checklist or notice.
pub const MAX_ITEMS: usize = 50;

/// Working days after its deadline that a notice may stay unverified before it proposes rule B06.
pub const REFUSAL_WORKING_DAYS: u32 = 10;

/// Most working days a deadline may be given as.
pub const MAX_DEADLINE_WORKING_DAYS: i32 = 120;

/// One checklist item as staff record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub item: String,
    pub result: InspectionResult,
    pub note: Option<String>,
    /// Whether the public reads it; only a finding may be withheld.
    pub public: bool,
}

/// The checklist, trimmed and checked: 1 to [`MAX_ITEMS`] items, each named; a finding says what was found; only
/// findings may be withheld from the public.
pub fn check_checklist(items: Vec<ChecklistItem>) -> Result<Vec<ChecklistItem>, InvalidField> {
    check_count("items", items.len())?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let field = |name: &str| format!("items[{i}].{name}");
            let item = required(&field("item"), &entry.item)?;
            let note = optional(&field("note"), entry.note.as_deref())?;
            if entry.result == InspectionResult::Finding && note.is_none() {
                return Err(InvalidField::new(
                    field("note"),
                    "finding-note",
                    "a finding says what was found",
                    "发现问题的检查项须说明问题",
                ));
            }
            if !entry.public && entry.result != InspectionResult::Finding {
                return Err(InvalidField::new(
                    field("public"),
                    "withhold-findings-only",
                    "only a finding may be kept from the public",
                    "只有发现的问题可以不公开",
                ));
            }
            Ok(ChecklistItem { item, note, ..entry })
        })
        .collect()
}

/// The items a notice orders corrected: 1 to [`MAX_ITEMS`], each a required text.
pub fn check_notice_items(items: &[String]) -> Result<Vec<String>, InvalidField> {
    check_count("items", items.len())?;
    items.iter().enumerate().map(|(i, item)| required(&format!("items[{i}]"), item)).collect()
}

fn check_count(field: &str, count: usize) -> Result<(), InvalidField> {
    if (1..=MAX_ITEMS).contains(&count) {
        return Ok(());
    }
    Err(InvalidField::new(
        field,
        "item-count",
        format!("must list 1 to {MAX_ITEMS} items, not {count}"),
        format!("须列出1至{MAX_ITEMS}项，而不是{count}项"),
    ))
}

/// A day something was done: not in the future, and not before `earliest` (what it follows).
pub fn check_day(field: &str, day: NaiveDate, earliest: NaiveDate, today: NaiveDate) -> Result<(), InvalidField> {
    if day > today {
        return Err(InvalidField::new(field, "not-in-future", "cannot be in the future", "不能晚于今天"));
    }
    if day < earliest {
        return Err(InvalidField::new(
            field,
            "in-order",
            format!("cannot be before {earliest}, the day of the step it follows"),
            format!("不能早于前一步骤的日期{earliest}"),
        ));
    }
    Ok(())
}

/// A deadline as the issuer gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    On(NaiveDate),
    /// This many working days after the day of issue (or of the failed check), over the county's calendar.
    WorkingDays(i32),
}

/// The deadline's day, counted from `from` (the day of issue or of the failed check): after `from`; working days
/// 1 to [`MAX_DEADLINE_WORKING_DAYS`].
pub fn deadline_day(
    field: &str,
    deadline: Deadline,
    from: NaiveDate,
    calendar: &WorkingCalendar,
) -> Result<NaiveDate, InvalidField> {
    let day = match deadline {
        Deadline::On(day) => day,
        Deadline::WorkingDays(n) => {
            if !(1..=MAX_DEADLINE_WORKING_DAYS).contains(&n) {
                return Err(InvalidField::new(
                    field,
                    "working-days-range",
                    format!("a deadline in working days is 1 to {MAX_DEADLINE_WORKING_DAYS} of them"),
                    format!("以工作日计的期限须为1至{MAX_DEADLINE_WORKING_DAYS}个工作日"),
                ));
            }
            calendar.working_days_after(from, n as u32)
        }
    };
    if day <= from {
        return Err(InvalidField::new(
            field,
            "deadline-after-start",
            format!("the deadline must come after {from}"),
            format!("整改期限须晚于{from}"),
        ));
    }
    Ok(day)
}

/// The positions (1, 2, …) of the items a failed check leaves open: at least one, each an item still open, none
/// twice.
pub fn check_open_items(positions: &[i32], still_open: &[i32]) -> Result<Vec<i32>, InvalidField> {
    let mut sorted = positions.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.is_empty() || sorted.len() != positions.len() {
        return Err(InvalidField::new(
            "openItems",
            "open-items",
            "a failed check names the items still open, each once",
            "复查未通过须列出仍未整改的事项，每项一次",
        ));
    }
    if let Some(p) = sorted.iter().find(|p| !still_open.contains(p)) {
        return Err(InvalidField::new(
            "openItems",
            "open-items",
            format!("item {p} is not an item of the notice that is still open"),
            format!("第{p}项不是该通知中仍未整改的事项"),
        ));
    }
    Ok(sorted)
}

/// Whether the notice still awaits its correction (not passed, not withdrawn).
pub fn is_pending(status: RectificationStatus) -> bool {
    !matches!(status, RectificationStatus::Passed | RectificationStatus::Withdrawn)
}

/// 逾期未整改 Past its deadline and not reported: ISSUED or REOPENED after the deadline's day.
pub fn is_overdue(status: RectificationStatus, deadline: NaiveDate, today: NaiveDate) -> bool {
    matches!(status, RectificationStatus::Issued | RectificationStatus::Reopened) && today > deadline
}

/// The day a notice still unverified proposes rule B06: the 10th working day after its deadline.
pub fn refusal_day(deadline: NaiveDate, calendar: &WorkingCalendar) -> NaiveDate {
    calendar.working_days_after(deadline, REFUSAL_WORKING_DAYS)
}

/// Whether a notice proposes rule B06 on `today`: still pending, on or after its refusal day, and not proposed yet.
pub fn proposes_refusal(
    status: RectificationStatus,
    deadline: NaiveDate,
    proposed_already: bool,
    today: NaiveDate,
    calendar: &WorkingCalendar,
) -> bool {
    is_pending(status) && !proposed_already && today >= refusal_day(deadline, calendar)
}

/// Days a hazard report may stay open before the compliance overview counts it.
pub const HAZARD_OPEN_DAYS: u64 = 30;

/// Whether a hazard report reported on `reported_on` and not closed has been open longer than
/// [`HAZARD_OPEN_DAYS`] on `today`.
pub fn hazard_open_too_long(status: HazardStatus, reported_on: NaiveDate, today: NaiveDate) -> bool {
    status != HazardStatus::Closed && today > reported_on + chrono::Days::new(HAZARD_OPEN_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RectificationStatus::*;
    use entity::vocab::CalendarDayKind::Holiday;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn entry(result: InspectionResult, note: Option<&str>, public: bool) -> ChecklistItem {
        ChecklistItem { item: " 消防通道 ".into(), result, note: note.map(str::to_owned), public }
    }

    #[test]
    fn a_checklist_names_its_items_and_findings_and_withholds_only_findings() {
        let ok = check_checklist(vec![
            entry(InspectionResult::InOrder, None, true),
            entry(InspectionResult::Finding, Some("堆放杂物"), false),
        ])
        .unwrap();
        assert_eq!(ok[0].item, "消防通道");
        assert_eq!(check_checklist(vec![]).unwrap_err().violation.rule, "item-count");
        let silent = check_checklist(vec![entry(InspectionResult::Finding, Some("  "), true)]).unwrap_err();
        assert_eq!((silent.field.as_str(), silent.violation.rule), ("items[0].note", "finding-note"));
        let hidden = check_checklist(vec![entry(InspectionResult::NotApplicable, None, false)]).unwrap_err();
        assert_eq!(hidden.violation.rule, "withhold-findings-only");
        let many = (0..=MAX_ITEMS).map(|_| entry(InspectionResult::InOrder, None, true)).collect();
        assert!(check_checklist(many).is_err());
    }

    #[test]
    fn deadlines_count_working_days_over_the_calendar_and_come_after_the_start() {
        // Friday 18 September 2026 + 5 working days: the 20th (Sunday) is worked, the 25th is the Mid-Autumn holiday.
        let calendar = WorkingCalendar::new(
            [(day(9, 20), entity::vocab::CalendarDayKind::Workday)].into_iter().chain([(day(9, 25), Holiday)]),
        );
        let from = day(9, 18);
        assert_eq!(deadline_day("deadline", Deadline::WorkingDays(5), from, &calendar).unwrap(), day(9, 24));
        assert_eq!(deadline_day("deadline", Deadline::WorkingDays(6), from, &calendar).unwrap(), day(9, 28));
        assert_eq!(deadline_day("deadline", Deadline::On(day(9, 19)), from, &calendar).unwrap(), day(9, 19));
        let same_day = deadline_day("deadline", Deadline::On(from), from, &calendar).unwrap_err();
        assert_eq!(same_day.violation.rule, "deadline-after-start");
        for n in [0, MAX_DEADLINE_WORKING_DAYS + 1] {
            let error = deadline_day("deadline", Deadline::WorkingDays(n), from, &calendar).unwrap_err();
            assert_eq!(error.violation.rule, "working-days-range");
        }
    }

    #[test]
    fn a_failed_check_names_open_items_once_each() {
        assert_eq!(check_open_items(&[3, 1], &[1, 2, 3]).unwrap(), vec![1, 3]);
        assert!(check_open_items(&[], &[1]).is_err());
        assert!(check_open_items(&[1, 1], &[1]).is_err());
        assert!(check_open_items(&[4], &[1, 2, 3]).is_err(), "no such item");
        assert!(check_open_items(&[1], &[2]).is_err(), "item 1 was corrected already");
    }

    #[test]
    fn days_are_in_order_and_not_ahead() {
        assert!(check_day("reportedOn", day(3, 2), day(3, 1), day(3, 2)).is_ok());
        assert_eq!(
            check_day("reportedOn", day(3, 3), day(3, 1), day(3, 2)).unwrap_err().violation.rule,
            "not-in-future"
        );
        assert_eq!(check_day("reportedOn", day(2, 28), day(3, 1), day(3, 2)).unwrap_err().violation.rule, "in-order");
    }

    #[test]
    fn a_notice_is_overdue_the_day_after_its_deadline_until_reported() {
        let deadline = day(3, 10);
        assert!(!is_overdue(Issued, deadline, deadline));
        assert!(is_overdue(Issued, deadline, day(3, 11)));
        assert!(is_overdue(Reopened, deadline, day(3, 11)));
        for status in [Reported, Passed, Withdrawn] {
            assert!(!is_overdue(status, deadline, day(3, 11)));
        }
    }

    #[test]
    fn an_unverified_notice_proposes_b06_on_the_tenth_working_day_after_its_deadline_once() {
        // Deadline Friday 24 April 2026; May Day holidays 1–5 May, 9 May (Saturday) worked.
        let calendar = WorkingCalendar::new(
            (1..=5).map(|d| (day(5, d), Holiday)).chain([(day(5, 9), entity::vocab::CalendarDayKind::Workday)]),
        );
        let deadline = day(4, 24);
        // 27, 28, 29, 30 April; 6, 7, 8, 9 (Saturday, worked), 11, 12 May.
        assert_eq!(refusal_day(deadline, &calendar), day(5, 12));
        assert!(!proposes_refusal(Issued, deadline, false, day(5, 11), &calendar), "the day before");
        assert!(proposes_refusal(Issued, deadline, false, day(5, 12), &calendar), "on the day");
        assert!(proposes_refusal(Reported, deadline, false, day(5, 20), &calendar), "reported but not verified");
        assert!(!proposes_refusal(Issued, deadline, true, day(5, 20), &calendar), "never twice");
        assert!(!proposes_refusal(Passed, deadline, false, day(5, 20), &calendar));
        assert!(!proposes_refusal(Withdrawn, deadline, false, day(5, 20), &calendar));
    }

    #[test]
    fn a_hazard_report_open_more_than_thirty_days_counts() {
        let reported = day(3, 1);
        assert!(!hazard_open_too_long(HazardStatus::Referred, reported, day(3, 31)));
        assert!(hazard_open_too_long(HazardStatus::Referred, reported, day(4, 1)));
        assert!(!hazard_open_too_long(HazardStatus::Closed, reported, day(6, 1)));
    }
}
