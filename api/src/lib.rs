//! wuye: the open-government GraphQL API for property management in a Chinese county.
//!
//! Layers, with the arrows pointing down only: `http` (routes, endpoint checks, tokens) → `opendata` (downloads and
//! the catalog, read through the public schema) → `graphql` (schema,
//! resolvers, loaders) → `service` (writes: scope check, rule, write, audit, in one transaction) → `domain` (rules
//! as plain functions) and the `entity` crate (tables, code lists, record kinds). ARCHITECTURE.md at the root is the
//! map.

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
pub mod layers;
pub mod metrics;
pub mod opendata;
pub mod ratelimit;
pub mod service;
pub mod site;
pub mod telemetry;

pub use app::Application;
