//! `Idempotency-Key` on POST: a retry of a request returns the first answer and writes nothing.
//!
//! The first request under a key takes it with a lease (a row without a status whose
//! `leased_until` is after the request's own deadline) and stores its answer when it is done. A
//! request under a key the same token has used gets:
//! - the stored answer, if its method, path and body are the same (`idempotent-replayed: true`);
//! - 422, if they differ: a key names one request, and reusing it for another is a client bug;
//! - 409 with `Retry-After`, while the lease of an attempt still being served runs.
//!
//! An attempt that ends without an answer stored (its process was killed, the database went away
//! before the answer could be written, or it failed with 5xx) leaves the key to its lease, so
//! freeing a key never depends on reaching the database; a failure other than a 503, which
//! leaves nothing in flight, also ends the lease at once if it can. The retry after the lease takes the key
//! over and runs the request as an answer to an unanswered attempt: the register then answers
//! with what the first attempt wrote, as the log records it under the key, and decides the
//! command afresh only if it wrote nothing (see `register::first_attempt`).
//!
//! A request runs to its end in its own task even if its client goes away, so that its answer is
//! stored for the retry that follows; the task is cut off at the request timeout, so that no
//! attempt outlives its lease.

use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::auth::Caller;
use super::command::{UnansweredAttempt, IDEMPOTENCY_KEY_HEADER};
use super::problem::{ApiError, Problem};
use super::AppState;

pub const REPLAYED_HEADER: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The longest key accepted; a UUID is 36 characters.
const MAX_KEY_LENGTH: usize = 255;

/// How long a lease outlasts the request timeout: time for an append already handed to the
/// log's group commit when the attempt was cut off to commit or fail, so that a retry never
/// takes over a key whose first write could still land.
const LEASE_MARGIN: Duration = Duration::from_secs(10);

/// Serves POST requests with an `Idempotency-Key` at most once per token and key.
pub async fn idempotent(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get(&IDEMPOTENCY_KEY_HEADER) else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(key) if (1..=MAX_KEY_LENGTH).contains(&key.len()) => key.to_owned(),
        _ => {
            return ApiError::MalformedParameter {
                parameter: "Idempotency-Key".to_owned(),
                reason: format!("a key is 1 to {MAX_KEY_LENGTH} visible ASCII characters"),
            }
            .into_response()
        }
    };
    // Anonymous requests are refused by their handler; there is no one to keep a key for.
    let token_id = match request.extensions().get::<Caller>() {
        Some(Caller::Token(token)) => token.id,
        _ => return next.run(request).await,
    };
    let (parts, body) = request.into_parts();
    let limit = state.settings.max_body_bytes;
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => return ApiError::PayloadTooLarge { limit }.into_response(),
    };
    let fingerprint = fingerprint(&parts.method, &parts.uri, &bytes);
    let deadline = state.settings.request_timeout;
    let keys = Keys {
        pool: state.pool.clone(),
        token_id,
        key,
        lease: deadline + LEASE_MARGIN,
        retention: state.settings.idempotency_retention,
    };
    let mut request = Request::from_parts(parts, Body::from(bytes));
    match keys.take(&fingerprint).await {
        Ok(Taken::FirstAttempt) => {}
        Ok(Taken::FromUnansweredAttempt) => {
            request.extensions_mut().insert(UnansweredAttempt);
        }
        Ok(Taken::No(stored)) => return stored.answer(&fingerprint),
        Err(error) => return ApiError::failed(&error).into_response(),
    }
    // The request runs in its own task, so that a client who hangs up does not cut it off
    // between its write and the storing of its answer.
    let served = tokio::spawn(async move { keys.serve(next, request, limit, deadline).await });
    match served.await {
        Ok(response) => response,
        Err(error) => ApiError::failed(&error).into_response(),
    }
}

/// Forgets the answers kept longer than `retention`, so that the table holds a day's keys and
/// not every key ever used. An attempt still unanswered is kept whatever its age: its retry
/// must still be told what it wrote. Returns how many answers were forgotten.
pub async fn forget_expired_answers(
    pool: &sqlx::PgPool,
    retention: Duration,
) -> Result<u64, sqlx::Error> {
    let forgotten = sqlx::query(
        "DELETE FROM idempotent_requests
          WHERE status IS NOT NULL AND created_at <= now() - $1 * interval '1 millisecond'",
    )
    .bind(millis(retention))
    .execute(pool)
    .await?;
    Ok(forgotten.rows_affected())
}

