//! The demo's changes of hands: exit warnings (three acknowledged, one of them late; one not), a handover completed (its contract
//! terminated, a new enterprise contracted) and one held up by a dispute, and emergency management of the estates left
//! without service (last year's vacancy of two back-to-back periods reaching its six months, a third refused; the
//! others active, one extended to its six months).

use super::{Demo, date};
use crate::auth::Role;
use crate::domain::calendar::today;
use crate::domain::fixed_point::Money;
use crate::domain::lifecycle::{EmergencyPlan, emergency_last_day};
use crate::error::{Error, Result};
use crate::service::contract::NewContract;
use crate::service::emergency::{EmergencyStep, NewEmergency};
use crate::service::estate::EstatePatch;
use crate::service::exit_warning::NewExitWarning;
use crate::service::handover::{ItemStep, NewHandover};
use chrono::{Days, Months, NaiveDate};
use entity::vocab::{
    EmergencyPlannedEnd, EmergencyProvider, FiveBasicsService, HandoverItemKind, HandoverReceiver, SelectionMethod,
    ServiceMode,
};
use entity::{emergency_period, enterprise, estate, service_contract};
use sea_orm::{ColumnTrait, EntityTrait, Iterable, QueryFilter, QueryOrder};

/// Why each of the three enterprises on terms that ran out gives notice, and the days of notice it gives: the
/// first as its contract agrees (30 days), the second the 60 days an indefinite term asks (民法典 art. 948), the
/// third more.
const EXITS: [(&str, u64); 3] = [
    ("物业费收缴率长期低于60%，企业经营难以为继，不再继续提供服务", 30),
    ("企业业务调整，退出濉溪县住宅物业市场", 60),
    ("与业主委员会就物业费调整未能达成一致，不再继续提供服务", 120),
];

/// Why the enterprise whose fixed term ends soonest leaves, too late for 90 days' notice.
const LATE_EXIT: &str = "公司经营战略调整，合同期满后不再续约";

