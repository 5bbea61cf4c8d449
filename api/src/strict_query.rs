//! Unknown query parameters are refused, by name.
//!
//! A misspelt parameter (`?asof=2024-06-30`) would otherwise be dropped silently, and the read
//! would answer for today as if the client had asked for it: a wrong answer that looks right.
//! The parameters each operation takes are the ones the OpenAPI document lists for it, so the
//! document and the server cannot disagree about them; the handler's own extractors then judge
//! the values.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::OpenApi;

use crate::auth::operation_path;
use crate::problem::ApiError;

/// The query parameters of every operation, by method and path template as the router matches
/// it (`/bodies/{id}`, without the `/api/v1` the API is nested under).
#[derive(Debug, Default)]
pub struct QueryParameters {
    by_operation: HashMap<(Method, String), BTreeSet<String>>,
}

impl QueryParameters {
    /// The parameters the document lists for each of its operations.
    pub fn of(document: &OpenApi) -> QueryParameters {
        let mut by_operation = HashMap::new();
        for (path, item) in &document.paths.paths {
            let shared = item.parameters.as_deref().unwrap_or_default();
            let operations: [(Method, &Option<Operation>); 5] = [
                (Method::GET, &item.get),
                (Method::POST, &item.post),
                (Method::PUT, &item.put),
                (Method::PATCH, &item.patch),
                (Method::DELETE, &item.delete),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else { continue };
                let own = operation.parameters.as_deref().unwrap_or_default();
                by_operation.insert(
                    (method, path.clone()),
                    query_names(shared.iter().chain(own)),
                );
            }
        }
        QueryParameters { by_operation }
    }

    /// The first parameter of `query` that the operation does not take, when there is one. An
    /// operation the document does not know (the document itself, say) takes none.
    fn first_unknown(&self, method: &Method, path: &str, query: &str) -> Option<String> {
        // A HEAD is answered by the GET of the same path.
        let method = if method == Method::HEAD {
            Method::GET
        } else {
            method.clone()
        };
        let known = self.by_operation.get(&(method, path.to_owned()));
        form_urlencoded::parse(query.as_bytes())
            .map(|(name, _)| name)
            .find(|name| !known.is_some_and(|known| known.contains(name.as_ref())))
            .map(|name| name.into_owned())
    }
}

/// The first parameter of `query` whose name or value holds the NUL character.
fn parameter_with_nul(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| name.replace('\0', "%00"))
}

fn query_names<'a>(parameters: impl Iterator<Item = &'a Parameter>) -> BTreeSet<String> {
    parameters
        .filter(|parameter| matches!(parameter.parameter_in, ParameterIn::Query))
        .map(|parameter| parameter.name.clone())
        .collect()
}

/// Refuses a request whose query names a parameter its operation does not take, or holds the
/// NUL character (which no text of the register may hold, and PostgreSQL cannot store or
/// compare), before any handler reads it. Requests that matched no operation pass on to the
/// fallback's 404.
pub async fn refuse_unknown_parameters(
    State(parameters): State<Arc<QueryParameters>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(parameter) = request.uri().query().and_then(parameter_with_nul) {
        return ApiError::MalformedParameter {
            parameter,
            reason: "text must not contain the NUL character (%00)".to_owned(),
        }
        .into_response();
    }
    let path = operation_path(&request);
    let unknown = match request.uri().query() {
        Some(query) if !path.is_empty() => parameters.first_unknown(request.method(), path, query),
        _ => None,
    };
    match unknown {
        Some(parameter) => ApiError::UnknownParameter { parameter }.into_response(),
        None => next.run(request).await,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_read_takes_as_of_and_known_at_and_nothing_misspelt() {
        let parameters = QueryParameters::of(&crate::api().1);

        assert_eq!(
            parameters.first_unknown(&Method::GET, "/bodies/{id}", "as_of=2024-06-30&known_at=4"),
            None
        );
        assert_eq!(
            parameters.first_unknown(&Method::HEAD, "/bodies/{id}", "as_of=2024-06-30&asof=x"),
            Some("asof".to_owned())
        );
        assert_eq!(
            parameters.first_unknown(&Method::POST, "/parties", "as_of=2024-06-30"),
            Some("as_of".to_owned())
        );
    }
}
