//! Credit mutations: rules and scoring parameters (county); proposals (town, community); confirmation, rejection,
//! revocation and objection decisions (county); objections (the enterprise itself).

use super::key;
use crate::domain::credit::Scoring;
use crate::graphql::credit::{CreditObjection, CreditRecord, CreditRule, CreditScoring};
use crate::graphql::scalars::Date;
use crate::graphql::service;
use crate::graphql::viewer::{StaffOnly, viewer};
use crate::service::credit::{CreditRulePatch, NewCreditRecord, NewCreditRule};
use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::vocab::{CreditRuleKind, RecordKind};

/// 新增信用规则 A new rule of the credit archive.
#[derive(InputObject)]
pub struct CreateCreditRuleInput {
    /// 规则代码 Stable code: capital letters and digits, e.g. G06.
    code: String,
    /// 中文名称 Name in Chinese.
    name_zh: String,
    /// 英文名称 Name in English.
    name_en: String,
    /// 类型 Good, bad or veto.
    kind: CreditRuleKind,
    /// 分值 Points given (GOOD) or taken (BAD), 1 to 100; 0 for a VETO.
    points: i32,
    /// 有效期（月） Months a record counts, 1 to 120.
    validity_months: i32,
    /// 依据 Legal or policy basis.
    legal_basis: String,
}

/// 修改信用规则 Changes to a rule; omitted fields stay as they are. Records confirmed under it keep what they were
/// confirmed with.
#[derive(InputObject)]
pub struct UpdateCreditRuleInput {
    /// 规则标识 The rule.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 中文名称 Name in Chinese.
    name_zh: Option<String>,
    /// 英文名称 Name in English.
    name_en: Option<String>,
    /// 分值 Points.
    points: Option<i32>,
    /// 有效期（月） Months a record counts.
    validity_months: Option<i32>,
    /// 依据 Legal or policy basis.
    legal_basis: Option<String>,
}

/// 停用信用规则 Retiring a rule, with the reason.
#[derive(InputObject)]
pub struct RetireCreditRuleInput {
    /// 规则标识 The rule.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 设定评分参数 Scoring parameters taking effect on a later day.
#[derive(InputObject)]
pub struct SetCreditScoringInput {
    /// 生效日期 First day they apply (tomorrow at the earliest).
    effective_from: Date,
    /// 基础分 The score with no counting records.
    base: i32,
    /// 加分上限 Good points count up to this many.
    good_cap: i32,
    /// AAA级最低分 Lowest score of AAA.
    aaa_min: i32,
    /// AA级最低分 Lowest score of AA.
    aa_min: i32,
    /// A级最低分 Lowest score of A.
    a_min: i32,
    /// B级最低分 Lowest score of B.
    b_min: i32,
}

/// 提出信用记录 A record collected in the field.
#[derive(InputObject)]
pub struct ProposeCreditRecordInput {
    /// 企业标识 The enterprise; it must serve or have served an estate in your scope.
    enterprise_id: ID,
    /// 规则代码 The rule (in use), e.g. B02.
    rule_code: String,
    /// 小区标识 The estate where it happened, if any.
    estate_id: Option<ID>,
    /// 事实 What happened.
    facts: String,
    /// 证据 Reference to the evidence.
    evidence: String,
    /// 发生日期 Day of the event or decision (not in the future).
    occurred_on: Date,
}

/// 确认信用记录 Confirming a proposed record.
#[derive(InputObject)]
pub struct ConfirmCreditRecordInput {
    /// 记录标识 The record.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
}

/// 驳回信用记录 Rejecting a proposed record, with the reason.
#[derive(InputObject)]
pub struct RejectCreditRecordInput {
    /// 记录标识 The record.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 撤销信用记录 Revoking a confirmed record, with the reason.
#[derive(InputObject)]
pub struct RevokeCreditRecordInput {
    /// 记录标识 The record.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 原因 Why.
    reason: String,
}

/// 提出异议 An objection to a confirmed record of your enterprise.
#[derive(InputObject)]
pub struct LodgeCreditObjectionInput {
    /// 记录标识 The record.
    record_id: ID,
    /// 理由 Why you object.
    reason: String,
}

/// 处理异议 The county's decision on an objection.
#[derive(InputObject)]
pub struct DecideCreditObjectionInput {
    /// 异议标识 The objection.
    id: ID,
    /// 预期版本 The version you read; CONFLICT if it changed since.
    expected_version: i32,
    /// 是否成立 True upholds it (the record is revoked); false dismisses it.
    uphold: bool,
    /// 理由 Why.
    reason: String,
}

payload! {
    /// 新增信用规则结果 The rule created.
    CreateCreditRulePayload { rule: CreditRule }
    /// 修改信用规则结果 The rule changed.
    UpdateCreditRulePayload { rule: CreditRule }
    /// 停用信用规则结果 The rule retired.
    RetireCreditRulePayload { rule: CreditRule }
    /// 设定评分参数结果 The parameters set.
    SetCreditScoringPayload { scoring: CreditScoring }
    /// 提出信用记录结果 The record proposed.
    ProposeCreditRecordPayload { record: CreditRecord }
    /// 确认信用记录结果 The record confirmed.
    ConfirmCreditRecordPayload { record: CreditRecord }
    /// 驳回信用记录结果 The record rejected.
    RejectCreditRecordPayload { record: CreditRecord }
    /// 撤销信用记录结果 The record revoked.
    RevokeCreditRecordPayload { record: CreditRecord }
    /// 提出异议结果 The objection lodged.
    LodgeCreditObjectionPayload { objection: CreditObjection }
    /// 处理异议结果 The objection decided.
    DecideCreditObjectionPayload { objection: CreditObjection }
}

#[derive(Default)]
pub struct CreditMutation;

#[Object]
impl CreditMutation {
    /// 新增信用规则 Add a credit rule (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn create_credit_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: CreateCreditRuleInput,
    ) -> Result<CreateCreditRulePayload> {
        let new = NewCreditRule {
            code: input.code,
            name_zh: input.name_zh,
            name_en: input.name_en,
            kind: input.kind,
            points: input.points,
            validity_months: input.validity_months,
            legal_basis: input.legal_basis,
        };
        let rule = service(ctx).create_credit_rule(viewer(ctx), new).await?;
        Ok(CreateCreditRulePayload { rule: CreditRule(rule) })
    }

