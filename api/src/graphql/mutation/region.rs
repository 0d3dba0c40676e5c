//! Setting up the network: a town's property service centre (county or the town), a community's property officer
//! (town).

use super::key;
use crate::graphql::region::{Community, Town};
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::region::ServiceCenter;
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::RecordKind;

/// 设立物业服务中心 A town's property service centre.
#[derive(InputObject)]
pub struct SetServiceCenterInput {
    /// 镇标识 The town.
    town_id: ID,
    /// 预期版本 The version of the town you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 成立日期 When it was established.
    established_on: Date,
    /// 负责人 Its leader.
    leader: String,
    /// 工作人员数 Number of staff: at least one; the standard is generally not fewer than 2 (county policy 三(一)),
    /// and fewer is counted short of it.
    staff_count: i32,
    /// 联系电话 Office phone.
    phone: Option<String>,
    /// 理由 Why the record changes; required when the county moves a late centre's date back across its deadline
    /// (only the county may), recorded with the change.
    reason: Option<String>,
}

/// 设立物业专干 A community's property officer.
#[derive(InputObject)]
pub struct SetPropertyOfficerInput {
    /// 社区标识 The community.
    community_id: ID,
    /// 预期版本 The version of the community you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 物业专干 The officer's name.
    property_officer: String,
}

payload! {
    /// 设立物业服务中心结果 The town with its centre.
    SetServiceCenterPayload { town: Town }
    /// 设立物业专干结果 The community with its officer.
    SetPropertyOfficerPayload { community: Community }
}

#[derive(Default)]
pub struct RegionMutation;

#[Object]
impl RegionMutation {
    /// 设立物业服务中心 Record a town's property service centre (county staff, or the town's own).
    #[graphql(guard = "StaffOnly")]
    async fn set_service_center(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SetServiceCenterInput,
    ) -> Result<SetServiceCenterPayload> {
        let id = key(RecordKind::Town, &input.town_id)?;
        let center = ServiceCenter {
            established_on: input.established_on.0,
            leader: input.leader,
            staff_count: input.staff_count,
            phone: input.phone,
        };
        let reason = input.reason.as_deref();
        let town = service(ctx).set_service_center(viewer(ctx), (id, input.expected_version), center, reason).await?;
        Ok(SetServiceCenterPayload { town: Town(town) })
    }

    /// 设立物业专干 Name a community's property officer (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn set_property_officer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SetPropertyOfficerInput,
    ) -> Result<SetPropertyOfficerPayload> {
        let id = key(RecordKind::Community, &input.community_id)?;
        let community =
            service(ctx).set_property_officer(viewer(ctx), id, input.expected_version, &input.property_officer).await?;
        Ok(SetPropertyOfficerPayload { community: Community(community) })
    }
}
