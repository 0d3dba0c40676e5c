//! Complaints with their responses (append-only), the time limits per category and the holiday calendar they are
//! counted over (both seeded, with their sources), and joint meetings with the complaints they took up.

use crate::util::{append_only, entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Date;

#[derive(DeriveMigrationName)]
pub struct Migration;

const LIMITS_SOURCE: &str = "wuye 默认值：县政策只要求“及时”受理、处置（《关于进一步加强物业管理工作的意见》四(二)4），\
     此处参照12345热线工单的通常做法：危及安全的1个工作日，影响居住的2至3个工作日，一般事项5个工作日，\
     涉及资金与组织的10个工作日";

/// Working days per category, by default (see README: the seed says only 及时).
const LIMITS: [(&str, i32); 12] = [
    ("SECURITY", 1),
    ("FACILITY_REPAIR", 2),
    ("SANITATION", 3),
    ("ENTERPRISE_EXIT", 3),
    ("SERVICE_QUALITY", 5),
    ("FEES", 5),
    ("GREENING", 5),
    ("PARKING", 5),
    ("OTHER", 5),
    ("PUBLIC_INCOME", 10),
    ("MAINTENANCE_FUND", 10),
    ("COMMITTEE", 10),
];

const SOURCE_2025: &str = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）";
const SOURCE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）";

/// A run of days of one kind: from `first` to `last`, both included.
struct Span {
    first: (i32, u32, u32),
    last: (i32, u32, u32),
    kind: &'static str,
    name: &'static str,
    source: &'static str,
}

/// The holidays and make-up working days of 2025 and 2026.
const CALENDAR: [Span; 24] = [
    Span { first: (2025, 1, 1), last: (2025, 1, 1), kind: "HOLIDAY", name: "元旦", source: SOURCE_2025 },
    Span { first: (2025, 1, 26), last: (2025, 1, 26), kind: "WORKDAY", name: "春节", source: SOURCE_2025 },
    Span { first: (2025, 1, 28), last: (2025, 2, 4), kind: "HOLIDAY", name: "春节", source: SOURCE_2025 },
    Span { first: (2025, 2, 8), last: (2025, 2, 8), kind: "WORKDAY", name: "春节", source: SOURCE_2025 },
    Span { first: (2025, 4, 4), last: (2025, 4, 6), kind: "HOLIDAY", name: "清明节", source: SOURCE_2025 },
    Span { first: (2025, 4, 27), last: (2025, 4, 27), kind: "WORKDAY", name: "劳动节", source: SOURCE_2025 },
    Span { first: (2025, 5, 1), last: (2025, 5, 5), kind: "HOLIDAY", name: "劳动节", source: SOURCE_2025 },
    Span { first: (2025, 5, 31), last: (2025, 6, 2), kind: "HOLIDAY", name: "端午节", source: SOURCE_2025 },
    Span {
        first: (2025, 9, 28), last: (2025, 9, 28), kind: "WORKDAY", name: "国庆节、中秋节", source: SOURCE_2025
    },
    Span {
        first: (2025, 10, 1), last: (2025, 10, 8), kind: "HOLIDAY", name: "国庆节、中秋节", source: SOURCE_2025
    },
    Span {
        first: (2025, 10, 11), last: (2025, 10, 11), kind: "WORKDAY", name: "国庆节、中秋节", source: SOURCE_2025
    },
    Span { first: (2026, 1, 1), last: (2026, 1, 3), kind: "HOLIDAY", name: "元旦", source: SOURCE_2026 },
    Span { first: (2026, 1, 4), last: (2026, 1, 4), kind: "WORKDAY", name: "元旦", source: SOURCE_2026 },
    Span { first: (2026, 2, 14), last: (2026, 2, 14), kind: "WORKDAY", name: "春节", source: SOURCE_2026 },
    Span { first: (2026, 2, 15), last: (2026, 2, 23), kind: "HOLIDAY", name: "春节", source: SOURCE_2026 },
    Span { first: (2026, 2, 28), last: (2026, 2, 28), kind: "WORKDAY", name: "春节", source: SOURCE_2026 },
    Span { first: (2026, 4, 4), last: (2026, 4, 6), kind: "HOLIDAY", name: "清明节", source: SOURCE_2026 },
    Span { first: (2026, 5, 1), last: (2026, 5, 5), kind: "HOLIDAY", name: "劳动节", source: SOURCE_2026 },
    Span { first: (2026, 5, 9), last: (2026, 5, 9), kind: "WORKDAY", name: "劳动节", source: SOURCE_2026 },
    Span { first: (2026, 6, 19), last: (2026, 6, 21), kind: "HOLIDAY", name: "端午节", source: SOURCE_2026 },
    Span { first: (2026, 9, 20), last: (2026, 9, 20), kind: "WORKDAY", name: "国庆节", source: SOURCE_2026 },
    Span { first: (2026, 9, 25), last: (2026, 9, 27), kind: "HOLIDAY", name: "中秋节", source: SOURCE_2026 },
    Span { first: (2026, 10, 1), last: (2026, 10, 7), kind: "HOLIDAY", name: "国庆节", source: SOURCE_2026 },
    Span { first: (2026, 10, 10), last: (2026, 10, 10), kind: "WORKDAY", name: "国庆节", source: SOURCE_2026 },
];

fn day((y, m, d): (i32, u32, u32)) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a date")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                entity_table("complaint")
                    .col(string_len("channel", 32))
                    .col(string_len("ticket_number", 64))
                    .col(string_len("category", 32))
                    .col(big_integer("estate_id"))
                    .col(big_integer_null("enterprise_id"))
                    .col(text("summary"))
                    .col(string_null("complainant_name"))
                    .col(string_null("complainant_phone"))
                    .col(timestamp_with_time_zone("received_at"))
                    .col(string_len("status", 32))
                    .col(string_len_null("assignee", 32))
                    .col(timestamp_with_time_zone_null("assigned_at"))
                    .col(timestamp_with_time_zone_null("responded_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(text_null("outcome"))
                    .col(string_len_null("satisfaction", 32))
                    .col(integer("reopen_count").default(0))
                    .col(timestamp_with_time_zone_null("reopened_at"))
                    .col(text_null("reopen_reason"))
                    .foreign_key(&mut reference("complaint", "estate_id", "estate"))
                    .foreign_key(&mut reference("complaint", "enterprise_id", "enterprise"))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_complaint_channel_ticket_number ON complaint (channel, ticket_number)",
        )
        .await?;
        index(manager, "complaint", &["estate_id"]).await?;
        index(manager, "complaint", &["received_at"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("complaint_response")
                    .col(big_pk_auto("id"))
                    .col(big_integer("complaint_id"))
                    .col(string_len("assignee", 32))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("responded_at"))
                    .foreign_key(&mut reference("complaint_response", "complaint_id", "complaint"))
                    .to_owned(),
            )
            .await?;
        index(manager, "complaint_response", &["complaint_id"]).await?;
        append_only(manager, "complaint_response", "complaint_response_append_only").await?;

        manager
            .create_table(
                Table::create()
                    .table("complaint_time_limit")
                    .col(big_pk_auto("id"))
                    .col(string_len("category", 32))
                    .col(integer("working_days"))
                    .col(date("effective_from"))
                    .col(text("source"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_complaint_time_limit_category_effective_from \
             ON complaint_time_limit (category, effective_from)",
        )
        .await?;
        for (category, days) in LIMITS {
            let insert = Query::insert()
                .into_table("complaint_time_limit")
                .columns(["category", "working_days", "effective_from", "source", "created_at"])
                .values_panic([
                    category.into(),
                    days.into(),
                    day((2021, 1, 1)).into(),
                    LIMITS_SOURCE.into(),
                    Expr::current_timestamp(),
                ])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("calendar_day")
                    .col(date("day").primary_key())
                    .col(string_len("kind", 32))
                    .col(string("name"))
                    .col(text("source"))
                    .to_owned(),
            )
            .await?;
        for Span { first, last, kind, name, source } in CALENDAR {
            let (mut d, last) = (day(first), day(last));
            while d <= last {
                let insert = Query::insert()
                    .into_table("calendar_day")
                    .columns(["day", "kind", "name", "source"])
                    .values_panic([d.into(), kind.into(), name.into(), source.into()])
                    .to_owned();
                manager.exec_stmt(insert).await?;
                d = d.succ_opt().expect("a date");
            }
        }

        manager
            .create_table(
                entity_table("joint_meeting")
                    .col(big_integer("town_id"))
                    .col(big_integer_null("community_id"))
                    .col(date("held_on"))
                    .col(text("participants"))
                    .col(text("topics"))
                    .col(text("decisions"))
                    .foreign_key(&mut reference("joint_meeting", "town_id", "town"))
                    .foreign_key(&mut reference("joint_meeting", "community_id", "community"))
                    .to_owned(),
            )
            .await?;
        index(manager, "joint_meeting", &["town_id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table("joint_meeting_complaint")
                    .col(big_integer("meeting_id"))
                    .col(big_integer("complaint_id"))
                    .primary_key(Index::create().col("meeting_id").col("complaint_id"))
                    .foreign_key(&mut reference("joint_meeting_complaint", "meeting_id", "joint_meeting"))
                    .foreign_key(&mut reference("joint_meeting_complaint", "complaint_id", "complaint"))
                    .to_owned(),
            )
            .await?;
        index(manager, "joint_meeting_complaint", &["complaint_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "joint_meeting_complaint",
            "joint_meeting",
            "calendar_day",
            "complaint_time_limit",
            "complaint_response",
            "complaint",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
