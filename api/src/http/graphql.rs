//! The GraphQL endpoint. One handler of ours checks method, content type, size and operation type before anything
//! executes (the stock async-graphql-poem endpoint accepts batches, any content type and mutations over GET), then
//! runs the request with fresh per-request loaders under a request id.

use super::AppState;
use super::conditional;
use super::media::Media;
use super::response_cache::{self, Answer, Generation, ResponseCache};
use crate::auth::Actor;
use crate::domain::RuleViolation;
use crate::error::{Error, REQUEST_ID};
use crate::graphql;
use crate::graphql::limits::Cost;
use crate::ratelimit::{Budget, Client, client_ip};
use crate::service::revocation;
use async_graphql::parser::types::OperationType;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::web::Data;
use poem::{Body, Request, Response, handler};
use serde_json::json;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

fn new_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static BOOT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let boot = *BOOT
        .get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    format!("{boot:x}-{:06x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// An HTTP-level refusal, made before GraphQL runs, in the same error shape as GraphQL errors.
fn refuse(status: StatusCode, error: Error, request_id: &str, media: Media) -> Response {
    let body = json!({ "errors": [error.to_json(request_id)] });
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, media.content_type())
        .header("x-request-id", request_id)
        .body(body.to_string())
}

/// BAD_USER_INPUT for a request that is not a GraphQL request this endpoint takes.
fn bad_request(field: &str, rule: &'static str, message: &str, message_zh: &str) -> Error {
    Error::bad_input(field, RuleViolation::new(rule, message, message_zh))
}

fn is_mutation(request: &async_graphql::Request) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else { return false };
    let operation = match &request.operation_name {
        Some(name) => document.operations.iter().find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
        None => document.operations.iter().next(),
    };
    operation.is_some_and(|(_, op)| op.node.ty == OperationType::Mutation)
}

/// Why a request's token could not be accepted.
enum Refusal {
    /// The token is not valid; the reason code is told to the client.
    Token(&'static str),
    /// The revocation lists could not be read; the client gets INTERNAL, never a false "invalid token".
    Unavailable(Error),
}

impl From<&'static str> for Refusal {
    fn from(reason: &'static str) -> Self {
        Refusal::Token(reason)
    }
}

/// The actor of the `Authorization: Bearer` token, `None` without one, or why it is refused.
async fn authenticate(state: &AppState, req: &Request) -> Result<Option<Actor>, Refusal> {
    let Some(header) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let text = header.to_str().map_err(|_| "MALFORMED_AUTHORIZATION")?;
    let (scheme, token) = text.split_once(' ').ok_or("MALFORMED_AUTHORIZATION")?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(Refusal::Token("MALFORMED_AUTHORIZATION"));
    }
    let verified = state.verifier.verify(token.trim(), chrono::Utc::now().timestamp())?;
    let revoked =
        revocation::is_revoked(&state.db, verified.jti.as_deref(), &verified.actor.subject, verified.issued_at).await;
    match revoked {
        Ok(false) => Ok(Some(verified.actor)),
        Ok(true) => Err(Refusal::Token("REVOKED")),
        Err(error) => Err(Refusal::Unavailable(error)),
    }
}

/// Whether `response` is a request error: nothing executed (the document did not parse or validate, its variables
/// did not coerce, or it broke a limit), as opposed to an execution that raised field errors.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.extensions.as_ref().and_then(|x| x.get("code")) == Some(&async_graphql::Value::from("QUERY_REJECTED"))
        })
}

