//! The JSON API, operation by operation, through the real router.

pub(crate) mod allocation;
pub(crate) mod bodies;
pub(crate) mod contract_import;
pub(crate) mod contracts;
pub(crate) mod cooperations;
pub(crate) mod cooperations_list;
pub(crate) mod documents;
pub(crate) mod goals;
pub(crate) mod idempotency;
pub(crate) mod mandates;
pub(crate) mod meetings;
pub(crate) mod obligations;
pub(crate) mod openapi;
pub(crate) mod operations;
pub(crate) mod parties;
pub(crate) mod reads;
pub(crate) mod reads_body_list;
pub(crate) mod reads_decisions;
pub(crate) mod reads_external_decisions;
pub(crate) mod reads_parties;
pub(crate) mod snapshots;
pub(crate) mod strictness;
pub(crate) mod token_cache;
pub(crate) mod tokens;
pub(crate) mod transitions;
