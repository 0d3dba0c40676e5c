//! Committees: the town forms management committees, files owners' committees (from the resolution that elected
//! them, or as elected before wuye knew the assembly; the estate's management committee dissolves in the same
//! transaction), changes their members (`members.rs`), finds that one does not work and that it works again
//! (county policy 四(三)9), and dissolves committees with a reason. An owners' committee serves at most 5 years
//! (`domain::committee`).

mod members;

pub use members::{Joining, Leaving, MemberChanges};

use super::action::Action;
use super::assembly::adopted_resolution;
use super::audit::{Change, snapshot};
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::committee::{Seat, check_management_committee, check_owners_committee, owners_committee_term_end};
use crate::domain::supervision::check_day;
use crate::domain::text::{phone, required};
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{
    AssemblyMatter, CommitteeKind, CommitteeStatus, MemberAffiliation, MemberPosition, MemberTag, join_codes,
};
use entity::{committee, committee_member};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// One member as staff enter them.
#[derive(Debug, Clone)]
pub struct NewMember {
    pub name: String,
    pub position: MemberPosition,
    pub affiliation: MemberAffiliation,
    pub is_owner_representative: bool,
    pub is_party_member: bool,
    pub tags: Vec<MemberTag>,
    pub phone: Option<String>,
}

/// A management committee being formed.
#[derive(Debug, Clone)]
pub struct NewCommittee {
    pub estate_id: i64,
    pub formed_on: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub members: Vec<NewMember>,
}

/// An owners' committee being filed.
#[derive(Debug, Clone)]
pub struct OwnersCommitteeFiling {
    pub elected_by: ElectedBy,
    pub filed_on: NaiveDate,
    /// The last day of its term; the longest term (5 years) if not given.
    pub term_end: Option<NaiveDate>,
    pub members: Vec<NewMember>,
}

/// How an owners' committee was elected.
#[derive(Debug, Clone, Copy)]
pub enum ElectedBy {
    /// By this adopted ELECT_COMMITTEE resolution of an assembly meeting wuye recorded (the estate and the day of
    /// the election are the meeting's).
    Resolution(i64),
    /// By an assembly wuye has no record of, on this day.
    Assembly { estate_id: i64, elected_on: NaiveDate },
}

/// The rules' view of one member.
fn seat_of(position: MemberPosition, affiliation: MemberAffiliation, owner: bool, party: bool) -> Seat {
    Seat {
        is_chair: position == MemberPosition::Chair,
        from_community_party_org: affiliation == MemberAffiliation::CommunityPartyOrg,
        is_owner_representative: owner,
        is_party_member: party,
    }
}

/// Checks a committee of `kind` with these seats against its composition rules; BAD_USER_INPUT naming the rule.
fn check_composition(kind: CommitteeKind, seats: &[Seat]) -> Result<()> {
    match kind {
        CommitteeKind::Management => check_management_committee(seats),
        CommitteeKind::Owners => check_owners_committee(seats),
    }
    .map_err(|violation| Error::bad_input("members", violation))
}

/// Checks new members' names and phones (`field[i].name`, …).
fn check_new_members(field: &str, members: &[NewMember]) -> Result<()> {
    for (i, member) in members.iter().enumerate() {
        required(&format!("{field}[{i}].name"), &member.name)?;
        phone(&format!("{field}[{i}].phone"), member.phone.as_deref())?;
    }
    Ok(())
}

/// Checks `members` (names, phones) and their composition against the rules of a committee of `kind`.
fn check_members(kind: CommitteeKind, members: &[NewMember]) -> Result<()> {
    check_new_members("members", members)?;
    let seats: Vec<Seat> = members
        .iter()
        .map(|m| seat_of(m.position, m.affiliation, m.is_owner_representative, m.is_party_member))
        .collect();
    check_composition(kind, &seats)
}

