//! The staff workbench's edge (README, "Staff workbench"): sign-in (the county's provider, or the demo staff),
//! sessions behind an opaque cookie (`HttpOnly`, `SameSite=Lax`, `Secure` and the `__Host-` prefix on https), a
//! CSRF token bound to the session in every form, and the security headers on every answer under `/staff`. The
//! pages themselves are `workbench`'s.

use super::AppState;
use super::page::{WORKBENCH_POLICY, html_under};
use crate::auth::oidc::SignInFailure;
use crate::service::session::{self, PendingSignIn, Session};
use crate::workbench::{Access, Reader, Signed, Upload, Values, Workbench};
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::{Data, Multipart, Path};
use poem::{Body, Endpoint, IntoResponse, Request, Response, handler};
use std::sync::Arc;

/// Largest form a workbench page posts.
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The security headers of every workbench answer: no script at all, styles from wuye only, forms posted to wuye (and
/// the provider, where sign-out sends the browser on), never framed, never cached.
pub async fn secured<E: Endpoint>(next: Arc<E>, req: Request, state: AppState) -> poem::Result<Response> {
    let mut response = next.call(req).await?.into_response();
    let provider = match &state.workbench.access {
        Access::Provider(provider) => origin(provider.issuer()).map(|o| format!(" {o}")).unwrap_or_default(),
        _ => String::new(),
    };
    let policy = format!(
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'{provider}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", policy.as_str()),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
        ("x-frame-options", "DENY"),
        ("cache-control", "no-store"),
    ] {
        // The fingerprinted stylesheet keeps its own (long) caching.
        if name == "cache-control" && headers.contains_key(name) {
            continue;
        }
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    Ok(response)
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    Some(format!("{scheme}://{}", rest.split('/').next()?))
}

/// The cookies' names and flags: `__Host-` and `Secure` when the server's public address is https.
struct Cookies {
    secure: bool,
}

const SESSION: &str = "wuye-session";
const SIGN_IN: &str = "wuye-sign-in";

impl Cookies {
    fn of(state: &AppState) -> Self {
        Cookies { secure: state.workbench.public_url.as_deref().is_some_and(|u| u.starts_with("https://")) }
    }

    fn name(&self, base: &str) -> String {
        if self.secure { format!("__Host-{base}") } else { base.to_owned() }
    }

    /// The value of cookie `base` in `req`.
    fn read(&self, req: &Request, base: &str) -> Option<String> {
        let name = self.name(base);
        req.headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_owned())
    }

    /// A `Set-Cookie` value: `value` for `max_age` seconds (0 clears it).
    fn set(&self, base: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}", self.name(base))
    }
}

fn html(status: StatusCode, body: String) -> Response {
    html_under(WORKBENCH_POLICY, status, body)
}

fn see_other(location: &str) -> Response {
    Response::builder().status(StatusCode::SEE_OTHER).header(header::LOCATION, location).finish()
}

fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The live session of `req`, if any.
async fn session_of(req: &Request, state: &AppState) -> Option<Session> {
    let key = Cookies::of(state).read(req, SESSION)?;
    match session::find(&state.db, &key, chrono::Utc::now()).await {
        Ok(found) => found,
        Err(error) => {
            tracing::error!(%error, "a workbench session could not be read");
            None
        }
    }
}

/// Sends a browser without a live session to sign in (clearing a dead cookie).
fn to_sign_in(state: &AppState) -> Response {
    with_cookie(see_other("/staff/sign-in"), Cookies::of(state).set(SESSION, "", 0))
}

fn reader<'a>(state: &'a AppState, session: &'a Session) -> Reader<'a> {
    Reader {
        schema: &state.schema,
        db: &state.db,
        signed: Signed { actor: &session.actor, csrf: &session.csrf_token, demo: session.demo },
    }
}

/// A posted form's values, when its CSRF token is the session's; otherwise the refusal (nothing is written).
async fn posted(req: &Request, body: Vec<u8>, state: &AppState, session: &Session) -> Result<Values, Response> {
    let values = Values::parse(std::str::from_utf8(&body).unwrap_or_default());
    if values.get("csrf").is_some_and(|token| session::same_secret(token, &session.csrf_token)) {
        return Ok(values);
    }
    Err(refused(req, state, session))
}

