//! 信用档案 An enterprise's credit on any day — score, grade, the records behind them, the history of its grade —
//! and the ranking of enterprises by credit. Profiles are computed from the confirmed records and the scoring
//! parameters (`domain::credit`), through the loaders for one enterprise and in two statements for many.

use super::credit::{CreditRecord, CreditRule, CreditScoring, entry, public_on};
use super::db;
use super::direct::List;
use super::direct::declare::{Decl, embedded};
use super::enterprise::Enterprise;
use super::loaders::{Loaders, loaders};
use super::pagination::{Page, TotalCount, list_cost, page_size};
use super::scalars::Date;
use super::within;
use crate::domain::RuleViolation;
use crate::domain::calendar::today;
use crate::domain::credit::{Entry, GradeChange, Profile, Scoring, Scorings, history, profile_on};
use crate::domain::ranking::ranks;
use crate::error::Error;
use async_graphql::connection::Edge;
use async_graphql::{Context, Object, Result, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use entity::vocab::{CreditEventKind, CreditGrade, EnterpriseStatus, Vocabulary};
use entity::{credit_record, credit_rule, credit_scoring, enterprise, service_contract};
use futures_util::future::BoxFuture;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use wuye_macros::declared;

/// 信用变化原因 What changed the grade on a day.
#[derive(SimpleObject)]
pub struct CreditChangeCause {
    /// 原因类型 What happened.
    kind: CreditEventKind,
    /// 规则 The rule of the record concerned (none when the scoring parameters changed).
    rule: Option<CreditRule>,
}

/// 等级变化 A day on which an enterprise's grade changed.
#[derive(SimpleObject)]
pub struct CreditGradeChange {
    /// 日期 From this day on.
    on: Date,
    /// 等级 The grade from that day.
    grade: CreditGrade,
    /// 分数 The score from that day.
    score: i32,
    /// 原因 What happened that day.
    causes: Vec<CreditChangeCause>,
}

/// 信用档案 An enterprise's credit on one day: the score, the grade and the records behind them.
#[derive(Clone)]
pub struct CreditProfile {
    as_of: NaiveDate,
    profile: Profile,
    scoring: Scoring,
    /// Every record ever confirmed, for the history and the records counting on `as_of`.
    confirmed: Vec<credit_record::Model>,
    entries: Vec<Entry>,
    scorings: Scorings,
}

impl CreditProfile {
    /// The profile on `as_of` of an enterprise whose records are `records`, scored with `scorings`.
    pub fn new(records: Vec<credit_record::Model>, scorings: Scorings, as_of: NaiveDate) -> Self {
        let confirmed: Vec<credit_record::Model> = records.into_iter().filter(|r| entry(r).is_some()).collect();
        let entries: Vec<Entry> = confirmed.iter().filter_map(entry).collect();
        let profile = profile_on(&entries, &scorings, as_of);
        let scoring = *scorings.on(as_of);
        CreditProfile { as_of, profile, scoring, confirmed, entries, scorings }
    }
}

/// 信用档案 An enterprise's credit on one day: score = base + good points (up to the cap) − bad points, never
/// below 0; the grade by the parameters then in force, D whenever a veto record counts.
#[declared]
#[Object]
impl CreditProfile {
    /// 分数 The score.
    async fn score(&self) -> i32 {
        self.profile.score
    }
    /// 等级 The grade.
    async fn grade(&self) -> CreditGrade {
        self.profile.grade
    }
    /// 加分 Good points of the counting records (before the cap).
    async fn good_points(&self) -> i32 {
        self.profile.good_points
    }
    /// 扣分 Bad points of the counting records.
    async fn bad_points(&self) -> i32 {
        self.profile.bad_points
    }
    /// 一票否决 Whether a veto record counts (the grade is then D).
    async fn vetoed(&self) -> bool {
        self.profile.vetoed
    }
    /// 日期 The day the profile describes.
    async fn as_of(&self) -> Date {
        Date(self.as_of)
    }
    /// 评分参数 The scoring parameters in force that day.
    #[plan(Decl::Executor)]
    async fn scoring(&self) -> CreditScoring {
        CreditScoring(self.scoring)
    }
    /// 信用记录 The records that count that day, oldest first.
    #[plan(Decl::Executor)]
    async fn records(&self) -> Vec<CreditRecord> {
        self.confirmed.iter().filter(|r| public_on(r, self.as_of)).cloned().map(CreditRecord).collect()
    }
    /// 等级历史 Each change of grade up to that day, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<CreditGradeChange>> {
        let changes: Vec<GradeChange> = history(&self.entries, &self.scorings, self.as_of);
        let rule_ids: Vec<i64> = changes.iter().flat_map(|c| c.causes.iter()).filter_map(|c| c.rule_id).collect();
        let rules = loaders(ctx).many::<credit_rule::Entity>(rule_ids).await?;
        Ok(changes
            .into_iter()
            .map(|change| CreditGradeChange {
                on: Date(change.on),
                grade: change.grade,
                score: change.score,
                causes: change
                    .causes
                    .into_iter()
                    .map(|cause| CreditChangeCause {
                        kind: cause.kind,
                        rule: cause.rule_id.and_then(|id| rules.get(&id).cloned()).map(CreditRule),
                    })
                    .collect(),
            })
            .collect())
    }
}

