//! The demo's credit archive and assessment rounds.

use super::{Demo, TOWNS, date};
use crate::auth::Role;
use crate::domain::fixed_point::Score;
use crate::error::Result;
use crate::service::assessment::{CreditProposals, NewResult, NewRound};
use crate::service::credit::NewCreditRecord;
use chrono::NaiveDate;
use entity::enterprise;
use entity::vocab::{AssessmentLevel, AssessmentSubjectKind, Plaque, RecordKind};

/// What becomes of a demo credit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Proposed,
    Rejected,
    Confirmed,
    Revoked,
    /// Confirmed, objected to, and the objection upheld (the record revoked).
    Upheld,
    /// Confirmed, objected to, and the objection dismissed.
    Dismissed,
    /// Confirmed and objected to; the county has not decided.
    Pending,
}

/// What each demo record says happened, by rule.
const CREDIT_FACTS: [(&str, &str); 14] = [
    ("G01", "所服务项目获评全国物业管理示范项目"),
    ("G02", "所服务项目获评安徽省物业服务优秀项目"),
    ("G03", "获评淮北市物业服务先进单位"),
    ("G04", "获评濉溪县物业服务先进单位"),
    ("G05", "县级考核评比获评优秀"),
    ("B01", "业主诉物业服务合同纠纷案一审败诉"),
    ("B02", "上一季度公共收益未按期公示"),
    ("B03", "县级考核评比不合格"),
    ("B04", "在管项目未在所在社区办理备案"),
    ("B05", "市民服务热线投诉经核实属实"),
    ("B06", "拒不整改消防通道长期被占用问题"),
    ("V01", "挪用小区专项维修资金"),
    ("V02", "合同终止后拒不退出物业服务区域"),
    ("V03", "发生重大安全责任事故"),
];

