//! The `samverkan` binary's wiring: the command line, the server, `replay`'s report and the
//! scenario importer. The rules live in `domain`, the log in `eventlog`, the read models in
//! `projections`, the command side in `register`, the JSON API in `api` and the measurements in
//! `bench`; this crate only connects them.
//!
//! The importer lives here rather than in `register` because it rehearses a scenario's steps
//! through the JSON API's router (`api::app`), which itself stands on the register.
//!
//! Errors: [`cli::CliError`] for anything a command fails at, which `main` turns into a message
//! and an exit code.

pub mod cli;
pub mod connections;
pub mod contract_import;
pub mod import;
pub mod replay;
pub mod server;
