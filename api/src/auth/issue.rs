//! Issuing tokens for local use and operations (`wuye token`): HS256 with the server's secret.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

/// What a token says.
#[derive(Debug, Clone, Serialize)]
pub struct TokenClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub role: String,
    pub scope: serde_json::Value,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

/// Signs `claims` with the HS256 `secret`, header `typ: JWT`.
pub fn sign_hs256(claims: &TokenClaims, secret: &[u8]) -> anyhow::Result<String> {
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("JWT".into());
    Ok(jsonwebtoken::encode(&header, claims, &EncodingKey::from_secret(secret))?)
}

/// A fresh token id: time and a counter, unique within this process, unguessable enough for a deny-list key.
pub fn new_token_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}-{:x}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}
