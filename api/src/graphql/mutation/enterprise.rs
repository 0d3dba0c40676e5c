//! Enterprise mutations: register, update and change status (county); file with a community (community).

use super::key;
use crate::graphql::enterprise::{Enterprise, Filing};
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::enterprise::{EnterprisePatch, NewEnterprise};
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::vocab::EnterpriseStatus;
use entity::vocab::RecordKind;

/// 登记企业 A new enterprise.
#[derive(InputObject)]
pub struct RegisterEnterpriseInput {
    /// 统一社会信用代码 Unified social credit code (checked per GB 32100-2015).
    credit_code: String,
    /// 名称 Registered name.
    name: String,
    /// 法定代表人 Legal representative.
    legal_representative: String,
    /// 住所 Registered address.
    address: String,
    /// 业务电话 Business phone.
    phone: Option<String>,
}

/// 修改企业信息 Changes to an enterprise; omitted fields stay as they are.
#[derive(InputObject)]
pub struct UpdateEnterpriseInput {
    /// 企业标识 The enterprise.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 名称 Registered name.
    name: Option<String>,
    /// 法定代表人 Legal representative.
    legal_representative: Option<String>,
    /// 住所 Registered address.
    address: Option<String>,
    /// 业务电话 Business phone; null clears it.
    phone: MaybeUndefined<String>,
}

/// 变更企业状态 A new status, with the reason.
#[derive(InputObject)]
pub struct ChangeEnterpriseStatusInput {
    /// 企业标识 The enterprise.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 新状态 The new status.
    status: EnterpriseStatus,
    /// 原因 Why.
    reason: String,
}

/// 企业备案 An enterprise's filing with a community.
#[derive(InputObject)]
pub struct FileEnterpriseInput {
    /// 企业标识 The enterprise.
    enterprise_id: ID,
    /// 社区代码 The community it files with.
    community_code: String,
    /// 备案日期 Day of filing.
    filed_on: Date,
}

payload! {
    /// 登记企业结果 The enterprise registered.
    RegisterEnterprisePayload { enterprise: Enterprise }
    /// 修改企业信息结果 The enterprise changed.
    UpdateEnterprisePayload { enterprise: Enterprise }
    /// 变更企业状态结果 The enterprise in its new status.
    ChangeEnterpriseStatusPayload { enterprise: Enterprise }
    /// 企业备案结果 The filing recorded.
    FileEnterprisePayload { filing: Filing }
}

#[derive(Default)]
pub struct EnterpriseMutation;

#[Object]
impl EnterpriseMutation {
    /// 登记企业 Register an enterprise (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn register_enterprise(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RegisterEnterpriseInput,
    ) -> Result<RegisterEnterprisePayload> {
        let new = NewEnterprise {
            credit_code: input.credit_code,
            name: input.name,
            legal_representative: input.legal_representative,
            address: input.address,
            phone: input.phone,
        };
        let enterprise = service(ctx).register_enterprise(viewer(ctx), new).await?;
        Ok(RegisterEnterprisePayload { enterprise: Enterprise(enterprise) })
    }

    /// 修改企业信息 Correct an enterprise's details (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_enterprise(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateEnterpriseInput,
    ) -> Result<UpdateEnterprisePayload> {
        let id = key(RecordKind::Enterprise, &input.id)?;
        let patch = EnterprisePatch {
            name: input.name,
            legal_representative: input.legal_representative,
            address: input.address,
            phone: input.phone.into(),
        };
        let enterprise = service(ctx).update_enterprise(viewer(ctx), id, input.expected_version, patch).await?;
        Ok(UpdateEnterprisePayload { enterprise: Enterprise(enterprise) })
    }

    /// 变更企业状态 Suspend, reactivate or deregister an enterprise (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn change_enterprise_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ChangeEnterpriseStatusInput,
    ) -> Result<ChangeEnterpriseStatusPayload> {
        let id = key(RecordKind::Enterprise, &input.id)?;
        let enterprise = service(ctx)
            .change_enterprise_status(viewer(ctx), id, input.expected_version, input.status, &input.reason)
            .await?;
        Ok(ChangeEnterpriseStatusPayload { enterprise: Enterprise(enterprise) })
    }

    /// 企业备案 Record an enterprise's filing with a community (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn file_enterprise(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FileEnterpriseInput,
    ) -> Result<FileEnterprisePayload> {
        let id = key(RecordKind::Enterprise, &input.enterprise_id)?;
        let filing = service(ctx).file_enterprise(viewer(ctx), id, &input.community_code, input.filed_on.0).await?;
        Ok(FileEnterprisePayload { filing: Filing(filing) })
    }
}
