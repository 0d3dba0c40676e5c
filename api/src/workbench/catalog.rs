//! Every staff mutation's form: who is offered it, and what the schema says of it (its label and help, its input
//! type, the record it acts on). `OFFERED` is the one table of which role takes which workflow step in the
//! workbench — the services still decide every case (a form offered is no permission), and a test holds the table
//! to the schema's mutations, so a kind added later cannot arrive without its forms.

use super::schema::{SchemaMap, label_and_help};
use crate::auth::Role;

use Role::{Committee as K, Community as M, County as C, Enterprise as E, Town as T};

/// Each mutation and the roles whose step it is; supervision flows down, so a town is also offered what a community
/// is, and the county what a town is.
pub const OFFERED: &[(&str, &[Role])] = &[
    ("createEstate", &[T]),
    ("updateEstate", &[T]),
    ("updateOccupancy", &[M]),
    ("registerEnterprise", &[C]),
    ("updateEnterprise", &[C]),
    ("changeEnterpriseStatus", &[C]),
    ("fileEnterprise", &[M]),
    ("createContract", &[T]),
    ("terminateContract", &[T]),
    ("formManagementCommittee", &[T]),
    ("fileOwnersCommittee", &[T]),
    ("changeCommitteeMembers", &[T]),
    ("markCommitteeNotFunctioning", &[T]),
    ("restoreCommitteeFunctioning", &[T]),
    ("dissolveCommittee", &[T]),
    ("createCreditRule", &[C]),
    ("updateCreditRule", &[C]),
    ("retireCreditRule", &[C]),
    ("setCreditScoring", &[C]),
    ("proposeCreditRecord", &[M]),
    ("confirmCreditRecord", &[C]),
    ("rejectCreditRecord", &[C]),
    ("revokeCreditRecord", &[C]),
    ("lodgeCreditObjection", &[E]),
    ("decideCreditObjection", &[C]),
    ("createAssessmentRound", &[T]),
    ("recordAssessmentResults", &[T]),
    ("publishAssessmentRound", &[T]),
    ("draftPublicIncomeDisclosure", &[K, E]),
    ("submitPublicIncomeDisclosure", &[K, E]),
    ("publishPublicIncomeDisclosure", &[M]),
    ("returnPublicIncomeDisclosure", &[M]),
    ("correctPublicIncomeDisclosure", &[K, E]),
    ("openFundAccount", &[C]),
    ("recordFundDeposit", &[C]),
    ("recordFundInterest", &[C]),
    ("draftFundUsage", &[K, E]),
    ("openFundVote", &[K]),
    ("recordFundVote", &[K]),
    ("submitFundUsage", &[K, E]),
    ("reviewFundUsage", &[T]),
    ("approveFundUsage", &[C]),
    ("rejectFundUsage", &[T]),
    ("withdrawFundUsage", &[K, E]),
    ("disburseFundUsage", &[C]),
    ("publicizeFundUsage", &[T, K]),
    ("proposeReplenishment", &[T]),
    ("recordReplenishmentVote", &[K]),
    ("startReplenishment", &[M]),
    ("lodgePerformanceBond", &[C]),
    ("refundPerformanceBond", &[C]),
    ("forfeitPerformanceBond", &[C]),
    ("fileExitWarning", &[E]),
    ("acknowledgeExitWarning", &[M]),
    ("openHandover", &[T]),
    ("receiveHandoverItem", &[M]),
    ("disputeHandoverItem", &[M]),
    ("applyEmergencyManagement", &[M, K]),
    ("approveEmergencyManagement", &[T]),
    ("rejectEmergencyManagement", &[T]),
    ("extendEmergencyManagement", &[T]),
    ("endEmergencyManagement", &[T]),
    ("setServiceCenter", &[T]),
    ("setPropertyOfficer", &[T]),
    ("receiveComplaint", &[M]),
    ("assignComplaint", &[T]),
    ("respondToComplaint", &[M, K, E]),
    ("closeComplaint", &[M]),
    ("reopenComplaint", &[M]),
    ("setComplaintTimeLimit", &[C]),
    ("recordJointMeeting", &[M]),
    ("recordInspection", &[M]),
    ("issueRectificationNotice", &[T]),
    ("reportRectification", &[K, E]),
    ("verifyRectification", &[T]),
    ("withdrawRectificationNotice", &[T]),
    ("reportHazard", &[M, K, E]),
    ("acknowledgeHazardReport", &[T]),
    ("referHazardReport", &[T]),
    ("closeHazardReport", &[T]),
    ("openEnforcementCase", &[C]),
    ("decideEnforcementCase", &[C]),
    ("publishEnforcementCase", &[C]),
    ("approveSelectionByAgreement", &[C]),
    ("announceTender", &[T, K]),
    ("submitBid", &[E]),
    ("openBids", &[T]),
    ("recordTenderOpinion", &[M]),
    ("recordEvaluation", &[T]),
    ("publicizeCandidate", &[T]),
    ("awardTender", &[T]),
    ("lodgeTenderObjection", &[E]),
    ("decideTenderObjection", &[C]),
    ("formPreparatoryGroup", &[T]),
    ("recordAssemblyMeeting", &[M, K]),
    ("issueCorrectionOrder", &[T]),
    ("revokeResolution", &[T]),
    ("reportCorrection", &[M, K]),
    ("acceptCorrection", &[T]),
    ("revokeDecision", &[T]),
];