/// The answer to a post without its session's CSRF token (nothing is written).
fn refused(req: &Request, state: &AppState, session: &Session) -> Response {
    tracing::warn!(path = %req.uri().path(), "a workbench post without its session's CSRF token was refused");
    let signed = Signed { actor: &session.actor, csrf: &session.csrf_token, demo: session.demo };
    let page = state.workbench.message(
        Some(&signed),
        "已拒绝 Refused",
        "表单已过期或不是从本工作台提交的，未作任何更改。The form was stale or not sent from this workbench; nothing \
         was changed. Open it again and resubmit.",
    );
    html(StatusCode::FORBIDDEN, page)
}

/// Reads a form body, refusing one too large.
async fn form_body(body: Body) -> Result<Vec<u8>, Response> {
    let body = body.into_bytes_limit(MAX_FORM_BYTES).await;
    body.map(|b| b.to_vec()).map_err(|_| html(StatusCode::PAYLOAD_TOO_LARGE, String::new()))
}

#[handler]
pub async fn inbox(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    html(StatusCode::OK, state.workbench.inbox(&reader(state, &session)).await)
}

#[handler]
pub async fn forms(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    html(StatusCode::OK, state.workbench.forms(&reader(state, &session).signed))
}

/// `GET /staff/find?q=…`.
#[handler]
pub async fn find(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let values = Values::parse(req.uri().query().unwrap_or_default());
    html(StatusCode::OK, state.workbench.find(&reader(state, &session), values.get("q").unwrap_or_default()).await)
}

#[handler]
pub async fn record(req: &Request, Path(id): Path<String>, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let reader = reader(state, &session);
    match state.workbench.record(&reader, &id).await {
        Some(page) => html(StatusCode::OK, page),
        None => not_found(state, &reader),
    }
}

fn not_found(state: &AppState, reader: &Reader<'_>) -> Response {
    let page = state.workbench.message(
        Some(&reader.signed),
        "找不到 Not found",
        "没有这个记录或事项，或您无权查看。There is no such record or form, or you may not see it.",
    );
    html(StatusCode::NOT_FOUND, page)
}

/// `GET /staff/act/{mutation}?…`: the form, filled in from the address (`id` names the record it acts on).
#[handler]
pub async fn form(req: &Request, Path(mutation): Path<String>, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let reader = reader(state, &session);
    let values = Values::parse(req.uri().query().unwrap_or_default());
    match state.workbench.form(&reader, &mutation, values).await {
        Some(answer) => html(StatusCode::OK, answer.html),
        None => not_found(state, &reader),
    }
}

/// `POST /staff/act/{mutation}`: runs the mutation as the signed-in actor.
#[handler]
pub async fn submit(req: &Request, body: Body, Path(mutation): Path<String>, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let body = match form_body(body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let values = match posted(req, body, state, &session).await {
        Ok(values) => values,
        Err(refused) => return refused,
    };
    let reader = reader(state, &session);
    // Noted, as a GraphQL request's are: the audit of the write records the tables it wrote.
    let (answer, _) = crate::touched::reads_of(state.workbench.submit(&reader, &mutation, values)).await;
    match answer {
        Some(answer) => html(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK), answer.html),
        None => not_found(state, &reader),
    }
}

/// Largest registry the workbench takes: a county's workbook of some thousand estates is a few megabytes.
const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

/// `GET /staff/import`: the import's page.
#[handler]
pub async fn import_page(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    html(StatusCode::OK, state.workbench.import_page(&reader(state, &session).signed))
}

/// `GET /staff/import/template`: the template workbook.
#[handler]
pub async fn import_template(req: &Request, Data(state): Data<&AppState>) -> Response {
    if session_of(req, state).await.is_none() {
        return to_sign_in(state);
    }
    match crate::import::template::template() {
        Ok(bytes) => Response::builder()
            .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .header(header::CONTENT_DISPOSITION, "attachment; filename=\"wuye-registry-template.xlsx\"")
            .body(bytes),
        Err(error) => {
            tracing::error!(%error, "the import template could not be written");
            html(StatusCode::INTERNAL_SERVER_ERROR, String::new())
        }
    }
}

