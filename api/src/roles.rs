//! The role each operation needs, refused before the request is read any further.
//!
//! A caller with the wrong role is told 403 whatever else is wrong with its request: its body
//! is not parsed and its query not judged first, so that a refusal never depends on, or tells
//! anything about, what the caller was not allowed to send. The role an operation needs is the
//! one its OpenAPI `security` requirement names (`"bearer": ["administrator"]`, as OpenAPI 3.1
//! lets a requirement name roles), so the document says what the server enforces. Which body a
//! secretary may write for is checked by the handler, which knows the body.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use register::access::Role;
use utoipa::openapi::OpenApi;

use crate::auth::{operation_path, Caller};

/// The role each operation of the document needs, by method and path template as the router
/// matches it (`/bodies/{id}`, without the `/api/v1` the API is nested under).
#[derive(Debug, Default)]
pub struct OperationRoles {
    by_operation: HashMap<(Method, String), Role>,
}

impl OperationRoles {
    /// The roles the document's operations name in their `bearer` security requirement.
    pub fn of(document: &OpenApi) -> OperationRoles {
        let mut by_operation = HashMap::new();
        // utoipa keeps a requirement's roles private; its JSON form is the document's own.
        let Ok(document) = serde_json::to_value(document) else {
            return OperationRoles::default();
        };
        let paths = document["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            let Some(operations) = item.as_object() else {
                continue;
            };
            for (method, operation) in operations {
                let Ok(method) = method.to_uppercase().parse::<Method>() else {
                    continue;
                };
                let role = operation["security"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|requirement| requirement["bearer"].as_array())
                    .flatten()
                    .filter_map(|role| role.as_str()?.parse::<Role>().ok())
                    .next();
                if let Some(role) = role {
                    by_operation.insert((method, path.clone()), role);
                }
            }
        }
        OperationRoles { by_operation }
    }

    /// The role `method` on `path` needs, if it names one.
    pub fn needed(&self, method: &Method, path: &str) -> Option<Role> {
        self.by_operation
            .get(&(method.clone(), path.to_owned()))
            .copied()
    }
}

/// Refuses a caller whose token has another role than the operation needs, before anything else
/// of the request is read. Runs after [`crate::auth::authenticate`], which has already refused a
/// caller without a token where one is needed.
pub async fn require_role(
    State(roles): State<Arc<OperationRoles>>,
    request: Request,
    next: Next,
) -> Response {
    let needed = roles.needed(request.method(), operation_path(&request));
    if let (Some(needed), Some(caller)) = (needed, request.extensions().get::<Caller>()) {
        if let Err(refusal) = caller.with_role(needed) {
            return refusal.into_response();
        }
    }
    next.run(request).await
}
