//! Money in the open: public-income disclosures and their items, maintenance fund accounts with their append-only
//! ledgers, fund usages and replenishment plans.

use crate::util::{append_only, entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("public_income_disclosure")
                    .col(big_integer("estate_id"))
                    .col(integer("year"))
                    .col(integer("quarter"))
                    .col(date("period_start"))
                    .col(date("period_end"))
                    .col(string_len("submitter", 32))
                    .col(big_integer_null("contract_id"))
                    .col(big_integer_null("committee_id"))
                    .col(big_integer("part_key"))
                    .col(string_len("status", 32))
                    .col(big_integer("transferred_to_fund"))
                    .col(big_integer("other_use"))
                    .col(text_null("other_use_note"))
                    .col(date_null("submitted_on"))
                    .col(date_null("published_on"))
                    .col(text_null("return_reason"))
                    .col(big_integer_null("supersedes_id"))
                    .col(text_null("correction_reason"))
                    .foreign_key(&mut reference("public_income_disclosure", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "public_income_disclosure", &["estate_id", "year", "quarter"]).await?;
        let db = manager.get_connection();
        // One original disclosure per part of a quarter; corrections chain from it.
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_public_income_disclosure_period \
             ON public_income_disclosure (estate_id, year, quarter, part_key) WHERE supersedes_id IS NULL",
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table("disclosure_item")
                    .col(big_pk_auto("id"))
                    .col(big_integer("disclosure_id"))
                    .col(integer("line"))
                    .col(string_len("source", 32))
                    .col(text("description"))
                    .col(text("counterparty"))
                    .col(boolean("counterparty_is_person"))
                    .col(big_integer("gross"))
                    .col(big_integer("cost"))
                    .foreign_key(&mut reference("disclosure_item", "disclosure_id", "public_income_disclosure"))
                    .to_owned(),
            )
            .await?;
        index(manager, "disclosure_item", &["disclosure_id", "line"]).await?;

        manager
            .create_table(
                entity_table("fund_account")
                    .col(big_integer_uniq("estate_id"))
                    .col(string_len("custodian", 32))
                    .col(string("bank"))
                    .col(date("opened_on"))
                    .col(big_integer("initial_deposit"))
                    .foreign_key(&mut reference("fund_account", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("fund_ledger_entry")
                    .col(big_pk_auto("id"))
                    .col(big_integer("account_id"))
                    .col(string_len("kind", 32))
                    .col(big_integer("amount"))
                    .col(date("occurred_on"))
                    .col(string("reference"))
                    .col(text_null("memo"))
                    .col(big_integer_null("usage_id"))
                    .col(big_integer_null("disclosure_id"))
                    .col(big_integer_null("plan_id"))
                    .col(big_integer_null("reverses_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut reference("fund_ledger_entry", "account_id", "fund_account"))
                    .to_owned(),
            )
            .await?;
        index(manager, "fund_ledger_entry", &["account_id", "id"]).await?;
        // The ledger is append-only, like the audit log: corrections are REVERSAL entries, never edits.
        append_only(manager, "fund_ledger_entry", "fund_ledger_append_only").await?;

        manager
            .create_table(
                entity_table("fund_usage")
                    .col(big_integer("estate_id"))
                    .col(string("title"))
                    .col(string_len("category", 32))
                    .col(text("scope"))
                    .col(big_integer("budget"))
                    .col(boolean("is_emergency"))
                    .col(text_null("emergency_reason"))
                    .col(big_integer_null("enterprise_id"))
                    .col(string_len("status", 32))
                    .col(big_integer_null("scope_area"))
                    .col(integer_null("scope_owners"))
                    .col(big_integer_null("participating_area"))
                    .col(integer_null("participating_owners"))
                    .col(big_integer_null("aye_area"))
                    .col(integer_null("aye_owners"))
                    .col(date_null("vote_opened_on"))
                    .col(date_null("voted_on"))
                    .col(date_null("submitted_on"))
                    .col(date_null("reviewed_on"))
                    .col(date_null("approved_on"))
                    .col(big_integer_null("disbursed"))
                    .col(date_null("disbursed_on"))
                    .col(big_integer_null("actual_cost"))
                    .col(text_null("audit_reference"))
                    .col(date_null("publicized_on"))
                    .col(text_null("rejection_reason"))
                    .col(date_null("closed_on"))
                    .foreign_key(&mut reference("fund_usage", "estate_id", "estate"))
                    .to_owned(),
            )
            .await?;
        index(manager, "fund_usage", &["estate_id"]).await?;

        manager
            .create_table(
                entity_table("replenishment_plan")
                    .col(big_integer("estate_id"))
                    .col(big_integer("account_id"))
                    .col(big_integer("target"))
                    .col(text("note"))
                    .col(string_len("status", 32))
                    .col(date("proposed_on"))
                    .col(big_integer_null("scope_area"))
                    .col(integer_null("scope_owners"))
                    .col(big_integer_null("participating_area"))
                    .col(integer_null("participating_owners"))
                    .col(big_integer_null("aye_area"))
                    .col(integer_null("aye_owners"))
                    .col(date_null("voted_on"))
                    .col(date_null("started_on"))
                    .col(date_null("completed_on"))
                    .foreign_key(&mut reference("replenishment_plan", "estate_id", "estate"))
                    .foreign_key(&mut reference("replenishment_plan", "account_id", "fund_account"))
                    .to_owned(),
            )
            .await?;
        index(manager, "replenishment_plan", &["estate_id"]).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS fund_ledger_append_only CASCADE")
                .await?;
        }
        for table in [
            "replenishment_plan",
            "fund_usage",
            "fund_ledger_entry",
            "fund_account",
            "disclosure_item",
            "public_income_disclosure",
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
