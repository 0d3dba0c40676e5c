//! Owners' assemblies (《业主大会和业主委员会指导规则》; county policy 四(二)2 the town organises their preparation,
//! 四(三)9 the community acts for a committee that is missing or not working): the town forms the preparatory group
//! of an estate's first meeting and records that meeting; later meetings are recorded by whoever acts for the owners.
//! Each meeting comes with its resolutions, each decided by art. 278 (`domain::vote`). Correction orders against an
//! unlawful decision are `correction.rs`'s.

mod correction;

pub use correction::{CorrectionStep, CorrectionTarget, NewCorrectionOrder};

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::committee::active_committee;
use super::{Service, acts_for_owners, find, forbidden, place, require_tier, signed_in};
use crate::auth::{Actor, Tier};
use crate::domain::InvalidField;
use crate::domain::assembly::{check_denominators, check_preparatory_group, check_resolution_count, decide};
use crate::domain::calendar::today;
use crate::domain::fixed_point::Area;
use crate::domain::supervision::check_day;
use crate::domain::text::required;
use crate::domain::vote::Vote;
use crate::error::{Error, Result};
use chrono::NaiveDate;
use entity::vocab::{
    AssemblyConvener, AssemblyForm, AssemblyMatter, CommitteeKind, PreparatoryMemberKind, ResolutionOutcome,
};
use entity::{assembly_meeting, preparatory_group, preparatory_group_member, resolution};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// The earliest day wuye takes for an assembly's records: older estates' groups and meetings may be entered too.
fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date")
}

/// A member of a preparatory group as the town enters one.
#[derive(Debug, Clone)]
pub struct NewPreparatoryMember {
    pub name: String,
    pub kind: PreparatoryMemberKind,
    pub is_chair: bool,
}

/// A preparatory group being formed.
#[derive(Debug, Clone)]
pub struct NewPreparatoryGroup {
    pub estate_id: i64,
    pub formed_on: Option<NaiveDate>,
    pub members: Vec<NewPreparatoryMember>,
}

/// One resolution of a meeting: the matter, its text and the vote's figures.
#[derive(Debug, Clone)]
pub struct NewResolution {
    pub matter: AssemblyMatter,
    pub text: String,
    pub participating: (Area, i64),
    pub ayes: (Area, i64),
}

/// A meeting as it is recorded.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub estate_id: i64,
    /// The first meeting: the preparatory group that prepared it.
    pub preparatory_group_id: Option<i64>,
    pub held_on: NaiveDate,
    pub form: AssemblyForm,
    /// The estate's private area and owners: the denominators of every vote of the meeting.
    pub totals: (Area, i64),
    pub resolutions: Vec<NewResolution>,
}

/// The public snapshot of a preparatory group.
fn group_view(group: &preparatory_group::Model, members: &[preparatory_group_member::Model]) -> Value {
    public_snapshot(json!({
        "formedOn": group.formed_on,
        "members": members.iter().map(|m| json!({ "name": m.name, "kind": m.kind, "isChair": m.is_chair })).collect::<Vec<_>>(),
    }))
}

/// The public view of one resolution.
pub(super) fn resolution_view(r: &resolution::Model) -> Value {
    json!({
        "id": r.id,
        "item": r.item,
        "matter": r.matter,
        "text": r.text,
        "participatingArea": Area(r.participating_area).to_string(),
        "participatingOwners": r.participating_owners,
        "ayeArea": Area(r.aye_area).to_string(),
        "ayeOwners": r.aye_owners,
        "outcome": r.outcome,
        "revokedOn": r.revoked_on,
    })
}

/// The public snapshot of a meeting with its resolutions.
fn meeting_view(meeting: &assembly_meeting::Model, resolutions: &[resolution::Model]) -> Value {
    public_snapshot(json!({
        "convenedBy": meeting.convened_by,
        "preparatoryGroupId": meeting.preparatory_group_id,
        "committeeId": meeting.committee_id,
        "heldOn": meeting.held_on,
        "form": meeting.form,
        "totalArea": Area(meeting.total_area).to_string(),
        "totalOwners": meeting.total_owners,
        "resolutions": resolutions.iter().map(resolution_view).collect::<Vec<_>>(),
    }))
}

