//! The start page: every cooperation in the register with its form, host, parties and status on
//! the time bar's day.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use projections::cooperations::cooperations;
use projections::ReadModel;
use uuid::Uuid;

use super::{pin, render, time_bar, Chrome, Pinned};
use crate::names::{Names, PartyLink};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

/// One cooperation as a row of the start page.
#[derive(Debug)]
struct CooperationRow {
    id: Uuid,
    name: String,
    form: &'static str,
    host: PartyLink,
    parties: Vec<PartyLink>,
    established_on: String,
    status: String,
}

#[derive(Template)]
#[template(path = "start.html")]
struct StartPage {
    chrome: Chrome,
    cooperations: Vec<CooperationRow>,
    /// Whether to offer the administrator's set-up forms.
    administrator: bool,
}

pub async fn start(
    State(state): State<WebState>,
    signed_in: SignedIn,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let mut chrome = Chrome::new(&signed_in, "/".to_owned(), time_bar(query, &state));
    let reading = match pin(&state, &mut chrome, ReadModel::Cooperations).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let list = cooperations(&state.pool, reading.read_at).await?;
    let names = Names::gather(&state.pool, reading.known_at, []).await?;
    let cooperations = list
        .cooperations
        .into_iter()
        .map(|entry| CooperationRow {
            id: entry.cooperation_id,
            name: entry.name,
            form: words::cooperation_form(entry.form),
            host: names.link(&entry.host),
            parties: names.links(&entry.parties),
            established_on: entry.established_on.to_string(),
            status: match entry.dissolution_effective_on {
                Some(day) if entry.status != domain::cooperation::CooperationStatus::Dissolved => {
                    format!(
                        "{}, upplöses från {day}",
                        words::cooperation_status(entry.status)
                    )
                }
                Some(day) => format!("{} från {day}", words::cooperation_status(entry.status)),
                None => words::cooperation_status(entry.status).to_owned(),
            },
        })
        .collect();
    render(&StartPage {
        chrome,
        cooperations,
        administrator: super::administrator::is_administrator(&signed_in),
    })
}
