//! 合规概览 What the public holds the county to: the compliance overview of the network the policy set up (service
//! centres, committees, service modes, exit warnings, handovers, emergency management, disclosures, supervision:
//! `compliance_supervision.rs`), measured against
//! the deadlines kept as data with their source clauses; and the estates about to lose their service.
//!
//! Every figure is a count over records the public can list, and says which; `tests/e2e/lifecycle.rs` recounts
//! each one from those lists.

use super::committee::status_of;
use super::compliance_supervision::{EstateSupervision, supervision};
use super::db;
use super::disclosure::owed;
use super::estate::Estate;
use super::losing_service::{ServiceEnding, losing_service};
use super::pagination::{cap, list_cost};
use super::region::{County, Town};
use super::scalars::Date;
use crate::domain::calendar::today;
use crate::domain::committee::{covered_since, reelection_due};
use crate::domain::lifecycle::{emergency_ran_past_six_months, handover_is_overdue};
use crate::domain::network::{meets_staffing_standard, set_up_by};
use crate::error::Error;
use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::NaiveDate;
use entity::vocab::{CommitteeStatus, ContractStatus, EmergencyStatus, PolicyDeadlineKind, ServiceMode};
use entity::{
    committee, community, county, emergency_period, estate, handover, policy_deadline, service_contract, town,
};
use sea_orm::{ColumnTrait, EntityTrait, Iterable, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// 政策时限 A deadline the county policy set, with the clause that sets it.
#[derive(SimpleObject, Clone)]
pub struct PolicyDeadline {
    /// 时限 Which deadline.
    kind: PolicyDeadlineKind,
    /// 截止日期 The day it falls due.
    due_on: Date,
    /// 依据 The clause of the policy that sets it.
    source: String,
}

/// 合规指标 One figure: a count of records, out of a total where it is a share, with what it counts.
#[derive(SimpleObject)]
pub struct ComplianceFigure {
    /// 数量 How many.
    count: u64,
    /// 总数 Out of how many, where the figure is a share.
    out_of: Option<u64>,
    /// 占比 count / outOf, from 0 to 1 (null when outOf is 0 or there is none).
    share: Option<f64>,
    /// 口径 What it counts, and which public list to check it against.
    counts: &'static str,
    /// 口径（中文） The same, in Chinese.
    counts_zh: &'static str,
}

impl ComplianceFigure {
    fn of(count: usize, out_of: Option<usize>, (counts, counts_zh): (&'static str, &'static str)) -> Self {
        let out_of = out_of.map(|n| n as u64);
        let share = out_of.filter(|&n| n > 0).map(|n| count as f64 / n as f64);
        ComplianceFigure { count: count as u64, out_of, share, counts, counts_zh }
    }
}

/// 服务模式分布 How many estates are served one way.
#[derive(SimpleObject)]
pub struct ServiceModeCount {
    /// 服务模式 The service mode.
    mode: ServiceMode,
    /// 小区数 Estates served that way (`estates(filter: {serviceMode})`).
    estates: u64,
}

/// What the overview knows of one estate.
struct EstateFacts {
    estate: estate::Model,
    town_id: i64,
    has_committee: bool,
    /// The active committee's standing today (ACTIVE, NOT_FUNCTIONING, TERM_EXPIRED), and whether its re-election
    /// is due.
    committee_standing: Option<CommitteeStatus>,
    reelection_due: bool,
    covered_since_deadline: bool,
    exit_warned: bool,
    handovers_overdue: usize,
    emergencies_over_six_months: usize,
    overdue_disclosures: usize,
    supervision: EstateSupervision,
}

/// The deadlines, and the day each falls due.
struct Deadlines {
    list: Vec<PolicyDeadline>,
    service_center: NaiveDate,
    committee: NaiveDate,
}

/// 合规指标组 The figures of one town, or of the whole county.
pub struct ComplianceFigures {
    town: Option<town::Model>,
    towns: Vec<town::Model>,
    estates: Vec<EstateFacts>,
    deadlines: std::sync::Arc<Deadlines>,
    /// Enforcement decisions not published in time that concern these estates.
    late_decisions: usize,
}

/// 合规指标组 The figures of one town, or of the whole county.
#[Object]
impl ComplianceFigures {
    /// 镇 The town; null for the figures of the whole county.
    async fn town(&self) -> Option<Town> {
        self.town.clone().map(Town)
    }
    /// 按期成立服务中心 Towns whose property service centre was set up by the deadline.
    async fn service_centers_set_up_on_time(&self) -> ComplianceFigure {
        let due = self.deadlines.service_center;
        let on_time = self.towns.iter().filter(|t| set_up_by(t.service_center_established_on, due)).count();
        ComplianceFigure::of(
            on_time,
            Some(self.towns.len()),
            (
                "towns whose service centre was established on or before the SERVICE_CENTER_SETUP deadline \
                 (towns { serviceCenter { establishedOn } })",
                "物业服务中心成立日期不晚于 SERVICE_CENTER_SETUP 时限的镇数（towns 列表中的 serviceCenter.establishedOn）",
            ),
        )
    }
    /// 服务中心人员达标 Towns whose property service centre has at least two staff.
    async fn service_centers_staffed(&self) -> ComplianceFigure {
        let staffed = self.towns.iter().filter(|t| t.service_center_staff_count.is_some_and(meets_staffing_standard));
        ComplianceFigure::of(
            staffed.count(),
            Some(self.towns.len()),
            (
                "towns whose service centre has at least 2 staff (towns { serviceCenter { staffCount } })",
                "物业服务中心工作人员不少于2人的镇数（towns 列表中的 serviceCenter.staffCount）",
            ),
        )
    }
    /// 小区数 Estates.
    async fn estates(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.len(),
            None,
            ("estates (estates { totalCount })", "小区数（estates 的 totalCount）"),
        )
    }
    /// 有委员会的小区 Estates with an active management or owners' committee now.
    async fn estates_with_committee(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().filter(|e| e.has_committee).count(),
            Some(self.estates.len()),
            (
                "estates with an active committee now (estates { activeCommittee })",
                "现有在任物业管理委员会或业主委员会的小区数（estates 列表中的 activeCommittee）",
            ),
        )
    }
    /// 自时限起一直有委员会的小区 Estates that have had a committee every day since the COMMITTEE_FORMATION deadline.
    async fn estates_with_committee_since_deadline(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().filter(|e| e.covered_since_deadline).count(),
            Some(self.estates.len()),
            (
                "estates whose committees (formedOn to dissolvedOn) cover every day from the COMMITTEE_FORMATION \
                 deadline to today (estates { committees { formedOn dissolvedOn } })",
                "自 COMMITTEE_FORMATION 时限起每天都有委员会的小区数（estates 列表中 committees 的 formedOn 至 dissolvedOn）",
            ),
        )
    }
    /// 无委员会的小区 Estates without an active committee, by code.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    async fn estates_without_committee(
        &self,
        #[graphql(desc = "最多条数 At most this many (1–100)")] first: Option<i32>,
    ) -> Result<Vec<Estate>> {
        let without = self.estates.iter().filter(|e| !e.has_committee).map(|e| Estate(e.estate.clone())).collect();
        Ok(cap(without, first)?)
    }
    /// 换届到期的委员会 Active committees within three months of the end of their term (re-election due).
    async fn committees_due_for_reelection(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().filter(|e| e.reelection_due).count(),
            None,
            (
                "estates whose active committee is within three months of termEndsOn \
                 (estates { activeCommittee { isReelectionDue } })",
                "在任委员会距任期届满不足三个月、应组织换届的小区数（estates 列表中 activeCommittee.isReelectionDue）",
            ),
        )
    }
    /// 任期届满未换届的委员会 Active committees past the end of their term, with no new committee.
    async fn committees_term_expired(&self) -> ComplianceFigure {
        let expired = self.estates.iter().filter(|e| e.committee_standing == Some(CommitteeStatus::TermExpired));
        ComplianceFigure::of(
            expired.count(),
            None,
            (
                "estates whose active committee is TERM_EXPIRED (estates { activeCommittee { status } })",
                "在任委员会状态为 TERM_EXPIRED（任期届满未换届）的小区数（estates 列表中 activeCommittee.status）",
            ),
        )
    }
    /// 不能正常履职的委员会 Committees the town found not working (the community acts for them).
    async fn committees_not_functioning(&self) -> ComplianceFigure {
        let idle = self.estates.iter().filter(|e| e.committee_standing == Some(CommitteeStatus::NotFunctioning));
        ComplianceFigure::of(
            idle.count(),
            None,
            (
                "estates whose active committee is NOT_FUNCTIONING (estates { activeCommittee { status } })",
                "在任委员会状态为 NOT_FUNCTIONING（不能正常履职）的小区数（estates 列表中 activeCommittee.status）",
            ),
        )
    }
    /// 服务模式分布 How many estates are served each way (every mode, zeros included).
    async fn service_modes(&self) -> Vec<ServiceModeCount> {
        ServiceMode::iter()
            .map(|mode| ServiceModeCount {
                mode,
                estates: self.estates.iter().filter(|e| e.estate.service_mode == mode).count() as u64,
            })
            .collect()
    }
    /// 未结退出预警 Exit warnings whose contract has not ended yet.
    async fn exit_warnings_open(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().filter(|e| e.exit_warned).count(),
            None,
            (
                "estates whose open contract is EXIT_WARNED (estates { activeContract { status exitWarning } })",
                "现行合同处于 EXIT_WARNED（已预警退出）状态的小区数（estates 列表中的 activeContract.status）",
            ),
        )
    }
    /// 逾期移交 Handovers past their deadline and not completed.
    async fn handovers_overdue(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.handovers_overdue).sum(),
            None,
            (
                "handovers past their deadline and not COMPLETED (estates { handovers { isOverdue } })",
                "超过移交期限仍未完成的移交数（estates 列表中 handovers 的 isOverdue）",
            ),
        )
    }
    /// 超期应急管理 Periods of emergency management that ran past six months (should be none).
    async fn emergency_periods_over_six_months(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.emergencies_over_six_months).sum(),
            None,
            (
                "emergency periods that ran past six months from their start \
                 (estates { emergencyPeriods { ranPastSixMonths } })",
                "自开始之日起超过六个月的应急管理期数（estates 列表中 emergencyPeriods 的 ranPastSixMonths）",
            ),
        )
    }
    /// 逾期未公示 Parts of quarters whose public-income disclosure is overdue.
    async fn overdue_disclosures(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.overdue_disclosures).sum(),
            None,
            (
                "parts of quarters whose public-income disclosure is past due and unpublished \
                 (overdueDisclosures(townCode:) { totalCount })",
                "逾期未公示的公共收益季度（overdueDisclosures 的 totalCount）",
            ),
        )
    }
    /// 近三个月有巡查的小区 Estates inspected in the last three months.
    async fn estates_inspected_recently(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().filter(|e| e.supervision.inspected_recently).count(),
            Some(self.estates.len()),
            (
                "estates with at least one inspection from the same day three months ago (exclusive) to today \
                 (inspections(filter: {townCode, from, to}), counting distinct estates)",
                "自三个月前的同日（不含）至今有巡查检查记录的小区数（inspections 列表按小区去重）",
            ),
        )
    }
    /// 未办结整改通知 Rectification notices still awaiting their correction.
    async fn rectification_notices_open(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.supervision.open_notices).sum(),
            None,
            (
                "rectification notices ISSUED, REPORTED or REOPENED (rectificationNotices(filter: {townCode, status}))",
                "处于待整改、已报告或重新整改状态的整改通知数（rectificationNotices 按 status 筛选）",
            ),
        )
    }
    /// 逾期整改通知 Rectification notices past their deadline and not reported.
    async fn rectification_notices_overdue(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.supervision.overdue_notices).sum(),
            None,
            (
                "rectification notices past their deadline and not reported \
                 (rectificationNotices(filter: {townCode, overdue: true}) { totalCount })",
                "超过整改期限仍未报告的整改通知数（rectificationNotices 的 overdue 筛选）",
            ),
        )
    }
    /// 超30日未办结隐患报告 Hazard reports open longer than 30 days.
    async fn hazard_reports_open_over_30_days(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.estates.iter().map(|e| e.supervision.hazards_open_too_long).sum(),
            None,
            (
                "hazard reports not CLOSED 30 days after they were reported (the reports are staff only: \
                 hazardReports for staff; the public reads hazardStatistics)",
                "报告后超过30日仍未办结的违法违规及隐患报告数（报告仅限工作人员查阅；公众可查 hazardStatistics）",
            ),
        )
    }
    /// 未按时公示的处理决定 Enforcement decisions not published within 7 working days.
    async fn enforcement_decisions_published_late(&self) -> ComplianceFigure {
        ComplianceFigure::of(
            self.late_decisions,
            None,
            (
                "enforcement decisions published after their 7th working day, or still unpublished past it \
                 (enforcementCases { publishedLate } for the published ones; the others are staff only until \
                 published)",
                "作出后超过7个工作日才公示或仍未公示的处理决定数（已公示的见 enforcementCases 的 publishedLate）",
            ),
        )
    }
}

