//! The audit log with its chain head, and token revocation (by `jti` and by subject).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The hash that the first event of the chain links to.
const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_event")
                    .col(big_integer("seq").primary_key())
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("subject"))
                    .col(string_len("role", 32))
                    .col(text("scope"))
                    .col(string_len("action", 64))
                    .col(string_len("entity_type", 64))
                    .col(big_integer("entity_id"))
                    .col(string_len_null("county_code", 6))
                    .col(string_len_null("town_code", 9))
                    .col(string_len_null("community_code", 12))
                    .col(string_len_null("estate_code", 32))
                    .col(string_len_null("enterprise_code", 18))
                    .col(text_null("before"))
                    .col(text_null("after"))
                    .col(text_null("reason"))
                    .col(string("request_id"))
                    .col(string_len("prev_hash", 64))
                    .col(string_len("hash", 64))
                    .to_owned(),
            )
            .await?;
        for column in ["county_code", "town_code", "community_code", "estate_code", "enterprise_code"] {
            manager
                .create_index(
                    Index::create()
                        .name(format!("ix_audit_event_{column}"))
                        .table("audit_event")
                        .col(column)
                        .col("seq")
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_entity")
                    .table("audit_event")
                    .col("entity_type")
                    .col("seq")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_chain_head")
                    .col(integer("id").primary_key())
                    .col(big_integer("last_seq"))
                    .col(string_len("last_hash", 64))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "INSERT INTO audit_chain_head (id, last_seq, last_hash) VALUES (1, 0, '{GENESIS_HASH}')"
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("revoked_token")
                    .col(string("jti").primary_key())
                    .col(timestamp_with_time_zone("revoked_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("subject_revocation")
                    .col(string("subject").primary_key())
                    .col(big_integer("valid_after"))
                    .to_owned(),
            )
            .await?;

        // The audit log is append-only: the database itself refuses to change or remove an event.
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event \
                     FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
                )
                .await?;
            }
            _ => {
                for operation in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_event_no_{op} BEFORE {operation} ON audit_event \
                         BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
                        op = operation.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_event_append_only CASCADE")
                .await?;
        }
        for table in ["subject_revocation", "revoked_token", "audit_chain_head", "audit_event"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
