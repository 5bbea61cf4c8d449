//! Extractors whose rejections are the API's own problems: malformed JSON names the path of the
//! field, a bad path or query parameter names the parameter, and a body over the limit is a 413.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::problem::ApiError;
use super::AppState;

/// A JSON body, read with the path of the first field that does not fit.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<ApiJson<T>, ApiError> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| body_rejection(rejection, state.settings.max_body_bytes))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Reads `bytes` as a `T`, naming the field that does not fit.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let field = error.path().to_string();
        ApiError::MalformedBody {
            field: if matches!(field.as_str(), "." | "?" | "") {
                "body".to_owned()
            } else {
                field
            },
            reason: error.into_inner().to_string(),
        }
    })
}

/// A body that could not be read: over the limit, or broken off.
pub fn body_rejection(rejection: BytesRejection, limit: usize) -> ApiError {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge { limit }
    } else {
        ApiError::MalformedBody {
            field: "body".to_owned(),
            reason: rejection.body_text(),
        }
    }
}

/// Path parameters; one that does not parse (an id that is not a UUID, say) is a 400 naming it.
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiPath<T>, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| ApiError::MalformedParameter {
                parameter: "path".to_owned(),
                reason: rejection.body_text(),
            })
    }
}

/// Query parameters; one that does not parse is a 400 naming it.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ApiQuery<T>, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(ApiQuery)
            .map_err(|error| ApiError::MalformedParameter {
                parameter: error.path().to_string(),
                reason: error.into_inner().to_string(),
            })
    }
}
