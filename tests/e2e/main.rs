//! End-to-end tests: the real server on 127.0.0.1:0 with a fresh database of its own, driven over HTTP as a
//! client would. One test binary (a module per area), because every test binary links the whole stack.
//! With `WUYE_TEST_DATABASE_URL=postgres://…` set, every test runs against PostgreSQL instead of SQLite.

mod helpers;

mod assemblies;
mod assessments;
mod audit;
mod auth;
mod caching;
mod committees;
mod complaints;
mod compliance;
mod constraints;
mod contracts;
mod credit;
mod dependencies;
mod direct;
mod disclosures;
mod edge;
mod emergency;
mod enforcement;
mod enterprises;
mod estates;
mod examples;
mod faults;
mod funds;
mod fuzz;
mod hazards;
mod http;
mod import;
mod lifecycle;
mod limits;
mod lists;
mod mutations;
mod nodes;
mod opendata;
mod province;
mod ratelimits;
mod regions;
mod schema;
mod site;
mod statements;
mod supervision;
mod tenders;
mod traces;
mod workbench;

/// Every file of this folder is a module of the suite: a file left out of the list above would never run, and
/// nothing else would say so.
#[test]
fn every_test_file_is_a_module_of_the_suite() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    let main = std::fs::read_to_string(folder.join("main.rs")).expect("main.rs");
    let modules: Vec<&str> = main.lines().filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';')).collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the suite's folder") {
        let path = entry.expect("an entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let is_module = path.extension().is_some_and(|e| e == "rs") || path.join("mod.rs").exists();
        if is_module && name != "main" && !modules.contains(&name) {
            missing.push(name.to_owned());
        }
    }
    assert!(missing.is_empty(), "files of tests/e2e that are no module of main.rs (they never run): {missing:?}");
}
