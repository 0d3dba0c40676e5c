//! The uniqueness rules the database enforces, so that two concurrent writers can never both break them. A violation
//! is recognised whichever database reports it: PostgreSQL names the constraint (or the unique index); SQLite names
//! the table and columns instead. Each rule is listed here once, with both names.

use sea_orm::sqlx::error::ErrorKind;
use sea_orm::{DbErr, EnumIter, Iterable, RuntimeErr};

#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter)]
pub enum UniqueRule {
    /// One county per region code.
    CountyCode,
    /// One town per region code.
    TownCode,
    /// One community per region code.
    CommunityCode,
    /// Estate codes are never handed out twice.
    EstateCode,
    /// One enterprise per unified social credit code.
    EnterpriseCreditCode,
    /// At most one performance bond per contract.
    BondPerContract,
    /// At most one contract per estate that is not TERMINATED (a partial unique index).
    OpenContractPerEstate,
    /// At most one ACTIVE committee per estate (a partial unique index).
    ActiveCommitteePerEstate,
    /// One credit rule per code.
    CreditRuleCode,
    /// One set of scoring parameters per day it takes effect.
    ScoringPerDay,
    /// At most one PENDING objection per credit record (a partial unique index).
    PendingObjectionPerRecord,
    /// One result per subject in an assessment round.
    ResultPerSubject,
    /// One maintenance fund account per estate.
    FundAccountPerEstate,
    /// One original disclosure per part of a quarter (corrections chain from it).
    DisclosurePerPeriod,
    /// One exit warning per contract.
    ExitWarningPerContract,
    /// One handover per contract.
    HandoverPerContract,
    /// At most one ACTIVE emergency period per estate (a partial unique index).
    ActiveEmergencyPerEstate,
    /// A work-order number is received once per channel.
    TicketPerChannel,
    /// One time limit per category and day it takes effect.
    TimeLimitPerDay,
    /// A rectification notice's number is handed out once.
    RectificationNoticeNumber,
    /// An enforcement case's number is handed out once.
    EnforcementCaseNumber,
    /// A tender's number is handed out once.
    TenderNumber,
    /// One bid per enterprise in a tender.
    BidPerEnterprise,
    /// An election files one owners' committee.
    CommitteePerElection,
}

impl UniqueRule {
    /// The constraint's (or unique index's) name, as PostgreSQL reports it.
    pub fn name(self) -> &'static str {
        match self {
            UniqueRule::CountyCode => "county_code_key",
            UniqueRule::TownCode => "town_code_key",
            UniqueRule::CommunityCode => "community_code_key",
            UniqueRule::EstateCode => "estate_code_key",
            UniqueRule::EnterpriseCreditCode => "enterprise_credit_code_key",
            UniqueRule::BondPerContract => "performance_bond_contract_id_key",
            UniqueRule::OpenContractPerEstate => "ux_service_contract_open_per_estate",
            UniqueRule::ActiveCommitteePerEstate => "ux_committee_active_per_estate",
            UniqueRule::CreditRuleCode => "credit_rule_code_key",
            UniqueRule::ScoringPerDay => "credit_scoring_effective_from_key",
            UniqueRule::PendingObjectionPerRecord => "ux_credit_objection_pending_per_record",
            UniqueRule::ResultPerSubject => "ux_assessment_result_subject",
            UniqueRule::FundAccountPerEstate => "fund_account_estate_id_key",
            UniqueRule::DisclosurePerPeriod => "ux_public_income_disclosure_period",
            UniqueRule::ExitWarningPerContract => "exit_warning_contract_id_key",
            UniqueRule::HandoverPerContract => "handover_contract_id_key",
            UniqueRule::ActiveEmergencyPerEstate => "ux_emergency_period_active_per_estate",
            UniqueRule::TicketPerChannel => "ux_complaint_channel_ticket_number",
            UniqueRule::TimeLimitPerDay => "ux_complaint_time_limit_category_effective_from",
            UniqueRule::RectificationNoticeNumber => "ux_rectification_notice_number",
            UniqueRule::EnforcementCaseNumber => "ux_enforcement_case_number",
            UniqueRule::TenderNumber => "ux_tender_number",
            UniqueRule::BidPerEnterprise => "ux_bid_tender_enterprise",
            UniqueRule::CommitteePerElection => "ux_committee_resolution",
        }
    }

    /// The columns it covers, as SQLite reports them (`table.column, table.column`).
    pub fn columns(self) -> &'static str {
        match self {
            UniqueRule::CountyCode => "county.code",
            UniqueRule::TownCode => "town.code",
            UniqueRule::CommunityCode => "community.code",
            UniqueRule::EstateCode => "estate.code",
            UniqueRule::EnterpriseCreditCode => "enterprise.credit_code",
            UniqueRule::BondPerContract => "performance_bond.contract_id",
            UniqueRule::OpenContractPerEstate => "service_contract.estate_id",
            UniqueRule::ActiveCommitteePerEstate => "committee.estate_id",
            UniqueRule::CreditRuleCode => "credit_rule.code",
            UniqueRule::ScoringPerDay => "credit_scoring.effective_from",
            UniqueRule::PendingObjectionPerRecord => "credit_objection.record_id",
            UniqueRule::ResultPerSubject => "assessment_result.round_id, assessment_result.subject_id",
            UniqueRule::FundAccountPerEstate => "fund_account.estate_id",
            UniqueRule::DisclosurePerPeriod => {
                "public_income_disclosure.estate_id, public_income_disclosure.year, public_income_disclosure.quarter, \
                 public_income_disclosure.part_key"
            }
            UniqueRule::ExitWarningPerContract => "exit_warning.contract_id",
            UniqueRule::HandoverPerContract => "handover.contract_id",
            UniqueRule::ActiveEmergencyPerEstate => "emergency_period.estate_id",
            UniqueRule::TicketPerChannel => "complaint.channel, complaint.ticket_number",
            UniqueRule::TimeLimitPerDay => "complaint_time_limit.category, complaint_time_limit.effective_from",
            UniqueRule::RectificationNoticeNumber => "rectification_notice.number",
            UniqueRule::EnforcementCaseNumber => "enforcement_case.number",
            UniqueRule::TenderNumber => "tender.number",
            UniqueRule::BidPerEnterprise => "bid.tender_id, bid.enterprise_id",
            UniqueRule::CommitteePerElection => "committee.resolution_id",
        }
    }

    /// The rule `error` reports breaking, if it is a unique violation of one of these rules.
    pub fn violated_by(error: &DbErr) -> Option<Self> {
        let (DbErr::Exec(RuntimeErr::SqlxError(error)) | DbErr::Query(RuntimeErr::SqlxError(error))) = error else {
            return None;
        };
        let sea_orm::sqlx::Error::Database(error) = error.as_ref() else { return None };
        if error.kind() != ErrorKind::UniqueViolation {
            return None;
        }
        match error.constraint() {
            Some(name) => UniqueRule::iter().find(|rule| rule.name() == name),
            None => {
                let columns = error.message().strip_prefix("UNIQUE constraint failed: ")?;
                UniqueRule::iter().find(|rule| rule.columns() == columns)
            }
        }
    }
}