/// 合规概览 How the county and each of its towns stand against the policy, as of today.
pub struct ComplianceOverview {
    county: county::Model,
    as_of: NaiveDate,
    deadlines: std::sync::Arc<Deadlines>,
    towns: Vec<town::Model>,
    estates: Vec<EstateFacts>,
    /// The estates each late enforcement decision concerns.
    late_decisions: Vec<Vec<i64>>,
}

impl ComplianceOverview {
    fn figures(&self, town: Option<&town::Model>) -> ComplianceFigures {
        let in_scope = |town_id: i64| town.is_none_or(|t| t.id == town_id);
        let town_of: HashMap<i64, i64> = self.estates.iter().map(|e| (e.estate.id, e.town_id)).collect();
        let late_decisions = self
            .late_decisions
            .iter()
            .filter(|estates| estates.iter().any(|id| town_of.get(id).is_some_and(|t| in_scope(*t))))
            .count();
        ComplianceFigures {
            late_decisions,
            town: town.cloned(),
            towns: self.towns.iter().filter(|t| in_scope(t.id)).cloned().collect(),
            estates: self
                .estates
                .iter()
                .filter(|e| in_scope(e.town_id))
                .map(|e| EstateFacts { estate: e.estate.clone(), ..*e })
                .collect(),
            deadlines: self.deadlines.clone(),
        }
    }
}

