//! The inbox: what awaits the signed-in person in their scope, section by section, each item linking to the form of
//! its next step. Every section is an operation of `api/templates/staff/inbox.graphql` run as the actor through the
//! same schema the API serves — the API's scoping decides what each person sees; there is no second set of rules.
//! Each runs as a document of its own (its line and the fragments it spreads), since a document is charged its
//! cost whole, every operation in it.

use super::schema::SchemaMap;
use crate::auth::Role;
use crate::domain::calendar::local_time;
use serde_json::Value;

/// The inbox's operations, one a line, with the fragments they share (one a line).
const OPERATIONS: &str = include_str!("../../templates/staff/inbox.graphql");

/// The document of one operation: its line and the fragments it spreads.
pub fn document(operation: &str) -> Option<String> {
    let line = OPERATIONS.lines().find(|line| {
        line.starts_with(&format!("query {operation}(")) || line.starts_with(&format!("query {operation} "))
    })?;
    let fragments = OPERATIONS.lines().filter(|f| {
        f.strip_prefix("fragment ")
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|name| line.contains(&format!("...{name} ")) || line.contains(&format!("...{name}}}")))
    });
    Some(std::iter::once(line).chain(fragments).collect::<Vec<_>>().join("\n"))
}

/// A section: whose inbox it is in, the operation that lists it, where its items go — the form of their next step
/// (filled in from each item: input field and the item's path to its value), or, where the next step is someone
/// else's or there are several, the record's own page with every form about it — and its title.
pub struct Section {
    pub role: Role,
    pub operation: &'static str,
    pub form: Option<&'static str>,
    pub fill: &'static [(&'static str, &'static str)],
    pub title: &'static str,
}

/// A section whose items are the records the form acts on (`id`).
const fn section(role: Role, operation: &'static str, form: &'static str, title: &'static str) -> Section {
    Section { role, operation, form: Some(form), fill: &[("id", "id")], title }
}

/// A section whose items link to the form `form`, filled in from each item as `fill` says.
const fn filled(
    role: Role,
    operation: &'static str,
    form: &'static str,
    fill: &'static [(&'static str, &'static str)],
    title: &'static str,
) -> Section {
    Section { role, operation, form: Some(form), fill, title }
}

/// A section whose items link to their record's page.
const fn records(role: Role, operation: &'static str, title: &'static str) -> Section {
    Section { role, operation, form: None, fill: &[], title }
}

impl Section {
    /// The address of the form for `item`, filled in from it; or of the item's record.
    pub fn href(&self, item: &Value) -> String {
        let Some(form) = self.form else {
            return format!("/staff/record/{}", super::urlencode(item["id"].as_str().unwrap_or_default()));
        };
        let values: Vec<(&str, String)> = self
            .fill
            .iter()
            .filter_map(|(field, path)| {
                let value = path.split('.').try_fold(item, |v, key| v.get(key))?;
                Some((*field, value.as_str().map_or_else(|| value.to_string(), str::to_owned)))
            })
            .collect();
        let values: Vec<(&str, &str)> = values.iter().map(|(field, value)| (*field, value.as_str())).collect();
        super::act_href(form, &values)
    }
}

/// Where a quarter's disclosure is drafted or revised: its estate, year and quarter.
const DISCLOSURE_PERIOD: &[(&str, &str)] = &[("estateId", "estate.id"), ("year", "year"), ("quarter", "quarter")];

