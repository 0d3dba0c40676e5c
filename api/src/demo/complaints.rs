//! The demo's complaints: a year of them across the county's estates and categories, most from the 12345 hotline,
//! received and assigned by the town, answered by the community, the committee or the enterprise, closed with the
//! complainant's satisfaction — some late, some reopened, the latest still open, a few left overdue — and the joint
//! meetings that took some of them up.

use super::{Demo, Placed};
use crate::auth::{Actor, Role};
use crate::domain::calendar::local_date;
use crate::error::Result;
use crate::service::complaint::{ComplaintStep, NewComplaint};
use crate::service::joint_meeting::{Convener, NewMeeting};
use chrono::{DateTime, Duration, Utc};
use entity::complaint;
use entity::vocab::{ComplaintAssignee, ComplaintCategory, ComplaintChannel, MeetingParticipantKind, Satisfaction};
use sea_orm::EntityTrait;

/// Complaints per month, county-wide.
const PER_MONTH: usize = 24;

/// What residents complain about, weighted (one entry per share), with a typical report.
const CATEGORIES: [(ComplaintCategory, &str); 16] = [
    (ComplaintCategory::ServiceQuality, "物业人员服务态度差，报修后长时间无人处理"),
    (ComplaintCategory::ServiceQuality, "保安夜间脱岗，门岗无人值守"),
    (ComplaintCategory::Fees, "物业费上调未经业主大会表决"),
    (ComplaintCategory::Fees, "物业公司违规收取装修保证金"),
    (ComplaintCategory::Sanitation, "楼道垃圾多日未清运，气味难闻"),
    (ComplaintCategory::Sanitation, "化粪池堵塞外溢"),
    (ComplaintCategory::FacilityRepair, "电梯频繁故障困人"),
    (ComplaintCategory::FacilityRepair, "二次供水水压不足，高层停水"),
    (ComplaintCategory::Parking, "小区车位被外来车辆长期占用"),
    (ComplaintCategory::Parking, "消防通道被占用停车"),
    (ComplaintCategory::Security, "单元门禁损坏，陌生人随意进出"),
    (ComplaintCategory::Greening, "绿化带被私自改种蔬菜"),
    (ComplaintCategory::PublicIncome, "电梯广告收益去向不明，未按季度公示"),
    (ComplaintCategory::MaintenanceFund, "维修资金使用未公示费用明细"),
    (ComplaintCategory::Committee, "业委会换届选举程序不规范"),
    (ComplaintCategory::Other, "小区内噪音扰民"),
];

/// How a complaint's story goes after it is received.
#[derive(Clone, Copy, PartialEq)]
enum Story {
    /// Answered in good time and closed.
    OnTime,
    /// Answered after its due time.
    Late,
    /// Closed, disputed, assigned again and closed anew.
    Reopened,
    /// Assigned and never answered: overdue.
    Stuck,
}

