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

use super::known_fields;
use super::problem::ApiError;
use super::AppState;
use utoipa::ToSchema;

/// A JSON body, read with the path of the first field that does not fit.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + ToSchema> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<ApiJson<T>, ApiError> {
        let is_json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(is_json_in_utf8);
        if !is_json {
            return Err(ApiError::NotJson);
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| body_rejection(rejection, state.settings.max_body_bytes))?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Whether a `Content-Type` says JSON in UTF-8: `application/json`, with no `charset` or with
/// `charset=utf-8`. JSON is UTF-8 (RFC 8259), and a body said to be in another charset would be
/// read as something other than what its sender meant.
fn is_json_in_utf8(content_type: &str) -> bool {
    let mut parts = content_type.split(';');
    let media_type = parts.next().unwrap_or_default();
    if !media_type.trim().eq_ignore_ascii_case("application/json") {
        return false;
    }
    parts.all(|parameter| match parameter.split_once('=') {
        Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
            value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    })
}

/// Reads `bytes` as a `T`, strictly, naming the field that breaks a rule:
/// - the body is exactly one JSON object, with nothing after it: an array does not stand for an
///   object's fields in order, and trailing text is refused rather than dropped;
/// - every field is one the operation takes: a misspelt or unknown field is refused, never
///   silently dropped, because what was sent is what the log would be thought to record.
///   `serde_ignored` sees the fields serde passes over; inside a shape told apart by its `kind`
///   (a legal basis, a vote), which serde reads through a buffer of its own, the body's OpenAPI
///   schema says which fields it takes (`known_fields`);
/// - no text holds the NUL character, which PostgreSQL cannot store;
/// - every date lies between 1800-01-01 and 2200-12-31 (a 422 of rule `date.plausible`): year 0
///   reads as a date, and would stay in the log as one.
pub fn parse_json<T: DeserializeOwned + ToSchema>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut unknown_field = None;
    let mut note_unknown = |path: serde_ignored::Path<'_>| {
        unknown_field.get_or_insert_with(|| path.to_string());
    };
    let noting_unknown = serde_ignored::Deserializer::new(&mut deserializer, &mut note_unknown);
    let parsed: T = serde_path_to_error::deserialize(noting_unknown).map_err(|error| {
        let field = error.path().to_string();
        let reason = reason_for(bytes, error.path(), error.inner().to_string());
        malformed(field, reason)
    })?;
    deserializer.end().map_err(|error| {
        malformed(
            String::new(),
            format!("{error}: the body is one JSON object and nothing after it"),
        )
    })?;
    let starts_an_object = bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == b'{');
    if !starts_an_object {
        return Err(malformed(
            String::new(),
            "the body must be one JSON object with named fields, not an array or a bare value"
                .to_owned(),
        ));
    }
    // The document is read a second time, as values, for the rules that look at every text.
    let document: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| malformed(String::new(), error.to_string()))?;
    if let Some(field) = first_text(&document, String::new(), &|text| text.contains('\0')) {
        return Err(malformed(
            field,
            "text must not contain the NUL character (\\u0000)".to_owned(),
        ));
    }
    if let Some(field) = unknown_field.or_else(|| known_fields::first_unknown_field::<T>(&document))
    {
        return Err(malformed(
            field,
            "not a field of this operation; the OpenAPI document lists those it takes".to_owned(),
        ));
    }
    if let Some(field) = first_text(&document, String::new(), &is_implausible_date) {
        return Err(ApiError::rule(
            field.clone(),
            "date.plausible",
            format!(
                "{field}: a date of the register lies between {FIRST_PLAUSIBLE_DAY} and \
                 {LAST_PLAUSIBLE_DAY}"
            ),
        ));
    }
    Ok(parsed)
}

/// The first day a date in a body may name: before it no cooperation of today's municipalities
/// and regions was decided, so an earlier date is a typing error that would stay in the log.
const FIRST_PLAUSIBLE_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1800, 1, 1) {
    Some(day) => day,
    None => NaiveDate::MIN,
};

/// The last day a date in a body may name, as far ahead as any plan or contract reaches.
const LAST_PLAUSIBLE_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(day) => day,
    None => NaiveDate::MAX,
};

/// Whether `text` is a date written `YYYY-MM-DD` (as every date of the API is) that lies outside
/// the plausible days, such as year 0 or −1.
fn is_implausible_date(text: &str) -> bool {
    // A date is ASCII, which also makes every byte below a boundary to split at.
    if !text.is_ascii() || text.len() < 10 {
        return false;
    }
    let (year, month_and_day) = text.split_at(text.len() - 6);
    let year = year.strip_prefix(['+', '-']).unwrap_or(year);
    let written_as_a_date = year.len() >= 4
        && year.bytes().all(|byte| byte.is_ascii_digit())
        && month_and_day.starts_with('-')
        && month_and_day[1..].bytes().enumerate().all(|(at, byte)| {
            if at == 2 {
                byte == b'-'
            } else {
                byte.is_ascii_digit()
            }
        });
    written_as_a_date
        && text
            .parse::<NaiveDate>()
            .is_ok_and(|day| !(FIRST_PLAUSIBLE_DAY..=LAST_PLAUSIBLE_DAY).contains(&day))
}

/// A body that broke a rule at `field`, or as a whole when `field` names no field.
fn malformed(field: String, reason: String) -> ApiError {
    ApiError::MalformedBody {
        field: if matches!(field.as_str(), "." | "?" | "") {
            "body".to_owned()
        } else {
            field
        },
        reason,
    }
}

/// The path of the first text (a value, or a key) in `value` that `refused` holds, as
/// `serde_path_to_error` writes paths (`content.proposals[0].text`); a key names itself, with
/// a NUL written as its escape.
fn first_text(
    value: &serde_json::Value,
    path: String,
    refused: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let member = |path: &str, key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_json::Value::String(text) if refused(text) => Some(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| first_text(item, format!("{path}[{index}]"), refused)),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            if refused(key) {
                Some(member(&path, &key.replace('\0', "\\u0000")))
            } else {
                first_text(item, member(&path, key), refused)
            }
        }),
        _ => None,
    }
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

#[cfg(test)]
mod plausible_dates {
    use super::is_implausible_date;

    #[test]
    fn a_date_outside_1800_to_2200_is_implausible() {
        for text in [
            "0000-01-01",
            "1799-12-31",
            "2201-01-01",
            "-0001-01-01",
            "+10000-01-01",
        ] {
            assert!(is_implausible_date(text), "{text}");
        }
    }

    #[test]
    fn a_date_inside_and_text_that_is_no_date_are_not() {
        for text in [
            "1800-01-01",
            "2026-12-04",
            "2200-12-31",
            "§ 123",
            "KS 2019/456",
            "0000-13-01",
            "12-01",
            "\u{10c9c6}=\u{678eb}\u{70e53}",
            "·B\u{a36c6}\u{90}´\u{fa651}\u{f83db}½z\u{b0cb7}",
            "Överförmyndarnämnden",
        ] {
            assert!(!is_implausible_date(text), "{text}");
        }
    }
}
