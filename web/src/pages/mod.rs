//! One module per page. Each handler reads its time bar, pins the read to one log position so
//! that every part of the page answers at the same record time, and renders its template.

pub mod administrator;
pub mod board;
pub mod body;
pub mod calendar;
pub mod cooperation;
pub mod document;
pub mod history;
pub mod log;
pub mod meeting;
pub mod party;
pub mod protokoll;
pub mod secretary;
pub mod sign_in;
pub mod start;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use eventlog::Position;
use projections::{KnownAt, QueryError, ReadAt, ReadModel, Resolved};

use crate::session::SignedIn;
use crate::time_bar::{TimeBar, TimeBarQuery};
use crate::words;
use crate::{WebError, WebState};

/// What every page shows around its content: who is signed in, the sign-out form with its CSRF
/// token, and the time bar with the path it submits to.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// "Namn (roll)" of the signed-in token.
    pub signed_in_as: String,
    pub csrf_token: String,
    pub path: String,
    pub time_bar: TimeBar,
    /// The position the page was read at, once it was.
    pub known_at: Option<u64>,
    /// Whether the navigation offers the auditor's pages.
    pub is_auditor: bool,
}

impl Chrome {
    pub fn new(signed_in: &SignedIn, path: String, time_bar: TimeBar) -> Chrome {
        let token = &signed_in.session.token;
        Chrome {
            signed_in_as: format!("{} ({})", token.name, words::access_role(token.role)),
            csrf_token: signed_in.session.csrf_token.clone(),
            path,
            time_bar,
            known_at: None,
            is_auditor: token.role == register::access::Role::Auditor,
        }
    }

    /// The time bar's query, to carry onto links.
    pub fn query(&self) -> String {
        self.time_bar.query()
    }

    /// The link that reproduces this page exactly, once it was read.
    pub fn permalink(&self) -> Option<String> {
        self.known_at
            .map(|known_at| format!("{}{}", self.path, self.time_bar.pinned_query(known_at)))
    }
}

/// What a form page shows around its content: who is signed in and the sign-out form. It has no
/// time bar, because a form records now, on the register as it stands.
#[derive(Debug, Clone)]
pub struct DeskChrome {
    pub signed_in_as: String,
    pub csrf_token: String,
}

impl DeskChrome {
    pub fn new(signed_in: &SignedIn) -> DeskChrome {
        let token = &signed_in.session.token;
        DeskChrome {
            signed_in_as: format!("{} ({})", token.name, words::access_role(token.role)),
            csrf_token: signed_in.session.csrf_token.clone(),
        }
    }
}

/// Reads the time bar from the URL; a query the framework cannot split into fields is an empty
/// time bar with its defaults, since its fields are all optional text.
pub fn time_bar(query: Result<Query<TimeBarQuery>, QueryRejection>, state: &WebState) -> TimeBar {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    TimeBar::read(&query, state.clock.today())
}

/// A page's read pinned to one log position of `model`, or the page that says what is wrong
/// with the time bar.
#[derive(Debug)]
pub enum Pinned {
    At(Reading),
    Refused(Response),
}

/// The two clocks a page reads at, the record time fixed to one position.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub read_at: ReadAt,
    pub known_at: Position,
}

/// Fixes the page's record time to one position, so that its parts, read one after another,
/// answer as of the same knowledge; a record time the register has not reached is shown beside
/// the time bar's field.
pub async fn pin(
    state: &WebState,
    chrome: &mut Chrome,
    model: ReadModel,
) -> Result<Pinned, WebError> {
    if !chrome.time_bar.is_valid() {
        return Ok(Pinned::Refused(time_bar_refused(chrome.clone())?));
    }
    let read_at = chrome.time_bar.read_at();
    match read_at.resolve(&state.pool, model).await {
        Ok(Resolved { as_of, known_at }) => {
            chrome.known_at = Some(known_at.get());
            Ok(Pinned::At(Reading {
                read_at: ReadAt::on(as_of).known_at(KnownAt::Position(known_at)),
                known_at,
            }))
        }
        Err(QueryError::NotRecorded { wanted, head }) => {
            let mut refused = chrome.clone();
            refused.time_bar = refused.time_bar.with_known_at_error(format!(
                "Position {wanted} finns inte än: registret slutar vid position {head}."
            ));
            Ok(Pinned::Refused(time_bar_refused(refused)?))
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "time_bar_refused.html")]
struct TimeBarRefused {
    chrome: Chrome,
}

/// The page with its time bar and the errors beside its fields, and no answer.
fn time_bar_refused(chrome: Chrome) -> Result<Response, WebError> {
    let html = TimeBarRefused { chrome }.render()?;
    Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
}

/// Renders a page's template as its answer.
pub fn render(page: &impl Template) -> Result<Response, WebError> {
    Ok(Html(page.render()?).into_response())
}

/// Renders a page's template with `status`: a form shown again with its errors is a 4xx, so
/// that a script posting it learns that nothing was written.
pub fn render_status(page: &impl Template, status: u16) -> Result<Response, WebError> {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Ok((status, Html(page.render()?)).into_response())
}

/// The Swedish page for an address the app does not know.
pub async fn not_found() -> WebError {
    WebError::NotFound(
        "Det finns ingen sida på den här adressen. Gå till startsidan och leta därifrån."
            .to_owned(),
    )
}
