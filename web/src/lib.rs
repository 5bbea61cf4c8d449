//! The web app: the register in Swedish for people in a browser, served under `/` beside the
//! JSON API under `/api/v1`.
//!
//! Pages are rendered on the server from askama templates, which are checked when this crate
//! compiles, and work without JavaScript. They read the same read models as the API and, when
//! they write, go through the same register, so rules, events and errors are identical. The app
//! never reads the `events` table itself.
//!
//! Code map:
//! - [`pages`]: one module per page, each a handler and its template;
//! - [`forms`]: what every recording form shares: its fields, its guard (CSRF token, its own
//!   key so that it writes once, the version it was rendered from), and the register's refusal
//!   beside the field it names;
//! - [`refusals`]: the register's refusals in the secretary's words, shown above the
//!   register's own message;
//! - [`session`]: signing in with a token, the session cookie, CSRF tokens, and the refusal of
//!   forms posted from another site;
//! - [`time_bar`]: the two clocks every page is read at, carried in the URL;
//! - [`error`]: [`WebError`], the one error type of this boundary, rendered as a Swedish page;
//! - [`names`]: parties by name and bases by citation, instead of codes and ids;
//! - [`words`]: the Swedish words for the register's terms;
//! - [`assets`]: the stylesheet, embedded in the binary.

pub mod assets;
pub mod charts;
pub mod error;
pub mod forms;
pub mod names;
pub mod pages;
pub mod refusals;
pub mod session;
pub mod time_bar;
pub mod words;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::routing::{get, post};
use axum::{middleware, Router};
use eventlog::EventLog;
use register::access::SessionStore;
use register::clock::Clock;
use sqlx::PgPool;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

pub use error::WebError;

/// How the web app treats its visitors.
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// How long a session lasts after signing in.
    pub session_lifetime: Duration,
    /// Whether the session cookie is sent over TLS only: set it when the app is served over HTTPS,
    /// for example behind a proxy that terminates TLS.
    pub secure_cookies: bool,
    /// Whether the notice board (`/anslagstavla` and its Atom feed) is open without signing in,
    /// as it is when the server makes posted decisions public.
    pub public_notice_board: bool,
}

impl Default for WebSettings {
    fn default() -> WebSettings {
        WebSettings {
            // A working day: a secretary signs in once in the morning.
            session_lifetime: Duration::from_secs(8 * 60 * 60),
            secure_cookies: false,
            public_notice_board: false,
        }
    }
}

/// What every page may use.
#[derive(Debug, Clone)]
pub struct WebState {
    /// The log as this process's writers share it: every form's register is made from it.
    pub log: EventLog,
    pub pool: PgPool,
    pub sessions: SessionStore,
    pub settings: Arc<WebSettings>,
    /// Where today comes from, for a page read without a day in its time bar.
    pub clock: Clock,
}

impl WebState {
    /// The state of the web app on `log`; see `api::AppState::new` for why the faces of one
    /// server share it.
    pub fn new(log: impl Into<EventLog>, settings: WebSettings) -> WebState {
        let log = log.into();
        let pool = log.pool().clone();
        WebState {
            log,
            sessions: SessionStore::new(pool.clone()),
            pool,
            settings: Arc::new(settings),
            clock: Clock::local(),
        }
    }

    /// The same state with today taken from `clock`, such as a fixed day in a test.
    pub fn with_clock(self, clock: Clock) -> WebState {
        WebState { clock, ..self }
    }
}

/// The largest form the app accepts: a pasted token is 68 characters, and a form of the app is
/// a few fields.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// The pages that take a spreadsheet, which is far larger than any form: the file itself, or, from
/// a preview, the file it read carried as hex.
fn spreadsheet_uploads() -> Router<WebState> {
    use pages::administrator::contract_import;
    let largest = 2 * contract_import::MAX_SHEET_BYTES + MAX_FORM_BYTES;
    Router::new()
        .route(
            "/samverkan/{id}/avtal/import",
            get(contract_import::form).post(contract_import::submit),
        )
        .layer(DefaultBodyLimit::max(largest))
        .layer(RequestBodyLimitLayer::new(largest))
}

