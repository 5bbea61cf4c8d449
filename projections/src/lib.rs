//! Read models built from the event log.
//!
//! This crate is where the register's read models will live: membership, mandates, obligations,
//! decisions and documents, each answering `as_of` (valid time) and `known_at` (record time). They
//! will read the log by position through `eventlog::LogReader` and keep their checkpoint in the
//! same transaction as their rows, so that they can always be rebuilt to the same state. None
//! exists yet; the crate is here so that the boundary exists from the start.
