//! The county's rule book of the credit archive and its scoring parameters: public, kept by the county alone.

use super::super::action::Action;
use super::super::audit::{Change, public_snapshot};
use super::super::{Service, county_place, find, find_by, save, signed_in};
use crate::auth::Actor;
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::credit::{Scoring, check_rule};
use crate::domain::text::required;
use crate::domain::workflow;
use crate::error::{Error, Result};
use entity::vocab::{CreditRuleKind, CreditRuleStatus};
use entity::{credit_rule, credit_scoring};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

/// A new credit rule.
#[derive(Debug, Clone)]
pub struct NewCreditRule {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: CreditRuleKind,
    pub points: i32,
    pub validity_months: i32,
    pub legal_basis: String,
}

/// Changes to a rule: `None` leaves a field as it is. Its code and kind never change.
#[derive(Debug, Clone, Default)]
pub struct CreditRulePatch {
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub points: Option<i32>,
    pub validity_months: Option<i32>,
    pub legal_basis: Option<String>,
}

fn rule_public(rule: &credit_rule::Model) -> Value {
    json!({
        "code": rule.code,
        "nameZh": rule.name_zh,
        "nameEn": rule.name_en,
        "kind": rule.kind,
        "points": rule.points,
        "validityMonths": rule.validity_months,
        "legalBasis": rule.legal_basis,
        "status": rule.status,
        "retiredOn": rule.retired_on,
        "retirementReason": rule.retirement_reason,
    })
}

/// The rule of the register with `code` when it is in use; none when the county has retired it or never had it
/// (a record the system proposes on its own is then not proposed).
pub(in crate::service) async fn rule_if_in_use(
    txn: &DatabaseTransaction,
    code: &str,
) -> Result<Option<credit_rule::Model>> {
    let rule = credit_rule::Entity::find().filter(credit_rule::Column::Code.eq(code)).one(txn).await?;
    Ok(rule.filter(|rule| rule.status == CreditRuleStatus::Active))
}

/// A rule of the register by code, which must be in use for a new record.
pub(in crate::service) async fn rule_in_use(
    txn: &DatabaseTransaction,
    field: &str,
    code: &str,
) -> Result<credit_rule::Model> {
    let rule =
        find_by::<credit_rule::Entity>(txn, credit_rule::Column::Code, code).await.map_err(|error| match error {
            Error::NotFound { .. } => {
                let message = format!("there is no credit rule {code}");
                InvalidField::new(field, "credit-rule", message, format!("没有代码为 {code} 的信用规则")).into()
            }
            other => other,
        })?;
    workflow::check(rule.status, &[CreditRuleStatus::Active], ("record conduct under this rule", "按此规则记录"))?;
    Ok(rule)
}

