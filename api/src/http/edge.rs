//! What every request passes through, whatever it asks for: a request id (in the `x-request-id` header, in every
//! log line and in INTERNAL errors), a tracing span that the request's service operations and SQL statements nest
//! under, refusals in the one error shape, and the answer for an address nothing serves — the site's styled 404
//! for a reader, the JSON error for the API's paths.

use super::AppState;
use super::media::Media;
use crate::domain::RuleViolation;
use crate::error::{Error, REQUEST_ID, current_request_id};
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::Instrument;

/// Paths of the API (machines' addresses): what they do not serve is told as a JSON error, never as a web page.
const API_PATHS: [&str; 5] = ["/graphql", "/data/", "/catalog", "/metrics", "/schema.graphql"];

/// A new request id: the process's start time and a counter, unique across restarts and short to quote.
fn new_request_id() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    static BOOT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    let boot = *BOOT
        .get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()));
    format!("{boot:x}-{:06x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Runs `req` through `next` inside its request id and span; turns whatever the routes refuse (an unknown path, a
/// method they do not take) into the one error shape, and stamps `x-request-id` on every answer.
pub async fn around<E: Endpoint>(next: std::sync::Arc<E>, req: Request, state: AppState) -> poem::Result<Response> {
    let request_id = new_request_id();
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %req.method(),
        path = %req.uri().path(),
        operation = tracing::field::Empty,
        errors = tracing::field::Empty,
        status = tracing::field::Empty,
    );
    let (path, query) = (req.uri().path().to_owned(), req.uri().query().unwrap_or_default().to_owned());
    let wants_page = wants_page(&req);
    let started = std::time::Instant::now();
    let handled = REQUEST_ID.scope(request_id.clone(), next.call(req).instrument(span.clone())).await;
    let mut response = match handled {
        Ok(response) => response.into_response(),
        Err(error) => {
            let status = error.status();
            REQUEST_ID.sync_scope(request_id.clone(), || refused_by_routes(status, (&path, &query), wants_page, &state))
        }
    };
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", id);
    }
    // The request's log line, written before the answer leaves (a span's close may come later: whatever still
    // holds a handle to it, such as a database driver's thread, delays it).
    let status = response.status().as_u16();
    span.record("status", status);
    let elapsed_ms = started.elapsed().as_millis() as u64;
    span.in_scope(|| tracing::info!(status, elapsed_ms, "answered"));
    Ok(response)
}

/// Whether the request is a reader's (a browser's) rather than a machine's: a browser, which asks for HTML first,
/// on any path (a reader who follows a link to a download that is gone gets a page, never JSON); on the site's own
/// paths, anything not asking for JSON alone.
fn wants_page(req: &Request) -> bool {
    let path = req.uri().path();
    let api = API_PATHS.iter().any(|prefix| path == prefix.trim_end_matches('/') || path.starts_with(prefix));
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("*/*");
    accept.contains("text/html") || (!api && !accept.contains("json"))
}

/// The answer for what the routes refused with `status`.
fn refused_by_routes(status: StatusCode, (path, query): (&str, &str), wants_page: bool, state: &AppState) -> Response {
    match status {
        StatusCode::NOT_FOUND if wants_page => page_not_found(state, path, query),
        StatusCode::NOT_FOUND => refuse(status, &Error::PathNotFound { path: path.to_owned() }, Media::Json),
        StatusCode::METHOD_NOT_ALLOWED => {
            let violation = RuleViolation::new(
                "method-allowed",
                "this address does not take this HTTP method",
                "该地址不接受此 HTTP 方法",
            );
            refuse(status, &Error::bad_input("method", violation), Media::Json)
        }
        _ => refuse(status, &Error::Internal(std::sync::Arc::new(poem::Error::from_status(status))), Media::Json),
    }
}

/// The site's styled 404 page for `path`.
fn page_not_found(state: &AppState, path: &str, query: &str) -> Response {
    let page = state.site.context(&state.schema, &state.db, path, query).not_found();
    super::page::html(StatusCode::NOT_FOUND, page)
}

/// What a handler answers for a name it does not serve under its route (an unknown stylesheet, say): the page or
/// the JSON error, as for an unknown path.
pub fn not_found(req: &Request, state: &AppState) -> Response {
    let path = req.uri().path();
    if wants_page(req) {
        page_not_found(state, path, req.uri().query().unwrap_or_default())
    } else {
        refuse(StatusCode::NOT_FOUND, &Error::PathNotFound { path: path.to_owned() }, Media::Json)
    }
}

/// A refusal of the HTTP layer with `status`, in the shape of GraphQL errors (`{"errors": [ … ]}`), built by
/// [`Error`] like every other error, under the current request id.
pub fn refuse(status: StatusCode, error: &Error, media: Media) -> Response {
    let body = serde_json::json!({ "errors": [error.to_json(&current_request_id())] });
    Response::builder().status(status).header(header::CONTENT_TYPE, media.content_type()).body(body.to_string())
}

/// The answer when a handler panicked: INTERNAL with the request id, logged.
pub fn panicked(_: Box<dyn std::any::Any + Send>) -> Response {
    let error = Error::Internal(std::sync::Arc::new(std::io::Error::other("a handler panicked")));
    refuse(StatusCode::INTERNAL_SERVER_ERROR, &error, Media::Json)
}
