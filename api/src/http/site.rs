//! The disclosure website's routes: each page is tagged with the data version and its address (304 when the
//! client holds it), then built by `site` from the public's queries; the stylesheet under its fingerprinted name.

use super::AppState;
use crate::site::{Missing, Page};
use poem::http::{StatusCode, header};
use poem::web::{Data, Path};
use poem::{Request, Response, handler};

use super::conditional::Tagged;
use super::edge::refuse;
use super::media::Media;
use super::page::{html, text};
use crate::error::Error;

/// Answers `req` with `page`: a 304 when the client holds this version of it, else the page built.
async fn answer(req: &Request, state: &AppState, page: Page) -> Response {
    answer_with(req, state, async |_| page).await
}

/// Answers `req` with the page `build` makes from what the public reads (its database and data version): a 304 when
/// the client holds this version of it, else the page built.
pub(super) async fn answer_with(req: &Request, state: &AppState, build: impl AsyncFnOnce(&Tagged) -> Page) -> Response {
    let uri = req.uri();
    let context = |db| state.site.context(&state.schema, db, uri.path(), uri.query().unwrap_or_default());
    let tagged = match state.conditional.tag(&[uri.to_string().as_bytes()]).await {
        Ok(tagged) => tagged,
        Err(_) => return html(StatusCode::SERVICE_UNAVAILABLE, context(&state.db).unavailable()),
    };
    if tagged.fresh(req) {
        return tagged.not_modified();
    }
    let context = || context(&tagged.db);
    match context().render(build(&tagged).await).await {
        Ok(body) => tagged.apply(html(StatusCode::OK, body)),
        Err(Missing::NotFound) => html(StatusCode::NOT_FOUND, context().not_found()),
        Err(Missing::Failed(why)) => {
            tracing::error!(page = %uri, why, "a page's query failed");
            html(StatusCode::SERVICE_UNAVAILABLE, context().unavailable())
        }
    }
}

#[handler]
pub async fn home(req: &Request, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Home).await
}

#[handler]
pub async fn town(req: &Request, Path(code): Path<String>, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Town(code)).await
}

#[handler]
pub async fn community(req: &Request, Path(code): Path<String>, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Community(code)).await
}

#[handler]
pub async fn estate(req: &Request, Path(code): Path<String>, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Estate(code)).await
}

#[handler]
pub async fn enterprise(req: &Request, Path(code): Path<String>, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Enterprise(code)).await
}

#[handler]
pub async fn credit(req: &Request, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::Credit).await
}

#[handler]
pub async fn credit_rules(req: &Request, Data(state): Data<&AppState>) -> Response {
    answer(req, state, Page::CreditRules).await
}

/// `GET /robots.txt`.
#[handler]
pub fn robots(req: &Request, Data(state): Data<&AppState>) -> Response {
    text("text/plain; charset=utf-8", crate::site::robots(&super::data::base_url(req, state)))
}

/// `GET /sitemap.xml`: every public page, tagged like the pages.
#[handler]
pub async fn sitemap(req: &Request, Data(state): Data<&AppState>) -> Response {
    let base = super::data::base_url(req, state);
    let tagged = match state.conditional.tag(&[b"sitemap", base.as_bytes()]).await {
        Ok(tagged) => tagged,
        Err(_) => return refuse(StatusCode::SERVICE_UNAVAILABLE, &Error::Unavailable, Media::Json),
    };
    if tagged.fresh(req) {
        return tagged.not_modified();
    }
    let uri = req.uri();
    let context = state.site.context(&state.schema, &tagged.db, uri.path(), "");
    match context.sitemap(&base).await {
        Ok(xml) => tagged.apply(text("application/xml; charset=utf-8", xml)),
        Err(_) => refuse(StatusCode::SERVICE_UNAVAILABLE, &Error::Unavailable, Media::Json),
    }
}

/// `GET /search?q=…`.
#[handler]
pub async fn search(req: &Request, Data(state): Data<&AppState>) -> Response {
    let text = serde_urlencoded::from_str::<Vec<(String, String)>>(req.uri().query().unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    answer(req, state, Page::Search(text)).await
}

/// `GET /static/site.<fingerprint>.css`: the stylesheet, cached for a year (a change gets a new address).
#[handler]
pub fn stylesheet(req: &Request, Path(file): Path<String>, Data(state): Data<&AppState>) -> Response {
    match state.site.stylesheet(&file) {
        Some(css) => immutable_stylesheet(css),
        None => super::edge::not_found(req, state),
    }
}

/// A stylesheet at a fingerprinted address, cached for a year (the website's and the workbench's).
pub(super) fn immutable_stylesheet(css: &'static str) -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .body(css)
}
