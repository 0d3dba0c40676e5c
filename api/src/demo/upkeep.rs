//! The county's upkeep of what it keeps: its credit rule book (a rule added and its points raised, one retired),
//! the scoring parameters and a complaint time limit announced for a later day, and records of the registry put
//! right (an enterprise's new office, an estate's buildings recounted). Later days keep their distance from
//! tomorrow, which staff (and tests) may choose for their own changes.

use super::Demo;
use crate::domain::calendar::today;
use crate::domain::credit::Scoring;
use crate::error::Result;
use crate::service::credit::{CreditRulePatch, NewCreditRule};
use crate::service::enterprise::EnterprisePatch;
use crate::service::estate::EstatePatch;
use chrono::Days;
use entity::vocab::{ComplaintCategory, CreditRuleKind};
use entity::{credit_scoring, enterprise, estate};
use sea_orm::{EntityTrait, QueryOrder};

/// Days from today to when what the county announces takes effect.
const NOTICE_DAYS: u64 = 60;

impl Demo<'_> {
    pub(super) async fn upkeep(&mut self, enterprise: &enterprise::Model) -> Result<()> {
        let rule = NewCreditRule {
            code: "B09".into(),
            name_zh: "未在小区显著位置公示物业服务收费标准".into(),
            name_en: "Did not display the service fees in the estate".into(),
            kind: CreditRuleKind::Bad,
            points: 3,
            validity_months: 12,
            legal_basis: "《物业服务收费明码标价规定》第四条".into(),
        };
        let rule = self.service.create_credit_rule(self.actor(), rule).await?;
        let raised = CreditRulePatch { points: Some(5), validity_months: Some(24), ..Default::default() };
        self.service.update_credit_rule(self.actor(), rule.id, rule.version, raised).await?;
        let report = NewCreditRule {
            code: "B10".into(),
            name_zh: "未按期报送年度物业服务报告".into(),
            name_en: "Did not file the yearly service report on time".into(),
            kind: CreditRuleKind::Bad,
            points: 2,
            validity_months: 12,
            legal_basis: "县政府《关于进一步加强物业管理工作的意见》四(一)".into(),
        };
        let report = self.service.create_credit_rule(self.actor(), report).await?;
        let merged = "年度报告并入公共收益季度公示（B02）";
        self.service.retire_credit_rule(self.actor(), report.id, report.version, merged).await?;

        let later = today() + Days::new(NOTICE_DAYS);
        let current = credit_scoring::Entity::find()
            .order_by_desc(credit_scoring::Column::EffectiveFrom)
            .one(self.service.db())
            .await?
            .expect("the scoring parameters the schema comes with");
        let stricter = Scoring {
            effective_from: later,
            base: current.base,
            good_cap: current.good_cap,
            aaa_min: current.aaa_min + 2,
            aa_min: current.aa_min,
            a_min: current.a_min,
            b_min: current.b_min,
        };
        self.service.set_credit_scoring(self.actor(), stricter).await?;
        let source = "县住房和城乡建设局关于缩短设施维修类投诉办理时限的通知（演示）";
        let repair = ComplaintCategory::FacilityRepair;
        self.service.set_complaint_time_limit(self.actor(), repair, 1, later, source).await?;

        // As they are now (the demo's earlier steps may have changed them since they were written).
        let db = self.service.db();
        let enterprise = enterprise::Entity::find_by_id(enterprise.id).one(db).await?.expect("a demo enterprise");
        let moved = EnterprisePatch { address: Some("濉溪县濉溪镇淮海路66号".into()), ..Default::default() };
        self.service.update_enterprise(self.actor(), enterprise.id, enterprise.version, moved).await?;
        let estate = estate::Entity::find_by_id(self.estates[0].estate.id).one(db).await?.expect("a demo estate");
        let recounted = EstatePatch { buildings: Some(estate.buildings + 1), ..Default::default() };
        self.service.update_estate(self.actor(), estate.id, estate.version, recounted).await?;
        Ok(())
    }
}
