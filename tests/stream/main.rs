//! A download streams in constant memory: 100,000 estates come out as a CSV of tens of megabytes while the server's
//! memory grows by a small part of that. Its own test binary, so that no other test's server shares the process
//! whose memory it reads.

#[path = "../e2e/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use helpers::spawn_app;
use sea_orm::ConnectionTrait;

/// A figure of this process from /proc/self/status, in bytes.
fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with(field)).expect("the field");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()).expect("kB") * 1024
}

#[tokio::test]
async fn a_download_of_100000_estates_keeps_memory_flat() {
    let app = spawn_app().await;
    let insert = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
        INSERT INTO estate (community_id, code, name, name_sort, address, latitude_e6, longitude_e6, housing_type, \
        service_mode, five_basics, buildings, households, occupied_households, private_area, management_room_area, \
        completed_year, version, created_at, updated_at) \
        SELECT e.community_id, 'ZZ' || n.i, e.name, e.name_sort, e.address, e.latitude_e6, e.longitude_e6, \
        e.housing_type, e.service_mode, e.five_basics, e.buildings, e.households, e.occupied_households, \
        e.private_area, e.management_room_area, e.completed_year, 1, e.created_at, e.updated_at \
        FROM n, (SELECT * FROM estate ORDER BY id LIMIT 1) e";
    app.db.execute_unprepared(insert).await.expect("100,000 more estates");

    // Warm up (code paths, pools), then read the baseline.
    let warm = app.client.get(format!("{}/data/towns.csv", app.address)).send().await.unwrap();
    warm.bytes().await.unwrap();
    let baseline = status("VmRSS:");
    let mut response = app.client.get(format!("{}/data/estates.csv", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let (mut bytes, mut lines, mut peak) = (0u64, 0u64, baseline);
    // Memory once a quarter of the rows are out: the page buffers, caches and pools are all in use by then.
    let mut at_quarter = None;
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        peak = peak.max(status("VmRSS:"));
        if lines >= 25_000 && at_quarter.is_none() {
            at_quarter = Some((bytes, peak));
        }
    }
    assert!(lines > 100_000, "every estate and the header: {lines} lines");
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let (quarter_bytes, quarter_rss) = at_quarter.expect("a quarter of the rows");
    let (growth, later) = (peak.saturating_sub(baseline), peak.saturating_sub(quarter_rss));
    eprintln!(
        "downloaded {:.1} MiB; memory grew {:.1} MiB in all, {:.1} MiB over the last {:.1} MiB sent",
        mib(bytes),
        mib(growth),
        mib(later),
        mib(bytes - quarter_bytes)
    );
    assert!(bytes > 10 * 1024 * 1024, "a large download: {:.1} MiB", mib(bytes));
    // Buffered, the last three quarters would add at least their own size; streamed, memory stays where it was,
    // give or take the allocator's noise (a run on a busy machine once showed 3.3 MiB over 10.9 MiB sent).
    assert!(later < (bytes - quarter_bytes) / 2, "memory kept growing: {:.1} MiB", mib(later));
    assert!(growth < 32 * 1024 * 1024, "memory grew {:.1} MiB", mib(growth));
}
