//! One GraphQL request from a checked request to its answer, as a pipeline of named steps: who asks (the token),
//! whether their budget allows it (the rate limit), whether the answer is known already (304, the response cache),
//! the answer itself under the deadline (with its metrics and the tables it touched; the public's on the read replica
//! while it answers, writes and staff on the primary), and the answer's headers (caching rules, validators at the
//! version of the tables it read, the budget left).

use super::super::AppState;
use super::super::conditional::{Reading, Tagged};
use super::super::media::Media;
use super::super::response_cache::{self, Answer, Generation, ResponseCache};
use super::Refusal;
use crate::auth::Actor;
use crate::error::Error;
use crate::graphql;
use crate::graphql::limits::Cost;
use crate::ratelimit::{Budget, Client, client_ip};
use crate::service::revocation;
use crate::touched;
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Request, Response};
use sea_orm::DatabaseConnection;

/// Runs `request`, which the endpoint checked (`mutation`: whether its operation is one), to its answer.
pub async fn execute(
    state: &AppState,
    req: &Request,
    request: async_graphql::Request,
    mutation: bool,
    media: Media,
) -> Response {
    let actor = match authenticate(state, req).await {
        Ok(actor) => actor,
        Err(refusal) => return refusal.response(media),
    };
    let client = client_of(state, req, actor.as_ref());
    if let Err(refused) = admit(state, &client, media).await {
        return refused;
    }
    let keep = match actor.is_none().then_some(state.cache.as_ref()).flatten() {
        Some(cache) => match lookup(state, cache, req, &request, mutation, &client, media).await {
            Ok(keep) => keep,
            Err(answered) => return answered,
        },
        None => None,
    };
    let db = match (&keep, &actor) {
        // A write, and whatever staff read (they read their own writes), go to the primary.
        _ if mutation => state.db.clone(),
        (_, Some(_)) => state.db.clone(),
        (Some(keep), None) => keep.reading.db.clone(),
        (None, None) => state.conditional.public_db().await,
    };
    let cost = Cost::default();
    let answer = match answer(state, &db, request.data(cost.clone()), actor).await {
        Ok(answer) => answer,
        Err(refusal) => return refusal.response(media),
    };
    finish(state, req, answer, keep, &client, cost, media).await
}

/// Step 1, who asks: the actor of the `Authorization: Bearer` token, `None` without one, or the refusal (401 for a
/// token that is not valid; 503 when the revocation lists cannot be read, never a false "invalid token").
async fn authenticate(state: &AppState, req: &Request) -> Result<Option<Actor>, Refusal> {
    let refused = |reason: &'static str| {
        tracing::info!(reason, "token refused");
        Refusal::Http(StatusCode::UNAUTHORIZED, Error::Unauthenticated { reason })
    };
    let Some(header) = req.headers().get(header::AUTHORIZATION) else { return Ok(None) };
    let text = header.to_str().map_err(|_| refused("MALFORMED_AUTHORIZATION"))?;
    let (scheme, token) = text.split_once(' ').ok_or_else(|| refused("MALFORMED_AUTHORIZATION"))?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(refused("MALFORMED_AUTHORIZATION"));
    }
    let verified = state.verifier.verify(token.trim(), chrono::Utc::now().timestamp()).map_err(refused)?;
    let revoked =
        revocation::is_revoked(&state.db, verified.jti.as_deref(), &verified.actor.subject, verified.issued_at).await;
    match revoked {
        Ok(false) => Ok(Some(verified.actor)),
        Ok(true) => Err(refused("REVOKED")),
        Err(error) => Err(Refusal::Http(StatusCode::SERVICE_UNAVAILABLE, error)),
    }
}

/// Whose budget the request spends: a member of staff by token subject, the public by address (`X-Forwarded-For`
/// only from a trusted proxy).
fn client_of(state: &AppState, req: &Request, actor: Option<&Actor>) -> Client {
    match actor {
        Some(actor) => Client::Staff(actor.subject.clone()),
        None => {
            let remote = req.remote_addr().as_socket_addr().map(|a| a.ip());
            let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
            let ip = client_ip(remote, forwarded, &state.trusted_proxies);
            Client::Public(ip.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)))
        }
    }
}

/// Step 2, the rate limit: 429 with `Retry-After` when the client's budget for the window is spent.
async fn admit(state: &AppState, client: &Client, media: Media) -> Result<(), Response> {
    let budget = state.limiter.spend(client, 0).await;
    if budget.remaining > 0 {
        return Ok(());
    }
    state.metrics.rate_limited(if client.is_staff() { "staff" } else { "public" });
    let retry_after = budget.reset;
    let mut response = Refusal::Http(StatusCode::TOO_MANY_REQUESTS, Error::RateLimited { retry_after }).response(media);
    with_budget(&mut response, budget);
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    Err(response)
}

/// Where an anonymous answer goes once computed: into `cache`, at the version (where it was read) of the tables it
/// read, as its request found them before it began.
struct Keep<'a> {
    cache: &'a ResponseCache,
    key: response_cache::Key,
    reading: Reading,
}

