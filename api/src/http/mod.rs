//! Routes: `/graphql` (POST, and GET for the explorer and URL-parameter queries), `/healthz`, `/readyz`.

mod graphql;
mod health;

use crate::auth::verify::Verifier;
use crate::graphql::WuyeSchema;
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
        // Anonymous reads are open to any origin; credentials are never allowed cross-origin.
        .with(Cors::new().allow_credentials(false))
        .with(CatchPanic::new())
}
