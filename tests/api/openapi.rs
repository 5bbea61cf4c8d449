//! The OpenAPI document against the router: every documented operation is routed, documents the
//! shared error responses and a JSON success, and every schema it refers to is defined.

use axum::http::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::support::api_client::Api;

/// A value for a path parameter, by its name: something the route will parse.
fn fill(path: &str) -> String {
    let mut filled = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        filled.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        let name = &rest[start + 1..end];
        let value = match name {
            "code" => "2062".to_owned(),
            "period" | "year" => "2023".to_owned(),
            "paragraph" | "number" | "version" | "item" => "1".to_owned(),
            name if name.ends_with("date") || name.ends_with("_on") || name == "day" => {
                "2024-06-30".to_owned()
            }
            _ => Uuid::new_v4().to_string(),
        };
        filled.push_str(&value);
        rest = &rest[end + 1..];
    }
    filled.push_str(rest);
    filled
}

/// Every `$ref` in `value`.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => found.push(reference.clone()),
                    _ => references(value, found),
                }
            }
        }
        Value::Array(values) => values.iter().for_each(|value| references(value, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_matches_the_router_and_documents_every_answer() {
    let api = Api::new().await;

    let reply = api.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.body;
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        document["openapi"]
    );

    let paths = document["paths"].as_object().unwrap();
    assert!(!paths.is_empty());
    let mut operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
                continue;
            }
            operations += 1;
            let uri = format!("/api/v1{}", fill(path));
            let body = (method == "POST").then(|| b"{}".to_vec());
            let answer = api.send(&method, &uri, None, &[], body).await;
            let problem = answer.body["type"].as_str().unwrap_or_default();
            assert_ne!(
                problem, "urn:samverkan:problem:no-such-route",
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                problem, "urn:samverkan:problem:method-not-allowed",
                "{method} {path} is documented but not routed for {method}"
            );
            assert_ne!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );

            let responses = operation["responses"].as_object().unwrap();
            for status in ["400", "401", "403", "500"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} does not document {status}"
                );
            }
            if method == "POST" {
                for status in ["409", "413", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path} does not document {status}"
                    );
                }
            }
            let success = responses
                .iter()
                .find(|(status, _)| status.starts_with('2'))
                .unwrap_or_else(|| panic!("{method} {path} documents no success"))
                .1;
            assert!(
                success["content"]["application/json"]["schema"].is_object(),
                "{method} {path} documents no JSON schema for its success"
            );
        }
    }
    assert!(operations > 0);

    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(!found.is_empty());
    for reference in found {
        let pointer = reference
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{reference} is not local"));
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} does not resolve"
        );
    }
}

/// Every integer format in `value`, with the path to it.
fn integer_formats(value: &Value, path: String, found: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            if map.get("type") == Some(&Value::String("integer".into())) {
                found.push((path.clone(), value.clone()));
            }
            for (key, value) in map {
                integer_formats(value, format!("{path}/{key}"), found);
            }
        }
        Value::Array(values) => {
            for (index, value) in values.iter().enumerate() {
                integer_formats(value, format!("{path}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_integer_is_documented_in_a_standard_format_with_the_range_the_server_takes() {
    let api = Api::new().await;
    let document = api.get("/api/v1/openapi.json", None).await.body;
    let mut integers = Vec::new();
    integer_formats(&document, String::new(), &mut integers);
    assert!(integers.len() > 30, "{integers:?}");
    // A format, when given, is one OpenAPI defines; a hand-written parameter such as `limit`
    // gives its range without one.
    for (path, schema) in &integers {
        assert!(
            matches!(
                schema.get("format").map(Value::as_str),
                None | Some(Some("int32" | "int64"))
            ),
            "{path}: {schema}"
        );
    }
    // A population is a u32: above int32's range, and taken up to 4 294 967 295.
    let population =
        &document["components"]["schemas"]["PopulationFigureRequest"]["properties"]["population"];
    assert_eq!(
        population,
        &serde_json::json!({"type": "integer", "format": "int64", "minimum": 0, "maximum": 4_294_967_295_u64, "example": 20_326})
    );
}
