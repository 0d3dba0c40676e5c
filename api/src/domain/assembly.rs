//! Owners' assemblies (《业主大会和业主委员会指导规则》; county policy 四(二)2): the preparatory group of the first
//! meeting, a meeting's figures, and its resolutions. Each resolution's outcome is `domain::vote`'s.

use super::vote::{Threshold, Vote};
use super::{InvalidField, RuleViolation};
use chrono::NaiveDate;
use entity::vocab::{AssemblyMatter, CorrectionStatus, PreparatoryMemberKind, ResolutionOutcome};

/// At most this many resolutions in one meeting.
pub const MAX_RESOLUTIONS: usize = 50;

/// Checks a preparatory group's members, each (whom it stands for, whether it chairs): owners' representatives at
/// least half of the members, and exactly one chair, from the town (指导规则 art. 9: the town chairs the group).
pub fn check_preparatory_group(members: &[(PreparatoryMemberKind, bool)]) -> Result<(), RuleViolation> {
    let total = members.len();
    let owners = members.iter().filter(|(kind, _)| *kind == PreparatoryMemberKind::OwnerRepresentative).count();
    if total == 0 || owners * 2 < total {
        return Err(RuleViolation::new(
            "preparatory-group-owner-representatives",
            format!("owners' representatives must be at least half of the preparatory group: {owners} of {total}"),
            format!("筹备组中业主代表应不少于成员的一半：现为{total}人中{owners}人"),
        ));
    }
    let chairs: Vec<PreparatoryMemberKind> =
        members.iter().filter(|(_, chair)| *chair).map(|(kind, _)| *kind).collect();
    if chairs != [PreparatoryMemberKind::Town] {
        return Err(RuleViolation::new(
            "preparatory-group-chair",
            "a preparatory group has exactly one chair, from the town",
            "筹备组应有且只有一名组长，由镇（园区、街道）人员担任",
        ));
    }
    Ok(())
}

/// A meeting's denominators: the estate's private area (hundredths of m²) and its owners, both positive.
pub fn check_denominators(total_area: i64, total_owners: i64) -> Result<(), InvalidField> {
    if total_area <= 0 || total_owners <= 0 {
        return Err(InvalidField::new(
            "totalArea",
            "vote-scope",
            "a meeting counts the estate's private area and owners, both positive",
            "会议应载明小区专有部分总面积和业主总人数，均应大于零",
        ));
    }
    Ok(())
}

/// What one resolution's figures decide on its matter, over the meeting's denominators; BAD_USER_INPUT when the
/// figures do not nest.
pub fn decide(matter: AssemblyMatter, vote: &Vote) -> Result<ResolutionOutcome, InvalidField> {
    vote.check()?;
    Ok(vote.outcome(Threshold::of(matter)))
}

/// Between 1 and [`MAX_RESOLUTIONS`] resolutions.
pub fn check_resolution_count(count: usize) -> Result<(), InvalidField> {
    if !(1..=MAX_RESOLUTIONS).contains(&count) {
        return Err(InvalidField::new(
            "resolutions",
            "resolution-count",
            format!("a meeting records 1 to {MAX_RESOLUTIONS} resolutions, not {count}"),
            format!("每次会议记录1至{MAX_RESOLUTIONS}项决定，现为{count}项"),
        ));
    }
    Ok(())
}

/// Whether a correction order is overdue on `today`: issued, not reported, and past its deadline.
pub fn correction_overdue(status: CorrectionStatus, deadline: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == CorrectionStatus::Issued && deadline.is_some_and(|deadline| today > deadline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PreparatoryMemberKind::{Community, Developer, OwnerRepresentative, Town};

    #[test]
    fn a_preparatory_group_is_half_owners_and_chaired_by_the_town() {
        let group = [(Town, true), (Community, false), (Developer, false), (OwnerRepresentative, false)];
        assert!(check_preparatory_group(&group[..3]).is_err(), "no owners");
        let mut with_owners = group.to_vec();
        with_owners.push((OwnerRepresentative, false));
        with_owners.push((OwnerRepresentative, false));
        assert_eq!(
            check_preparatory_group(&with_owners[..5]).unwrap_err().rule,
            "preparatory-group-owner-representatives"
        );
        assert_eq!(check_preparatory_group(&with_owners), Ok(()), "3 of 6: exactly half");
        let mut chaired_by_owner = with_owners.clone();
        chaired_by_owner[0].1 = false;
        chaired_by_owner[3].1 = true;
        assert_eq!(check_preparatory_group(&chaired_by_owner).unwrap_err().rule, "preparatory-group-chair");
        let mut two_chairs = with_owners;
        two_chairs[1].1 = true;
        assert_eq!(check_preparatory_group(&two_chairs).unwrap_err().rule, "preparatory-group-chair");
        assert!(check_preparatory_group(&[]).is_err());
    }

    #[test]
    fn a_resolution_is_decided_by_its_matters_threshold() {
        let vote = |aye_area, aye_owners| Vote {
            scope_area: 30_000,
            scope_owners: 30,
            participating_area: 20_000,
            participating_owners: 20,
            aye_area,
            aye_owners,
        };
        assert_eq!(decide(AssemblyMatter::UseFund, &vote(10_001, 11)), Ok(ResolutionOutcome::Adopted));
        assert_eq!(decide(AssemblyMatter::RaiseFund, &vote(10_001, 11)), Ok(ResolutionOutcome::Rejected));
        assert_eq!(decide(AssemblyMatter::Rebuild, &vote(15_000, 15)), Ok(ResolutionOutcome::Adopted));
        assert_eq!(decide(AssemblyMatter::Other, &vote(20_001, 20)).unwrap_err().violation.rule, "vote-figures");
    }

    #[test]
    fn an_order_is_overdue_the_day_after_its_deadline_until_reported() {
        let deadline = Some("2026-06-30".parse().unwrap());
        let (on, after) = ("2026-06-30".parse().unwrap(), "2026-07-01".parse().unwrap());
        assert!(!correction_overdue(CorrectionStatus::Issued, deadline, on));
        assert!(correction_overdue(CorrectionStatus::Issued, deadline, after));
        assert!(!correction_overdue(CorrectionStatus::Reported, deadline, after));
        assert!(!correction_overdue(CorrectionStatus::Revoked, None, after), "a revocation has no deadline");
    }

    #[test]
    fn a_meeting_has_denominators_and_one_to_fifty_resolutions() {
        assert!(check_denominators(1, 1).is_ok());
        assert!(check_denominators(0, 1).is_err() && check_denominators(1, 0).is_err());
        assert!(check_resolution_count(1).is_ok() && check_resolution_count(50).is_ok());
        assert!(check_resolution_count(0).is_err() && check_resolution_count(51).is_err());
    }
}
