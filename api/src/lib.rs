//! Wires Samverkan together: the command line, the HTTP server, configuration and the database
//! bootstrap. The rules live in `domain`, the log in `eventlog`, the read models in `projections`;
//! this crate only connects them.
//!
//! Errors: [`database::BootstrapError`] when no database can be made ready, [`cli::CliError`] for
//! anything a command fails at, which `main` turns into a message and an exit code.

pub mod access;
pub mod audit;
pub mod bench;
pub mod cli;
pub mod database;
pub mod http;
pub mod import;
pub mod register;
pub mod replay;
pub mod server;
