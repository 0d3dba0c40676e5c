//! The demo's money: a maintenance fund account with a plausible ledger for every estate, public-income
//! disclosures for the quarters due so far (some overdue, one corrected), usages in every state of their workflow,
//! and replenishment plans where funds ran low.

use super::{Demo, Placed, date};
use crate::auth::{Actor, Role};
use crate::domain::calendar::today;
use crate::domain::disclosure::DueRules;
use crate::domain::disclosure::Quarter;
use crate::domain::fixed_point::{Area, Money};
use crate::domain::vote::Vote;
use crate::error::Result;
use crate::service::Service;
use crate::service::disclosure::{Account, NewItem};
use crate::service::fund::{NewAccount, NewUsage, Receipt, UsageStep};
use entity::vocab::{FundCustodian, FundUsageStatus, IncomeSource, UsageCategory};
use entity::{fund_account, fund_usage};

/// Advertisers and operators who pay estates for their common parts.
const PAYERS: [(&str, IncomeSource, &str); 3] = [
    ("淮北分众传媒有限公司", IncomeSource::Advertising, "电梯轿厢广告位租金"),
    ("中国铁塔股份有限公司淮北市分公司", IncomeSource::Telecom, "楼顶通信基站场地使用费"),
    ("濉溪县便民快递驿站", IncomeSource::VenueRental, "架空层场地租金"),
];

/// Usages and the state each is left in, to show every state of the workflow.
const USAGES: [(&str, UsageCategory, FundUsageStatus); 11] = [
    ("3号楼电梯曳引机更换", UsageCategory::Elevator, FundUsageStatus::Publicized),
    ("1至6号楼屋面防水维修", UsageCategory::Roof, FundUsageStatus::Disbursed),
    ("小区消防管网及喷淋系统改造", UsageCategory::FireSafety, FundUsageStatus::Approved),
    ("二次供水水箱清洗及设备更换", UsageCategory::WaterSupply, FundUsageStatus::TownReviewed),
    ("外墙瓷砖脱落修复", UsageCategory::Facade, FundUsageStatus::Submitted),
    ("雨污管网疏通改造", UsageCategory::Pipes, FundUsageStatus::Voted),
    ("小区主干道路面修复", UsageCategory::Roads, FundUsageStatus::VoteFailed),
    ("单元门禁系统更换", UsageCategory::Other, FundUsageStatus::Voting),
    ("2号楼电梯控制柜更换", UsageCategory::Elevator, FundUsageStatus::Draft),
    ("地下车库排水泵更换", UsageCategory::Pipes, FundUsageStatus::Rejected),
    ("围墙加固", UsageCategory::Other, FundUsageStatus::Withdrawn),
];

