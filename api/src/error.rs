//! One error type for the whole server. Every variant maps to a stable `extensions.code`; a bad input names its
//! `field` and `rule`; messages are English with `extensions.messageZh`.
//!
//! What a client is told is built in one place, [`Error::client_view`], for GraphQL errors and for the refusals the
//! HTTP layer makes before GraphQL runs alike. Internal errors (SQL, I/O) are logged there with the request id and
//! shown only as INTERNAL with that id. `Display` prints the same safe English message, never internal text, and
//! async-graphql's blanket "any `Display` becomes an error message" conversion is switched off (its
//! `custom-error-conversion` feature), so the only way from an error to a client is through this file.

use crate::domain::workflow::IllegalTransition;
use crate::domain::{InvalidField, RuleViolation};
use async_graphql::ErrorExtensions;
use entity::constraint::UniqueRule;
use entity::vocab::{RecordKind, Vocabulary};
use serde_json::{Map, Value, json};
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
    NotFound { kind: RecordKind },
    /// Nothing is served at this address (an HTTP path, or a download by a name no dataset has).
    PathNotFound { path: String },
    /// Someone else changed the record first, or a uniqueness rule was hit.
    Conflict { message: String, message_zh: String },
    /// The record's state does not allow this transition.
    InvalidState { message: String, message_zh: String },
    /// The query document was refused before execution (syntax, validation, a limit), with the measure it broke.
    QueryRejected { reason: &'static str, message: String, message_zh: String, measure: Option<Measure> },
    /// The database cannot be reached now; the request changed nothing and may be retried.
    Unavailable,
    /// The request ran past its deadline and was cancelled; whatever it was writing was rolled back.
    Timeout { seconds: u64 },
    /// The client spent its budget of query points for the window; it may try again after `retry_after` seconds.
    RateLimited { retry_after: u64 },
    /// The request named a persisted query (by its sha256) that this server does not hold: send the document with
    /// the hash once.
    PersistedQueryNotFound,
    /// Anything the client cannot fix; logged, never shown.
    Internal(Arc<dyn std::error::Error + Send + Sync>),
}

/// What a document measured against the limit it broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub value: usize,
    pub budget: usize,
}

/// An error as a client sees it.
pub struct ClientView {
    pub message: String,
    pub extensions: Map<String, Value>,
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
            Error::NotFound { .. } | Error::PathNotFound { .. } => "NOT_FOUND",
            Error::Conflict { .. } => "CONFLICT",
            Error::InvalidState { .. } => "INVALID_STATE",
            Error::QueryRejected { .. } => "QUERY_REJECTED",
            Error::Unavailable => "UNAVAILABLE",
            Error::Timeout { .. } => "TIMEOUT",
            Error::RateLimited { .. } => "RATE_LIMITED",
            Error::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Error::Internal(_) => "INTERNAL",
        }
    }

    /// The English and Chinese messages; for an internal error, only a request id to quote.
    pub(crate) fn messages(&self, request_id: &str) -> (String, String) {
        match self {
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
            Error::NotFound { kind } => {
                (format!("{} not found", kind.label_en()), format!("未找到该{}", kind.label_zh()))
            }
            Error::PathNotFound { path } => (
                format!("nothing is served at {path}: see /graphql for the API and /data/ for the downloads"),
                format!("该地址无内容：{path}；接口见 /graphql，数据下载见 /data/"),
            ),
            Error::Unavailable => (
                "the database is unavailable; nothing was changed, try again shortly".to_owned(),
                "数据库暂时不可用，未作任何更改，请稍后重试".to_owned(),
            ),
            Error::Timeout { seconds } => (
                format!("the request ran past its {seconds}-second deadline and was cancelled; nothing was changed"),
                format!("请求超过{seconds}秒时限，已取消，未作任何更改"),
            ),
            Error::RateLimited { retry_after } => (
                format!("the budget of query points for this window is spent; try again in {retry_after} s"),
                format!("本时段的查询点数已用完，请于{retry_after}秒后重试"),
            ),
            // Apollo clients recognise the message itself, and then send the document.
            Error::PersistedQueryNotFound => (
                "PersistedQueryNotFound".to_owned(),
                "未找到该持久化查询：请连同查询文档及其 sha256 重新发送一次".to_owned(),
            ),
            Error::Internal(_) => (
                format!("internal error; quote request id {request_id} when reporting it"),
                format!("服务器内部错误；报告时请提供请求编号 {request_id}"),
            ),
        }
    }

    /// What the client of request `request_id` is told. An internal error is logged here, with that id.
    pub fn client_view(&self, request_id: &str) -> ClientView {
        if let Error::Internal(source) = self {
            tracing::error!(request_id = %request_id, error = %source, "internal error");
        }
        let (message, message_zh) = self.messages(request_id);
        let mut extensions = Map::new();
        extensions.insert("code".into(), json!(self.code()));
        extensions.insert("messageZh".into(), json!(message_zh));
        match self {
            Error::Unauthenticated { reason } => {
                extensions.insert("reason".into(), json!(reason));
            }
            Error::QueryRejected { reason, measure, .. } => {
                extensions.insert("reason".into(), json!(reason));
                if let Some(Measure { value, budget }) = measure {
                    extensions.insert("value".into(), json!(value));
                    extensions.insert("budget".into(), json!(budget));
                }
            }
            Error::RateLimited { retry_after } => {
                extensions.insert("retryAfter".into(), json!(retry_after));
            }
            Error::BadUserInput { field, violation } => {
                extensions.insert("field".into(), json!(field));
                extensions.insert("rule".into(), json!(violation.rule));
            }
            Error::Internal(_) => {
                extensions.insert("requestId".into(), json!(request_id));
            }
            _ => {}
        }
        ClientView { message, extensions }
    }

    /// The error as an entry of a response's `errors`, for refusals the HTTP layer makes before GraphQL runs.
    pub fn to_json(&self, request_id: &str) -> Value {
        let view = self.client_view(request_id);
        json!({ "message": view.message, "extensions": view.extensions })
    }
}

