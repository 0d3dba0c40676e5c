//! Enterprises: registered and kept by the county; filed with communities by the community.

use super::action::Action;
use super::audit::{Change, public_snapshot};
use super::{Service, county_place, find, find_by, place, require_tier, save, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::credit_code::CreditCode;
use crate::domain::sort_key::sort_key;
use crate::domain::text::{phone, required};
use crate::domain::workflow;
use crate::error::{Error, Result};
use entity::vocab::EnterpriseStatus;
use entity::{community, enterprise, filing};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

/// A new enterprise, as the county registers it.
#[derive(Debug, Clone)]
pub struct NewEnterprise {
    pub credit_code: String,
    pub name: String,
    pub legal_representative: String,
    pub address: String,
    pub phone: Option<String>,
}

/// Corrections to an enterprise's details: `None` leaves a field as it is; `Some(None)` clears the phone.
#[derive(Debug, Clone, Default)]
pub struct EnterprisePatch {
    pub name: Option<String>,
    pub legal_representative: Option<String>,
    pub address: Option<String>,
    pub phone: Option<Option<String>>,
}

pub(super) fn public(enterprise: &enterprise::Model) -> Value {
    json!({
        "creditCode": enterprise.credit_code,
        "name": enterprise.name,
        "legalRepresentative": enterprise.legal_representative,
        "address": enterprise.address,
        "phone": enterprise.phone,
        "status": enterprise.status,
    })
}

/// INVALID_STATE unless the enterprise is ACTIVE: a suspended or deregistered enterprise takes no new work (no
/// filing, no contract), while what it already holds stays on record. `action` is (in English, in Chinese).
pub fn require_active(enterprise: &enterprise::Model, action: (&str, &str)) -> Result<()> {
    Ok(workflow::check(enterprise.status, &[EnterpriseStatus::Active], action)?)
}

impl Service {
    /// 登记企业 The county registers an enterprise under its unified social credit code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn register_enterprise(&self, actor: Option<&Actor>, new: NewEnterprise) -> Result<enterprise::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let place = county_place(&txn, actor, "register enterprises", "登记企业").await?;
        let credit_code = CreditCode::parse(&new.credit_code).map_err(|v| Error::bad_input("creditCode", v))?;
        let name = required("name", &new.name)?;
        let now = chrono::Utc::now();
        let enterprise = enterprise::ActiveModel {
            credit_code: Set(credit_code.into_string()),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            legal_representative: Set(required("legalRepresentative", &new.legal_representative)?),
            address: Set(required("address", &new.address)?),
            phone: Set(phone("phone", new.phone.as_deref())?),
            status: Set(EnterpriseStatus::Active),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place };
        let change = Change::created(Action::RegisterEnterprise, &enterprise, &place, public(&enterprise));
        self.commit(txn, actor, change).await?;
        Ok(enterprise)
    }

    /// 修改企业信息 The county corrects an enterprise's registered details.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_enterprise(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        patch: EnterprisePatch,
    ) -> Result<enterprise::Model> {
        self.change_enterprise(actor, id, expected_version, Action::UpdateEnterprise, None, |next| {
            if let Some(name) = patch.name {
                next.name = required("name", &name)?;
                next.name_sort = sort_key(&next.name);
            }
            if let Some(legal) = patch.legal_representative {
                next.legal_representative = required("legalRepresentative", &legal)?;
            }
            if let Some(address) = patch.address {
                next.address = required("address", &address)?;
            }
            if let Some(value) = patch.phone {
                next.phone = phone("phone", value.as_deref())?;
            }
            Ok(())
        })
        .await
    }

    /// 变更企业状态 The county suspends, reactivates or deregisters an enterprise, with a reason. DEREGISTERED is
    /// final.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn change_enterprise_status(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        status: EnterpriseStatus,
        reason: &str,
    ) -> Result<enterprise::Model> {
        let reason = required("reason", reason)?;
        self.change_enterprise(actor, id, expected_version, Action::ChangeEnterpriseStatus, Some(reason), |next| {
            workflow::check(
                next.status,
                &[EnterpriseStatus::Active, EnterpriseStatus::Suspended],
                ("change the status of the enterprise", "变更企业状态"),
            )?;
            next.status = status;
            Ok(())
        })
        .await
    }

    /// The one way an enterprise record changes: read it, check the actor keeps the register, apply the change,
    /// save it against the version the client read, record the event.
    async fn change_enterprise(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        action: Action,
        reason: Option<String>,
        apply: impl FnOnce(&mut enterprise::Model) -> Result<()>,
    ) -> Result<enterprise::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = find::<enterprise::Entity>(&txn, id).await?;
        let place = Place {
            enterprise: Some(current.credit_code.clone()),
            ..county_place(&txn, actor, "change enterprises", "变更企业信息").await?
        };
        let mut next = current.clone();
        apply(&mut next)?;
        let updated = save(&txn, expected_version, next).await?;
        let change =
            Change::update(action, &place, (&current, &updated), |r| public_snapshot(public(r))).because(reason);
        self.commit(txn, actor, change).await?;
        Ok(updated)
    }

    /// 企业备案 A community records an enterprise's filing with it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn file_enterprise(
        &self,
        actor: Option<&Actor>,
        enterprise_id: i64,
        community_code: &str,
        filed_on: chrono::NaiveDate,
    ) -> Result<filing::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let community = find_by::<community::Entity>(&txn, community::Column::Code, community_code).await?;
        let place = place::of_community(&txn, &community).await?;
        require_tier(actor, Tier::Community, &place, "record filings in this community", "在该社区办理备案")?;
        let enterprise = find::<enterprise::Entity>(&txn, enterprise_id).await?;
        require_active(&enterprise, ("file the enterprise", "为该企业备案"))?;
        let filing = filing::ActiveModel {
            enterprise_id: Set(enterprise.id),
            community_id: Set(community.id),
            filed_on: Set(filed_on),
            filed_by: Set(actor.subject.clone()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place };
        let after =
            json!({ "creditCode": enterprise.credit_code, "communityCode": community.code, "filedOn": filed_on });
        let change = Change::created(Action::FileEnterprise, &filing, &place, after);
        self.commit(txn, actor, change).await?;
        Ok(filing)
    }
}