/// Every section, in the order each inbox shows them.
pub const SECTIONS: &[Section] = &[
    section(Role::County, "CountyCreditProposals", "confirmCreditRecord", "待确认的信用记录 Credit records to confirm"),
    section(Role::County, "CountyCreditObjections", "decideCreditObjection", "待决定的信用异议 Objections to decide"),
    section(Role::County, "CountyUsagesToApprove", "approveFundUsage", "待审批的维修资金使用 Fund usages to approve"),
    section(Role::County, "CountyUsagesToDisburse", "disburseFundUsage", "待划拨的维修资金 Fund usages to disburse"),
    section(Role::County, "CountyCasesToDecide", "decideEnforcementCase", "待作出处理决定的案件 Cases to decide"),
    section(Role::County, "CountyCasesToPublish", "publishEnforcementCase", "待公开的处理决定 Decisions to publish"),
    section(Role::Town, "TownComplaintsToAssign", "assignComplaint", "待交办投诉 Complaints to assign"),
    section(Role::Town, "TownComplaintsReopened", "assignComplaint", "重新办理的投诉 Reopened complaints to assign"),
    section(Role::Town, "TownUsagesToReview", "reviewFundUsage", "待审核的维修资金使用 Fund usages to review"),
    section(
        Role::Town,
        "TownEmergencyApplications",
        "approveEmergencyManagement",
        "应急管理申请 Emergency management applications",
    ),
    records(Role::Town, "TownHandoversOverdue", "逾期未完成的移交 Handovers past their deadline"),
    filled(
        Role::Town,
        "TownExitWarnings",
        "openHandover",
        &[("contractId", "contract.id")],
        "退出预警（待组织移交） Exit warnings: handovers to open",
    ),
    section(Role::Town, "TownNoticesToVerify", "verifyRectification", "待核查整改 Rectifications to verify"),
    section(
        Role::Town,
        "TownHazardsToAcknowledge",
        "acknowledgeHazardReport",
        "待受理隐患报告 Hazard reports to acknowledge",
    ),
    section(Role::Town, "TownCorrectionsReported", "acceptCorrection", "待确认改正 Corrections to accept"),
    section(Role::Town, "TownTendersToOpen", "openBids", "待开标招标 Tenders to open"),
    section(
        Role::Community,
        "CommunityDisclosuresToPublish",
        "publishPublicIncomeDisclosure",
        "待公示的公共收益（或退回） Disclosures to publish or return",
    ),
    section(
        Role::Community,
        "CommunityExitWarnings",
        "acknowledgeExitWarning",
        "待确认的退出预警 Exit warnings to acknowledge",
    ),
    records(Role::Community, "CommunityHandovers", "进行中的移交（逐项接收） Handovers: items to receive"),
    section(
        Role::Community,
        "CommunityComplaintsToAnswer",
        "respondToComplaint",
        "交办社区的投诉 Complaints to answer",
    ),
    section(
        Role::Community,
        "CommunityComplaintsToClose",
        "closeComplaint",
        "已答复待办结投诉 Answered complaints to close",
    ),
    section(Role::Committee, "CommitteeVotesToRecord", "recordFundVote", "待录入表决结果 Votes to record"),
    section(
        Role::Committee,
        "CommitteeUsagesToSubmit",
        "submitFundUsage",
        "待报送的维修资金使用 Fund usages to submit",
    ),
    section(
        Role::Committee,
        "CommitteeDisclosuresToSubmit",
        "submitPublicIncomeDisclosure",
        "待提交的公共收益公示 Disclosures to submit",
    ),
    filled(
        Role::Committee,
        "CommitteeDisclosuresReturned",
        "draftPublicIncomeDisclosure",
        DISCLOSURE_PERIOD,
        "被退回的公共收益公示 Returned disclosures to revise",
    ),
    section(
        Role::Committee,
        "CommitteeComplaintsToAnswer",
        "respondToComplaint",
        "交办业委会的投诉 Complaints to answer",
    ),
    section(
        Role::Committee,
        "CommitteeNoticesToAnswer",
        "reportRectification",
        "待报告整改 Rectification notices to answer",
    ),
    section(
        Role::Committee,
        "CommitteeCorrectionsToReport",
        "reportCorrection",
        "待报告改正 Correction orders to answer",
    ),
    filled(
        Role::Enterprise,
        "EnterpriseDisclosuresOverdue",
        "draftPublicIncomeDisclosure",
        DISCLOSURE_PERIOD,
        "应公示与逾期未公示的公共收益 Public-income disclosures due and overdue",
    ),
    section(
        Role::Enterprise,
        "EnterpriseDisclosuresToSubmit",
        "submitPublicIncomeDisclosure",
        "待提交的公共收益公示 Disclosures to submit",
    ),
    filled(
        Role::Enterprise,
        "EnterpriseDisclosuresReturned",
        "draftPublicIncomeDisclosure",
        DISCLOSURE_PERIOD,
        "被退回的公共收益公示 Returned disclosures to revise",
    ),
    section(
        Role::Enterprise,
        "EnterpriseComplaintsToAnswer",
        "respondToComplaint",
        "交办企业的投诉 Complaints to answer",
    ),
    section(
        Role::Enterprise,
        "EnterpriseNoticesToAnswer",
        "reportRectification",
        "待报告整改 Rectification notices to answer",
    ),
    filled(
        Role::Enterprise,
        "EnterpriseCreditRecords",
        "lodgeCreditObjection",
        &[("recordId", "id")],
        "本企业的信用记录（可提出异议） Its credit records (to object to)",
    ),
    records(Role::Enterprise, "EnterpriseCreditProposals", "拟记入的信用记录 Credit records proposed about it"),
    records(Role::Enterprise, "EnterpriseCreditObjections", "待县级决定的异议 Its objections awaiting the county"),
];

