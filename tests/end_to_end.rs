//! End-to-end suites: the real store, the real binary and the real router against a real
//! PostgreSQL, a fresh database per test (see `harness`).

// A failed unwrap in a test is the test failing with its reason, which is what a test should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

mod api_client;
mod fixtures;

mod api_allocation;
mod api_audit_compliance;
mod api_audit_events;
mod api_audit_history;
mod api_audit_read_models;
mod api_audit_verify;
mod api_bodies;
mod api_contracts;
mod api_cooperations;
mod api_cooperations_list;
mod api_documents;
mod api_goals;
mod api_mandates;
mod api_meetings;
mod api_obligations;
mod api_openapi;
mod api_operations;
mod api_parties;
mod api_reads;
mod api_reads_decisions;
mod api_snapshots;
mod api_tokens;
mod api_transitions;
mod architecture;
mod audit_tamper;
mod bootstrap;
mod cli;
mod cli_audit;
mod decisions;
mod event_log;
mod event_lookups;
mod hash_rule;
mod import;
mod log_reader;
mod projection_runner;
mod read_model_allocation;
mod read_model_compare;
mod read_model_compliance;
mod read_model_contracts;
mod read_model_decisions;
mod read_model_documents;
mod read_model_history;
mod read_model_mandates;
mod read_model_membership;
mod read_model_obligations;
mod read_model_properties;
mod read_model_timeline;
mod readme;
mod register_facts;
mod replay;
mod seed_000;
mod seed_001;
mod seed_002;
mod seed_003;
mod seed_004;
mod seed_support;
mod server;
mod transitions_seed_003;
mod transitions_seed_004;
mod verify;
