//! Joint meetings (联席会议): a town or community records the meeting it convened with the bodies concerned, the
//! topics, the decisions, and the complaints of its estates it took up. Public once recorded.

use super::action::Action;
use super::audit::{Change, snapshot};
use super::{Service, find, find_by, place, require_tier, signed_in};
use crate::auth::{Actor, Place, Tier};
use crate::domain::InvalidField;
use crate::domain::calendar::today;
use crate::domain::text::required;
use crate::error::Result;
use chrono::NaiveDate;
use entity::vocab::MeetingParticipantKind;
use entity::{community, complaint, joint_meeting, joint_meeting_complaint, town};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde_json::json;

/// Who convened: a town, or a community.
#[derive(Debug, Clone)]
pub enum Convener {
    Town(String),
    Community(String),
}

/// A meeting as staff record it.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub convener: Convener,
    pub held_on: NaiveDate,
    /// The bodies that took part (never private persons): what kind of body, and its name.
    pub participants: Vec<(MeetingParticipantKind, String)>,
    pub topics: Vec<String>,
    pub decisions: Vec<String>,
    pub complaint_ids: Vec<i64>,
}

/// Each text of a list is required; the list has at least `min`.
fn texts(field: &str, items: &[String], min: usize) -> Result<Vec<String>> {
    if items.len() < min {
        let message = format!("at least {min} needed");
        return Err(InvalidField::new(field, "too-few", message, format!("至少需要{min}项")).into());
    }
    Ok(items.iter().enumerate().map(|(i, t)| required(&format!("{field}[{i}]"), t)).collect::<Result<_, _>>()?)
}

/// The convener's town, community (if a community convened) and place.
async fn convener(
    txn: &DatabaseTransaction,
    convener: &Convener,
) -> Result<(town::Model, Option<community::Model>, Place)> {
    match convener {
        Convener::Town(code) => {
            let town = find_by::<town::Entity>(txn, town::Column::Code, code).await?;
            let place = place::of_town(txn, &town).await?;
            Ok((town, None, place))
        }
        Convener::Community(code) => {
            let community = find_by::<community::Entity>(txn, community::Column::Code, code).await?;
            let town = find::<town::Entity>(txn, community.town_id).await?;
            let place = place::of_community(txn, &community).await?;
            Ok((town, Some(community), place))
        }
    }
}

impl Service {
    /// 记录联席会议 A town or community records a joint meeting it convened.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_joint_meeting(&self, actor: Option<&Actor>, new: NewMeeting) -> Result<joint_meeting::Model> {
        let actor = signed_in(actor)?;
        if new.held_on > today() {
            let message = "a meeting is recorded once held";
            return Err(InvalidField::new("heldOn", "not-in-future", message, "会议召开后方可记录").into());
        }
        if new.participants.len() < 2 {
            let message = "a joint meeting brings together at least two bodies";
            return Err(InvalidField::new("participants", "too-few", message, "联席会议至少有两个参加单位").into());
        }
        let participants: Vec<_> = new
            .participants
            .iter()
            .enumerate()
            .map(|(i, (kind, name))| {
                Ok(json!({ "kind": kind, "name": required(&format!("participants[{i}].name"), name)? }))
            })
            .collect::<Result<_>>()?;
        let topics = texts("topics", &new.topics, 1)?;
        let decisions = texts("decisions", &new.decisions, 0)?;
        let txn = self.begin().await?;
        let (town, community, place) = convener(&txn, &new.convener).await?;
        let tier = if community.is_some() { Tier::Community } else { Tier::Town };
        require_tier(actor, tier, &place, "record joint meetings here", "在此记录联席会议")?;
        let mut complaint_ids = new.complaint_ids.clone();
        complaint_ids.sort_unstable();
        complaint_ids.dedup();
        for (i, id) in complaint_ids.iter().enumerate() {
            let complaint = find::<complaint::Entity>(&txn, *id).await?;
            let (_estate, lies) = place::estate(&txn, complaint.estate_id).await?;
            let inside = match &community {
                Some(c) => lies.community.as_deref() == Some(&c.code),
                None => lies.town.as_deref() == Some(&town.code),
            };
            if !inside {
                let message = "a meeting takes up complaints about estates of its convener";
                let error = InvalidField::new(
                    format!("complaintIds[{i}]"),
                    "complaint-in-region",
                    message,
                    "只能研究本辖区小区的投诉",
                );
                return Err(error.into());
            }
            if crate::domain::calendar::local_date(complaint.received_at) > new.held_on {
                let message = "a meeting takes up complaints received by the day it was held";
                let error = InvalidField::new(
                    format!("complaintIds[{i}]"),
                    "complaint-before-meeting",
                    message,
                    "只能研究会议召开前受理的投诉",
                );
                return Err(error.into());
            }
        }
        let now = chrono::Utc::now();
        let meeting = joint_meeting::ActiveModel {
            town_id: Set(town.id),
            community_id: Set(community.as_ref().map(|c| c.id)),
            held_on: Set(new.held_on),
            participants: Set(serde_json::to_string(&participants).unwrap_or_default()),
            topics: Set(serde_json::to_string(&topics).unwrap_or_default()),
            decisions: Set(serde_json::to_string(&decisions).unwrap_or_default()),
            ..Default::default()
        }
        .first_version(now)
        .insert(&txn)
        .await?;
        for id in &complaint_ids {
            joint_meeting_complaint::ActiveModel { meeting_id: Set(meeting.id), complaint_id: Set(*id) }
                .insert(&txn)
                .await?;
        }
        let public = json!({
            "heldOn": meeting.held_on, "participants": participants, "topics": topics, "decisions": decisions,
            "complaintsTakenUp": complaint_ids.len(),
        });
        let after = snapshot(public, json!({ "complaintIds": complaint_ids }));
        self.commit(txn, actor, Change::new(Action::RecordJointMeeting, &meeting, &place, None, after)).await?;
        Ok(meeting)
    }
}