/// The web app's routes, with its own fallback: a Swedish page for a path it does not know.
pub fn app(state: WebState) -> Router {
    Router::new()
        .route("/", get(pages::start::start))
        .route(
            session::SIGN_IN_PATH,
            get(pages::sign_in::form).post(pages::sign_in::sign_in),
        )
        .route(session::SIGN_OUT_PATH, post(pages::sign_in::sign_out))
        .route("/samverkan/{id}", get(pages::cooperation::cooperation))
        .route("/organ/{id}", get(pages::body::body))
        .route("/part/{code}", get(pages::party::party))
        .route("/dokument/{id}", get(pages::document::document_page))
        .route("/sammantrade/{id}", get(pages::meeting::meeting_page))
        .route(
            "/sammantrade/{id}/paragraf/{number}",
            get(pages::meeting::paragraph_page),
        )
        .route("/sammantrade/{id}/kallelse", get(pages::protokoll::notice))
        .route(
            "/sammantrade/{id}/protokoll",
            get(pages::protokoll::minutes),
        )
        .route(
            "/sammantrade/{id}/paragraf/{number}/rattelse",
            get(pages::secretary::correction::form).post(pages::secretary::correction::submit),
        )
        .route(
            "/sammantrade/{id}/paragraf/{number}/upphavande",
            get(pages::secretary::revocation::form).post(pages::secretary::revocation::submit),
        )
        .route(
            "/sammantrade/{id}/paragraf/{number}/utdrag",
            get(pages::protokoll::extract),
        )
        .route(
            "/organ/{id}/sammantraden.ics",
            get(pages::calendar::calendar),
        )
        .route(
            "/organ/{id}/ledamoter",
            get(pages::secretary::membership::members),
        )
        .route(
            "/organ/{id}/ledamoter/ny",
            get(pages::secretary::membership::appointment::form)
                .post(pages::secretary::membership::appointment::submit),
        )
        .route(
            "/organ/{id}/ledamoter/{membership}/ratta",
            get(pages::secretary::membership::correction::form)
                .post(pages::secretary::membership::correction::submit),
        )
        .route(
            "/organ/{id}/ledamoter/{membership}/avsluta",
            get(pages::secretary::membership::end::form)
                .post(pages::secretary::membership::end::submit),
        )
        .route(
            "/organ/{id}/kalla",
            get(pages::secretary::call::form).post(pages::secretary::call::submit),
        )
        .route(
            "/sammantrade/{id}/upprop",
            get(pages::secretary::roll::form).post(pages::secretary::roll::submit),
        )
        .route(
            "/sammantrade/{id}/beslut",
            get(pages::secretary::decision::form).post(pages::secretary::decision::submit),
        )
        .route(
            "/sammantrade/{id}/narvaro",
            get(pages::secretary::minutes::attendance_form)
                .post(pages::secretary::minutes::record_attendance),
        )
        .route(
            "/sammantrade/{id}/justering",
            get(pages::secretary::minutes::minutes_form)
                .post(pages::secretary::minutes::record_minutes_step),
        )
        .route(
            "/omstallning/{id}",
            get(pages::administrator::workbench::workbench),
        )
        .route(
            "/omstallning/{id}/avtal",
            get(pages::administrator::contracts::contracts),
        )
        .route(
            "/omstallning/{id}/kostnader",
            get(pages::administrator::cost_shares::cost_shares_page),
        )
        .route(
            "/omstallning/{id}/forhandsvisning",
            get(pages::administrator::preview::preview),
        )
        .route(
            "/omstallning/{id}/beslutsunderlag",
            get(pages::administrator::decision_basis::decision_basis),
        )
        .route(
            "/omstallning/{id}/genomforande",
            get(pages::administrator::carry_out::form)
                .post(pages::administrator::carry_out::submit),
        )
        .route(
            "/omstallning/{id}/steg/{key}",
            get(pages::administrator::step::form).post(pages::administrator::step::submit),
        )
        .route(
            "/omstallning/{id}/avtal/{contract}",
            get(pages::administrator::disposition::form)
                .post(pages::administrator::disposition::submit),
        )
        .route(
            "/omstallning/{id}/ataganden/{obligation}",
            get(pages::administrator::mapping::form).post(pages::administrator::mapping::submit),
        )
        .route(
            "/omstallning/{id}/parter/{code}",
            get(pages::administrator::party_decision::form)
                .post(pages::administrator::party_decision::submit),
        )
        .route(
            "/omstallning/{id}/samverkansavtal",
            get(pages::administrator::agreement::form)
                .post(pages::administrator::agreement::submit),
        )
        .route(
            pages::administrator::outside_decision::PATH,
            get(pages::administrator::outside_decision::form)
                .post(pages::administrator::outside_decision::submit),
        )
        // The administrator's set-up forms: parties and their population, cooperations, the
        // parties admitted to them, their bodies, their obligations and closures, a body's
        // mandates and delegations, and a cooperation's budgets and governing documents.
        .route(
            pages::administrator::setup::party::PATH,
            get(pages::administrator::setup::party::form)
                .post(pages::administrator::setup::party::submit),
        )
        .route(
            "/part/{code}/folkmangd",
            get(pages::administrator::setup::population::form)
                .post(pages::administrator::setup::population::submit),
        )
        .route(
            pages::administrator::setup::cooperation::PATH,
            get(pages::administrator::setup::cooperation::form)
                .post(pages::administrator::setup::cooperation::submit),
        )
        .route(
            "/samverkan/{id}/parter/ny",
            get(pages::administrator::setup::admission::form)
                .post(pages::administrator::setup::admission::submit),
        )
        .route(
            "/samverkan/{id}/organ/ny",
            get(pages::administrator::setup::body::form)
                .post(pages::administrator::setup::body::submit),
        )
        .route(
            "/samverkan/{id}/ataganden/ny",
            get(pages::administrator::setup::obligation::form)
                .post(pages::administrator::setup::obligation::submit),
        )
        .route(
            "/samverkan/{id}/ataganden/{obligation}/avslut",
            get(pages::administrator::setup::closure::form)
                .post(pages::administrator::setup::closure::submit),
        )
        .route(
            "/organ/{id}/mandat",
            get(pages::administrator::setup::mandates::mandates),
        )
        .route(
            "/organ/{id}/mandat/ny",
            get(pages::administrator::setup::mandate::form)
                .post(pages::administrator::setup::mandate::submit),
        )
        .route(
            "/organ/{id}/mandat/{mandate}/delegering",
            get(pages::administrator::setup::delegation::form)
                .post(pages::administrator::setup::delegation::submit),
        )
        .route(
            "/samverkan/{id}/budget/ny",
            get(pages::administrator::setup::budget::form)
                .post(pages::administrator::setup::budget::submit),
        )
        .route(
            "/samverkan/{id}/budget/{year}",
            get(pages::administrator::setup::budgets::budget),
        )
        .route(
            "/samverkan/{id}/dokument/ny",
            get(pages::administrator::setup::document::form)
                .post(pages::administrator::setup::document::submit),
        )
        .route(
            "/dokument/{id}/andring",
            get(pages::administrator::setup::amendment::form)
                .post(pages::administrator::setup::amendment::submit),
        )
        .route(pages::log::PATH, get(pages::log::log))
        .route(
            "/granskning/historik/{entity}",
            get(pages::history::history_page),
        )
        .route(pages::board::PATH, get(pages::board::board))
        .route(pages::board::FEED_PATH, get(pages::board::feed))
        .route(assets::STYLESHEET_PATH, get(assets::stylesheet))
        .route(assets::ROLL_CALL_SCRIPT_PATH, get(assets::roll_call_script))
        .fallback(pages::not_found)
        .layer(RequestBodyLimitLayer::new(MAX_FORM_BYTES))
        .merge(spreadsheet_uploads())
        .layer(middleware::from_fn(session::refuse_cross_site_posts))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    tracing::info_span!(
                        "page",
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                })
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                )
                .on_failure(page_failure_logged),
        )
        .with_state(state)
}

/// A page that failed, logged in its span as the API logs its failures: a 503 (not caught up,
/// out of time, or the database away) only at `debug`, since the page's own line at `info`
/// gives its status and an outage is logged once by the server's outage log; any other failure
/// at `error`.
fn page_failure_logged(
    failure: tower_http::classify::ServerErrorsFailureClass,
    latency: Duration,
    _span: &tracing::Span,
) {
    let latency = latency.as_millis();
    match failure {
        tower_http::classify::ServerErrorsFailureClass::StatusCode(status)
            if status == axum::http::StatusCode::SERVICE_UNAVAILABLE =>
        {
            tracing::debug!(%status, latency_ms = latency, "response failed");
        }
        failure => {
            tracing::error!(classification = %failure, latency_ms = latency, "response failed")
        }
    }
}
