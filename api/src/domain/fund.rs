//! The arithmetic of maintenance funds over exact integers: owners' votes under 民法典 art. 278 and the
//! replenishment signal. No floating point is compared anywhere: every threshold is a cross-multiplication.

use super::InvalidField;
use super::text::optional;

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

    /// Using the fund (art. 278 (5)): participation met, and more than half of the participating area and more
    /// than half of the participating owners agreed.
    pub fn adopts_usage(&self) -> bool {
        self.participation_met()
            && more_than_half(self.aye_area, self.participating_area)
            && more_than_half(self.aye_owners, self.participating_owners)
    }

    /// Raising the fund (art. 278 (6)): participation met, and at least 3/4 of the participating area and at least
    /// 3/4 of the participating owners agreed.
    pub fn adopts_replenishment(&self) -> bool {
        self.participation_met()
            && at_least(self.aye_area, 3, 4, self.participating_area)
            && at_least(self.aye_owners, 3, 4, self.participating_owners)
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

/// The share of the initial deposit below which an estate's balance signals that a replenishment is due: 30% by
/// default, the estate-level reading of 令165 art. 17's per-household rule (county policy 四(二)13). A signal, not
/// a gate: a town may propose a replenishment above it, with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplenishmentSignal {
    pub percent: u8,
}

impl Default for ReplenishmentSignal {
    fn default() -> Self {
        ReplenishmentSignal { percent: 30 }
    }
}

impl ReplenishmentSignal {
    /// Whether a balance is below the signal.
    pub fn raised(self, balance: i64, initial_deposit: i64) -> bool {
        initial_deposit > 0 && i128::from(balance) * 100 < i128::from(initial_deposit) * i128::from(self.percent)
    }

    /// A proposal on a balance the signal does not flag gives its reason (returned, trimmed); below the signal the
    /// reason is optional.
    pub fn check_proposal(
        self,
        balance: i64,
        initial_deposit: i64,
        reason: Option<&str>,
    ) -> Result<Option<String>, InvalidField> {
        let reason = optional("reason", reason)?;
        if reason.is_none() && !self.raised(balance, initial_deposit) {
            let percent = self.percent;
            return Err(InvalidField::new(
                "reason",
                "replenishment-reason",
                format!(
                    "the balance is not below {percent}% of the initial deposit: a replenishment proposed above the signal gives its reason"
                ),
                format!("资金余额未低于首期交存额的{percent}%：在此之上提出续筹的，应说明理由"),
            ));
        }
        Ok(reason)
    }
}

/// A disbursement must be positive and fit both the approved budget and the balance.
pub fn check_disbursement(amount: i64, budget: i64, balance: i64) -> Result<(), InvalidField> {
    if amount <= 0 {
        return Err(InvalidField::new("amount", "positive", "the amount must be positive", "金额应大于零"));
    }
    if amount > budget {
        let message = format!("the amount exceeds the approved budget of {budget} fen");
        return Err(InvalidField::new("amount", "within-budget", message, "拨付金额超出批准的预算"));
    }
    if amount > balance {
        let message = format!("the amount exceeds the fund's balance of {balance} fen");
        return Err(InvalidField::new("amount", "within-balance", message, "拨付金额超出资金余额"));
    }
    Ok(())
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
    fn the_replenishment_signal_is_below_thirty_percent() {
        let signal = ReplenishmentSignal::default();
        assert!(!signal.raised(30_000, 100_000), "exactly 30%");
        assert!(signal.raised(29_999, 100_000));
        assert!(!signal.raised(0, 0), "no initial deposit, no signal");
        let forty = ReplenishmentSignal { percent: 40 };
        assert!(forty.raised(39_999, 100_000) && !forty.raised(40_000, 100_000), "the county's own setting");
    }

    #[test]
    fn a_replenishment_above_the_signal_gives_its_reason() {
        let signal = ReplenishmentSignal::default();
        assert_eq!(signal.check_proposal(29_999, 100_000, None).unwrap(), None, "below: no reason needed");
        let above = signal.check_proposal(30_000, 100_000, Some("  ")).unwrap_err();
        assert_eq!((above.violation.rule, above.field.as_str()), ("replenishment-reason", "reason"));
        let reason = signal.check_proposal(80_000, 100_000, Some(" 电梯更新在即 ")).unwrap();
        assert_eq!(reason.as_deref(), Some("电梯更新在即"));
    }

    #[test]
    fn disbursements_fit_budget_and_balance() {
        assert!(check_disbursement(500, 500, 500).is_ok());
        assert_eq!(check_disbursement(501, 500, 1_000).unwrap_err().violation.rule, "within-budget");
        assert_eq!(check_disbursement(500, 1_000, 499).unwrap_err().violation.rule, "within-balance");
        assert_eq!(check_disbursement(0, 1_000, 1_000).unwrap_err().violation.rule, "positive");
    }
}
