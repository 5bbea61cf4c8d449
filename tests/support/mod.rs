//! What the suites share: a fresh database per test, an HTTP client with tokens, domain
//! fixtures, a register set up from `data/scenarios`, imported seeds, and the assertions on the
//! log and on refused requests.

pub(crate) mod api_client;
pub(crate) mod browser;
pub(crate) mod citations;
pub(crate) mod cli;
pub(crate) mod contract_sheets;
pub(crate) mod fixtures;
pub(crate) mod governance;
pub(crate) mod harness;
pub(crate) mod inkopsnamnden;
pub(crate) mod log;
pub(crate) mod problems;
pub(crate) mod scenario;
pub(crate) mod seeds;