impl Demo<'_> {
    pub(super) async fn money(&mut self) -> Result<()> {
        let estates = std::mem::take(&mut self.estates);
        let mut accounts = Vec::with_capacity(estates.len());
        for placed in &estates {
            accounts.push(self.fund_account(placed).await?);
        }
        // The first estate an enterprise serves corrects its first published quarter.
        let first_served = estates.iter().position(|p| p.serving.is_some());
        for (i, placed) in estates.iter().enumerate() {
            self.disclosures(placed, Some(i) == first_served).await?;
        }
        // Usages where a committee can put them to the vote, and plans where a large repair emptied the fund.
        let with_committee: Vec<(&Placed, &fund_account::Model)> =
            estates.iter().zip(&accounts).filter(|(p, _)| p.committee).collect();
        for (i, (placed, account)) in with_committee.iter().enumerate().take(USAGES.len()) {
            let (title, category, state) = USAGES[i];
            self.usage(placed, account, title, category, state).await?;
        }
        if let Some((placed, account)) = with_committee.get(USAGES.len()) {
            self.emergency(placed, account).await?;
        }
        let low = with_committee.iter().skip(USAGES.len() + 1).take(2);
        for ((placed, account), complete) in low.zip([false, true]) {
            self.replenishment(placed, account, complete).await?;
        }
        self.estates = estates;
        Ok(())
    }

    /// The account, opened when the estate was completed with the owners' first deposit (30 yuan per m² of private
    /// area), and a year's interest since.
    async fn fund_account(&mut self, placed: &Placed) -> Result<fund_account::Model> {
        let estate = &placed.estate;
        let year = estate.completed_year.unwrap_or(2015).clamp(2005, 2024);
        let deposit = Money(estate.private_area * 30);
        let new = NewAccount {
            estate_id: estate.id,
            custodian: if placed.committee && self.dice.below(4) == 0 {
                FundCustodian::OwnersAssembly
            } else {
                FundCustodian::County
            },
            bank: self.dice.pick(&["濉溪农商银行城关支行", "中国建设银行濉溪支行", "徽商银行濉溪支行"]).to_string(),
            opened_on: date(year + 1, 3, 1 + self.dice.below(28) as u32),
            initial_deposit: deposit,
            reference: format!("首期交存汇缴〔{}〕{}号", year + 1, 10 + self.dice.below(90)),
        };
        let account = self.service.open_fund_account(self.actor(), new).await?;
        let interest = Receipt {
            account_id: account.id,
            amount: Money((deposit.fen() * 135 / 10_000).max(1)),
            occurred_on: date(2025, 12, 21),
            reference: "2025年度增值收益分配".into(),
            memo: Some("年利率1.35%".into()),
        };
        self.service.record_fund_interest(self.actor(), interest).await?;
        Ok(account)
    }

    /// Disclosures of the quarters ended so far, from the first the rules ask for: every enterprise discloses its
    /// part; one estate in eight skipped the last quarter (overdue), one in ten left it submitted, and — when
    /// `corrects` — the first published quarter is corrected; otherwise, in one estate in seven, the community
    /// returned the first quarter's account once before publishing it.
    async fn disclosures(&mut self, placed: &Placed, corrects: bool) -> Result<()> {
        let Some(enterprise) = &placed.serving else { return Ok(()) };
        let staff = self.staff(Role::Enterprise, &enterprise.credit_code, "demo-enterprise-staff");
        let rules = DueRules::default();
        let last = Quarter::of(today());
        let quarters: Vec<Quarter> = Quarter::of(rules.from).through(last).filter(|q| q.last_day() < today()).collect();
        let skips_last = self.dice.below(8) == 0;
        let leaves_submitted = !skips_last && self.dice.below(10) == 0;
        for (i, quarter) in quarters.iter().enumerate() {
            let is_last = i + 1 == quarters.len();
            if is_last && skips_last {
                break;
            }
            let account = self.account(placed);
            let period = (placed.estate.id, quarter.year, quarter.quarter as i32);
            let draft = self.service.draft_public_income_disclosure(Some(&staff), period, account.clone()).await?;
            let mut submitted =
                self.service.submit_public_income_disclosure(Some(&staff), draft.id, draft.version).await?;
            if i == 0 && !corrects && placed.estate.id % 7 == 0 {
                let reason = "请补充停车收入的收费依据后重新提交";
                let (id, version) = (submitted.id, submitted.version);
                self.service.return_public_income_disclosure(self.actor(), id, version, reason).await?;
                let revised = self.service.draft_public_income_disclosure(Some(&staff), period, account).await?;
                submitted =
                    self.service.submit_public_income_disclosure(Some(&staff), revised.id, revised.version).await?;
            }
            if is_last && leaves_submitted {
                break;
            }
            let published =
                self.service.publish_public_income_disclosure(self.actor(), submitted.id, submitted.version).await?;
            if i == 0 && corrects {
                let mut correction = self.account(placed);
                correction.items.push(NewItem {
                    source: IncomeSource::Other,
                    description: "漏报：废旧物资回收收入".into(),
                    counterparty: "濉溪县再生资源回收站".into(),
                    counterparty_is_person: false,
                    gross: Money(12_000),
                    cost: Money(0),
                });
                let reason = "漏报废旧物资回收收入，予以更正";
                let fixed = self
                    .service
                    .correct_public_income_disclosure(Some(&staff), published.id, reason, correction)
                    .await?;
                let fixed = self.service.submit_public_income_disclosure(Some(&staff), fixed.id, fixed.version).await?;
                self.service.publish_public_income_disclosure(self.actor(), fixed.id, fixed.version).await?;
            }
        }
        Ok(())
    }

    /// A quarter's account: parking by the households, one or two payers, a parking space let by a private person;
    /// most of the net income goes to the fund.
    fn account(&mut self, placed: &Placed) -> Account {
        let parking = i64::from(placed.estate.households) * (300 + 20 * self.dice.below(20) as i64);
        let mut items = vec![NewItem {
            source: IncomeSource::Parking,
            description: "地面公共车位临时停车费".into(),
            counterparty: "临时停车车主".into(),
            counterparty_is_person: true,
            gross: Money(parking),
            cost: Money(parking / 5),
        }];
        let (payer, source, what) = PAYERS[self.dice.below(PAYERS.len())];
        let fee = 300_000 + 10_000 * self.dice.below(50) as i64;
        items.push(NewItem {
            source,
            description: what.into(),
            counterparty: payer.into(),
            counterparty_is_person: false,
            gross: Money(fee),
            cost: Money(0),
        });
        if self.dice.below(3) == 0 {
            items.push(NewItem {
                source: IncomeSource::VenueRental,
                description: "公共用房临时出租".into(),
                counterparty: self.dice.person(),
                counterparty_is_person: true,
                gross: Money(60_000),
                cost: Money(0),
            });
        }
        let net: i64 = items.iter().map(|i| i.gross.fen() - i.cost.fen()).sum();
        Account { items, transferred_to_fund: Money(net * 7 / 10), other_use: Money(0), other_use_note: None }
    }

    /// A usage by the estate's committee, taken through the workflow to `state`.
    async fn usage(
        &mut self,
        placed: &Placed,
        account: &fund_account::Model,
        title: &str,
        category: UsageCategory,
        state: FundUsageStatus,
    ) -> Result<fund_usage::Model> {
        use FundUsageStatus::*;
        let committee = self.staff(Role::Committee, &placed.estate.code, "demo-committee");
        let budget = Money((account.initial_deposit / 20).clamp(500_000, 30_000_000));
        let new = NewUsage {
            estate_id: placed.estate.id,
            title: title.into(),
            category,
            scope: "全体业主".into(),
            budget,
            emergency_reason: None,
        };
        let service = self.service;
        let mut usage = service.draft_fund_usage(Some(&committee), new).await?;
        let order = [Draft, Voting, Voted, Submitted, TownReviewed, Approved, Disbursed, Publicized];
        let reached = |s: FundUsageStatus| order.iter().position(|o| *o == s);
        let target = match state {
            VoteFailed => Some(1),
            Rejected | Withdrawn => Some(3),
            other => reached(other),
        }
        .unwrap_or(0);
        let owners_side = Some(&committee);
        if target >= 1 {
            let step = UsageStep::OpenVote {
                scope_area: Area(placed.estate.private_area),
                scope_owners: placed.estate.households,
            };
            usage = moved(service, owners_side, &usage, step).await?;
        }
        let (area, owners) = (placed.estate.private_area, placed.estate.households);
        if state == VoteFailed {
            let participating = (Area(area * 7 / 10), owners * 7 / 10);
            let step =
                UsageStep::RecordVote { participating, ayes: (Area(area * 3 / 10), owners * 3 / 10), resolution: None };
            moved(service, owners_side, &usage, step).await?;
            return Ok(usage);
        }
        if target >= 2 {
            let participating = (Area(area * 8 / 10), owners * 8 / 10);
            let step =
                UsageStep::RecordVote { participating, ayes: (Area(area * 6 / 10), owners * 6 / 10), resolution: None };
            usage = moved(service, owners_side, &usage, step).await?;
        }
        if target >= 3 {
            usage = moved(service, owners_side, &usage, UsageStep::Submit).await?;
        }
        match state {
            Rejected => {
                let step = UsageStep::Reject { reason: "未附维修方案及预算明细".into() };
                return moved(service, self.actor(), &usage, step).await;
            }
            Withdrawn => return moved(service, owners_side, &usage, UsageStep::Withdraw).await,
            _ => {}
        }
        let publicize = UsageStep::Publicize {
            actual_cost: Money(budget.fen() * 96 / 100),
            audit_reference: "濉审价〔2026〕18号".into(),
        };
        let county_steps = [
            (4, self.actor(), UsageStep::Review),
            (5, self.actor(), UsageStep::Approve),
            (6, self.actor(), UsageStep::Disburse { amount: budget }),
            (7, owners_side, publicize),
        ];
        for (reached, actor, step) in county_steps {
            if target >= reached {
                usage = moved(service, actor, &usage, step).await?;
            }
        }
        Ok(usage)
    }

    /// An urgent repair, submitted without a vote and approved.
    async fn emergency(&mut self, placed: &Placed, account: &fund_account::Model) -> Result<()> {
        let committee = self.staff(Role::Committee, &placed.estate.code, "demo-committee");
        let new = NewUsage {
            estate_id: placed.estate.id,
            title: "电梯困人故障紧急抢修".into(),
            category: UsageCategory::Elevator,
            scope: "5号楼".into(),
            budget: Money((account.initial_deposit / 50).clamp(200_000, 5_000_000)),
            emergency_reason: Some("电梯主板烧毁，停梯影响老年业主出行".into()),
        };
        let service = self.service;
        let usage = service.draft_fund_usage(Some(&committee), new).await?;
        let usage = moved(service, Some(&committee), &usage, UsageStep::Submit).await?;
        let usage = moved(service, self.actor(), &usage, UsageStep::Review).await?;
        moved(service, self.actor(), &usage, UsageStep::Approve).await?;
        Ok(())
    }

    /// A large repair that left the fund below the signal, and the replenishment that followed: adopted by the
    /// owners and under way, or (when `complete`) collected in full.
    async fn replenishment(&mut self, placed: &Placed, account: &fund_account::Model, complete: bool) -> Result<()> {
        let committee = self.staff(Role::Committee, &placed.estate.code, "demo-committee");
        let service = self.service;
        let balance = crate::service::fund::balance(service.db(), account.id).await?;
        let new = NewUsage {
            estate_id: placed.estate.id,
            title: "全部电梯整体更新".into(),
            category: UsageCategory::Elevator,
            scope: "全体业主".into(),
            budget: Money(balance * 8 / 10),
            emergency_reason: None,
        };
        let mut usage = service.draft_fund_usage(Some(&committee), new).await?;
        let (area, owners) = (placed.estate.private_area, placed.estate.households);
        let steps = [
            (Some(&committee), UsageStep::OpenVote { scope_area: Area(area), scope_owners: owners }),
            (
                Some(&committee),
                UsageStep::RecordVote {
                    participating: (Area(area * 9 / 10), owners * 9 / 10),
                    ayes: (Area(area * 8 / 10), owners * 8 / 10),
                    resolution: None,
                },
            ),
            (Some(&committee), UsageStep::Submit),
            (self.actor(), UsageStep::Review),
            (self.actor(), UsageStep::Approve),
            (self.actor(), UsageStep::Disburse { amount: Money(balance * 8 / 10) }),
        ];
        for (actor, step) in steps {
            usage = moved(service, actor, &usage, step).await?;
        }

        let target = Money(account.initial_deposit / 2);
        let note = "按每平方米15元续筹，分两期于年内缴清";
        let plan = service.propose_replenishment(self.actor(), placed.estate.id, target, (note, None)).await?;
        let vote = Vote {
            scope_area: area,
            scope_owners: i64::from(owners),
            participating_area: area * 9 / 10,
            participating_owners: i64::from(owners * 9 / 10),
            aye_area: area * 8 / 10,
            aye_owners: i64::from(owners * 8 / 10),
        };
        let plan = service.record_replenishment_vote(Some(&committee), (plan.id, plan.version), vote, None).await?;
        let plan = service.start_replenishment(self.actor(), plan.id, plan.version).await?;
        let first = if complete { target.fen() } else { target.fen() / 2 };
        let receipt = Receipt {
            account_id: account.id,
            amount: Money(first),
            occurred_on: today(),
            reference: "续筹资金第一期".into(),
            memo: None,
        };
        service.record_fund_deposit(self.actor(), receipt, Some(plan.id)).await?;
        Ok(())
    }
}

/// `usage` moved on by `step`, as `actor`.
async fn moved(
    service: &Service,
    actor: Option<&Actor>,
    usage: &fund_usage::Model,
    step: UsageStep,
) -> Result<fund_usage::Model> {
    service.move_fund_usage(actor, (usage.id, usage.version), step).await
}