/// The steps whose `id` names another kind of record than the one their payload returns: revoking a resolution
/// takes the resolution and answers with the order that revokes it.
pub const ACTS_ON: &[(&str, &str)] = &[("revokeResolution", "Resolution")];

/// Whether `role` is offered a step of the roles `steps` (supervision flows down: county ⊃ town ⊃ community).
pub fn offered(role: Role, steps: &[Role]) -> bool {
    let below: &[Role] = match role {
        Role::County => &[C, T, M],
        Role::Town => &[T, M],
        Role::Community => &[M],
        Role::Committee => &[K],
        Role::Enterprise => &[E],
        Role::System => &[],
    };
    steps.iter().any(|step| below.contains(step))
}

/// One mutation's form, as the schema describes it.
pub struct FormSpec {
    pub mutation: String,
    pub label: String,
    pub help: String,
    pub input_type: String,
    /// The payload's fields that are records (objects with an `id`), for the answer's selection.
    pub payload_records: Vec<String>,
    /// The type of the record the form acts on (`id` and `expectedVersion` in its input), if it acts on one.
    pub record_type: Option<String>,
    /// The other records its input names, as (field, type): `estateId` names an `Estate`, `contractId` a
    /// `ServiceContract` (see [`referenced_type`]); the form is offered on those records' pages, filled in.
    pub references: Vec<(String, String)>,
    pub roles: &'static [Role],
}

/// The record type an input's `<name>Id` field names: the node type called `<Name>`, else the one node type whose
/// name ends in `<Name>` (`contractId`: `ServiceContract`) or that the name ends in (`receiverEnterpriseId`:
/// `Enterprise`); none when that is not one type.
fn referenced_type<'a>(field: &str, node_types: &[&'a str]) -> Option<&'a str> {
    let stem = field.strip_suffix("Id").filter(|s| !s.is_empty())?;
    let upper = stem[..1].to_ascii_uppercase() + &stem[1..];
    if let Some(exact) = node_types.iter().find(|t| t.eq_ignore_ascii_case(stem)) {
        return Some(exact);
    }
    let candidates: Vec<&&str> = node_types
        .iter()
        .filter(|t| t.ends_with(&upper) || stem.to_ascii_lowercase().ends_with(&t.to_ascii_lowercase()))
        .collect();
    (candidates.len() == 1).then(|| *candidates[0])
}

/// The forms, in the schema's order, over the schema they were drawn from.
pub struct Catalog {
    pub map: SchemaMap,
    forms: Vec<FormSpec>,
}

