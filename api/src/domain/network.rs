//! The supervision network the county policy sets up (seed 三(一)): every town and park a property service centre,
//! "generally not fewer than 2" staff (一般不少于2人: a standard it is measured against, not a gate), and every
//! community a named property officer.

use super::InvalidField;
use super::text::optional;
use chrono::NaiveDate;

/// Staff a town's property service centre generally has at least [county policy 三(一): 一般不少于2人].
pub const SERVICE_CENTER_STANDARD_STAFF: i32 = 2;

/// A service centre has staff: at least one (a centre of none is no centre). Fewer than the standard is recorded
/// and counted short of it ([`meets_staffing_standard`]), not refused.
pub fn check_service_center_staff(staff_count: i32) -> Result<(), InvalidField> {
    if staff_count < 1 {
        return Err(InvalidField::new(
            "staffCount",
            "service-center-staff",
            format!("a property service centre has staff, not {staff_count}"),
            format!("物业服务中心应有工作人员，不能是{staff_count}人"),
        ));
    }
    Ok(())
}

/// Whether a centre of `staff_count` meets the policy's standard of generally not fewer than two [三(一)].
pub fn meets_staffing_standard(staff_count: i32) -> bool {
    staff_count >= SERVICE_CENTER_STANDARD_STAFF
}

/// Whether a centre established on `established_on` was set up by the deadline `due_on` (the day itself counts:
/// "在2021年11月5日前" is read as by the end of that day).
pub fn set_up_by(established_on: Option<NaiveDate>, due_on: NaiveDate) -> bool {
    established_on.is_some_and(|day| day <= due_on)
}

/// A change of a centre's recorded establishment date from `previous` to `next`. Moving it from after the deadline
/// `due_on` to on or before it changes how the town is judged, so it is the county's correction, with a reason,
/// never the town's own; any other change may give a reason. The reason, trimmed, is returned for the audit trail.
pub fn check_establishment_date(
    (previous, next): (Option<NaiveDate>, NaiveDate),
    due_on: NaiveDate,
    by_county: bool,
    reason: Option<&str>,
) -> Result<Option<String>, InvalidField> {
    let reason = optional("reason", reason)?;
    let back_across = previous.is_some_and(|before| !set_up_by(Some(before), due_on)) && set_up_by(Some(next), due_on);
    if !back_across {
        return Ok(reason);
    }
    if !by_county {
        return Err(InvalidField::new(
            "establishedOn",
            "establishment-date-by-county",
            format!(
                "the centre was recorded as set up after the deadline of {due_on}: moving its date to {next} is a correction the county makes, with a reason"
            ),
            format!("服务中心登记的成立日期晚于{due_on}的时限：改为{next}属于更正，应由县级部门说明理由后办理"),
        ));
    }
    if reason.is_none() {
        return Err(InvalidField::new(
            "reason",
            "correction-reason",
            "a correction of the date the centre was set up across its deadline gives its reason",
            "跨越时限更正服务中心成立日期的，应说明理由",
        ));
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_deadline_day_itself_is_on_time() {
        let due = day(2021, 11, 5);
        assert!(set_up_by(Some(due), due));
        assert!(!set_up_by(Some(day(2021, 11, 6)), due), "the day after");
        assert!(!set_up_by(None, due), "never set up");
    }

    #[test]
    fn only_the_county_moves_a_late_centre_back_across_its_deadline_with_a_reason() {
        let due = day(2021, 11, 5);
        let (late, on_time) = (day(2021, 11, 6), day(2021, 11, 5));
        let town = |previous, next, reason| check_establishment_date((previous, next), due, false, reason);
        let county = |previous, next, reason| check_establishment_date((previous, next), due, true, reason);
        let refused = town(Some(late), on_time, Some("补录")).unwrap_err();
        assert_eq!((refused.violation.rule, refused.field.as_str()), ("establishment-date-by-county", "establishedOn"));
        assert_eq!(county(Some(late), on_time, Some(" ")).unwrap_err().violation.rule, "correction-reason");
        assert_eq!(county(Some(late), on_time, Some(" 原登记有误 ")).unwrap(), Some("原登记有误".into()));
        // Any other change is the town's own: a first record, a later date, a move on either side of the deadline.
        assert_eq!(town(None, on_time, None).unwrap(), None);
        assert!(town(Some(on_time), late, None).is_ok(), "forward across");
        assert!(town(Some(day(2021, 12, 1)), late, None).is_ok(), "both late");
        assert!(town(Some(day(2021, 10, 1)), on_time, None).is_ok(), "both on time");
    }

    /// One member of staff is short of the standard, but a centre; none is no centre.
    #[test]
    fn the_staffing_standard_is_measured_not_enforced() {
        assert!(check_service_center_staff(1).is_ok());
        assert!(!meets_staffing_standard(1));
        assert!(meets_staffing_standard(2));
        assert_eq!(check_service_center_staff(0).unwrap_err().violation.rule, "service-center-staff");
        assert!(check_service_center_staff(-1).is_err());
    }
}
