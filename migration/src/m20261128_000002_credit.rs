//! The credit archive: rules (seeded with the default rule set), scoring parameters (seeded with the defaults),
//! records and objections.

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The default rule set: (code, name zh, name en, kind, points, validity in months, legal basis). The points and
/// months are the county's to change; these are the documented defaults (README, "Credit").
const DEFAULT_RULES: [(&str, &str, &str, &str, i32, i32, &str); 15] = [
    (
        "G01",
        "获得国家级表彰",
        "Commended at national level",
        "GOOD",
        5,
        12,
        "县政府《关于进一步加强物业管理工作的意见》五(二) 评比、奖惩",
    ),
    (
        "G02",
        "获得省级表彰",
        "Commended at provincial level",
        "GOOD",
        4,
        12,
        "县政府《关于进一步加强物业管理工作的意见》五(二) 评比、奖惩",
    ),
    (
        "G03",
        "获得市级表彰",
        "Commended at city level",
        "GOOD",
        3,
        12,
        "县政府《关于进一步加强物业管理工作的意见》五(二) 评比、奖惩",
    ),
    (
        "G04",
        "获得县级表彰",
        "Commended at county level",
        "GOOD",
        2,
        12,
        "县政府《关于进一步加强物业管理工作的意见》五(二) 评比、奖惩",
    ),
    (
        "G05",
        "考核评比优秀",
        "Top result in an assessment round",
        "GOOD",
        2,
        12,
        "县政府《关于进一步加强物业管理工作的意见》四(一)5、五(二) 考核、挂牌",
    ),
    (
        "B01",
        "物业服务纠纷诉讼败诉",
        "Lost a lawsuit over its property service",
        "BAD",
        5,
        12,
        "《民法典》第九百四十二条 物业服务人的义务",
    ),
    (
        "B02",
        "未按规定公示公共收益",
        "Did not disclose public income as required",
        "BAD",
        5,
        12,
        "《民法典》第二百八十二条、第九百四十三条",
    ),
    (
        "B03",
        "考核评比不合格",
        "Failed an assessment round",
        "BAD",
        3,
        12,
        "县政府《关于进一步加强物业管理工作的意见》五(二) 考核、奖惩",
    ),
    (
        "B04",
        "未按规定办理备案",
        "Did not file with the community",
        "BAD",
        2,
        12,
        "县政府《关于进一步加强物业管理工作的意见》四(三) 企业备案",
    ),
    (
        "B05",
        "经核实的有效投诉",
        "A verified complaint about its service",
        "BAD",
        1,
        12,
        "县政府《关于进一步加强物业管理工作的意见》四(二)4 投诉处理",
    ),
    (
        "B06",
        "拒不整改",
        "Refused to correct what supervisors ordered",
        "BAD",
        10,
        36,
        "《物业管理条例》第五条 监督管理",
    ),
    (
        "B07",
        "未提前九十日书面告知不再续聘",
        "Left without 90 days' written notice",
        "BAD",
        5,
        36,
        "《民法典》第九百四十七条",
    ),
    (
        "V01",
        "挪用专项维修资金",
        "Misused the special maintenance fund",
        "VETO",
        0,
        36,
        "《物业管理条例》第六十条；《住宅专项维修资金管理办法》",
    ),
    (
        "V02",
        "合同终止后拒不退出",
        "Refused to leave after its contract ended",
        "VETO",
        0,
        36,
        "《民法典》第九百四十九条",
    ),
    (
        "V03",
        "发生重大安全责任事故",
        "Caused a major safety accident",
        "VETO",
        0,
        36,
        "县政府《关于进一步加强物业管理工作的意见》四(四)5 安全隐患",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("credit_rule")
                    .col(string_len_uniq("code", 16))
                    .col(string("name_zh"))
                    .col(string("name_en"))
                    .col(string_len("kind", 32))
                    .col(integer("points"))
                    .col(integer("validity_months"))
                    .col(text("legal_basis"))
                    .col(string_len("status", 32))
                    .col(date_null("retired_on"))
                    .col(text_null("retirement_reason"))
                    .to_owned(),
            )
            .await?;
        for (code, name_zh, name_en, kind, points, months, basis) in DEFAULT_RULES {
            let insert = Query::insert()
                .into_table("credit_rule")
                .columns([
                    "code",
                    "name_zh",
                    "name_en",
                    "kind",
                    "points",
                    "validity_months",
                    "legal_basis",
                    "status",
                    "version",
                    "created_at",
                    "updated_at",
                ])
                .values_panic([
                    code.into(),
                    name_zh.into(),
                    name_en.into(),
                    kind.into(),
                    points.into(),
                    months.into(),
                    basis.into(),
                    "ACTIVE".into(),
                    1.into(),
                    Expr::current_timestamp(),
                    Expr::current_timestamp(),
                ])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }

        manager
            .create_table(
                entity_table("credit_scoring")
                    .col(date_uniq("effective_from"))
                    .col(integer("base"))
                    .col(integer("good_cap"))
                    .col(integer("aaa_min"))
                    .col(integer("aa_min"))
                    .col(integer("a_min"))
                    .col(integer("b_min"))
                    .to_owned(),
            )
            .await?;
        // Base 80, good points counted up to 20; AAA ≥ 95, AA ≥ 85, A ≥ 75, B ≥ 60, C below (README, "Credit").
        let effective_from = sea_orm_migration::sea_orm::prelude::Date::from_ymd_opt(2021, 1, 1).expect("a date");
        let defaults = Query::insert()
            .into_table("credit_scoring")
            .columns([
                "effective_from",
                "base",
                "good_cap",
                "aaa_min",
                "aa_min",
                "a_min",
                "b_min",
                "version",
                "created_at",
                "updated_at",
            ])
            .values_panic([
                effective_from.into(),
                80.into(),
                20.into(),
                95.into(),
                85.into(),
                75.into(),
                60.into(),
                1.into(),
                Expr::current_timestamp(),
                Expr::current_timestamp(),
            ])
            .to_owned();
        manager.exec_stmt(defaults).await?;

        manager
            .create_table(
                entity_table("credit_record")
                    .col(big_integer("enterprise_id"))
                    .col(big_integer("rule_id"))
                    .col(big_integer_null("estate_id"))
                    .col(string_len("county_code", 6))
                    .col(string_len_null("town_code", 9))
                    .col(string_len_null("community_code", 12))
                    .col(text("facts"))
                    .col(text("evidence"))
                    .col(date("occurred_on"))
                    .col(string_len("source", 32))
                    .col(big_integer_null("assessment_round_id"))
                    .col(string_len("status", 32))
                    .col(string_len_null("kind", 32))
                    .col(integer_null("points"))
                    .col(integer_null("validity_months"))
                    .col(date_null("expires_on"))
                    .col(date("proposed_on"))
                    .col(date_null("confirmed_on"))
                    .col(date_null("rejected_on"))
                    .col(date_null("revoked_on"))
                    .col(text_null("decision_reason"))
                    .foreign_key(&mut reference("credit_record", "enterprise_id", "enterprise"))
                    .foreign_key(&mut reference("credit_record", "rule_id", "credit_rule"))
                    .foreign_key(&mut reference("credit_record", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "credit_record", &["enterprise_id"]).await?;
        index(manager, "credit_record", &["rule_id"]).await?;
        index(manager, "credit_record", &["status", "id"]).await?;

        manager
            .create_table(
                entity_table("credit_objection")
                    .col(big_integer("record_id"))
                    .col(text("reason"))
                    .col(string_len("status", 32))
                    .col(string("lodged_by"))
                    .col(date("lodged_on"))
                    .col(date_null("decided_on"))
                    .col(text_null("decision_reason"))
                    .foreign_key(&mut reference("credit_objection", "record_id", "credit_record"))
                    .to_owned(),
            )
            .await?;
        index(manager, "credit_objection", &["record_id"]).await?;
        // One pending objection per record at a time, however many the enterprise sends at once.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_credit_objection_pending_per_record ON credit_objection (record_id) \
                 WHERE status = 'PENDING'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["credit_objection", "credit_record", "credit_scoring", "credit_rule"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