impl Demo<'_> {
    pub(super) async fn complaints(&mut self) -> Result<()> {
        let estates = std::mem::take(&mut self.estates);
        let now = Utc::now();
        let mut taken_up: Vec<(String, Vec<complaint::Model>)> = Vec::new();
        for n in 0..12 * PER_MONTH {
            // From a year ago to yesterday, evenly, at office hours (08:00–18:00 county time).
            let day = now - Duration::days(365) + Duration::hours((n * 365 * 24 / (12 * PER_MONTH)) as i64);
            let received_at = day.date_naive().and_hms_opt(0, 0, 0).expect("midnight").and_utc()
                + Duration::minutes(self.dice.below(600) as i64);
            let placed = &estates[self.dice.below(estates.len())];
            let (category, summary) = CATEGORIES[self.dice.below(CATEGORIES.len())];
            let complaint = self.complaint(placed, category, summary, received_at, n).await?;
            let story = match self.dice.below(20) {
                0 => Story::Stuck,
                1..=3 => Story::Late,
                4..=5 => Story::Reopened,
                _ => Story::OnTime,
            };
            self.story(placed, complaint.clone(), story, now).await?;
            if category == ComplaintCategory::Parking || category == ComplaintCategory::PublicIncome {
                let town = self.town_of(placed).await?;
                match taken_up.iter_mut().find(|(t, _)| *t == town) {
                    Some((_, taken)) => taken.push(complaint),
                    None => taken_up.push((town, vec![complaint])),
                }
            }
        }
        self.estates = estates;
        self.joint_meetings(taken_up).await
    }

    /// The code of the town an estate lies in: its community's code begins with it (GB/T 2260).
    async fn town_of(&self, placed: &Placed) -> Result<String> {
        let community =
            entity::community::Entity::find_by_id(placed.estate.community_id).one(self.service.db()).await?;
        Ok(community.map(|c| c.code[..9].to_owned()).unwrap_or_default())
    }

    async fn complaint(
        &mut self,
        placed: &Placed,
        category: ComplaintCategory,
        summary: &str,
        received_at: DateTime<Utc>,
        n: usize,
    ) -> Result<complaint::Model> {
        let hotline = self.dice.below(4) != 0;
        let new = NewComplaint {
            channel: if hotline { ComplaintChannel::Hotline12345 } else { ComplaintChannel::WalkIn },
            ticket_number: hotline
                .then(|| format!("12345-{}-{:04}", local_date(received_at).format("%Y%m%d"), 100 + n)),
            category,
            estate_id: placed.estate.id,
            enterprise_id: None,
            summary: summary.into(),
            complainant_name: Some(self.dice.person()),
            complainant_phone: Some(format!("138{:08}", self.dice.below(100_000_000))),
            received_at: Some(received_at),
        };
        self.service.receive_complaint(self.actor(), new).await
    }

    /// Takes a complaint through its story, step by step, as far as the time since it was received allows.
    async fn story(
        &mut self,
        placed: &Placed,
        mut c: complaint::Model,
        story: Story,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let assignee = match (placed.serving.as_ref(), placed.committee, self.dice.below(3)) {
            (Some(_), _, 0 | 1) => ComplaintAssignee::Enterprise,
            (_, true, 2) => ComplaintAssignee::Committee,
            _ => ComplaintAssignee::Community,
        };
        let mut at = c.received_at + Duration::hours(2 + self.dice.below(20) as i64);
        let rounds = if story == Story::Reopened { 2 } else { 1 };
        for round in 0..rounds {
            if at > now {
                return Ok(());
            }
            c = self.step(&c, ComplaintStep::Assign { to: assignee }, at, None).await?;
            if story == Story::Stuck {
                return Ok(());
            }
            let hours = match story {
                Story::Late => 24 * 9 + self.dice.below(24 * 6),
                _ => 3 + self.dice.below(40),
            };
            at += Duration::hours(hours as i64);
            if at > now {
                return Ok(());
            }
            let respondent = self.respondent(placed, assignee);
            let body = "已现场核实并整改，整改情况已告知投诉人".to_owned();
            c = self.step(&c, ComplaintStep::Respond { body }, at, respondent.as_ref()).await?;
            at += Duration::hours(4 + self.dice.below(20) as i64);
            if at > now {
                return Ok(());
            }
            let reopening = story == Story::Reopened && round == 0;
            let satisfaction = if reopening {
                Satisfaction::Dissatisfied
            } else {
                *self.dice.pick(&[Satisfaction::Satisfied, Satisfaction::Satisfied, Satisfaction::BasicallySatisfied])
            };
            let outcome = "问题已解决，投诉人已知晓处理结果".to_owned();
            c = self.step(&c, ComplaintStep::Close { outcome, satisfaction }, at, None).await?;
            if reopening {
                at += Duration::hours(20 + self.dice.below(30) as i64);
                if at > now {
                    return Ok(());
                }
                let reason = "投诉人反映问题反弹，要求重新处理".to_owned();
                c = self.step(&c, ComplaintStep::Reopen { reason }, at, None).await?;
                at += Duration::hours(3);
            }
        }
        Ok(())
    }

    /// Who answers for `assignee`: the system acts as the community; a committee and an enterprise answer for
    /// themselves.
    fn respondent(&self, placed: &Placed, assignee: ComplaintAssignee) -> Option<Actor> {
        match assignee {
            ComplaintAssignee::Community => None,
            ComplaintAssignee::Committee => Some(self.staff(Role::Committee, &placed.estate.code, "demo-committee")),
            ComplaintAssignee::Enterprise => {
                placed.serving.as_ref().map(|e| self.staff(Role::Enterprise, &e.credit_code, "demo-enterprise-staff"))
            }
        }
    }

    async fn step(
        &self,
        c: &complaint::Model,
        step: ComplaintStep,
        at: DateTime<Utc>,
        by: Option<&Actor>,
    ) -> Result<complaint::Model> {
        let actor = by.or(self.actor());
        self.service.move_complaint(actor, (c.id, c.version), step, Some(at)).await
    }

    /// Towns whose residents complained most about parking and public income met with the bodies concerned.
    async fn joint_meetings(&mut self, mut taken_up: Vec<(String, Vec<complaint::Model>)>) -> Result<()> {
        taken_up.sort_by_key(|(_, taken)| std::cmp::Reverse(taken.len()));
        for (i, (town, taken)) in taken_up.into_iter().take(4).enumerate() {
            let held_on = local_date(Utc::now()) - Duration::days(20 + 45 * i as i64);
            let new = NewMeeting {
                convener: Convener::Town(town),
                held_on,
                participants: vec![
                    (MeetingParticipantKind::TownServiceCenter, "镇物业服务中心".into()),
                    (MeetingParticipantKind::Police, "辖区派出所".into()),
                    (MeetingParticipantKind::UrbanManagement, "镇综合行政执法队".into()),
                    (MeetingParticipantKind::Enterprise, "相关物业服务企业".into()),
                ],
                topics: vec!["小区停车秩序整治".into(), "公共收益公示不到位问题".into()],
                decisions: vec![
                    "派出所、执法队联合清理僵尸车和占用消防通道车辆".into(),
                    "物业服务企业于下季度首月补齐公共收益公示，社区督促落实".into(),
                ],
                // The complaints received before the meeting, the latest six.
                complaint_ids: taken
                    .iter()
                    .rev()
                    .filter(|c| local_date(c.received_at) <= held_on)
                    .take(6)
                    .map(|c| c.id)
                    .collect(),
            };
            self.service.record_joint_meeting(self.actor(), new).await?;
        }
        Ok(())
    }
}
