//! One error type for the whole server. Every variant maps to a stable `extensions.code`; a bad input names its
//! `field` and `rule`; messages are English with `extensions.messageZh`.
//!
//! `Error` deliberately does not implement `Display`: async-graphql converts any `Display` error into a client
//! message, which would copy internal text (SQL, I/O) to clients. Here the only way to a client is
//! `From<Error> for async_graphql::Error`, which logs internal errors with the request id and shows only that id.

use crate::domain::RuleViolation;
use async_graphql::ErrorExtensions;
use std::sync::Arc;

tokio::task_local! {
    /// The id of the HTTP request being served, for logs and for INTERNAL errors.
    pub static REQUEST_ID: String;
}

/// The request id of the current task, or `-` outside a request.
pub fn current_request_id() -> String {
    REQUEST_ID.try_with(Clone::clone).unwrap_or_else(|_| "-".to_owned())
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone)]
pub enum Error {
    /// No valid credentials where they are needed.
    Unauthenticated { reason: &'static str },
    /// Valid credentials that do not allow this.
    Forbidden { message: String, message_zh: String },
    /// An input broke a rule.
    BadUserInput { field: String, violation: RuleViolation },
    /// The record named does not exist.
    NotFound { what: String },
    /// Someone else changed the record first, or a uniqueness rule was hit.
    Conflict { message: String, message_zh: String },
    /// The record's state does not allow this transition.
    InvalidState { message: String, message_zh: String },
    /// The query document was refused before execution (syntax, validation, depth, complexity, page size).
    QueryRejected { reason: &'static str, message: String, message_zh: String },
    /// Anything the client cannot fix; logged, never shown.
    Internal(Arc<dyn std::error::Error + Send + Sync>),
}

impl Error {
    pub fn bad_input(field: impl Into<String>, violation: RuleViolation) -> Self {
        Error::BadUserInput { field: field.into(), violation }
    }

    pub fn internal(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal(Arc::new(error))
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::Unauthenticated { .. } => "UNAUTHENTICATED",
            Error::Forbidden { .. } => "FORBIDDEN",
            Error::BadUserInput { .. } => "BAD_USER_INPUT",
            Error::NotFound { .. } => "NOT_FOUND",
            Error::Conflict { .. } => "CONFLICT",
            Error::InvalidState { .. } => "INVALID_STATE",
            Error::QueryRejected { .. } => "QUERY_REJECTED",
            Error::Internal(_) => "INTERNAL",
        }
    }
}

impl From<crate::domain::workflow::IllegalTransition> for Error {
    fn from(error: crate::domain::workflow::IllegalTransition) -> Self {
        Error::InvalidState { message: error.message, message_zh: error.message_zh }
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(error: sea_orm::DbErr) -> Self {
        Error::internal(error)
    }
}

impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        let request_id = current_request_id();
        let (message, message_zh) = match &error {
            Error::Unauthenticated { reason } => {
                (format!("authentication required or failed ({reason})"), format!("需要有效的身份凭证（{reason}）"))
            }
            Error::Forbidden { message, message_zh }
            | Error::Conflict { message, message_zh }
            | Error::InvalidState { message, message_zh }
            | Error::QueryRejected { message, message_zh, .. } => (message.clone(), message_zh.clone()),
            Error::BadUserInput { field, violation } => {
                (format!("{field}: {}", violation.message), format!("{field}：{}", violation.message_zh))
            }
            Error::NotFound { what } => (format!("{what} not found"), format!("未找到{what}")),
            Error::Internal(source) => {
                tracing::error!(request_id = %request_id, error = %source, "internal error");
                (
                    format!("internal error; quote request id {request_id} when reporting it"),
                    format!("服务器内部错误；报告时请提供请求编号 {request_id}"),
                )
            }
        };
        async_graphql::Error::new(message).extend_with(|_, ext| {
            ext.set("code", error.code());
            ext.set("messageZh", message_zh);
            match &error {
                Error::Unauthenticated { reason } => ext.set("reason", *reason),
                Error::BadUserInput { field, violation } => {
                    ext.set("field", field.as_str());
                    ext.set("rule", violation.rule);
                }
                Error::QueryRejected { reason, .. } => ext.set("reason", *reason),
                Error::Internal(_) => ext.set("requestId", request_id.as_str()),
                _ => {}
            }
        })
    }
}
