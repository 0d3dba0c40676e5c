//! Migrations of wuye, one per change, never edited after they land. Both SQLite and PostgreSQL run the same list.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_registry;
mod m20261127_000002_audit_and_revocation;
mod m20261128_000001_audit_visibility;
mod m20261128_000002_credit;
mod m20261128_000003_assessment;
mod m20261128_000004_money;
mod m20261128_000005_lifecycle;
mod m20261128_000006_complaints;
mod util;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_registry::Migration),
            Box::new(m20261127_000002_audit_and_revocation::Migration),
            Box::new(m20261128_000001_audit_visibility::Migration),
            Box::new(m20261128_000002_credit::Migration),
            Box::new(m20261128_000003_assessment::Migration),
            Box::new(m20261128_000004_money::Migration),
            Box::new(m20261128_000005_lifecycle::Migration),
            Box::new(m20261128_000006_complaints::Migration),
        ]
    }
}
