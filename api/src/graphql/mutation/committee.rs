//! Committee mutations (town): form a management committee, file an owners' committee (from the resolution that
//! elected it), change members, find a committee not functioning and working again, dissolve.

use super::key;
use crate::graphql::committee::Committee;
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::committee::{
    ElectedBy, Joining, Leaving, MemberChanges, NewCommittee, NewMember, OwnersCommitteeFiling,
};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;
use entity::vocab::{MemberAffiliation, MemberChangeGround, MemberPosition, MemberTag};

/// 委员 A member of a committee being formed or filed.
#[derive(InputObject)]
pub struct CommitteeMemberInput {
    /// 姓名 Name (public).
    name: String,
    /// 职务 Position (public).
    position: MemberPosition,
    /// 来源 Where the member comes from (staff-only).
    affiliation: MemberAffiliation,
    /// 业主代表 Whether the member represents the owners (staff-only).
    is_owner_representative: bool,
    /// 党员 Whether the member is a Party member (staff-only).
    is_party_member: bool,
    /// 优先人选标签 Priority tags (staff-only).
    #[graphql(default)]
    tags: Vec<MemberTag>,
    /// 电话 Phone (staff-only; the audit log keeps only a digest).
    phone: Option<String>,
}

impl From<CommitteeMemberInput> for NewMember {
    fn from(m: CommitteeMemberInput) -> Self {
        NewMember {
            name: m.name,
            position: m.position,
            affiliation: m.affiliation,
            is_owner_representative: m.is_owner_representative,
            is_party_member: m.is_party_member,
            tags: m.tags,
            phone: m.phone,
        }
    }
}

/// 组建物业管理委员会 A management committee the town forms (at least 7 members, odd; owner representatives and
/// Party members each at least half; one chair, from the community Party organisation).
#[derive(InputObject)]
pub struct FormManagementCommitteeInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 成立日期 Day it is formed.
    formed_on: Date,
    /// 任期届满 Last day of its term.
    term_end: Option<Date>,
    /// 成员 Its members.
    members: Vec<CommitteeMemberInput>,
}

/// 业委会备案 An owners' committee the owners elected (5 to 11 members, odd, one chair; a term of at most 5 years).
/// Give the adopted ELECT_COMMITTEE resolution that elected it, or, for an election wuye has no record of, the estate
/// and the day.
#[derive(InputObject)]
pub struct FileOwnersCommitteeInput {
    /// 选举决定 The resolution that elected it (the estate and the day of election are its meeting's).
    resolution_id: Option<ID>,
    /// 小区标识 The estate (without a resolution).
    estate_id: Option<ID>,
    /// 选举日期 Day the owners elected it (without a resolution).
    elected_on: Option<Date>,
    /// 备案日期 Day of filing (due within 30 days of the election).
    filed_on: Date,
    /// 任期届满 Last day of its term: at most 5 years from the election; the longest term if not given.
    term_ends_on: Option<Date>,
    /// 任期届满（旧名） Same as `termEndsOn`.
    #[graphql(deprecation = "use termEndsOn")]
    term_end: Option<Date>,
    /// 成员 Its members.
    members: Vec<CommitteeMemberInput>,
}

/// 离任委员 A member who leaves.
#[derive(InputObject)]
pub struct LeavingMemberInput {
    /// 席位号 The member's seat (`CommitteeMember.seat`).
    seat: i32,
    /// 原因 REMOVED (owners' committee, with the resolution), DISMISSED (management committee), or RESIGNED.
    ground: MemberChangeGround,
    /// 罢免决定 For REMOVED: the adopted ELECT_COMMITTEE resolution.
    resolution_id: Option<ID>,
}

/// 新任委员 A member who joins.
#[derive(InputObject)]
pub struct JoiningMemberInput {
    /// 委员 Who.
    member: CommitteeMemberInput,
    /// 原因 ELECTED (owners' committee, with the resolution) or APPOINTED (management committee).
    ground: MemberChangeGround,
    /// 选举决定 For ELECTED: the adopted ELECT_COMMITTEE resolution.
    resolution_id: Option<ID>,
}

/// 委员变动 Members leaving and joining a committee on one day; the members after it meet the composition rules.
#[derive(InputObject)]
pub struct ChangeCommitteeMembersInput {
    /// 委员会标识 The committee.
    committee_id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 变动日期 The day of the change; today if not given.
    changed_on: Option<Date>,
    /// 离任 Members who leave.
    #[graphql(default)]
    leaving: Vec<LeavingMemberInput>,
    /// 新任 Members who join.
    #[graphql(default)]
    joining: Vec<JoiningMemberInput>,
}

/// 认定不能正常履职 Finding that a committee does not work (county policy 四(三)9).
#[derive(InputObject)]
pub struct MarkCommitteeNotFunctioningInput {
    /// 委员会标识 The committee.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 起始日期 Since when; today if not given.
    since: Option<Date>,
    /// 原因 Why (e.g. fewer than half its seats filled).
    reason: String,
}

/// 恢复正常履职 Finding that a committee works again.
#[derive(InputObject)]
pub struct RestoreCommitteeFunctioningInput {
    /// 委员会标识 The committee.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 说明 What changed.
    note: String,
}

/// 解散委员会 Dissolving a committee, with the reason.
#[derive(InputObject)]
pub struct DissolveCommitteeInput {
    /// 委员会标识 The committee.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 解散日期 Day it is dissolved.
    dissolved_on: Date,
    /// 原因 Why.
    reason: String,
}