async fn execute(
    state: &AppState,
    req: &Request,
    request: async_graphql::Request,
    request_id: String,
    media: Media,
) -> Response {
    let started = Instant::now();
    let actor = match authenticate(state, req).await {
        Ok(actor) => actor,
        Err(Refusal::Unavailable(error)) => return refuse(StatusCode::SERVICE_UNAVAILABLE, error, &request_id, media),
        Err(Refusal::Token(reason)) => {
            tracing::info!(request_id = %request_id, reason, "token refused");
            let mut response = refuse(StatusCode::UNAUTHORIZED, Error::Unauthenticated { reason }, &request_id, media);
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            return response;
        }
    };
    // The client's budget: spent, and it waits for the window to turn.
    let client = match &actor {
        Some(actor) => Client::Staff(actor.subject.clone()),
        None => {
            let remote = req.remote_addr().as_socket_addr().map(|a| a.ip());
            let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
            let ip = client_ip(remote, forwarded, &state.trusted_proxies);
            Client::Public(ip.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)))
        }
    };
    let client_is_staff = matches!(client, Client::Staff(_));
    let kind = if client_is_staff { "staff" } else { "public" };
    let budget = state.limiter.spend(&client, 0).await;
    if budget.remaining == 0 {
        state.metrics.rate_limited(kind);
        let retry_after = budget.reset;
        let mut response =
            refuse(StatusCode::TOO_MANY_REQUESTS, Error::RateLimited { retry_after }, &request_id, media);
        with_budget(&mut response, budget);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        return response;
    }
    // An anonymous read is tagged with the data version, and answered from the cache when it holds it.
    let keep = match actor.is_none().then_some(state.cache.as_ref()).flatten() {
        Some(cache) => match cached(state, cache, req, &request, &client, &request_id, media).await {
            Ok(keep) => keep,
            Err(answered) => return answered,
        },
        None => None,
    };
    let cost = Cost::default();
    let operation = request.operation_name.clone();
    let run = graphql::answer(&state.schema, &state.db, request.data(cost.clone()), actor);
    let measured = state.metrics.graphql(operation.as_deref(), run, graphql::Answer::error_code);
    let timed = tokio::time::timeout(state.deadline, measured);
    // Past the deadline the request's future is dropped, and with it any transaction it holds: rolled back.
    let Ok(answer) = REQUEST_ID.scope(request_id.clone(), timed).await else {
        let seconds = state.deadline.as_secs();
        tracing::warn!(request_id = %request_id, seconds, "request cancelled at its deadline");
        state.metrics.timed_out(operation.as_deref());
        return refuse(StatusCode::SERVICE_UNAVAILABLE, Error::Timeout { seconds }, &request_id, media);
    };
    let (body, errors, request_error) = match answer {
        graphql::Answer::Direct(body) => {
            state.metrics.direct_answer();
            (body, 0, false)
        }
        graphql::Answer::Executed(response) => {
            let request_error = is_request_error(&response);
            // Serialized once, straight to bytes. A request refused before execution has no data at all, not
            // `"data": null` (GraphQL spec, "Response").
            let body = if request_error {
                serde_json::to_vec(&RequestErrors { errors: &response.errors, extensions: &response.extensions })
            } else {
                serde_json::to_vec(&response)
            };
            (body.unwrap_or_else(|_| b"{}".to_vec()), response.errors.len(), request_error)
        }
    };
    let body = bytes::Bytes::from(body);
    // GraphQL over HTTP: 400 for a request error under the new media type; legacy JSON clients get 200.
    let status =
        if request_error && media == Media::GraphqlResponse { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    tracing::info!(request_id = %request_id, errors, elapsed_ms = started.elapsed().as_millis() as u64, "graphql");
    let cost = cost.get().max(1) as u64;
    let budget = state.limiter.spend(&client, cost).await;
    let mut answer = answer_response(status, body.clone(), media, request_id);
    match keep {
        // An answer without errors is the answer to this request at this version: kept and tagged.
        Some(Keep { cache, generation, key, tag }) if errors == 0 => {
            cache.put(generation, key, Answer { body, cost });
            public(&mut answer, &tag, &state.cdn_cache_control);
        }
        _ => {
            let private = if client_is_staff { "private, no-store" } else { "no-store" };
            answer.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(private));
        }
    }
    with_budget(&mut answer, budget);
    answer
}

