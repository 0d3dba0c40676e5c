//! 隐患报告统计 The public's view of hazard reports: counts, referrals and closures grouped by town, estate, category
//! and month, with every cell of fewer than three reports suppressed and the total over the cells shown only
//! (`domain::small_cells`), as complaint statistics are. One statement reads the reports, two more where they lie.

use super::complaint_stats::check_grouped_once;
use super::estate::Estate;
use super::loaders::loaders;
use super::region::Town;
use super::scalars::Date;
use super::{db, within};
use crate::domain::small_cells::{MIN_CELL, Table, median, tabulate};
use crate::error::Error;
use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};
use chrono::Datelike;
use entity::vocab::{HazardCategory, HazardStatus};
use entity::{community, estate, hazard_report, town};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// 隐患报告统计分组 What hazard statistics are grouped by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum HazardGrouping {
    /// 按镇 By town
    Town,
    /// 按小区 By estate
    Estate,
    /// 按类别 By category
    Category,
    /// 按月份 By the month reported
    Month,
}

/// 隐患报告统计筛选 Which reports to count; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct HazardStatisticsFilter {
    /// 起始日期 Reported on or after this day.
    from: Option<Date>,
    /// 截止日期 Reported on or before this day.
    to: Option<Date>,
    /// 镇代码 Only about estates of this town.
    town_code: Option<String>,
    /// 类别 Only of this category.
    category: Option<HazardCategory>,
}

/// The key of a cell: the values of the groupings asked for, `None` for the others.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Key {
    town: Option<i64>,
    estate: Option<i64>,
    category: Option<HazardCategory>,
    month: Option<(i32, u32)>,
}

/// One report, as the statistics see it.
struct Fact {
    key: Key,
    referred: bool,
    closed: bool,
    days_to_close: Option<f64>,
}

/// 隐患报告统计指标 The figures of a cell or of the total.
#[derive(SimpleObject, Clone)]
pub struct HazardFigures {
    /// 件数 Reports.
    count: u64,
    /// 已移交 Referred to a department.
    referred: u64,
    /// 已办结 Closed.
    closed: u64,
    /// 办结用时中位数 Median days from report to closure (null when none closed).
    median_days_to_close: Option<f64>,
}

fn figures(facts: &[&Fact]) -> HazardFigures {
    HazardFigures {
        count: facts.len() as u64,
        referred: facts.iter().filter(|f| f.referred).count() as u64,
        closed: facts.iter().filter(|f| f.closed).count() as u64,
        median_days_to_close: median(facts.iter().filter_map(|f| f.days_to_close).collect()),
    }
}

/// 隐患报告统计行 One cell: what it groups, and its figures unless suppressed.
pub struct HazardStatisticsRow {
    key: Key,
    figures: Option<HazardFigures>,
}

/// 隐患报告统计行 One cell: what it groups, and its figures unless suppressed.
#[Object]
impl HazardStatisticsRow {
    /// 镇 The town, when grouped by town.
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        let Some(id) = self.key.town else { return Ok(None) };
        Ok(loaders(ctx).one::<town::Entity>(id).await?.map(Town))
    }
    /// 小区 The estate, when grouped by estate.
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        let Some(id) = self.key.estate else { return Ok(None) };
        Ok(loaders(ctx).one::<estate::Entity>(id).await?.map(Estate))
    }
    /// 类别 The category, when grouped by category.
    async fn category(&self) -> Option<HazardCategory> {
        self.key.category
    }
    /// 月份 The month reported, `YYYY-MM`, when grouped by month.
    async fn month(&self) -> Option<String> {
        self.key.month.map(|(y, m)| format!("{y:04}-{m:02}"))
    }
    /// 已抑制 Fewer than three reports: the figures are withheld (null) so that no one can be identified.
    async fn suppressed(&self) -> bool {
        self.figures.is_none()
    }
    /// 件数 Reports (null when suppressed).
    async fn count(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.count)
    }
    /// 已移交 Referred to a department (null when suppressed).
    async fn referred(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.referred)
    }
    /// 已办结 Closed (null when suppressed).
    async fn closed(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.closed)
    }
    /// 办结用时中位数 Median days from report to closure (null when suppressed or none closed).
    async fn median_days_to_close(&self) -> Option<f64> {
        self.figures.as_ref().and_then(|f| f.median_days_to_close)
    }
}