/// Who convenes a meeting of the estate `new` names, and which group or committee: the town over the estate for the
/// first meeting its preparatory group prepared (once per group); whoever acts for the owners for a later one.
async fn convener(
    txn: &DatabaseTransaction,
    actor: &Actor,
    new: &NewMeeting,
    place: &crate::auth::Place,
) -> Result<(AssemblyConvener, Option<i64>, Option<i64>)> {
    if let Some(group_id) = new.preparatory_group_id {
        let group = find::<preparatory_group::Entity>(txn, group_id).await?;
        if group.estate_id != new.estate_id {
            let message = "the preparatory group is of another estate";
            return Err(InvalidField::new("preparatoryGroupId", "same-estate", message, "该筹备组属于其他小区").into());
        }
        require_tier(actor, Tier::Town, place, "record this first assembly meeting", "记录首次业主大会会议")?;
        let held = assembly_meeting::Entity::find()
            .filter(assembly_meeting::Column::PreparatoryGroupId.eq(group_id))
            .count(txn)
            .await?;
        if held > 0 {
            return Err(Error::InvalidState {
                message: "the preparatory group's first meeting is recorded already".into(),
                message_zh: "该筹备组筹备的首次业主大会会议已记录".into(),
            });
        }
        check_day("heldOn", new.held_on, group.formed_on, today())?;
        return Ok((AssemblyConvener::PreparatoryGroup, Some(group_id), None));
    }
    if !acts_for_owners(txn, actor, new.estate_id, place).await? {
        return Err(forbidden("record assembly meetings for this estate", "记录该小区业主大会会议"));
    }
    match active_committee(txn, new.estate_id).await? {
        Some(c) if actor.is_committee_of(place) => Ok((AssemblyConvener::Committee, None, Some(c.id))),
        _ => Ok((AssemblyConvener::Community, None, None)),
    }
}

/// The adopted, unrevoked resolution `id` on `matter` of the estate `estate_id` (any estate when `None`), with its
/// meeting; BAD_USER_INPUT on `field` naming what it is not.
pub(in crate::service) async fn adopted_resolution(
    txn: &DatabaseTransaction,
    field: &str,
    id: i64,
    matter: AssemblyMatter,
    estate_id: Option<i64>,
) -> Result<(resolution::Model, assembly_meeting::Model)> {
    let resolution = find::<resolution::Entity>(txn, id).await?;
    let refuse = |rule, message: &str, message_zh: &str| -> Result<(resolution::Model, assembly_meeting::Model)> {
        Err(InvalidField::new(field, rule, message, message_zh).into())
    };
    if estate_id.is_some_and(|estate| estate != resolution.estate_id) {
        return refuse("same-estate", "the resolution is of another estate", "该决定属于其他小区");
    }
    if resolution.matter != matter {
        let zh = format!("该决定的事项不是“{}”", entity::vocab::Vocabulary::label_zh(matter));
        return refuse("resolution-matter", &format!("the resolution is not on the matter {matter:?}"), &zh);
    }
    if resolution.outcome != ResolutionOutcome::Adopted || resolution.revoked_on.is_some() {
        return refuse(
            "resolution-in-force",
            "the resolution was not adopted, or was revoked",
            "该决定未通过或已被撤销",
        );
    }
    let meeting = find::<assembly_meeting::Entity>(txn, resolution.meeting_id).await?;
    Ok((resolution, meeting))
}

