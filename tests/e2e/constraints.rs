//! The uniqueness rules the database enforces are recognised by name whichever database reports them: each rule,
//! broken on purpose in the demo data, is read back as that rule (and so reaches the client as its own error).

use crate::helpers::spawn_app;
use entity::constraint::UniqueRule;
use sea_orm::{ConnectionTrait, Iterable};

/// A statement that breaks `rule` in the demo data.
fn breaking(rule: UniqueRule) -> &'static str {
    match rule {
        UniqueRule::CountyCode => {
            "INSERT INTO county (code, name, name_sort, version, created_at, updated_at) \
             SELECT code, name, name_sort, version, created_at, updated_at FROM county"
        }
        UniqueRule::TownCode => {
            "UPDATE town SET code = (SELECT MIN(code) FROM town) WHERE code = (SELECT MAX(code) FROM town)"
        }
        UniqueRule::CommunityCode => {
            "UPDATE community SET code = (SELECT MIN(code) FROM community) \
             WHERE code = (SELECT MAX(code) FROM community)"
        }
        UniqueRule::EstateCode => {
            "UPDATE estate SET code = (SELECT MIN(code) FROM estate) WHERE code = (SELECT MAX(code) FROM estate)"
        }
        UniqueRule::EnterpriseCreditCode => {
            "UPDATE enterprise SET credit_code = (SELECT MIN(credit_code) FROM enterprise) \
             WHERE credit_code = (SELECT MAX(credit_code) FROM enterprise)"
        }
        UniqueRule::BondPerContract => {
            "UPDATE performance_bond SET contract_id = (SELECT MIN(contract_id) FROM performance_bond) \
             WHERE contract_id = (SELECT MAX(contract_id) FROM performance_bond)"
        }
        UniqueRule::OpenContractPerEstate => {
            "UPDATE service_contract SET status = 'ACTIVE' WHERE status = 'TERMINATED' \
             AND estate_id IN (SELECT estate_id FROM service_contract WHERE status <> 'TERMINATED')"
        }
        UniqueRule::ActiveCommitteePerEstate => "UPDATE committee SET status = 'ACTIVE' WHERE status = 'DISSOLVED'",
    }
}

#[tokio::test]
async fn every_unique_rule_is_recognised_by_name() {
    let app = spawn_app().await;
    for rule in UniqueRule::iter() {
        let error = app.db.execute_unprepared(breaking(rule)).await.expect_err("the database refuses it");
        assert_eq!(UniqueRule::violated_by(&error), Some(rule), "{rule:?}: {error}");
    }
}
