//! Estate codes are assigned by wuye when an estate is created: `XQ` (小区), the county code and a serial that a
//! per-county counter hands out and never hands out again, e.g. `XQ3406210042`. A county importing its registry
//! may bring codes of that form; the counter then moves past them.

use super::RuleViolation;

/// The code for the `serial`-th estate created in `county_code`.
pub fn estate_code(county_code: &str, serial: i64) -> String {
    format!("XQ{county_code}{serial:04}")
}

/// The serial of `code`, an estate code of the county `county_code` that a county brings with its registry (the
/// import): `XQ`, the county code, and a serial of at least four digits, above zero.
pub fn serial_of(county_code: &str, code: &str) -> Result<i64, RuleViolation> {
    let bad = || {
        RuleViolation::new(
            "estate-code",
            format!("an estate code of this county is XQ{county_code} and a serial of four digits or more"),
            format!("本县小区编码为 XQ{county_code} 加不少于四位的序号"),
        )
    };
    let serial = code.trim().strip_prefix("XQ").and_then(|rest| rest.strip_prefix(county_code)).ok_or_else(bad)?;
    if serial.len() < 4 || !serial.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    // As wuye writes it: no more leading zeros than the padding to four digits.
    let serial = serial.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(bad)?;
    if estate_code(county_code, serial) == code.trim() { Ok(serial) } else { Err(bad()) }
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

    #[test]
    fn a_brought_code_must_be_of_the_county_and_its_form() {
        assert_eq!(serial_of("340621", "XQ3406210042"), Ok(42));
        assert_eq!(serial_of("340621", " XQ34062112345 "), Ok(12345));
        for bad in ["XQ34062100042", "XQ3406220042", "XQ340621042", "XQ340621004a", "3406210042", "XQ3406210000", ""] {
            assert_eq!(serial_of("340621", bad).unwrap_err().rule, "estate-code", "{bad}");
        }
    }
}
