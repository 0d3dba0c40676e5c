//! Migrations of wuye, one per change, never edited after they land (`tests::landed_migrations_are_not_edited`
//! holds each file, and the helpers they call, to the digest it landed with). Both SQLite and PostgreSQL run the
//! same list.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_registry;
mod m20261127_000002_audit_and_revocation;
mod m20261128_000001_audit_visibility;
mod m20261128_000002_credit;
mod m20261128_000003_assessment;
mod m20261128_000004_money;
mod m20261128_000005_lifecycle;
mod m20261128_000006_complaints;
mod m20261206_000001_emergency_vacancy;
mod m20261206_000002_emergency_plan;
mod m20261206_000003_inspections_and_notices;
mod m20261206_000004_hazards_and_enforcement;
mod m20261206_000005_tenders;
mod m20261206_000006_owners_assemblies;
mod m20261207_000001_staff_sessions;
mod m20261207_000002_table_versions;
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
            Box::new(m20261206_000001_emergency_vacancy::Migration),
            Box::new(m20261206_000002_emergency_plan::Migration),
            Box::new(m20261206_000003_inspections_and_notices::Migration),
            Box::new(m20261206_000004_hazards_and_enforcement::Migration),
            Box::new(m20261206_000005_tenders::Migration),
            Box::new(m20261206_000006_owners_assemblies::Migration),
            Box::new(m20261207_000001_staff_sessions::Migration),
            Box::new(m20261207_000002_table_versions::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    /// Every migration file and the helpers they call, with the sha256 it landed with. A new migration adds its line
    /// when it is written; a landed one is never edited (a change to the schema is a new migration), so its digest
    /// never changes.
    const LANDED: &[(&str, &str)] = &[
        ("m20261127_000001_registry.rs", "b6e0b5f294be7082037a58f67befde7f6b184cfc22a2c09f266e39fcb6336c3a"),
        (
            "m20261127_000002_audit_and_revocation.rs",
            "7f5f4c3f1048112701b6dffc03ae75c0cce83dd611b55a640092e7565bb9d201",
        ),
        ("m20261128_000001_audit_visibility.rs", "6e88df1596c7c309c8fce2f4d5d5ab5e2ea9ae611aa5af942ef40b63a10c78da"),
        ("m20261128_000002_credit.rs", "2aed0ac7bad5ea8017b14c7cf979f88606cdb6021ef9dd0d913173fd573d9648"),
        ("m20261128_000003_assessment.rs", "f451e5cc86f98c4a03acc945e5d38b899e5899bc89dd0b886dbab033cbef85a0"),
        ("m20261128_000004_money.rs", "2b58b5ce662733a778634a9e4cfde8c419594c9c0b5c83e8ab65f580b24b1feb"),
        ("m20261128_000005_lifecycle.rs", "9166be58c597bb43713deadfabe204228dd936b0c9904d8f8d209884f3b5ef9f"),
        ("m20261128_000006_complaints.rs", "7e9cd5a218c721086ca485043e1822cb473d9156332757a24ef219710e0631d0"),
        ("m20261206_000001_emergency_vacancy.rs", "972fd2260e8dcc06c6d42e26b39af0fa6a30e805ce57c04fd915d63526643ef1"),
        ("m20261206_000002_emergency_plan.rs", "11edca09425fe3ee5e0b96f712b136edb0bb68a0ca552fcc2e80f55dff0d9281"),
        (
            "m20261206_000003_inspections_and_notices.rs",
            "86b740611a986e6e6e6e765035669cec54021bea0ac2df3ecf2a6bf356011663",
        ),
        (
            "m20261206_000004_hazards_and_enforcement.rs",
            "ce1558d5a5a8ea6fba81cd44d07b9ab9665df7ac8957e14578623d9fdff3e7b5",
        ),
        ("m20261206_000005_tenders.rs", "9c1532fa8e888e491e287050faf0ba280548acc07601462598a3aace17c3a9f4"),
        ("m20261206_000006_owners_assemblies.rs", "c1b2f9b0c50ae82899a2813182d6f99dfbc7d5c2568102ea133ad3771fd1ac55"),
        ("m20261207_000001_staff_sessions.rs", "6dacc38497012486b1664608419cec987b740eba7ec27dcc1dc10ba13a0774ea"),
        ("m20261207_000002_table_versions.rs", "e95a9a5cb24e9572bcfd41fae36465d63d183be7d98cf1c90142f342c3e41b29"),
        ("util.rs", "608d5092295b84f11086ee44bc1994c4aabea85cf40247dbce2bef9de732ac1a"),
    ];

    #[test]
    fn landed_migrations_are_not_edited() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .expect("the migrations' folder")
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".rs") && name != "lib.rs")
            .collect();
        files.sort();
        let listed: Vec<&str> = LANDED.iter().map(|(file, _)| *file).collect();
        assert_eq!(files, listed, "every migration file (and util.rs) has its line in LANDED");
        for (file, digest) in LANDED {
            let bytes = std::fs::read(folder.join(file)).expect("a migration file");
            let found = hex(&Sha256::digest(&bytes));
            assert_eq!(&found, digest, "{file} was edited after it landed: write a new migration instead");
        }
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}
