//! Signing in with a token, and signing out.

use askama::Template;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::session::{self, local_path, SignedIn, SIGN_IN_PATH};
use crate::{WebError, WebState};

#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    till: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    till: String,
}

#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    return_to: String,
    /// What is wrong with the pasted token, shown beside its field.
    token_error: Option<String>,
    /// Whether the visitor was sent here from a page that needs a session.
    sent_from_page: bool,
}

/// The sign-in form.
pub async fn form(
    query: Result<Query<SignInQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let return_to = query
        .ok()
        .and_then(|Query(query)| query.till)
        .unwrap_or_else(|| "/".to_owned());
    let return_to = local_path(&return_to).to_owned();
    super::render(&SignInPage {
        sent_from_page: return_to != "/",
        return_to,
        token_error: None,
    })
}

/// Starts a session for a pasted token and goes on to the page asked for.
pub async fn sign_in(
    State(state): State<WebState>,
    jar: CookieJar,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|rejection| WebError::UnreadableForm(rejection.body_text()))?;
    let return_to = local_path(&form.till).to_owned();
    let token = form.token.trim();
    let refused = |status: StatusCode, message: &str| -> Result<Response, WebError> {
        let page = SignInPage {
            sent_from_page: false,
            return_to: return_to.clone(),
            token_error: Some(message.to_owned()),
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    if token.is_empty() {
        return refused(
            StatusCode::BAD_REQUEST,
            "Klistra in din nyckel. Den börjar med svk_, och du har fått den av registrets \
             administratör.",
        );
    }
    match state
        .sessions
        .start(token, state.settings.session_lifetime)
        .await?
    {
        Some(started) => {
            tracing::info!(token_id = %started.session.token.id, "signed in to the web app");
            let jar = jar.add(session::session_cookie(started.secret, &state));
            Ok((jar, Redirect::to(&return_to)).into_response())
        }
        None => refused(
            StatusCode::UNAUTHORIZED,
            "Nyckeln är okänd eller återkallad. Kontrollera att du har klistrat in hela \
             nyckeln, eller be administratören om en ny.",
        ),
    }
}

/// Ends the session and goes back to the sign-in page.
pub async fn sign_out(
    State(state): State<WebState>,
    signed_in: SignedIn,
    jar: CookieJar,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Form(form) = form.map_err(|rejection| WebError::UnreadableForm(rejection.body_text()))?;
    signed_in.check_csrf(&form.csrf)?;
    state.sessions.end(signed_in.secret()).await?;
    tracing::info!(token_id = %signed_in.session.token.id, "signed out of the web app");
    Ok((session::without_session(jar), Redirect::to(SIGN_IN_PATH)).into_response())
}