impl Service {
    /// Public and staff parts of a committee, with members; phones only as digests.
    fn committee_snapshot(&self, committee: &committee::Model, members: &[committee_member::Model]) -> Value {
        let public = json!({
            "kind": committee.kind,
            "status": committee.status,
            "formedOn": committee.formed_on,
            "termEnd": committee.term_end,
            "electedOn": committee.elected_on,
            "filedOn": committee.filed_on,
            "resolutionId": committee.resolution_id,
            "notFunctioningSince": committee.not_functioning_since,
            "notFunctioningReason": committee.not_functioning_reason,
            "dissolvedOn": committee.dissolved_on,
            "dissolutionReason": committee.dissolution_reason,
            "members": members.iter().map(|m| json!({
                "seat": m.seat,
                "name": m.name,
                "position": m.position,
                "joinedOn": m.joined_on,
                "joinedGround": m.joined_ground,
                "joinedResolutionId": m.joined_resolution_id,
                "leftOn": m.left_on,
                "leftGround": m.left_ground,
                "leftResolutionId": m.left_resolution_id,
            })).collect::<Vec<_>>(),
        });
        let staff = json!({
            "members": members.iter().map(|m| json!({
                "seat": m.seat,
                "affiliation": m.affiliation,
                "isOwnerRepresentative": m.is_owner_representative,
                "isPartyMember": m.is_party_member,
                "tags": m.tags,
                "phone": self.personal(m.phone.as_deref()),
            })).collect::<Vec<_>>(),
        });
        snapshot(public, staff)
    }

