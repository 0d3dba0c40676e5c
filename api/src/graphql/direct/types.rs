//! The public object types the planned path declares, and the test that holds each to the schema: every field of a
//! declared type has its declaration (a value, a relation, or the executor's), and every other object type of the
//! schema is listed as not declared yet, so that a new type or field cannot be left out unnoticed.

use super::declare::Declared;
use crate::graphql::assembly::{
    AssemblyMeeting, CorrectionOrder, OwnersNotice, PreparatoryGroup, PreparatoryGroupMember, Resolution,
};
use crate::graphql::audit::{FieldChange, PublicChange};
use crate::graphql::committee::{Committee, CommitteeMember};
use crate::graphql::complaint_stats::{ComplaintFigures, ComplaintStatistics, ComplaintStatisticsRow};
use crate::graphql::contract::{PerformanceBond, ServiceContract};
use crate::graphql::credit::{CreditRecord, CreditRule};
use crate::graphql::credit_profile::{CreditProfile, CreditRankingEntry};
use crate::graphql::disclosure::{DisclosureItem, DisclosureTotals, PublicIncomeDisclosure};
use crate::graphql::emergency::{EmergencyPeriod, TemporaryManagementPlan};
use crate::graphql::enterprise::{Enterprise, Filing};
use crate::graphql::estate::{Estate, Location};
use crate::graphql::fund::{FundAccount, FundLedgerEntry, ReplenishmentPlan};
use crate::graphql::fund_usage::{FundUsage, OwnersVote};
use crate::graphql::handover::{ExitWarning, Handover, HandoverItem};
use crate::graphql::inspection::{Inspection, InspectionItem};
use crate::graphql::rectification::{RectificationItem, RectificationNotice};
use crate::graphql::region::{Community, County, Town};
use crate::graphql::search::SearchResults;
use crate::graphql::tender::{Bid, SelectionApproval, Tender, TenderObjection};

/// Whether the type `typename` is declared, and then whether its field `name` is.
pub type Covers = fn(&str) -> bool;

fn covers<T: Declared>() -> (&'static str, Covers) {
    (T::TYPENAME, |name| T::field(name).is_some())
}

/// Every declared type, by name.
pub fn declared() -> Vec<(&'static str, Covers)> {
    vec![
        covers::<County>(),
        covers::<Town>(),
        covers::<Community>(),
        covers::<Estate>(),
        covers::<Location>(),
        covers::<PublicChange>(),
        covers::<FieldChange>(),
        covers::<PreparatoryGroup>(),
        covers::<PreparatoryGroupMember>(),
        covers::<AssemblyMeeting>(),
        covers::<Resolution>(),
        covers::<CorrectionOrder>(),
        covers::<OwnersNotice>(),
        covers::<Handover>(),
        covers::<HandoverItem>(),
        covers::<EmergencyPeriod>(),
        covers::<TemporaryManagementPlan>(),
        covers::<Enterprise>(),
        covers::<Filing>(),
        covers::<ServiceContract>(),
        covers::<PerformanceBond>(),
        covers::<Committee>(),
        covers::<CommitteeMember>(),
        covers::<CreditRule>(),
        covers::<CreditRecord>(),
        covers::<CreditProfile>(),
        covers::<PublicIncomeDisclosure>(),
        covers::<DisclosureItem>(),
        covers::<DisclosureTotals>(),
        covers::<FundAccount>(),
        covers::<FundLedgerEntry>(),
        covers::<ReplenishmentPlan>(),
        covers::<FundUsage>(),
        covers::<OwnersVote>(),
        covers::<CreditRankingEntry>(),
        covers::<ComplaintStatistics>(),
        covers::<ComplaintStatisticsRow>(),
        covers::<ComplaintFigures>(),
        covers::<SearchResults>(),
        covers::<ExitWarning>(),
        covers::<Inspection>(),
        covers::<InspectionItem>(),
        covers::<RectificationNotice>(),
        covers::<RectificationItem>(),
        covers::<Tender>(),
        covers::<Bid>(),
        covers::<SelectionApproval>(),
        covers::<TenderObjection>(),
    ]
}

/// Object types the executor alone answers for now: the roots, the connection wrappers (which the roots' lists
/// declare), and the kinds not declared yet. A type leaves this list when it gets its declaration.
const NOT_DECLARED: &[&str] = &[
    "Query",
    "Mutation",
    "PageInfo",
    "AssessmentResult",
    "AssessmentRound",
    "AuditEvent",
    "CalendarDay",
    "CodeList",
    "Complaint",
    "ComplaintResponse",
    "ComplaintTimeLimit",
    "ComplianceFigure",
    "ComplianceFigures",
    "ComplianceOverview",
    "CreditChangeCause",
    "CreditGradeChange",
    "CreditObjection",
    "CreditScoring",
    "Dataset",
    "EnforcementCase",
    "FundTotals",
    "HazardFigures",
    "HazardReport",
    "HazardStatistics",
    "HazardStatisticsRow",
    "JointMeeting",
    "LedgerKindTotal",
    "MeetingParticipant",
    "OverdueDisclosure",
    "PolicyDeadline",
    "ServiceCenter",
    "ServiceEnding",
    "ServiceModeCount",
    "TenderEvent",
    "VocabularyEntry",
];

mod tests {
    use super::*;
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    #[test]
    fn every_field_of_every_declared_type_has_its_declaration() {
        let schema = async_graphql::parser::parse_schema(crate::graphql::sdl()).expect("the SDL parses");
        let declared = declared();
        let mut missing = Vec::new();
        for definition in &schema.definitions {
            let TypeSystemDefinition::Type(ty) = definition else { continue };
            let TypeKind::Object(object) = &ty.node.kind else { continue };
            let name = ty.node.name.node.as_str();
            if name.ends_with("Connection") || name.ends_with("Edge") || name.ends_with("Payload") {
                continue;
            }
            match declared.iter().find(|(typename, _)| *typename == name) {
                Some((_, covers)) => missing.extend(
                    object
                        .fields
                        .iter()
                        .map(|field| field.node.name.node.as_str())
                        .filter(|field| !covers(field))
                        .map(|field| format!("{name}.{field}")),
                ),
                None if NOT_DECLARED.contains(&name) => {}
                None => missing.push(format!("{name} (declare it, or list it in NOT_DECLARED)")),
            }
        }
        assert!(missing.is_empty(), "fields without a declaration: {missing:?}");
        for name in NOT_DECLARED {
            assert!(!declared.iter().any(|(typename, _)| typename == name), "{name} is declared: unlist it");
        }
    }
}
