//! Routes: the disclosure website (`/`, `/town/…`, `/community/…`, `/estate/…`, `/enterprise/…`, `/credit`,
//! `/credit/rules`, `/search`, `/static/…`, `/robots.txt`, `/sitemap.xml`); the staff workbench under `/staff/…`; `/graphql` (POST, and GET for the explorer and URL-parameter queries) with the explorer's assets under
//! `/graphiql/`; open data under `/data/`, `/catalog` and `/schema.graphql`; `/metrics`, `/healthz`, `/readyz`.

pub mod conditional;
mod data;
mod edge;
mod explorer;
mod graphql;
mod gzip;
mod health;
mod media;
mod page;
mod persisted;
pub mod replica;
pub mod response_cache;
mod site;
mod staff;

use crate::auth::verify::Verifier;
use crate::graphql::WuyeSchema;
use crate::metrics::Metrics;
use crate::opendata::OpenData;
use crate::opendata::export::Source;
use crate::ratelimit::RateLimiter;
use crate::site::Site;
use crate::workbench::Workbench;
use poem::http::{Method, header};
use poem::middleware::{CatchPanic, Cors};
use poem::{Endpoint, EndpointExt, Route, get, post};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every handler needs.
#[derive(Clone)]
pub struct AppState {
    pub schema: WuyeSchema,
    pub db: DatabaseConnection,
    pub verifier: Arc<Verifier>,
    pub open_data: Arc<OpenData>,
    /// What downloads read through: the same schema, without the budget client documents are held to (the
    /// downloads' documents are wuye's own).
    pub export: Source,
    pub metrics: Arc<Metrics>,
    /// How long a GraphQL request may run.
    pub deadline: std::time::Duration,
    pub limiter: Arc<RateLimiter>,
    /// Reverse proxies whose X-Forwarded-For is believed.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    pub site: Arc<Site>,
    /// The data version, read for many requests at once, and how public representations are tagged with it.
    pub conditional: Arc<conditional::Conditional>,
    /// Anonymous answers by data version; `None` when switched off.
    pub cache: Option<Arc<response_cache::ResponseCache>>,
    pub persisted: Arc<persisted::PersistedQueries>,
    /// The staff workbench under `/staff`.
    pub workbench: Arc<Workbench>,
}

pub fn routes(state: AppState) -> impl Endpoint + 'static {
    let edge_state = state.clone();
    let staff_state = state.clone();
    let staff = Route::new()
        .at("/", get(staff::inbox))
        .at("/forms", get(staff::forms))
        .at("/find", get(staff::find))
        .at("/record/:id", get(staff::record))
        .at("/act/:mutation", get(staff::form).post(staff::submit))
        .at("/import", get(staff::import_page).post(staff::import))
        .at("/import/template", get(staff::import_template))
        .at("/sign-in", get(staff::sign_in))
        .at("/sign-in/demo", post(staff::sign_in_demo))
        .at("/sign-in/start", get(staff::sign_in_start))
        .at("/callback", get(staff::callback))
        .at("/sign-out", post(staff::sign_out))
        .at("/signed-out", get(staff::signed_out))
        .at("/static/:file", get(staff::stylesheet))
        .around(move |next, req| staff::secured(next, req, staff_state.clone()));
    Route::new()
        .nest("/staff", staff)
        .at("/", get(site::home))
        .at("/town/:code", get(site::town))
        .at("/community/:code", get(site::community))
        .at("/estate/:code", get(site::estate))
        .at("/enterprise/:code", get(site::enterprise))
        .at("/credit", get(site::credit))
        .at("/credit/rules", get(site::credit_rules))
        .at("/robots.txt", get(site::robots))
        .at("/sitemap.xml", get(site::sitemap))
        .at("/search", get(site::search))
        .at("/static/:file", get(site::stylesheet))
        .at("/graphql", get(graphql::get).post(graphql::post))
        .at("/graphiql/:file", get(explorer::asset))
        .at("/data/", get(data::page))
        .at("/data/:file", get(data::file))
        .at("/catalog", get(data::catalog))
        .at("/schema.graphql", get(data::schema))
        .at("/metrics", get(data::metrics))
        .at("/healthz", get(health::healthz))
        .at("/readyz", get(health::readyz))
        .data(state)
        // Anonymous reads are open to any origin; credentials (cookies) are never allowed cross-origin. Staff tools
        // send their token in the Authorization header, which no browser adds on its own.
        .with(
            Cors::new()
                .allow_credentials(false)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
                .expose_header("x-request-id")
                .expose_header("ratelimit-limit")
                .expose_header("ratelimit-remaining")
                .expose_header("ratelimit-reset")
                .expose_header("retry-after"),
        )
        .with(CatchPanic::new().with_handler(edge::panicked))
        .around(move |next, req| edge::around(next, req, edge_state.clone()))
}