/// 合规概览 How the county and each of its towns stand against the policy, as of today.
#[Object]
impl ComplianceOverview {
    /// 县 The county.
    async fn county(&self) -> County {
        County(self.county.clone())
    }
    /// 统计日期 The day the figures are computed for (today in the county).
    async fn as_of(&self) -> Date {
        Date(self.as_of)
    }
    /// 政策时限 The deadlines the figures are measured against, with their source clauses.
    async fn deadlines(&self) -> Vec<PolicyDeadline> {
        self.deadlines.list.clone()
    }
    /// 全县 The figures of the whole county.
    async fn total(&self) -> ComplianceFigures {
        self.figures(None)
    }
    /// 各镇 The figures of each town, by code.
    async fn towns(&self) -> Vec<ComplianceFigures> {
        self.towns.iter().map(|t| self.figures(Some(t))).collect()
    }
}

/// The public's watch on the network.
#[derive(Default)]
pub struct ComplianceQuery;

#[Object]
impl ComplianceQuery {
    /// 合规概览 The compliance overview of a county (the first one served, when no code is given) and its towns.
    async fn compliance_overview(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "县代码 The county, e.g. 340621")] county_code: Option<String>,
    ) -> Result<Option<ComplianceOverview>> {
        Ok(overview(ctx, county_code).await?)
    }

    /// 即将失去服务的小区 Estates whose service ends within `withinDays` days (or was due to end and has not
    /// changed hands): an exit warning on their open contract, or an active emergency period ending; soonest first.
    #[graphql(complexity = "100 * child_complexity")]
    async fn estates_losing_service(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "天数 Within this many days from today (0–366)")] within_days: i32,
        #[graphql(desc = "镇代码 Only estates in this town")] town_code: Option<String>,
    ) -> Result<Vec<ServiceEnding>> {
        Ok(losing_service(ctx, within_days, town_code).await?)
    }
}

