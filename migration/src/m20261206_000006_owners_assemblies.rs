//! Owners govern themselves (民法典 art. 278; 《业主大会和业主委员会指导规则》; county policy 四(一)9, 四(二)2, 四(二)6,
//! 四(三)9): preparatory groups, assembly meetings and their resolutions, the correction orders a town issues against
//! an unlawful decision, committee terms and member changes, and committees that do not work.

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Adds one column (SQLite alters one column per statement).
async fn add(manager: &SchemaManager<'_>, table: &'static str, column: ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(column).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        manager
            .create_table(
                entity_table("preparatory_group")
                    .col(big_integer("estate_id"))
                    .col(date("formed_on"))
                    .foreign_key(&mut reference("preparatory_group", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "preparatory_group", &["estate_id"]).await?;
        manager
            .create_table(
                Table::create()
                    .table("preparatory_group_member")
                    .col(big_pk_auto("id"))
                    .col(big_integer("group_id"))
                    .col(integer("seat"))
                    .col(string("name"))
                    .col(string_len("kind", 32))
                    .col(boolean("is_chair"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("preparatory_group_member", "group_id", "preparatory_group"))
                    .to_owned(),
            )
            .await?;
        index(manager, "preparatory_group_member", &["group_id", "seat"]).await?;

        manager
            .create_table(
                entity_table("assembly_meeting")
                    .col(big_integer("estate_id"))
                    .col(string_len("convened_by", 32))
                    .col(big_integer_null("preparatory_group_id"))
                    .col(big_integer_null("committee_id"))
                    .col(date("held_on"))
                    .col(string_len("form", 32))
                    .col(big_integer("total_area"))
                    .col(big_integer("total_owners"))
                    .foreign_key(&mut reference("assembly_meeting", "estate_id", "estate"))
                    .foreign_key(&mut reference("assembly_meeting", "preparatory_group_id", "preparatory_group"))
                    .foreign_key(&mut reference("assembly_meeting", "committee_id", "committee"))
                    .to_owned(),
            )
            .await?;
        index(manager, "assembly_meeting", &["estate_id"]).await?;

        manager
            .create_table(
                entity_table("resolution")
                    .col(big_integer("estate_id"))
                    .col(big_integer("meeting_id"))
                    .col(integer("item"))
                    .col(string_len("matter", 32))
                    .col(text("text"))
                    .col(big_integer("participating_area"))
                    .col(big_integer("participating_owners"))
                    .col(big_integer("aye_area"))
                    .col(big_integer("aye_owners"))
                    .col(string_len("outcome", 32))
                    .col(date_null("revoked_on"))
                    .foreign_key(&mut reference("resolution", "estate_id", "estate"))
                    .foreign_key(&mut reference("resolution", "meeting_id", "assembly_meeting"))
                    .to_owned(),
            )
            .await?;
        index(manager, "resolution", &["estate_id"]).await?;
        index(manager, "resolution", &["meeting_id"]).await?;

        manager
            .create_table(
                entity_table("correction_order")
                    .col(big_integer("estate_id"))
                    .col(string_len("kind", 32))
                    .col(big_integer_null("resolution_id"))
                    .col(big_integer_null("committee_id"))
                    .col(text_null("decision"))
                    .col(text("law"))
                    .col(date_null("deadline"))
                    .col(text("notice"))
                    .col(date("issued_on"))
                    .col(string_len("status", 32))
                    .col(date_null("reported_on"))
                    .col(text_null("report"))
                    .col(date_null("closed_on"))
                    .col(text_null("closing_note"))
                    .foreign_key(&mut reference("correction_order", "estate_id", "estate"))
                    .foreign_key(&mut reference("correction_order", "resolution_id", "resolution"))
                    .foreign_key(&mut reference("correction_order", "committee_id", "committee"))
                    .to_owned(),
            )
            .await?;
        index(manager, "correction_order", &["estate_id"]).await?;
        index(manager, "correction_order", &["resolution_id"]).await?;

        // A committee filed from an election, its working state, and its members' time on it.
        add(manager, "committee", big_integer_null("resolution_id")).await?;
        add(manager, "committee", date_null("not_functioning_since")).await?;
        add(manager, "committee", text_null("not_functioning_reason")).await?;
        db.execute_unprepared("CREATE UNIQUE INDEX ux_committee_resolution ON committee (resolution_id)").await?;
        add(manager, "committee_member", date_null("joined_on")).await?;
        add(manager, "committee_member", string_len_null("joined_ground", 32)).await?;
        add(manager, "committee_member", big_integer_null("joined_resolution_id")).await?;
        add(manager, "committee_member", date_null("left_on")).await?;
        add(manager, "committee_member", string_len_null("left_ground", 32)).await?;
        add(manager, "committee_member", big_integer_null("left_resolution_id")).await?;
        // Members before this change sat from the day their committee was formed.
        db.execute_unprepared(
            "UPDATE committee_member SET joined_on = \
             (SELECT c.formed_on FROM committee c WHERE c.id = committee_member.committee_id)",
        )
        .await?;
        // The resolution that approved a usage or a replenishment, where one is cited.
        add(manager, "fund_usage", big_integer_null("resolution_id")).await?;
        add(manager, "replenishment_plan", big_integer_null("resolution_id")).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drop =
            |table: &'static str, column: &'static str| Table::alter().table(table).drop_column(column).to_owned();
        manager.alter_table(drop("replenishment_plan", "resolution_id")).await?;
        manager.alter_table(drop("fund_usage", "resolution_id")).await?;
        for column in
            ["left_resolution_id", "left_ground", "left_on", "joined_resolution_id", "joined_ground", "joined_on"]
        {
            manager.alter_table(drop("committee_member", column)).await?;
        }
        manager.drop_index(Index::drop().name("ux_committee_resolution").table("committee").to_owned()).await?;
        for column in ["not_functioning_reason", "not_functioning_since", "resolution_id"] {
            manager.alter_table(drop("committee", column)).await?;
        }
        for table in
            ["correction_order", "resolution", "assembly_meeting", "preparatory_group_member", "preparatory_group"]
        {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
