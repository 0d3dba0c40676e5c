//! When service changes hands: exit warnings, handovers with their checklists, emergency management periods, and
//! the deadlines the county policy set (seeded, with their source clauses).

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::Date;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The policy's deadlines (濉溪县人民政府《关于进一步加强物业管理工作的意见》五(一)).
const DEADLINES: [(&str, (i32, u32, u32), &str); 2] = [
    (
        "SERVICE_CENTER_SETUP",
        (2021, 11, 5),
        "《关于进一步加强物业管理工作的意见》五(一)：各镇、园区要在2021年11月5日前成立物业服务中心",
    ),
    (
        "COMMITTEE_FORMATION",
        (2021, 11, 30),
        "《关于进一步加强物业管理工作的意见》五(一)：各小区最迟于2021年11月30日前成立物业管理委员会",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("exit_warning")
                    .col(big_integer_uniq("contract_id"))
                    .col(big_integer("estate_id"))
                    .col(date("intended_end_on"))
                    .col(text("reason"))
                    .col(boolean("contract_agrees_otherwise"))
                    .col(text_null("agreement_note"))
                    .col(date("filed_on"))
                    .col(date_null("acknowledged_on"))
                    .foreign_key(&mut reference("exit_warning", "contract_id", "service_contract"))
                    .foreign_key(&mut reference("exit_warning", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "exit_warning", &["estate_id"]).await?;

        manager
            .create_table(
                entity_table("handover")
                    .col(big_integer_uniq("contract_id"))
                    .col(big_integer("estate_id"))
                    .col(string_len("receiver", 32))
                    .col(big_integer_null("receiver_enterprise_id"))
                    .col(date("deadline"))
                    .col(string_len("status", 32))
                    .col(date("opened_on"))
                    .col(date_null("completed_on"))
                    .foreign_key(&mut reference("handover", "contract_id", "service_contract"))
                    .foreign_key(&mut reference("handover", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "handover", &["estate_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("handover_item")
                    .col(big_pk_auto("id"))
                    .col(big_integer("handover_id"))
                    .col(string_len("item", 32))
                    .col(string_len("status", 32))
                    .col(string_null("received_by"))
                    .col(date_null("received_on"))
                    .col(text_null("note"))
                    .col(text_null("internal_note"))
                    .col(text_null("dispute_reason"))
                    .foreign_key(&mut reference("handover_item", "handover_id", "handover"))
                    .to_owned(),
            )
            .await?;
        index(manager, "handover_item", &["handover_id"]).await?;

        manager
            .create_table(
                entity_table("emergency_period")
                    .col(big_integer("estate_id"))
                    .col(string_len("status", 32))
                    .col(string_len("provider", 32))
                    .col(big_integer_null("provider_enterprise_id"))
                    .col(string("services"))
                    .col(big_integer("fee_per_m2_month"))
                    .col(date("start_on"))
                    .col(date("end_on"))
                    .col(date("applied_on"))
                    .col(date_null("approved_on"))
                    .col(date_null("ended_on"))
                    .col(text_null("reason"))
                    .col(string_len("previous_service_mode", 32))
                    .col(string("previous_five_basics"))
                    .foreign_key(&mut reference("emergency_period", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "emergency_period", &["estate_id"]).await?;
        // At most one active period per estate, however many approvals race.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_emergency_period_active_per_estate ON emergency_period (estate_id) \
                 WHERE status = 'ACTIVE'",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("policy_deadline")
                    .col(string_len("kind", 32).primary_key())
                    .col(date("due_on"))
                    .col(text("source"))
                    .to_owned(),
            )
            .await?;
        for (kind, (y, m, d), source) in DEADLINES {
            let due = Date::from_ymd_opt(y, m, d).expect("a date");
            let insert = Query::insert()
                .into_table("policy_deadline")
                .columns(["kind", "due_on", "source"])
                .values_panic([kind.into(), due.into(), source.into()])
                .to_owned();
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["policy_deadline", "emergency_period", "handover_item", "handover", "exit_warning"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
