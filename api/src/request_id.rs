//! Request ids: every request gets one (or keeps the one its caller sent in `x-request-id`); the
//! response, the log lines, the problem details and the metadata of every event it writes carry
//! it, so that one id ties a report from a user to everything the server did for them.

use axum::extract::Request;
use axum::http::HeaderName;
use std::time::Duration;

use axum::http::StatusCode;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::trace::DefaultOnResponse;
use tower_http::LatencyUnit;
use tracing::Level;

pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, as the request-id layer set it.
pub fn request_id_of<B>(request: &axum::http::Request<B>) -> Option<String> {
    request
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// The span every request is traced in, named by its method, path and id.
pub fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = request_id_of(request).as_deref().unwrap_or("-"),
    )
}

/// One line per request at `info`, when it is answered: its status and how long it took, in the
/// request's span (method, path, request id).
pub fn response_logged() -> DefaultOnResponse {
    DefaultOnResponse::new()
        .level(Level::INFO)
        .latency_unit(LatencyUnit::Millis)
}

/// A response that failed, logged in the request's span: at `debug` when it is a 503, which
/// says the server cannot serve for now (it is not ready, a request took too long, or the
/// database cannot be reached). The request's own line at `info` already gives its status, and
/// an outage of the database is logged once by the outage log (see `health::outage`), so a line
/// per 503 would only bury those. Any other failure is logged at `error`.
pub fn failure_logged(failure: ServerErrorsFailureClass, latency: Duration, _span: &tracing::Span) {
    let latency = latency.as_millis();
    match failure {
        ServerErrorsFailureClass::StatusCode(status)
            if status == StatusCode::SERVICE_UNAVAILABLE =>
        {
            tracing::debug!(%status, latency_ms = latency, "response failed");
        }
        failure => {
            tracing::error!(classification = %failure, latency_ms = latency, "response failed")
        }
    }
}
