//! Tendering (county policy 四(一)8, 四(二)11, 四(三)7), with the rules of the law it follows:
//!
//! - 《前期物业管理招标投标管理暂行办法》art. 14: at least 20 days from issuing the documents to the bid deadline for a
//!   public tender ([`MIN_PUBLIC_TENDER_DAYS`]);
//! - 办法 art. 3 and 《物业管理条例》art. 24: fewer than three bidders, or a small estate, lets the county approve selection
//!   by agreement; a public tender with fewer than three bids at the opening fails ([`MIN_BIDS`]);
//! - 《招标投标法实施条例》art. 54: the first candidate is publicised at least 3 days before the award
//!   ([`PUBLICITY_DAYS`]);
//! - 办法 art. 39: the contract is signed within 30 days of the award ([`CONTRACT_DAYS`]).

use super::InvalidField;
use chrono::{Days, NaiveDate};
use entity::vocab::{TenderMethod, TenderStatus};

pub const MIN_PUBLIC_TENDER_DAYS: u64 = 20;
pub const MIN_BIDS: usize = 3;
pub const PUBLICITY_DAYS: u64 = 3;
pub const CONTRACT_DAYS: u64 = 30;

/// The dates of a tender: documents issued ≤ bid deadline ≤ opening; a public tender leaves at least 20 days to bid.
pub fn check_dates(
    method: TenderMethod,
    issued: NaiveDate,
    deadline: NaiveDate,
    opening: NaiveDate,
) -> Result<(), InvalidField> {
    if deadline < issued || opening < deadline {
        return Err(InvalidField::new(
            "bidDeadline",
            "tender-dates-in-order",
            "the documents are issued, then bids close, then they are opened",
            "须依次为发布招标文件、投标截止、开标",
        ));
    }
    if method == TenderMethod::PublicTender && deadline < issued + Days::new(MIN_PUBLIC_TENDER_DAYS) {
        return Err(InvalidField::new(
            "bidDeadline",
            "tender-20-days",
            format!(
                "a public tender leaves at least {MIN_PUBLIC_TENDER_DAYS} days from the documents to the bid deadline (办法 art. 14)"
            ),
            format!(
                "公开招标自发出招标文件至投标截止不得少于{MIN_PUBLIC_TENDER_DAYS}日（《前期物业管理招标投标管理暂行办法》第十四条）"
            ),
        ));
    }
    Ok(())
}

/// Whether a tender with `bids` fails at its opening: a public tender with fewer than three.
pub fn fails_at_opening(method: TenderMethod, bids: usize) -> bool {
    method == TenderMethod::PublicTender && bids < MIN_BIDS
}

/// The first day a candidate publicised on `publicized_on` may be awarded: after 3 full days of publicity.
pub fn award_from(publicized_on: NaiveDate) -> NaiveDate {
    publicized_on + Days::new(PUBLICITY_DAYS)
}

/// The last day to sign the contract on an award made on `awarded_on`.
pub fn contract_due(awarded_on: NaiveDate) -> NaiveDate {
    awarded_on + Days::new(CONTRACT_DAYS)
}

/// 逾期未签合同 Awarded, no contract, and past the 30 days.
pub fn contract_overdue(status: TenderStatus, awarded_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == TenderStatus::Awarded && awarded_on.is_some_and(|day| today > contract_due(day))
}

/// A bid's offer: more than nothing and not above the tender's ceiling; a team of at least one.
pub fn check_offer(fee: i64, ceiling: i64, team_size: i32) -> Result<(), InvalidField> {
    if fee <= 0 || fee > ceiling {
        return Err(InvalidField::new(
            "feePerSquareMeterMonth",
            "bid-within-ceiling",
            "the fee offered is more than 0 and not above the tender's ceiling",
            "报价须大于0且不高于招标最高限价",
        ));
    }
    if team_size < 1 {
        return Err(InvalidField::new("teamSize", "team-size", "a team has at least one member", "服务团队至少1人"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_public_tender_leaves_twenty_days_to_bid() {
        let public = TenderMethod::PublicTender;
        assert!(check_dates(public, day(3, 1), day(3, 21), day(3, 21)).is_ok());
        assert_eq!(
            check_dates(public, day(3, 1), day(3, 20), day(3, 22)).unwrap_err().violation.rule,
            "tender-20-days"
        );
        assert!(check_dates(TenderMethod::InvitedTender, day(3, 1), day(3, 10), day(3, 11)).is_ok());
        let disordered = check_dates(TenderMethod::ByAgreement, day(3, 1), day(3, 10), day(3, 9)).unwrap_err();
        assert_eq!(disordered.violation.rule, "tender-dates-in-order");
    }

    #[test]
    fn a_public_tender_fails_with_fewer_than_three_bids() {
        assert!(fails_at_opening(TenderMethod::PublicTender, 2));
        assert!(!fails_at_opening(TenderMethod::PublicTender, 3));
        assert!(!fails_at_opening(TenderMethod::InvitedTender, 2));
        assert!(!fails_at_opening(TenderMethod::ByAgreement, 1));
    }

    #[test]
    fn three_days_of_publicity_and_thirty_to_sign() {
        assert_eq!(award_from(day(3, 1)), day(3, 4));
        assert_eq!(contract_due(day(3, 4)), day(4, 3));
        assert!(!contract_overdue(TenderStatus::Awarded, Some(day(3, 4)), day(4, 3)));
        assert!(contract_overdue(TenderStatus::Awarded, Some(day(3, 4)), day(4, 4)));
        assert!(!contract_overdue(TenderStatus::Contracted, Some(day(3, 4)), day(5, 1)));
    }

    #[test]
    fn an_offer_is_within_the_ceiling() {
        assert!(check_offer(150, 150, 3).is_ok());
        assert_eq!(check_offer(151, 150, 3).unwrap_err().violation.rule, "bid-within-ceiling");
        assert_eq!(check_offer(0, 150, 3).unwrap_err().violation.rule, "bid-within-ceiling");
        assert_eq!(check_offer(100, 150, 0).unwrap_err().violation.rule, "team-size");
    }
}
