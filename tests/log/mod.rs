//! The event log: appending, the typed lookups, and reading it back.

pub(crate) mod append;
pub(crate) mod group_commit;
pub(crate) mod lookups;
pub(crate) mod reader;
pub(crate) mod roles;
