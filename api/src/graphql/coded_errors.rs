//! Every error leaves with an `extensions.code`. Ours carry one already; async-graphql's own input-coercion errors
//! (a malformed `Money`, a wrong enum value) become BAD_USER_INPUT with the rule our scalars name; anything else
//! is unexpected, so it is logged and replaced by INTERNAL with the request id — its text never reaches a client.

use crate::error::{Error, current_request_id};
use async_graphql::ServerError;

/// The rule a scalar wrote at the end of its message as `[rule]`, if any.
fn rule_in(message: &str) -> &str {
    message
        .rfind('[')
        .and_then(|start| message[start + 1..].find(']').map(|end| &message[start + 1..start + 1 + end]))
        .filter(|rule| !rule.is_empty() && rule.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .unwrap_or("input-format")
}

/// `error` with a code: its own, BAD_USER_INPUT for a coercion error, or INTERNAL in its place.
pub fn coded(error: ServerError) -> ServerError {
    if error.extensions.as_ref().is_some_and(|e| e.get("code").is_some()) {
        return error;
    }
    let is_input =
        ["Failed to parse", "Invalid value", "Expected input type"].iter().any(|p| error.message.starts_with(p));
    if is_input {
        let rule = rule_in(&error.message).to_owned();
        return bad_input(error, "input", &rule, "输入值格式不正确");
    }
    // A variable the document requires that the request did not send (async-graphql finds it when a field reads
    // it): the client's mistake, not ours.
    if error.message.starts_with("Variable ") && error.message.ends_with(" is not defined.") {
        return bad_input(error, "variables", "variable-required", "请求缺少查询所需的变量");
    }
    tracing::error!(request_id = %current_request_id(), message = %error.message, "uncoded error");
    let replacement: async_graphql::Error =
        Error::internal(std::io::Error::other("uncoded GraphQL error (logged)")).into();
    let mut replacement = replacement.into_server_error(error.locations.first().copied().unwrap_or_default());
    replacement.path = error.path;
    replacement
}

/// `error` as BAD_USER_INPUT about `field`, breaking `rule`.
fn bad_input(mut error: ServerError, field: &str, rule: &str, message_zh: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "BAD_USER_INPUT");
    extensions.set("field", field);
    extensions.set("rule", rule);
    extensions.set("messageZh", message_zh);
    error
}

#[cfg(test)]
mod tests {
    use super::rule_in;

    #[test]
    fn rules_are_read_from_the_end_of_scalar_messages() {
        let message =
            "Failed to parse \"Area\": '1.234' has more than two decimal places [decimal-places] (occurred …)";
        assert_eq!(rule_in(message), "decimal-places");
        assert_eq!(rule_in("Invalid value for argument \"x\""), "input-format");
    }
}
