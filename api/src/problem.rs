//! Every error the API answers with, as RFC 9457 problem details (`application/problem+json`).
//!
//! A handler returns an [`ApiError`]. Its response carries the [`Problem`] as an extension and no
//! body yet; the [`render`] middleware, which knows the request, writes the body with the request
//! id and the path. The same middleware turns the plain error responses of axum and tower-http
//! (an unknown route, a wrong method, a body too large, a request that took too long) into
//! problems too, so that a client meets one error format whatever failed.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{ToResponse, ToSchema};

use super::request_id::request_id_of;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem detail (RFC 9457) with Samverkan's extension members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:samverkan:problem:rule-broken",
    "title": "A rule of the register was broken",
    "status": 422,
    "detail": "the host must be one of the parties",
    "instance": "/api/v1/cooperations",
    "request_id": "0b7f4a1e-51c2-4f43-9b8e-4d6c9c1f2a77",
    "errors": [{ "field": "host", "rule": "cooperation.host_is_a_party" }]
}))]
pub struct Problem {
    /// A URN naming the kind of problem; stable, so that clients may branch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person to read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The path of the request that failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The id of the request, as in the `x-request-id` header and the server's log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The fields that broke a rule, and the rules they broke.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On a conflict: the version the record is at now, to decide again from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<u64>,
}

/// One field that broke one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// Where the field is in the request: a JSON path such as `parties[2]`, or a parameter name.
    pub field: String,
    /// A stable, dotted name for the rule, such as `cooperation.host_is_a_party`.
    pub rule: String,
}

