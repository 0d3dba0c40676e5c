//! Token verification (RFC 8725): every attack in the matrix is refused with UNAUTHENTICATED, a reason code and
//! HTTP 401, and nothing is executed; good tokens of each allowed algorithm are accepted.

use crate::helpers::{TestApp, error_codes, fixture, run_cli, spawn_app};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const OCCUPANCY: &str = "mutation($input: UpdateOccupancyInput!) {
    updateOccupancy(input: $input) { estate { occupiedHouseholds version } } }";

/// An estate of 濉溪镇 (340621100) with its community code, id, version and households.
async fn target(app: &TestApp) -> (String, Value, i64, i64) {
    let data = app
        .data(
            "{ estates(first: 1, filter: {townCode: \"340621100\"}) { edges { node { id version households community { code } } } } }",
            json!({}),
        )
        .await;
    let estate = &data["estates"]["edges"][0]["node"];
    (
        estate["community"]["code"].as_str().unwrap().to_owned(),
        estate["id"].clone(),
        estate["version"].as_i64().unwrap(),
        estate["households"].as_i64().unwrap(),
    )
}

fn claims(community: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({
        "iss": "wuye", "aud": "wuye-api", "sub": "officer-1", "role": "community", "scope": community,
        "iat": now, "exp": now + 600, "jti": format!("jti-{now}-{}", rand_suffix()),
    })
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn sign(header: Header, claims: &Value, key: &EncodingKey) -> String {
    jsonwebtoken::encode(&header, claims, key).expect("sign")
}

fn hs256(claims: &Value) -> String {
    let mut header = Header::new(Algorithm::HS256);
    header.typ = Some("JWT".into());
    sign(header, claims, &EncodingKey::from_secret(api::config::DEMO_HS256_SECRET.as_bytes()))
}

fn eddsa(claims: &Value, kid: &str) -> String {
    let mut header = Header::new(Algorithm::EdDSA);
    header.typ = Some("JWT".into());
    header.kid = Some(kid.into());
    let pem = std::fs::read(fixture("ed25519-private.pem")).unwrap();
    sign(header, claims, &EncodingKey::from_ed_pem(&pem).unwrap())
}

fn rs256(claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.typ = Some("at+jwt".into());
    header.kid = Some("test-rsa".into());
    let pem = std::fs::read(fixture("rsa-private.pem")).unwrap();
    sign(header, claims, &EncodingKey::from_rsa_pem(&pem).unwrap())
}

/// A token with a hand-written header and no valid signature machinery behind it.
fn raw(header: Value, claims: &Value, signature: &[u8]) -> String {
    let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.{}", part(&header), part(claims), URL_SAFE_NO_PAD.encode(signature))
}

fn without(claims: &Value, name: &str) -> Value {
    let mut claims = claims.clone();
    claims.as_object_mut().unwrap().remove(name);
    claims
}

fn with(claims: &Value, name: &str, value: Value) -> Value {
    let mut claims = claims.clone();
    claims[name] = value;
    claims
}

/// Every malformed, forged, stale or misdirected token is refused with its reason, and the estate is unchanged.
#[tokio::test]
async fn the_token_attack_matrix_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (community, id, version, households) = target(&app).await;
    let good = claims(&community);
    let now = chrono::Utc::now().timestamp();
    let rsa_public_key = std::fs::read(fixture("rsa-public.pem")).unwrap();
    let mut hs256_with_public_key = Header::new(Algorithm::HS256);
    hs256_with_public_key.typ = Some("JWT".into());
    let mut jose = Header::new(Algorithm::HS256);
    jose.typ = Some("JOSE".into());

    let cases: Vec<(&str, String, &str)> = vec![
        ("alg none", raw(json!({"alg": "none", "typ": "JWT"}), &good, b""), "ALGORITHM_NOT_ALLOWED"),
        ("alg HS512", raw(json!({"alg": "HS512", "typ": "JWT"}), &good, b"x"), "ALGORITHM_NOT_ALLOWED"),
        (
            "HS256 signed with the RSA public key",
            sign(hs256_with_public_key, &good, &EncodingKey::from_secret(&rsa_public_key)),
            "BAD_SIGNATURE",
        ),
        ("unknown kid", eddsa(&good, "no-such-key"), "UNKNOWN_KEY"),
        ("EdDSA kid naming the RSA key", eddsa(&good, "test-rsa"), "UNKNOWN_KEY"),
        (
            "wrong typ",
            sign(jose, &good, &EncodingKey::from_secret(api::config::DEMO_HS256_SECRET.as_bytes())),
            "WRONG_TYPE",
        ),
        ("expired", hs256(&with(&good, "exp", json!(now - 120))), "EXPIRED"),
        ("not yet valid", hs256(&with(&good, "nbf", json!(now + 600))), "NOT_YET_VALID"),
        ("issued in the future", hs256(&with(&good, "iat", json!(now + 600))), "ISSUED_IN_FUTURE"),
        ("wrong issuer", hs256(&with(&good, "iss", json!("someone-else"))), "WRONG_ISSUER"),
        ("wrong audience", hs256(&with(&good, "aud", json!("another-api"))), "WRONG_AUDIENCE"),
        ("no exp", hs256(&without(&good, "exp")), "MISSING_CLAIM"),
        ("no iat", hs256(&without(&good, "iat")), "MISSING_CLAIM"),
        ("no iss", hs256(&without(&good, "iss")), "MISSING_CLAIM"),
        ("no aud", hs256(&without(&good, "aud")), "MISSING_CLAIM"),
        ("no sub", hs256(&without(&good, "sub")), "MISSING_CLAIM"),
        ("no role", hs256(&without(&good, "role")), "MISSING_CLAIM"),
        ("no scope", hs256(&without(&good, "scope")), "MISSING_CLAIM"),
        ("unknown role", hs256(&with(&good, "role", json!("mayor"))), "UNKNOWN_ROLE"),
        ("scope of another kind", hs256(&with(&good, "scope", json!("340621"))), "MALFORMED_SCOPE"),
        ("scope not a code", hs256(&with(&good, "scope", json!({"town": "340621100"}))), "MALFORMED_SCOPE"),
        (
            "tampered payload",
            {
                let token = hs256(&good);
                let parts: Vec<&str> = token.split('.').collect();
                let forged = URL_SAFE_NO_PAD.encode(with(&good, "scope", json!("340621101001")).to_string());
                format!("{}.{}.{}", parts[0], forged, parts[2])
            },
            "BAD_SIGNATURE",
        ),
        ("not a JWT", "garbage".to_owned(), "MALFORMED_TOKEN"),
    ];
    let input = json!({ "input": { "id": id, "expectedVersion": version, "occupiedHouseholds": households / 2 } });
    for (name, token, reason) in cases {
        let (status, response) = app.post_as(&token, OCCUPANCY, input.clone()).await;
        assert_eq!(status, 401, "{name}: {response}");
        assert_eq!(error_codes(&response), ["UNAUTHENTICATED"], "{name}");
        assert_eq!(response["errors"][0]["extensions"]["reason"], reason, "{name}");
        assert!(response.get("data").is_none(), "{name}: nothing is executed");
    }
    let basic = app
        .client
        .post(app.graphql_url())
        .header("authorization", "Basic dXNlcjpwYXNz")
        .json(&json!({ "query": "{ counties { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);
    let body: Value = basic.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["reason"], "MALFORMED_AUTHORIZATION");

    let after = app.data("query($id: ID!) { node(id: $id) { ... on Estate { version } } }", json!({ "id": id })).await;
    assert_eq!(after["node"]["version"], version, "no attack changed the estate");

    // The same request with good tokens of each algorithm succeeds.
    for (name, token) in [("HS256", hs256(&good)), ("EdDSA", eddsa(&good, "test-ed25519")), ("RS256", rs256(&good))] {
        let current =
            app.data("query($id: ID!) { node(id: $id) { ... on Estate { version } } }", json!({ "id": id })).await;
        let v = current["node"]["version"].as_i64().unwrap();
        let input = json!({ "input": { "id": id, "expectedVersion": v, "occupiedHouseholds": households / 3 } });
        let data = app.data_as(&token, OCCUPANCY, input).await;
        assert_eq!(data["updateOccupancy"]["estate"]["version"], v + 1, "{name}");
    }
}

/// A revoked token (by jti) and every earlier token of a revoked subject are refused.
#[tokio::test]
async fn revoked_tokens_are_refused() {
    let app = spawn_app().await;
    let (community, ..) = target(&app).await;
    let query = "{ counties { totalCount } }";
    let good = claims(&community);
    let by_jti = hs256(&good);
    assert_eq!(app.post_as(&by_jti, query, json!({})).await.0, 200);
    run_cli(&app, &["token", "revoke", "--jti", good["jti"].as_str().unwrap()]).unwrap();
    let (status, response) = app.post_as(&by_jti, query, json!({})).await;
    assert_eq!((status, response["errors"][0]["extensions"]["reason"].clone()), (401, json!("REVOKED")));

    let other = hs256(&with(&with(&good, "sub", json!("officer-2")), "jti", json!("another-jti")));
    assert_eq!(app.post_as(&other, query, json!({})).await.0, 200);
    run_cli(&app, &["token", "revoke", "--subject", "officer-2"]).unwrap();
    let (status, response) = app.post_as(&other, query, json!({})).await;
    assert_eq!((status, response["errors"][0]["extensions"]["reason"].clone()), (401, json!("REVOKED")));
}

/// A token printed by `wuye token` is accepted by the server: its staff member changes an estate of the town, and
/// the audit log names them.
#[tokio::test]
async fn tokens_printed_by_wuye_token_are_accepted() {
    let app = spawn_app().await;
    let printed =
        run_cli(&app, &["token", "--role", "town", "--scope", "340621100", "--sub", "staff-7", "--ttl", "1h"])
            .expect("a token");
    let token = printed.trim();
    assert_eq!(token.split('.').count(), 3, "one JWT on one line: {printed:?}");
    let (_, id, version, _) = target(&app).await;
    let data = app
        .data_as(
            token,
            "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name version } } }",
            json!({ "input": { "id": id, "expectedVersion": version, "name": "改名小区" } }),
        )
        .await;
    assert_eq!(data["updateEstate"]["estate"]["name"], "改名小区");
    let events = app
        .data_as(
            token,
            "{ auditEvents(first: 100, filter: {actions: [\"updateEstate\"]}) { edges { node { subject role } } } }",
            json!({}),
        )
        .await;
    // The demo's own update of an estate of the town comes first; this one is the last.
    let edges = events["auditEvents"]["edges"].as_array().unwrap();
    let last = &edges.last().expect("the update's event")["node"];
    assert_eq!((&last["subject"], &last["role"]), (&json!("staff-7"), &json!("town")));
    assert!(run_cli(&app, &["token", "--role", "mayor", "--scope", "340621100", "--sub", "x"]).is_err());
}

/// In production the server refuses the demo signing secret, weak secrets, the demo audit salt and demo data.
#[tokio::test]
async fn production_refuses_demo_keys_weak_secrets_and_demo_data() {
    use api::config::{Secret, ServerSettings};
    let app = spawn_app().await;
    let strong = Secret("a-production-secret-of-more-than-32-bytes!".into());
    let salt = Secret("a-production-salt-0123456789".into());
    let settings = |secret: Option<Secret>, salt: Option<Secret>| {
        let mut settings = ServerSettings::on("127.0.0.1:0");
        settings.security.production = true;
        settings.security.jwt_hs256_secret = secret;
        settings.security.audit_salt = salt;
        settings
    };
    let cases = [
        (settings(None, Some(salt.clone())), "demo signing secret"),
        (settings(Some(Secret("short".into())), Some(salt.clone())), "too weak"),
        (settings(Some(strong.clone()), None), "demo audit salt"),
        (settings(Some(strong.clone()), Some(salt.clone())), "demo data"),
    ];
    for (settings, expected) in cases {
        let error = api::Application::build(&settings, app.db.clone()).await.err().expect(expected);
        assert!(error.to_string().contains(expected), "{error}");
    }
    let empty = crate::helpers::spawn_app_with(crate::helpers::Data::Empty).await;
    let mut ok = settings(Some(strong), Some(salt));
    ok.no_demo = true;
    assert!(api::Application::build(&ok, empty.db.clone()).await.is_ok());
}
