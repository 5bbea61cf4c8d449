//! `Idempotency-Key` on POST: a retry of a request returns the first answer and writes nothing.
//!
//! The first request under a key reserves it (a row without a status) before it runs, and stores
//! its answer when it is done. A request under a key already reserved by the same token gets:
//! - the stored answer, if its method, path and body are the same (`idempotent-replayed: true`);
//! - 422, if they differ: a key names one request, and reusing it for another is a client bug;
//! - 409, while the first is still being served.
//!
//! A request runs to its end in its own task even if its client goes away, so that its answer is
//! stored for the retry that follows. An answer of 5xx is not stored: the key is released for a
//! retry, unless the failed attempt wrote events (the log's metadata says so), in which case it
//! stays reserved and a retry is told what happened instead of writing twice.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::auth::Caller;
use super::command::IDEMPOTENCY_KEY_HEADER;
use super::problem::{ApiError, Problem};
use super::AppState;

pub const REPLAYED_HEADER: HeaderName = HeaderName::from_static("idempotent-replayed");

/// The longest key accepted; a UUID is 36 characters.
const MAX_KEY_LENGTH: usize = 255;

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
    let keys = Keys {
        pool: state.pool.clone(),
        token_id,
        key,
    };
    match keys.reserve(&fingerprint).await {
        Ok(Reservation::Reserved) => {}
        Ok(Reservation::Taken(stored)) => return stored.answer(&fingerprint),
        Err(error) => return ApiError::internal(&error).into_response(),
    }
    let request = Request::from_parts(parts, Body::from(bytes));
    // The request runs in its own task, so that a client who hangs up does not cut it off
    // between its write and the storing of its answer.
    let served = tokio::spawn(async move { keys.serve(next, request, limit).await });
    match served.await {
        Ok(response) => response,
        Err(error) => ApiError::internal(&error).into_response(),
    }
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
}

enum Reservation {
    Reserved,
    Taken(StoredRequest),
}

/// A request already made under a key.
#[derive(sqlx::FromRow)]
struct StoredRequest {
    request_sha256: Vec<u8>,
    status: Option<i16>,
    location: Option<String>,
    response_body: Option<Vec<u8>>,
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
            return ApiError::Conflict {
                detail: "the first request with this Idempotency-Key has not finished; retry \
                         shortly to get its answer"
                    .to_owned(),
                current_version: None,
            }
            .into_response();
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
                Err(error) => return ApiError::internal(&error).into_response(),
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
    /// Reserves the key, or returns what is stored under it.
    async fn reserve(&self, fingerprint: &[u8]) -> Result<Reservation, sqlx::Error> {
        let reserved = sqlx::query(
            "INSERT INTO idempotent_requests (token_id, key, request_sha256)
             VALUES ($1, $2, $3)
             ON CONFLICT (token_id, key) DO NOTHING",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .bind(fingerprint)
        .execute(&self.pool)
        .await?;
        if reserved.rows_affected() == 1 {
            return Ok(Reservation::Reserved);
        }
        let stored: StoredRequest = sqlx::query_as(
            "SELECT request_sha256, status, location, response_body
               FROM idempotent_requests WHERE token_id = $1 AND key = $2",
        )
        .bind(self.token_id)
        .bind(&self.key)
        .fetch_one(&self.pool)
        .await?;
        Ok(Reservation::Taken(stored))
    }

    /// Runs the request and stores its answer under the key.
    async fn serve(self, next: Next, request: Request, limit: usize) -> Response {
        let response = next.run(request).await;
        let (mut parts, body) = response.into_parts();
        let body = match to_bytes(body, limit.max(16 * 1024 * 1024)).await {
            Ok(body) => body,
            Err(error) => {
                self.release().await;
                return ApiError::internal(&error).into_response();
            }
        };
        if parts.status.is_server_error() {
            self.release().await;
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
            "UPDATE idempotent_requests SET status = $3, location = $4, response_body = $5
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
            // The write happened; only the stored answer is missing, so a retry is told the
            // request is still in progress rather than allowed to write again.
            tracing::error!(%error, key = self.key, "the answer to an idempotent request was not stored");
        }
        parts.headers.remove(axum::http::header::CONTENT_LENGTH);
        Response::from_parts(parts, Body::from(body))
    }

    /// Frees the key after a failure, unless the failed attempt wrote events: then the key stays
    /// reserved, so that a retry cannot record the same command twice.
    async fn release(&self) {
        let actor_id = register::token_actor_id(self.token_id);
        let wrote = eventlog::LogIndex::new(self.pool.clone())
            .written_under_idempotency_key(&actor_id, &self.key)
            .await;
        let released = match wrote {
            // The failed attempt is over, so nothing it did can appear between this question
            // and the delete; a retry under the same key waits on the reservation meanwhile.
            Ok(false) => {
                sqlx::query("DELETE FROM idempotent_requests WHERE token_id = $1 AND key = $2")
                    .bind(self.token_id)
                    .bind(&self.key)
                    .execute(&self.pool)
                    .await
                    .map(|_| ())
                    .map_err(|error| error.to_string())
            }
            Ok(true) => Ok(()),
            Err(error) => Err(error.to_string()),
        };
        if let Err(error) = released {
            tracing::error!(%error, key = self.key, "an idempotency key could not be released");
        }
    }
}