/// `POST /staff/import` (multipart: the CSRF token, the file, and to write it the sha256 the dry run showed): the
/// dry run's or the commit's report.
#[handler]
pub async fn import(req: &Request, mut multipart: Multipart, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let (mut csrf, mut upload) =
        (None, Upload { name: String::new(), bytes: Vec::new(), commit: None, skip_invalid: false });
    let too_large = || html(StatusCode::PAYLOAD_TOO_LARGE, String::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return too_large(),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Ok(bytes) = field.bytes().await else { return too_large() };
        if bytes.len() > MAX_UPLOAD_BYTES {
            return too_large();
        }
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => csrf = Some(text()),
            "commit" => upload.commit = Some(text()).filter(|t| !t.is_empty()),
            "skipInvalid" => upload.skip_invalid = text() == "true",
            "file" => {
                upload.name = file_name.unwrap_or_else(|| "upload.xlsx".into());
                upload.bytes = bytes;
            }
            _ => {}
        }
    }
    if !csrf.is_some_and(|token| session::same_secret(&token, &session.csrf_token)) {
        return refused(req, state, &session);
    }
    let reader = reader(state, &session);
    let ((status, page), _) = crate::touched::reads_of(state.workbench.import(&reader.signed, upload)).await;
    html(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), page)
}

/// `GET /staff/sign-in`: the sign-in page. A demo server's page carries a one-time token (kept as a sign-in in
/// progress, bound to this browser by its sign-in cookie) in each persona's form.
#[handler]
pub async fn sign_in(req: &Request, Data(state): Data<&AppState>) -> Response {
    if session_of(req, state).await.is_some() {
        return see_other("/staff");
    }
    sign_in_page(state, None, StatusCode::OK).await
}

async fn sign_in_page(state: &AppState, problem: Option<&str>, status: StatusCode) -> Response {
    let workbench: &Workbench = &state.workbench;
    if !matches!(workbench.access, Access::Demo(_)) {
        return html(status, workbench.sign_in("", problem));
    }
    let token = session::random_key();
    let pending = PendingSignIn { state: token.clone(), nonce: String::new(), pkce_verifier: String::new() };
    match session::start_sign_in(&state.db, pending).await {
        Ok(key) => {
            with_cookie(html(status, workbench.sign_in(&token, problem)), Cookies::of(state).set(SIGN_IN, &key, 600))
        }
        Err(error) => {
            tracing::error!(%error, "a sign-in could not be started");
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                workbench.sign_in("", Some("暂时无法登录 Sign-in is unavailable now.")),
            )
        }
    }
}

/// `POST /staff/sign-in/demo`: signs in as one of the demo staff (only on a demo server without a provider).
#[handler]
pub async fn sign_in_demo(req: &Request, body: Body, Data(state): Data<&AppState>) -> Response {
    let Access::Demo(personas) = &state.workbench.access else { return html(StatusCode::NOT_FOUND, String::new()) };
    let body = match form_body(body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let values = Values::parse(std::str::from_utf8(&body).unwrap_or_default());
    let cookies = Cookies::of(state);
    let pending = match cookies.read(req, SIGN_IN) {
        Some(key) => session::take_sign_in(&state.db, &key, values.get("csrf").unwrap_or_default()).await,
        None => Ok(None),
    };
    let persona = personas.iter().find(|p| Some(p.actor.subject.as_str()) == values.get("subject"));
    let (Ok(Some(_)), Some(persona)) = (pending, persona) else {
        let problem = "登录表单已过期，请重试。The sign-in form expired or was not sent from this page; try again.";
        return sign_in_page(state, Some(problem), StatusCode::FORBIDDEN).await;
    };
    open_session(state, &persona.actor, None, true).await
}

async fn open_session(state: &AppState, actor: &crate::auth::Actor, id_token: Option<String>, demo: bool) -> Response {
    let cookies = Cookies::of(state);
    match session::open(&state.db, actor, id_token, demo).await {
        Ok(key) => {
            tracing::info!(subject = %actor.subject, role = actor.role.as_str(), demo, "a workbench session began");
            let response = with_cookie(
                see_other("/staff"),
                cookies.set(SESSION, &key, crate::domain::session::ABSOLUTE.num_seconds()),
            );
            with_cookie(response, cookies.set(SIGN_IN, "", 0))
        }
        Err(error) => {
            tracing::error!(%error, "a workbench session could not be opened");
            html(
                StatusCode::SERVICE_UNAVAILABLE,
                state.workbench.sign_in("", Some("暂时无法登录 Sign-in is unavailable now.")),
            )
        }
    }
}

/// This server's address as the provider sends the browser back to it.
fn base_url(req: &Request, state: &AppState) -> String {
    match &state.workbench.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
            format!("http://{host}")
        }
    }
}

