//! The endpoints, one module per kind of resource. Each module's `router` lists its handlers
//! with `utoipa_axum::routes!`, which registers the handler and its OpenAPI operation together.
//!
//! Conventions every module keeps:
//! - a command is a POST; it answers 201 and a [`Receipt`](super::command::Receipt) when it
//!   creates a resource, 200 when it changes one, with the resource's address in `Location`;
//! - ids in paths are UUIDs, except that a party is addressed by its official code;
//! - a fact the register already holds (a cooperation's parties, the day it was established,
//!   whether a body is a joint committee) is looked up, never taken from the request;
//! - a read is a GET taking [`ReadParams`](super::reading::ReadParams) and answering with
//!   `as_of`, `known_at` and `next_cursor` beside its entries.

mod allocation;
mod audit_compliance;
mod audit_events;
mod audit_history;
mod audit_read_models;
mod audit_verify;
mod bodies;
mod contract_import;
mod contracts;
mod cooperations;
mod documents;
mod external_decisions;
mod goals;
mod mandates;
mod meetings;
mod obligations;
mod parties;
mod reads_addresses;
mod reads_bodies;
mod reads_body_list;
mod reads_contracts;
mod reads_cooperations;
mod reads_documents;
mod reads_external_decisions;
mod reads_meetings;
mod reads_parties;
mod reads_shared;
mod reads_transitions;
mod transitions;

use utoipa_axum::router::OpenApiRouter;

use super::AppState;

/// Every endpoint under `/api/v1`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(parties::router())
        .merge(meetings::router())
        .merge(cooperations::router())
        .merge(bodies::router())
        .merge(external_decisions::router())
        .merge(documents::router())
        .merge(mandates::router())
        .merge(goals::router())
        .merge(obligations::router())
        .merge(contracts::router())
        .merge(contract_import::router())
        .merge(reads_addresses::router())
        .merge(reads_bodies::router())
        .merge(reads_body_list::router())
        .merge(reads_external_decisions::router())
        .merge(reads_meetings::router())
        .merge(reads_parties::router())
        .merge(reads_cooperations::router())
        .merge(reads_documents::router())
        .merge(allocation::router())
        .merge(reads_contracts::router())
        .merge(transitions::router())
        .merge(reads_transitions::router())
        .merge(audit_verify::router())
        .merge(audit_compliance::router())
        .merge(audit_history::router())
        .merge(audit_events::router())
        .merge(audit_read_models::router())
}
