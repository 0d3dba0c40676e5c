//! Mutations, GitHub-style: `verbNoun(input: VerbNounInput!): VerbNounPayload!`. Each parses its input at the
//! edge and hands over to `service`, which authorises against the stored record, writes in one transaction and
//! appends the audit event.

/// Declares the payload of each mutation (`VerbNounPayload`, one per mutation so that each can grow on its own):
/// the changed record under its name.
macro_rules! payload {
    ($(#[doc = $doc:literal] $name:ident { $field:ident: $ty:ty })+) => {$(
        #[doc = $doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $name {
            #[doc = "记录 The record as it is now, with its new version."]
            $field: $ty,
        }
    )+};
}

/// Declares the input of each mutation that only moves a record on (`VerbNounInput`, one per mutation like the
/// payloads): the record and the version read.
macro_rules! step_inputs {
    ($(#[doc = $doc:literal] $name:ident)+) => {$(
        #[doc = $doc]
        #[derive(async_graphql::InputObject)]
        pub struct $name {
            #[doc = "标识 The record."]
            id: async_graphql::ID,
            #[doc = "预期版本 The version you read; CONFLICT if it changed since."]
            expected_version: i32,
        }
    )+};
}

mod assembly;
mod assessment;
mod bond;
mod committee;
mod complaint;
mod contract;
mod credit;
mod disclosure;
mod emergency;
mod enforcement;
mod enterprise;
mod estate;
mod fund;
mod fund_usage;
mod handover;
mod hazard;
mod region;
mod replenishment;
mod supervision;
mod tender;

use super::ids::key_of;
use crate::error::{Error, Result};
use async_graphql::{ID, MergedObject};
use entity::vocab::RecordKind;

/// 变更 Everything staff can change, each within their role and scope.
#[derive(MergedObject, Default)]
pub struct Mutation(
    estate::EstateMutation,
    enterprise::EnterpriseMutation,
    contract::ContractMutation,
    committee::CommitteeMutation,
    credit::CreditMutation,
    assessment::AssessmentMutation,
    disclosure::DisclosureMutation,
    fund::FundMutation,
    fund_usage::FundUsageMutation,
    replenishment::ReplenishmentMutation,
    bond::BondMutation,
    handover::HandoverMutation,
    emergency::EmergencyMutation,
    region::RegionMutation,
    complaint::ComplaintMutation,
    supervision::SupervisionMutation,
    hazard::HazardMutation,
    enforcement::EnforcementMutation,
    tender::TenderMutation,
    assembly::AssemblyMutation,
);

/// The key of a global id of `kind`; NOT_FOUND when it is not one.
fn key(kind: RecordKind, id: &ID) -> Result<i64> {
    key_of(kind, id).ok_or(Error::NotFound { kind })
}
