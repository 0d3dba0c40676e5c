//! Composition rules of estate committees (the county policy §三(二); for owners' committees,
//! 业主大会和业主委员会指导规则).
//!
//! A management committee (物业管理委员会), formed by the town: at least 7 members and an odd number; owner
//! representatives at least half; Party members at least half; exactly one chair, from the community Party
//! organisation. An owners' committee (业主委员会): 5 to 11 members, odd.

use super::{InvalidField, RuleViolation};
use chrono::{Days, Months, NaiveDate};
use entity::vocab::CommitteeStatus;

/// Days within which an owners' committee is to be filed after its election (物业管理条例 art. 16).
pub const OWNERS_COMMITTEE_FILING_DAYS: i64 = 30;

/// Whether an owners' committee elected on `elected_on` was filed late: filed, or still unfiled `today`, more than
/// 30 days after the election.
pub fn is_filing_late(elected_on: NaiveDate, filed_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    (filed_on.unwrap_or(today) - elected_on).num_days() > OWNERS_COMMITTEE_FILING_DAYS
}

/// An owners' committee serves a term of at most 5 years (指导规则 art. 33).
pub const OWNERS_COMMITTEE_TERM_YEARS: u32 = 5;

/// The re-election is organised before the term ends: it falls due this many months before the last day.
pub const REELECTION_NOTICE_MONTHS: u32 = 3;

/// The last day of the longest term an owners' committee elected on `elected_on` may serve: the day before the
/// fifth anniversary of its election.
pub fn longest_term_end(elected_on: NaiveDate) -> NaiveDate {
    let anniversary =
        elected_on.checked_add_months(Months::new(12 * OWNERS_COMMITTEE_TERM_YEARS)).unwrap_or(elected_on);
    anniversary.checked_sub_days(Days::new(1)).unwrap_or(anniversary)
}

/// An owners' committee's last day of term: `term_end` when given (on or after the election, at most 5 years), or
/// the longest term.
pub fn owners_committee_term_end(
    elected_on: NaiveDate,
    term_end: Option<NaiveDate>,
) -> Result<NaiveDate, InvalidField> {
    let longest = longest_term_end(elected_on);
    match term_end {
        None => Ok(longest),
        Some(end) if end >= elected_on && end <= longest => Ok(end),
        Some(end) => Err(InvalidField::new(
            "termEndsOn",
            "committee-term",
            format!(
                "an owners' committee's term ends within 5 years of its election ({elected_on} to {longest}), not on {end}"
            ),
            format!("业主委员会任期自选举之日起不超过5年（{elected_on}至{longest}），不能至{end}"),
        )),
    }
}

/// The day the re-election falls due: three months before the last day of the term.
pub fn reelection_due_on(term_end: NaiveDate) -> NaiveDate {
    term_end.checked_sub_months(Months::new(REELECTION_NOTICE_MONTHS)).unwrap_or(term_end)
}

/// A committee's status on `today` from what is stored: DISSOLVED once dissolved; an active one NOT_FUNCTIONING while
/// the town finds it does not work, TERM_EXPIRED past the last day of its term, ACTIVE otherwise.
pub fn standing(
    stored: CommitteeStatus,
    term_end: Option<NaiveDate>,
    not_functioning: bool,
    today: NaiveDate,
) -> CommitteeStatus {
    match stored {
        CommitteeStatus::Active if not_functioning => CommitteeStatus::NotFunctioning,
        CommitteeStatus::Active if term_end.is_some_and(|end| end < today) => CommitteeStatus::TermExpired,
        stored => stored,
    }
}

/// Whether an active committee is due for re-election on `today`: from three months before its last day to that day.
pub fn reelection_due(term_end: Option<NaiveDate>, today: NaiveDate) -> bool {
    term_end.is_some_and(|end| reelection_due_on(end) <= today && today <= end)
}

/// Whether a member who joined on `joined_on` (and left on `left_on`, the first day off the committee) sits on `day`,
/// or, with no day, sits now.
pub fn sits(joined_on: NaiveDate, left_on: Option<NaiveDate>, day: Option<NaiveDate>) -> bool {
    match day {
        None => left_on.is_none(),
        Some(day) => joined_on <= day && left_on.is_none_or(|left| day < left),
    }
}