    /// 修改信用规则 Change a credit rule (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn update_credit_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: UpdateCreditRuleInput,
    ) -> Result<UpdateCreditRulePayload> {
        let id = key(RecordKind::CreditRule, &input.id)?;
        let patch = CreditRulePatch {
            name_zh: input.name_zh,
            name_en: input.name_en,
            points: input.points,
            validity_months: input.validity_months,
            legal_basis: input.legal_basis,
        };
        let rule = service(ctx).update_credit_rule(viewer(ctx), id, input.expected_version, patch).await?;
        Ok(UpdateCreditRulePayload { rule: CreditRule(rule) })
    }

    /// 停用信用规则 Retire a credit rule, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn retire_credit_rule(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RetireCreditRuleInput,
    ) -> Result<RetireCreditRulePayload> {
        let id = key(RecordKind::CreditRule, &input.id)?;
        let rule = service(ctx).retire_credit_rule(viewer(ctx), id, input.expected_version, &input.reason).await?;
        Ok(RetireCreditRulePayload { rule: CreditRule(rule) })
    }

    /// 设定评分参数 Set scoring parameters from a later day on (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn set_credit_scoring(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: SetCreditScoringInput,
    ) -> Result<SetCreditScoringPayload> {
        let scoring = Scoring {
            effective_from: input.effective_from.0,
            base: input.base,
            good_cap: input.good_cap,
            aaa_min: input.aaa_min,
            aa_min: input.aa_min,
            a_min: input.a_min,
            b_min: input.b_min,
        };
        let scoring = service(ctx).set_credit_scoring(viewer(ctx), scoring).await?;
        Ok(SetCreditScoringPayload { scoring: CreditScoring::from(&scoring) })
    }

    /// 提出信用记录 Propose a credit record for an enterprise that serves or served an estate in your scope (town or
    /// community staff).
    #[graphql(guard = "StaffOnly")]
    async fn propose_credit_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ProposeCreditRecordInput,
    ) -> Result<ProposeCreditRecordPayload> {
        let new = NewCreditRecord {
            enterprise_id: key(RecordKind::Enterprise, &input.enterprise_id)?,
            rule_code: input.rule_code,
            estate_id: input.estate_id.map(|id| key(RecordKind::Estate, &id)).transpose()?,
            facts: input.facts,
            evidence: input.evidence,
            occurred_on: input.occurred_on.0,
        };
        let record = service(ctx).propose_credit_record(viewer(ctx), new).await?;
        Ok(ProposeCreditRecordPayload { record: CreditRecord(record) })
    }

    /// 确认信用记录 Confirm a proposed record (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn confirm_credit_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: ConfirmCreditRecordInput,
    ) -> Result<ConfirmCreditRecordPayload> {
        let id = key(RecordKind::CreditRecord, &input.id)?;
        let record = service(ctx).confirm_credit_record(viewer(ctx), id, input.expected_version).await?;
        Ok(ConfirmCreditRecordPayload { record: CreditRecord(record) })
    }

    /// 驳回信用记录 Reject a proposed record, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn reject_credit_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RejectCreditRecordInput,
    ) -> Result<RejectCreditRecordPayload> {
        let id = key(RecordKind::CreditRecord, &input.id)?;
        let record = service(ctx).reject_credit_record(viewer(ctx), id, input.expected_version, &input.reason).await?;
        Ok(RejectCreditRecordPayload { record: CreditRecord(record) })
    }

    /// 撤销信用记录 Revoke a confirmed record, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn revoke_credit_record(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: RevokeCreditRecordInput,
    ) -> Result<RevokeCreditRecordPayload> {
        let id = key(RecordKind::CreditRecord, &input.id)?;
        let record = service(ctx).revoke_credit_record(viewer(ctx), id, input.expected_version, &input.reason).await?;
        Ok(RevokeCreditRecordPayload { record: CreditRecord(record) })
    }

    /// 提出异议 Object to a confirmed record of your enterprise, with the reason (enterprise staff).
    #[graphql(guard = "StaffOnly")]
    async fn lodge_credit_objection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: LodgeCreditObjectionInput,
    ) -> Result<LodgeCreditObjectionPayload> {
        let id = key(RecordKind::CreditRecord, &input.record_id)?;
        let objection = service(ctx).lodge_credit_objection(viewer(ctx), id, &input.reason).await?;
        Ok(LodgeCreditObjectionPayload { objection: CreditObjection(objection) })
    }

    /// 处理异议 Uphold (the record is revoked) or dismiss an objection, with the reason (county staff).
    #[graphql(guard = "StaffOnly")]
    async fn decide_credit_objection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "输入 Input")] input: DecideCreditObjectionInput,
    ) -> Result<DecideCreditObjectionPayload> {
        let id = key(RecordKind::CreditObjection, &input.id)?;
        let (version, uphold) = (input.expected_version, input.uphold);
        let objection = service(ctx).decide_credit_objection(viewer(ctx), id, version, uphold, &input.reason).await?;
        Ok(DecideCreditObjectionPayload { objection: CreditObjection(objection) })
    }
}
