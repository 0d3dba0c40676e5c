//! Token verification after RFC 8725: an algorithm allowlist, keys chosen by the server (HS256 secret, or EdDSA /
//! RS256 public keys by `kid`), `typ` of `JWT` or `at+jwt`, and every claim checked, including those jsonwebtoken
//! leaves alone (`iat` required and not in the future, `aud` required, leeway capped at 30 s).
//! A refusal names a stable reason code; it never says more than that.

use super::actor::{Actor, Role, Scope};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use std::collections::HashMap;

/// Leeway for `exp`, `nbf` and `iat`, at most 30 s.
pub const MAX_LEEWAY_SECONDS: u64 = 30;
/// Shortest HS256 secret accepted (RFC 7518 §3.2: at least the hash size).
pub const MIN_SECRET_BYTES: usize = 32;

/// Why a token was refused.
pub type Reason = &'static str;

/// The claims as sent; everything optional here so that a missing one is reported by name.
#[derive(Debug, Deserialize)]
struct RawClaims {
    sub: Option<String>,
    role: Option<String>,
    scope: Option<serde_json::Value>,
    iat: Option<i64>,
    jti: Option<String>,
}

/// A verified token.
#[derive(Debug, Clone)]
pub struct Verified {
    pub actor: Actor,
    pub jti: Option<String>,
    pub issued_at: i64,
}

/// The keys and rules tokens are checked against.
pub struct Verifier {
    issuer: String,
    audience: String,
    leeway: u64,
    allowed: Vec<Algorithm>,
    secret: Option<DecodingKey>,
    /// Public keys by `kid`.
    public_keys: HashMap<String, (Algorithm, DecodingKey)>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("Verifier")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("allowed", &self.allowed)
            .field("kids", &self.public_keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Reads public keys: a JWKS document (keys with `kid`, OKP/Ed25519 or RSA), or one PEM public key whose `kid` is
/// the file name without extension.
pub fn read_public_keys(path: &std::path::Path) -> anyhow::Result<HashMap<String, (Algorithm, DecodingKey)>> {
    let text = std::fs::read_to_string(path)?;
    let mut keys = HashMap::new();
    if text.trim_start().starts_with('{') {
        let set: JwkSet = serde_json::from_str(&text)?;
        for jwk in &set.keys {
            let kid = jwk.common.key_id.clone().ok_or_else(|| anyhow::anyhow!("a JWKS key without kid"))?;
            let algorithm = match &jwk.algorithm {
                jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) => Algorithm::EdDSA,
                jsonwebtoken::jwk::AlgorithmParameters::RSA(_) => Algorithm::RS256,
                _ => anyhow::bail!("key {kid}: only Ed25519 (OKP) and RSA keys are accepted"),
            };
            keys.insert(kid, (algorithm, DecodingKey::from_jwk(jwk)?));
        }
    } else {
        let kid = path.file_stem().and_then(|s| s.to_str()).unwrap_or("default").to_owned();
        let pem = text.as_bytes();
        let key = match DecodingKey::from_ed_pem(pem) {
            Ok(key) => (Algorithm::EdDSA, key),
            Err(_) => (Algorithm::RS256, DecodingKey::from_rsa_pem(pem)?),
        };
        keys.insert(kid, key);
    }
    Ok(keys)
}

impl Verifier {
    pub fn new(
        issuer: impl Into<String>,
        audience: impl Into<String>,
        leeway: u64,
        allowed: Vec<Algorithm>,
        secret: Option<&[u8]>,
        public_keys: HashMap<String, (Algorithm, DecodingKey)>,
    ) -> anyhow::Result<Self> {
        if let Some(secret) = secret {
            anyhow::ensure!(
                secret.len() >= MIN_SECRET_BYTES,
                "the HS256 secret must have at least {MIN_SECRET_BYTES} bytes"
            );
        }
        anyhow::ensure!(leeway <= MAX_LEEWAY_SECONDS, "the leeway is at most {MAX_LEEWAY_SECONDS} s");
        for algorithm in &allowed {
            anyhow::ensure!(
                matches!(algorithm, Algorithm::HS256 | Algorithm::EdDSA | Algorithm::RS256),
                "only HS256, EdDSA and RS256 may be allowed, not {algorithm:?}"
            );
        }
        Ok(Verifier {
            issuer: issuer.into(),
            audience: audience.into(),
            leeway,
            allowed,
            secret: secret.map(DecodingKey::from_secret),
            public_keys,
        })
    }

    /// Checks `token` at `now` (seconds since the epoch) and returns the actor it names.
    pub fn verify(&self, token: &str, now: i64) -> Result<Verified, Reason> {
        // The header is read by hand first, so that `alg: none` and other names jsonwebtoken cannot even parse are
        // reported as what they are.
        let header_json =
            token.split('.').next().and_then(|h| URL_SAFE_NO_PAD.decode(h).ok()).ok_or("MALFORMED_TOKEN")?;
        let header: serde_json::Value = serde_json::from_slice(&header_json).map_err(|_| "MALFORMED_TOKEN")?;
        let alg_name = header["alg"].as_str().ok_or("MALFORMED_TOKEN")?;
        let algorithm =
            self.allowed.iter().copied().find(|a| format!("{a:?}") == alg_name).ok_or("ALGORITHM_NOT_ALLOWED")?;
        match header["typ"].as_str() {
            Some(typ) if typ.eq_ignore_ascii_case("JWT") || typ.eq_ignore_ascii_case("at+jwt") => {}
            _ => return Err("WRONG_TYPE"),
        }
        let key = match algorithm {
            Algorithm::HS256 => self.secret.as_ref().ok_or("ALGORITHM_NOT_ALLOWED")?,
            _ => {
                let kid = header["kid"].as_str().ok_or("UNKNOWN_KEY")?;
                match self.public_keys.get(kid) {
                    Some((key_algorithm, key)) if *key_algorithm == algorithm => key,
                    _ => return Err("UNKNOWN_KEY"),
                }
            }
        };

        let mut validation = Validation::new(algorithm);
        validation.leeway = self.leeway;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<RawClaims>(token, key, &validation).map_err(|error| {
            use jsonwebtoken::errors::ErrorKind;
            match error.kind() {
                ErrorKind::InvalidSignature => "BAD_SIGNATURE",
                ErrorKind::ExpiredSignature => "EXPIRED",
                ErrorKind::ImmatureSignature => "NOT_YET_VALID",
                ErrorKind::InvalidIssuer => "WRONG_ISSUER",
                ErrorKind::InvalidAudience => "WRONG_AUDIENCE",
                ErrorKind::MissingRequiredClaim(_) => "MISSING_CLAIM",
                ErrorKind::InvalidAlgorithm => "ALGORITHM_NOT_ALLOWED",
                _ => "MALFORMED_TOKEN",
            }
        })?;
        let claims = data.claims;
        let issued_at = claims.iat.ok_or("MISSING_CLAIM")?;
        if issued_at > now + self.leeway as i64 {
            return Err("ISSUED_IN_FUTURE");
        }
        let subject = claims.sub.filter(|s| !s.trim().is_empty()).ok_or("MISSING_CLAIM")?;
        let role = Role::parse(claims.role.as_deref().ok_or("MISSING_CLAIM")?).ok_or("UNKNOWN_ROLE")?;
        let scope = Scope::parse(role, claims.scope.as_ref().ok_or("MISSING_CLAIM")?).ok_or("MALFORMED_SCOPE")?;
        Ok(Verified { actor: Actor { subject, role, scope, note: None }, jti: claims.jti, issued_at })
    }
}