/// What the rules need to know of one seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seat {
    pub is_chair: bool,
    pub from_community_party_org: bool,
    pub is_owner_representative: bool,
    pub is_party_member: bool,
}

fn odd(count: usize, rule: &'static str) -> Result<(), RuleViolation> {
    if count.is_multiple_of(2) {
        return Err(RuleViolation::new(
            rule,
            format!("a committee has an odd number of members, not {count}"),
            format!("委员会成员人数应为单数，不能是{count}人"),
        ));
    }
    Ok(())
}

fn at_least_half(
    count: usize,
    total: usize,
    rule: &'static str,
    what: &str,
    what_zh: &str,
) -> Result<(), RuleViolation> {
    if count * 2 < total {
        return Err(RuleViolation::new(
            rule,
            format!("{what} must be at least half of the members: {count} of {total}"),
            format!("{what_zh}应不少于成员的一半：现为{total}人中{count}人"),
        ));
    }
    Ok(())
}

fn one_chair(seats: &[Seat]) -> Result<&Seat, RuleViolation> {
    let chairs: Vec<&Seat> = seats.iter().filter(|s| s.is_chair).collect();
    match chairs.as_slice() {
        [chair] => Ok(chair),
        _ => Err(RuleViolation::new(
            "committee-one-chair",
            format!("a committee has exactly one chair, not {}", chairs.len()),
            format!("委员会应有且只有一名主任，现为{}名", chairs.len()),
        )),
    }
}

/// Checks a management committee's members.
pub fn check_management_committee(seats: &[Seat]) -> Result<(), RuleViolation> {
    let total = seats.len();
    if total < 7 {
        return Err(RuleViolation::new(
            "management-committee-size",
            format!("a management committee has at least 7 members, not {total}"),
            format!("物业管理委员会成员应不少于7人，现为{total}人"),
        ));
    }
    odd(total, "management-committee-odd")?;
    let owners = seats.iter().filter(|s| s.is_owner_representative).count();
    at_least_half(owners, total, "management-committee-owner-representatives", "owner representatives", "业主代表")?;
    let party = seats.iter().filter(|s| s.is_party_member).count();
    at_least_half(party, total, "management-committee-party-members", "Party members", "党员")?;
    let chair = one_chair(seats)?;
    if !chair.from_community_party_org {
        return Err(RuleViolation::new(
            "management-committee-chair-affiliation",
            "the chair of a management committee comes from the community Party organisation",
            "物业管理委员会主任应由社区党组织人员担任",
        ));
    }
    // Who comes from the community's Party organisation is a Party member (三(二)).
    if !chair.is_party_member {
        return Err(RuleViolation::new(
            "management-committee-chair-party-member",
            "the chair comes from the community Party organisation, so is a Party member (county policy 三(二))",
            "物业管理委员会主任由社区党组织人员担任，应为党员（县政府意见三(二)）",
        ));
    }
    Ok(())
}

/// Checks an owners' committee's members.
pub fn check_owners_committee(seats: &[Seat]) -> Result<(), RuleViolation> {
    let total = seats.len();
    if !(5..=11).contains(&total) {
        return Err(RuleViolation::new(
            "owners-committee-size",
            format!("an owners' committee has 5 to 11 members, not {total}"),
            format!("业主委员会成员应为5至11人，现为{total}人"),
        ));
    }
    odd(total, "owners-committee-odd")?;
    one_chair(seats)?;
    Ok(())
}

