//! Enterprises: registered and kept by the county; filed with communities by the community.

use super::audit::{Change, public_snapshot};
use super::{Service, invalid, not_found, on_unique, place, require_tier, required_text, save_versioned, signed_in};
use crate::auth::{Actor, Place, Role, Tier};
use crate::domain::credit_code::CreditCode;
use crate::domain::sort_key::sort_key;
use crate::error::{Error, Result};
use entity::vocab::{EnterpriseStatus, Vocabulary};
use entity::{community, county, enterprise, filing};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

/// The fields of an enterprise that the county sets.
#[derive(Debug, Clone, Default)]
pub struct EnterpriseFields {
    pub name: Option<String>,
    pub legal_representative: Option<String>,
    pub address: Option<String>,
    pub phone: Option<Option<String>>,
}

fn public(enterprise: &enterprise::Model) -> Value {
    json!({
        "creditCode": enterprise.credit_code,
        "name": enterprise.name,
        "legalRepresentative": enterprise.legal_representative,
        "address": enterprise.address,
        "phone": enterprise.phone,
        "status": enterprise.status,
    })
}

/// The enterprise register is kept by county staff, of a county this deployment serves; its records lie in that
/// county.
async fn register_place(
    txn: &DatabaseTransaction,
    actor: &Actor,
    enterprise: Option<&str>,
    what: &str,
    what_zh: &str,
) -> Result<Place> {
    let served = match actor.role {
        Role::County => {
            county::Entity::find()
                .filter(county::Column::Code.is_in(actor.scope.codes().to_vec()))
                .order_by_asc(county::Column::Code)
                .one(txn)
                .await?
        }
        _ => None,
    };
    let Some(county) = served else {
        return Err(Error::Forbidden {
            message: format!("only staff of the county may {what}"),
            message_zh: format!("只有本县主管部门可以{what_zh}"),
        });
    };
    Ok(Place { county: Some(county.code), enterprise: enterprise.map(str::to_owned), ..Place::default() })
}

fn phone(field: &str, phone: Option<String>) -> Result<Option<String>> {
    let Some(phone) = phone.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()) else { return Ok(None) };
    let ok = phone.len() <= 20 && phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == ' ');
    if !ok {
        return Err(invalid(field, "phone", "not a phone number", "不是有效的电话号码"));
    }
    Ok(Some(phone))
}

