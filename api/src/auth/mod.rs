//! Staff access: bearer tokens (JWT, RFC 8725), the actor they name, and what each role may touch.

pub mod actor;
pub mod issue;
pub mod verify;

pub use actor::{Actor, Place, Role, Scope, Tier};
