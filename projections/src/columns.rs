//! How domain values are stored in read-model columns, and read back.
//!
//! Enumerations are stored as their serde names ("chair", "member"), the same words the stored
//! events use, so that a row reads like the event it came from.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::{QueryError, ReadModel};

/// The serde name of a unit variant, such as `Role::Chair` → "chair"; other values as JSON text.
pub(crate) fn text_of<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    Ok(match serde_json::to_value(value)? {
        Value::String(name) => name,
        other => other.to_string(),
    })
}

/// Reads back a value stored with [`text_of`].
pub(crate) fn from_text<T: DeserializeOwned>(
    model: ReadModel,
    column: &str,
    text: &str,
) -> Result<T, QueryError> {
    serde_json::from_value(Value::String(text.to_owned()))
        .map_err(|error| QueryError::unreadable(model, format!("{column} {text:?}: {error}")))
}

/// Reads back a value stored as JSON.
pub(crate) fn from_json<T: DeserializeOwned>(
    model: ReadModel,
    column: &str,
    json: Value,
) -> Result<T, QueryError> {
    serde_json::from_value(json)
        .map_err(|error| QueryError::unreadable(model, format!("{column}: {error}")))
}

/// A value as JSON for a `jsonb` column.
pub(crate) fn json_of<T: Serialize>(value: &T) -> Result<Value, serde_json::Error> {
    serde_json::to_value(value)
}

/// Reads back a number stored in a column wider than its domain type, such as a § number (`u32`)
/// kept in a `bigint`.
pub(crate) fn number_from<T, S>(model: ReadModel, column: &str, stored: S) -> Result<T, QueryError>
where
    T: TryFrom<S>,
    S: Copy + std::fmt::Display,
{
    T::try_from(stored)
        .map_err(|_| QueryError::unreadable(model, format!("{column} {stored} is out of range")))
}
