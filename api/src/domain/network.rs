//! The supervision network the county policy sets up (seed 五(一)): every town and park a property service centre
//! with at least two staff, every community a named property officer.

use super::InvalidField;

/// Staff a town's property service centre has at least [county policy 五(一): 不少于2人].
pub const SERVICE_CENTER_MIN_STAFF: i32 = 2;

/// A service centre is staffed with at least two.
pub fn check_service_center_staff(staff_count: i32) -> Result<(), InvalidField> {
    if staff_count < SERVICE_CENTER_MIN_STAFF {
        return Err(InvalidField::new(
            "staffCount",
            "service-center-staff",
            format!("a property service centre has at least {SERVICE_CENTER_MIN_STAFF} staff, not {staff_count}"),
            format!("物业服务中心工作人员不少于{SERVICE_CENTER_MIN_STAFF}人，现为{staff_count}人"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_centre_has_two_staff_at_least() {
        assert!(check_service_center_staff(2).is_ok());
        assert_eq!(check_service_center_staff(1).unwrap_err().violation.rule, "service-center-staff");
    }
}