/// The English client message (for an internal error, no internal text).
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Internal(_) => f.write_str("internal error"),
            other => f.write_str(&other.messages("-").0),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Internal(source) => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<IllegalTransition> for Error {
    fn from(error: IllegalTransition) -> Self {
        Error::InvalidState { message: error.message, message_zh: error.message_zh }
    }
}

impl From<InvalidField> for Error {
    fn from(error: InvalidField) -> Self {
        Error::BadUserInput { field: error.field, violation: error.violation }
    }
}

/// A uniqueness rule of the database, hit by a write: what it means to the client. Every rule the database enforces
/// is known here, so a write racing another for the same code or the same estate gets the same answer as one that
/// came second.
impl From<UniqueRule> for Error {
    fn from(rule: UniqueRule) -> Self {
        let conflict = |message: &str, message_zh: &str| Error::Conflict {
            message: message.to_owned(),
            message_zh: message_zh.to_owned(),
        };
        let invalid_state = |message: &str, message_zh: &str| Error::InvalidState {
            message: message.to_owned(),
            message_zh: message_zh.to_owned(),
        };
        match rule {
            UniqueRule::CountyCode => conflict("a county with this code exists already", "该代码的县已存在"),
            UniqueRule::TownCode => conflict("a town with this code exists already", "该代码的镇已存在"),
            UniqueRule::CommunityCode => conflict("a community with this code exists already", "该代码的社区已存在"),
            UniqueRule::EstateCode => conflict("this estate code was handed out already", "该小区编码已被使用"),
            UniqueRule::EnterpriseCreditCode => {
                conflict("an enterprise with this credit code is registered already", "该统一社会信用代码的企业已登记")
            }
            UniqueRule::BondPerContract => conflict("the contract has a performance bond already", "该合同已有履约金"),
            UniqueRule::OpenContractPerEstate => invalid_state(
                "the estate already has a contract that is not TERMINATED; terminate it first",
                "该小区已有未终止的物业服务合同，须先终止原合同",
            ),
            UniqueRule::ActiveCommitteePerEstate => invalid_state(
                "the estate already has an active committee; dissolve it first",
                "该小区已有履职中的委员会，须先解散",
            ),
            UniqueRule::CreditRuleCode => {
                conflict("a credit rule with this code exists already", "该代码的信用规则已存在")
            }
            UniqueRule::ScoringPerDay => {
                conflict("scoring parameters taking effect on this day exist already", "该日生效的评分参数已存在")
            }
            UniqueRule::PendingObjectionPerRecord => invalid_state(
                "the record has a pending objection already; wait for the county's decision",
                "该信用记录已有待处理的异议，请等待县主管部门处理",
            ),
            UniqueRule::ResultPerSubject => {
                conflict("a subject appears twice in the results", "考核结果中同一对象出现多次")
            }
            UniqueRule::FundAccountPerEstate => {
                conflict("the estate has a maintenance fund account already", "该小区已开立专项维修资金账户")
            }
            UniqueRule::DisclosurePerPeriod => conflict(
                "this period has a disclosure already; revise it, or correct it once published",
                "该期间已有公示，请修改草稿，或在公示后更正",
            ),
            UniqueRule::ExitWarningPerContract => {
                conflict("an exit warning was filed on this contract already", "该合同已提交过退出预警")
            }
            UniqueRule::HandoverPerContract => conflict("this contract has a handover already", "该合同已启动移交"),
            UniqueRule::ActiveEmergencyPerEstate => invalid_state(
                "the estate has an active emergency period already (at most one at a time)",
                "该小区已有实施中的应急管理（同一时间至多一期）",
            ),
            UniqueRule::TicketPerChannel => {
                conflict("this work order was received already on this channel", "该渠道的此工单已受理")
            }
            UniqueRule::TimeLimitPerDay => conflict(
                "this category has a time limit taking effect that day already",
                "该类别当日生效的办理时限已存在",
            ),
            UniqueRule::RectificationNoticeNumber => {
                conflict("a rectification notice with this number exists already", "该编号的整改通知已存在")
            }
            UniqueRule::EnforcementCaseNumber => {
                conflict("an enforcement case with this number exists already", "该编号的查处案件已存在")
            }
            UniqueRule::TenderNumber => conflict("a tender with this number exists already", "该编号的招标已存在"),
            UniqueRule::BidPerEnterprise => {
                conflict("this enterprise has bid in this tender already", "该企业已对本次招标投标")
            }
            UniqueRule::CommitteePerElection => {
                conflict("a committee was filed from this election already", "已根据该选举决定办理过业委会备案")
            }
        }
    }
}