/// The body of a request error: its errors and no `data`.
#[derive(serde::Serialize)]
struct RequestErrors<'a> {
    errors: &'a [async_graphql::ServerError],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// A GraphQL answer of `body`.
fn answer_response(status: StatusCode, body: bytes::Bytes, media: Media, request_id: String) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, media.content_type())
        .header("x-request-id", request_id)
        .body(body)
}

/// Where an anonymous answer goes once computed: into `cache`, at the generation its request was looked up at.
struct Keep<'a> {
    cache: &'a ResponseCache,
    generation: Generation,
    key: response_cache::Key,
    tag: String,
}

/// An anonymous request against the cache: a 304 when the client holds this version of the answer, the kept answer
/// when there is one (either as `Err`, the request answered), or where to keep the answer once computed (`None` for
/// a mutation, which is never kept).
async fn cached<'a>(
    state: &AppState,
    cache: &'a ResponseCache,
    req: &Request,
    request: &async_graphql::Request,
    client: &Client,
    request_id: &str,
    media: Media,
) -> Result<Option<Keep<'a>>, Response> {
    let version = match tokio::time::timeout(state.deadline, state.versions.now()).await {
        Ok(Ok(version)) => version,
        Ok(Err(error)) => return Err(refuse(StatusCode::SERVICE_UNAVAILABLE, error, request_id, media)),
        Err(_) => {
            let error = Error::Timeout { seconds: state.deadline.as_secs() };
            return Err(refuse(StatusCode::SERVICE_UNAVAILABLE, error, request_id, media));
        }
    };
    let key = response_cache::key(request);
    let generation = Generation::of(version);
    let tag = conditional::etag(version, &[&key]);
    let (outcome, mut response, cost) = if req.method() == Method::GET && conditional::fresh(req, &tag) {
        let response = Response::builder().status(StatusCode::NOT_MODIFIED).header("x-request-id", request_id).finish();
        ("not_modified", response, 1)
    } else if let Some(answer) = cache.get(generation, &key) {
        ("hit", answer_response(StatusCode::OK, answer.body, media, request_id.to_owned()), answer.cost)
    } else {
        state.metrics.response_cache("miss");
        return Ok((!is_mutation(request)).then_some(Keep { cache, generation, key, tag }));
    };
    state.metrics.response_cache(outcome);
    let budget = state.limiter.spend(client, cost).await;
    public(&mut response, &tag, &state.cdn_cache_control);
    with_budget(&mut response, budget);
    Err(response)
}

