//! The `samverkan` binary as a user runs it: the CLI, import, bootstrap, the server and the README.

pub(crate) mod bench_http;
pub(crate) mod bootstrap;
pub(crate) mod cli;
pub(crate) mod contract_import;
pub(crate) mod faults;
pub(crate) mod import;
pub(crate) mod readme;
pub(crate) mod server;
