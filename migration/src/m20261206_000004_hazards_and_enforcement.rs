//! Supervision on the record, part two: hazard reports (committees, communities and enterprises stop and report
//! violations and hazards to the town, county policy 四(四)5), staff-only; and the county's enforcement cases
//! against enterprises (四(一)2), with the estates each concerns, public once their decision is published.

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
                entity_table("hazard_report")
                    .col(big_integer("estate_id"))
                    .col(string_len("reporter", 32))
                    .col(big_integer_null("reporter_enterprise_id"))
                    .col(string_len("category", 32))
                    .col(text("location"))
                    .col(text("action_taken"))
                    .col(text("description"))
                    .col(date("reported_on"))
                    .col(string_len("status", 32))
                    .col(date_null("acknowledged_on"))
                    .col(date_null("referred_on"))
                    .col(string_len_null("department", 32))
                    .col(string_null("department_name"))
                    .col(text_null("referral_note"))
                    .col(date_null("closed_on"))
                    .col(text_null("outcome"))
                    .foreign_key(&mut reference("hazard_report", "estate_id", "estate"))
                    .foreign_key(&mut reference("hazard_report", "reporter_enterprise_id", "enterprise"))
                    .to_owned(),
            )
            .await?;
        index(manager, "hazard_report", &["estate_id"]).await?;
        index(manager, "hazard_report", &["reported_on"]).await?;

        manager
            .create_table(
                entity_table("enforcement_case")
                    .col(string_len("number", 64))
                    .col(big_integer("enterprise_id"))
                    .col(text("facts"))
                    .col(text("legal_basis"))
                    .col(string_len("origin", 32))
                    .col(big_integer_null("notice_id"))
                    .col(big_integer_null("hazard_report_id"))
                    .col(big_integer_null("complaint_id"))
                    .col(date("opened_on"))
                    .col(string_len("status", 32))
                    .col(string_len_null("decision", 32))
                    .col(big_integer_null("fine"))
                    .col(string_len_null("decision_number", 64))
                    .col(date_null("decided_on"))
                    .col(text_null("decision_summary"))
                    .col(date_null("published_on"))
                    .foreign_key(&mut reference("enforcement_case", "enterprise_id", "enterprise"))
                    .foreign_key(&mut reference("enforcement_case", "notice_id", "rectification_notice"))
                    .foreign_key(&mut reference("enforcement_case", "hazard_report_id", "hazard_report"))
                    .foreign_key(&mut reference("enforcement_case", "complaint_id", "complaint"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("CREATE UNIQUE INDEX ux_enforcement_case_number ON enforcement_case (number)").await?;
        index(manager, "enforcement_case", &["enterprise_id"]).await?;
        index(manager, "enforcement_case", &["status"]).await?;
        manager
            .create_table(
                Table::create()
                    .table("enforcement_case_estate")
                    .col(big_integer("case_id"))
                    .col(big_integer("estate_id"))
                    .primary_key(Index::create().col("case_id").col("estate_id"))
                    .foreign_key(&mut reference("enforcement_case_estate", "case_id", "enforcement_case"))
                    .foreign_key(&mut reference("enforcement_case_estate", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "enforcement_case_estate", &["estate_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["enforcement_case_estate", "enforcement_case", "hazard_report"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
