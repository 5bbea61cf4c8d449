//! The OpenAPI document states the range of every integer the server takes.
//!
//! utoipa writes a Rust `u32` as `format: uint32` (with `non_strict_integers`), which OpenAPI's
//! own formats do not have; without the feature it writes `int32`, which says a population
//! above 2 147 483 647 is refused when the server takes it. Here each unsigned or small integer
//! becomes the standard format that holds it, with its exact `minimum` and `maximum`: a `u32`
//! is an `int64` from 0 to 4 294 967 295, a `u16` an `int32` from 0 to 65 535.

use serde_json::{json, Value};
use utoipa::openapi::OpenApi;

/// The document with every integer schema in a standard format and its exact range. The
/// document is rewritten as JSON, which utoipa reads back; should that ever fail, the document
/// is served as utoipa wrote it and the failure logged, since a test holds the served document
/// to standard formats (`tests/api/openapi.rs`).
pub fn with_exact_integer_ranges(document: OpenApi) -> OpenApi {
    let rewritten = serde_json::to_value(&document).and_then(|mut value| {
        state_ranges(&mut value);
        serde_json::from_value(value)
    });
    match rewritten {
        Ok(rewritten) => rewritten,
        Err(error) => {
            tracing::error!(%error, "the OpenAPI document's integer ranges could not be stated");
            document
        }
    }
}

/// The standard format and range of each format utoipa writes for a Rust integer type that is
/// not already `int32` or `int64`.
fn standard(format: &str) -> Option<(&'static str, i64, Option<u64>)> {
    // utoipa spells its own formats in kebab case (`u-int32`); both spellings are read.
    Some(match format {
        "int8" => ("int32", i64::from(i8::MIN), Some(i8::MAX as u64)),
        "int16" => ("int32", i64::from(i16::MIN), Some(i16::MAX as u64)),
        "uint8" | "u-int8" => ("int32", 0, Some(u64::from(u8::MAX))),
        "uint16" | "u-int16" => ("int32", 0, Some(u64::from(u16::MAX))),
        "uint32" | "u-int32" => ("int64", 0, Some(u64::from(u32::MAX))),
        // A u64 above i64::MAX has no standard format; the server's u64 fields are positions
        // and counts, stored as bigint, so int64 from 0 is what they take.
        "uint64" | "u-int64" => ("int64", 0, None),
        _ => return None,
    })
}

fn state_ranges(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let range = object
                .get("format")
                .and_then(Value::as_str)
                .and_then(standard);
            if let Some((format, minimum, maximum)) = range {
                object.insert("format".to_owned(), json!(format));
                // A minimum the document already states (from a `#[schema(minimum = 1)]`, say)
                // is narrower than the type's and is kept.
                let stated = object.get("minimum").and_then(Value::as_i64);
                object.insert(
                    "minimum".to_owned(),
                    json!(stated.map_or(minimum, |stated| stated.max(minimum))),
                );
                if let Some(maximum) = maximum {
                    let stated = object.get("maximum").and_then(Value::as_u64);
                    object.insert(
                        "maximum".to_owned(),
                        json!(stated.map_or(maximum, |stated| stated.min(maximum))),
                    );
                }
            }
            object.values_mut().for_each(state_ranges);
        }
        Value::Array(items) => items.iter_mut().for_each(state_ranges),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_unsigned_type_gets_the_standard_format_that_holds_it_and_its_exact_range() {
        let mut document = json!({
            "population": {"type": "integer", "format": "u-int32", "minimum": 0},
            "items": [{"type": "integer", "format": "uint16", "minimum": 0}],
            "position": {"type": "integer", "format": "uint64", "minimum": 1},
            "year": {"type": "integer", "format": "int32"},
        });
        state_ranges(&mut document);
        assert_eq!(
            document,
            json!({
                "population": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 4_294_967_295_u64},
                "items": [{"type": "integer", "format": "int32", "minimum": 0, "maximum": 65_535}],
                "position": {"type": "integer", "format": "int64", "minimum": 1},
                "year": {"type": "integer", "format": "int32"},
            })
        );
    }
}
