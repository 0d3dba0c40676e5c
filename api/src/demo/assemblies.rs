//! The demo's owners' assemblies: one estate goes from a preparatory group through its first assembly meeting to an
//! owners' committee filed from the election; a later meeting adopts and rejects resolutions and replaces a member;
//! the town orders one decision corrected (complied with), revokes one resolution outright and revokes a committee's
//! decision it had ordered corrected. Elsewhere, one owners' committee is due for re-election, one's term has
//! expired, one does not work (the community acts for it and records a meeting), and one worked again.

use super::Demo;
use crate::auth::Role;
use crate::domain::calendar::today;
use crate::domain::fixed_point::Area;
use crate::error::Result;
use crate::service::assembly::{
    CorrectionStep, CorrectionTarget, NewCorrectionOrder, NewMeeting, NewPreparatoryGroup, NewPreparatoryMember,
    NewResolution,
};
use crate::service::committee::{ElectedBy, Joining, Leaving, MemberChanges, OwnersCommitteeFiling};
use chrono::{Days, Months, NaiveDate};
use entity::vocab::{AssemblyForm, AssemblyMatter, CommitteeKind, MemberChangeGround, PreparatoryMemberKind};
use entity::{committee, estate, resolution};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A resolution whose figures take `share_in` percent of the estate's area and owners as participants and
/// `share_for` percent of those as ayes.
fn resolution(
    estate: &estate::Model,
    matter: AssemblyMatter,
    text: &str,
    (share_in, share_for): (i64, i64),
) -> NewResolution {
    let (area, owners) = (estate.private_area, i64::from(estate.households));
    let (area_in, owners_in) = (area * share_in / 100, owners * share_in / 100);
    NewResolution {
        matter,
        text: text.into(),
        participating: (Area(area_in), owners_in),
        ayes: (Area(area_in * share_for / 100), owners_in * share_for / 100),
    }
}

