//! Liveness and readiness probes.

use super::AppState;
use super::edge::refuse;
use super::media::Media;
use crate::error::Error;
use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

/// The process is up.
#[handler]
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; otherwise 503 with UNAVAILABLE, in the one error shape.
#[handler]
pub async fn readyz(Data(state): Data<&AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(error) => {
            tracing::warn!(%error, "database not reachable");
            refuse(StatusCode::SERVICE_UNAVAILABLE, &Error::Unavailable, Media::Json)
        }
    }
}
