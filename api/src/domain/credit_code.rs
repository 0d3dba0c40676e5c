//! 统一社会信用代码 The unified social credit code of GB 32100-2015: 18 characters from a 31-character alphabet
//! (digits and capitals without I, O, Z, S, V), the 3rd–8th being the administrative division code, the 18th a
//! check character computed from the first 17.

use super::RuleViolation;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weight of position i is 3^i mod 31.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters of a code.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&c, weight) in bytes.iter().zip(WEIGHTS) {
        sum += value_of(c)? * weight;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize] as char)
}

/// A credit code that passed every check; upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

impl CreditCode {
    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        let code = text.trim().to_ascii_uppercase();
        if code.len() != 18 || !code.is_ascii() {
            return Err(RuleViolation::new(
                "credit-code-length",
                format!("a unified social credit code has 18 characters; '{text}' does not"),
                format!("统一社会信用代码应为18位，“{text}”不是"),
            ));
        }
        if let Some(bad) = code.bytes().find(|&c| value_of(c).is_none()) {
            return Err(RuleViolation::new(
                "credit-code-alphabet",
                format!("'{}' may not appear in a unified social credit code", bad as char),
                format!("统一社会信用代码中不能出现“{}”", bad as char),
            ));
        }
        if !code[2..8].bytes().all(|c| c.is_ascii_digit()) {
            return Err(RuleViolation::new(
                "credit-code-division",
                "characters 3 to 8 of a unified social credit code are the administrative division code (digits)",
                "统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）",
            ));
        }
        let expected = check_character(&code[..17]).expect("17 characters of the alphabet");
        if code.as_bytes()[17] as char != expected {
            return Err(RuleViolation::new(
                "credit-code-check-digit",
                format!("the check character of '{code}' is wrong (GB 32100-2015)"),
                format!("统一社会信用代码“{code}”校验码错误（GB 32100-2015）"),
            ));
        }
        Ok(CreditCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_published_codes() {
        // Codes of real, publicly registered organisations.
        for code in [
            "91110000600037341L",
            "91440300708461136T",
            "91330100799655058B",
            "9144030071526726XG",
            "91310000MA1FL1MMXL",
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(CreditCode::parse(" 91110000600037341l ").unwrap().as_str(), "91110000600037341L");
    }

    #[test]
    fn rejects_a_wrong_check_character() {
        assert_eq!(CreditCode::parse("91110000600037341M").unwrap_err().rule, "credit-code-check-digit");
    }

    #[test]
    fn rejects_wrong_length_alphabet_and_division() {
        assert_eq!(CreditCode::parse("9111000060003734").unwrap_err().rule, "credit-code-length");
        assert_eq!(CreditCode::parse("91110000600037341I").unwrap_err().rule, "credit-code-alphabet");
        assert_eq!(CreditCode::parse("9111A000600037341L").unwrap_err().rule, "credit-code-division");
        assert_eq!(CreditCode::parse("９1110000600037341L").unwrap_err().rule, "credit-code-length");
    }

    #[test]
    fn check_character_completes_any_prefix() {
        let prefix = "91340621MA2X0000A";
        let code = format!("{prefix}{}", check_character(prefix).unwrap());
        assert!(CreditCode::parse(&code).is_ok());
    }
}
