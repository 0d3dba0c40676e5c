//! Tendering for property services (county policy 四(一)8, 四(二)11, 四(三)7; 《物业管理条例》art. 24;
//! 《前期物业管理招标投标管理暂行办法》): the county's approvals of selection by agreement, tenders with their invited
//! enterprises, sealed bids, objections to a publicised candidate, and the contract an award produces.

use crate::util::{entity_table, index, reference};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                entity_table("tender")
                    .col(string_len("number", 64))
                    .col(big_integer("estate_id"))
                    .col(string_len("kind", 32))
                    .col(string_len("method", 32))
                    .col(string_len("run_by", 32))
                    .col(date_null("town_consent_on"))
                    .col(text_null("town_consent_reference"))
                    .col(text("service_scope"))
                    .col(big_integer("ceiling_fee"))
                    .col(date("documents_issued_on"))
                    .col(date("bid_deadline"))
                    .col(date("opening_on"))
                    .col(string_len("status", 32))
                    .col(big_integer_null("approval_id"))
                    .col(date_null("opened_on"))
                    .col(date_null("failed_on"))
                    .col(text_null("failure_reason"))
                    .col(text_null("opinion"))
                    .col(date_null("opinion_on"))
                    .col(date_null("evaluated_on"))
                    .col(text_null("panel"))
                    .col(big_integer_null("candidate_bid_id"))
                    .col(date_null("publicized_on"))
                    .col(date_null("awarded_on"))
                    .col(big_integer_null("contract_id"))
                    .foreign_key(&mut reference("tender", "estate_id", "estate"))
                    .foreign_key(&mut reference("tender", "contract_id", "service_contract"))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("CREATE UNIQUE INDEX ux_tender_number ON tender (number)").await?;
        index(manager, "tender", &["estate_id"]).await?;

        manager
            .create_table(
                entity_table("selection_approval")
                    .col(big_integer("estate_id"))
                    .col(string_len("ground", 32))
                    .col(text("note"))
                    .col(big_integer_null("failed_tender_id"))
                    .col(date("approved_on"))
                    .col(big_integer_null("used_by_tender_id"))
                    .foreign_key(&mut reference("selection_approval", "estate_id", "estate"))
                    .foreign_key(&mut reference("selection_approval", "failed_tender_id", "tender"))
                    .foreign_key(&mut reference("selection_approval", "used_by_tender_id", "tender"))
                    .to_owned(),
            )
            .await?;
        index(manager, "selection_approval", &["estate_id"]).await?;

        manager
            .create_table(
                Table::create()
                    .table("tender_invitation")
                    .col(big_integer("tender_id"))
                    .col(big_integer("enterprise_id"))
                    .primary_key(Index::create().col("tender_id").col("enterprise_id"))
                    .foreign_key(&mut reference("tender_invitation", "tender_id", "tender"))
                    .foreign_key(&mut reference("tender_invitation", "enterprise_id", "enterprise"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                entity_table("bid")
                    .col(big_integer("tender_id"))
                    .col(big_integer("enterprise_id"))
                    .col(big_integer("fee"))
                    .col(text("promises"))
                    .col(integer("team_size"))
                    .col(date("submitted_on"))
                    .col(big_integer_null("score"))
                    .col(integer_null("rank"))
                    .foreign_key(&mut reference("bid", "tender_id", "tender"))
                    .foreign_key(&mut reference("bid", "enterprise_id", "enterprise"))
                    .to_owned(),
            )
            .await?;
        db.execute_unprepared("CREATE UNIQUE INDEX ux_bid_tender_enterprise ON bid (tender_id, enterprise_id)").await?;
        index(manager, "bid", &["enterprise_id"]).await?;

        manager
            .create_table(
                entity_table("tender_objection")
                    .col(big_integer("tender_id"))
                    .col(big_integer("bid_id"))
                    .col(text("reason"))
                    .col(date("lodged_on"))
                    .col(string_len("status", 32))
                    .col(date_null("decided_on"))
                    .col(text_null("decision_reason"))
                    .foreign_key(&mut reference("tender_objection", "tender_id", "tender"))
                    .foreign_key(&mut reference("tender_objection", "bid_id", "bid"))
                    .to_owned(),
            )
            .await?;
        index(manager, "tender_objection", &["tender_id"]).await?;

        manager
            .alter_table(Table::alter().table("service_contract").add_column(big_integer_null("tender_id")).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table("service_contract").drop_column("tender_id").to_owned()).await?;
        for table in ["tender_objection", "bid", "tender_invitation", "selection_approval", "tender"] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
