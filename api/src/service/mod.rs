//! Writes: one module per area, each a transaction with the scope check, the domain rule, the write and the audit
//! event. Called by GraphQL mutations and by the demo loader.

pub mod sequence;