/// The validators and caching rules of an anonymous answer tagged `tag` (`cache_control`:
/// [`conditional::public_cache_control`]).
fn public(response: &mut Response, tag: &str, cache_control: &HeaderValue) {
    let headers = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(tag) {
        headers.insert(header::ETAG, tag);
    }
    headers.insert(header::CACHE_CONTROL, cache_control.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept, authorization"));
}

/// The `RateLimit-*` headers of `budget`.
fn with_budget(response: &mut Response, budget: Budget) {
    let headers = response.headers_mut();
    headers.insert("ratelimit-limit", HeaderValue::from(budget.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(budget.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(budget.reset));
}

/// BAD_USER_INPUT naming a request parameter that is missing or not of its type (GraphQL over HTTP, "Request
/// Parameters").
fn bad_parameter(parameter: &str, expected: &str, expected_zh: &str) -> Error {
    bad_request(
        parameter,
        "graphql-request",
        &format!("the request parameter {parameter} must be {expected}"),
        &format!("请求参数 {parameter} 应为{expected_zh}"),
    )
}

/// Checks the parameters of a GraphQL request: `query` a string; `variables` and `extensions` maps or null;
/// `operationName` a string or null.
fn check_parameters(body: &serde_json::Map<String, serde_json::Value>) -> Result<(), Error> {
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
    let request_id = new_request_id();
    let media = Media::negotiate(req);
    let query_string = req.uri().query().unwrap_or("");
    let wants_html =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    if wants_html && !query_string.split('&').any(|pair| pair.starts_with("query=")) {
        return super::explorer::page();
    }
    // The URL parameters as a request body would hold them: `variables` and `extensions` are JSON in the URL.
    let mut parameters = serde_json::Map::new();
    for (name, value) in url_parameters(query_string) {
        let value = match name.as_str() {
            "variables" | "extensions" => serde_json::from_str(&value).unwrap_or(serde_json::Value::String(value)),
            _ => serde_json::Value::String(value),
        };
        parameters.insert(name, value);
    }
    if let Err(error) = check_parameters(&parameters) {
        return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
    }
    let mut request = match async_graphql::http::parse_query_string(query_string) {
        Ok(request) => request,
        Err(_) => {
            let error = bad_request(
                "query",
                "get-parameters",
                "GET /graphql takes the parameters query, variables (JSON) and operationName",
                "GET /graphql 接受参数 query、variables（JSON）和 operationName",
            );
            return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
        }
    };
    if let Some(refusal) = resolve_persisted(state, &mut request, &request_id, media) {
        return refusal;
    }
    if is_mutation(&request) {
        let error =
            bad_request("query", "mutation-over-get", "mutations are sent with POST", "变更操作须使用 POST 提交");
        let mut response = refuse(StatusCode::METHOD_NOT_ALLOWED, error, &request_id, media);
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(state, req, request, request_id, media).await
}

/// The URL's parameters, percent-decoded.
fn url_parameters(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

/// `POST /graphql`: one JSON-encoded operation, at most 64 KiB.
#[handler]
pub async fn post(req: &Request, body: Body, Data(state): Data<&AppState>) -> Response {
    let request_id = new_request_id();
    let media = Media::negotiate(req);
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let is_json = content_type.split(';').next().is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        let error = bad_request(
            "content-type",
            "json-content-type",
            "POST /graphql takes Content-Type: application/json",
            "POST /graphql 的 Content-Type 须为 application/json",
        );
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, error, &request_id, media);
    }
    let bytes = match body.into_bytes_limit(MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            let error =
                bad_request("body", "body-size", "request bodies are limited to 64 KiB", "请求体不能超过 64 KiB");
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, error, &request_id, media);
        }
        Err(_) => {
            let error = bad_request("body", "body-readable", "unreadable body", "无法读取请求体");
            return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
        }
    };
    let request = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Array(_)) => {
            let error = bad_request(
                "body",
                "one-operation",
                "batched requests are not accepted: send one operation per request",
                "不接受批量请求：每个请求只发送一个操作",
            );
            return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
        }
        Ok(serde_json::Value::Object(body)) => {
            if let Err(error) = check_parameters(&body) {
                return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
            }
            serde_json::from_value::<async_graphql::Request>(serde_json::Value::Object(body)).ok()
        }
        Ok(_) => None,
        Err(_) => None,
    };
    let Some(mut request) = request else {
        let error = bad_request(
            "body",
            "graphql-request",
            "the body is not a GraphQL request: {\"query\": \"…\", \"variables\": {…}, \"operationName\": \"…\"}",
            "请求体不是 GraphQL 请求",
        );
        return refuse(StatusCode::BAD_REQUEST, error, &request_id, media);
    };
    if let Some(refusal) = resolve_persisted(state, &mut request, &request_id, media) {
        return refusal;
    }
    execute(state, req, request, request_id, media).await
}

/// Fills in the document of a persisted query; the refusal when it cannot.
fn resolve_persisted(
    state: &AppState,
    request: &mut async_graphql::Request,
    request_id: &str,
    media: Media,
) -> Option<Response> {
    state.persisted.resolve(request).err().map(|error| {
        // "Not found" is an Apollo client's cue to send the document: a 200 for JSON clients, as they expect.
        let not_found = matches!(error, Error::PersistedQueryNotFound);
        let status = if not_found && media == Media::Json { StatusCode::OK } else { StatusCode::BAD_REQUEST };
        refuse(status, error, request_id, media)
    })
}
