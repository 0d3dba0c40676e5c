//! The arithmetic of maintenance funds over exact integers: the replenishment signal and what a disbursement may
//! take. The owners' votes on a usage or a replenishment are `domain::vote`'s, as every resolution's.

use super::InvalidField;
use super::text::optional;

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
