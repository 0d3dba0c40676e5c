//! Rules of an estate's own record: its counts, how it is served, where it is.

use super::InvalidField;
use entity::vocab::{FiveBasicsService, ServiceMode};

/// The counts of an estate that must agree with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub buildings: i32,
    pub households: i32,
    pub occupied_households: i32,
}

/// Counts are never negative, and no more households are occupied than there are.
pub fn check_counts(counts: Counts) -> Result<(), InvalidField> {
    for (field, value) in [("buildings", counts.buildings), ("households", counts.households)] {
        if value < 0 {
            return Err(InvalidField::new(field, "non-negative", "must not be negative", "不能为负数"));
        }
    }
    if !(0..=counts.households).contains(&counts.occupied_households) {
        let households = counts.households;
        return Err(InvalidField::new(
            "occupiedHouseholds",
            "occupied-within-households",
            format!("occupied households must be between 0 and the {households} households"),
            format!("入住户数应在0到总户数{households}之间"),
        ));
    }
    Ok(())
}

/// The five basics are what the community provides under the FIVE_BASICS mode; an estate served another way has
/// none, so a set sent with another mode is refused.
pub fn check_five_basics(mode: ServiceMode, sent: &[FiveBasicsService]) -> Result<(), InvalidField> {
    if mode != ServiceMode::FiveBasics && !sent.is_empty() {
        return Err(InvalidField::new(
            "fiveBasics",
            "five-basics-mode",
            "five-basics services go with the FIVE_BASICS service mode only",
            "五有服务仅适用于“五有”服务模式",
        ));
    }
    Ok(())
}

/// The EMERGENCY mode follows emergency management: an approved period puts an estate in it and ending the period
/// takes it out, so staff neither set it nor leave it by editing the estate (`from` is `None` for a new estate).
pub fn check_mode_change(from: Option<ServiceMode>, to: ServiceMode) -> Result<(), InvalidField> {
    let changes = from != Some(to);
    if changes && (to == ServiceMode::Emergency || from == Some(ServiceMode::Emergency)) {
        return Err(InvalidField::new(
            "serviceMode",
            "emergency-mode-by-approval",
            "an estate enters and leaves the EMERGENCY mode with its emergency management period, not by editing",
            "小区通过应急管理的批准与结束进入、退出应急管理模式，不能直接修改",
        ));
    }
    Ok(())
}

/// The five-basics services an estate keeps once its mode is `mode`: those it has under FIVE_BASICS, none otherwise
/// (a set left over from FIVE_BASICS is cleared when the mode changes).
pub fn five_basics_kept(mode: ServiceMode, services: Vec<FiveBasicsService>) -> Vec<FiveBasicsService> {
    if mode == ServiceMode::FiveBasics { services } else { Vec::new() }
}

/// A point on the map in GCJ-02, kept as whole millionths of a degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeoPoint {
    pub latitude_e6: i32,
    pub longitude_e6: i32,
}

impl GeoPoint {
    /// A point from degrees: latitude within ±90, longitude within ±180.
    pub fn from_degrees(latitude: f64, longitude: f64) -> Result<Self, InvalidField> {
        let fits = |degrees: f64, limit: f64| degrees.is_finite() && degrees.abs() <= limit;
        if !fits(latitude, 90.0) || !fits(longitude, 180.0) {
            return Err(InvalidField::new(
                "location",
                "coordinates",
                "latitude must lie within ±90° and longitude within ±180°",
                "纬度应在±90°以内，经度应在±180°以内",
            ));
        }
        let micro = |degrees: f64| (degrees * 1e6).round() as i32;
        Ok(GeoPoint { latitude_e6: micro(latitude), longitude_e6: micro(longitude) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(buildings: i32, households: i32, occupied_households: i32) -> Counts {
        Counts { buildings, households, occupied_households }
    }

    #[test]
    fn counts_are_non_negative_and_occupancy_within_households() {
        assert!(check_counts(counts(3, 120, 0)).is_ok());
        assert!(check_counts(counts(0, 0, 0)).is_ok());
        assert!(check_counts(counts(3, 120, 120)).is_ok());
        let field = |c| check_counts(c).unwrap_err();
        assert_eq!(field(counts(-1, 120, 0)).field, "buildings");
        assert_eq!(field(counts(1, -1, 0)).field, "households");
        let over = field(counts(1, 10, 11));
        assert_eq!((over.field.as_str(), over.violation.rule), ("occupiedHouseholds", "occupied-within-households"));
        assert_eq!(field(counts(1, 10, -1)).field, "occupiedHouseholds");
    }

    #[test]
    fn five_basics_go_with_the_five_basics_mode_only() {
        let cleaning = [FiveBasicsService::Cleaning];
        assert!(check_five_basics(ServiceMode::FiveBasics, &cleaning).is_ok());
        assert!(check_five_basics(ServiceMode::Market, &[]).is_ok());
        assert_eq!(check_five_basics(ServiceMode::Market, &cleaning).unwrap_err().violation.rule, "five-basics-mode");
        assert_eq!(five_basics_kept(ServiceMode::FiveBasics, cleaning.to_vec()), cleaning);
        assert!(five_basics_kept(ServiceMode::Emergency, cleaning.to_vec()).is_empty());
    }

    #[test]
    fn points_are_checked_and_kept_in_micro_degrees() {
        let point = GeoPoint::from_degrees(33.916_123_4, 116.766_5).unwrap();
        assert_eq!(point, GeoPoint { latitude_e6: 33_916_123, longitude_e6: 116_766_500 });
        assert!(GeoPoint::from_degrees(-90.0, 180.0).is_ok());
        for (lat, lng) in [(90.000_001, 0.0), (0.0, -180.5), (f64::NAN, 0.0), (0.0, f64::INFINITY)] {
            let error = GeoPoint::from_degrees(lat, lng).unwrap_err();
            assert_eq!((error.field.as_str(), error.violation.rule), ("location", "coordinates"));
        }
    }

    #[test]
    fn the_emergency_mode_comes_and_goes_with_emergency_management() {
        use ServiceMode::{Emergency, FiveBasics, Market};
        assert!(check_mode_change(Option::None, Market).is_ok());
        assert!(check_mode_change(Some(Market), FiveBasics).is_ok());
        assert!(check_mode_change(Some(Emergency), Emergency).is_ok(), "left as it is");
        for (from, to) in [(Option::None, Emergency), (Some(Market), Emergency), (Some(Emergency), Market)] {
            assert_eq!(check_mode_change(from, to).unwrap_err().violation.rule, "emergency-mode-by-approval");
        }
    }
}