    /// 组建物业管理委员会 A town forms a management committee for an estate with no active committee.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn form_management_committee(
        &self,
        actor: Option<&Actor>,
        input: NewCommittee,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        check_members(CommitteeKind::Management, &input.members)?;
        let txn = self.begin().await?;
        let (_, place) = place::estate(&txn, input.estate_id).await?;
        require_tier(actor, Tier::Town, &place, "form committees for this estate", "为该小区组建委员会")?;
        // An estate with an active committee already is refused by the unique index (INVALID_STATE).
        let (committee, members) = insert_committee(&txn, &input, CommitteeKind::Management, None).await?;
        let after = self.committee_snapshot(&committee, &members);
        let change = Change::new(Action::FormManagementCommittee, &committee, &place, None, after);
        self.commit(txn, actor, change).await?;
        Ok(committee)
    }

    /// 业委会备案 A town files the owners' committee the owners elected; the estate's management committee, if
    /// any, dissolves in the same transaction, as of the day of the election (seed §三(二)).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn file_owners_committee(
        &self,
        actor: Option<&Actor>,
        filing: OwnersCommitteeFiling,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        check_members(CommitteeKind::Owners, &filing.members)?;
        let txn = self.begin().await?;
        let (estate_id, elected_on, resolution_id) = match filing.elected_by {
            ElectedBy::Resolution(id) => {
                let (resolution, meeting) =
                    adopted_resolution(&txn, "resolutionId", id, AssemblyMatter::ElectCommittee, None).await?;
                (resolution.estate_id, meeting.held_on, Some(resolution.id))
            }
            ElectedBy::Assembly { estate_id, elected_on } => (estate_id, elected_on, None),
        };
        if filing.filed_on < elected_on {
            let violation = "filed before it was elected";
            return Err(InvalidField::new("filedOn", "after-election", violation, "备案日期早于选举日期").into());
        }
        let term_end = owners_committee_term_end(elected_on, filing.term_end)?;
        let (estate, place) = place::estate(&txn, estate_id).await?;
        require_tier(actor, Tier::Town, &place, "file committees for this estate", "为该小区办理业委会备案")?;
        if let Some(active) = active_committee(&txn, estate.id).await? {
            if active.kind == CommitteeKind::Owners {
                return Err(Error::InvalidState {
                    message: "the estate already has an active owners' committee; dissolve it first".into(),
                    message_zh: "该小区已有履职中的业主委员会，须先解散".into(),
                });
            }
            // It dissolves on the day the owners elected their committee, not the day it was filed (三(二)).
            let reason = "业主委员会选举产生，物业管理委员会自动解散 (the owners elected their committee)";
            let version = active.version;
            let dissolved_on = elected_on.max(active.formed_on);
            self.dissolve(&txn, (actor, &place), active, version, (dissolved_on, reason.into())).await?;
        }
        let new = NewCommittee { estate_id, formed_on: elected_on, term_end: Some(term_end), members: filing.members };
        let elected = Election { filed_on: filing.filed_on, resolution_id };
        let (committee, members) = insert_committee(&txn, &new, CommitteeKind::Owners, Some(elected)).await?;
        let after = self.committee_snapshot(&committee, &members);
        let change = Change::new(Action::FileOwnersCommittee, &committee, &place, None, after);
        self.commit(txn, actor, change).await?;
        Ok(committee)
    }

    /// 认定不能正常履职 The town finds that a committee does not work (e.g. fewer than half its seats filled), from
    /// `since`; until it works again the community acts for it (county policy 四(三)9). Public.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_committee_not_functioning(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        since: Option<NaiveDate>,
        reason: &str,
    ) -> Result<committee::Model> {
        let reason = required("reason", reason)?;
        let words = ("find this committee not functioning", "认定该委员会不能正常履职");
        self.set_functioning(actor, (id, expected_version), words, |current| {
            if current.not_functioning_since.is_some() {
                return Err(Error::InvalidState {
                    message: "the committee is already found not to work".into(),
                    message_zh: "该委员会已被认定不能正常履职".into(),
                });
            }
            let since = since.unwrap_or(today());
            check_day("since", since, current.formed_on, today())?;
            let next = committee::Model {
                not_functioning_since: Some(since),
                not_functioning_reason: Some(reason.clone()),
                ..current.clone()
            };
            Ok((Action::MarkCommitteeNotFunctioning, next, reason.clone()))
        })
        .await
    }

    /// 恢复正常履职 The town finds that a committee it had found not working works again.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn restore_committee_functioning(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        note: &str,
    ) -> Result<committee::Model> {
        let note = required("note", note)?;
        let words = ("find this committee working again", "认定该委员会恢复正常履职");
        self.set_functioning(actor, (id, expected_version), words, |current| {
            if current.not_functioning_since.is_none() {
                return Err(Error::InvalidState {
                    message: "the committee was not found to be not working".into(),
                    message_zh: "该委员会未被认定不能正常履职".into(),
                });
            }
            let next =
                committee::Model { not_functioning_since: None, not_functioning_reason: None, ..current.clone() };
            Ok((Action::RestoreCommitteeFunctioning, next, note.clone()))
        })
        .await
    }

    /// A town changes whether an active committee works: `change` gives the action, the next row and the reason.
    async fn set_functioning(
        &self,
        actor: Option<&Actor>,
        (id, expected_version): (i64, i32),
        words: (&str, &str),
        change: impl FnOnce(&committee::Model) -> Result<(Action, committee::Model, String)>,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<committee::Entity>(&txn, id).await?;
        let (_, place) = place::estate(&txn, current.estate_id).await?;
        require_tier(actor, Tier::Town, &place, words.0, words.1)?;
        workflow::check(current.status, &[CommitteeStatus::Active], words)?;
        let (action, next, reason) = change(&current)?;
        let saved = save(&txn, expected_version, next).await?;
        let members = members_of(&txn, current.id).await?;
        let view = |c: &committee::Model| self.committee_snapshot(c, &members);
        self.commit(txn, actor, Change::update(action, &place, (&current, &saved), view).because(reason)).await?;
        Ok(saved)
    }

    /// 解散委员会 A town dissolves a committee, with the day and the reason.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn dissolve_committee(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        dissolved_on: NaiveDate,
        reason: &str,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let current = find::<committee::Entity>(&txn, id).await?;
        let (_, place) = place::estate(&txn, current.estate_id).await?;
        require_tier(actor, Tier::Town, &place, "dissolve this committee", "解散该委员会")?;
        if dissolved_on < current.formed_on {
            let violation = "dissolved before it was formed";
            return Err(InvalidField::new("dissolvedOn", "after-formation", violation, "解散日期早于成立日期").into());
        }
        let dissolution = (dissolved_on, reason);
        let dissolved = self.dissolve(&txn, (actor, &place), current, expected_version, dissolution).await?;
        txn.commit().await?;
        Ok(dissolved)
    }

    /// Dissolves `current` on the day `dissolved_on` for `reason`, saved against `expected_version`, and records
    /// the event.
    async fn dissolve(
        &self,
        txn: &DatabaseTransaction,
        (actor, place): (&Actor, &Place),
        current: committee::Model,
        expected_version: i32,
        (dissolved_on, reason): (NaiveDate, String),
    ) -> Result<committee::Model> {
        workflow::check(current.status, &[CommitteeStatus::Active], ("dissolve the committee", "解散委员会"))?;
        let next = committee::Model {
            status: CommitteeStatus::Dissolved,
            dissolved_on: Some(dissolved_on),
            dissolution_reason: Some(reason.clone()),
            ..current.clone()
        };
        let dissolved = save(txn, expected_version, next).await?;
        let members = members_of(txn, current.id).await?;
        let view = |c: &committee::Model| self.committee_snapshot(c, &members);
        let change = Change::update(Action::DissolveCommittee, place, (&current, &dissolved), view).because(reason);
        self.audit(txn, actor, change).await?;
        Ok(dissolved)
    }
}

