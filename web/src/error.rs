//! The one error type of the web app, and its rendering as a Swedish page.
//!
//! A visitor's mistake (an unknown id, a time bar that does not read, a form from elsewhere) is
//! told in Swedish with what to do next; a fault of the server is logged in full and shown as a
//! short apology with the time, never as a stack or a JSON blob.

use askama::Template;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use eventlog::StoreFailure;
use projections::QueryError;
use register::access::TokenError;

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The page needs a session and the visitor has none, or it has expired or been ended. The
    /// visitor is sent to `sign_in_path`, which brings them back to the page afterwards.
    #[error("not signed in")]
    NotSignedIn { sign_in_path: String },
    /// Nothing in the register answers to this address.
    #[error("not found: {0}")]
    NotFound(String),
    /// The visitor's role may not see the page.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The log could not be verified, which is the service's fault, not the visitor's.
    #[error("the log could not be verified: {0}")]
    Verification(String),
    /// A form was posted from another site, which a browser says through `Sec-Fetch-Site` or
    /// `Origin`.
    #[error("a form was posted from another site")]
    CrossSitePost,
    /// A form's CSRF token is not the session's.
    #[error("a form's CSRF token is not its session's")]
    CsrfMismatch,
    /// A form's fields could not be read at all.
    #[error("a form could not be read: {0}")]
    UnreadableForm(String),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Sessions(#[from] TokenError),
    /// The register or the log failed, or could not be reached, while a form was recorded or
    /// checked; the message is for the log, not for the visitor.
    #[error("the register failed: {0}")]
    Store(StoreFailure),
    #[error("a page could not be rendered: {0}")]
    Template(#[from] askama::Error),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            WebError::NotSignedIn { sign_in_path } => {
                return Redirect::to(sign_in_path).into_response();
            }
            WebError::NotFound(what) => (StatusCode::NOT_FOUND, "Sidan finns inte", what.clone()),
            WebError::Forbidden(why) => (
                StatusCode::FORBIDDEN,
                "Sidan är inte för din roll",
                why.clone(),
            ),
            WebError::CrossSitePost => (
                StatusCode::FORBIDDEN,
                "Formuläret kom från en annan webbplats",
                "Registret tar bara emot formulär från sina egna sidor. Inget har sparats."
                    .to_owned(),
            ),
            WebError::CsrfMismatch => (
                StatusCode::FORBIDDEN,
                "Formuläret har gått ut",
                "Formuläret hör inte till din inloggning, kanske för att du har loggat in på \
                 nytt. Inget har sparats. Gå tillbaka, ladda om sidan och försök igen."
                    .to_owned(),
            ),
            WebError::UnreadableForm(reason) => (
                StatusCode::BAD_REQUEST,
                "Formuläret kunde inte läsas",
                format!("Inget har sparats. ({reason})"),
            ),
            WebError::Query(QueryError::NotCaughtUp { .. } | QueryError::NotBuilt(_)) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Registret hinner inte med",
                "Läsmodellerna är inte ikapp med registret just nu. Försök igen om en stund."
                    .to_owned(),
            ),
            _ if eventlog::unreachable_in_chain(&self) => {
                tracing::debug!(error = %self, "the database could not be reached");
                let mut page = error_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Registret går inte att nå just nu",
                    "Tjänsten når inte sin databas för tillfället. Inget har sparats. Försök \
                     igen om en stund.",
                );
                page.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(eventlog::RETRY_AFTER_SECONDS),
                );
                page.extensions_mut().insert(eventlog::DatabaseUnreachable);
                return page;
            }
            WebError::Query(_)
            | WebError::Sessions(_)
            | WebError::Template(_)
            | WebError::Store(_)
            | WebError::Verification(_) => {
                tracing::error!(error = %self, "a page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Något gick fel",
                    "Sidan kunde inte visas på grund av ett fel i tjänsten. Felet är loggat. \
                     Försök igen om en stund."
                        .to_owned(),
                )
            }
        };
        error_page(status, title, &message)
    }
}

/// The error page with `title` and `message`, answered with `status`.
fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    let page = ErrorPage { title, message };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "the error page could not be rendered");
            (status, title.to_owned()).into_response()
        }
    }
}
