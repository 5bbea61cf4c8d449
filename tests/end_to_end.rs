//! End-to-end suites: the real store, the real binary and the real router against a real
//! PostgreSQL, a fresh database per test (see `support::harness`).

// A failed unwrap in a test is the test failing with its reason, which is what a test should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod api;
mod audit;
mod binary;
mod commands;
mod log;
mod read_models;
mod seeds;
mod web;

mod architecture;
