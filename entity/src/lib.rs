//! SeaORM entities of wuye, one file per table. Quantities are integers (money in fen, areas in hundredths of m²,
//! coordinates in millionths of a degree); names carry a pinyin `*_sort` key written at the same time, so that
//! SQLite and PostgreSQL order them alike.

pub mod assessment_result;
pub mod assessment_round;
pub mod audit_chain_head;
pub mod audit_event;
pub mod calendar_day;
pub mod committee;
pub mod committee_member;
pub mod community;
pub mod complaint;
pub mod complaint_response;
pub mod complaint_time_limit;
pub mod constraint;
pub mod county;
pub mod credit_objection;
pub mod credit_record;
pub mod credit_rule;
pub mod credit_scoring;
pub mod dataset;
pub mod disclosure_item;
pub mod emergency_period;
pub mod enterprise;
pub mod estate;
pub mod exit_warning;
pub mod filing;
pub mod fund_account;
pub mod fund_ledger_entry;
pub mod fund_usage;
pub mod handover;
pub mod handover_item;
pub mod joint_meeting;
pub mod joint_meeting_complaint;
pub mod performance_bond;
pub mod policy_deadline;
pub mod public_income_disclosure;
pub mod record;
pub mod replenishment_plan;
pub mod revoked_token;
pub mod sequence;
pub mod service_contract;
pub mod subject_revocation;
pub mod town;
pub mod vocab;