/// Step 3, an anonymous request against what is known already: when an answer is kept and the tables it read have
/// not changed since, a 304 if the client holds it, else the kept answer (either as `Err`, the request answered);
/// otherwise where to keep the answer once computed (`None` for a mutation, which is never kept).
async fn lookup<'a>(
    state: &AppState,
    cache: &'a ResponseCache,
    req: &Request,
    request: &async_graphql::Request,
    mutation: bool,
    client: &Client,
    media: Media,
) -> Result<Option<Keep<'a>>, Response> {
    let key = response_cache::key(request);
    let reading = match tokio::time::timeout(state.deadline, state.conditional.public()).await {
        Ok(Ok(reading)) => reading,
        Ok(Err(error)) => return Err(Refusal::Http(StatusCode::SERVICE_UNAVAILABLE, error).response(media)),
        Err(_) => {
            let error = Error::Timeout { seconds: state.deadline.as_secs() };
            return Err(Refusal::Http(StatusCode::SERVICE_UNAVAILABLE, error).response(media));
        }
    };
    let Some(hit) = cache.get(&reading.versions, &key) else {
        state.metrics.response_cache("miss");
        return Ok((!mutation).then_some(Keep { cache, key, reading }));
    };
    let tagged = state.conditional.tagged(reading.db, hit.version, &[&key]);
    let (outcome, response, cost) = if revalidates(req, &tagged) {
        ("not_modified", tagged.not_modified(), 1)
    } else {
        ("hit", tagged.apply(body_response(StatusCode::OK, hit.answer.body, media)), hit.answer.cost)
    };
    state.metrics.response_cache(outcome);
    let mut response = vary(response);
    with_budget(&mut response, state.limiter.spend(client, cost).await);
    Err(response)
}

/// Whether `req` (a GET) names `tagged` in `If-None-Match`: the client holds it, a 304 answers.
fn revalidates(req: &Request, tagged: &Tagged) -> bool {
    req.method() == poem::http::Method::GET && tagged.fresh(req)
}

/// What the schema answered: the body, how many errors it holds, whether it is a request error (nothing executed:
/// the document did not parse or validate, its variables did not coerce, or it broke a limit), and the tables read.
struct Answered {
    body: bytes::Bytes,
    errors: usize,
    request_error: bool,
    read: response_cache::Tables,
}

/// Step 4, the answer: the schema runs the request for `actor` on `db` under the deadline (past it the request's
/// future is dropped, and with it any transaction it holds: rolled back), counted by the metrics.
async fn answer(
    state: &AppState,
    db: &DatabaseConnection,
    request: async_graphql::Request,
    actor: Option<Actor>,
) -> Result<Answered, Refusal> {
    let operation = request.operation_name.clone();
    // Every statement it runs notes its tables: what a write changed (for the audit) and what a read depends on.
    let run = touched::reads_of(graphql::answer(&state.schema, db, request, actor));
    let measured = state.metrics.graphql(operation.as_deref(), run, |(answer, _)| answer.error_code());
    let Ok((answer, read)) = tokio::time::timeout(state.deadline, measured).await else {
        let seconds = state.deadline.as_secs();
        tracing::warn!(seconds, "request cancelled at its deadline");
        state.metrics.timed_out(operation.as_deref());
        return Err(Refusal::Http(StatusCode::SERVICE_UNAVAILABLE, Error::Timeout { seconds }));
    };
    let read = response_cache::tables(read);
    Ok(match answer {
        graphql::Answer::Direct(body) => {
            state.metrics.direct_answer();
            Answered { body: body.into(), errors: 0, request_error: false, read }
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
            Answered {
                body: body.unwrap_or_else(|_| b"{}".to_vec()).into(),
                errors: response.errors.len(),
                request_error,
                read,
            }
        }
    })
}

/// Step 5, the answer's headers: GraphQL over HTTP's status (400 for a request error under the new media type;
/// legacy JSON clients get 200), kept and tagged at the version of the tables it read when it is a public answer
/// without errors (otherwise never stored; a 304 if the client holds it already), and the client charged the
/// document's cost.
async fn finish(
    state: &AppState,
    req: &Request,
    answered: Answered,
    keep: Option<Keep<'_>>,
    client: &Client,
    cost: Cost,
    media: Media,
) -> Response {
    let Answered { body, errors, request_error, read } = answered;
    tracing::Span::current().record("errors", errors);
    let status = if request_error { super::request_error_status(media) } else { StatusCode::OK };
    let cost = cost.get().max(1) as u64;
    let mut response = body_response(status, body.clone(), media);
    match keep {
        // An answer without errors is the answer to this request at this version: kept and tagged.
        Some(Keep { cache, key, reading }) if errors == 0 => {
            let version = reading.versions.of(read.iter().map(|table| &**table));
            let tagged = state.conditional.tagged(reading.db, version, &[&key]);
            cache.put(Generation::of(version), key, read, Answer { body, cost });
            response = vary(if revalidates(req, &tagged) { tagged.not_modified() } else { tagged.apply(response) });
        }
        _ => {
            let private = if client.is_staff() { "private, no-store" } else { "no-store" };
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(private));
        }
    }
    with_budget(&mut response, state.limiter.spend(client, cost).await);
    response
}

/// Whether `response` is a request error: nothing executed, as opposed to an execution that raised field errors.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.extensions.as_ref().and_then(|x| x.get("code")) == Some(&async_graphql::Value::from("QUERY_REJECTED"))
        })
}

/// The body of a request error: its errors and no `data`.
#[derive(serde::Serialize)]
struct RequestErrors<'a> {
    errors: &'a [async_graphql::ServerError],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// A GraphQL answer of `body`.
fn body_response(status: StatusCode, body: bytes::Bytes, media: Media) -> Response {
    Response::builder().status(status).header(header::CONTENT_TYPE, media.content_type()).body(body)
}

/// An anonymous answer differs by the media type asked for, and by whether a token came (then it is not kept).
fn vary(mut response: Response) -> Response {
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept, authorization"));
    response
}

/// The `RateLimit-*` headers of `budget`.
fn with_budget(response: &mut Response, budget: Budget) {
    let headers = response.headers_mut();
    headers.insert("ratelimit-limit", HeaderValue::from(budget.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(budget.remaining));
    headers.insert("ratelimit-reset", HeaderValue::from(budget.reset));
}
