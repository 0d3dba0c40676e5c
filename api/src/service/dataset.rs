//! What the data set is. One row, written once by the system when it loads the demo data set, before any of it, so
//! that even a load cut short is known as demo data (and refused in production). It describes the whole database
//! rather than a record, so it is not an audit event; every record the demo loads is.

use super::{Service, forbidden};
use crate::auth::{Actor, Role};
use crate::error::Result;
use entity::dataset;
use sea_orm::{ActiveModelTrait, Set};

impl Service {
    /// Marks the data set as the fictional demo data set.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_demo(&self, actor: &Actor) -> Result<()> {
        if actor.role != Role::System {
            return Err(forbidden("mark the data set", "标记数据集"));
        }
        let row = dataset::ActiveModel { id: Set(1), demo: Set(true), loaded_at: Set(chrono::Utc::now()) };
        row.insert(&self.db).await?;
        Ok(())
    }
}