impl Demo<'_> {
    pub(super) async fn lifecycle(&mut self, serving: &[enterprise::Model]) -> Result<()> {
        self.emergency_management(serving).await?;
        self.exits(serving).await
    }

    /// Three enterprises whose terms ran out (the contracts go on without a term) give notice; the first estate is
    /// handed over to a new enterprise, the second's handover is held up by a dispute, the third's warning waits for
    /// the community. The enterprise whose fixed term ends soonest gives notice late, which proposes rule B07.
    async fn exits(&mut self, serving: &[enterprise::Model]) -> Result<()> {
        let day = today();
        let served: Vec<i64> = self.estates.iter().filter(|p| p.serving.is_some()).map(|p| p.estate.id).collect();
        let contracts = service_contract::Entity::find()
            .filter(service_contract::Column::EstateId.is_in(served))
            .filter(service_contract::is_open())
            .order_by_asc(service_contract::Column::EndOn)
            .order_by_asc(service_contract::Column::Id)
            .all(self.service.db())
            .await?;
        let (ran_out, running): (Vec<_>, Vec<_>) = contracts.into_iter().partition(|c| c.end_on < day);
        if let Some(contract) = running.first() {
            let enterprise = serving.iter().find(|e| e.id == contract.enterprise_id);
            if let Some(enterprise) = enterprise {
                let staff = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
                let new = NewExitWarning {
                    contract_id: contract.id,
                    intended_end_on: contract.end_on,
                    reason: LATE_EXIT.into(),
                    contract_agrees_otherwise: false,
                    agreement_note: None,
                };
                let warning = self.service.file_exit_warning(Some(&staff), new).await?;
                self.service.acknowledge_exit_warning(self.actor(), warning.id, warning.version).await?;
            }
        }
        for (i, contract) in ran_out.iter().take(EXITS.len()).enumerate() {
            let enterprise = serving.iter().find(|e| e.id == contract.enterprise_id);
            let Some(enterprise) = enterprise else { continue };
            let staff = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
            let (reason, notice) = EXITS[i];
            let agreed = i == 0;
            let new = NewExitWarning {
                contract_id: contract.id,
                intended_end_on: day + Days::new(notice),
                reason: reason.into(),
                contract_agrees_otherwise: agreed,
                agreement_note: agreed.then(|| "合同第十八条约定：任何一方终止合同的，应提前30日书面通知".into()),
            };
            let warning = self.service.file_exit_warning(Some(&staff), new).await?;
            if i == 2 {
                continue;
            }
            let (id, version) = (warning.id, warning.version);
            self.service.acknowledge_exit_warning(self.actor(), id, version).await?;
            let next = serving.iter().filter(|e| e.id != enterprise.id).nth(3 + i).cloned();
            let committee = self.estates.iter().any(|p| p.estate.id == contract.estate_id && p.committee);
            let (receiver, receiver_enterprise_id) = match (i, next.as_ref()) {
                (0, Some(next)) => (HandoverReceiver::NewEnterprise, Some(next.id)),
                _ if committee => (HandoverReceiver::OwnersCommittee, None),
                _ => (HandoverReceiver::FiveBasics, None),
            };
            let new = NewHandover {
                contract_id: contract.id,
                receiver,
                receiver_enterprise_id,
                deadline: day + Days::new(if i == 0 { 30 } else { 60 }),
            };
            let handover = self.service.open_handover(self.actor(), new).await?;
            let mut version = handover.version;
            for (n, item) in HandoverItemKind::iter().enumerate() {
                let step = if i == 1 && item == HandoverItemKind::PublicIncomeBalance {
                    ItemStep::Dispute {
                        reason: "公共收益结余金额双方存在争议，待第三方审计确认".into(),
                        internal_note: Some("企业账面结余与业主委员会核对数相差约1.2万元".into()),
                    }
                } else if i == 1 && n >= 5 {
                    continue;
                } else {
                    ItemStep::Receive {
                        by: format!("社区物业专干{}", self.dice.person()),
                        on: day,
                        note: (item == HandoverItemKind::KeysAndAccess).then(|| "钥匙126把、门禁卡40张".into()),
                        internal_note: None,
                    }
                };
                version =
                    self.service.move_handover_item(self.actor(), (handover.id, version), item, step).await?.version;
            }
            // The last item received completed the first handover and terminated its contract: the new enterprise
            // takes over the next day.
            if let (0, Some(next)) = (i, next) {
                let start_on = day + Days::new(1);
                let new = NewContract {
                    estate_id: contract.estate_id,
                    enterprise_id: next.id,
                    start_on,
                    end_on: start_on.checked_add_months(Months::new(36)).and_then(|d| d.pred_opt()).unwrap_or(start_on),
                    fee_per_m2_month: Money(contract.fee_per_m2_month),
                    selection: SelectionMethod::Bidding,
                };
                self.service.create_contract(self.actor(), new).await?;
            }
        }
        Ok(())
    }

    /// Each estate left without service goes under emergency management, applied for by its committee (or its
    /// community, where it has none) and approved by the town; the first had a period last year too.
    async fn emergency_management(&mut self, serving: &[enterprise::Model]) -> Result<()> {
        let day = today();
        for (i, estate_id) in self.unserved.clone().into_iter().enumerate() {
            if i == 0 {
                self.vacancy_that_ran_out(estate_id, serving).await?;
                continue;
            }
            let start = day - Days::new(20 + 15 * i as u64);
            let end = start.checked_add_months(Months::new(4)).and_then(|d| d.pred_opt()).unwrap_or(start);
            let approve = EmergencyStep::Approve { plan: Some(plan(i)) };
            let id = self.emergency_period(estate_id, i, serving, (start, end), approve).await?;
            if i == 1 {
                let extend = EmergencyStep::Extend { end_on: emergency_last_day(start) };
                self.service.move_emergency_management(self.actor(), id, extend).await?;
            }
        }
        Ok(())
    }

    /// Last year's vacancy of the first estate left without service: an application the town did not approve, two
    /// back-to-back periods reaching the six months of the vacancy, a third refused by the rule, and the community
    /// taking the estate on under its five basics.
    async fn vacancy_that_ran_out(&mut self, estate_id: i64, serving: &[enterprise::Model]) -> Result<()> {
        let reasons = "应急服务方案未明确收费标准，请补正后重新申请".into();
        let reject = EmergencyStep::Reject { reason: reasons };
        self.emergency_period(estate_id, 0, serving, (date(2025, 2, 1), date(2025, 7, 31)), reject).await?;
        let first = (date(2025, 3, 1), date(2025, 5, 31));
        let limit = emergency_last_day(first.0);
        for ((start, end), reason) in
            [(first, "第一期期满，续接第二期"), ((date(2025, 6, 1), limit), "应急管理满六个月")]
        {
            let approve = EmergencyStep::Approve { plan: Some(plan(0)) };
            let id = self.emergency_period(estate_id, 0, serving, (start, end), approve).await?;
            let end = EmergencyStep::End { ended_on: end, reason: reason.into() };
            self.service.move_emergency_management(self.actor(), id, end).await?;
        }
        let third = limit.succ_opt().unwrap_or(limit);
        let refused = self.apply_emergency(estate_id, 0, serving, (third, date(2025, 12, 31))).await;
        match refused {
            Err(Error::BadUserInput { violation, .. }) if violation.rule == "emergency-six-months" => {}
            Err(other) => return Err(other),
            Ok(_) => {
                let wrong = "the demo's third period past the vacancy's six months was accepted";
                return Err(Error::internal(std::io::Error::other(wrong)));
            }
        }
        let estate = estate::Entity::find_by_id(estate_id).one(self.service.db()).await?;
        let Some(estate) = estate else { return Ok(()) };
        let five_basics = EstatePatch {
            service_mode: Some(ServiceMode::FiveBasics),
            five_basics: Some(vec![FiveBasicsService::Cleaning, FiveBasicsService::Security]),
            ..Default::default()
        };
        self.service.update_estate(self.actor(), estate.id, estate.version, five_basics).await?;
        Ok(())
    }

    /// One period, applied for and `decided` (approved or rejected); its id and version.
    async fn emergency_period(
        &mut self,
        estate_id: i64,
        i: usize,
        serving: &[enterprise::Model],
        days: (NaiveDate, NaiveDate),
        decided: EmergencyStep,
    ) -> Result<(i64, i32)> {
        let period = self.apply_emergency(estate_id, i, serving, days).await?;
        let period = self.service.move_emergency_management(self.actor(), (period.id, period.version), decided).await?;
        Ok((period.id, period.version))
    }

    /// An application for emergency management from whoever acts for the estate's owners (the `i`th estate's
    /// provider and fee).
    async fn apply_emergency(
        &mut self,
        estate_id: i64,
        i: usize,
        serving: &[enterprise::Model],
        (start_on, end_on): (NaiveDate, NaiveDate),
    ) -> Result<emergency_period::Model> {
        let placed = self.estates.iter().find(|p| p.estate.id == estate_id);
        let committee = placed.filter(|p| p.committee).map(|p| p.estate.code.clone());
        let applicant = committee.map(|code| self.staff(Role::Committee, &code, "demo-committee"));
        let by_enterprise = i % 2 == 1;
        let mut services = vec![FiveBasicsService::Cleaning, FiveBasicsService::Security];
        if by_enterprise {
            services.push(FiveBasicsService::Greening);
        }
        let new = NewEmergency {
            estate_id,
            provider: if by_enterprise { EmergencyProvider::Enterprise } else { EmergencyProvider::FiveBasics },
            provider_enterprise_id: by_enterprise.then(|| serving[i % serving.len()].id),
            services,
            fee_per_m2_month: Money(30 + 10 * (i as i64 % 3)),
            start_on,
            end_on,
        };
        self.service.apply_emergency_management(applicant.as_ref().or(self.actor()), new).await
    }
}

/// The temporary management plan the town approves the `i`th estate's emergency management with: the enterprise
/// providing it, or the community's five basics; meant to end by tender, by the owners' own management or under the
/// five basics, in turn.
fn plan(i: usize) -> EmergencyPlan {
    let by_enterprise = i % 2 == 1;
    let planned_end = [
        EmergencyPlannedEnd::NewEnterpriseByTender,
        EmergencyPlannedEnd::OwnersSelfManage,
        EmergencyPlannedEnd::FiveBasics,
    ][i % 3];
    EmergencyPlan {
        town_role: "镇物业服务中心统筹应急管理，审核服务方案和收费标准，督促尽快选定长期服务方式".into(),
        community_role: "社区物业专干每周巡查服务质量，受理业主诉求，按月公示收支".into(),
        committee_role: "业主委员会（物业管理委员会）组织业主协商选聘事宜，配合收费和公示".into(),
        provider_role: if by_enterprise {
            "应急服务企业负责保洁、秩序维护和绿化养护，按日记录服务台账".into()
        } else {
            "社区“五有”服务队负责保洁和秩序维护".into()
        },
        fee_collection: "由社区按月代收，专户存放，每季度向全体业主公示".into(),
        planned_end,
    }
}
