//! A citation beside every legal basis in a read's answer: `{"kind":"decision","decision_id":…}`
//! gains `"citation":"KF Haninge 2024-02-12 § 14"`, resolved from the register as known at the
//! answer's own `known_at` (see [`projections::citations::Citations`]).
//!
//! The read models keep bases as the events gave them; citing them is the reading side's work,
//! done once here for every read rather than in each handler, so that no answer can forget it.
//! A basis is recognised by its exact shape, one of [`LegalBasis`]'s three, and never inside an
//! event's stored `payload` or `metadata`, which an auditor must see exactly as they were stored.
//! The same pass adds the names of the parties the answer mentions ([`party_names`]).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::LegalBasis;
use eventlog::Position;
use projections::citations::{self, Citations};
use serde_json::{Map, Value};

use crate::stored_as_is::STORED_AS_IS;
use crate::{party_names, ApiError, AppState};

/// Adds the citation of every basis, and the names of the parties mentioned, to a successful
/// JSON answer of a GET that says its `known_at`.
pub async fn cite_bases(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_read = request.method() == Method::GET;
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !is_read || response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => return ApiError::failed(&error).into_response(),
    };
    let Ok(mut answer) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let known_at = answer
        .get("known_at")
        .and_then(Value::as_u64)
        .and_then(|position| Position::new(position).ok());
    let mut bases = Vec::new();
    collect(&answer, &mut bases);
    let mentioned = party_names::mentioned(&answer);
    let Some(known_at) = known_at.filter(|_| !bases.is_empty() || !mentioned.is_empty()) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if !bases.is_empty() {
        let citations = match Citations::gather(&state.pool, &bases, known_at).await {
            Ok(citations) => citations,
            Err(error) => return ApiError::failed(&error).into_response(),
        };
        cite(&mut answer, &citations);
    }
    if let (false, Value::Object(members)) = (mentioned.is_empty(), &mut answer) {
        match citations::party_names(&state.pool, known_at).await {
            Ok(registered) => party_names::name(members, mentioned, &registered),
            Err(error) => return ApiError::failed(&error).into_response(),
        }
    }
    match serde_json::to_vec(&answer) {
        Ok(cited) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(cited))
        }
        Err(error) => ApiError::failed(&error).into_response(),
    }
}

/// The basis `value` is, when it has exactly the shape of one.
fn as_basis(members: &Map<String, Value>) -> Option<LegalBasis> {
    let keys = |allowed: &[&str], required: &[&str]| {
        members.keys().all(|key| allowed.contains(&key.as_str()))
            && required.iter().all(|key| members.contains_key(*key))
    };
    let shaped = match members.get("kind").and_then(Value::as_str)? {
        "decision" => keys(&["kind", "decision_id"], &["decision_id"]),
        "document_clause" => keys(
            &["kind", "document_id", "version", "clause"],
            &["document_id", "version", "clause"],
        ),
        "external_decision" => keys(
            &[
                "kind",
                "issuer",
                "decided_on",
                "reference",
                "registry_number",
            ],
            &["issuer", "decided_on"],
        ),
        _ => false,
    };
    if !shaped {
        return None;
    }
    serde_json::from_value(Value::Object(members.clone())).ok()
}

fn collect(value: &Value, bases: &mut Vec<LegalBasis>) {
    match value {
        Value::Object(members) => {
            if let Some(basis) = as_basis(members) {
                bases.push(basis);
                return;
            }
            for (key, member) in members {
                if !STORED_AS_IS.contains(&key.as_str()) {
                    collect(member, bases);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, bases)),
        _ => {}
    }
}

fn cite(value: &mut Value, citations: &Citations) {
    match value {
        Value::Object(members) => {
            if let Some(basis) = as_basis(members) {
                members.insert("citation".to_owned(), Value::String(citations.cite(&basis)));
                return;
            }
            for (key, member) in members.iter_mut() {
                if !STORED_AS_IS.contains(&key.as_str()) {
                    cite(member, citations);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| cite(item, citations)),
        _ => {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(value: Value) -> usize {
        let mut bases = Vec::new();
        collect(&value, &mut bases);
        bases.len()
    }

    #[test]
    fn only_the_exact_shapes_of_a_basis_are_cited() {
        let decision =
            json!({ "kind": "decision", "decision_id": "7c6425f1-3c4b-4a7e-9f43-5d0a3b2c1e10" });
        let clause = json!({ "kind": "document_clause", "document_id": "7c6425f1-3c4b-4a7e-9f43-5d0a3b2c1e10", "version": 2, "clause": "Kostnader" });
        let outside = json!({ "kind": "external_decision", "issuer": "RS", "decided_on": "2025-05-06", "reference": "§103", "registry_number": null });
        assert_eq!(
            found(json!({ "basis": decision, "bases": [clause, outside] })),
            3
        );
        // Another kind of thing that happens to say "decision", and a basis with a stray field.
        assert_eq!(
            found(json!({ "kind": "decision", "decision_id": "x", "extra": 1 })),
            0
        );
        assert_eq!(
            found(json!({ "kind": "decision", "text": "Nämnden beslutar" })),
            0
        );
    }

    #[test]
    fn a_stored_payload_is_never_cited() {
        let decision =
            json!({ "kind": "decision", "decision_id": "7c6425f1-3c4b-4a7e-9f43-5d0a3b2c1e10" });
        assert_eq!(
            found(json!({ "payload": { "basis": decision }, "metadata": { "basis": decision } })),
            0
        );
    }
}
