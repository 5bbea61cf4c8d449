//! Serving the register: the JSON API under `/api/v1` (see [`api`]) and the web app under `/`
//! (see [`web`]) on one port, beside the projection runner that keeps the read models up to
//! date with the log.

use std::net::SocketAddr;

use eventlog::EventLog;
use projections::{ProjectionError, ProjectionRunner};

use crate::connections::{self, ConnectionLimits};
use api::health::outage::{self, OutageLog};
use api::{AppState, HttpSettings};
use axum::http::StatusCode;
use axum::{middleware, Router};
use register::database::Database;
use tower_http::timeout::TimeoutLayer;
use web::{WebSettings, WebState};

/// The whole server: the JSON API, its health probes and the web app. The API keeps its own
/// answers for what it does not know (problem details); every other path is the web app's.
/// The whole server on `pool` with default settings, both faces sharing one log as `serve`'s do:
/// what the benchmarks time.
pub fn router_on(pool: sqlx::PgPool) -> Router {
    let log = EventLog::new(pool);
    router(
        AppState::new(log.clone(), HttpSettings::default()),
        WebState::new(log, WebSettings::default()),
    )
}

pub fn router(api: AppState, web: WebState) -> Router {
    // One outage log for both faces, so that an outage is logged once whichever face met it.
    let outages = OutageLog::new(api.pool.clone());
    // The API bounds its requests itself, with a problem for an answer; the web app's pages are
    // bounded here by the same time, so that a form posted slowly cannot hold a task forever.
    let web = web::app(web).layer(TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        api.settings.request_timeout,
    ));
    api::app(api)
        .merge(web)
        .layer(middleware::from_fn_with_state(outages, outage::watch))
}

/// Serves `database` on `listen` until interrupted (Ctrl-C or SIGTERM), finishing open requests,
/// while the projection runner keeps the read models up to date with the log.
pub async fn serve(
    listen: SocketAddr,
    database: Database,
    settings: HttpSettings,
    web_settings: WebSettings,
    limits: ConnectionLimits,
) -> Result<(), ServeError> {
    let runner = ProjectionRunner::new(database.pool.clone());
    // Read models built by another version are rebuilt before the server answers, so that no
    // query reads tables the running code does not understand.
    runner.prepare().await?;
    // One log for both faces, so that a form and an API call share the group commit and take
    // turns on the same stream.
    let log = EventLog::new(database.pool);
    let web_state = WebState::new(log.clone(), web_settings);
    let forgetting = tokio::spawn(forget_expired_answers(
        log.pool().clone(),
        settings.idempotency_retention,
    ));
    let state = AppState::new(log, settings);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(ServeError::Listen)?;
    let address = listener.local_addr().map_err(ServeError::Listen)?;
    tracing::info!("listening on http://{address}; the web app is at http://{address}/ and the API at http://{address}/api/v1");

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let following = tokio::spawn(async move {
        let mut stopped = stopped;
        runner
            .follow(async move {
                // An error means the sender is gone, which also means stop.
                let _ = stopped.wait_for(|stop| *stop).await;
            })
            .await;
    });
    let limits = ConnectionLimits {
        max_connections: connections::connections_that_fit(limits.max_connections),
        ..limits
    };
    connections::serve(
        listener,
        router(state, web_state),
        limits,
        shutdown_signal(),
    )
    .await;
    let _ = stop.send(true);
    forgetting.abort();
    if let Err(error) = following.await {
        tracing::error!(%error, "the projection runner ended abnormally");
    }
    Ok(())
}

/// How often the server forgets idempotent answers older than their retention.
const FORGET_EXPIRED_ANSWERS_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Forgets expired idempotent answers now and then, for as long as the server runs. A round
/// that fails (the database away, say) is tried again at the next.
async fn forget_expired_answers(pool: sqlx::PgPool, retention: std::time::Duration) {
    let mut rounds = tokio::time::interval(FORGET_EXPIRED_ANSWERS_EVERY);
    loop {
        rounds.tick().await;
        if let Err(error) = api::idempotency::forget_expired_answers(&pool, retention).await {
            tracing::debug!(%error, "expired idempotent answers could not be forgotten this round");
        }
    }
}

/// Why the server stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("the server stopped: {0}")]
    Listen(#[source] std::io::Error),
    #[error("the read models could not be prepared: {0}")]
    ReadModels(#[from] ProjectionError),
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(
            tokio::signal::unix::SignalKind::terminate(),
        ) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}
