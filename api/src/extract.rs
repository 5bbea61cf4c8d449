//! Extractors whose rejections are the API's own problems: malformed JSON names the path of the
//! field, a bad path or query parameter names the parameter, and a body over the limit is a 413.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

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
        let reason = reason_for(bytes, error.path(), error.inner().to_string());
        ApiError::MalformedBody {
            field: if matches!(field.as_str(), "." | "?" | "") {
                "body".to_owned()
            } else {
                field
            },
            reason,
        }
    })
}

/// chrono's words for a date it could not read. They name neither the date nor the rule, and
/// serde adds where in the text it stopped, so the API says instead which value is no date.
const UNREADABLE_DATE: [&str; 4] = [
    "input is out of range",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
];

fn is_unreadable_date(reason: &str) -> bool {
    UNREADABLE_DATE
        .iter()
        .any(|words| reason.starts_with(words))
}

fn not_a_date(text: &str) -> String {
    format!("{text:?} is not a date: give a day of the calendar as YYYY-MM-DD")
}

/// Reads an optional query parameter as a valid day written exactly `YYYY-MM-DD`
/// ([`projections::valid_day`]); use with `#[serde(default)]`.
pub fn optional_calendar_day<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<String>::deserialize(deserializer)?
        .map(|text| projections::valid_day(&text).map_err(|_| D::Error::custom(not_a_date(&text))))
        .transpose()
}

fn reason_for(bytes: &[u8], path: &serde_path_to_error::Path, reason: String) -> String {
    if !is_unreadable_date(&reason) {
        return reason;
    }
    match value_at(bytes, path) {
        Some(text) => not_a_date(&text),
        None => reason,
    }
}

/// The text at `path` in the JSON document `bytes`, when there is text there.
fn value_at(bytes: &[u8], path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let document: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mut value = &document;
    for segment in path.iter() {
        value = match segment {
            Segment::Seq { index } => value.get(*index)?,
            Segment::Map { key } => value.get(key)?,
            Segment::Enum { variant } => value.get(variant)?,
            Segment::Unknown => return None,
        };
    }
    value.as_str().map(str::to_owned)
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
            .map_err(|error| {
                let parameter = error.path().to_string();
                let reason = error.into_inner().to_string();
                let given = form_urlencoded::parse(query.as_bytes())
                    .find(|(name, _)| *name == parameter)
                    .map(|(_, value)| value.into_owned());
                ApiError::MalformedParameter {
                    reason: match given {
                        Some(text) if is_unreadable_date(&reason) => not_a_date(&text),
                        _ => reason,
                    },
                    parameter,
                }
            })
    }
}
