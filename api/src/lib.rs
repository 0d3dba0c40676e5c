//! wuye: the open-government GraphQL API for property management in a Chinese county.
//!
//! The modules form layers, the arrows pointing down only, declared and tested in [`layers`]: the binary (`cli`),
//! the application (`app`, `telemetry`), `config`, `http`, the readers (`site`, `workbench`, `opendata`, `ratelimit`), the schema
//! (`graphql`, `demo`), the writes (`service`, `db`), `auth` / `error` / `metrics`, and the rules (`domain`); the
//! `entity` crate below them all. ARCHITECTURE.md at the root is the map.

// The merged `Query` root is a deep nest of generic futures, as in the binary.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod import;
pub mod layers;
pub mod metrics;
pub mod opendata;
pub mod ratelimit;
pub mod service;
pub mod site;
pub mod telemetry;
pub mod touched;
pub mod workbench;

pub use app::Application;
