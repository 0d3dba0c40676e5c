//! 投诉统计 The public's view of complaints: counts and timeliness grouped by town, community, estate, enterprise,
//! category and month, with every cell of fewer than three complaints suppressed (`domain::complaint_stats`). One
//! statement reads the complaints, three more where they lie, two the rules; the cells' towns, estates and
//! enterprises come through the loaders — however many complaints there are.

use super::direct::Single;
use super::direct::declare::{embedded, embedded_list, one, record};
use super::enterprise::Enterprise;
use super::estate::Estate;
use super::loaders::{Loaders, loaders};
use super::region::{Community, Town};
use super::scalars::Date;
use super::{db, within};
use crate::domain::RuleViolation;
use crate::domain::calendar::{instant_of, local_date};
use crate::domain::complaint_stats::{Figures, MIN_CELL, Table, tabulate};
use crate::error::Error;
use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};
use chrono::{Datelike, Days};
use entity::vocab::{ComplaintCategory, ComplaintStatus};
use entity::{community, complaint, enterprise, estate, town};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use wuye_macros::declared;

/// 投诉统计分组 What complaint statistics are grouped by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintGrouping {
    /// 按镇 By town
    Town,
    /// 按社区 By community
    Community,
    /// 按小区 By estate
    Estate,
    /// 按企业 By the enterprise complained about
    Enterprise,
    /// 按类别 By category
    Category,
    /// 按月份 By the month received (county time)
    Month,
}

/// 投诉统计筛选 Which complaints to count; all given conditions must hold.
#[derive(InputObject, Default)]
pub struct ComplaintStatisticsFilter {
    /// 起始日期 Received on or after this day (county time).
    from: Option<Date>,
    /// 截止日期 Received on or before this day (county time).
    to: Option<Date>,
    /// 镇代码 Only about estates of this town.
    town_code: Option<String>,
    /// 类别 Only of this category.
    category: Option<ComplaintCategory>,
}

/// The key of a cell: the values of the groupings asked for, `None` for the others.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Key {
    town: Option<i64>,
    community: Option<i64>,
    estate: Option<i64>,
    /// `Some(None)`: grouped by enterprise, and no enterprise named.
    enterprise: Option<Option<i64>>,
    category: Option<ComplaintCategory>,
    month: Option<(i32, u32)>,
}

/// 投诉统计指标 The figures of a cell or of the total.
#[declared]
#[derive(SimpleObject)]
pub struct ComplaintFigures {
    /// 件数 Complaints.
    count: u64,
    /// 已办结 Closed.
    closed: u64,
    /// 按时办结率 Closed by their due time, out of closed (null when none closed).
    on_time_share: Option<f64>,
    /// 办结用时中位数 Median hours from receipt to closure.
    median_hours_to_close: Option<f64>,
    /// 重新办理 Reopened at least once.
    reopened: u64,
}

impl From<&Figures> for ComplaintFigures {
    fn from(f: &Figures) -> Self {
        ComplaintFigures {
            count: f.count as u64,
            closed: f.closed as u64,
            on_time_share: f.on_time_share,
            median_hours_to_close: f.median_hours_to_close,
            reopened: f.reopened as u64,
        }
    }
}

/// 投诉统计行 One cell: what it groups, and its figures unless suppressed.
pub struct ComplaintStatisticsRow {
    key: Key,
    figures: Option<Figures>,
}

