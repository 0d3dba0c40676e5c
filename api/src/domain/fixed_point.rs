//! Exact quantities with two decimal places: `Money` (integer fen, CNY), `Area` (integer hundredths of m²) and
//! `Score` (an assessment score, hundredths of a point). On the wire each is a decimal string such as `"1234.56"`;
//! floats are never accepted or produced.

use super::RuleViolation;
use std::fmt;

/// Parses `"-1234.5"` / `"1234.56"` / `"12"` into hundredths. Rejects exponents, signs other than a leading
/// minus, more than two decimals, empty parts, and anything that overflows an `i64`.
fn parse_hundredths(text: &str) -> Result<i64, RuleViolation> {
    let malformed = || {
        RuleViolation::new(
            "decimal-format",
            format!("'{text}' is not a decimal with at most two places, such as \"1234.56\""),
            format!("“{text}”不是最多两位小数的十进制数，例如 \"1234.56\""),
        )
    };
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || (unsigned.contains('.') && fraction.is_empty()) {
        return Err(malformed());
    }
    if fraction.len() > 2 {
        return Err(RuleViolation::new(
            "decimal-places",
            format!("'{text}' has more than two decimal places"),
            format!("“{text}”超过两位小数"),
        ));
    }
    let overflow =
        || RuleViolation::new("decimal-range", format!("'{text}' is too large"), format!("“{text}”数值过大"));
    let whole: i64 = whole.parse().map_err(|_| overflow())?;
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| malformed())?;
    let magnitude = whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(overflow)?;
    Ok(if negative { -magnitude } else { magnitude })
}

fn format_hundredths(value: i64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let sign = if value < 0 { "-" } else { "" };
    let magnitude = value.unsigned_abs();
    write!(f, "{sign}{}.{:02}", magnitude / 100, magnitude % 100)
}

/// An amount of money in fen (分), CNY.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl Money {
    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        parse_hundredths(text).map(Money)
    }

    pub fn fen(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_hundredths(self.0, f)
    }
}

/// A floor area in hundredths of a square metre; never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Area(pub i64);

impl Area {
    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        let hundredths = parse_hundredths(text)?;
        if hundredths < 0 {
            return Err(RuleViolation::new(
                "area-non-negative",
                format!("area '{text}' is negative"),
                format!("面积“{text}”不能为负数"),
            ));
        }
        Ok(Area(hundredths))
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_hundredths(self.0, f)
    }
}

/// An assessment score in hundredths of a point, from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Score(pub i64);

impl Score {
    pub fn parse(text: &str) -> Result<Self, RuleViolation> {
        let hundredths = parse_hundredths(text)?;
        if !(0..=10_000).contains(&hundredths) {
            return Err(RuleViolation::new(
                "score-range",
                format!("score '{text}' is not between 0 and 100"),
                format!("分数“{text}”应在0到100之间"),
            ));
        }
        Ok(Score(hundredths))
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_hundredths(self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_parses_up_to_two_places_and_prints_two() {
        assert_eq!(Money::parse("1234.56"), Ok(Money(123456)));
        assert_eq!(Money::parse("1234.5"), Ok(Money(123450)));
        assert_eq!(Money::parse("12"), Ok(Money(1200)));
        assert_eq!(Money::parse("-0.07"), Ok(Money(-7)));
        assert_eq!(Money(123456).to_string(), "1234.56");
        assert_eq!(Money(-7).to_string(), "-0.07");
        assert_eq!(Money(5).to_string(), "0.05");
        assert_eq!(Money(i64::MIN).to_string(), "-92233720368547758.08");
    }

    #[test]
    fn money_rejects_extra_places_floats_and_junk() {
        assert_eq!(Money::parse("1.234").unwrap_err().rule, "decimal-places");
        for bad in ["", "-", ".5", "1.", "1e3", "+1", "1,000", " 1", "1.2.3", "NaN", "١٢"] {
            assert_eq!(Money::parse(bad).unwrap_err().rule, "decimal-format", "{bad:?}");
        }
    }

    #[test]
    fn money_rejects_overflow() {
        assert_eq!(Money::parse("92233720368547758.07"), Ok(Money(i64::MAX)));
        assert_eq!(Money::parse("92233720368547758.08").unwrap_err().rule, "decimal-range");
        assert_eq!(Money::parse("99999999999999999999999").unwrap_err().rule, "decimal-range");
    }

    #[test]
    fn area_is_never_negative() {
        assert_eq!(Area::parse("12345.67"), Ok(Area(1234567)));
        assert_eq!(Area::parse("-1").unwrap_err().rule, "area-non-negative");
        assert_eq!(Area(1234567).to_string(), "12345.67");
    }

    #[test]
    fn scores_lie_between_zero_and_one_hundred() {
        assert_eq!(Score::parse("96.5"), Ok(Score(9650)));
        assert_eq!(Score::parse("100"), Ok(Score(10_000)));
        assert_eq!(Score::parse("0"), Ok(Score(0)));
        assert_eq!(Score::parse("100.01").unwrap_err().rule, "score-range");
        assert_eq!(Score::parse("-1").unwrap_err().rule, "score-range");
        assert_eq!(Score(9650).to_string(), "96.50");
    }
}
