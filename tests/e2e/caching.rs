//! The response cache and conditional requests of anonymous reads (README, "Speed"): tagged with the data version,
//! revalidated for one statement, never stale, never shared with staff, and the same through every replica.

use crate::helpers::*;
use serde_json::{Value, json};

const ESTATES: &str = "{ estates(first: 3, orderBy: {field: CODE}) { nodes { id code name version } } }";
const RENAME: &str = "mutation($input: UpdateEstateInput!) { updateEstate(input: $input) { estate { name version } } }";

fn county() -> String {
    token("county", json!("340621"), "county-officer")
}

/// GETs `query` as the public, with `If-None-Match: etag` when given.
async fn get(app: &TestApp, query: &str, etag: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.graphql_url()).query(&[("query", query)]);
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    request.send().await.expect("request sent")
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn rename_first_estate(app: &TestApp, name: &str) {
    let first = &app.data(ESTATES, json!({})).await["estates"]["nodes"][0];
    let input = json!({ "input": { "id": first["id"], "expectedVersion": first["version"], "name": name } });
    app.data_as(&county(), RENAME, input).await;
}

/// An anonymous answer carries an ETag and lets shared caches keep it briefly; sent back, the tag gets a 304 that
/// costs one statement (the data version) and no other.
#[tokio::test]
async fn anonymous_answers_are_tagged_and_revalidated_for_one_statement() {
    let app = spawn_app().await;
    let first = get(&app, ESTATES, None).await;
    assert_eq!(first.status(), 200);
    let etag = header(&first, "etag").expect("an ETag").to_owned();
    assert_eq!(header(&first, "cache-control"), Some("public, max-age=0, s-maxage=5"));
    assert!(header(&first, "vary").is_some_and(|v| v.contains("authorization")));
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["data"]["estates"]["nodes"].as_array().map(Vec::len), Some(3));

    let before = app.statements();
    let again = get(&app, ESTATES, Some(&etag)).await;
    assert_eq!(again.status(), 304);
    assert_eq!(header(&again, "etag"), Some(etag.as_str()));
    assert_eq!(app.statements() - before, 1, "a 304 reads the data version and nothing else");
    assert!(again.bytes().await.unwrap().is_empty());

    // A stale tag, or none, gets the answer; served from the cache, it too costs only the data version.
    let before = app.statements();
    let stale = get(&app, ESTATES, Some("W/\"0-0000000000000000\"")).await;
    assert_eq!(stale.status(), 200);
    assert_eq!(stale.json::<Value>().await.unwrap(), body);
    assert_eq!(app.statements() - before, 1);

    // A metric tells how the cache serves.
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("wuye_response_cache_total{outcome=\"not_modified\"} 1"), "{metrics}");
    assert!(metrics.contains("wuye_response_cache_total{outcome=\"hit\"} 1"), "{metrics}");
}

/// Answers are kept by their variables too: two estates asked for by code, each twice, are two answers.
#[tokio::test]
async fn answers_are_kept_apart_by_their_variables() {
    let app = spawn_app().await;
    let codes: Vec<String> = app.data(ESTATES, json!({})).await["estates"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|estate| estate["code"].as_str().unwrap().to_owned())
        .collect();
    let query = "query($code: String!) { estate(code: $code) { code name } }";
    for _ in 0..2 {
        for code in &codes[..2] {
            let answer = app.data(query, json!({ "code": code })).await;
            assert_eq!(&answer["estate"]["code"], code);
        }
    }
    let metrics = app.client.get(format!("{}/metrics", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("wuye_response_cache_total{outcome=\"hit\"} 2"), "{metrics}");
}

/// A write through the API advances the data version in its own transaction: the next read is answered afresh,
/// with a new tag, and the old tag no longer gets a 304.
#[tokio::test]
async fn a_write_is_seen_by_the_next_read() {
    let app = spawn_app().await;
    let before = get(&app, ESTATES, None).await;
    let etag = header(&before, "etag").unwrap().to_owned();
    rename_first_estate(&app, "缓存测试新名小区").await;
    let after = get(&app, ESTATES, Some(&etag)).await;
    assert_eq!(after.status(), 200);
    assert_ne!(header(&after, "etag"), Some(etag.as_str()));
    let body: Value = after.json().await.unwrap();
    assert_eq!(body["data"]["estates"]["nodes"][0]["name"], "缓存测试新名小区");
}

/// Staff answers depend on who asks: they are never kept, never served from the cache, never tagged.
#[tokio::test]
async fn staff_answers_never_come_from_the_cache() {
    let app = spawn_app().await;
    let query = "{ estates(first: 40) { nodes { code activeCommittee { members { name phone } } } } }";
    let public = app.data(query, json!({})).await;
    let public_again = app.data(query, json!({})).await;
    assert_eq!(public, public_again);
    let phones =
        |data: &Value| walk_values(data).into_iter().filter(|v| v.get("phone").is_some_and(Value::is_string)).count();
    assert_eq!(phones(&public), 0, "the public never sees a phone");

    for _ in 0..2 {
        let before = app.statements();
        let response = app
            .client
            .post(app.graphql_url())
            .bearer_auth(county())
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&response, "cache-control"), Some("private, no-store"));
        assert!(header(&response, "etag").is_none());
        let staff: Value = response.json().await.unwrap();
        assert!(phones(&staff["data"]) > 0, "staff in scope see phones: {staff:#}");
        assert!(app.statements() - before > 1, "a staff request executes");
    }
    // And the public answer kept meanwhile is still the public one.
    assert_eq!(app.data(query, json!({})).await, public);
}

