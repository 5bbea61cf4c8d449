//! Who is calling. The [`authenticate`] middleware reads the bearer token once per request and
//! leaves a [`Caller`] in the request's extensions; handlers then ask it what they need: a reader,
//! an auditor, an administrator, or the secretary of one body.

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::problem::ApiError;
use super::{AnonymousReads, AppState};
use register::access::{Role, Token};

/// The caller of one request.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A live token.
    Token(Token),
    /// No `Authorization` header.
    Anonymous,
}

impl Caller {
    /// The token of a caller who may read the whole register: any live token.
    pub fn reader(&self) -> Result<&Token, ApiError> {
        match self {
            Caller::Token(token) => Ok(token),
            Caller::Anonymous => Err(unauthenticated()),
        }
    }

    /// The token of an administrator.
    pub fn administrator(&self) -> Result<&Token, ApiError> {
        let token = self.writer()?;
        match token.role {
            Role::Administrator => Ok(token),
            role => Err(ApiError::Forbidden(format!(
                "{} may not do this: only an administrator manages parties, cooperations, \
                 bodies, governing documents, mandates, obligations and outside decisions",
                role.with_article()
            ))),
        }
    }

    /// The token of an auditor: the audit endpoints (raw events, verification, entity
    /// histories, read-model comparisons, compliance) are the auditor's tools, so that reading
    /// the record's internals is a role of its own rather than a side effect of writing it.
    pub fn auditor(&self) -> Result<&Token, ApiError> {
        let token = self.reader()?;
        match token.role {
            Role::Auditor => Ok(token),
            role => Err(ApiError::Forbidden(format!(
                "{} may not do this: only an auditor reads the audit endpoints",
                role.with_article()
            ))),
        }
    }

    /// The token of a secretary scoped to `body_id`; a refusal names the body as `body` says,
    /// such as "Inköpsnämnden (6d0c…)". [`Writing::secretary_of`] looks the name up.
    ///
    /// [`Writing::secretary_of`]: crate::command::Writing::secretary_of
    pub fn secretary_of(&self, body_id: Uuid, body: &str) -> Result<&Token, ApiError> {
        let token = self.writer()?;
        match token.role {
            Role::Secretary if token.is_scoped_to(body_id) => Ok(token),
            Role::Secretary => Err(ApiError::Forbidden(format!(
                "this secretary token is not scoped to {body}; secretaries write only for the \
                 bodies they are scoped to"
            ))),
            role => Err(ApiError::Forbidden(format!(
                "{} may not do this: only a secretary of {body} records its meetings, members \
                 and goals",
                role.with_article()
            ))),
        }
    }

    /// The token, if its role is `role`: what an operation that needs the role asks before it
    /// reads the request (see [`crate::roles`]). A secretary's scope is the handler's to check.
    pub fn with_role(&self, role: Role) -> Result<&Token, ApiError> {
        match role {
            Role::Administrator => self.administrator(),
            Role::Auditor => self.auditor(),
            Role::Secretary => {
                let token = self.writer()?;
                match token.role {
                    Role::Secretary => Ok(token),
                    other => Err(ApiError::Forbidden(format!(
                        "{} may not do this: only a secretary of the body records its \
                         meetings, members and goals",
                        other.with_article()
                    ))),
                }
            }
        }
    }

    fn writer(&self) -> Result<&Token, ApiError> {
        match self {
            Caller::Token(token) if token.role == Role::Auditor => Err(ApiError::Forbidden(
                "an auditor reads everything and writes nothing".to_owned(),
            )),
            Caller::Token(token) => Ok(token),
            Caller::Anonymous => Err(unauthenticated()),
        }
    }
}

fn unauthenticated() -> ApiError {
    ApiError::Unauthenticated(
        "send a token as `Authorization: Bearer <secret>`; tokens are made with \
         `samverkan token create`"
            .to_owned(),
    )
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Caller, ApiError> {
        parts.extensions.get::<Caller>().cloned().ok_or_else(|| {
            ApiError::internal(&"a handler ran outside the authentication middleware")
        })
    }
}

/// Reads the bearer token, if any, into a [`Caller`]. A token that is sent but unknown, revoked
/// or malformed is refused here, whatever the route: a caller who meant to authenticate should
/// learn that it failed rather than be served as anonymous.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match request.headers().get(AUTHORIZATION) {
        None => Caller::Anonymous,
        Some(value) => {
            let secret = value
                .to_str()
                .ok()
                .and_then(|value| value.strip_prefix("Bearer "))
                .map(str::trim);
            let Some(secret) = secret.filter(|secret| !secret.is_empty()) else {
                return ApiError::Unauthenticated(
                    "the Authorization header must be `Bearer <secret>`".to_owned(),
                )
                .into_response();
            };
            match state.tokens.authenticate(secret).await {
                Ok(Some(token)) => Caller::Token(token),
                Ok(None) => {
                    return ApiError::Unauthenticated("the token is unknown or revoked".to_owned())
                        .into_response()
                }
                Err(error) => return ApiError::failed(&error).into_response(),
            }
        }
    };
    // Who may call is settled before anything else about the request is read: a command needs
    // a token that may write, and a read needs a token unless it is open to anonymous callers,
    // so that a caller without the right is told so whatever else is wrong with its request.
    let path = operation_path(&request);
    let refusal = if request.method() == Method::POST && !READS_BY_POST.contains(&path) {
        caller.writer().err()
    } else if open_to_anonymous(path, &state) {
        None
    } else {
        caller.reader().err()
    };
    if let Some(refusal) = refusal {
        return refusal.into_response();
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// The operations that take a body with POST but write nothing, so that any token may call
/// them: a transition's preview, which an auditor may ask for.
const READS_BY_POST: [&str; 1] = ["/transitions/{transition_id}/preview"];

/// The path template of the operation the request matched, within the API (`/bodies/{id}`);
/// empty when it matched none.
pub(crate) fn operation_path(request: &Request) -> &str {
    request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| {
            matched
                .as_str()
                .strip_prefix(crate::API_PREFIX)
                .unwrap_or(matched.as_str())
        })
        .unwrap_or_default()
}

/// Whether a read is open without a token: the OpenAPI document itself, a path no operation
/// matches (answered 404 by the fallback), and a body's § register when the server opens public
/// decisions to anonymous callers (the handler then lists only those).
fn open_to_anonymous(path: &str, state: &AppState) -> bool {
    match path {
        "" | "/openapi.json" => true,
        "/bodies/{id}/decisions" => state.settings.anonymous_reads != AnonymousReads::None,
        _ => false,
    }
}
