//! The usage workflow's table of transitions, checked as a whole.

use super::*;
use entity::vocab::Vocabulary;
use sea_orm::Iterable;

fn every_step() -> Vec<UsageStep> {
    vec![
        UsageStep::OpenVote { scope_area: Area(1), scope_owners: 1 },
        UsageStep::RecordVote { participating: (Area(1), 1), ayes: (Area(1), 1), resolution: None },
        UsageStep::Submit,
        UsageStep::Review,
        UsageStep::Approve,
        UsageStep::Reject { reason: "r".into() },
        UsageStep::Withdraw,
        UsageStep::Disburse { amount: Money(1) },
        UsageStep::Publicize { actual_cost: Money(1), audit_reference: "a".into() },
    ]
}

/// The table is a workflow: every status but the draft is reached by some step, every status a step leaves
/// was reached, and the closed ones (rejected, withdrawn, publicized) are left by none; a failed vote is withdrawn.
#[test]
fn the_table_of_transitions_is_one_workflow() {
    let rows: Vec<Transition> = every_step().iter().map(UsageStep::transition).collect();
    for status in FundUsageStatus::iter() {
        let reached = rows.iter().any(|row| row.to.contains(&status));
        let left = rows.iter().any(|row| row.from.contains(&status));
        assert_eq!(reached, status != Draft, "{} is reached by a step", status.code());
        let closed = matches!(status, Rejected | Withdrawn | Publicized);
        assert_eq!(left, !closed, "{} is left by a step", status.code());
    }
    let actions: std::collections::HashSet<Action> = rows.iter().map(|row| row.action).collect();
    assert_eq!(actions.len(), rows.len(), "one action a step");
}

/// What each step writes reaches a status of its row.
#[test]
fn every_step_writes_a_status_of_its_row() {
    let usage = |status| fund_usage::Model {
        resolution_id: None,
        id: 1,
        estate_id: 1,
        title: "t".into(),
        category: UsageCategory::Other,
        scope: "s".into(),
        budget: 100,
        is_emergency: true,
        emergency_reason: Some("e".into()),
        enterprise_id: None,
        status,
        scope_area: Some(1),
        scope_owners: Some(1),
        participating_area: None,
        participating_owners: None,
        aye_area: None,
        aye_owners: None,
        vote_opened_on: None,
        voted_on: None,
        submitted_on: None,
        reviewed_on: None,
        approved_on: None,
        disbursed: None,
        disbursed_on: None,
        actual_cost: None,
        audit_reference: None,
        publicized_on: None,
        rejection_reason: None,
        closed_on: None,
        version: 1,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
    };
    for step in every_step() {
        let row = step.transition();
        let next = step.apply(&usage(row.from[0]), 1_000).expect("the step applies");
        assert!(row.to.contains(&next.status), "{:?} reached {:?}", row.action, next.status);
    }
}
