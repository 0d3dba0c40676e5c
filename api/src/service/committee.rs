//! Committees: the town forms management committees, files owners' committees (which dissolves the estate's
//! management committee in the same transaction) and dissolves committees with a reason.

use super::action::Action;
use super::audit::{Change, snapshot};
use super::{Service, find, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::committee::{Seat, check_management_committee, check_owners_committee};
use crate::domain::text::{phone, required};
use crate::domain::workflow;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{CommitteeKind, CommitteeStatus, MemberAffiliation, MemberPosition, MemberTag, join_codes};
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

/// A committee being formed or filed.
#[derive(Debug, Clone)]
pub struct NewCommittee {
    pub estate_id: i64,
    pub formed_on: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub members: Vec<NewMember>,
}

/// Checks `members` (names, phones) and their composition against the rules of a committee of `kind`;
/// BAD_USER_INPUT naming the rule.
fn check_members(kind: CommitteeKind, members: &[NewMember]) -> Result<()> {
    for (i, member) in members.iter().enumerate() {
        required(&format!("members[{i}].name"), &member.name)?;
        phone(&format!("members[{i}].phone"), member.phone.as_deref())?;
    }
    let seats: Vec<Seat> = members
        .iter()
        .map(|m| Seat {
            is_chair: m.position == MemberPosition::Chair,
            from_community_party_org: m.affiliation == MemberAffiliation::CommunityPartyOrg,
            is_owner_representative: m.is_owner_representative,
            is_party_member: m.is_party_member,
        })
        .collect();
    match kind {
        CommitteeKind::Management => check_management_committee(&seats),
        CommitteeKind::Owners => check_owners_committee(&seats),
    }
    .map_err(|violation| Error::bad_input("members", violation))
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
            "dissolvedOn": committee.dissolved_on,
            "dissolutionReason": committee.dissolution_reason,
            "members": members.iter().map(|m| json!({ "name": m.name, "position": m.position })).collect::<Vec<_>>(),
        });
        let staff = json!({
            "members": members.iter().map(|m| json!({
                "name": m.name,
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
        let (committee, members) = insert_committee(&txn, &input, CommitteeKind::Management, None, None).await?;
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
        input: NewCommittee,
        filed_on: NaiveDate,
    ) -> Result<committee::Model> {
        let actor = signed_in(actor)?;
        check_members(CommitteeKind::Owners, &input.members)?;
        if filed_on < input.formed_on {
            let violation = "filed before it was elected";
            return Err(InvalidField::new("filedOn", "after-election", violation, "备案日期早于选举日期").into());
        }
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, input.estate_id).await?;
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
            let dissolved_on = input.formed_on.max(active.formed_on);
            self.dissolve(&txn, (actor, &place), active, version, (dissolved_on, reason.into())).await?;
        }
        let (committee, members) =
            insert_committee(&txn, &input, CommitteeKind::Owners, Some(input.formed_on), Some(filed_on)).await?;
        let after = self.committee_snapshot(&committee, &members);
        let change = Change::new(Action::FileOwnersCommittee, &committee, &place, None, after);
        self.commit(txn, actor, change).await?;
        Ok(committee)
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
pub(super) async fn active_committee(txn: &DatabaseTransaction, estate_id: i64) -> Result<Option<committee::Model>> {
    Ok(committee::Entity::find()
        .filter(committee::Column::EstateId.eq(estate_id))
        .filter(committee::Column::Status.eq(CommitteeStatus::Active))
        .one(txn)
        .await?)
}

async fn members_of(txn: &DatabaseTransaction, committee_id: i64) -> Result<Vec<committee_member::Model>> {
    Ok(committee_member::Entity::find()
        .filter(committee_member::Column::CommitteeId.eq(committee_id))
        .order_by_asc(committee_member::Column::Seat)
        .all(txn)
        .await?)
}

/// Inserts an ACTIVE committee of `kind` with its members, chair first (the caller has checked composition and
/// authority, and records the audit event).
async fn insert_committee(
    txn: &DatabaseTransaction,
    input: &NewCommittee,
    kind: CommitteeKind,
    elected_on: Option<NaiveDate>,
    filed_on: Option<NaiveDate>,
) -> Result<(committee::Model, Vec<committee_member::Model>)> {
    let now = chrono::Utc::now();
    let committee = committee::ActiveModel {
        estate_id: Set(input.estate_id),
        kind: Set(kind),
        status: Set(CommitteeStatus::Active),
        formed_on: Set(input.formed_on),
        term_end: Set(input.term_end),
        elected_on: Set(elected_on),
        filed_on: Set(filed_on),
        dissolved_on: Set(None),
        dissolution_reason: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // Chair first, then vice chairs, then members, each group in the order given.
    let mut ordered: Vec<&NewMember> = input.members.iter().collect();
    ordered.sort_by_key(|m| match m.position {
        MemberPosition::Chair => 0,
        MemberPosition::ViceChair => 1,
        MemberPosition::Member => 2,
    });
    let mut members = Vec::new();
    for (seat, member) in ordered.into_iter().enumerate() {
        let row = committee_member::ActiveModel {
            committee_id: Set(committee.id),
            seat: Set(seat as i32),
            name: Set(member.name.trim().to_owned()),
            position: Set(member.position),
            affiliation: Set(member.affiliation),
            is_owner_representative: Set(member.is_owner_representative),
            is_party_member: Set(member.is_party_member),
            tags: Set(join_codes(&member.tags)),
            phone: Set(phone("phone", member.phone.as_deref())?),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        members.push(row);
    }
    Ok((committee, members))
}
