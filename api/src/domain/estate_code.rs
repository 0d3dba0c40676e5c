//! Estate codes are assigned by wuye when an estate is created: `XQ` (小区), the county code and a serial that a
//! per-county counter hands out and never hands out again, e.g. `XQ3406210042`.

/// The code for the `serial`-th estate created in `county_code`.
pub fn estate_code(county_code: &str, serial: i64) -> String {
    format!("XQ{county_code}{serial:04}")
}

/// The name of the counter that numbers the estates of a county.
pub fn estate_sequence(county_code: &str) -> String {
    format!("estate:{county_code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_the_county_and_a_padded_serial() {
        assert_eq!(estate_code("340621", 42), "XQ3406210042");
        assert_eq!(estate_code("340621", 12345), "XQ34062112345");
        assert_ne!(estate_sequence("340621"), estate_sequence("340622"));
    }
}
