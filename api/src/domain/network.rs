//! The supervision network the county policy sets up (seed 三(一)): every town and park a property service centre,
//! "generally not fewer than 2" staff (一般不少于2人: a standard it is measured against, not a gate), and every
//! community a named property officer.

use super::InvalidField;

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

#[cfg(test)]
mod tests {
    use super::*;

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