/// `GET /staff/sign-in/start`: sends the browser to the provider (code flow, PKCE S256, `state`, `nonce`).
#[handler]
pub async fn sign_in_start(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Access::Provider(provider) = &state.workbench.access else { return see_other("/staff/sign-in") };
    let redirect = format!("{}/staff/callback", base_url(req, state));
    let authorization = match provider.authorize(&redirect).await {
        Ok(authorization) => authorization,
        Err(failure) => return sign_in_failed(state, failure).await,
    };
    let pending = PendingSignIn {
        state: authorization.state,
        nonce: authorization.nonce,
        pkce_verifier: authorization.pkce_verifier,
    };
    match session::start_sign_in(&state.db, pending).await {
        Ok(key) => with_cookie(see_other(&authorization.url), Cookies::of(state).set(SIGN_IN, &key, 600)),
        Err(error) => {
            tracing::error!(%error, "a sign-in could not be started");
            sign_in_failed(state, SignInFailure::Unreachable).await
        }
    }
}

async fn sign_in_failed(state: &AppState, failure: SignInFailure) -> Response {
    let (status, problem) = match failure {
        SignInFailure::Unreachable => (
            StatusCode::BAD_GATEWAY,
            "身份认证服务暂时无法访问。The identity provider cannot be reached now; try again later.",
        ),
        SignInFailure::Refused => {
            (StatusCode::FORBIDDEN, "登录未通过校验，请重试。The sign-in did not pass its checks; sign in again.")
        }
        SignInFailure::NoRole => (
            StatusCode::FORBIDDEN,
            "您的账号没有本系统的有效角色和范围，无法使用工作台。Your account has no valid role and scope for wuye; ask the \
             county to grant them.",
        ),
    };
    let response = sign_in_page(state, Some(problem), status).await;
    with_cookie(response, Cookies::of(state).set(SIGN_IN, "", 0))
}

/// `GET /staff/callback?code=…&state=…`: the provider's answer; the `state` must be this browser's.
#[handler]
pub async fn callback(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Access::Provider(provider) = &state.workbench.access else { return see_other("/staff/sign-in") };
    let values = Values::parse(req.uri().query().unwrap_or_default());
    let cookies = Cookies::of(state);
    let pending = match (cookies.read(req, SIGN_IN), values.get("state")) {
        (Some(key), Some(sent_back)) => session::take_sign_in(&state.db, &key, sent_back).await.ok().flatten(),
        _ => None,
    };
    let Some(pending) = pending else {
        tracing::warn!("a sign-in came back with a state this browser did not send");
        return sign_in_failed(state, SignInFailure::Refused).await;
    };
    let Some(code) = values.get("code") else { return sign_in_failed(state, SignInFailure::Refused).await };
    let redirect = format!("{}/staff/callback", base_url(req, state));
    match provider.finish(&redirect, code, &pending.nonce, &pending.pkce_verifier).await {
        Ok((actor, id_token)) => open_session(state, &actor, Some(id_token), false).await,
        Err(failure) => sign_in_failed(state, failure).await,
    }
}

/// `POST /staff/sign-out`: ends the session (and, where the provider offers it, the provider's).
#[handler]
pub async fn sign_out(req: &Request, body: Body, Data(state): Data<&AppState>) -> Response {
    let Some(session) = session_of(req, state).await else { return to_sign_in(state) };
    let body = match form_body(body).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    if let Err(refused) = posted(req, body, state, &session).await {
        return refused;
    }
    let cookies = Cookies::of(state);
    if let Some(key) = cookies.read(req, SESSION)
        && let Err(error) = session::end(&state.db, &key).await
    {
        tracing::error!(%error, "a workbench session could not be ended");
    }
    let back = format!("{}/staff/signed-out", base_url(req, state));
    let provider_logout = match (&state.workbench.access, &session.id_token) {
        (Access::Provider(provider), Some(id_token)) => provider.logout_url(id_token, &back).await,
        _ => None,
    };
    with_cookie(see_other(provider_logout.as_deref().unwrap_or("/staff/signed-out")), cookies.set(SESSION, "", 0))
}

#[handler]
pub fn signed_out(Data(state): Data<&AppState>) -> Response {
    let page =
        state.workbench.message(None, "已退出 Signed out", "您已退出工作台。You have signed out of the workbench.");
    html(StatusCode::OK, page)
}

/// `GET /staff/static/staff.<fingerprint>.css`.
#[handler]
pub fn stylesheet(req: &Request, Path(file): Path<String>, Data(state): Data<&AppState>) -> Response {
    match state.workbench.stylesheet(&file) {
        Some(css) => super::site::immutable_stylesheet(css),
        None => super::edge::not_found(req, state),
    }
}
