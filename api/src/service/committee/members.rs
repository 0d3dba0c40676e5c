//! 委员变动 A committee's members change without dissolving it: an owners' committee's by the assembly (elected or
//! removed by a resolution) or by resignation, a management committee's by the town (appointed, dismissed) or by
//! resignation. The town records the change; the members after it must meet the committee's composition rules, and
//! the members on any earlier day stay readable (`members(asOf:)`).

use super::{Joined, NewMember, adopted_resolution, check_composition, check_new_members, insert_member, seat_of};
use super::{Service, find, members_of, place, require_tier, save, signed_in};
use crate::auth::{Actor, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::supervision::check_day;
use crate::error::Result;
use crate::service::action::Action;
use crate::service::audit::Change;
use chrono::NaiveDate;
use entity::vocab::{AssemblyMatter, CommitteeKind, CommitteeStatus, MemberChangeGround};
use entity::{committee, committee_member};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set, Unchanged};

/// A member who leaves: the seat, why, and the resolution that removed the member (REMOVED only).
#[derive(Debug, Clone)]
pub struct Leaving {
    pub seat: i32,
    pub ground: MemberChangeGround,
    pub resolution_id: Option<i64>,
}

/// A member who joins: who, why, and the resolution that elected the member (ELECTED only).
#[derive(Debug, Clone)]
pub struct Joining {
    pub member: NewMember,
    pub ground: MemberChangeGround,
    pub resolution_id: Option<i64>,
}

/// One change of a committee's members, on one day.
#[derive(Debug, Clone)]
pub struct MemberChanges {
    pub committee_id: i64,
    pub expected_version: i32,
    pub changed_on: Option<NaiveDate>,
    pub leaving: Vec<Leaving>,
    pub joining: Vec<Joining>,
}

/// The grounds a member of a committee of `kind` joins (`true`) or leaves (`false`) on, and whether each needs a
/// resolution: the owners elect and remove their committee's members, the town appoints and dismisses a management
/// committee's; anyone may resign.
fn ground_fits(kind: CommitteeKind, joins: bool, ground: MemberChangeGround) -> Option<bool> {
    use MemberChangeGround::{Appointed, Dismissed, Elected, Removed, Resigned};
    match (kind, joins, ground) {
        (CommitteeKind::Owners, true, Elected) | (CommitteeKind::Owners, false, Removed) => Some(true),
        (CommitteeKind::Management, true, Appointed) | (CommitteeKind::Management, false, Dismissed) => Some(false),
        (_, false, Resigned) => Some(false),
        _ => None,
    }
}

impl Service {
    /// 委员变动 The town records members leaving and joining a committee on one day.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn change_committee_members(
        &self,
        actor: Option<&Actor>,
        changes: MemberChanges,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        if changes.leaving.is_empty() && changes.joining.is_empty() {
            let message = "name at least one member who leaves or joins";
            return Err(InvalidField::new("joining", "some-change", message, "请至少填写一名离任或新任委员").into());
        }
        let new_members: Vec<NewMember> = changes.joining.iter().map(|j| j.member.clone()).collect();
        check_new_members("joining", &new_members)?;
        let txn = self.begin().await?;
        let current = find::<committee::Entity>(&txn, changes.committee_id).await?;
        let (_, place) = place::estate(&txn, current.estate_id).await?;
        require_tier(actor, Tier::Town, &place, "change this committee's members", "变更该委员会成员")?;
        let words = ("change the committee's members", "变更委员会成员");
        crate::domain::workflow::check(current.status, &[CommitteeStatus::Active], words)?;
        let day = today();
        let on = changes.changed_on.unwrap_or(day);
        let before = members_of(&txn, current.id).await?;
        // Changes are recorded in the order they happened: none before the committee was formed or before the last
        // one, so that `members(asOf:)` tells one story.
        let days = before.iter().flat_map(|m| [Some(m.joined_on), m.left_on]).flatten();
        let last = days.chain([current.formed_on]).max().unwrap_or(current.formed_on);
        check_day("changedOn", on, last, day)?;
        let mut sitting: Vec<committee_member::Model> =
            before.iter().filter(|m| m.left_on.is_none()).cloned().collect();
        let mut left = Vec::new();
        for (i, leaving) in changes.leaving.iter().enumerate() {
            let field = format!("leaving[{i}]");
            let resolution = ground(&txn, &current, (&field, false), leaving.ground, leaving.resolution_id, on).await?;
            let Some(at) = sitting.iter().position(|m| m.seat == leaving.seat) else {
                let message = format!("no member sits in seat {} now", leaving.seat);
                return Err(
                    InvalidField::new(format!("{field}.seat"), "sitting-member", message, "该席位现无委员").into()
                );
            };
            let member = sitting.remove(at);
            left.push(committee_member::ActiveModel {
                id: Unchanged(member.id),
                left_on: Set(Some(on)),
                left_ground: Set(Some(leaving.ground)),
                left_resolution_id: Set(resolution),
                ..Default::default()
            });
        }
        let mut joined = Vec::new();
        for (i, joining) in changes.joining.iter().enumerate() {
            let field = format!("joining[{i}]");
            let resolution = ground(&txn, &current, (&field, true), joining.ground, joining.resolution_id, on).await?;
            joined.push((joining, resolution));
        }
        let seats: Vec<_> = sitting
            .iter()
            .map(|m| seat_of(m.position, m.affiliation, m.is_owner_representative, m.is_party_member))
            .chain(joined.iter().map(|(j, _)| {
                let m = &j.member;
                seat_of(m.position, m.affiliation, m.is_owner_representative, m.is_party_member)
            }))
            .collect();
        check_composition(current.kind, &seats)?;
        for row in left {
            row.update(&txn).await?;
        }
        // New members take seats after every seat ever taken: a seat names one member for good.
        let first_free = before.iter().map(|m| m.seat).max().unwrap_or(-1) + 1;
        for (seat, (joining, resolution_id)) in (first_free..).zip(joined) {
            let joined = Joined { on, ground: Some(joining.ground), resolution_id };
            insert_member(&txn, current.id, seat, &joining.member, joined).await?;
        }
        // The committee's version is raised with its members, so that two changes from one reading cannot both land.
        let saved = save(&txn, changes.expected_version, current.clone()).await?;
        let after = members_of(&txn, current.id).await?;
        let (before, after) = (self.committee_snapshot(&current, &before), self.committee_snapshot(&saved, &after));
        let change = Change::new(Action::ChangeCommitteeMembers, &saved, &place, Some(before), after);
        self.commit(txn, actor, change).await?;
        Ok(saved)
    }
}

