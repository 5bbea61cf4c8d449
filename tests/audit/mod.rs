//! The auditor's toolkit: verification, tampering, the hash rule, and the audit reads over HTTP and the CLI.

pub(crate) mod cli;
pub(crate) mod compliance_over_http;
pub(crate) mod events_over_http;
pub(crate) mod export_fuzz;
pub(crate) mod hash_rule;
pub(crate) mod history_over_http;
pub(crate) mod read_models_over_http;
pub(crate) mod restore;
pub(crate) mod tamper;
pub(crate) mod verify;
pub(crate) mod verify_over_http;
