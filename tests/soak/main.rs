#![recursion_limit = "256"]

//! A soak: the server at saturation for a while with a mix of reads (an estate's page, a list of 100, the credit
//! ranking, complaint statistics) and writes (new estates, occupancy): no 5xx, every write that answered success is
//! in the database with its audit event and the chain holds, and memory stays flat. `bench/soak.sh` runs it for 60 s
//! in a release build; CI runs it for a few seconds in a test binary of its own (`WUYE_SOAK_SECONDS`).

#[path = "../e2e/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::{Data, spawn_app_configured, token};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

const READS: [&str; 4] = [
    "query($code: String!) { estate(code: $code) { name serviceMode community { name town { name } }
        activeContract { feePerSquareMeterMonth enterprise { name creditCode } } activeCommittee { members { name position } }
        fundAccount { balance } publicIncomeDisclosures(first: 4) { year quarter totals { net } } } }",
    "{ estates(first: 100) { edges { node { code name community { name town { name } }
        activeContract { enterprise { name } } activeCommittee { kind members { name position } } } } } }",
    "{ creditRanking(first: 20) { edges { node { rank enterprise { name } profile { score grade } } } } }",
    "{ complaintStatistics(groupBy: [TOWN, MONTH]) { rows { town { name } month count suppressed } total { count } } }",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_holds_under_a_mix_of_reads_and_writes() {
    let seconds: u64 = std::env::var("WUYE_SOAK_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let app = spawn_app_configured(Data::Demo, |s| {
        s.rate_limits.points = u64::MAX;
        s.rate_limits.staff_points = u64::MAX;
    })
    .await;
    let town = token("town", json!("340621100"), "soak-town");
    let codes: Vec<String> = app
        .data("{ estates(first: 100, filter: {townCode: \"340621100\"}) { edges { node { code } } } }", json!({}))
        .await["estates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["code"].as_str().unwrap().to_owned())
        .collect();
    let running = Arc::new(AtomicBool::new(true));
    let (requests, server_errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut workers = Vec::new();
    for worker in 0..16u64 {
        let (client, url, town, codes) = (app.client.clone(), app.graphql_url(), town.clone(), codes.clone());
        let (running, requests, server_errors) = (running.clone(), requests.clone(), server_errors.clone());
        workers.push(tokio::spawn(async move {
            let mut written = Vec::new();
            let mut n = 0u64;
            while running.load(Ordering::Relaxed) {
                n += 1;
                let write = (n + worker).is_multiple_of(5);
                let (body, name) = if write {
                    let name = format!("浸泡花园{worker}-{n}");
                    let input = json!({ "communityCode": "340621100001", "name": name, "address": "濉溪县1号",
                        "housingType": "COMMODITY", "serviceMode": "MARKET", "buildings": 1, "households": 10,
                        "privateArea": "1000.00", "managementRoomArea": "10.00" });
                    let query =
                        "mutation($input: CreateEstateInput!) { createEstate(input: $input) { estate { code } } }";
                    (json!({ "query": query, "variables": { "input": input } }), Some(name))
                } else {
                    let query = READS[(n % READS.len() as u64) as usize];
                    let code = &codes[(n as usize * 7 + worker as usize) % codes.len()];
                    (json!({ "query": query, "variables": { "code": code } }), None)
                };
                let mut request = client.post(&url).json(&body);
                if write {
                    request = request.bearer_auth(&town);
                }
                let Ok(response) = request.send().await else { continue };
                requests.fetch_add(1, Ordering::Relaxed);
                if response.status().is_server_error() {
                    server_errors.fetch_add(1, Ordering::Relaxed);
                }
                let answer: Value = response.json().await.unwrap_or(Value::Null);
                if let Some(name) = name
                    && answer.get("errors").is_none()
                {
                    written.push(name);
                }
            }
            written
        }));
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        samples.push(rss());
    }
    running.store(false, Ordering::Relaxed);
    let mut written = Vec::new();
    for worker in workers {
        written.extend(worker.await.unwrap());
    }
    let requests = requests.load(Ordering::Relaxed);
    let (first_half, second_half) = samples.split_at(samples.len() / 2);
    let peak = |s: &[u64]| s.iter().copied().max().unwrap_or(0) as f64 / (1024.0 * 1024.0);
    eprintln!(
        "soak: {requests} requests in {seconds} s ({:.0}/s), {} writes; RSS peak {:.1} MiB in the first half, {:.1} MiB in the second",
        requests as f64 / seconds as f64,
        written.len(),
        peak(first_half),
        peak(second_half)
    );
    assert_eq!(server_errors.load(Ordering::Relaxed), 0, "no 5xx");
    assert!(requests > 20 && !written.is_empty(), "the load ran");
    // Memory flat: the second half needs at most a little more than the first, once the caches are warm.
    assert!(peak(second_half) <= peak(first_half) * 1.2 + 16.0, "memory kept growing");
    for name in &written {
        let sql = format!("SELECT COUNT(*) AS n FROM estate WHERE name = '{name}'");
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), 1, "{name} is in the database");
    }
    let check = api::service::audit::verify_chain(&app.db).await.unwrap();
    assert!(matches!(check, api::service::audit::ChainCheck::Intact(_)), "{check:?}");
}
