//! The vacancy an emergency period belongs to: county policy 五(四) limits emergency management to six months per
//! estate left without service, across back-to-back periods. Periods recorded before this column was added began
//! their own vacancy (the column is null there, and read as the period's start).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table("emergency_period").add_column(date_null("vacancy_start_on")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("emergency_period").drop_column("vacancy_start_on").to_owned()).await
    }
}