impl Problem {
    fn new(kind: &str, title: &str, status: StatusCode) -> Problem {
        Problem {
            problem_type: format!("urn:samverkan:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: None,
            instance: None,
            request_id: None,
            errors: Vec::new(),
            current_version: None,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    fn field(mut self, field: impl Into<String>, rule: impl Into<String>) -> Problem {
        self.errors.push(FieldError {
            field: field.into(),
            rule: rule.into(),
        });
        self
    }
}

/// Everything a request can fail with. Each variant is one class of error with one status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, or not JSON of the expected shape.
    #[error("{field}: {reason}")]
    MalformedBody { field: String, reason: String },
    /// A path or query parameter, or a header, could not be read.
    #[error("{parameter}: {reason}")]
    MalformedParameter { parameter: String, reason: String },
    /// A query parameter the operation does not take, such as a misspelt `asof`.
    #[error(
        "{parameter}: not a parameter of this operation; the OpenAPI document lists those it takes"
    )]
    UnknownParameter { parameter: String },
    #[error("the body must be JSON, sent with content-type application/json")]
    NotJson,
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("there is no {resource} {id}")]
    NotFound { resource: &'static str, id: String },
    #[error("{detail}")]
    Conflict {
        detail: String,
        current_version: Option<u64>,
    },
    #[error("the body is larger than the limit of {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// A rule of the register was broken.
    #[error("{detail}")]
    RuleBroken {
        field: String,
        rule: String,
        detail: String,
    },
    /// Several rules of the register were broken at once, each by its own field: a transition
    /// that cannot be carried out yet names every blocker, so that a client can show each one
    /// beside the thing to fix.
    #[error("{detail}")]
    RulesBroken {
        errors: Vec<FieldError>,
        detail: String,
    },
    /// The read model has not reached the position the caller asked to read from.
    #[error("{0}")]
    NotCaughtUp(String),
    /// The database cannot be reached: the pool found no connection in time, or the server
    /// refuses connections or is shutting down. The client should retry after `Retry-After`.
    #[error("the register's database cannot be reached just now; nothing was written, retry after Retry-After seconds")]
    Unavailable,
    /// The request took longer than the server's request timeout.
    #[error("the request took longer than the server allows; retry after Retry-After seconds")]
    Timeout,
    /// Anything else. What went wrong is logged with the request id, never shown.
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedBody { .. }
            | ApiError::MalformedParameter { .. }
            | ApiError::UnknownParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RuleBroken { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RulesBroken { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotCaughtUp(_) | ApiError::Unavailable | ApiError::Timeout => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A rule broken by a field of the request.
    pub fn rule(
        field: impl Into<String>,
        rule: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        ApiError::RuleBroken {
            field: field.into(),
            rule: rule.into(),
            detail: detail.into(),
        }
    }

    /// Several rules broken at once, each a (field, rule) pair, in the order given.
    pub fn rules(
        errors: impl IntoIterator<Item = (String, String)>,
        detail: impl Into<String>,
    ) -> Self {
        ApiError::RulesBroken {
            errors: errors
                .into_iter()
                .map(|(field, rule)| FieldError { field, rule })
                .collect(),
            detail: detail.into(),
        }
    }

    /// Logs an internal failure with its cause and answers 500 without it.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "internal error");
        ApiError::Internal
    }

    /// A failure of the service: [`ApiError::Unavailable`] when anything in its chain of
    /// causes says the database could not be reached, which the outage log reports once for
    /// the whole outage; otherwise [`ApiError::internal`].
    pub fn failed(cause: &(dyn std::error::Error + 'static)) -> ApiError {
        if eventlog::unreachable_in_chain(cause) {
            tracing::debug!(error = %cause, "the database could not be reached");
            ApiError::Unavailable
        } else {
            ApiError::internal(&cause)
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status();
        match self {
            ApiError::MalformedBody { field, .. } => {
                Problem::new("malformed-body", "The body could not be read", status)
                    .detail(self.to_string())
                    .field(field.clone(), "json.shape")
            }
            ApiError::UnknownParameter { parameter } => Problem::new(
                "malformed-parameter",
                "A parameter could not be read",
                status,
            )
            .detail(self.to_string())
            .field(parameter.clone(), "parameter.known"),
            ApiError::MalformedParameter { parameter, .. } => Problem::new(
                "malformed-parameter",
                "A parameter could not be read",
                status,
            )
            .detail(self.to_string())
            .field(parameter.clone(), "parameter.format"),
            ApiError::NotJson => {
                Problem::new("not-json", "The body must be JSON", status).detail(self.to_string())
            }
            ApiError::Unauthenticated(_) => {
                Problem::new("unauthenticated", "A valid bearer token is needed", status)
                    .detail(self.to_string())
            }
            ApiError::Forbidden(_) => {
                Problem::new("forbidden", "The token may not do this", status)
                    .detail(self.to_string())
            }
            ApiError::NotFound { .. } => {
                Problem::new("not-found", "No such resource", status).detail(self.to_string())
            }
            ApiError::Conflict {
                current_version, ..
            } => {
                let mut problem = Problem::new("conflict", "The record has moved on", status)
                    .detail(self.to_string());
                problem.current_version = *current_version;
                problem
            }
            ApiError::PayloadTooLarge { .. } => {
                Problem::new("payload-too-large", "The body is too large", status)
                    .detail(self.to_string())
            }
            ApiError::RuleBroken { field, rule, .. } => {
                Problem::new("rule-broken", "A rule of the register was broken", status)
                    .detail(self.to_string())
                    .field(field.clone(), rule.clone())
            }
            ApiError::RulesBroken { errors, .. } => {
                let mut problem =
                    Problem::new("rule-broken", "A rule of the register was broken", status)
                        .detail(self.to_string());
                problem.errors.extend(errors.iter().cloned());
                problem
            }
            ApiError::NotCaughtUp(_) => Problem::new(
                "not-caught-up",
                "The read model has not reached the position asked for",
                status,
            )
            .detail(self.to_string()),
            ApiError::Unavailable => Problem::new(
                "unavailable",
                "The register cannot be reached just now",
                status,
            )
            .detail(self.to_string()),
            ApiError::Timeout => Problem::new(
                "timeout",
                "The request took longer than the server allows",
                status,
            )
            .detail(self.to_string()),
            ApiError::Internal => Problem::new(
                "internal",
                "The server failed; quote the request id when reporting it",
                status,
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        if let ApiError::Unauthenticated(_) = self {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::NotCaughtUp(_) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if let ApiError::Unavailable = self {
            response
                .extensions_mut()
                .insert(eventlog::DatabaseUnreachable);
        }
        response.extensions_mut().insert(self.problem());
        response
    }
}

/// The problem for an error response that carries none: one made by axum or a tower layer.
fn problem_for_status(status: StatusCode) -> Problem {
    match status {
        StatusCode::NOT_FOUND => Problem::new("no-such-route", "No such route", status)
            .detail("the API has no route at this path; see /api/v1/openapi.json"),
        StatusCode::METHOD_NOT_ALLOWED => {
            Problem::new("method-not-allowed", "Method not allowed", status)
                .detail("this route does not take this method; see /api/v1/openapi.json")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            Problem::new("payload-too-large", "The body is too large", status)
        }
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => Problem::new(
            "timeout",
            "The request took longer than the server allows",
            StatusCode::SERVICE_UNAVAILABLE,
        ),
        status if status.is_server_error() => Problem::new(
            "internal",
            "The server failed; quote the request id when reporting it",
            status,
        ),
        status => Problem::new("http", status.canonical_reason().unwrap_or("Error"), status),
    }
}

/// The answer to a request whose handler panicked: a 500 like any other fault, with the cause
/// in the log, rather than a connection dropped without an answer. No handler should panic;
/// this is the net under the rule, not a way to fail.
pub fn panicked(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let cause = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::internal(&format!("a handler panicked: {cause}")).into_response()
}

/// Writes every error response as problem details, with the request id and path.
pub async fn render(request: Request, next: Next) -> Response {
    let request_id = request_id_of(&request);
    let instance = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // A handler's own JSON answer with an error status, such as /readyz's 503, stays as it is.
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/"));
    let mut problem = match response.extensions_mut().remove::<Problem>() {
        Some(problem) => problem,
        None if is_json => return response,
        None => problem_for_status(status),
    };
    problem.instance = Some(instance);
    problem.request_id = request_id;
    let status = StatusCode::from_u16(problem.status).unwrap_or(status);
    if status == StatusCode::SERVICE_UNAVAILABLE
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        // Every 503 is a passing condition, so every one tells the client when to come back.
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(eventlog::RETRY_AFTER_SECONDS),
        );
    }
    let body = match serde_json::to_vec(&problem) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "a problem could not be written as JSON");
            Vec::new()
        }
    };
    let (mut parts, _) = response.into_parts();
    parts.status = status;
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    Response::from_parts(parts, Body::from(body))
}

macro_rules! problem_responses {
    ($($name:ident => $description:literal),* $(,)?) => {
        $(
            #[doc = $description]
            #[derive(Debug, ToResponse)]
            #[response(description = $description, content_type = "application/problem+json")]
            #[allow(dead_code)]
            pub struct $name(Problem);
        )*
    };
}

// The documented error responses, named once so that every operation can list them.
problem_responses! {
    BadRequest => "Malformed input: the body is not JSON of the expected shape, or a parameter cannot be read.",
    Unauthorized => "No bearer token, or one that is unknown or revoked.",
    Forbidden => "The token's role or scope does not allow this.",
    NotFound => "No resource has this id.",
    Conflict => "The record moved on since the version the request was based on, or the id is taken; `current_version` says where it is now.",
    PayloadTooLarge => "The body is larger than the server accepts.",
    UnsupportedMediaType => "The body was not sent as application/json.",
    Unprocessable => "A rule of the register was broken; `errors` names the field and the rule.",
    NotCaughtUp => "The read model has not reached `min_position` within the wait, the database cannot be reached just now, or the request took longer than the server allows; retry after the `Retry-After` seconds.",
    Unavailable => "The database cannot be reached just now, or the request took longer than the server allows; nothing was written unless the request carried an `Idempotency-Key` whose retry says so. Retry after the `Retry-After` seconds.",
    InternalError => "The server failed; the body holds only the request id, which the server's log also holds.",
}
