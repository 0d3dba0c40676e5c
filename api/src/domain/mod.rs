//! The rules of the domain as plain functions and types: no database, no GraphQL. Each rule is tested beside it.
//! The only things of ours they use are the code lists of `entity::vocab` (plain enums).

pub mod assembly;
pub mod calendar;
pub mod committee;
pub mod complaint;
pub mod complaint_stats;
pub mod credit;
pub mod credit_code;
pub mod datum;
pub mod disclosure;
pub mod enforcement;
pub mod estate;
pub mod estate_code;
pub mod fixed_point;
pub mod fund;
pub mod lifecycle;
pub mod network;
pub mod ranking;
pub mod region_code;
pub mod session;
pub mod small_cells;
pub mod sort_key;
pub mod supervision;
pub mod tender;
pub mod text;
pub mod vote;
pub mod workflow;
pub mod working_days;

/// A rule that an input broke: which rule, and why, in English and Chinese. The caller names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleViolation {
    /// A stable, machine-readable name of the rule, e.g. `credit-code-check-digit`.
    pub rule: &'static str,
    pub message: String,
    pub message_zh: String,
}

impl RuleViolation {
    pub fn new(rule: &'static str, message: impl Into<String>, message_zh: impl Into<String>) -> Self {
        Self { rule, message: message.into(), message_zh: message_zh.into() }
    }
}

/// An input field that broke a rule: which field (as the API names it), and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    pub field: String,
    pub violation: RuleViolation,
}

impl InvalidField {
    pub fn new(
        field: impl Into<String>,
        rule: &'static str,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        InvalidField { field: field.into(), violation: RuleViolation::new(rule, message, message_zh) }
    }
}