impl Catalog {
    /// Draws every mutation's form; a mutation missing from `OFFERED`, or a name there the schema lacks, stops the
    /// server (and fails a test) rather than leaving a step without its form.
    pub fn new(map: SchemaMap) -> anyhow::Result<Self> {
        let mut forms = Vec::new();
        let node_types = map.node_types();
        for field in map.mutations() {
            let roles =
                OFFERED.iter().find(|(name, _)| *name == field.name).map(|(_, roles)| *roles).ok_or_else(|| {
                    anyhow::anyhow!("mutation {} has no line in workbench::catalog::OFFERED", field.name)
                })?;
            let payload_type = map.get(field.ty.name());
            let payload_records: Vec<String> = payload_type
                .and_then(|t| t.fields.as_deref())
                .unwrap_or_default()
                .iter()
                .filter(|f| f.ty.item().is_none() && map.get(f.ty.name()).is_some_and(|t| t.field("id").is_some()))
                .map(|f| f.name.clone())
                .collect();
            let record_field_type = payload_type
                .and_then(|t| t.fields.as_deref())
                .unwrap_or_default()
                .iter()
                .find(|f| payload_records.contains(&f.name))
                .map(|f| f.ty.name().to_owned());
            let input_type = field
                .args
                .iter()
                .find(|a| a.name == "input")
                .map(|a| a.ty.name().to_owned())
                .ok_or_else(|| anyhow::anyhow!("mutation {} takes no `input`", field.name))?;
            let input_def = map.get(&input_type);
            anyhow::ensure!(input_def.is_some(), "mutation {}: no input type {input_type}", field.name);
            let input_fields = input_def.and_then(|t| t.input_fields.as_deref()).unwrap_or_default();
            let acts_on_record = ["id", "expectedVersion"].iter().all(|n| input_fields.iter().any(|f| f.name == *n));
            let references = input_fields
                .iter()
                .filter(|f| f.name != "id" && f.ty.item().is_none() && f.ty.name() == "ID")
                .filter_map(|f| Some((f.name.clone(), referenced_type(&f.name, &node_types)?.to_owned())))
                .collect();
            let (label, help) = label_and_help(field.description.as_deref(), &field.name);
            forms.push(FormSpec {
                mutation: field.name.clone(),
                label,
                help,
                input_type,
                payload_records,
                record_type: ACTS_ON
                    .iter()
                    .find(|(name, _)| *name == field.name)
                    .map(|(_, acts_on)| (*acts_on).to_owned())
                    .or(record_field_type)
                    .filter(|_| acts_on_record),
                references,
                roles,
            });
        }
        for (name, _) in OFFERED {
            anyhow::ensure!(forms.iter().any(|f| f.mutation == *name), "OFFERED names {name}, not a mutation");
        }
        Ok(Catalog { map, forms })
    }

    pub fn form(&self, mutation: &str) -> Option<&FormSpec> {
        self.forms.iter().find(|f| f.mutation == mutation)
    }

    /// The forms offered to `role`, in the schema's order.
    pub fn offered_to(&self, role: Role) -> impl Iterator<Item = &FormSpec> {
        self.forms.iter().filter(move |f| offered(role, f.roles))
    }

    /// The forms offered to `role` about a record of `type_name`, each with the input field that names it: `id`
    /// for a step on the record itself, else the reference (`estateId` for a complaint received about an estate).
    pub fn about<'a>(&'a self, role: Role, type_name: &'a str) -> impl Iterator<Item = (&'a FormSpec, &'a str)> {
        self.offered_to(role).filter_map(move |f| {
            if f.record_type.as_deref() == Some(type_name) {
                return Some((f, "id"));
            }
            f.references.iter().find(|(_, t)| t == type_name).map(|(field, _)| (f, field.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_fields_name_their_record_types() {
        let nodes = ["Estate", "Enterprise", "ServiceContract", "Tender", "Bid", "CreditRecord", "FundAccount"];
        assert_eq!(referenced_type("estateId", &nodes), Some("Estate"));
        assert_eq!(referenced_type("contractId", &nodes), Some("ServiceContract"));
        assert_eq!(referenced_type("receiverEnterpriseId", &nodes), Some("Enterprise"));
        assert_eq!(referenced_type("failedTenderId", &nodes), Some("Tender"));
        assert_eq!(referenced_type("recordId", &nodes), Some("CreditRecord"));
        assert_eq!(referenced_type("subjectId", &nodes), None);
        assert_eq!(referenced_type("id", &nodes), None);
    }

    /// The README's role table links each role's forms, as `OFFERED` lists them.
    #[test]
    fn the_readme_role_table_links_each_roles_forms() {
        let readme = include_str!("../../../README.md");
        for role in [C, T, M, K, E] {
            let row = readme
                .lines()
                .find(|line| line.starts_with(&format!("| `{}` |", role.as_str())))
                .expect("a row of the role table");
            let linked: Vec<&str> =
                row.split("/staff/act/").skip(1).map(|rest| rest.split(')').next().unwrap_or_default()).collect();
            let offered: Vec<&str> =
                OFFERED.iter().filter(|(_, roles)| roles.contains(&role)).map(|(name, _)| *name).collect();
            assert_eq!(linked, offered, "the README's row of {}", role.as_str());
        }
    }

    #[test]
    fn supervision_flows_down_the_offered_forms() {
        assert!(offered(Role::County, &[M]));
        assert!(offered(Role::Town, &[M]));
        assert!(!offered(Role::Community, &[T]));
        assert!(!offered(Role::Town, &[K, E]));
        assert!(offered(Role::Enterprise, &[M, K, E]));
    }
}
