//! `/healthz` (the process answers) and `/readyz` (it can serve: the database answers and every
//! read model has applied the log).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use projections::{checkpoint, ReadModel};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;

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
}

/// The process is up and answering. It asks nothing of the database, so that an orchestrator
/// does not restart a server because its database is down.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The database answers and every read model has applied the log up to its head (or to within
/// `--ready-max-lag` events of it), so that queries answer with what was written.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let readiness = readiness(&state).await;
    let status = if readiness.reasons.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(readiness)).into_response()
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
        match position {
            None => reasons.push(format!("the {} read model is not built", model.name())),
            Some(position) if head.saturating_sub(position) > state.settings.ready_max_lag => {
                reasons.push(format!(
                    "the {} read model is at position {position}, the log at {head}",
                    model.name()
                ))
            }
            Some(_) => {}
        }
        read_models.push(ReadModelProgress {
            read_model: model.name().to_owned(),
            position,
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
