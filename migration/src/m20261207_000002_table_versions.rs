//! The data version of each table: the sequence number and time of the last audit event whose transaction wrote
//! the table. A cached public answer depends on the tables it read, so a write to complaints leaves a cached estate
//! page (and its ETag) as it was. The row `*` is the floor every answer depends on: a write whose tables are not
//! known (a command-line load) advances it, and here it starts at the last event so far, the one data version of
//! the time before this table.

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
                    .table("table_version")
                    .col(string_len("table_name", 63).primary_key())
                    .col(big_integer("seq"))
                    .col(timestamp_with_time_zone("changed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_table_version_seq").table("table_version").col("seq").to_owned())
            .await?;
        let floor = Query::insert()
            .into_table("table_version")
            .columns(["table_name", "seq", "changed_at"])
            .select_from(
                Query::select()
                    .expr(Expr::val("*"))
                    .columns(["seq", "occurred_at"])
                    .from("audit_event")
                    .order_by("seq", Order::Desc)
                    .limit(1)
                    .to_owned(),
            )
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .to_owned();
        manager.exec_stmt(floor).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table("table_version").to_owned()).await
    }
}