/// The credit profile on `as_of` of the enterprise `enterprise_id`, through the request's loaders.
pub async fn profile_of(loaders: &Loaders, enterprise_id: i64, as_of: NaiveDate) -> Result<CreditProfile, Error> {
    let records = loaders.credit_records_of_enterprise.load_one(enterprise_id).await?.unwrap_or_default();
    let scorings = scorings(loaders).await?;
    Ok(CreditProfile::new(records, scorings, as_of))
}

async fn scorings(loaders: &Loaders) -> Result<Scorings, Error> {
    loaders.scorings.load_one(()).await?.ok_or_else(|| {
        Error::internal(sea_orm::DbErr::RecordNotFound("credit scoring parameters (none in force)".into()))
    })
}

/// The profiles on `day` of the enterprises `ids`, from one query of their confirmed records and one of the
/// parameters.
pub async fn profiles(
    db: &DatabaseConnection,
    ids: &[i64],
    day: NaiveDate,
) -> Result<HashMap<i64, CreditProfile>, Error> {
    let records = credit_record::Entity::find()
        .filter(credit_record::Column::EnterpriseId.is_in(ids.iter().copied()))
        .filter(credit_record::Column::ConfirmedOn.is_not_null())
        .order_by_asc(credit_record::Column::OccurredOn)
        .order_by_asc(credit_record::Column::Id)
        .all(db)
        .await?;
    let sets = credit_scoring::Entity::find().all(db).await?;
    let scorings = Scorings::new(sets.iter().map(|s| CreditScoring::from(s).0).collect()).ok_or_else(|| {
        Error::internal(sea_orm::DbErr::RecordNotFound("credit scoring parameters (none in force)".into()))
    })?;
    let mut by_enterprise: HashMap<i64, Vec<credit_record::Model>> = ids.iter().map(|id| (*id, Vec::new())).collect();
    for record in records {
        by_enterprise.entry(record.enterprise_id).or_default().push(record);
    }
    Ok(by_enterprise
        .into_iter()
        .map(|(id, records)| (id, CreditProfile::new(records, scorings.clone(), day)))
        .collect())
}

/// The profiles today of the enterprises `ids`, as `Enterprise.creditProfile` (without `asOf`) gives them.
pub fn profiles_today(
    db: &DatabaseConnection,
    ids: Vec<i64>,
) -> BoxFuture<'_, Result<HashMap<i64, CreditProfile>, Error>> {
    Box::pin(async move { profiles(db, &ids, today()).await })
}

/// The enterprises whose credit today matches a grade and score range, for the `enterprises` filter.
pub async fn enterprises_matching(
    db: &DatabaseConnection,
    grade: Option<CreditGrade>,
    min_score: Option<i32>,
    max_score: Option<i32>,
) -> Result<Vec<i64>, Error> {
    let ids: Vec<i64> = enterprise::Entity::find().all(db).await?.into_iter().map(|e| e.id).collect();
    let profiles = profiles(db, &ids, today()).await?;
    let mut matching: Vec<i64> = profiles
        .into_iter()
        .map(|(id, p)| (id, p.profile))
        .filter(|(_, p)| grade.is_none_or(|g| p.grade == g))
        .filter(|(_, p)| min_score.is_none_or(|min| p.score >= min) && max_score.is_none_or(|max| p.score <= max))
        .map(|(id, _)| id)
        .collect();
    matching.sort_unstable();
    Ok(matching)
}