/// The estate's active committee, if it has one.
/// The estate's ACTIVE committee, if it has one.
pub async fn active_committee(txn: &DatabaseTransaction, estate_id: i64) -> Result<Option<committee::Model>> {
    Ok(committee::Entity::find()
        .filter(committee::Column::EstateId.eq(estate_id))
        .filter(committee::Column::Status.eq(CommitteeStatus::Active))
        .one(txn)
        .await?)
}

/// Every member a committee has had, by seat (those who left carry `left_on`).
pub async fn members_of(txn: &DatabaseTransaction, committee_id: i64) -> Result<Vec<committee_member::Model>> {
    Ok(committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(committee_id))
        .order_by_asc(committee_member::Column::Seat)
        .all(txn)
        .await?)
}

/// An owners' committee's filing: the day, and the resolution that elected it, if wuye recorded it.
struct Election {
    filed_on: NaiveDate,
    resolution_id: Option<i64>,
}

/// Inserts an ACTIVE committee of `kind` with its members, chair first (the caller has checked composition and
/// authority, and records the audit event).
async fn insert_committee(
    txn: &DatabaseTransaction,
    input: &NewCommittee,
    kind: CommitteeKind,
    election: Option<Election>,
) -> Result<(committee::Model, Vec<committee_member::Model>)> {
    let now = chrono::Utc::now();
    let committee = committee::ActiveModel {
        estate_id: Set(input.estate_id),
        kind: Set(kind),
        status: Set(CommitteeStatus::Active),
        formed_on: Set(input.formed_on),
        term_end: Set(input.term_end),
        elected_on: Set(election.as_ref().map(|_| input.formed_on)),
        filed_on: Set(election.as_ref().map(|e| e.filed_on)),
        resolution_id: Set(election.and_then(|e| e.resolution_id)),
        dissolved_on: Set(None),
        dissolution_reason: Set(None),
        not_functioning_since: Set(None),
        not_functioning_reason: Set(None),
        ..Default::default()
    }
    .first_version(now)
    .insert(txn)
    .await?;
    // Chair first, then vice chairs, then members, each group in the order given.
    let mut ordered: Vec<&NewMember> = input.members.iter().collect();
    ordered.sort_by_key(|m| m.position);
    let mut members = Vec::new();
    for (seat, member) in ordered.into_iter().enumerate() {
        let joining = Joined { on: input.formed_on, ground: None, resolution_id: None };
        members.push(insert_member(txn, committee.id, seat as i32, member, joining).await?);
    }
    Ok((committee, members))
}

/// When and why a member joined.
struct Joined {
    on: NaiveDate,
    ground: Option<entity::vocab::MemberChangeGround>,
    resolution_id: Option<i64>,
}

/// Inserts one member in `seat`.
async fn insert_member(
    txn: &DatabaseTransaction,
    committee_id: i64,
    seat: i32,
    member: &NewMember,
    joined: Joined,
) -> Result<committee_member::Model> {
    Ok(committee_member::ActiveModel {
        committee_id: Set(committee_id),
        seat: Set(seat),
        name: Set(member.name.trim().to_owned()),
        position: Set(member.position),
        affiliation: Set(member.affiliation),
        is_owner_representative: Set(member.is_owner_representative),
        is_party_member: Set(member.is_party_member),
        tags: Set(join_codes(&member.tags)),
        phone: Set(phone("phone", member.phone.as_deref())?),
        joined_on: Set(joined.on),
        joined_ground: Set(joined.ground),
        joined_resolution_id: Set(joined.resolution_id),
        left_on: Set(None),
        left_ground: Set(None),
        left_resolution_id: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}
