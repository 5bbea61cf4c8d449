//! The read models: each one as of a date and as known at a position, the runner, and replay.

pub(crate) mod allocation;
pub(crate) mod bodies;
pub(crate) mod citations;
pub(crate) mod compare;
pub(crate) mod compliance;
pub(crate) mod contracts;
pub(crate) mod decisions;
pub(crate) mod documents;
pub(crate) mod history;
pub(crate) mod mandates;
pub(crate) mod membership;
pub(crate) mod obligations;
pub(crate) mod properties;
pub(crate) mod replay;
pub(crate) mod runner;
pub(crate) mod timeline;