/// The sections of `role`'s inbox.
pub fn sections(role: Role) -> impl Iterator<Item = &'static Section> {
    SECTIONS.iter().filter(move |s| s.role == role)
}

/// Whether a document takes the scope's `$code` (then it runs once for each code).
pub fn takes_code(document: &str) -> bool {
    document.lines().next().is_some_and(|line| line.contains("$code"))
}

/// An item's line: its fields other than `id` and `version`, leaves in order, joined — read with the type the
/// schema gives each (`type_name` is the node's): a code as its label, an instant as the county's date and time.
pub fn line(map: &SchemaMap, type_name: &str, node: &Value) -> String {
    fn leaves(map: &SchemaMap, type_name: &str, value: &Value, out: &mut Vec<String>) {
        let Value::Object(fields) = value else { return };
        for (name, value) in fields.iter().filter(|(name, _)| !["id", "version", "__typename"].contains(&name.as_str()))
        {
            let field_type = map.get(type_name).and_then(|t| t.field(name)).map(|f| f.ty.name()).unwrap_or_default();
            match value {
                Value::Object(_) => leaves(map, field_type, value, out),
                Value::Array(items) => items.iter().for_each(|item| leaves(map, field_type, item, out)),
                Value::String(code) if map.kind(field_type) == "ENUM" => out.push(map.enum_label(field_type, code)),
                Value::String(instant) if field_type == "DateTime" => out.push(county_time(instant)),
                Value::String(text) => out.push(text.clone()),
                Value::Number(n) => out.push(n.to_string()),
                Value::Bool(_) | Value::Null => {}
            }
        }
    }
    let mut out = Vec::new();
    leaves(map, type_name, node, &mut out);
    out.join(" · ")
}

/// An RFC 3339 instant as the county's (UTC+8) date and time, `2026-12-07 09:30`.
pub fn county_time(instant: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(instant)
        .map(|t| local_time(t.to_utc()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| instant.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_its_document_with_the_fragments_it_spreads() {
        for section in SECTIONS {
            let document = document(section.operation).expect(section.operation);
            let spread = document.lines().next().unwrap().matches("...").count();
            assert_eq!(document.lines().count(), 1 + spread, "{}", section.operation);
        }
        for line in OPERATIONS.lines().filter(|l| l.starts_with("query ")) {
            let name = line["query ".len()..].split(['(', ' ']).next().unwrap();
            assert!(SECTIONS.iter().any(|s| s.operation == name), "{name} is no section's operation");
        }
        assert!(takes_code(&document("TownComplaintsToAssign").unwrap()));
        assert!(!takes_code(&document("CommunityComplaintsToClose").unwrap()));
    }

    #[test]
    fn every_sections_form_is_offered_to_its_role() {
        for section in SECTIONS {
            let Some(form) = section.form else { continue };
            let roles = super::super::catalog::OFFERED.iter().find(|(m, _)| *m == form).map(|(_, roles)| *roles);
            let roles = roles.unwrap_or_else(|| panic!("{form} is no mutation of OFFERED"));
            assert!(
                super::super::catalog::offered(section.role, roles),
                "{}: {form} is not offered to {:?}",
                section.operation,
                section.role
            );
        }
    }

    #[test]
    fn instants_read_in_the_countys_time() {
        assert_eq!(county_time("2026-12-10T16:00:00Z"), "2026-12-11 00:00");
        assert_eq!(county_time("not a time"), "not a time");
    }
}
