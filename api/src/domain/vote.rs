//! Owners' votes under 民法典 art. 278, over exact integers: one function decides every resolution of an assembly,
//! and the votes on a fund usage or a replenishment. No floating point is compared anywhere: every threshold is a
//! cross-multiplication.
//!
//! Art. 278 para. 2: a decision needs the participation of owners holding at least 2/3 of the private area and at
//! least 2/3 of the owners; matters (6) raising the maintenance fund, (7) altering or rebuilding and (8) changing
//! the use of common parts or using them for business need the consent of at least 3/4 of the participating area
//! and of the participating owners; every other matter (using the fund, (5), among them) more than half of each.

use super::InvalidField;
use entity::vocab::{AssemblyMatter, ResolutionOutcome};

/// The consent a matter needs of those who took part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// More than half of the participating area and more than half of the participating owners.
    MoreThanHalf,
    /// At least 3/4 of the participating area and at least 3/4 of the participating owners.
    ThreeQuarters,
}

impl Threshold {
    /// The consent art. 278 para. 2 asks for `matter`: 3/4 for (6), (7) and (8), more than half for the rest.
    pub fn of(matter: AssemblyMatter) -> Threshold {
        match matter {
            AssemblyMatter::RaiseFund | AssemblyMatter::Rebuild | AssemblyMatter::CommonPartsUse => {
                Threshold::ThreeQuarters
            }
            AssemblyMatter::RulesOfProcedure
            | AssemblyMatter::ManagementStatute
            | AssemblyMatter::ElectCommittee
            | AssemblyMatter::EngageManager
            | AssemblyMatter::UseFund
            | AssemblyMatter::OtherMajor
            | AssemblyMatter::Other => Threshold::MoreThanHalf,
        }
    }
}

/// An owners' vote, with its own denominators: the private area (hundredths of m²) and the owners within the scope
/// of the matter, as counted for this vote — not the estate's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vote {
    pub scope_area: i64,
    pub scope_owners: i64,
    pub participating_area: i64,
    pub participating_owners: i64,
    pub aye_area: i64,
    pub aye_owners: i64,
}

impl Vote {
    /// The figures make sense: a scope with area and owners, and 0 ≤ ayes ≤ participants ≤ scope, by area and by
    /// head.
    pub fn check(&self) -> Result<(), InvalidField> {
        if self.scope_area <= 0 || self.scope_owners <= 0 {
            let message = "a vote's scope has a private area and owners";
            return Err(InvalidField::new("vote", "vote-scope", message, "表决范围应有专有部分面积和业主人数"));
        }
        let fits = |part: i64, whole: i64| (0..=whole).contains(&part);
        let consistent = fits(self.participating_area, self.scope_area)
            && fits(self.participating_owners, self.scope_owners)
            && fits(self.aye_area, self.participating_area)
            && fits(self.aye_owners, self.participating_owners);
        if !consistent {
            let message = "ayes cannot exceed participants, nor participants the scope, by area or by head";
            let zh = "同意的不能多于参与表决的，参与表决的不能多于表决范围，面积和人数均如此";
            return Err(InvalidField::new("vote", "vote-figures", message, zh));
        }
        Ok(())
    }

    /// Owners holding at least 2/3 of the private area and at least 2/3 of the owners took part (民法典 art. 278
    /// para. 2).
    pub fn participation_met(&self) -> bool {
        at_least(self.participating_area, 2, 3, self.scope_area)
            && at_least(self.participating_owners, 2, 3, self.scope_owners)
    }

    /// What the vote decided on a matter that needs `threshold`: NOT_QUORATE unless the participation was met,
    /// then ADOPTED or REJECTED by the consent of those who took part.
    pub fn outcome(&self, threshold: Threshold) -> ResolutionOutcome {
        if !self.participation_met() {
            return ResolutionOutcome::NotQuorate;
        }
        let consent = match threshold {
            Threshold::MoreThanHalf => {
                more_than_half(self.aye_area, self.participating_area)
                    && more_than_half(self.aye_owners, self.participating_owners)
            }
            Threshold::ThreeQuarters => {
                at_least(self.aye_area, 3, 4, self.participating_area)
                    && at_least(self.aye_owners, 3, 4, self.participating_owners)
            }
        };
        if consent { ResolutionOutcome::Adopted } else { ResolutionOutcome::Rejected }
    }

    /// Using the fund (art. 278 (5)): adopted by more than half.
    pub fn adopts_usage(&self) -> bool {
        self.outcome(Threshold::of(AssemblyMatter::UseFund)) == ResolutionOutcome::Adopted
    }

