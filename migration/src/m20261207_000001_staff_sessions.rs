//! The staff workbench's sessions (one row per signed-in browser, shared by every replica) and its sign-ins in
//! progress (the `state`, `nonce` and PKCE verifier of an authorization request, until the provider answers).
//! Both are keyed by a SHA-256 digest of the random value the browser holds, never by the value itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("staff_session")
                    .col(string_len("key_digest", 64).primary_key())
                    .col(string("subject"))
                    .col(string_len("role", 32))
                    .col(text("scope"))
                    .col(string_len("csrf_token", 64))
                    .col(timestamp_with_time_zone("signed_in_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(text_null("id_token"))
                    .col(boolean("demo"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_staff_session_subject").table("staff_session").col("subject").to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_sign_in")
                    .col(string_len("key_digest", 64).primary_key())
                    .col(string("state"))
                    .col(string("nonce"))
                    .col(string("pkce_verifier"))
                    .col(timestamp_with_time_zone("started_at"))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("staff_sign_in").to_owned()).await?;
        manager.drop_table(Table::drop().table("staff_session").to_owned()).await
    }
}