payload! {
    /// 组建物业管理委员会结果 The committee formed.
    FormManagementCommitteePayload { committee: Committee }
    /// 业委会备案结果 The owners' committee filed.
    FileOwnersCommitteePayload { committee: Committee }
    /// 解散委员会结果 The committee dissolved.
    DissolveCommitteePayload { committee: Committee }
    /// 委员变动结果 The committee with its members changed.
    ChangeCommitteeMembersPayload { committee: Committee }
    /// 认定不能正常履职结果 The committee found not functioning.
    MarkCommitteeNotFunctioningPayload { committee: Committee }
    /// 恢复正常履职结果 The committee found working again.
    RestoreCommitteeFunctioningPayload { committee: Committee }
}

#[derive(Default)]
pub struct CommitteeMutation;

#[Object]
impl CommitteeMutation {
    /// 组建物业管理委员会 Form a management committee for an estate with no active committee (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn form_management_committee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FormManagementCommitteeInput,
    ) -> Result<FormManagementCommitteePayload> {
        let committee = NewCommittee {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            formed_on: input.formed_on.0,
            term_end: input.term_end.map(|d| d.0),
            members: input.members.into_iter().map(NewMember::from).collect(),
        };
        let committee = service(ctx).form_management_committee(viewer(ctx), committee).await?;
        Ok(FormManagementCommitteePayload { committee: Committee(committee) })
    }

    /// 业委会备案 File an owners' committee, from the resolution that elected it; the estate's management committee
    /// dissolves with it (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn file_owners_committee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FileOwnersCommitteeInput,
    ) -> Result<FileOwnersCommitteePayload> {
        let elected_by = match (input.resolution_id, input.estate_id, input.elected_on) {
            (Some(id), None, None) => ElectedBy::Resolution(key(RecordKind::Resolution, &id)?),
            (None, Some(estate), Some(day)) => {
                ElectedBy::Assembly { estate_id: key(RecordKind::Estate, &estate)?, elected_on: day.0 }
            }
            _ => {
                let message = "give the resolution that elected the committee, or the estate and the day of election";
                let zh = "请填写选举该委员会的业主大会决定，或小区及选举日期（二者选一）";
                let invalid = crate::domain::InvalidField::new("resolutionId", "one-election", message, zh);
                return Err(crate::error::Error::from(invalid).into());
            }
        };
        let filing = OwnersCommitteeFiling {
            elected_by,
            filed_on: input.filed_on.0,
            term_end: input.term_ends_on.or(input.term_end).map(|d| d.0),
            members: input.members.into_iter().map(NewMember::from).collect(),
        };
        let committee = service(ctx).file_owners_committee(viewer(ctx), filing).await?;
        Ok(FileOwnersCommitteePayload { committee: Committee(committee) })
    }

    /// 委员变动 Members leave and join a committee without dissolving it (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn change_committee_members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ChangeCommitteeMembersInput,
    ) -> Result<ChangeCommitteeMembersPayload> {
        let resolution = |id: Option<ID>| id.map(|id| key(RecordKind::Resolution, &id)).transpose();
        let mut leaving = Vec::new();
        for l in input.leaving {
            leaving.push(Leaving { seat: l.seat, ground: l.ground, resolution_id: resolution(l.resolution_id)? });
        }
        let mut joining = Vec::new();
        for j in input.joining {
            let resolution_id = resolution(j.resolution_id)?;
            joining.push(Joining { member: NewMember::from(j.member), ground: j.ground, resolution_id });
        }
        let changes = MemberChanges {
            committee_id: key(RecordKind::Committee, &input.committee_id)?,
            expected_version: input.expected_version,
            changed_on: input.changed_on.map(|d| d.0),
            leaving,
            joining,
        };
        let committee = service(ctx).change_committee_members(viewer(ctx), changes).await?;
        Ok(ChangeCommitteeMembersPayload { committee: Committee(committee) })
    }

    /// 认定不能正常履职 Find that a committee does not work; the community acts for it meanwhile (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn mark_committee_not_functioning(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: MarkCommitteeNotFunctioningInput,
    ) -> Result<MarkCommitteeNotFunctioningPayload> {
        let id = (key(RecordKind::Committee, &input.id)?, input.expected_version);
        let since = input.since.map(|d| d.0);
        let committee = service(ctx).mark_committee_not_functioning(viewer(ctx), id, since, &input.reason).await?;
        Ok(MarkCommitteeNotFunctioningPayload { committee: Committee(committee) })
    }

    /// 恢复正常履职 Find that a committee works again (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn restore_committee_functioning(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RestoreCommitteeFunctioningInput,
    ) -> Result<RestoreCommitteeFunctioningPayload> {
        let id = (key(RecordKind::Committee, &input.id)?, input.expected_version);
        let committee = service(ctx).restore_committee_functioning(viewer(ctx), id, &input.note).await?;
        Ok(RestoreCommitteeFunctioningPayload { committee: Committee(committee) })
    }

    /// 解散委员会 Dissolve a committee, with a reason (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn dissolve_committee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DissolveCommitteeInput,
    ) -> Result<DissolveCommitteePayload> {
        let id = key(RecordKind::Committee, &input.id)?;
        let committee = service(ctx)
            .dissolve_committee(viewer(ctx), id, input.expected_version, input.dissolved_on.0, &input.reason)
            .await?;
        Ok(DissolveCommitteePayload { committee: Committee(committee) })
    }
}
