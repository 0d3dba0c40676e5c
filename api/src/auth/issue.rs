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

/// A fresh token id: a random UUID (v4) from the operating system's generator, so no one can guess the id of a
/// token they have not seen (ids key the revocation list).
pub fn new_token_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