/// Two servers on one database: a write through one is seen at once through the other, which tags the same
/// answer the same way.
#[tokio::test]
async fn a_write_through_one_replica_is_read_through_the_other() {
    let one = spawn_app().await;
    let other = one.replica().await;
    let (a, b) = (get(&one, ESTATES, None).await, get(&other, ESTATES, None).await);
    assert_eq!(header(&a, "etag"), header(&b, "etag"), "the same answer at the same version, the same tag");
    let before: Value = b.json().await.unwrap();
    assert_eq!(before, a.json::<Value>().await.unwrap());
    let etag_before = header(&get(&other, ESTATES, None).await, "etag").unwrap().to_owned();
    // A tag one replica gave is honoured by a replica that never kept that answer: answered again, then a 304.
    let third = one.replica().await;
    let revalidated = get(&third, ESTATES, Some(&etag_before)).await;
    assert_eq!((revalidated.status().as_u16(), header(&revalidated, "etag")), (304, Some(etag_before.as_str())));

    rename_first_estate(&one, "副本可见的新名小区").await;
    let seen = get(&other, ESTATES, Some(&etag_before)).await;
    assert_eq!(seen.status(), 200, "the other replica does not answer 304 for the old data");
    let seen: Value = seen.json().await.unwrap();
    assert_eq!(seen["data"]["estates"]["nodes"][0]["name"], "副本可见的新名小区");
    assert_eq!(other.data(ESTATES, json!({})).await, one.data(ESTATES, json!({})).await);
}

/// A persisted query: its sha256 alone, by GET, once the document has been sent with it.
#[tokio::test]
async fn persisted_queries_are_sent_by_hash() {
    let app = spawn_app().await;
    let hash = sha256_hex(ESTATES);
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } }).to_string();
    let by_hash = || app.client.get(app.graphql_url()).query(&[("extensions", extensions.as_str())]).send();

    let unknown: Value = by_hash().await.unwrap().json().await.unwrap();
    assert_eq!(error_codes(&unknown), ["PERSISTED_QUERY_NOT_FOUND"]);
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");

    let wrong = json!({ "query": "{ towns { nodes { name } } }", "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    let (status, refused) = post_json(&app, &wrong).await;
    assert_eq!((status, error_codes(&refused)), (400, vec!["BAD_USER_INPUT".to_owned()]));

    let register =
        json!({ "query": ESTATES, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
    let (status, registered) = post_json(&app, &register).await;
    assert_eq!(status, 200);
    let answer = by_hash().await.unwrap();
    let etag = header(&answer, "etag").unwrap().to_owned();
    assert_eq!(answer.json::<Value>().await.unwrap(), registered);
    let revalidated =
        app.client.get(app.graphql_url()).query(&[("extensions", extensions.as_str())]).header("if-none-match", &etag);
    assert_eq!(revalidated.send().await.unwrap().status(), 304);

    // A mutation stays a mutation by hash: not over GET.
    let mutation = "mutation { revokeToken(jti: \"x\") { revoked } }";
    let register = json!({ "query": mutation, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(mutation) } } });
    post_json(&app, &register).await;
    let extensions = json!({ "persistedQuery": { "version": 1, "sha256Hash": sha256_hex(mutation) } }).to_string();
    let over_get =
        app.client.get(app.graphql_url()).query(&[("extensions", extensions.as_str())]).send().await.unwrap();
    assert_eq!(over_get.status(), 405);
}

/// With the cache switched off (`--response-cache off`), every request executes and nothing is tagged.
#[tokio::test]
async fn the_cache_can_be_switched_off() {
    let app = spawn_app_configured(Data::Demo, |s| s.cache.response_cache = "off".into()).await;
    for _ in 0..2 {
        let before = app.statements();
        let response = get(&app, ESTATES, None).await;
        assert!(header(&response, "etag").is_none());
        assert_eq!(header(&response, "cache-control"), Some("no-store"));
        assert!(app.statements() - before >= 1);
        assert!(response.json::<Value>().await.unwrap()["data"]["estates"].is_object());
    }
}

async fn post_json(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app.client.post(app.graphql_url()).json(body).send().await.expect("request sent");
    (response.status().as_u16(), response.json().await.expect("a JSON response"))
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Every object anywhere in `value`.
fn walk_values(value: &Value) -> Vec<&Value> {
    let mut found = vec![];
    match value {
        Value::Object(map) => {
            found.push(value);
            map.values().for_each(|v| found.extend(walk_values(v)));
        }
        Value::Array(items) => items.iter().for_each(|v| found.extend(walk_values(v))),
        _ => {}
    }
    found
}
