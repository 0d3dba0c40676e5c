//! The temporary management plan of an approved emergency period (county policy 五(四): the town 确定各方职能，制定临时
//! 管理方案): what the town, the community, the committee and the provider each do, how the fee is collected, and
//! how the vacancy is meant to end. Null on periods approved before plans were recorded.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 6] = [
    "plan_town_role",
    "plan_community_role",
    "plan_committee_role",
    "plan_provider_role",
    "plan_fee_collection",
    "plan_planned_end",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column a statement: SQLite adds one column per ALTER TABLE.
        for column in COLUMNS {
            let definition = if column == "plan_planned_end" { string_len_null(column, 32) } else { text_null(column) };
            manager.alter_table(Table::alter().table("emergency_period").add_column(definition).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in COLUMNS {
            manager.alter_table(Table::alter().table("emergency_period").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
