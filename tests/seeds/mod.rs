//! The five seed cooperations imported from `data/scenarios`, and the transitions of seeds 003 and 004.

pub(crate) mod seed_000;
pub(crate) mod seed_001;
pub(crate) mod seed_002;
pub(crate) mod seed_003;
pub(crate) mod seed_004;
pub(crate) mod transition_003;
pub(crate) mod transition_004;
