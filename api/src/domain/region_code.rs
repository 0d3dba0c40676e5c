//! Shapes of region codes: a county has the 6-digit GB/T 2260 code, a town the 9-digit statistical code that
//! extends its county's, a community the 12-digit code that extends its town's.

use super::RuleViolation;

/// The tier a region code belongs to, told by its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionTier {
    County,
    Town,
    Community,
}

impl RegionTier {
    pub fn digits(self) -> usize {
        match self {
            RegionTier::County => 6,
            RegionTier::Town => 9,
            RegionTier::Community => 12,
        }
    }

    /// The tier of a well-formed code, if any.
    pub fn of(code: &str) -> Option<Self> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        [RegionTier::County, RegionTier::Town, RegionTier::Community].into_iter().find(|t| t.digits() == code.len())
    }
}

/// Checks that `code` is a code of `tier` and, when a parent code is given, that it extends the parent's.
pub fn check(tier: RegionTier, code: &str, parent: Option<&str>) -> Result<(), RuleViolation> {
    if RegionTier::of(code) != Some(tier) {
        return Err(RuleViolation::new(
            "region-code-shape",
            format!("'{code}' is not a {}-digit {tier:?} code", tier.digits()),
            format!("“{code}”不是{}位的区划代码", tier.digits()),
        ));
    }
    if let Some(parent) = parent.filter(|p| !code.starts_with(*p)) {
        return Err(RuleViolation::new(
            "region-code-parent",
            format!("'{code}' does not lie within '{parent}'"),
            format!("“{code}”不属于“{parent}”"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_told_by_length() {
        assert_eq!(RegionTier::of("340621"), Some(RegionTier::County));
        assert_eq!(RegionTier::of("340621100"), Some(RegionTier::Town));
        assert_eq!(RegionTier::of("340621100001"), Some(RegionTier::Community));
        assert_eq!(RegionTier::of("34062"), None);
        assert_eq!(RegionTier::of("34062a"), None);
    }

    #[test]
    fn a_code_must_extend_its_parent() {
        assert!(check(RegionTier::Town, "340621100", Some("340621")).is_ok());
        assert_eq!(check(RegionTier::Town, "340622100", Some("340621")).unwrap_err().rule, "region-code-parent");
        assert_eq!(check(RegionTier::Community, "340621100", None).unwrap_err().rule, "region-code-shape");
    }
}