/// Checks the ground of one member's change on `on` (`joins` or leaves), and the resolution it needs or must
/// not have; the resolution's id.
async fn ground(
    txn: &DatabaseTransaction,
    committee: &committee::Model,
    (field, joins): (&str, bool),
    ground: MemberChangeGround,
    resolution_id: Option<i64>,
    on: NaiveDate,
) -> Result<Option<i64>> {
    let Some(needs_resolution) = ground_fits(committee.kind, joins, ground) else {
        let message = format!(
            "a member of this committee does not {} on the ground {ground:?}",
            if joins { "join" } else { "leave" }
        );
        return Err(InvalidField::new(
            format!("{field}.ground"),
            "member-change-ground",
            message,
            "该委员会成员变动原因不适用",
        )
        .into());
    };
    match (needs_resolution, resolution_id) {
        (true, Some(id)) => {
            let field = format!("{field}.resolutionId");
            let matter = AssemblyMatter::ElectCommittee;
            let (resolution, meeting) = adopted_resolution(txn, &field, id, matter, Some(committee.estate_id)).await?;
            if meeting.held_on > on {
                let message = "the change cannot precede the meeting that decided it";
                return Err(
                    InvalidField::new("changedOn", "in-order", message, "变动日期早于作出决定的会议日期").into()
                );
            }
            Ok(Some(resolution.id))
        }
        (true, None) => {
            let message = "an election or removal cites the assembly's resolution";
            Err(InvalidField::new(
                format!("{field}.resolutionId"),
                "resolution-required",
                message,
                "选举或罢免委员须注明业主大会决定",
            )
            .into())
        }
        (false, Some(_)) => {
            let message = "only an election or removal by the assembly cites a resolution";
            Err(InvalidField::new(
                format!("{field}.resolutionId"),
                "no-resolution",
                message,
                "仅业主大会选举或罢免须注明决定",
            )
            .into())
        }
        (false, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberChangeGround::*;

    #[test]
    fn the_owners_elect_and_remove_the_town_appoints_and_dismisses_anyone_resigns() {
        let owners = CommitteeKind::Owners;
        let management = CommitteeKind::Management;
        assert_eq!(ground_fits(owners, true, Elected), Some(true));
        assert_eq!(ground_fits(owners, false, Removed), Some(true));
        assert_eq!(ground_fits(owners, false, Resigned), Some(false));
        assert_eq!(ground_fits(owners, true, Appointed), None);
        assert_eq!(ground_fits(management, true, Appointed), Some(false));
        assert_eq!(ground_fits(management, false, Dismissed), Some(false));
        assert_eq!(ground_fits(management, true, Elected), None);
        assert_eq!(ground_fits(management, true, Resigned), None, "no one joins by resigning");
    }
}
