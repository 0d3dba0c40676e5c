//! Committee mutations: form a management committee, file an owners' committee, dissolve (town).

use super::key;
use crate::graphql::committee::Committee;
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::committee::{NewCommittee, NewMember};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;
use entity::vocab::{MemberAffiliation, MemberPosition, MemberTag};

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

/// 业委会备案 An owners' committee the owners elected (5 to 11 members, odd, one chair).
#[derive(InputObject)]
pub struct FileOwnersCommitteeInput {
    /// 小区标识 The estate.
    estate_id: ID,
    /// 选举日期 Day the owners elected it.
    elected_on: Date,
    /// 备案日期 Day of filing (due within 30 days of the election).
    filed_on: Date,
    /// 任期届满 Last day of its term.
    term_end: Option<Date>,
    /// 成员 Its members.
    members: Vec<CommitteeMemberInput>,
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

    /// 业委会备案 File an owners' committee; the estate's management committee dissolves with it (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn file_owners_committee(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FileOwnersCommitteeInput,
    ) -> Result<FileOwnersCommitteePayload> {
        let committee = NewCommittee {
            estate_id: key(RecordKind::Estate, &input.estate_id)?,
            formed_on: input.elected_on.0,
            term_end: input.term_end.map(|d| d.0),
            members: input.members.into_iter().map(NewMember::from).collect(),
        };
        let committee = service(ctx).file_owners_committee(viewer(ctx), committee, input.filed_on.0).await?;
        Ok(FileOwnersCommitteePayload { committee: Committee(committee) })
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