/// 投诉统计行 One cell: what it groups, and its figures unless suppressed.
#[declared]
#[Object]
impl ComplaintStatisticsRow {
    /// 镇 The town, when grouped by town.
    #[plan(one(|r| r.key.town, record(Town)))]
    async fn town(&self, ctx: &Context<'_>) -> Result<Option<Town>> {
        let Some(id) = self.key.town else { return Ok(None) };
        Ok(loaders(ctx).one::<town::Entity>(id).await?.map(Town))
    }
    /// 社区 The community, when grouped by community.
    #[plan(one(|r| r.key.community, record(Community)))]
    async fn community(&self, ctx: &Context<'_>) -> Result<Option<Community>> {
        let Some(id) = self.key.community else { return Ok(None) };
        Ok(loaders(ctx).one::<community::Entity>(id).await?.map(Community))
    }
    /// 小区 The estate, when grouped by estate.
    #[plan(one(|r| r.key.estate, record(Estate)))]
    async fn estate(&self, ctx: &Context<'_>) -> Result<Option<Estate>> {
        let Some(id) = self.key.estate else { return Ok(None) };
        Ok(loaders(ctx).one::<estate::Entity>(id).await?.map(Estate))
    }
    /// 企业 The enterprise, when grouped by enterprise (null also for complaints naming none).
    #[plan(one(|r| r.key.enterprise.flatten(), record(Enterprise)))]
    async fn enterprise(&self, ctx: &Context<'_>) -> Result<Option<Enterprise>> {
        let Some(Some(id)) = self.key.enterprise else { return Ok(None) };
        Ok(loaders(ctx).one::<enterprise::Entity>(id).await?.map(Enterprise))
    }
    /// 类别 The category, when grouped by category.
    async fn category(&self) -> Option<ComplaintCategory> {
        self.key.category
    }
    /// 月份 The month received, `YYYY-MM`, when grouped by month.
    async fn month(&self) -> Option<String> {
        self.key.month.map(|(y, m)| format!("{y:04}-{m:02}"))
    }
    /// 已抑制 Fewer than three complaints: the figures are withheld (null) so that no one can be identified.
    async fn suppressed(&self) -> bool {
        self.figures.is_none()
    }
    /// 件数 Complaints (null when suppressed).
    async fn count(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.count as u64)
    }
    /// 已办结 Closed (null when suppressed).
    async fn closed(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.closed as u64)
    }
    /// 按时办结率 Closed on time, out of closed (null when suppressed or none closed).
    async fn on_time_share(&self) -> Option<f64> {
        self.figures.as_ref().and_then(|f| f.on_time_share)
    }
    /// 办结用时中位数 Median hours from receipt to closure (null when suppressed or none closed).
    async fn median_hours_to_close(&self) -> Option<f64> {
        self.figures.as_ref().and_then(|f| f.median_hours_to_close)
    }
    /// 重新办理 Reopened at least once (null when suppressed).
    async fn reopened(&self) -> Option<u64> {
        self.figures.as_ref().map(|f| f.reopened as u64)
    }
}

/// 投诉统计 Complaint statistics: the cells, and the total of the cells shown.
pub struct ComplaintStatistics {
    group_by: Vec<ComplaintGrouping>,
    table: Table<Key>,
}

/// 投诉统计 Complaint statistics: the cells, and the total of the cells shown.
#[declared]
#[Object]
impl ComplaintStatistics {
    /// 分组 What the cells are grouped by.
    async fn group_by(&self) -> &[ComplaintGrouping] {
        &self.group_by
    }
    /// 统计行 The cells with at least one complaint, in the order of their groups.
    #[plan(embedded_list(ComplaintStatistics::cells))]
    async fn rows(&self) -> Vec<ComplaintStatisticsRow> {
        self.cells()
    }
    /// 合计 The total over the cells shown only: suppressed cells are in no published figure, so subtracting the
    /// cells from the total gives back nothing.
    #[plan(embedded(|s: &ComplaintStatistics| Some(ComplaintFigures::from(&s.table.total))))]
    async fn total(&self) -> ComplaintFigures {
        ComplaintFigures::from(&self.table.total)
    }
    /// 已抑制单元格数 How many cells were suppressed.
    async fn suppressed_cells(&self) -> u64 {
        self.table.suppressed_cells as u64
    }
    /// 最小公布数 Cells with fewer complaints than this are suppressed.
    async fn minimum_cell_size(&self) -> u64 {
        MIN_CELL as u64
    }
}

impl ComplaintStatistics {
    fn cells(&self) -> Vec<ComplaintStatisticsRow> {
        let cells = self.table.cells.iter();
        cells.map(|c| ComplaintStatisticsRow { key: c.key.clone(), figures: c.figures.clone() }).collect()
    }
}

/// The public's complaint statistics.
#[derive(Default)]
pub struct ComplaintStatisticsQuery;

