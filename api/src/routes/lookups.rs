//! Empty: the lookups the command endpoints once shared (a named cooperation's facts, a named
//! body, the state of the resource in the path) are the register's own now, in its one
//! fact-gathering step per command (`register::Gather`). The `mod lookups;` line in
//! `routes/mod.rs` and this file are left for whoever next edits that module to remove.
