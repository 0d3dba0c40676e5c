//! The demo's supervision: a year of inspections (the communities' monthly rounds, the towns' quarterly safety
//! checks, fire checks before winter and flood checks before the rainy season), some findings kept from the public,
//! and rectification notices in every state — issued, overdue, reported, reopened after a failed check, passed,
//! withdrawn, one to a committee, one following a complaint — and one left unverified long enough that wuye proposed
//! the credit record for refusing to correct (rule B06); a year of hazard reports from committees and enterprises (most in the county seat),
//! acknowledged, referred and closed by the towns (a few still open past 30 days); and the county's enforcement
//! cases: a fine published in time, a warning published late, and a case still under investigation.

use super::{Demo, Placed};
use crate::auth::{Actor, Role};
use crate::domain::calendar::today;
use crate::domain::fixed_point::Money;
use crate::domain::supervision::{ChecklistItem, Deadline};
use crate::error::Result;
use crate::service::supervision::{
    Decision, HazardStep, NewEnforcementCase, NewHazardReport, NewInspection, NewRectificationNotice, RectificationStep,
};
use chrono::{Days, NaiveDate};
use entity::vocab::{
    CaseDecision, Department, HazardCategory, InspectionKind, InspectionResult, NoticeAddressee, SupervisoryTier,
};
use entity::{complaint, enterprise, inspection, rectification_notice};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// An item of a checklist: what is checked, the finding it may report, and whether that finding is public.
type Check = (&'static str, &'static str, bool);

/// What each kind of inspection checks.
const CHECKLISTS: [(InspectionKind, &[Check]); 5] = [
    (
        InspectionKind::Routine,
        &[
            ("公共区域保洁", "楼道、地下车库保洁不到位", true),
            ("绿化养护", "绿化带杂草丛生，未按合同修剪", true),
            ("门岗值守", "门岗夜间无人值守", true),
            ("信息公示栏", "公示栏未更新本季度公共收益", true),
        ],
    ),
    (
        InspectionKind::Safety,
        &[
            ("消防设施", "部分楼层灭火器过期未更换", true),
            ("监控系统", "监控室门禁失效，部分摄像头位置可被规避", false),
            ("配电房", "配电房门锁损坏，无警示标识", true),
            ("高空坠物隐患", "外墙瓷砖空鼓脱落风险", true),
        ],
    ),
    (
        InspectionKind::Fire,
        &[
            ("消防通道", "消防通道被车辆长期占用", true),
            ("消火栓", "室内消火栓无水", true),
            ("电动车充电", "楼道内电动自行车充电", true),
        ],
    ),
    (
        InspectionKind::Flood,
        &[("排水管网", "雨水井堵塞未清掏", true), ("地下车库挡水", "地下车库入口无挡水设施", true)],
    ),
    (InspectionKind::Elevator, &[("电梯年检标志", "电梯年检标志过期", true), ("应急通话", "轿厢应急通话故障", true)]),
];

/// Hazards as reported: category, where, what was done, what was found, and the department it goes to.
const HAZARDS: [(HazardCategory, &str, &str, &str, Department, &str); 6] = [
    (
        HazardCategory::IllegalConstruction,
        "3号楼顶层",
        "已劝阻并拍照留证",
        "业主在屋顶私自搭建彩钢房",
        Department::UrbanManagement,
        "濉溪县城市管理行政执法局",
    ),
    (
        HazardCategory::FireLaneBlocked,
        "小区东侧消防通道",
        "已张贴告知书并联系车主",
        "多辆私家车长期占用消防通道",
        Department::FireRescue,
        "濉溪县消防救援大队",
    ),
    (
        HazardCategory::UnsafeStructure,
        "7号楼2单元",
        "已设置警戒线",
        "住户装修拆除承重墙",
        Department::Housing,
        "濉溪县住房和城乡建设局",
    ),
    (
        HazardCategory::GroupRental,
        "5号楼1单元",
        "已登记并告知社区",
        "一套住房隔断出租给十余人居住",
        Department::Police,
        "濉溪县公安局城关派出所",
    ),
    (
        HazardCategory::DamageToCommonParts,
        "地下车库",
        "已制止并要求恢复",
        "商户私接公共用电",
        Department::MarketRegulation,
        "濉溪县市场监督管理局",
    ),
    (
        HazardCategory::Other,
        "小区西门",
        "已劝离",
        "流动摊贩占道经营",
        Department::UrbanManagement,
        "濉溪县城市管理行政执法局",
    ),
];

