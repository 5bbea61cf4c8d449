//! The HTTP API: JSON commands and queries under `/api/v1`, with its OpenAPI document, problem
//! details, bearer tokens, idempotent retries, request ids and limits.
//!
//! Code map:
//! - [`routes`]: one module per kind of resource; each handler is annotated with
//!   `#[utoipa::path]` and registered with `utoipa_axum::routes!`, so the router and the OpenAPI
//!   document are built from the same list and cannot drift apart;
//! - [`problem`]: the one error type of this boundary, [`ApiError`], and its rendering;
//! - [`auth`]: the [`auth::Caller`] and what each role may do; [`roles`]: the role each
//!   operation needs, as its OpenAPI security requirement names it, refused before the request
//!   is read;
//! - [`command`] and [`reading`]: what every command and every read-model endpoint share;
//! - [`idempotency`]: retries under an `Idempotency-Key`;
//! - [`citing`]: the citation beside every legal basis of a read's answer;
//! - [`health`]: `/healthz` and `/readyz`.

pub mod auth;
pub mod citing;
pub mod command;
pub mod extract;
pub mod health;
pub mod idempotency;
mod integer_ranges;
mod known_fields;
pub mod openapi;
pub mod page;
pub mod party_names;
pub mod problem;
pub mod reading;
pub mod request_id;
pub mod roles;
pub mod routes;
mod stored_as_is;
pub mod strict_query;

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::get;
use axum::{middleware, Json, Router};
use eventlog::{EventLog, LogReader};
use sqlx::PgPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use register::access::TokenStore;

pub use problem::ApiError;

/// Which reads are open to callers without a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AnonymousReads {
    /// Every read needs a token.
    #[default]
    None,
    /// The decision register may be read without a token, showing only decisions whose minutes
    /// have been posted on the notice board (anslag), which makes them public.
    PublicDecisions,
}

/// How the server treats requests.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub anonymous_reads: AnonymousReads,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a request may take before it is answered with 503.
    pub request_timeout: Duration,
    /// How many events a read model may lag behind the log while `/readyz` still says ready.
    pub ready_max_lag: u64,
    /// How long a read model may stand still while the log holds events it has not applied,
    /// before `/readyz` says the server is not ready.
    pub ready_max_stall: Duration,
    /// How long the answer to a request under an `Idempotency-Key` is kept; after that the key
    /// is free for a new request (see [`idempotency`]).
    pub idempotency_retention: Duration,
}

/// How long idempotent answers are kept by default: a day, long enough for any client's retries
/// and short enough that the table stays small.
pub const DEFAULT_IDEMPOTENCY_RETENTION: Duration = Duration::from_secs(24 * 60 * 60);

/// The lag `/readyz` tolerates by default: a burst of writes that a read model applies within
/// a few seconds, not one it has fallen hopelessly behind.
pub const DEFAULT_READY_MAX_LAG: u64 = 10_000;

/// How long a read model may stand still behind the log by default: five times the runner's
/// poll interval, so that a lost notification alone never turns the server not ready.
pub const DEFAULT_READY_MAX_STALL: Duration = Duration::from_secs(10);

impl Default for HttpSettings {
    fn default() -> HttpSettings {
        HttpSettings {
            anonymous_reads: AnonymousReads::None,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            ready_max_lag: DEFAULT_READY_MAX_LAG,
            ready_max_stall: DEFAULT_READY_MAX_STALL,
            idempotency_retention: DEFAULT_IDEMPOTENCY_RETENTION,
        }
    }
}

/// What every handler may use.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The log as this process's writers share it: every command's register is made from it.
    pub log: EventLog,
    pub pool: PgPool,
    pub reader: LogReader,
    pub tokens: TokenStore,
    pub settings: Arc<HttpSettings>,
    /// Where each read model stood at the last `/readyz`, and since when.
    pub standing: Arc<health::Standing>,
    /// Where today comes from, for the reads that name no day; handlers reach it through the
    /// [`reading::Reading`] extractor rather than reading a clock themselves.
    pub clock: reading::Clock,
}

impl AppState {
    /// The state of a server on `log`: a pool alone makes a log of its own, and a server that
    /// also serves the web app passes both faces clones of one log, so that they share its group
    /// commit and its turns.
    pub fn new(log: impl Into<EventLog>, settings: HttpSettings) -> AppState {
        let log = log.into();
        let pool = log.pool().clone();
        AppState {
            log,
            reader: LogReader::new(pool.clone()),
            tokens: TokenStore::cached(pool.clone()),
            pool,
            settings: Arc::new(settings),
            standing: Arc::default(),
            clock: reading::Clock::local(),
        }
    }

    /// The same state with today taken from `clock`, such as a fixed day in a test.
    pub fn with_clock(self, clock: reading::Clock) -> AppState {
        AppState { clock, ..self }
    }
}

/// Where the API is served: every operation's path follows it.
pub const API_PREFIX: &str = "/api/v1";

/// The routes under `/api/v1` and the OpenAPI document that describes them.
pub fn api() -> (Router<AppState>, OpenApi) {
    let (router, mut document) = OpenApiRouter::with_openapi(openapi::document())
        .merge(routes::router())
        .split_for_parts();
    document.servers = Some(vec![utoipa::openapi::Server::new(API_PREFIX)]);
    openapi::add_shared_responses(&mut document);
    openapi::add_citations(&mut document);
    openapi::add_party_names(&mut document);
    (router, integer_ranges::with_exact_integer_ranges(document))
}

/// The whole server, so that tests can call it without a socket.
pub fn app(state: AppState) -> Router {
    let (api, document) = api();
    let query_parameters = Arc::new(strict_query::QueryParameters::of(&document));
    let operation_roles = Arc::new(roles::OperationRoles::of(&document));
    let document = Arc::new(document);
    let api = api
        // A path under /api/v1 that names no operation is the API's to answer, as problem
        // details, even when the server beside it answers every other path with a web page.
        .fallback(|| async { StatusCode::NOT_FOUND })
        .route(
            "/openapi.json",
            get(move || {
                let document = Arc::clone(&document);
                async move { Json(document.as_ref().clone()) }
            }),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.settings.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            query_parameters,
            strict_query::refuse_unknown_parameters,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            citing::cite_bases,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            idempotency::idempotent,
        ))
        .layer(middleware::from_fn_with_state(
            operation_roles,
            roles::require_role,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ));
    Router::new()
        .nest(API_PREFIX, api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .layer(RequestBodyLimitLayer::new(state.settings.max_body_bytes))
        .layer(CatchPanicLayer::custom(problem::panicked))
        .layer(middleware::from_fn(problem::render))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_id::request_span)
                .on_response(request_id::response_logged())
                .on_failure(request_id::failure_logged),
        )
        .layer(PropagateRequestIdLayer::new(request_id::REQUEST_ID_HEADER))
        .layer(SetRequestIdLayer::new(
            request_id::REQUEST_ID_HEADER,
            MakeRequestUuid,
        ))
        .with_state(state)
}
