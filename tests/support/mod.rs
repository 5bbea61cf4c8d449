//! What the suites share: a fresh database per test, an HTTP client with tokens, domain fixtures and imported seeds.

pub(crate) mod api_client;
pub(crate) mod fixtures;
pub(crate) mod harness;
pub(crate) mod seeds;
