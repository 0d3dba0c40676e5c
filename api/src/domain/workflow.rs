//! State machines: a transition is allowed only from the states listed for it; otherwise a clear error names the
//! current state and the ones the transition needs, and nothing changes.

use std::fmt::Debug;

/// A transition that the current state does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalTransition {
    pub message: String,
    pub message_zh: String,
}

/// Checks that the action `(in English, in Chinese)` may leave `current`, which must be one of `from`.
pub fn check<S: Copy + Debug + PartialEq>(
    current: S,
    from: &[S],
    (action, action_zh): (&str, &str),
) -> Result<(), IllegalTransition> {
    if from.contains(&current) {
        return Ok(());
    }
    let names = |states: &[S]| states.iter().map(|s| screaming(&format!("{s:?}"))).collect::<Vec<_>>().join(", ");
    let (now, allowed) = (screaming(&format!("{current:?}")), names(from));
    Err(IllegalTransition {
        message: format!("cannot {action}: the record is {now}, and this needs one of: {allowed}"),
        message_zh: format!("无法{action_zh}：当前状态为 {now}，需处于以下状态之一：{allowed}"),
    })
}

/// `ExitWarned` → `EXIT_WARNED`, the way states are written on the wire.
fn screaming(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum State {
        Active,
        ExitWarned,
        Terminated,
    }

    #[test]
    fn allowed_transitions_pass_and_others_name_both_states() {
        let terminate = ("terminate", "终止");
        assert!(check(State::Active, &[State::Active, State::ExitWarned], terminate).is_ok());
        let error = check(State::Terminated, &[State::Active, State::ExitWarned], terminate).unwrap_err();
        assert_eq!(
            error.message,
            "cannot terminate: the record is TERMINATED, and this needs one of: ACTIVE, EXIT_WARNED"
        );
        assert_eq!(error.message_zh, "无法终止：当前状态为 TERMINATED，需处于以下状态之一：ACTIVE, EXIT_WARNED");
    }
}