impl Demo<'_> {
    pub(super) async fn assemblies(&mut self) -> Result<()> {
        let day = today();
        // Market estates without a committee yet, outside the county seat (its first 40 estates).
        let estates: Vec<estate::Model> = self
            .estates
            .iter()
            .skip(40)
            .filter(|p| !p.committee && p.serving.is_some())
            .map(|p| p.estate.clone())
            .collect();
        let [first, due, expired, idle, revived, ..] = &estates[..] else { return Ok(()) };
        self.first_assembly(first, day).await?;
        // An owners' committee within three months of the end of its term (two months left), and one past it.
        let five_years_ago = day.checked_sub_months(Months::new(60)).expect("a date");
        self.owners_committee(due, five_years_ago + Days::new(60)).await?;
        self.owners_committee(expired, five_years_ago - Days::new(40)).await?;
        // One that does not work: the community acts for it; one that worked again.
        let idle_committee = self.owners_committee(idle, day - Days::new(700)).await?;
        let reason = "过半数委员已搬离本小区，委员会连续六个月未召开会议";
        let since = Some(day - Days::new(90));
        let id = (idle_committee.id, idle_committee.version);
        self.service.mark_committee_not_functioning(self.actor(), id, since, reason).await?;
        // The county's staff (the system) supervise the community, so they act as it does: the meeting's convener
        // is the community.
        let meeting = NewMeeting {
            estate_id: idle.id,
            preparatory_group_id: None,
            held_on: day - Days::new(20),
            form: AssemblyForm::Written,
            totals: (Area(idle.private_area), i64::from(idle.households)),
            resolutions: vec![resolution(
                idle,
                AssemblyMatter::ElectCommittee,
                "启动业主委员会换届选举，由社区组织换届小组",
                (70, 80),
            )],
        };
        self.service.record_assembly_meeting(self.actor(), meeting).await?;
        let revived_committee = self.owners_committee(revived, day - Days::new(800)).await?;
        let (id, version) = (revived_committee.id, revived_committee.version);
        let marked = self
            .service
            .mark_committee_not_functioning(
                self.actor(),
                (id, version),
                Some(day - Days::new(200)),
                "主任长期外出务工，委员会无法召集会议",
            )
            .await?;
        self.service
            .restore_committee_functioning(
                self.actor(),
                (marked.id, marked.version),
                "经补选产生新任主任，委员会恢复正常运转",
            )
            .await?;
        Ok(())
    }

    /// An owners' committee of `estate`, elected on `elected_on` at an assembly wuye has no record of, filed ten
    /// days later, serving the longest term.
    async fn owners_committee(&mut self, estate: &estate::Model, elected_on: NaiveDate) -> Result<committee::Model> {
        let members = self.committee(estate, CommitteeKind::Owners, elected_on).members;
        let elected_by = ElectedBy::Assembly { estate_id: estate.id, elected_on };
        let filing =
            OwnersCommitteeFiling { elected_by, filed_on: elected_on + Days::new(10), term_end: None, members };
        self.service.file_owners_committee(self.actor(), filing).await
    }

    /// From the preparatory group to the owners' committee, its later meeting, a member replaced, and the town's
    /// corrections.
    async fn first_assembly(&mut self, estate: &estate::Model, day: NaiveDate) -> Result<()> {
        let person =
            |demo: &mut Self, kind, is_chair| NewPreparatoryMember { name: demo.dice.person(), kind, is_chair };
        let mut members = vec![
            person(self, PreparatoryMemberKind::Town, true),
            person(self, PreparatoryMemberKind::Community, false),
            person(self, PreparatoryMemberKind::Developer, false),
        ];
        for _ in 0..4 {
            members.push(person(self, PreparatoryMemberKind::OwnerRepresentative, false));
        }
        let group = NewPreparatoryGroup { estate_id: estate.id, formed_on: Some(day - Days::new(420)), members };
        let group = self.service.form_preparatory_group(self.actor(), group).await?;
        let totals = (Area(estate.private_area), i64::from(estate.households));
        let first = NewMeeting {
            estate_id: estate.id,
            preparatory_group_id: Some(group.id),
            held_on: day - Days::new(380),
            form: AssemblyForm::Meeting,
            totals,
            resolutions: vec![
                resolution(estate, AssemblyMatter::RulesOfProcedure, "通过《业主大会议事规则》", (80, 90)),
                resolution(estate, AssemblyMatter::ManagementStatute, "通过《管理规约》", (80, 85)),
                resolution(estate, AssemblyMatter::ElectCommittee, "选举产生第一届业主委员会（委员5名）", (80, 70)),
            ],
        };
        let first = self.service.record_assembly_meeting(self.actor(), first).await?;
        let election = self.resolution_of(first.id, 3).await?;
        let members = self.committee(estate, CommitteeKind::Owners, first.held_on).members;
        let filing = OwnersCommitteeFiling {
            elected_by: ElectedBy::Resolution(election.id),
            filed_on: first.held_on + Days::new(12),
            term_end: None,
            members,
        };
        let committee = self.service.file_owners_committee(self.actor(), filing).await?;

        // A later meeting the committee convenes: adopted, rejected and not quorate resolutions.
        let by_committee = self.staff(Role::Committee, &estate.code, "demo-committee");
        let later = NewMeeting {
            estate_id: estate.id,
            preparatory_group_id: None,
            held_on: day - Days::new(60),
            form: AssemblyForm::Written,
            totals,
            resolutions: vec![
                resolution(estate, AssemblyMatter::UseFund, "使用专项维修资金更换3号楼电梯主机", (75, 60)),
                resolution(estate, AssemblyMatter::CommonPartsUse, "在小区南门空地设置收费快递柜", (75, 60)),
                resolution(estate, AssemblyMatter::CommonPartsUse, "将小区消防通道划为固定车位出租", (80, 80)),
                resolution(
                    estate,
                    AssemblyMatter::ManagementStatute,
                    "管理规约增加：欠缴物业费的业主不得参加业主大会表决",
                    (75, 70),
                ),
                resolution(estate, AssemblyMatter::ElectCommittee, "罢免委员一名，补选委员一名", (75, 65)),
                resolution(estate, AssemblyMatter::Other, "建立业主议事微信群", (50, 90)),
            ],
        };
        let later = self.service.record_assembly_meeting(Some(&by_committee), later).await?;
        let replaced = self.resolution_of(later.id, 5).await?;
        let sitting = entity::committee_member::Entity::find()
            .filter(entity::committee_member::Column::CommitteeId.eq(committee.id))
            .order_by_desc(entity::committee_member::Column::Seat)
            .one(self.service.db())
            .await?
            .expect("a committee has members");
        let mut newcomer = self.committee(estate, CommitteeKind::Owners, later.held_on).members.remove(2);
        newcomer.position = sitting.position;
        let changes = MemberChanges {
            committee_id: committee.id,
            expected_version: committee.version,
            changed_on: Some(later.held_on + Days::new(3)),
            leaving: vec![Leaving {
                seat: sitting.seat,
                ground: MemberChangeGround::Removed,
                resolution_id: Some(replaced.id),
            }],
            joining: vec![Joining {
                member: newcomer,
                ground: MemberChangeGround::Elected,
                resolution_id: Some(replaced.id),
            }],
        };
        let committee = self.service.change_committee_members(self.actor(), changes).await?;

        // The town: the fire lane let out is revoked outright; the statute's clause is ordered corrected, and is.
        let fire_lane = self.resolution_of(later.id, 3).await?;
        let law = "《中华人民共和国消防法》第二十八条：不得占用、堵塞、封闭消防车通道";
        let notice =
            "经审查，业主大会将消防通道划为车位出租的决定违反《消防法》第二十八条，现予撤销，特此通告全体业主。";
        self.service
            .revoke_resolution(
                self.actor(),
                (fire_lane.id, fire_lane.version),
                (law, notice),
                Some(day - Days::new(40)),
            )
            .await?;
        let clause = self.resolution_of(later.id, 4).await?;
        let order = NewCorrectionOrder {
            target: CorrectionTarget::Resolution(clause.id),
            law: "《中华人民共和国民法典》第二百七十八条：业主共同决定事项由全体业主参与表决".into(),
            deadline: day - Days::new(10),
            notice: "管理规约限制欠费业主表决权的条款违反《民法典》第二百七十八条，责令业主大会于期限内改正，特此通告全体业主。".into(),
            issued_on: Some(day - Days::new(45)),
        };
        let order = self.service.issue_correction_order(self.actor(), order).await?;
        let report = CorrectionStep::Report {
            report: "已以书面征求意见方式删除该条款并重新公示管理规约".into()
        };
        let order = self
            .service
            .move_correction_order(Some(&by_committee), (order.id, order.version), report, Some(day - Days::new(15)))
            .await?;
        let accept = CorrectionStep::Accept { note: Some("经核查，已改正".into()) };
        self.service
            .move_correction_order(self.actor(), (order.id, order.version), accept, Some(day - Days::new(12)))
            .await?;

        // A committee decision ordered corrected and, not corrected, revoked.
        let order = NewCorrectionOrder {
            target: CorrectionTarget::CommitteeDecision {
                committee_id: committee.id,
                decision: "业主委员会决定将公共收益20万元借给物业服务企业周转".into(),
            },
            law: "《物业管理条例》第五十四条、《安徽省物业管理条例》：公共收益归全体业主所有，业主委员会无权出借"
                .into(),
            deadline: day - Days::new(5),
            notice: "业主委员会出借公共收益的决定违法，责令限期收回，特此通告全体业主。".into(),
            issued_on: Some(day - Days::new(30)),
        };
        let order = self.service.issue_correction_order(self.actor(), order).await?;
        let revoke = CorrectionStep::Revoke {
            notice: "业主委员会逾期未改正，镇人民政府撤销该决定，相关款项由社区监督收回，特此通告全体业主。".into(),
        };
        self.service.move_correction_order(self.actor(), (order.id, order.version), revoke, Some(day)).await?;
        Ok(())
    }

    /// The resolution on `item` of a meeting.
    async fn resolution_of(&self, meeting_id: i64, item: i32) -> Result<resolution::Model> {
        Ok(resolution::Entity::find()
            .filter(resolution::Column::MeetingId.eq(meeting_id))
            .filter(resolution::Column::Item.eq(item))
            .one(self.service.db())
            .await?
            .expect("the meeting's resolution"))
    }
}
