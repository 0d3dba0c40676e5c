//! 巡查、安全检查 Inspections: community, town or county staff record what they checked on an estate, item by
//! item. Findings kept from the public (a security weakness) enter the audit log in its staff-only part.

use super::super::action::Action;
use super::super::audit::{Change, snapshot};
use super::super::{Service, place, signed_in};
use super::acting_body;
use crate::auth::Actor;
use crate::domain::calendar::today;
use crate::domain::supervision::{ChecklistItem, check_checklist, check_day};
use crate::domain::text::optional;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::{InspectionKind, SupervisoryTier};
use entity::{inspection, inspection_item};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

/// An inspection as staff record it.
#[derive(Debug, Clone)]
pub struct NewInspection {
    pub estate_id: i64,
    pub inspected_on: NaiveDate,
    pub kind: InspectionKind,
    /// The body that inspected; by default the recorder's own tier.
    pub body: Option<SupervisoryTier>,
    pub summary: Option<String>,
    pub items: Vec<ChecklistItem>,
}

/// The earliest day an inspection may be dated (the county policy took effect in 2021).
fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 1).expect("a date")
}

fn item_json(position: usize, item: &ChecklistItem) -> Value {
    json!({ "position": position, "item": item.item, "result": item.result, "note": item.note })
}

/// The audit snapshot: the public part holds what the public reads, the withheld findings are staff-only.
fn view(inspection: &inspection::Model, items: &[ChecklistItem]) -> Value {
    let numbered = || items.iter().enumerate().map(|(i, item)| (i + 1, item));
    let public: Vec<Value> = numbered().filter(|(_, i)| i.public).map(|(p, i)| item_json(p, i)).collect();
    let withheld: Vec<Value> = numbered().filter(|(_, i)| !i.public).map(|(p, i)| item_json(p, i)).collect();
    snapshot(
        json!({
            "inspectedOn": inspection.inspected_on,
            "kind": inspection.kind,
            "body": inspection.body,
            "bodyCode": inspection.body_code,
            "bodyName": inspection.body_name,
            "summary": inspection.summary,
            "items": public,
        }),
        json!({ "withheldItems": withheld }),
    )
}

impl Service {
    /// 记录巡查检查 Community, town or county staff record an inspection of an estate in their scope.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_inspection(&self, actor: Option<&Actor>, new: NewInspection) -> Result<inspection::Model> {
        let actor = signed_in(actor)?;
        let items = check_checklist(new.items)?;
        let summary = optional("summary", new.summary.as_deref())?;
        check_day("inspectedOn", new.inspected_on, earliest(), today())?;
        let txn = self.begin().await?;
        let (estate, place) = place::estate(&txn, new.estate_id).await?;
        let all = [SupervisoryTier::County, SupervisoryTier::Town, SupervisoryTier::Community];
        let words = ("record inspections of this estate", "记录该小区的巡查检查");
        let body = acting_body(&txn, actor, &place, new.body, &all, words).await?;
        let now = chrono::Utc::now();
        let inspection = inspection::ActiveModel {
            estate_id: Set(estate.id),
            inspected_on: Set(new.inspected_on),
            kind: Set(new.kind),
            body: Set(body.tier),
            body_code: Set(body.code),
            body_name: Set(body.name),
            summary: Set(summary),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        for (i, item) in items.iter().enumerate() {
            inspection_item::ActiveModel {
                inspection_id: Set(inspection.id),
                position: Set(i as i32 + 1),
                item: Set(item.item.clone()),
                result: Set(item.result),
                note: Set(item.note.clone()),
                is_public: Set(item.public),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let change = Change::new(Action::RecordInspection, &inspection, &place, None, view(&inspection, &items));
        self.commit(txn, actor, change).await?;
        Ok(inspection)
    }
}