/// 信用排名 One place of the credit ranking.
pub struct CreditRankingEntry {
    rank: u32,
    enterprise: enterprise::Model,
    profile: CreditProfile,
}

/// 信用排名 One place of the credit ranking: the rank (equal scores share it), the enterprise and its profile.
#[declared]
#[Object]
impl CreditRankingEntry {
    /// 名次 Rank by grade and score; an equal grade and score share a rank.
    async fn rank(&self) -> u32 {
        self.rank
    }
    /// 企业 The enterprise.
    #[plan(embedded(|e: &CreditRankingEntry| Some(Enterprise(e.enterprise.clone()))))]
    async fn enterprise(&self) -> Enterprise {
        Enterprise(self.enterprise.clone())
    }
    /// 信用档案 Its profile on the ranking's day.
    #[plan(embedded(|e: &CreditRankingEntry| Some(e.profile.clone())))]
    async fn profile(&self) -> &CreditProfile {
        &self.profile
    }
}

/// Where a ranking page continues: the day it ranks, and the last place's grade, score, sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RankingCursor {
    as_of: NaiveDate,
    grade: CreditGrade,
    score: i32,
    name_sort: String,
    id: i64,
}

impl RankingCursor {
    fn encode(&self) -> String {
        let grade = self.grade.code();
        URL_SAFE_NO_PAD.encode(format!("{}:{grade}:{}:{}:{}", self.as_of, self.score, self.id, self.name_sort))
    }

    fn decode(text: &str) -> Result<Self, Error> {
        let bad = || {
            let rule = RuleViolation::new("cursor", "not a cursor of the credit ranking", "不是信用排名的游标");
            Error::bad_input("after", rule)
        };
        let text = String::from_utf8(URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?).map_err(|_| bad())?;
        let mut parts = text.splitn(5, ':');
        let [Some(day), Some(grade), Some(score), Some(id), Some(name_sort)] = [(); 5].map(|_| parts.next()) else {
            return Err(bad());
        };
        Ok(RankingCursor {
            as_of: NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad())?,
            grade: CreditGrade::from_code(grade).ok_or_else(bad)?,
            score: score.parse().map_err(|_| bad())?,
            name_sort: name_sort.to_owned(),
            id: id.parse().map_err(|_| bad())?,
        })
    }

    /// The sort key of a place: better grades first (a veto's D below every C), then higher scores, then by name
    /// and id.
    fn key(&self) -> (CreditGrade, std::cmp::Reverse<i32>, &str, i64) {
        (self.grade, std::cmp::Reverse(self.score), &self.name_sort, self.id)
    }
}

/// Queries over credit profiles.
#[derive(Default)]
pub struct CreditRankingQuery;

#[declared(roots)]
#[Object]
impl CreditRankingQuery {
    /// 信用排名 Enterprises (all but deregistered ones) by credit on a day: by grade (D, a veto, last), then by score,
    /// highest first; an equal grade and score share a rank. A cursor carries its day, since the order changes with
    /// the day.
    #[graphql(complexity = "list_cost(first, child_complexity)")]
    #[plan(RANKING)]
    // Each parameter past the context is one of the field's GraphQL arguments: the schema's list, not a grouping.
    #[allow(clippy::too_many_arguments)]
    async fn credit_ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "日期 Rank as of this day (default today; a cursor's own day wins)")] as_of: Option<Date>,
        #[graphql(desc = "等级 Only enterprises of this grade")] grade: Option<CreditGrade>,
        #[graphql(desc = "镇 Only enterprises serving an estate in the town with this code, e.g. 340621100")]
        town: Option<String>,
        #[graphql(desc = "县 Only enterprises serving an estate in the county with this code, e.g. 340621")]
        county: Option<String>,
        #[graphql(desc = "每页条数 Page size (1–100, default 20)")] first: Option<i32>,
        #[graphql(desc = "游标 Continue after this cursor")] after: Option<String>,
    ) -> Result<Page<CreditRankingEntry>> {
        Ok((RANKING.read)(db(ctx), first, after, (as_of, grade, town, county)).await?)
    }
}

/// The ranking's own arguments: `asOf`, `grade`, `town`, `county`.
type RankingArguments = (Option<Date>, Option<CreditGrade>, Option<String>, Option<String>);