/// The facts and the decisions of the demo's cases.
const CASE_FACTS: [&str; 3] = [
    "未按规定公示公共收益收支情况，挪用电梯广告收益",
    "消防设施长期失效未维修，经整改通知后仍未落实",
    "拒不执行整改通知，消防通道占用问题持续存在",
];
const CASE_DECISIONS: [&str; 3] =
    ["罚款人民币贰万元，责令30日内退还挪用的公共收益", "给予警告，责令限期完成消防设施维修", ""];

const BASIS: &str = "《物业管理条例》第三十五条、第四十五条；县政府《关于进一步加强物业管理工作的意见》四(二)7";

impl Demo<'_> {
    pub(super) async fn supervision(&mut self) -> Result<()> {
        let estates = std::mem::take(&mut self.estates);
        let day = today();
        let year_ago = day - Days::new(365);
        let mut with_findings: Vec<inspection::Model> = Vec::new();
        // Each month, the communities of a few estates walk them; each quarter the towns check safety.
        for month in 0..12u64 {
            for round in 0..4 {
                let placed = &estates[self.dice.below(estates.len())];
                let on = year_ago + Days::new(month * 30 + 3 + round * 6);
                let inspection = self.inspect(placed, on, InspectionKind::Routine, SupervisoryTier::Community).await?;
                with_findings.extend(inspection);
            }
            let seasonal = match month % 12 {
                5 => Some(InspectionKind::Flood),
                10 | 11 => Some(InspectionKind::Fire),
                1 | 7 => Some(InspectionKind::Elevator),
                _ => None,
            };
            if month % 3 == 0 || seasonal.is_some() {
                let kind = seasonal.unwrap_or(InspectionKind::Safety);
                for round in 0..3 {
                    let placed = &estates[self.dice.below(estates.len())];
                    let on = year_ago + Days::new(month * 30 + 12 + round * 4);
                    let inspection = self.inspect(placed, on, kind, SupervisoryTier::Town).await?;
                    with_findings.extend(inspection);
                }
            }
        }
        self.notices(&estates, &with_findings, day).await?;
        self.service.propose_refusals(day, super::REASON).await?;
        self.hazards(&estates, day).await?;
        self.cases(&estates, day).await?;
        self.estates = estates;
        Ok(())
    }

    /// Hazard reports: eight a month, most from the county seat's estates (where the town-by-month statistics show
    /// figures; elsewhere their cells are suppressed), from an estate's committee or the enterprise serving it.
    async fn hazards(&mut self, estates: &[Placed], day: NaiveDate) -> Result<()> {
        // The county seat's estates come first (demo/mod.rs).
        let seat = &estates[..estates.len().min(40)];
        for n in 0..96u64 {
            let placed =
                if n % 4 == 3 { &estates[self.dice.below(estates.len())] } else { &seat[self.dice.below(seat.len())] };
            let reporter = match (placed.committee, placed.serving.as_ref()) {
                (true, _) if n % 2 == 0 => self.staff(Role::Committee, &placed.estate.code, "demo-committee"),
                (_, Some(enterprise)) => self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff"),
                (true, None) => self.staff(Role::Committee, &placed.estate.code, "demo-committee"),
                (false, None) => continue,
            };
            let (category, location, action, description, department, department_name) =
                HAZARDS[self.dice.below(HAZARDS.len())];
            // From a year ago to ten days ago, evenly.
            let reported_on = day - Days::new(365 - n * 355 / 95);
            let new = NewHazardReport {
                estate_id: placed.estate.id,
                category,
                location: location.into(),
                action_taken: action.into(),
                description: description.into(),
                reported_on: Some(reported_on),
            };
            let report = self.service.report_hazard(Some(&reporter), new).await?;
            // The latest ones wait for the town; a few stay with the department; the rest are closed.
            let stage = if n >= 93 {
                0
            } else if n % 23 == 7 {
                2
            } else {
                3
            };
            let mut current = report;
            for step in 1..=stage {
                let (step, on) = match step {
                    1 => (HazardStep::Acknowledge, reported_on + Days::new(1)),
                    2 => (
                        HazardStep::Refer {
                            department,
                            department_name: department_name.into(),
                            note: Some("请依职责查处并反馈结果".into()),
                        },
                        reported_on + Days::new(3),
                    ),
                    _ => (
                        HazardStep::Close {
                            outcome: "主管部门已责令改正，现场复查已整改完毕".into()
                        },
                        reported_on + Days::new(10 + n % 20),
                    ),
                };
                let target = (current.id, current.version);
                current = self.service.move_hazard_report(self.actor(), target, step, Some(on.min(day))).await?;
            }
        }
        Ok(())
    }

    /// Three cases against enterprises serving the county seat's estates.
    async fn cases(&mut self, estates: &[Placed], day: NaiveDate) -> Result<()> {
        let served: Vec<&Placed> = estates.iter().filter(|p| p.serving.is_some()).collect();
        // (days ago opened; days ago decided and published; decision, fine)
        type Story = (u64, Option<(u64, u64)>, CaseDecision, Option<&'static str>);
        let stories: [Story; 3] = [
            (120, Some((90, 87)), CaseDecision::Fine, Some("20000.00")),
            (75, Some((50, 30)), CaseDecision::Warning, None),
            (10, None, CaseDecision::OrderToCorrect, None),
        ];
        for (i, (opened, decided, decision, fine)) in stories.into_iter().enumerate() {
            let placed = served[(i * 5 + 2) % served.len()];
            let Some(enterprise) = placed.serving.as_ref() else { continue };
            let refused = rectification_notice::Entity::find()
                .filter(rectification_notice::Column::CreditRecordId.is_not_null())
                .one(self.service.db())
                .await?;
            let (estate_ids, notice_id, enterprise_id) = match (i, refused) {
                (2, Some(notice)) => {
                    (vec![notice.estate_id], Some(notice.id), notice.enterprise_id.unwrap_or(enterprise.id))
                }
                _ => (vec![placed.estate.id], None, enterprise.id),
            };
            let new = NewEnforcementCase {
                enterprise_id,
                estate_ids,
                facts: CASE_FACTS[i].into(),
                legal_basis: "《物业管理条例》第五十九条至第六十四条；《安徽省物业管理条例》".into(),
                notice_id,
                hazard_report_id: None,
                complaint_id: None,
                opened_on: Some(day - Days::new(opened)),
            };
            let case = self.service.open_enforcement_case(self.actor(), new).await?;
            let Some((decided, published)) = decided else { continue };
            let decision = Decision {
                decision,
                fine: fine.map(|f| Money::parse(f).expect("a demo amount")),
                decision_number: format!("濉住建罚〔{}〕{}号", (day - Days::new(decided)).format("%Y"), 10 + i),
                summary: Some(CASE_DECISIONS[i].into()),
                decided_on: Some(day - Days::new(decided)),
            };
            let case = self.service.decide_enforcement_case(self.actor(), (case.id, case.version), decision).await?;
            let on = Some(day - Days::new(published));
            self.service.publish_enforcement_case(self.actor(), (case.id, case.version), on).await?;
        }
        Ok(())
    }

    /// Records one inspection; returns it when it found something.
    async fn inspect(
        &mut self,
        placed: &Placed,
        on: NaiveDate,
        kind: InspectionKind,
        body: SupervisoryTier,
    ) -> Result<Option<inspection::Model>> {
        let checklist = CHECKLISTS.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, items)| *items);
        let mut found = false;
        let items = checklist
            .iter()
            .map(|&(item, finding, public)| {
                let result = match self.dice.below(10) {
                    0 | 1 => InspectionResult::Finding,
                    2 if kind != InspectionKind::Routine => InspectionResult::NotApplicable,
                    _ => InspectionResult::InOrder,
                };
                let is_finding = result == InspectionResult::Finding;
                found |= is_finding;
                ChecklistItem {
                    item: item.into(),
                    result,
                    note: is_finding.then(|| finding.into()),
                    public: public || !is_finding,
                }
            })
            .collect();
        let new = NewInspection {
            estate_id: placed.estate.id,
            inspected_on: on,
            kind,
            body: Some(body),
            summary: Some(if found { "发现问题已当场告知物业服务企业" } else { "未发现问题" }.into()),
            items,
        };
        let inspection = self.service.record_inspection(self.actor(), new).await?;
        Ok(found.then_some(inspection))
    }

    /// Notices in every state, about estates an enterprise serves (and one about a committee).
    async fn notices(&mut self, estates: &[Placed], findings: &[inspection::Model], day: NaiveDate) -> Result<()> {
        let served: Vec<&Placed> = estates.iter().filter(|p| p.serving.is_some()).collect();
        // (days ago issued, working days given, story)
        let stories: [(u64, i32, &str); 8] = [
            (240, 15, "passed"),
            (150, 10, "reopened-passed"),
            (80, 10, "refused"),
            (45, 10, "reopened"),
            (12, 10, "reported"),
            (15, 5, "overdue"),
            (60, 10, "withdrawn"),
            (5, 20, "issued"),
        ];
        for (i, (ago, working_days, story)) in stories.into_iter().enumerate() {
            let placed = served[(i * 7 + 3) % served.len()];
            let issued_on = day - Days::new(ago);
            let inspection = findings.iter().find(|f| f.estate_id == placed.estate.id && f.inspected_on <= issued_on);
            let complaint = if inspection.is_none() && story == "issued" {
                complaint::Entity::find()
                    .filter(complaint::Column::EstateId.eq(placed.estate.id))
                    .one(self.service.db())
                    .await?
            } else {
                None
            };
            let new = NewRectificationNotice {
                estate_id: placed.estate.id,
                addressee: NoticeAddressee::Enterprise,
                inspection_id: inspection.map(|f| f.id),
                complaint_id: complaint.map(|c| c.id),
                items: vec!["清理消防通道占用车辆，设置禁停标识".into(), "更换过期灭火器并建立巡检台账".into()],
                legal_basis: BASIS.into(),
                issuer: Some(if story == "refused" { SupervisoryTier::County } else { SupervisoryTier::Town }),
                issued_on: Some(issued_on),
                deadline: Deadline::WorkingDays(working_days),
            };
            let notice = self.service.issue_rectification_notice(self.actor(), new).await?;
            self.tell(notice, story, day).await?;
        }
        if let Some(placed) = estates.iter().find(|p| p.committee) {
            let new = NewRectificationNotice {
                estate_id: placed.estate.id,
                addressee: NoticeAddressee::Committee,
                inspection_id: None,
                complaint_id: None,
                items: vec!["按季度公示公共收益收支情况".into()],
                legal_basis: "县政府《关于进一步加强物业管理工作的意见》四(四)".into(),
                issuer: Some(SupervisoryTier::Town),
                issued_on: Some(day - Days::new(12)),
                deadline: Deadline::On(day + Days::new(20)),
            };
            self.service.issue_rectification_notice(self.actor(), new).await?;
        }
        Ok(())
    }

    /// Takes a notice through its story.
    async fn tell(&self, mut notice: rectification_notice::Model, story: &str, day: NaiveDate) -> Result<()> {
        let enterprise = match notice.enterprise_id {
            Some(id) => enterprise::Entity::find_by_id(id).one(self.service.db()).await?,
            None => None,
        };
        let Some(enterprise) = enterprise else { return Ok(()) };
        let addressee = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
        let report = |notice: &rectification_notice::Model| {
            let on = (notice.deadline - Days::new(2)).min(day);
            (
                RectificationStep::Report {
                    report: "已清理占用车辆、施划禁停线，更换灭火器12具".into()
                },
                on,
            )
        };
        match story {
            "passed" | "reopened-passed" | "reopened" | "reported" => {
                let (step, on) = report(&notice);
                notice = self.notice_step(&notice, step, on, Some(&addressee)).await?;
            }
            "withdrawn" => {
                let step = RectificationStep::Withdraw {
                    reason: "经复核，问题系施工单位临时占用，已由住建部门另行处理".into(),
                };
                self.notice_step(&notice, step, notice.issued_on + Days::new(3), None).await?;
                return Ok(());
            }
            _ => return Ok(()),
        }
        if story == "reopened-passed" || story == "reopened" {
            let on = notice.reported_on.unwrap_or(day) + Days::new(2);
            let step = RectificationStep::Fail {
                open_items: vec![1],
                deadline: Deadline::WorkingDays(if story == "reopened" { 15 } else { 10 }),
                note: "复查时消防通道仍有车辆占用".into(),
            };
            notice = self.notice_step(&notice, step, on.min(day), None).await?;
            if story == "reopened" {
                return Ok(());
            }
            let (step, on) = report(&notice);
            notice = self.notice_step(&notice, step, on, Some(&addressee)).await?;
        }
        if story != "reported" {
            let on = (notice.reported_on.unwrap_or(day) + Days::new(3)).min(day);
            let step = RectificationStep::Pass { note: Some("现场复查，整改到位".into()) };
            self.notice_step(&notice, step, on, None).await?;
        }
        Ok(())
    }

    async fn notice_step(
        &self,
        notice: &rectification_notice::Model,
        step: RectificationStep,
        on: NaiveDate,
        by: Option<&Actor>,
    ) -> Result<rectification_notice::Model> {
        let actor = by.or(self.actor());
        self.service.move_rectification_notice(actor, (notice.id, notice.version), step, Some(on)).await
    }
}
