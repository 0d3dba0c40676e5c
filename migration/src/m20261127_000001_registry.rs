//! The registry: regions, estates, enterprises and their filings, contracts and bonds, committees and members.

use crate::util::{entity_table, index, reference, sort_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("county")
                    .col(string_len_uniq("code", 6))
                    .col(string("name"))
                    .col(string_null("name_en"))
                    .col(sort_key(manager, "name_sort"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                entity_table("town")
                    .col(big_integer("county_id"))
                    .col(string_len_uniq("code", 9))
                    .col(string("name"))
                    .col(string_null("name_en"))
                    .col(sort_key(manager, "name_sort"))
                    .col(string_len("kind", 32))
                    .col(date_null("service_center_established_on"))
                    .col(string_null("service_center_leader"))
                    .col(integer_null("service_center_staff_count"))
                    .col(string_null("service_center_phone"))
                    .foreign_key(&mut reference("town", "county_id", "county"))
                    .to_owned(),
            )
            .await?;
        index(manager, "town", &["county_id"]).await?;

        manager
            .create_table(
                entity_table("community")
                    .col(big_integer("town_id"))
                    .col(string_len_uniq("code", 12))
                    .col(string("name"))
                    .col(string_null("name_en"))
                    .col(sort_key(manager, "name_sort"))
                    .col(string_len("kind", 32))
                    .col(string_null("property_officer"))
                    .foreign_key(&mut reference("community", "town_id", "town"))
                    .to_owned(),
            )
            .await?;
        index(manager, "community", &["town_id"]).await?;

        manager
            .create_table(
                entity_table("estate")
                    .col(big_integer("community_id"))
                    .col(string_len_uniq("code", 32))
                    .col(string("name"))
                    .col(sort_key(manager, "name_sort"))
                    .col(string("address"))
                    .col(integer_null("latitude_e6"))
                    .col(integer_null("longitude_e6"))
                    .col(string_len("housing_type", 32))
                    .col(string_len("service_mode", 32))
                    .col(string("five_basics").default(""))
                    .col(integer("buildings"))
                    .col(integer("households"))
                    .col(integer("occupied_households"))
                    .col(big_integer("private_area"))
                    .col(big_integer("management_room_area"))
                    .col(integer_null("completed_year"))
                    .foreign_key(&mut reference("estate", "community_id", "community"))
                    .to_owned(),
            )
            .await?;
        index(manager, "estate", &["community_id"]).await?;
        index(manager, "estate", &["name_sort", "id"]).await?;

        manager
            .create_table(
                entity_table("enterprise")
                    .col(string_len_uniq("credit_code", 18))
                    .col(string("name"))
                    .col(sort_key(manager, "name_sort"))
                    .col(string("legal_representative"))
                    .col(string("address"))
                    .col(string_null("phone"))
                    .col(string_len("status", 32))
                    .to_owned(),
            )
            .await?;
        index(manager, "enterprise", &["name_sort", "id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("filing")
                    .col(big_pk_auto("id"))
                    .col(big_integer("enterprise_id"))
                    .col(big_integer("community_id"))
                    .col(date("filed_on"))
                    .col(string("filed_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("filing", "enterprise_id", "enterprise"))
                    .foreign_key(&mut reference("filing", "community_id", "community"))
                    .to_owned(),
            )
            .await?;
        index(manager, "filing", &["enterprise_id"]).await?;
        index(manager, "filing", &["community_id"]).await?;

        manager
            .create_table(
                entity_table("service_contract")
                    .col(big_integer("estate_id"))
                    .col(big_integer("enterprise_id"))
                    .col(date("start_on"))
                    .col(date("end_on"))
                    .col(big_integer("fee_per_m2_month"))
                    .col(string_len("selection", 32))
                    .col(string_len("status", 32))
                    .col(date_null("terminated_on"))
                    .col(text_null("termination_reason"))
                    .foreign_key(&mut reference("service_contract", "estate_id", "estate"))
                    .foreign_key(&mut reference("service_contract", "enterprise_id", "enterprise"))
                    .to_owned(),
            )
            .await?;
        index(manager, "service_contract", &["estate_id"]).await?;
        index(manager, "service_contract", &["enterprise_id"]).await?;

        manager
            .create_table(
                entity_table("performance_bond")
                    .col(big_integer_uniq("contract_id"))
                    .col(big_integer("amount"))
                    .col(string_len("status", 32))
                    .col(text_null("status_reason"))
                    .foreign_key(&mut reference("performance_bond", "contract_id", "service_contract"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                entity_table("committee")
                    .col(big_integer("estate_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("status", 32))
                    .col(date("formed_on"))
                    .col(date_null("term_end"))
                    .col(date_null("elected_on"))
                    .col(date_null("filed_on"))
                    .col(date_null("dissolved_on"))
                    .col(text_null("dissolution_reason"))
                    .foreign_key(&mut reference("committee", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "committee", &["estate_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("committee_member")
                    .col(big_pk_auto("id"))
                    .col(big_integer("committee_id"))
                    .col(integer("seat"))
                    .col(string("name"))
                    .col(string_len("position", 32))
                    .col(string_len("affiliation", 32))
                    .col(boolean("is_owner_representative"))
                    .col(boolean("is_party_member"))
                    .col(string("tags").default(""))
                    .col(string_null("phone"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("committee_member", "committee_id", "committee"))
                    .to_owned(),
            )
            .await?;
        index(manager, "committee_member", &["committee_id", "seat"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("sequence")
                    .col(string("name").primary_key())
                    .col(big_integer("last_value"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("dataset")
                    .col(integer("id").primary_key())
                    .col(boolean("demo"))
                    .col(timestamp_with_time_zone("loaded_at"))
                    .to_owned(),
            )
            .await?;

        // The "at most one" rules (one open contract, one active committee per estate), as partial unique indexes
        // (same syntax on SQLite and PostgreSQL), so that two concurrent writers cannot both win.
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_service_contract_open_per_estate \
             ON service_contract (estate_id) WHERE status <> 'TERMINATED'",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_committee_active_per_estate ON committee (estate_id) WHERE status = 'ACTIVE'",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "dataset",
            "sequence",
            "committee_member",
            "committee",
            "performance_bond",
            "service_contract",
            "filing",
            "enterprise",
            "estate",
            "community",
            "town",
            "county",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