impl Service {
    /// 登记企业 The county registers an enterprise under its unified social credit code.
    pub async fn register_enterprise(
        &self,
        actor: Option<&Actor>,
        credit_code: &str,
        fields: EnterpriseFields,
    ) -> Result<enterprise::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let place = register_place(&txn, actor, None, "register enterprises", "登记企业").await?;
        let credit_code = CreditCode::parse(credit_code).map_err(|v| Error::bad_input("creditCode", v))?;
        let name = required_text("name", fields.name.as_deref().unwrap_or(""))?;
        let legal_representative =
            required_text("legalRepresentative", fields.legal_representative.as_deref().unwrap_or(""))?;
        let address = required_text("address", fields.address.as_deref().unwrap_or(""))?;
        let phone = phone("phone", fields.phone.flatten())?;
        let now = chrono::Utc::now();
        let enterprise = enterprise::ActiveModel {
            credit_code: Set(credit_code.into_string()),
            name_sort: Set(sort_key(&name)),
            name: Set(name),
            legal_representative: Set(legal_representative),
            address: Set(address),
            phone: Set(phone),
            status: Set(EnterpriseStatus::Active),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            on_unique(e, "an enterprise with this credit code is registered already", "该统一社会信用代码的企业已登记")
        })?;
        let place = Place { enterprise: Some(enterprise.credit_code.clone()), ..place };
        let change = Change::new(
            "registerEnterprise",
            ("Enterprise", enterprise.id),
            &place,
            None,
            public_snapshot(public(&enterprise)),
        );
        self.commit(txn, actor, change).await?;
        Ok(enterprise)
    }

    /// 修改企业信息 The county corrects an enterprise's registered details.
    pub async fn update_enterprise(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        fields: EnterpriseFields,
    ) -> Result<enterprise::Model> {
        self.change_enterprise(actor, id, expected_version, "updateEnterprise", None, |next| {
            if let Some(name) = fields.name {
                next.name = required_text("name", &name)?;
                next.name_sort = sort_key(&next.name);
            }
            if let Some(legal) = fields.legal_representative {
                next.legal_representative = required_text("legalRepresentative", &legal)?;
            }
            if let Some(address) = fields.address {
                next.address = required_text("address", &address)?;
            }
            if let Some(value) = fields.phone {
                next.phone = phone("phone", value)?;
            }
            Ok(())
        })
        .await
    }

    /// 变更企业状态 The county suspends, reactivates or deregisters an enterprise, with a reason.
    pub async fn change_enterprise_status(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        status: EnterpriseStatus,
        reason: &str,
    ) -> Result<enterprise::Model> {
        let reason = required_text("reason", reason)?;
        self.change_enterprise(actor, id, expected_version, "changeEnterpriseStatus", Some(reason), |next| {
            if next.status == EnterpriseStatus::Deregistered {
                return Err(Error::InvalidState {
                    message: "the enterprise is DEREGISTERED, a final state; nothing may change it".into(),
                    message_zh: "企业已注销（终态），不能再变更状态".into(),
                });
            }
            next.status = status;
            Ok(())
        })
        .await
    }

    async fn change_enterprise(
        &self,
        actor: Option<&Actor>,
        id: i64,
        expected_version: i32,
        action: &'static str,
        reason: Option<String>,
        apply: impl FnOnce(&mut enterprise::Model) -> Result<()>,
    ) -> Result<enterprise::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let current = enterprise::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| not_found("enterprise"))?;
        let place =
            register_place(&txn, actor, Some(&current.credit_code), "change enterprises", "变更企业信息").await?;
        let mut next = current.clone();
        apply(&mut next)?;
        next.version = expected_version + 1;
        next.updated_at = chrono::Utc::now();
        save_versioned::<enterprise::Entity>(&txn, next.clone().into(), id, expected_version, "enterprise").await?;
        let change = Change::new(
            action,
            ("Enterprise", id),
            &place,
            Some(public_snapshot(public(&current))),
            public_snapshot(public(&next)),
        )
        .because(reason);
        self.commit(txn, actor, change).await?;
        Ok(next)
    }

    /// 企业备案 A community records an enterprise's filing with it.
    pub async fn file_enterprise(
        &self,
        actor: Option<&Actor>,
        enterprise_id: i64,
        community_code: &str,
        filed_on: chrono::NaiveDate,
    ) -> Result<filing::Model> {
        let actor = signed_in(actor)?;
        let txn = self.begin().await?;
        let community = community::Entity::find()
            .filter(community::Column::Code.eq(community_code))
            .one(&txn)
            .await?
            .ok_or_else(|| not_found("community"))?;
        let place = place::of_community(&txn, &community).await?;
        require_tier(actor, Tier::Community, &place, "record filings in this community", "在该社区办理备案")?;
        let enterprise =
            enterprise::Entity::find_by_id(enterprise_id).one(&txn).await?.ok_or_else(|| not_found("enterprise"))?;
        if enterprise.status != EnterpriseStatus::Active {
            return Err(Error::InvalidState {
                message: format!(
                    "the enterprise is {}; only an ACTIVE enterprise can be filed",
                    enterprise.status.code()
                ),
                message_zh: "只有状态正常的企业可以备案".into(),
            });
        }
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
        let change = Change::new("fileEnterprise", ("Filing", filing.id), &place, None, public_snapshot(after));
        self.commit(txn, actor, change).await?;
        Ok(filing)
    }
}
