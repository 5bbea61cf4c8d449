//! `/healthz` (the process answers) and `/readyz` (it can serve: the database answers and every
//! read model keeps up with the log).

pub mod outage;
mod standing;

use std::time::Instant;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use projections::{checkpoint, ReadModel};
use serde::Serialize;
use utoipa::ToSchema;

pub use standing::Standing;

use super::AppState;

/// How many seconds a client is told to wait before it asks `/readyz` again: about how long the
/// runner takes to notice appended events when a notification is lost.
pub const RETRY_READY_AFTER_SECONDS: u32 = 5;

/// Whether the server can serve, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// The position of the log's last event; absent when the database did not answer.
    pub log_head: Option<u64>,
    /// The chain hash at that position, which an auditor may publish to anchor the log.
    pub log_head_hash: Option<String>,
    /// Each read model and the position it has applied.
    pub read_models: Vec<ReadModelProgress>,
    /// Why the server is not ready; empty when it is.
    pub reasons: Vec<String>,
}

/// How far one read model has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReadModelProgress {
    pub read_model: String,
    /// The last position applied; absent if the read model has not been built.
    pub position: Option<u64>,
    /// How many events of the log it has still to apply; absent if it has not been built.
    pub behind: Option<u64>,
}

/// The process is up and answering. It asks nothing of the database, so that an orchestrator
/// does not restart a server because its database is down.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers, and every read model keeps up with the log: none is more than
/// `--ready-max-lag` events behind it, and none has stood still for `--ready-max-stall-seconds`
/// while behind. A server that is busy catching up stays ready; one whose read model stopped, or
/// fell far behind, is not, and says which and by how much. A 503 asks the client to try again
/// after [`RETRY_READY_AFTER_SECONDS`].
pub async fn readyz(State(state): State<AppState>) -> Response {
    let readiness = readiness(&state).await;
    if readiness.reasons.is_empty() {
        return (StatusCode::OK, Json(readiness)).into_response();
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(
            header::RETRY_AFTER,
            HeaderValue::from(RETRY_READY_AFTER_SECONDS),
        )],
        Json(readiness),
    )
        .into_response()
}

async fn readiness(state: &AppState) -> Readiness {
    let (head, head_hash) = match state.reader.head().await {
        Ok(head) => (head.position.get(), head.hash.to_string()),
        Err(error) => {
            tracing::warn!(%error, "readiness: the database did not answer");
            return Readiness {
                status: "not_ready",
                log_head: None,
                log_head_hash: None,
                read_models: Vec::new(),
                reasons: vec!["the database does not answer".to_owned()],
            };
        }
    };
    let mut reasons = Vec::new();
    let mut read_models = Vec::new();
    for model in ReadModel::ALL {
        let position = match checkpoint(&state.pool, model).await {
            Ok(position) => Some(position.get()),
            Err(error) => {
                tracing::warn!(%error, read_model = model.name(), "readiness: no checkpoint");
                None
            }
        };
        let behind = position.map(|position| head.saturating_sub(position));
        if let Some(reason) = position.zip(behind).map_or_else(
            || Some(format!("the {} read model is not built", model.name())),
            |(position, behind)| lagging(state, model, position, behind, head),
        ) {
            reasons.push(reason);
        }
        read_models.push(ReadModelProgress {
            read_model: model.name().to_owned(),
            position,
            behind,
        });
    }
    Readiness {
        status: if reasons.is_empty() {
            "ready"
        } else {
            "not_ready"
        },
        log_head: Some(head),
        log_head_hash: Some(head_hash),
        read_models,
        reasons,
    }
}

/// Why a read model at `position`, `behind` events short of the log's `head`, keeps the server
/// from being ready, if it does.
fn lagging(
    state: &AppState,
    model: ReadModel,
    position: u64,
    behind: u64,
    head: u64,
) -> Option<String> {
    let settings = &state.settings;
    let stood = state.standing.stood(model, position, Instant::now());
    if behind > settings.ready_max_lag {
        Some(format!(
            "the {} read model is {behind} events behind the log (at position {position}, the log at {head})",
            model.name()
        ))
    } else if behind > 0 && stood > settings.ready_max_stall {
        Some(format!(
            "the {} read model has stood at position {position} for {} s while {behind} events of the log wait (the log at {head})",
            model.name(),
            stood.as_secs()
        ))
    } else {
        None
    }
}