/// A duration in whole milliseconds, as the statements above multiply an interval by it.
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The SHA-256 of the method, the path with its query, and the body.
fn fingerprint(method: &Method, uri: &axum::http::Uri, body: &[u8]) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update(b"\n");
    hasher.update(
        uri.path_and_query()
            .map(|path| path.as_str())
            .unwrap_or("/"),
    );
    hasher.update(b"\n");
    hasher.update(body);
    hasher.finalize().to_vec()
}

/// One token's key.
#[derive(Debug, Clone)]
struct Keys {
    pool: sqlx::PgPool,
    token_id: Uuid,
    key: String,
    /// How long an attempt holds the key: longer than it can run.
    lease: Duration,
    /// How long an answer is kept under the key.
    retention: Duration,
}

/// Whether this request may serve the key.
enum Taken {
    /// The key was new: this is the request's first attempt.
    FirstAttempt,
    /// An earlier attempt's lease ran out before its answer was stored: this request answers
    /// for it.
    FromUnansweredAttempt,
    /// Another attempt holds the key, or has answered it.
    No(StoredRequest),
}

/// A request already made under a key.
#[derive(sqlx::FromRow)]
struct StoredRequest {
    request_sha256: Vec<u8>,
    status: Option<i16>,
    location: Option<String>,
    response_body: Option<Vec<u8>>,
    /// Whole seconds until the lease of the attempt serving the key ends, rounded up.
    lease_seconds_left: i64,
}

impl StoredRequest {
    fn answer(self, fingerprint: &[u8]) -> Response {
        if self.request_sha256 != fingerprint {
            return ApiError::rule(
                "Idempotency-Key",
                "idempotency.one_request_per_key",
                "this Idempotency-Key was first used for another request (another method, path \
                 or body); use a new key for a new request",
            )
            .into_response();
        }
        let Some(status) = self.status else {
            let mut response = ApiError::Conflict {
                detail: "the first request with this Idempotency-Key has not finished; retry \
                         after Retry-After seconds to get its answer"
                    .to_owned(),
                current_version: None,
            }
            .into_response();
            let retry_after = self.lease_seconds_left.max(1);
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from(retry_after));
            return response;
        };
        let status = u16::try_from(status)
            .ok()
            .and_then(|status| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = self.response_body.unwrap_or_default();
        let mut response = if status.is_client_error() {
            // An error is stored as its problem; the renderer writes it with this request's id.
            let mut response = status.into_response();
            match serde_json::from_slice::<Problem>(&body) {
                Ok(problem) => {
                    response.extensions_mut().insert(problem);
                }
                Err(error) => return ApiError::failed(&error).into_response(),
            }
            response
        } else {
            let mut response = (status, body).into_response();
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        };
        if let Some(location) = self.location.and_then(|location| location.parse().ok()) {
            response.headers_mut().insert(LOCATION, location);
        }
        response
            .headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        response
    }
}