/// Whether an estate's committees, each serving from the day it was formed to the day it was dissolved (or to this
/// day), have covered every day from `since` to `today` without a gap: "has had a committee since the deadline".
pub fn covered_since(terms: &[(NaiveDate, Option<NaiveDate>)], since: NaiveDate, today: NaiveDate) -> bool {
    let mut terms = terms.to_vec();
    terms.sort();
    // The first day not yet known to be covered.
    let mut uncovered = since;
    for (formed, dissolved) in terms {
        if formed > uncovered {
            break;
        }
        match dissolved {
            None => return true,
            Some(last) => uncovered = uncovered.max(last.succ_opt().unwrap_or(last)),
        }
    }
    uncovered > today
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn an_owners_committee_serves_at_most_five_years() {
        assert_eq!(longest_term_end(day("2024-03-01")), day("2029-02-28"));
        assert_eq!(
            longest_term_end(day("2024-02-29")),
            day("2029-02-27"),
            "no 29 February in 2029: the 28th is the anniversary"
        );
        assert_eq!(owners_committee_term_end(day("2024-03-01"), None), Ok(day("2029-02-28")));
        assert_eq!(owners_committee_term_end(day("2024-03-01"), Some(day("2027-02-28"))), Ok(day("2027-02-28")));
        let too_long = owners_committee_term_end(day("2024-03-01"), Some(day("2029-03-01")));
        assert_eq!(too_long.unwrap_err().violation.rule, "committee-term");
        assert!(owners_committee_term_end(day("2024-03-01"), Some(day("2024-02-29"))).is_err(), "before the election");
    }

    #[test]
    fn the_reelection_falls_due_three_months_before_the_term_ends() {
        assert_eq!(reelection_due_on(day("2029-02-28")), day("2028-11-28"));
        assert_eq!(reelection_due_on(day("2029-05-31")), day("2029-02-28"), "no 31 February: the month's last day");
        assert!(!reelection_due(Some(day("2029-02-28")), day("2028-11-27")));
        assert!(reelection_due(Some(day("2029-02-28")), day("2028-11-28")));
        assert!(reelection_due(Some(day("2029-02-28")), day("2029-02-28")));
        assert!(!reelection_due(Some(day("2029-02-28")), day("2029-03-01")), "expired, no longer due");
        assert!(!reelection_due(None, day("2029-03-01")));
    }

    #[test]
    fn a_member_sits_from_the_day_joined_to_the_day_before_leaving() {
        let (joined, left) = (day("2025-01-10"), Some(day("2026-03-01")));
        assert!(!sits(joined, left, Some(day("2025-01-09"))));
        assert!(sits(joined, left, Some(day("2025-01-10"))));
        assert!(sits(joined, left, Some(day("2026-02-28"))));
        assert!(!sits(joined, left, Some(day("2026-03-01"))), "off the committee on the day left");
        assert!(!sits(joined, left, None) && sits(joined, None, None), "now: only who has not left");
    }

    #[test]
    fn standing_reads_the_stored_status_with_the_day() {
        use CommitteeStatus::{Active, Dissolved, NotFunctioning, TermExpired};
        let end = Some(day("2029-02-28"));
        assert_eq!(standing(Active, end, false, day("2029-02-28")), Active);
        assert_eq!(standing(Active, end, false, day("2029-03-01")), TermExpired);
        assert_eq!(standing(Active, end, true, day("2029-03-01")), NotFunctioning);
        assert_eq!(standing(Active, None, false, day("2099-01-01")), Active);
        assert_eq!(standing(Dissolved, end, true, day("2029-03-01")), Dissolved);
    }

    fn seat(owner: bool, party: bool) -> Seat {
        Seat { is_owner_representative: owner, is_party_member: party, ..Seat::default() }
    }

    /// A valid committee of `n` (odd, ≥ 7): a Party-organisation chair, then alternating seats.
    fn valid(n: usize) -> Vec<Seat> {
        let mut seats =
            vec![Seat { is_chair: true, from_community_party_org: true, is_party_member: true, ..Seat::default() }];
        seats.extend((1..n).map(|i| seat(true, i % 2 == 0)));
        seats
    }

    #[test]
    fn a_valid_management_committee_passes() {
        assert_eq!(check_management_committee(&valid(7)), Ok(()));
        assert_eq!(check_management_committee(&valid(9)), Ok(()));
    }

    #[test]
    fn size_must_be_at_least_seven_and_odd() {
        assert_eq!(check_management_committee(&valid(7)[..6]).unwrap_err().rule, "management-committee-size");
        let mut eight = valid(9);
        eight.pop();
        assert_eq!(check_management_committee(&eight).unwrap_err().rule, "management-committee-odd");
    }

    #[test]
    fn owner_representatives_and_party_members_are_at_least_half() {
        let mut seats = valid(7);
        for s in &mut seats[1..4] {
            s.is_owner_representative = false;
        }
        // 3 of 7 owner representatives.
        assert_eq!(check_management_committee(&seats).unwrap_err().rule, "management-committee-owner-representatives");
        let mut seats = valid(7);
        for s in &mut seats {
            s.is_party_member = false;
        }
        seats[0].is_party_member = true;
        assert_eq!(check_management_committee(&seats).unwrap_err().rule, "management-committee-party-members");
    }

    #[test]
    fn the_chair_from_the_party_organisation_is_a_party_member() {
        let mut seats = valid(7);
        seats[0].is_party_member = false;
        // Another member keeps Party members at half, so only the chair's rule is broken.
        seats[1].is_party_member = true;
        let error = check_management_committee(&seats).unwrap_err();
        assert_eq!(error.rule, "management-committee-chair-party-member");
        seats[0].is_party_member = true;
        assert!(check_management_committee(&seats).is_ok());
    }

    #[test]
    fn exactly_one_chair_from_the_party_organisation() {
        let mut seats = valid(7);
        seats[0].from_community_party_org = false;
        assert_eq!(check_management_committee(&seats).unwrap_err().rule, "management-committee-chair-affiliation");
        let mut seats = valid(7);
        seats[1].is_chair = true;
        assert_eq!(check_management_committee(&seats).unwrap_err().rule, "committee-one-chair");
        let mut seats = valid(7);
        seats[0].is_chair = false;
        assert_eq!(check_management_committee(&seats).unwrap_err().rule, "committee-one-chair");
    }

    #[test]
    fn filing_more_than_thirty_days_after_election_is_late() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        assert!(!is_filing_late(day(1), Some(day(31)), day(31)));
        assert!(is_filing_late(day(1), None, NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()));
        assert!(!is_filing_late(day(1), None, day(20)));
    }

    #[test]
    fn owners_committee_has_five_to_eleven_odd() {
        let chair = Seat { is_chair: true, ..Seat::default() };
        let committee = |n: usize| {
            let mut seats = vec![chair];
            seats.extend((1..n).map(|_| Seat::default()));
            seats
        };
        assert_eq!(check_owners_committee(&committee(5)), Ok(()));
        assert_eq!(check_owners_committee(&committee(11)), Ok(()));
        assert_eq!(check_owners_committee(&committee(3)).unwrap_err().rule, "owners-committee-size");
        assert_eq!(check_owners_committee(&committee(13)).unwrap_err().rule, "owners-committee-size");
        assert_eq!(check_owners_committee(&committee(6)).unwrap_err().rule, "owners-committee-odd");
    }

    #[test]
    fn committees_cover_an_estate_from_the_deadline_without_a_gap() {
        let day = |m, d| NaiveDate::from_ymd_opt(2021, m, d).unwrap();
        let (deadline, today) = (day(11, 30), day(12, 31));
        assert!(covered_since(&[(day(11, 1), None)], deadline, today), "formed before, still serving");
        assert!(!covered_since(&[(day(12, 1), None)], deadline, today), "formed a day late");
        assert!(!covered_since(&[], deadline, today), "never formed");
        // A management committee dissolved the day the owners' committee took over: no gap.
        assert!(covered_since(&[(day(12, 10), None), (day(11, 1), Some(day(12, 10)))], deadline, today));
        assert!(covered_since(&[(day(11, 1), Some(day(12, 9))), (day(12, 10), None)], deadline, today));
        assert!(!covered_since(&[(day(11, 1), Some(day(12, 8))), (day(12, 10), None)], deadline, today), "a gap");
        assert!(!covered_since(&[(day(11, 1), Some(day(12, 20)))], deadline, today), "dissolved, none since");
    }
}
