//! The GraphQL endpoint. Our own handlers check method, content type, size, parameters and the operation asked for
//! before anything executes (the stock async-graphql-poem endpoint accepts batches, any content type and mutations
//! over GET); `pipeline` then takes the checked request to its answer.

mod pipeline;

use super::AppState;
use super::edge::refuse;
use super::media::Media;
use crate::domain::RuleViolation;
use crate::error::Error;
use async_graphql::parser::types::OperationType;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Data;
use poem::{Body, Request, Response, handler};

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why a request is refused before it runs.
enum Refusal {
    /// A refusal of the HTTP request itself, with its status.
    Http(StatusCode, Error),
    /// A GraphQL request error (nothing executed): its status depends on the media type (GraphQL over HTTP).
    Request(Error),
}

impl Refusal {
    fn response(self, media: Media) -> Response {
        match self {
            Refusal::Http(status, error) => refuse(status, &error, media),
            Refusal::Request(error) => refuse(request_error_status(media), &error, media),
        }
    }
}

/// The status of a request error: 400 under `application/graphql-response+json`, 200 for legacy JSON clients.
fn request_error_status(media: Media) -> StatusCode {
    if media == Media::GraphqlResponse { StatusCode::BAD_REQUEST } else { StatusCode::OK }
}

/// BAD_USER_INPUT for a request that is not a GraphQL request this endpoint takes.
fn bad_input(field: &str, rule: &'static str, message: &str, message_zh: &str) -> Error {
    Error::bad_input(field, RuleViolation::new(rule, message, message_zh))
}

/// 400 with BAD_USER_INPUT: see [`bad_input`].
fn bad_request(field: &str, rule: &'static str, message: &str, message_zh: &str) -> Refusal {
    Refusal::Http(StatusCode::BAD_REQUEST, bad_input(field, rule, message, message_zh))
}

/// The operation `request` runs: the one its `operationName` names, or its only one (its type, and its name if it
/// has one). QUERY_REJECTED (a request error) when the name names no operation of the document, or when none is
/// given for a document of several. `Ok(None)` for a document that does not parse: the schema tells the client
/// why, in its own words.
fn operation(request: &async_graphql::Request) -> Result<Option<(OperationType, Option<String>)>, Refusal> {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else { return Ok(None) };
    let rejected = |reason, message: String, message_zh: String| {
        Refusal::Request(Error::QueryRejected { reason, message, message_zh, measure: None })
    };
    let mut operations = document.operations.iter();
    let operation = match &request.operation_name {
        Some(name) => operations.find(|(n, _)| n.is_some_and(|n| n.as_str() == name)).ok_or_else(|| {
            rejected(
                "UNKNOWN_OPERATION",
                format!("the document has no operation named {name}"),
                format!("文档中没有名为 {name} 的操作"),
            )
        })?,
        None => match (operations.next(), operations.next()) {
            (Some(only), None) => only,
            (Some(_), Some(_)) => {
                return Err(rejected(
                    "OPERATION_NAME_REQUIRED",
                    "the document has several operations: name the one to run in operationName".to_owned(),
                    "文档包含多个操作，请用 operationName 指明要执行的操作".to_owned(),
                ));
            }
            (None, _) => return Ok(None),
        },
    };
    Ok(Some((operation.1.node.ty, operation.0.map(|name| name.to_string()))))
}

/// Completes a parsed request: the document of a persisted query filled in, and the operation it runs found (and
/// named in the request's span); whether that operation is a mutation.
fn prepare(state: &AppState, request: &mut async_graphql::Request) -> Result<bool, Refusal> {
    state.persisted.resolve(request).map_err(|error| match error {
        // "Not found" is an Apollo client's cue to send the document: a 200 for JSON clients, as they expect.
        Error::PersistedQueryNotFound => Refusal::Request(error),
        other => Refusal::Http(StatusCode::BAD_REQUEST, other),
    })?;
    let Some((ty, name)) = operation(request)? else { return Ok(false) };
    if let Some(name) = &name {
        tracing::Span::current().record("operation", name.as_str());
    }
    Ok(ty == OperationType::Mutation)
}

/// BAD_USER_INPUT naming a request parameter that is missing or not of its type (GraphQL over HTTP, "Request
/// Parameters").
fn bad_parameter(parameter: &str, expected: &str, expected_zh: &str) -> Refusal {
    bad_request(
        parameter,
        "graphql-request",
        &format!("the request parameter {parameter} must be {expected}"),
        &format!("请求参数 {parameter} 应为{expected_zh}"),
    )
}