    /// Raising the fund (art. 278 (6)): adopted by 3/4.
    pub fn adopts_replenishment(&self) -> bool {
        self.outcome(Threshold::of(AssemblyMatter::RaiseFund)) == ResolutionOutcome::Adopted
    }
}

/// `part ≥ numerator/denominator × whole`, exactly.
fn at_least(part: i64, numerator: i64, denominator: i64, whole: i64) -> bool {
    i128::from(part) * i128::from(denominator) >= i128::from(numerator) * i128::from(whole)
}

/// `part > whole / 2`, exactly.
fn more_than_half(part: i64, whole: i64) -> bool {
    i128::from(part) * 2 > i128::from(whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scope of 300 m² (in hundredths) and 30 owners, with the given participants and ayes.
    fn vote(participating: (i64, i64), ayes: (i64, i64)) -> Vote {
        Vote {
            scope_area: 30_000,
            scope_owners: 30,
            participating_area: participating.0,
            participating_owners: participating.1,
            aye_area: ayes.0,
            aye_owners: ayes.1,
        }
    }

    #[test]
    fn participation_needs_two_thirds_of_area_and_of_owners_exactly() {
        assert!(vote((20_000, 20), (0, 0)).participation_met(), "exactly 2/3 of both");
        assert!(!vote((19_999, 20), (0, 0)).participation_met(), "area one hundredth short");
        assert!(!vote((20_000, 19), (0, 0)).participation_met(), "one owner short");
        assert!(vote((30_000, 30), (0, 0)).participation_met());
    }

    #[test]
    fn a_usage_needs_more_than_half_of_participating_area_and_owners() {
        assert!(!vote((20_000, 20), (10_000, 11)).adopts_usage(), "area exactly half");
        assert!(vote((20_000, 20), (10_001, 11)).adopts_usage(), "area one over half");
        assert!(!vote((20_000, 20), (12_000, 10)).adopts_usage(), "owners exactly half");
        assert!(vote((20_000, 20), (12_000, 11)).adopts_usage(), "owners one over half");
        assert!(!vote((19_999, 20), (19_999, 20)).adopts_usage(), "unanimous but too few took part");
    }

    #[test]
    fn a_replenishment_needs_three_quarters_of_participating_area_and_owners() {
        assert!(vote((20_000, 20), (15_000, 15)).adopts_replenishment(), "exactly 3/4 of both");
        assert!(!vote((20_000, 20), (14_999, 15)).adopts_replenishment(), "area one hundredth short");
        assert!(!vote((20_000, 20), (15_000, 14)).adopts_replenishment(), "one owner short");
    }

    #[test]
    fn vote_figures_must_nest() {
        assert!(vote((20_000, 20), (15_000, 15)).check().is_ok());
        assert_eq!(vote((30_001, 20), (0, 0)).check().unwrap_err().violation.rule, "vote-figures");
        assert_eq!(vote((20_000, 20), (20_001, 1)).check().unwrap_err().violation.rule, "vote-figures");
        assert_eq!(vote((20_000, 20), (-1, 1)).check().unwrap_err().violation.rule, "vote-figures");
        let empty = Vote { scope_area: 0, ..vote((0, 0), (0, 0)) };
        assert_eq!(empty.check().unwrap_err().violation.rule, "vote-scope");
    }

    #[test]
    fn each_matter_of_article_278_has_its_threshold() {
        let three_quarters = [AssemblyMatter::RaiseFund, AssemblyMatter::Rebuild, AssemblyMatter::CommonPartsUse];
        for (matter, ..) in <AssemblyMatter as entity::vocab::Vocabulary>::entries() {
            let expected =
                if three_quarters.contains(matter) { Threshold::ThreeQuarters } else { Threshold::MoreThanHalf };
            assert_eq!(Threshold::of(*matter), expected, "{matter:?}");
        }
    }

    #[test]
    fn the_outcome_tells_a_rejection_from_too_few_taking_part() {
        assert_eq!(vote((20_000, 20), (10_001, 11)).outcome(Threshold::MoreThanHalf), ResolutionOutcome::Adopted);
        assert_eq!(vote((20_000, 20), (10_001, 11)).outcome(Threshold::ThreeQuarters), ResolutionOutcome::Rejected);
        assert_eq!(vote((19_999, 20), (19_999, 20)).outcome(Threshold::MoreThanHalf), ResolutionOutcome::NotQuorate);
        assert_eq!(vote((20_000, 19), (20_000, 19)).outcome(Threshold::ThreeQuarters), ResolutionOutcome::NotQuorate);
    }
}