async fn deadlines(ctx: &Context<'_>) -> Result<Deadlines, Error> {
    let rows = policy_deadline::Entity::find().order_by_asc(policy_deadline::Column::DueOn).all(db(ctx)).await?;
    let due = |kind| {
        rows.iter()
            .find(|d| d.kind == kind)
            .map(|d| d.due_on)
            .ok_or_else(|| Error::internal(sea_orm::DbErr::RecordNotFound(format!("policy deadline {kind:?}"))))
    };
    Ok(Deadlines {
        service_center: due(PolicyDeadlineKind::ServiceCenterSetup)?,
        committee: due(PolicyDeadlineKind::CommitteeFormation)?,
        list: rows
            .iter()
            .map(|d| PolicyDeadline { kind: d.kind, due_on: Date(d.due_on), source: d.source.clone() })
            .collect(),
    })
}

/// Everything the overview counts, read in one statement per table.
async fn overview(ctx: &Context<'_>, county_code: Option<String>) -> Result<Option<ComplianceOverview>, Error> {
    let db = db(ctx);
    let mut counties = county::Entity::find().order_by_asc(county::Column::Code);
    if let Some(code) = county_code {
        counties = counties.filter(county::Column::Code.eq(code));
    }
    let Some(county) = counties.one(db).await? else { return Ok(None) };
    let deadlines = deadlines(ctx).await?;
    let day = today();
    let towns = town::Entity::find()
        .filter(town::Column::CountyId.eq(county.id))
        .order_by_asc(town::Column::Code)
        .all(db)
        .await?;
    let town_ids: Vec<i64> = towns.iter().map(|t| t.id).collect();
    let communities = community::Entity::find().filter(community::Column::TownId.is_in(town_ids)).all(db).await?;
    let town_of_community: HashMap<i64, i64> = communities.iter().map(|c| (c.id, c.town_id)).collect();
    let estates = estate::Entity::find()
        .filter(estate::Column::CommunityId.is_in(town_of_community.keys().copied()))
        .order_by_asc(estate::Column::Code)
        .all(db)
        .await?;
    let ids: Vec<i64> = estates.iter().map(|e| e.id).collect();
    let mut terms: HashMap<i64, Vec<(NaiveDate, Option<NaiveDate>)>> = HashMap::new();
    // The active committee's standing and whether its re-election is due, by estate (at most one each).
    let mut standing: HashMap<i64, (CommitteeStatus, bool)> = HashMap::new();
    for c in committee::Entity::find().filter(committee::Column::EstateId.is_in(ids.clone())).all(db).await? {
        terms.entry(c.estate_id).or_default().push((c.formed_on, c.dissolved_on));
        if c.status == CommitteeStatus::Active {
            standing.insert(c.estate_id, (status_of(&c), reelection_due(c.term_end, day)));
        }
    }
    let exit_warned: Vec<i64> = service_contract::Entity::find()
        .filter(service_contract::Column::EstateId.is_in(ids.clone()))
        .filter(service_contract::Column::Status.eq(ContractStatus::ExitWarned))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.estate_id)
        .collect();
    let mut handovers_overdue: HashMap<i64, usize> = HashMap::new();
    for h in handover::Entity::find().filter(handover::Column::EstateId.is_in(ids.clone())).all(db).await? {
        if handover_is_overdue(h.status, h.deadline, day) {
            *handovers_overdue.entry(h.estate_id).or_default() += 1;
        }
    }
    let mut emergencies_over: HashMap<i64, usize> = HashMap::new();
    let periods = emergency_period::Entity::find()
        .filter(emergency_period::Column::EstateId.is_in(ids.clone()))
        .filter(emergency_period::Column::Status.is_in([EmergencyStatus::Active, EmergencyStatus::Ended]))
        .all(db)
        .await?;
    for p in periods {
        if emergency_ran_past_six_months(p.status, p.vacancy_start(), p.ended_on, day) {
            *emergencies_over.entry(p.estate_id).or_default() += 1;
        }
    }
    let supervised = supervision(ctx, &ids, day).await?;
    let mut overdue_disclosures: HashMap<i64, usize> = HashMap::new();
    for o in owed(ctx, None, false).await? {
        *overdue_disclosures.entry(o.estate.id).or_default() += 1;
    }
    let estates = estates
        .into_iter()
        .map(|estate| EstateFacts {
            town_id: town_of_community.get(&estate.community_id).copied().unwrap_or_default(),
            has_committee: standing.contains_key(&estate.id),
            committee_standing: standing.get(&estate.id).map(|s| s.0),
            reelection_due: standing.get(&estate.id).is_some_and(|s| s.1),
            covered_since_deadline: covered_since(
                terms.get(&estate.id).map_or(&[][..], Vec::as_slice),
                deadlines.committee,
                day,
            ),
            exit_warned: exit_warned.contains(&estate.id),
            handovers_overdue: handovers_overdue.get(&estate.id).copied().unwrap_or(0),
            emergencies_over_six_months: emergencies_over.get(&estate.id).copied().unwrap_or(0),
            overdue_disclosures: overdue_disclosures.get(&estate.id).copied().unwrap_or(0),
            supervision: supervised.estates.get(&estate.id).copied().unwrap_or_default(),
            estate,
        })
        .collect();
    let late_decisions = supervised.late_decisions;
    Ok(Some(ComplianceOverview { county, as_of: day, deadlines: deadlines.into(), towns, estates, late_decisions }))
}
