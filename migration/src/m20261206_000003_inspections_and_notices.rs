//! Supervision on the record, part one: inspections with their checklists (county policy 四(三)6, 四(二)10) and
//! rectification notices with the items they order corrected (四(一)2, 四(二)7). A notice keeps the credit record
//! it proposed when it went unverified, so that it proposes one only once.

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("inspection")
                    .col(big_integer("estate_id"))
                    .col(date("inspected_on"))
                    .col(string_len("kind", 32))
                    .col(string_len("body", 32))
                    .col(string_len("body_code", 32))
                    .col(string("body_name"))
                    .col(text_null("summary"))
                    .foreign_key(&mut reference("inspection", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "inspection", &["estate_id"]).await?;
        index(manager, "inspection", &["inspected_on"]).await?;
        manager
            .create_table(
                Table::create()
                    .table("inspection_item")
                    .col(big_pk_auto("id"))
                    .col(big_integer("inspection_id"))
                    .col(integer("position"))
                    .col(text("item"))
                    .col(string_len("result", 32))
                    .col(text_null("note"))
                    .col(boolean("is_public"))
                    .foreign_key(&mut reference("inspection_item", "inspection_id", "inspection"))
                    .to_owned(),
            )
            .await?;
        index(manager, "inspection_item", &["inspection_id"]).await?;

        manager
            .create_table(
                entity_table("rectification_notice")
                    .col(string_len("number", 64))
                    .col(big_integer("estate_id"))
                    .col(string_len("issuer", 32))
                    .col(string_len("issuer_code", 32))
                    .col(string("issuer_name"))
                    .col(string_len("addressee", 32))
                    .col(big_integer_null("enterprise_id"))
                    .col(big_integer_null("committee_id"))
                    .col(string_len("origin", 32))
                    .col(big_integer_null("inspection_id"))
                    .col(big_integer_null("complaint_id"))
                    .col(text("legal_basis"))
                    .col(date("issued_on"))
                    .col(date("deadline"))
                    .col(integer_null("deadline_working_days"))
                    .col(string_len("status", 32))
                    .col(integer("round").default(1))
                    .col(text_null("report"))
                    .col(date_null("reported_on"))
                    .col(date_null("verified_on"))
                    .col(text_null("verification_note"))
                    .col(date_null("last_failed_on"))
                    .col(date_null("withdrawn_on"))
                    .col(text_null("withdrawal_reason"))
                    .col(big_integer_null("credit_record_id"))
                    .foreign_key(&mut reference("rectification_notice", "estate_id", "estate"))
                    .foreign_key(&mut reference("rectification_notice", "enterprise_id", "enterprise"))
                    .foreign_key(&mut reference("rectification_notice", "committee_id", "committee"))
                    .foreign_key(&mut reference("rectification_notice", "inspection_id", "inspection"))
                    .foreign_key(&mut reference("rectification_notice", "complaint_id", "complaint"))
                    .foreign_key(&mut reference("rectification_notice", "credit_record_id", "credit_record"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("CREATE UNIQUE INDEX ux_rectification_notice_number ON rectification_notice (number)")
            .await?;
        index(manager, "rectification_notice", &["estate_id"]).await?;
        index(manager, "rectification_notice", &["enterprise_id"]).await?;
        index(manager, "rectification_notice", &["status", "deadline"]).await?;
        manager
            .create_table(
                Table::create()
                    .table("rectification_item")
                    .col(big_pk_auto("id"))
                    .col(big_integer("notice_id"))
                    .col(integer("position"))
                    .col(text("item"))
                    .col(boolean("is_open"))
                    .foreign_key(&mut reference("rectification_item", "notice_id", "rectification_notice"))
                    .to_owned(),
            )
            .await?;
        index(manager, "rectification_item", &["notice_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["rectification_item", "rectification_notice", "inspection_item", "inspection"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