impl Service {
    /// 成立筹备组 The town forms the preparatory group of an estate's first assembly meeting: owners'
    /// representatives at least half, the developer, the town (which chairs it) and the community. Public.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn form_preparatory_group(
        &self,
        actor: Option<&Actor>,
        new: NewPreparatoryGroup,
    ) -> Result<preparatory_group::Model> {
        let actor = signed_in(actor)?;
        let mut names = Vec::new();
        for (i, member) in new.members.iter().enumerate() {
            names.push(required(&format!("members[{i}].name"), &member.name)?);
        }
        let kinds: Vec<(PreparatoryMemberKind, bool)> = new.members.iter().map(|m| (m.kind, m.is_chair)).collect();
        check_preparatory_group(&kinds).map_err(|violation| Error::bad_input("members", violation))?;
        let day = today();
        let formed_on = new.formed_on.unwrap_or(day);
        check_day("formedOn", formed_on, earliest(), day)?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        require_tier(actor, Tier::Town, &place, "form preparatory groups for this estate", "为该小区成立筹备组")?;
        if active_committee(&txn, estate.id).await?.is_some_and(|c| c.kind == CommitteeKind::Owners) {
            return Err(Error::InvalidState {
                message: "the estate has an owners' committee: its assembly is convened by the committee".into(),
                message_zh: "该小区已有业主委员会，业主大会会议由业主委员会召集".into(),
            });
        }
        let now = chrono::Utc::now();
        let group = preparatory_group::ActiveModel {
            estate_id: Set(estate.id),
            formed_on: Set(formed_on),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        // The chair first, then in the order given.
        let mut order: Vec<(NewPreparatoryMember, String)> = new.members.into_iter().zip(names).collect();
        order.sort_by_key(|(m, _)| !m.is_chair);
        let mut members = Vec::new();
        for (seat, (member, name)) in order.into_iter().enumerate() {
            let row = preparatory_group_member::ActiveModel {
                group_id: Set(group.id),
                seat: Set(seat as i32),
                name: Set(name),
                kind: Set(member.kind),
                is_chair: Set(member.is_chair),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            members.push(row);
        }
        let after = group_view(&group, &members);
        self.commit(txn, actor, Change::new(Action::FormPreparatoryGroup, &group, &place, None, after)).await?;
        Ok(group)
    }

    /// 记录业主大会会议 A meeting of the owners' assembly and its resolutions, each decided by art. 278 over the
    /// meeting's denominators. Public; no owner's own vote is ever recorded.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_assembly_meeting(
        &self,
        actor: Option<&Actor>,
        new: NewMeeting,
    ) -> Result<assembly_meeting::Model> {
        let actor = signed_in(actor)?;
        let (total_area, total_owners) = (new.totals.0.hundredths(), new.totals.1);
        check_denominators(total_area, total_owners)?;
        check_resolution_count(new.resolutions.len())?;
        let mut decided = Vec::new();
        for (i, r) in new.resolutions.iter().enumerate() {
            let text = required(&format!("resolutions[{i}].text"), &r.text)?;
            let vote = Vote {
                scope_area: total_area,
                scope_owners: total_owners,
                participating_area: r.participating.0.hundredths(),
                participating_owners: r.participating.1,
                aye_area: r.ayes.0.hundredths(),
                aye_owners: r.ayes.1,
            };
            let outcome = decide(r.matter, &vote)
                .map_err(|e| InvalidField { field: format!("resolutions[{i}]"), violation: e.violation })?;
            decided.push((r, text, vote, outcome));
        }
        check_day("heldOn", new.held_on, earliest(), today())?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let (convened_by, group_id, committee_id) = convener(&txn, actor, &new, &place).await?;
        let now = chrono::Utc::now();
        let meeting = assembly_meeting::ActiveModel {
            estate_id: Set(estate.id),
            convened_by: Set(convened_by),
            preparatory_group_id: Set(group_id),
            committee_id: Set(committee_id),
            held_on: Set(new.held_on),
            form: Set(new.form),
            total_area: Set(total_area),
            total_owners: Set(total_owners),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let mut resolutions = Vec::new();
        for (item, (r, text, vote, outcome)) in decided.into_iter().enumerate() {
            let row = resolution::ActiveModel {
                estate_id: Set(estate.id),
                meeting_id: Set(meeting.id),
                item: Set(item as i32 + 1),
                matter: Set(r.matter),
                text: Set(text),
                participating_area: Set(vote.participating_area),
                participating_owners: Set(vote.participating_owners),
                aye_area: Set(vote.aye_area),
                aye_owners: Set(vote.aye_owners),
                outcome: Set(outcome),
                revoked_on: Set(None),
                ..Default::default()
            }
            .first_version(now)
            .insert(&txn)
            .await?;
            resolutions.push(row);
        }
        let after = meeting_view(&meeting, &resolutions);
        self.commit(txn, actor, Change::new(Action::RecordAssemblyMeeting, &meeting, &place, None, after)).await?;
        Ok(meeting)
    }
}