impl Keys {
    /// Takes the key for this request, or returns what is stored under it. A key whose lease
    /// ran out unanswered is taken over, but only by a request with the same fingerprint: one
    /// with another body is refused as before, whatever became of the first. A key whose answer
    /// is older than the retention is free: it is taken as new, for whatever request.
    async fn take(&self, fingerprint: &[u8]) -> Result<Taken, sqlx::Error> {
        let attempts: Option<i32> = sqlx::query_scalar(
            "INSERT INTO idempotent_requests (token_id, key, request_sha256, leased_until)
             VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
             ON CONFLICT (token_id, key) DO UPDATE
                SET leased_until = EXCLUDED.leased_until,
                    attempts = CASE WHEN idempotent_requests.status IS NULL
                                    THEN idempotent_requests.attempts + 1 ELSE 1 END,
                    request_sha256 = EXCLUDED.request_sha256,
                    status = NULL, location = NULL, response_body = NULL,
                    created_at = CASE WHEN idempotent_requests.status IS NULL
                                      THEN idempotent_requests.created_at ELSE now() END
              WHERE (idempotent_requests.status IS NULL
                     AND idempotent_requests.leased_until <= now()
                     AND idempotent_requests.request_sha256 = EXCLUDED.request_sha256)
                 OR (idempotent_requests.status IS NOT NULL
                     AND idempotent_requests.created_at <= now() - $5 * interval '1 millisecond')
             RETURNING attempts",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .bind(fingerprint)
        .bind(millis(self.lease))
        .bind(millis(self.retention))
        .fetch_optional(&self.pool)
        .await?;
        match attempts {
            Some(1) => return Ok(Taken::FirstAttempt),
            Some(_) => return Ok(Taken::FromUnansweredAttempt),
            None => {}
        }
        let stored: StoredRequest = sqlx::query_as(
            "SELECT request_sha256, status, location, response_body,
                    GREATEST(0, ceil(extract(epoch FROM leased_until - now())))::bigint
                        AS lease_seconds_left
               FROM idempotent_requests WHERE token_id = $1 AND key = $2",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .fetch_one(&self.pool)
        .await?;
        Ok(Taken::No(stored))
    }

    /// Runs the request, within `deadline`, and stores its answer under the key.
    async fn serve(
        self,
        next: Next,
        request: Request,
        limit: usize,
        deadline: Duration,
    ) -> Response {
        let Ok(response) = tokio::time::timeout(deadline, next.run(request)).await else {
            // An append the attempt handed to the log's group commit may still land after it
            // was cut off, so the key is not released early: it is free when the lease ends,
            // and the retry then finds that write in the log if it landed.
            return ApiError::Timeout.into_response();
        };
        let (mut parts, body) = response.into_parts();
        let body = match to_bytes(body, limit.max(16 * 1024 * 1024)).await {
            Ok(body) => body,
            Err(error) => {
                self.release().await;
                return ApiError::failed(&error).into_response();
            }
        };
        if parts.status.is_server_error() {
            // A 503 is a request cut off at the time limit or by a database that went away: an
            // append it handed to the log's group commit may still land, so its key waits for
            // its lease. Any other failure ended the attempt with nothing left in flight.
            if parts.status != StatusCode::SERVICE_UNAVAILABLE {
                self.release().await;
            }
            return Response::from_parts(parts, Body::from(body));
        }
        // A problem travels as an extension until it is rendered; it is stored as its JSON.
        let stored_body = match parts.extensions.get::<Problem>() {
            Some(problem) => serde_json::to_vec(problem).unwrap_or_default(),
            None => body.to_vec(),
        };
        let location = parts
            .headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let stored = sqlx::query(
            "UPDATE idempotent_requests
                SET status = $3, location = $4, response_body = $5, leased_until = NULL
              WHERE token_id = $1 AND key = $2",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .bind(i16::try_from(parts.status.as_u16()).unwrap_or(i16::MAX))
        .bind(location)
        .bind(stored_body)
        .execute(&self.pool)
        .await;
        if let Err(error) = stored {
            // The client still gets this answer. A retry waits for the lease and is then
            // answered from the log, which holds whatever this attempt wrote.
            tracing::warn!(%error, key = self.key, "the answer to an idempotent request was not stored; a retry after its lease is answered from the log");
        }
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        Response::from_parts(parts, Body::from(body))
    }

    /// Ends this attempt's lease early after it failed, so that a retry need not wait for it.
    /// The attempt has finished, so nothing it wrote can still land; the retry is answered from
    /// the log, so whether it wrote does not matter here; and if the database cannot be reached
    /// now, the lease ends by itself.
    async fn release(&self) {
        let released = sqlx::query(
            "UPDATE idempotent_requests SET leased_until = now()
              WHERE token_id = $1 AND key = $2 AND status IS NULL",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .execute(&self.pool)
        .await;
        if let Err(error) = released {
            tracing::warn!(%error, key = self.key, lease_seconds = self.lease.as_secs(), "an idempotency key could not be released early; it is free when its lease ends");
        }
    }
}
