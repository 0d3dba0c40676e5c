//! Assessment rounds (考核评比) and their results.

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("assessment_round")
                    .col(string("name"))
                    .col(date("period_start"))
                    .col(date("period_end"))
                    .col(string_len("level", 32))
                    .col(big_integer("county_id"))
                    .col(big_integer_null("town_id"))
                    .col(string_len("subject_kind", 32))
                    .col(string_len("status", 32))
                    .col(date_null("published_on"))
                    .foreign_key(&mut reference("assessment_round", "county_id", "county"))
                    .foreign_key(&mut reference("assessment_round", "town_id", "town"))
                    .to_owned(),
            )
            .await?;
        index(manager, "assessment_round", &["status", "id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("assessment_result")
                    .col(big_pk_auto("id"))
                    .col(big_integer("round_id"))
                    .col(big_integer("subject_id"))
                    .col(big_integer("score"))
                    .col(string_len("plaque", 32))
                    .col(text_null("measures"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("assessment_result", "round_id", "assessment_round"))
                    .to_owned(),
            )
            .await?;
        // A subject has one result in a round.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_assessment_result_subject ON assessment_result (round_id, subject_id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["assessment_result", "assessment_round"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