/// `creditRanking`, for everyone alike.
pub const RANKING: List<CreditRankingEntry, RankingArguments> =
    List::named(&["asOf", "grade", "town", "county"], |db, first, after, (as_of, grade, town, county)| {
        Box::pin(ranking(db, first, after, as_of, grade, Served { town, county }))
    });

/// Where the enterprises of a ranking serve: an estate in this town and in this county (each when given).
struct Served {
    town: Option<String>,
    county: Option<String>,
}

impl Served {
    /// The ids of the enterprises serving an estate of the place now; `None` for no place (every enterprise). Read
    /// first, on their own, so that the read starts from the place's estates: as one statement with the enterprises,
    /// PostgreSQL's plan for its prepared form scanned every enterprise of a province.
    async fn serving(self, db: &DatabaseConnection) -> Result<Option<Vec<i64>>, Error> {
        let town = self.town.map(|code| within::estates_of_towns(vec![code]));
        let county = self.county.map(|code| within::estates_of_counties(vec![code]));
        if town.is_none() && county.is_none() {
            return Ok(None);
        }
        let mut open = sea_orm::Condition::all().add(service_contract::is_open());
        for estates in [town, county].into_iter().flatten() {
            open = open.add(service_contract::Column::EstateId.in_subquery(estates));
        }
        let serving = service_contract::Entity::find()
            .select_only()
            .column(service_contract::Column::EnterpriseId)
            .distinct()
            .filter(open)
            .into_tuple()
            .all(db)
            .await?;
        Ok(Some(serving))
    }
}

/// The ranking on `as_of` (or the cursor's day), one page of it.
async fn ranking(
    db: &DatabaseConnection,
    first: Option<i32>,
    after: Option<String>,
    as_of: Option<Date>,
    grade: Option<CreditGrade>,
    served: Served,
) -> Result<Page<CreditRankingEntry>, Error> {
    let size = page_size(first)? as usize;
    let cursor = after.as_deref().map(RankingCursor::decode).transpose()?;
    let day = match (&cursor, as_of) {
        (Some(cursor), Some(asked)) if cursor.as_of != asked.0 => {
            let message = "the cursor belongs to a ranking of another day";
            let rule = RuleViolation::new("cursor-day", message, "游标属于另一日期的排名");
            return Err(Error::bad_input("after", rule));
        }
        (Some(cursor), _) => cursor.as_of,
        (None, asked) => asked.map_or_else(today, |d| d.0),
    };
    let mut query = enterprise::Entity::find().filter(enterprise::Column::Status.ne(EnterpriseStatus::Deregistered));
    if let Some(serving) = served.serving(db).await? {
        query = query.filter(enterprise::Column::Id.is_in(serving));
    }
    let enterprises = query.all(db).await.map_err(Error::from)?;
    let ids: Vec<i64> = enterprises.iter().map(|e| e.id).collect();
    let mut profiles = profiles(db, &ids, day).await?;
    let mut places: Vec<(RankingCursor, enterprise::Model)> = enterprises
        .into_iter()
        .filter_map(|e| {
            let Profile { grade, score, .. } = profiles.get(&e.id)?.profile;
            Some((RankingCursor { as_of: day, grade, score, name_sort: e.name_sort.clone(), id: e.id }, e))
        })
        .collect();
    places.sort_by(|(a, _), (b, _)| a.key().cmp(&b.key()));
    let scores: Vec<(CreditGrade, i32)> = places.iter().map(|(c, _)| (c.grade, c.score)).collect();
    let ranks = ranks(&scores);
    let mut entries: Vec<(RankingCursor, CreditRankingEntry)> = places
        .into_iter()
        .zip(ranks)
        .filter_map(|((cursor, enterprise), rank)| {
            let profile = profiles.remove(&enterprise.id)?;
            Some((cursor, CreditRankingEntry { rank, enterprise, profile }))
        })
        .filter(|(_, entry)| grade.is_none_or(|g| entry.profile.profile.grade == g))
        .collect();
    let total = entries.len() as u64;
    if let Some(cursor) = &cursor {
        entries.retain(|(place, _)| place.key() > cursor.key());
    }
    let has_next = entries.len() > size;
    entries.truncate(size);
    let mut connection = Page::with_additional_fields(cursor.is_some(), has_next, TotalCount::known(total));
    connection.edges.extend(entries.into_iter().map(|(place, entry)| Edge::new(place.encode(), entry)));
    Ok(connection)
}