impl Demo<'_> {
    /// The credit archive: records in every state, dated back from today, so that every grade from AAA to D shows
    /// today whatever the day the demo is loaded. (The rules and the scoring parameters come with the schema.)
    pub(super) async fn credit(&mut self, serving: &[enterprise::Model], suspended: &enterprise::Model) -> Result<()> {
        use Outcome::*;
        // (enterprise among those serving, rule, days before today it happened, what becomes of it)
        let plan: [(usize, &str, i64, Outcome); 25] = [
            // AAA: 80 + 16
            (0, "G01", 200, Confirmed),
            (0, "G02", 150, Confirmed),
            (0, "G03", 100, Confirmed),
            (0, "G04", 60, Confirmed),
            (0, "G05", 30, Confirmed),
            // AA: 80 + 5
            (1, "G03", 90, Confirmed),
            (1, "G04", 40, Confirmed),
            // B: 80 − 12
            (3, "B01", 120, Confirmed),
            (3, "B02", 80, Confirmed),
            (3, "B04", 20, Confirmed),
            // C: 80 − 21
            (4, "B06", 300, Confirmed),
            (4, "B01", 150, Confirmed),
            (4, "B02", 70, Confirmed),
            (4, "B05", 10, Confirmed),
            // D: a veto
            (5, "V02", 45, Confirmed),
            // A, with a good and a bad record
            (6, "G04", 50, Confirmed),
            (6, "B05", 25, Confirmed),
            // A: one record expired, one revoked
            (7, "B02", 400, Confirmed),
            (7, "B01", 90, Revoked),
            // Proposals rejected and pending
            (8, "B05", 15, Rejected),
            (9, "B04", 5, Proposed),
            // Objections upheld, dismissed and pending
            (10, "B01", 60, Upheld),
            (11, "B05", 35, Dismissed),
            (2, "B05", 12, Pending),
            (2, "G04", 110, Confirmed),
        ];
        let today = crate::domain::calendar::today();
        for (index, rule, days, outcome) in plan {
            self.credit_record(&serving[index], rule, today - chrono::Duration::days(days), outcome).await?;
        }
        // The suspended enterprise misused a maintenance fund, if it ever served here.
        if self.contracted.contains(&suspended.id) {
            self.credit_record(suspended, "V01", today - chrono::Duration::days(20), Confirmed).await?;
        }
        Ok(())
    }

    /// One record under `rule` about `enterprise`, proposed by the system for the county seat's staff and taken
    /// to `outcome`.
    async fn credit_record(
        &mut self,
        enterprise: &enterprise::Model,
        rule: &str,
        occurred_on: NaiveDate,
        outcome: Outcome,
    ) -> Result<()> {
        let facts = CREDIT_FACTS.iter().find(|(code, _)| *code == rule).map_or("（演示）", |(_, facts)| facts);
        let new = NewCreditRecord {
            enterprise_id: enterprise.id,
            rule_code: rule.into(),
            estate_id: None,
            facts: facts.to_string(),
            evidence: format!("濉物信〔{}〕{}号", occurred_on.format("%Y"), 100 + self.dice.below(900)),
            occurred_on,
        };
        let service = self.service;
        let record = service.propose_credit_record(self.actor(), new).await?;
        let (id, version) = (record.id, record.version);
        match outcome {
            Outcome::Proposed => return Ok(()),
            Outcome::Rejected => {
                service.reject_credit_record(self.actor(), id, version, "证据不足，不予认定").await?;
                return Ok(());
            }
            _ => {}
        }
        let record = service.confirm_credit_record(self.actor(), id, version).await?;
        let staff = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
        let objection = match outcome {
            Outcome::Revoked => {
                service.revoke_credit_record(self.actor(), id, record.version, "经复核，事实认定有误").await?;
                return Ok(());
            }
            Outcome::Upheld | Outcome::Dismissed | Outcome::Pending => {
                service.lodge_credit_objection(Some(&staff), id, "该事项已于当月整改完毕，且非本公司责任").await?
            }
            _ => return Ok(()),
        };
        let decision = match outcome {
            Outcome::Upheld => (true, "经核查，相关责任不在该企业"),
            Outcome::Dismissed => (false, "经核查，事实清楚、证据充分"),
            _ => return Ok(()),
        };
        let (uphold, reason) = decision;
        service.decide_credit_objection(self.actor(), objection.id, objection.version, uphold, reason).await?;
        Ok(())
    }

    /// Assessment rounds: the county's of the enterprises, published with proposals for its top and bottom result;
    /// the county seat's of its estates, still a draft.
    pub(super) async fn assessments(&mut self, serving: &[enterprise::Model], seat_estates: &[i64]) -> Result<()> {
        let county_round = NewRound {
            name: "2025年度物业服务企业考核评比".into(),
            period_start: date(2025, 1, 1),
            period_end: date(2025, 12, 31),
            level: AssessmentLevel::County,
            subject_kind: AssessmentSubjectKind::Enterprise,
            town_code: None,
        };
        let round = self.service.create_assessment_round(self.actor(), county_round).await?;
        let results = serving.iter().map(|e| self.result((RecordKind::Enterprise, e.id))).collect();
        let round = self.service.record_assessment_results(self.actor(), round.id, round.version, results).await?;
        let proposals =
            CreditProposals { top: 1, top_rule_code: "G05".into(), bottom: 1, bottom_rule_code: "B03".into() };
        self.service.publish_assessment_round(self.actor(), round.id, round.version, Some(proposals)).await?;

        let town_round = NewRound {
            name: "2026年上半年小区物业服务评比".into(),
            period_start: date(2026, 1, 1),
            period_end: date(2026, 6, 30),
            level: AssessmentLevel::Town,
            subject_kind: AssessmentSubjectKind::Estate,
            town_code: Some(TOWNS[0].0.into()),
        };
        let round = self.service.create_assessment_round(self.actor(), town_round).await?;
        let results = seat_estates.iter().take(12).map(|id| self.result((RecordKind::Estate, *id))).collect();
        self.service.record_assessment_results(self.actor(), round.id, round.version, results).await?;
        Ok(())
    }

    /// A result for `subject`: a score from 60 to 99.5, and the plaque it earns.
    fn result(&mut self, subject: (RecordKind, i64)) -> NewResult {
        let score = 6_000 + 50 * self.dice.below(80) as i64;
        let plaque = match score {
            9_500.. => Plaque::FiveStar,
            9_000.. => Plaque::FourStar,
            8_500.. => Plaque::ThreeStar,
            8_000.. => Plaque::TwoStar,
            7_000.. => Plaque::OneStar,
            _ => Plaque::None,
        };
        let measures = match plaque {
            Plaque::FiveStar => Some("通报表扬，授予五星级物业服务项目牌匾".to_owned()),
            Plaque::None => Some("约谈企业负责人，限期整改".to_owned()),
            _ => None,
        };
        NewResult { subject, score: Score(score), plaque, measures }
    }
}
