//! End-to-end tests: the real server on 127.0.0.1:0 with a fresh database of its own, driven over HTTP as a
//! client would. One test binary (a module per area), because every test binary links the whole stack.
//! With `WUYE_TEST_DATABASE_URL=postgres://…` set, every test runs against PostgreSQL instead of SQLite.

mod helpers;

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
mod direct;
mod disclosures;
mod emergency;
mod enterprises;
mod estates;
mod examples;
mod faults;
mod funds;
mod fuzz;
mod http;
mod lifecycle;
mod limits;
mod mutations;
mod nodes;
mod opendata;
mod ratelimits;
mod regions;
mod schema;
mod site;
mod statements;
