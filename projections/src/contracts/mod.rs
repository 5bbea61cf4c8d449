//! The procurement contracts and framework agreements of a cooperation, their term, extension
//! options and expiries, and who holds each and may call off under it on any day, as the
//! register knew it at any moment.
//!
//! It follows the `Contract` streams. A contract's term runs from its first day through its
//! current last day: the registered last day, or the day the last exercised option extended it
//! to. Its holder is the registering cooperation from the first day, and each reassignment's
//! holder from its day, until the next reassignment or the end of the term; outside the term a
//! contract has no holder and no callers.
//!
//! - [`contracts_of_cooperation`]: every contract the cooperation registered, or holds in some
//!   period of its term, whatever that term is (so expired and future contracts show too), with
//!   its holder and callers on `as_of`.
//! - [`expiries`]: the same contracts whose current last day is on or after `as_of`, by last
//!   day, with the days left and the options remaining.
//! - [`contracts_of_party`]: the contracts a party may call off under on `as_of`.
//!
//! Each query comes in two parts: the one taking a pool resolves the clocks and takes a
//! connection; the `…_at` one runs on a connection with fixed clocks, so that a caller can read
//! rows it has applied inside a transaction of its own (a transition's preview).
//!
//! Every change to a contract closes the `known` of all its current rows and inserts the new
//! versions, computed from those rows and the event: a contract's stream is a handful of events.

mod apply;
mod query;

pub(crate) use apply::apply;
pub use query::{
    contract, contracts_of_cooperation, contracts_of_cooperation_at, contracts_of_party,
    contracts_of_party_at, expiries, expiries_at, ContractEntry, ContractExtension, ContractsView,
    ExpiriesView, Expiry,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["contracts", "contract_holders", "contract_callers"];
