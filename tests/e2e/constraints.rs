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
        UniqueRule::CreditRuleCode => {
            "UPDATE credit_rule SET code = (SELECT MIN(code) FROM credit_rule) \
             WHERE code = (SELECT MAX(code) FROM credit_rule)"
        }
        UniqueRule::ScoringPerDay => {
            "INSERT INTO credit_scoring (effective_from, base, good_cap, aaa_min, aa_min, a_min, b_min, version, \
             created_at, updated_at) SELECT effective_from, base, good_cap, aaa_min, aa_min, a_min, b_min, version, \
             created_at, updated_at FROM credit_scoring"
        }
        UniqueRule::PendingObjectionPerRecord => {
            "INSERT INTO credit_objection (record_id, reason, status, lodged_by, lodged_on, version, created_at, \
             updated_at) SELECT record_id, reason, status, lodged_by, lodged_on, version, created_at, updated_at \
             FROM credit_objection WHERE status = 'PENDING'"
        }
        UniqueRule::ResultPerSubject => {
            "INSERT INTO assessment_result (round_id, subject_id, score, plaque, created_at) \
             SELECT round_id, subject_id, score, plaque, created_at FROM assessment_result"
        }
        UniqueRule::FundAccountPerEstate => {
            "UPDATE fund_account SET estate_id = (SELECT MIN(estate_id) FROM fund_account) \
             WHERE estate_id = (SELECT MAX(estate_id) FROM fund_account)"
        }
        UniqueRule::DisclosurePerPeriod => {
            "INSERT INTO public_income_disclosure (estate_id, year, quarter, period_start, period_end, submitter, \
             contract_id, committee_id, part_key, status, transferred_to_fund, other_use, version, created_at, \
             updated_at) SELECT estate_id, year, quarter, period_start, period_end, submitter, contract_id, \
             committee_id, part_key, 'DRAFT', 0, 0, 1, created_at, updated_at FROM public_income_disclosure \
             WHERE supersedes_id IS NULL"
        }
        UniqueRule::ExitWarningPerContract => {
            "UPDATE exit_warning SET contract_id = (SELECT MIN(contract_id) FROM exit_warning) \
             WHERE contract_id = (SELECT MAX(contract_id) FROM exit_warning)"
        }
        UniqueRule::HandoverPerContract => {
            "UPDATE handover SET contract_id = (SELECT MIN(contract_id) FROM handover) \
             WHERE contract_id = (SELECT MAX(contract_id) FROM handover)"
        }
        UniqueRule::ActiveEmergencyPerEstate => "UPDATE emergency_period SET status = 'ACTIVE' WHERE status = 'ENDED'",
        UniqueRule::TicketPerChannel => {
            "UPDATE complaint SET ticket_number = (SELECT MIN(ticket_number) FROM complaint WHERE channel = 'HOTLINE_12345') \
             WHERE id = (SELECT MAX(id) FROM complaint WHERE channel = 'HOTLINE_12345')"
        }
        UniqueRule::TimeLimitPerDay => {
            "INSERT INTO complaint_time_limit (category, working_days, effective_from, source, created_at) \
             SELECT category, working_days, effective_from, source, created_at FROM complaint_time_limit"
        }
        UniqueRule::RectificationNoticeNumber => {
            "UPDATE rectification_notice SET number = (SELECT MIN(number) FROM rectification_notice) \
             WHERE id = (SELECT MAX(id) FROM rectification_notice)"
        }
        UniqueRule::EnforcementCaseNumber => {
            "UPDATE enforcement_case SET number = (SELECT MIN(number) FROM enforcement_case) \
             WHERE id = (SELECT MAX(id) FROM enforcement_case)"
        }
        UniqueRule::TenderNumber => {
            "UPDATE tender SET number = (SELECT MIN(number) FROM tender) WHERE id = (SELECT MAX(id) FROM tender)"
        }
        UniqueRule::BidPerEnterprise => {
            "INSERT INTO bid (tender_id, enterprise_id, fee, promises, team_size, submitted_on, version, created_at, \
             updated_at) SELECT tender_id, enterprise_id, fee, promises, team_size, submitted_on, version, created_at, \
             updated_at FROM bid"
        }
        UniqueRule::CommitteePerElection => {
            "UPDATE committee SET resolution_id = (SELECT MIN(resolution_id) FROM committee) \
             WHERE id = (SELECT MAX(id) FROM committee WHERE resolution_id IS NULL)"
        }
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

/// Every unique index of the schema (but primary keys) is one of the known rules, so a migration that adds one
/// without saying what it means to a client fails here: on PostgreSQL by name, on SQLite by its columns.
#[tokio::test]
async fn every_unique_index_of_the_schema_is_a_known_rule() {
    let app = spawn_app().await;
    let backend = app.db.get_database_backend();
    let (sql, expected): (&str, Vec<&str>) = match backend {
        sea_orm::DbBackend::Postgres => (
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() \
             AND indexdef LIKE 'CREATE UNIQUE INDEX%' AND indexname NOT LIKE '%\\_pkey'",
            UniqueRule::iter().map(UniqueRule::name).collect(),
        ),
        _ => (
            "SELECT group_concat(m.name || '.' || c.name, ', ') AS name \
             FROM sqlite_master m, pragma_index_list(m.name) i, pragma_index_info(i.name) c \
             WHERE m.type = 'table' AND i.\"unique\" = 1 AND i.origin <> 'pk' GROUP BY m.name, i.name",
            UniqueRule::iter().map(UniqueRule::columns).collect(),
        ),
    };
    let rows = app.db.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.expect("list indexes");
    let mut found: Vec<String> = rows.iter().map(|row| row.try_get::<String>("", "name").unwrap()).collect();
    let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}