/// A database error is internal, unless it is one of the uniqueness rules the client can act on.
/// Whether `error` says the database cannot be reached (now), rather than that the statement was wrong: a pool
/// that gives no connection, a connection lost, or PostgreSQL shutting down or starting up (SQLSTATE classes 08 and
/// 57P).
fn is_unavailable(error: &sea_orm::DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    use sea_orm::{DbErr, RuntimeErr};
    let sqlx = match error {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        DbErr::Conn(_) => return true,
        _ => return false,
    };
    match sqlx.as_ref() {
        Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed | Sqlx::Tls(_) => true,
        Sqlx::Database(db) => db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// Whether PostgreSQL refused a text it cannot store (a NUL character: SQLSTATE 22021 or 22P05), which a GraphQL
/// string escape (`\u0000`) can carry past the endpoint's own check.
fn is_unstorable_text(error: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = error else { return false };
    matches!(e.as_ref(), sea_orm::sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "22021" || c == "22P05"))
}

impl From<sea_orm::DbErr> for Error {
    fn from(error: sea_orm::DbErr) -> Self {
        if is_unavailable(&error) {
            tracing::warn!(error = %error, "database unavailable");
            return Error::Unavailable;
        }
        if is_unstorable_text(&error) {
            let violation = RuleViolation::new(
                "no-nul",
                "text may not contain the NUL character (U+0000)",
                "文本不能包含空字符（U+0000）",
            );
            return Error::bad_input("input", violation);
        }
        match UniqueRule::violated_by(&error) {
            Some(rule) => Error::from(rule),
            None => Error::internal(error),
        }
    }
}

impl From<Error> for async_graphql::Error {
    fn from(error: Error) -> Self {
        let view = error.client_view(&current_request_id());
        async_graphql::Error::new(view.message).extend_with(|_, ext| {
            for (name, value) in view.extensions {
                ext.set(name, async_graphql::Value::from_json(value).unwrap_or_default());
            }
        })
    }
}