impl Service {
    /// 新增信用规则 The county adds a rule to the credit archive.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_credit_rule(&self, actor: Option<&Actor>, new: NewCreditRule) -> Result<credit_rule::Model> {
        let actor = signed_in(actor)?;
        let code = new.code.trim().to_ascii_uppercase();
        let well_formed = (2..=16).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_uppercase())
            && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !well_formed {
            let message = "a rule code is 2 to 16 capital letters and digits, starting with a letter, e.g. G06";
            return Err(InvalidField::new(
                "code",
                "rule-code",
                message,
                "规则代码应为2到16位大写字母和数字，以字母开头",
            )
            .into());
        }
        check_rule(new.kind, new.points, new.validity_months)?;
        let txn = self.begin().await?;
        let place = county_place(&txn, actor, "keep the credit rules", "维护信用规则").await?;
        let now = chrono::Utc::now();
        let rule = credit_rule::ActiveModel {
            code: Set(code),
            name_zh: Set(required("nameZh", &new.name_zh)?),
            name_en: Set(required("nameEn", &new.name_en)?),
            kind: Set(new.kind),
            points: Set(new.points),
            validity_months: Set(new.validity_months),
            legal_basis: Set(required("legalBasis", &new.legal_basis)?),
            status: Set(CreditRuleStatus::Active),
            retired_on: Set(None),
            retirement_reason: Set(None),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let change = Change::created(Action::CreateCreditRule, &rule, &place, rule_public(&rule));
        self.commit(txn, actor, change).await?;
        Ok(rule)
    }

    /// 修改信用规则 The county changes a rule's names, points, validity or basis. Records confirmed under it keep
    /// what they were confirmed with.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_credit_rule(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        patch: CreditRulePatch,
    ) -> Result<credit_rule::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let place = county_place(&txn, actor, "keep the credit rules", "维护信用规则").await?;
        let current = find::<credit_rule::Entity>(&txn, id).await?;
        let mut next = current.clone();
        if let Some(name) = patch.name_zh {
            next.name_zh = required("nameZh", &name)?;
        }
        if let Some(name) = patch.name_en {
            next.name_en = required("nameEn", &name)?;
        }
        if let Some(basis) = patch.legal_basis {
            next.legal_basis = required("legalBasis", &basis)?;
        }
        next.points = patch.points.unwrap_or(next.points);
        next.validity_months = patch.validity_months.unwrap_or(next.validity_months);
        check_rule(next.kind, next.points, next.validity_months)?;
        let updated = save(&txn, expected_version, next).await?;
        let change =
            Change::update(Action::UpdateCreditRule, &place, (&current, &updated), |r| public_snapshot(rule_public(r)));
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }

    /// 停用信用规则 The county retires a rule, with the reason: no new record is collected under it, and the records
    /// it has keep counting as they were confirmed.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn retire_credit_rule(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        reason: &str,
    ) -> Result<credit_rule::Model> {
        let actor = signed_in(actor)?;
        let reason = required("reason", reason)?;
        let txn = self.begin().await?;
        let place = county_place(&txn, actor, "keep the credit rules", "维护信用规则").await?;
        let current = find::<credit_rule::Entity>(&txn, id).await?;
        workflow::check(current.status, &[CreditRuleStatus::Active], ("retire the rule", "停用信用规则"))?;
        let next = credit_rule::Model {
            status: CreditRuleStatus::Retired,
            retired_on: Some(today()),
            retirement_reason: Some(reason.clone()),
            ..current.clone()
        };
        let retired = save(&txn, expected_version, next).await?;
        let change =
            Change::update(Action::RetireCreditRule, &place, (&current, &retired), |r| public_snapshot(rule_public(r)))
                .because(reason);
        self.commit(txn, actor, change).await?;
        Ok(retired)
    }

    /// 设定评分参数 The county sets scoring parameters taking effect on a later day; the days before are scored as
    /// they were.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_credit_scoring(&self, actor: Option<&Actor>, new: Scoring) -> Result<credit_scoring::Model> {
        let actor = signed_in(actor)?;
        if new.effective_from <= today() {
            let message = "new parameters take effect from tomorrow at the earliest, so no day already seen changes";
            return Err(
                InvalidField::new("effectiveFrom", "future-day", message, "新的评分参数最早自次日起生效").into()
            );
        }
        if !new.is_consistent() {
            let message = "thresholds must fall from AAA to B, and no parameter may be negative";
            let zh = "各等级分数线应自AAA至B依次降低，且各参数不能为负";
            return Err(InvalidField::new("thresholds", "scoring-thresholds", message, zh).into());
        }
        let txn = self.begin().await?;
        let place = county_place(&txn, actor, "set the credit scoring", "设定信用评分参数").await?;
        let now = chrono::Utc::now();
        let scoring = credit_scoring::ActiveModel {
            effective_from: Set(new.effective_from),
            base: Set(new.base),
            good_cap: Set(new.good_cap),
            aaa_min: Set(new.aaa_min),
            aa_min: Set(new.aa_min),
            a_min: Set(new.a_min),
            b_min: Set(new.b_min),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let after = json!({
            "effectiveFrom": scoring.effective_from, "base": scoring.base, "goodCap": scoring.good_cap,
            "aaaMin": scoring.aaa_min, "aaMin": scoring.aa_min, "aMin": scoring.a_min, "bMin": scoring.b_min,
        });
        self.commit(txn, actor, Change::created(Action::SetCreditScoring, &scoring, &place, after)).await?;
        Ok(scoring)
    }
}
