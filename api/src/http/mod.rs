//! Routes: `/graphql` (POST, and GET for the explorer and URL-parameter queries), `/healthz`, `/readyz`.

mod graphql;
mod health;

use crate::auth::verify::Verifier;
use crate::graphql::WuyeSchema;
use poem::http::{Method, header};
use poem::middleware::{CatchPanic, Cors};
use poem::{Endpoint, EndpointExt, Route, get};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every handler needs.
#[derive(Clone)]
pub struct AppState {
    pub schema: WuyeSchema,
    pub db: DatabaseConnection,
    pub verifier: Arc<Verifier>,
}

pub fn routes(state: AppState) -> impl Endpoint + 'static {
    Route::new()
        .at("/graphql", get(graphql::get).post(graphql::post))
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
                .expose_header("x-request-id"),
        )
        .with(CatchPanic::new())
}
