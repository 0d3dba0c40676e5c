//! Audit events say whether they show in the public change feed: a proposal or a draft is recorded like any change,
//! but only staff see it. Every event before this migration was public.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("audit_event").add_column(boolean("is_public").default(true)).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("audit_event").drop_column("is_public").to_owned()).await
    }
}
