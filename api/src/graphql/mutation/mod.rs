//! Mutations, GitHub-style: `verbNoun(input: VerbNounInput!): VerbNounPayload!`. Each parses its input at the
//! edge and hands over to `service`, which authorises against the stored record, writes in one transaction and
//! appends the audit event.

mod committee;
mod contract;
mod enterprise;
mod estate;

use super::ids::{NodeKind, key_of};
use crate::error::{Error, Result};
use async_graphql::{ID, MergedObject};

/// 变更 Everything staff can change, each within their role and scope.
#[derive(MergedObject, Default)]
pub struct Mutation(
    estate::EstateMutation,
    enterprise::EnterpriseMutation,
    contract::ContractMutation,
    committee::CommitteeMutation,
);

/// The key of a global id of `kind`; NOT_FOUND when it is not one.
fn key(kind: NodeKind, id: &ID) -> Result<i64> {
    key_of(kind, id).ok_or_else(|| Error::NotFound { what: kind.type_name().to_owned() })
}
