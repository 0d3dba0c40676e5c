//! The public disclosure website (物业信息公开), served by wuye as the reference client of its own API: pages rendered
//! on the server (askama, checked at compile time) from public GraphQL queries run in-process as the anonymous
//! viewer — the queries are `.graphql` files beside the templates in `api/templates/site/` — so the site can never
//! show what the API hides. Chinese first, English with `?lang=en`; no JavaScript; charts as SVG with a table beside
//! each; one fingerprinted stylesheet cached for a year; `ETag` and 304 from the data version.

mod chart;
mod format;
mod i18n;
mod pages;
mod words;

use crate::config::SiteSettings;
use crate::graphql::{self, WuyeSchema};
use crate::http::conditional::{etag, fresh};
use i18n::Lang;
use poem::http::{StatusCode, header};
use poem::web::{Data, Path};
use poem::{Request, Response, handler};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use sha2::{Digest, Sha256};
use words::{Words, words};

const CSS: &str = include_str!("../../assets/site/site.css");

/// The site's settings and its stylesheet's fingerprinted address.
pub struct Site {
    settings: SiteSettings,
    css_path: String,
}

impl Site {
    pub fn new(settings: SiteSettings) -> Self {
        let fingerprint = hex::encode(Sha256::digest(CSS.as_bytes()));
        Site { settings, css_path: format!("/static/site.{}.css", &fingerprint[..12]) }
    }
}

/// What every page's frame (head, header, search, footer) needs.
pub struct Frame {
    pub lang: &'static str,
    pub english: bool,
    pub suffix: &'static str,
    pub words: &'static Words,
    pub site_title: String,
    pub county: String,
    pub contact: String,
    pub css: String,
    pub page_title: String,
    pub toggle_href: String,
    pub toggle_label: &'static str,
    pub toggle_lang: &'static str,
    /// The search text, for the search box.
    pub query: String,
}

/// Why a page could not be built.
pub enum Missing {
    /// The record does not exist (or the public may not see it): 404.
    NotFound,
    /// The query failed: 503, logged.
    Failed(String),
}

/// What a page handler has: the schema and database to query, the site, the reader's language and the request.
pub struct Context<'a> {
    schema: &'a WuyeSchema,
    db: &'a DatabaseConnection,
    pub site: &'a Site,
    pub lang: Lang,
    path: String,
    query_string: String,
}

impl Context<'_> {
    /// Runs one of the site's queries as the anonymous public; its `data`.
    pub async fn query(&self, document: &str, variables: Value) -> Result<Value, Missing> {
        let request = async_graphql::Request::new(document).variables(async_graphql::Variables::from_json(variables));
        let response = graphql::run(self.schema, self.db, request, None).await;
        if !response.errors.is_empty() {
            return Err(Missing::Failed(format!("{:?}", response.errors)));
        }
        response.data.into_json().map_err(|e| Missing::Failed(e.to_string()))
    }

    /// The frame of a page titled `title`.
    pub fn frame(&self, title: &str, query: &str) -> Frame {
        let (english, settings) = (self.lang == Lang::En, &self.site.settings);
        // The toggle keeps the page and its search, in the other language.
        let others: Vec<&str> =
            self.query_string.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
        let mut toggle = others.clone();
        if !english {
            toggle.push("lang=en");
        }
        let toggle_href =
            if toggle.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, toggle.join("&")) };
        Frame {
            lang: self.lang.code(),
            english,
            suffix: self.lang.suffix(),
            words: words(self.lang),
            site_title: self.lang.pick(&settings.title, &settings.title_en).to_owned(),
            county: self.lang.pick(&settings.county, &settings.county_en).to_owned(),
            contact: settings.contact.clone(),
            css: self.site.css_path.clone(),
            page_title: title.to_owned(),
            toggle_href,
            toggle_label: if english { "中文" } else { "English" },
            toggle_lang: if english { "zh-CN" } else { "en" },
            query: query.to_owned(),
        }
    }
}

fn html(status: StatusCode, body: String) -> Response {
    Response::builder().status(status).content_type("text/html; charset=utf-8").body(body)
}

/// How a page's answer is finished: its tag, and the frame of a 404 in the reader's language.
pub struct Finish {
    tag: String,
    not_found: Frame,
}

impl Finish {
    fn response(self, page: Result<String, Missing>, uri: &poem::http::Uri) -> Response {
        match page {
            Ok(body) => Response::builder()
                .header(header::ETAG, &self.tag)
                .header(header::CACHE_CONTROL, "public, max-age=60")
                .content_type("text/html; charset=utf-8")
                .body(body),
            Err(Missing::NotFound) => html(StatusCode::NOT_FOUND, pages::not_found(self.not_found)),
            Err(Missing::Failed(why)) => {
                tracing::error!(page = %uri, why, "a page's query failed");
                html(StatusCode::SERVICE_UNAVAILABLE, pages::not_found(self.not_found))
            }
        }
    }
}

/// Before a page is built: 304 when the client holds this version of it (the data version, the county's date and
/// the address); otherwise the context to build it in.
async fn prepare<'a>(req: &Request, state: &'a crate::http::AppState) -> Result<(Context<'a>, Finish), Response> {
    let lang = Lang::from_query(req.uri().query());
    let Ok(version) = state.versions.now().await else {
        return Err(html(StatusCode::SERVICE_UNAVAILABLE, "<!doctype html><title>503</title>暂时无法访问".into()));
    };
    let tag = etag(version, &[req.uri().to_string().as_bytes()]);
    if fresh(req, &tag) {
        return Err(Response::builder().status(StatusCode::NOT_MODIFIED).header(header::ETAG, &tag).finish());
    }
    let context = Context {
        schema: &state.schema,
        db: &state.db,
        site: state.site.as_ref(),
        lang,
        path: req.uri().path().to_owned(),
        query_string: req.uri().query().unwrap_or_default().to_owned(),
    };
    let not_found = context.frame(words(lang).not_found, "");
    Ok((context, Finish { tag, not_found }))
}

/// A page handler: prepare, build with `$build(context, args…)`, finish.
macro_rules! page {
    ($name:ident, $build:path $(, $arg:ident)?) => {
        #[handler]
        pub async fn $name(
            req: &Request,
            $(Path($arg): Path<String>,)?
            Data(state): Data<&crate::http::AppState>,
        ) -> Response {
            let (context, finish) = match prepare(req, state).await {
                Ok(prepared) => prepared,
                Err(response) => return response,
            };
            finish.response($build(context $(, $arg)?).await, req.uri())
        }
    };
}

page!(home, pages::home);
page!(town, pages::town, code);
page!(community, pages::community, code);
page!(estate, pages::estate, code);
page!(enterprise, pages::enterprise, code);
page!(credit, pages::credit);

#[handler]
pub async fn search(req: &Request, Data(state): Data<&crate::http::AppState>) -> Response {
    let text = serde_urlencoded::from_str::<Vec<(String, String)>>(req.uri().query().unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .find(|(name, _)| name == "q")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    let (context, finish) = match prepare(req, state).await {
        Ok(prepared) => prepared,
        Err(response) => return response,
    };
    finish.response(pages::search(context, text).await, req.uri())
}

/// `GET /static/site.<fingerprint>.css`: the stylesheet, cached for a year (a change gets a new address).
#[handler]
pub fn stylesheet(Path(file): Path<String>, Data(state): Data<&crate::http::AppState>) -> Response {
    if format!("/static/{file}") != state.site.css_path {
        return Response::builder().status(StatusCode::NOT_FOUND).finish();
    }
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .body(CSS)
}
