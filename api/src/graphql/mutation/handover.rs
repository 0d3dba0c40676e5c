//! When service changes hands: exit warnings (the enterprise files, the community acknowledges) and handovers (the
//! town opens; the community or town receives or disputes each item).

use super::key;
use crate::domain::calendar::today;
use crate::graphql::handover::{ExitWarning, Handover};
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::exit_warning::NewExitWarning;
use crate::service::handover::{ItemStep, NewHandover};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{HandoverItemKind, HandoverReceiver, RecordKind};

/// 提交退出预警 An enterprise's notice on its own contract.
#[derive(InputObject)]
pub struct FileExitWarningInput {
    /// 合同标识 The contract.
    contract_id: ID,
    /// 拟退出日期 The last day it will serve: the end of the term or later, at least 90 days from today.
    intended_end_on: Date,
    /// 原因 Why it will not go on.
    reason: String,
    /// 合同另有约定 The contract agrees on a shorter notice (then say what in agreementNote).
    #[graphql(default)]
    contract_agrees_otherwise: bool,
    /// 约定说明 What the contract agrees about notice.
    agreement_note: Option<String>,
}

/// 启动移交 A handover of the estate served under a contract.
#[derive(InputObject)]
pub struct OpenHandoverInput {
    /// 合同标识 The contract handed over (EXIT_WARNED, or ACTIVE and being terminated).
    contract_id: ID,
    /// 接收方 Who receives the estate.
    receiver: HandoverReceiver,
    /// 接收企业 The enterprise taking over, when the receiver is NEW_ENTERPRISE.
    receiver_enterprise_id: Option<ID>,
    /// 移交期限 The last day for the handover.
    deadline: Date,
}

/// 接收移交事项 One item received.
#[derive(InputObject)]
pub struct ReceiveHandoverItemInput {
    /// 移交标识 The handover.
    id: ID,
    /// 预期版本 The version of the handover you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 事项 The item.
    item: HandoverItemKind,
    /// 接收人 Who received it (a person or a body).
    received_by: String,
    /// 接收日期 Day it was received (today if not given).
    received_on: Option<Date>,
    /// 备注 A note the public sees.
    note: Option<String>,
    /// 内部备注 A note for staff only.
    internal_note: Option<String>,
}

/// 移交事项争议 One item disputed.
#[derive(InputObject)]
pub struct DisputeHandoverItemInput {
    /// 移交标识 The handover.
    id: ID,
    /// 预期版本 The version of the handover you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 事项 The item.
    item: HandoverItemKind,
    /// 争议理由 What is disputed (public).
    reason: String,
    /// 内部备注 A note for staff only.
    internal_note: Option<String>,
}

step_inputs! {
    /// 确认退出预警 The community's acknowledgement of a warning.
    AcknowledgeExitWarningInput
}

payload! {
    /// 提交退出预警结果 The warning filed (its contract is now EXIT_WARNED).
    FileExitWarningPayload { exit_warning: ExitWarning }
    /// 确认退出预警结果 The warning acknowledged.
    AcknowledgeExitWarningPayload { exit_warning: ExitWarning }
    /// 启动移交结果 The handover opened, with its checklist.
    OpenHandoverPayload { handover: Handover }
    /// 接收移交事项结果 The handover (COMPLETED, and its contract TERMINATED, when this was the last item).
    ReceiveHandoverItemPayload { handover: Handover }
    /// 移交事项争议结果 The handover, now DISPUTED.
    DisputeHandoverItemPayload { handover: Handover }
}

#[derive(Default)]
pub struct HandoverMutation;

#[Object]
impl HandoverMutation {
    /// 提交退出预警 Give notice of leaving, on your own contract (enterprise staff).
    #[graphql(guard = "StaffOnly")]
    async fn file_exit_warning(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: FileExitWarningInput,
    ) -> Result<FileExitWarningPayload> {
        let new = NewExitWarning {
            contract_id: key(RecordKind::ServiceContract, &input.contract_id)?,
            intended_end_on: input.intended_end_on.0,
            reason: input.reason,
            contract_agrees_otherwise: input.contract_agrees_otherwise,
            agreement_note: input.agreement_note,
        };
        let warning = service(ctx).file_exit_warning(viewer(ctx), new).await?;
        Ok(FileExitWarningPayload { exit_warning: ExitWarning(warning) })
    }

    /// 确认退出预警 Acknowledge an exit warning (community staff).
    #[graphql(guard = "StaffOnly")]
    async fn acknowledge_exit_warning(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: AcknowledgeExitWarningInput,
    ) -> Result<AcknowledgeExitWarningPayload> {
        let id = key(RecordKind::ExitWarning, &input.id)?;
        let warning = service(ctx).acknowledge_exit_warning(viewer(ctx), id, input.expected_version).await?;
        Ok(AcknowledgeExitWarningPayload { exit_warning: ExitWarning(warning) })
    }

    /// 启动移交 Open the handover of a contract's estate, with its checklist (town staff).
    #[graphql(guard = "StaffOnly")]
    async fn open_handover(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: OpenHandoverInput,
    ) -> Result<OpenHandoverPayload> {
        let new = NewHandover {
            contract_id: key(RecordKind::ServiceContract, &input.contract_id)?,
            receiver: input.receiver,
            receiver_enterprise_id: input
                .receiver_enterprise_id
                .map(|id| key(RecordKind::Enterprise, &id))
                .transpose()?,
            deadline: input.deadline.0,
        };
        let handover = service(ctx).open_handover(viewer(ctx), new).await?;
        Ok(OpenHandoverPayload { handover: Handover(handover) })
    }

    /// 接收移交事项 Mark an item received; the last one completes the handover and terminates its contract
    /// (community or town staff).
    #[graphql(guard = "StaffOnly")]
    async fn receive_handover_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ReceiveHandoverItemInput,
    ) -> Result<ReceiveHandoverItemPayload> {
        let id = key(RecordKind::Handover, &input.id)?;
        let step = ItemStep::Receive {
            by: input.received_by,
            on: input.received_on.map_or_else(today, |d| d.0),
            note: input.note,
            internal_note: input.internal_note,
        };
        let handover =
            service(ctx).move_handover_item(viewer(ctx), (id, input.expected_version), input.item, step).await?;
        Ok(ReceiveHandoverItemPayload { handover: Handover(handover) })
    }

    /// 移交事项争议 Dispute an item, with the reason (community or town staff).
    #[graphql(guard = "StaffOnly")]
    async fn dispute_handover_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DisputeHandoverItemInput,
    ) -> Result<DisputeHandoverItemPayload> {
        let id = key(RecordKind::Handover, &input.id)?;
        let step = ItemStep::Dispute { reason: input.reason, internal_note: input.internal_note };
        let handover =
            service(ctx).move_handover_item(viewer(ctx), (id, input.expected_version), input.item, step).await?;
        Ok(DisputeHandoverItemPayload { handover: Handover(handover) })
    }
}
