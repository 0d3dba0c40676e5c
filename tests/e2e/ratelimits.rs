//! Rate limits: a client spends query points (each request its complexity) from its budget per window; headers tell
//! what is left; a spent budget gets 429 with Retry-After and RATE_LIMITED. The public is counted by IP address
//! (X-Forwarded-For believed only from trusted proxies), staff by subject with a budget of their own. With Redis the
//! budgets are shared by every server; without an answer from Redis a server keeps its own and says so.

use crate::helpers::{Data, TestApp, error_codes, spawn_app_configured, token};
use serde_json::{Value, json};

/// Five towns' codes: 5 × (edges + node + code) = 15 points.
const FIFTEEN_POINTS: &str = "{ towns(first: 5) { edges { node { code } } } }";

async fn ask(app: &TestApp, headers: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = app.client.post(app.graphql_url()).json(&json!({ "query": FIFTEEN_POINTS }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    (status, headers, response.json().await.unwrap())
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> u64 {
    headers[name].to_str().unwrap().parse().unwrap()
}

fn budget_of(points: u64) -> impl FnOnce(&mut api::config::ServerSettings) {
    move |s| {
        s.rate_limits.points = points;
        // An hour's window: a test's few requests never straddle two windows (but one time in tens of thousands).
        s.rate_limits.window_seconds = 3600;
        s.rate_limits.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    }
}

#[tokio::test]
async fn a_client_spends_its_budget_then_waits_for_the_window() {
    let app = spawn_app_configured(Data::Demo, budget_of(30)).await;
    let me = [("x-forwarded-for", "203.0.113.7")];
    let (status, headers, _) = ask(&app, &me).await;
    assert_eq!(status, 200);
    assert_eq!((header(&headers, "ratelimit-limit"), header(&headers, "ratelimit-remaining")), (30, 15));
    assert!((1..=3600).contains(&header(&headers, "ratelimit-reset")));
    let (status, headers, _) = ask(&app, &me).await;
    assert_eq!((status, header(&headers, "ratelimit-remaining")), (200, 0));

    let (status, headers, body) = ask(&app, &me).await;
    assert_eq!(status, 429);
    assert_eq!(error_codes(&body), ["RATE_LIMITED"], "{body}");
    assert!(header(&headers, "retry-after") >= 1);
    assert_eq!(header(&headers, "retry-after"), body["errors"][0]["extensions"]["retryAfter"].as_u64().unwrap());
    assert_eq!(header(&headers, "ratelimit-remaining"), 0);

    // Another address behind the trusted proxy has a budget of its own; staff have theirs.
    let (status, _, _) = ask(&app, &[("x-forwarded-for", "203.0.113.8")]).await;
    assert_eq!(status, 200);
    let staff = token("town", json!("340621100"), "town-officer");
    let bearer = format!("Bearer {staff}");
    let (status, headers, _) = ask(&app, &[("x-forwarded-for", "203.0.113.7"), ("authorization", &bearer)]).await;
    assert_eq!((status, header(&headers, "ratelimit-limit")), (200, 400_000));
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_address_is_ignored() {
    let app = spawn_app_configured(Data::Demo, |s| {
        s.rate_limits.points = 30;
        s.rate_limits.window_seconds = 3600;
    })
    .await;
    assert_eq!(ask(&app, &[("x-forwarded-for", "203.0.113.1")]).await.0, 200);
    assert_eq!(ask(&app, &[("x-forwarded-for", "203.0.113.2")]).await.0, 200);
    let (status, _, _) = ask(&app, &[("x-forwarded-for", "203.0.113.3")]).await;
    assert_eq!(status, 429, "a client cannot claim new addresses to get new budgets");
}

/// A prefix of Redis keys that no other test run shares.
fn fresh_prefix() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("wuye-test-{}-{nanos}", std::process::id())
}

#[tokio::test]
async fn two_servers_share_budgets_through_redis() {
    let prefix = fresh_prefix();
    let shared = |prefix: String| {
        move |s: &mut api::config::ServerSettings| {
            budget_of(30)(s);
            s.rate_limits.redis_url = Some("redis://127.0.0.1:6379".into());
            s.rate_limits.redis_prefix = prefix;
        }
    };
    let first = spawn_app_configured(Data::Demo, shared(prefix.clone())).await;
    let second = spawn_app_configured(Data::Demo, shared(prefix)).await;
    let me = [("x-forwarded-for", "203.0.113.7")];
    let (status, headers, _) = ask(&first, &me).await;
    assert_eq!((status, header(&headers, "ratelimit-remaining")), (200, 15));
    let (status, headers, _) = ask(&second, &me).await;
    assert_eq!(
        (status, header(&headers, "ratelimit-remaining")),
        (200, 0),
        "the second server sees the first's spending"
    );
    assert_eq!(ask(&first, &me).await.0, 429);
    assert_eq!(ask(&second, &me).await.0, 429);
    let metrics = first.client.get(format!("{}/metrics", first.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("wuye_rate_limit_fallbacks_total 0"), "Redis answered every time");
}

#[tokio::test]
async fn without_redis_a_server_keeps_its_own_budgets_and_says_so() {
    // Nothing listens on port 1: Redis is "stopped".
    let app = spawn_app_configured(Data::Demo, |s| {
        budget_of(30)(s);
        s.rate_limits.redis_url = Some("redis://127.0.0.1:1".into());
    })
    .await;
    let me = [("x-forwarded-for", "203.0.113.7")];
    let (status, headers, _) = ask(&app, &me).await;
    assert_eq!((status, header(&headers, "ratelimit-remaining")), (200, 15), "served, with its own budget");
    assert_eq!(ask(&app, &me).await.0, 200);
    assert_eq!(ask(&app, &me).await.0, 429, "and the budget still holds");
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    let fallbacks = metrics
        .lines()
        .find_map(|l| l.strip_prefix("wuye_rate_limit_fallbacks_total "))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap();
    assert!(fallbacks >= 3.0, "each check fell back and was counted: {fallbacks}");
}