/// 隐患报告统计 Hazard statistics: the cells, and the total of the cells shown.
pub struct HazardStatistics {
    group_by: Vec<HazardGrouping>,
    table: Table<Key, HazardFigures>,
}

/// 隐患报告统计 Hazard statistics: the cells, and the total of the cells shown.
#[Object]
impl HazardStatistics {
    /// 分组 What the cells are grouped by.
    async fn group_by(&self) -> &[HazardGrouping] {
        &self.group_by
    }
    /// 统计行 The cells with at least one report, in the order of their groups.
    async fn rows(&self) -> Vec<HazardStatisticsRow> {
        self.table
            .cells
            .iter()
            .map(|c| HazardStatisticsRow { key: c.key.clone(), figures: c.figures.clone() })
            .collect()
    }
    /// 合计 The total over the cells shown only: suppressed cells are in no published figure, so subtracting the
    /// cells from the total gives back nothing.
    async fn total(&self) -> HazardFigures {
        self.table.total.clone()
    }
    /// 已抑制单元格数 How many cells were suppressed.
    async fn suppressed_cells(&self) -> u64 {
        self.table.suppressed_cells as u64
    }
    /// 最小公布数 Cells with fewer reports than this are suppressed.
    async fn minimum_cell_size(&self) -> u64 {
        MIN_CELL as u64
    }
}

/// The public's hazard statistics.
#[derive(Default)]
pub struct HazardStatisticsQuery;

#[Object]
impl HazardStatisticsQuery {
    /// 隐患报告统计 Hazard reports counted by the groupings given (none: one cell of everything): count, referred,
    /// closed, median days to close. Cells under three reports are suppressed.
    async fn hazard_statistics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "分组 Group by these (each at most once)")] group_by: Vec<HazardGrouping>,
        #[graphql(desc = "筛选 Filter")] filter: Option<HazardStatisticsFilter>,
    ) -> Result<HazardStatistics> {
        Ok(statistics(ctx, group_by, filter.unwrap_or_default()).await?)
    }
}

async fn statistics(
    ctx: &Context<'_>,
    group_by: Vec<HazardGrouping>,
    filter: HazardStatisticsFilter,
) -> Result<HazardStatistics, Error> {
    check_grouped_once(&group_by)?;
    let mut query = hazard_report::Entity::find();
    if let Some(from) = filter.from {
        query = query.filter(hazard_report::Column::ReportedOn.gte(from.0));
    }
    if let Some(to) = filter.to {
        query = query.filter(hazard_report::Column::ReportedOn.lte(to.0));
    }
    if let Some(code) = filter.town_code {
        query = query.filter(hazard_report::Column::EstateId.in_subquery(within::estates_of_towns(vec![code])));
    }
    if let Some(category) = filter.category {
        query = query.filter(hazard_report::Column::Category.eq(category));
    }
    let reports = query.all(db(ctx)).await?;
    let loaders = loaders(ctx);
    let estates = loaders.many::<estate::Entity>(reports.iter().map(|r| r.estate_id)).await?;
    let communities = loaders.many::<community::Entity>(estates.values().map(|e| e.community_id)).await?;
    let by = |g: HazardGrouping| group_by.contains(&g);
    let facts: Vec<Fact> = reports
        .iter()
        .map(|r| {
            let community = estates.get(&r.estate_id).and_then(|e| communities.get(&e.community_id));
            let closed = r.status == HazardStatus::Closed;
            Fact {
                key: Key {
                    town: by(HazardGrouping::Town).then(|| community.map_or(0, |c| c.town_id)),
                    estate: by(HazardGrouping::Estate).then_some(r.estate_id),
                    category: by(HazardGrouping::Category).then_some(r.category),
                    month: by(HazardGrouping::Month).then(|| (r.reported_on.year(), r.reported_on.month())),
                },
                referred: r.referred_on.is_some(),
                closed,
                days_to_close: r.closed_on.filter(|_| closed).map(|on| (on - r.reported_on).num_days() as f64),
            }
        })
        .collect();
    Ok(HazardStatistics { group_by, table: tabulate(&facts, |f| &f.key, figures) })
}
