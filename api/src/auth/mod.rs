//! Staff access: bearer tokens (JWT, RFC 8725), the actor they name, and what each role may touch; and sign-in to
//! the staff workbench with the county's OpenID provider (`oidc`).

pub mod actor;
pub mod issue;
pub mod oidc;
pub mod verify;

pub use actor::{Actor, Place, Role, Scope, Tier};