/// Checks the parameters of a GraphQL request: `query` a string; `variables` and `extensions` maps or null;
/// `operationName` a string or null.
fn check_parameters(body: &serde_json::Map<String, serde_json::Value>) -> Result<(), Refusal> {
    use serde_json::Value;
    // A persisted query may come as its hash alone (`extensions.persistedQuery`).
    let persisted = body.get("extensions").and_then(|e| e.get("persistedQuery")).is_some();
    let query_given = match body.get("query") {
        Some(Value::String(_)) => true,
        None => persisted,
        Some(_) => false,
    };
    if !query_given {
        return Err(bad_parameter("query", "a string holding the GraphQL document", "包含 GraphQL 文档的字符串"));
    }
    for name in ["variables", "extensions"] {
        if !matches!(body.get(name), None | Some(Value::Null) | Some(Value::Object(_))) {
            return Err(bad_parameter(name, "an object (a map) or null", "对象或 null"));
        }
    }
    if !matches!(body.get("operationName"), None | Some(Value::Null) | Some(Value::String(_))) {
        return Err(bad_parameter("operationName", "a string or null", "字符串或 null"));
    }
    // No text anywhere may hold the NUL character: PostgreSQL cannot store it, and no name or address has one.
    fn has_nul(value: &Value) -> bool {
        match value {
            Value::String(text) => text.contains('\0'),
            Value::Array(items) => items.iter().any(has_nul),
            Value::Object(map) => map.iter().any(|(key, value)| key.contains('\0') || has_nul(value)),
            _ => false,
        }
    }
    if let Some((name, _)) = body.iter().find(|(_, value)| has_nul(value)) {
        return Err(bad_request(
            name,
            "no-nul",
            "text may not contain the NUL character (U+0000)",
            "文本不能包含空字符（U+0000）",
        ));
    }
    Ok(())
}

/// `GET /graphql`: the explorer for a browser; otherwise a query (never a mutation) from the URL parameters.
#[handler]
pub async fn get(req: &Request, Data(state): Data<&AppState>) -> Response {
    let media = Media::negotiate(req);
    let query_string = req.uri().query().unwrap_or("");
    let wants_html =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if wants_html && !query_string.split('&').any(|pair| pair.starts_with("query=")) {
        return super::explorer::page();
    }
    let prepared = request_from_url(query_string).and_then(|mut request| {
        let mutation = prepare(state, &mut request)?;
        Ok((request, mutation))
    });
    match prepared {
        Ok((_, true)) => {
            let error =
                bad_input("query", "mutation-over-get", "mutations are sent with POST", "变更操作须使用 POST 提交");
            let mut response = refuse(StatusCode::METHOD_NOT_ALLOWED, &error, media);
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            response
        }
        Ok((request, false)) => pipeline::execute(state, req, request, false, media).await,
        Err(refusal) => refusal.response(media),
    }
}

/// `POST /graphql`: one JSON-encoded operation, at most 64 KiB.
#[handler]
pub async fn post(req: &Request, body: Body, Data(state): Data<&AppState>) -> Response {
    let media = Media::negotiate(req);
    let prepared = match request_from_body(req, body).await {
        Ok(mut request) => prepare(state, &mut request).map(|mutation| (request, mutation)),
        Err(refusal) => Err(refusal),
    };
    match prepared {
        Ok((request, mutation)) => pipeline::execute(state, req, request, mutation, media).await,
        Err(refusal) => refusal.response(media),
    }
}

/// The request that the URL's parameters make: `query`, `variables` and `extensions` (JSON), `operationName`.
fn request_from_url(query_string: &str) -> Result<async_graphql::Request, Refusal> {
    // The URL parameters as a request body would hold them: `variables` and `extensions` are JSON in the URL.
    let mut parameters = serde_json::Map::new();
    for (name, value) in serde_urlencoded::from_str::<Vec<(String, String)>>(query_string).unwrap_or_default() {
        let value = match name.as_str() {
            "variables" | "extensions" => serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value)),
            _ => serde_json::Value::String(value),
        };
        parameters.insert(name, value);
    }
    check_parameters(&parameters)?;
    // Read like a body (async-graphql's own `parse_query_string` looks for `operation_name`, not `operationName`).
    serde_json::from_value(serde_json::Value::Object(parameters)).map_err(|_| {
        bad_request(
            "query",
            "get-parameters",
            "GET /graphql takes the parameters query, variables (JSON) and operationName",
            "GET /graphql 接受参数 query、variables（JSON）和 operationName",
        )
    })
}

/// The request a POST body holds: JSON (by its content type), at most 64 KiB, one operation.
async fn request_from_body(req: &Request, body: Body) -> Result<async_graphql::Request, Refusal> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let is_json = content_type.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        let error = bad_input(
            "content-type",
            "json-content-type",
            "POST /graphql takes Content-Type: application/json",
            "POST /graphql 的 Content-Type 须为 application/json",
        );
        return Err(Refusal::Http(StatusCode::UNSUPPORTED_MEDIA_TYPE, error));
    }
    let bytes = body.into_bytes_limit(MAX_BODY_BYTES).await.map_err(|error| match error {
        poem::error::ReadBodyError::PayloadTooLarge => {
            let error = bad_input("body", "body-size", "request bodies are limited to 64 KiB", "请求体不能超过 64 KiB");
            Refusal::Http(StatusCode::PAYLOAD_TOO_LARGE, error)
        }
        _ => bad_request("body", "body-readable", "unreadable body", "无法读取请求体"),
    })?;
    let not_a_request = || {
        bad_request(
            "body",
            "graphql-request",
            "the body is not a GraphQL request: {\"query\": \"…\", \"variables\": {…}, \"operationName\": \"…\"}",
            "请求体不是 GraphQL 请求",
        )
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Array(_)) => Err(bad_request(
            "body",
            "one-operation",
            "batched requests are not accepted: send one operation per request",
            "不接受批量请求：每个请求只发送一个操作",
        )),
        Ok(serde_json::Value::Object(body)) => {
            check_parameters(&body)?;
            serde_json::from_value::<async_graphql::Request>(serde_json::Value::Object(body))
                .map_err(|_| not_a_request())
        }
        _ => Err(not_a_request()),
    }
}