#[declared(roots)]
#[Object]
impl ComplaintStatisticsQuery {
    /// 投诉统计 Complaints counted by the groupings given (none: one cell of everything): count, closed, on-time
    /// share, median hours to close, reopened. Cells under three complaints are suppressed.
    #[plan(STATISTICS)]
    async fn complaint_statistics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "分组 Group by these (each at most once)")] group_by: Vec<ComplaintGrouping>,
        #[graphql(desc = "筛选 Filter")] filter: Option<ComplaintStatisticsFilter>,
    ) -> Result<ComplaintStatistics> {
        Ok((STATISTICS.read)(db(ctx), loaders(ctx), (group_by, filter.unwrap_or_default())).await?)
    }
}

/// `complaintStatistics`, for everyone alike.
pub const STATISTICS: Single<ComplaintStatistics, (Vec<ComplaintGrouping>, ComplaintStatisticsFilter)> =
    Single::named(&["groupBy", "filter"], |db, loaders, (group_by, filter)| {
        Box::pin(statistics(db, loaders, group_by, filter))
    });

/// BAD_USER_INPUT unless each grouping is named at most once (statistics of complaints and of hazard reports).
pub fn check_grouped_once<G: PartialEq>(group_by: &[G]) -> Result<(), Error> {
    if group_by.iter().enumerate().any(|(i, g)| group_by[..i].contains(g)) {
        let violation =
            RuleViolation::new("grouping-once", "group by each grouping at most once", "每种分组只能出现一次");
        return Err(Error::bad_input("groupBy", violation));
    }
    Ok(())
}

async fn statistics(
    db: &DatabaseConnection,
    loaders: &Loaders,
    group_by: Vec<ComplaintGrouping>,
    filter: ComplaintStatisticsFilter,
) -> Result<ComplaintStatistics, Error> {
    check_grouped_once(&group_by)?;
    let start_of = |day: chrono::NaiveDate| Some(instant_of(day.and_hms_opt(0, 0, 0).expect("midnight")));
    let mut query = complaint::Entity::find();
    if let Some(from) = filter.from.and_then(|d| start_of(d.0)) {
        query = query.filter(complaint::Column::ReceivedAt.gte(from));
    }
    if let Some(to) = filter.to.and_then(|d| start_of(d.0 + Days::new(1))) {
        query = query.filter(complaint::Column::ReceivedAt.lt(to));
    }
    if let Some(code) = filter.town_code {
        query = query.filter(complaint::Column::EstateId.in_subquery(within::estates_of_towns(vec![code])));
    }
    if let Some(category) = filter.category {
        query = query.filter(complaint::Column::Category.eq(category));
    }
    let complaints = query.all(db).await?;
    let estates = loaders.many::<estate::Entity>(complaints.iter().map(|c| c.estate_id)).await?;
    let communities = loaders.many::<community::Entity>(estates.values().map(|e| e.community_id)).await?;
    let rules = loaders.complaint_rules().await?;
    let by = |g: ComplaintGrouping| group_by.contains(&g);
    let facts: Vec<_> = complaints
        .iter()
        .map(|c| {
            let community = estates.get(&c.estate_id).and_then(|e| communities.get(&e.community_id));
            let received = local_date(c.received_at);
            let closed = c.status == ComplaintStatus::Closed;
            let due = rules.due_at(c);
            crate::domain::complaint_stats::Fact {
                key: Key {
                    town: by(ComplaintGrouping::Town).then(|| community.map_or(0, |c| c.town_id)),
                    community: by(ComplaintGrouping::Community).then(|| community.map_or(0, |c| c.id)),
                    estate: by(ComplaintGrouping::Estate).then_some(c.estate_id),
                    enterprise: by(ComplaintGrouping::Enterprise).then_some(c.enterprise_id),
                    category: by(ComplaintGrouping::Category).then_some(c.category),
                    month: by(ComplaintGrouping::Month).then(|| (received.year(), received.month())),
                },
                closed,
                on_time: closed && c.closed_at.zip(due).is_none_or(|(closed, due)| closed <= due),
                hours_to_close: c
                    .closed_at
                    .filter(|_| closed)
                    .map(|at| (at - c.received_at).num_seconds() as f64 / 3600.0),
                reopened: c.reopen_count > 0,
            }
        })
        .collect();
    Ok(ComplaintStatistics { group_by, table: tabulate(&facts) })
}
