//! The auditor's history of one entity (a cooperation, body, meeting, decision, membership…):
//! every event that shaped it, oldest first, with who recorded it and when, the day it takes
//! effect, its basis by citation, and the corrections and revocations linked both ways. The same
//! history as `/api/v1/audit/history/{entity}`, on the time bar's day and record time.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::history::{history, AmendmentKind, HistoryEntry, HistoryWindow};
use projections::ReadModel;
use register::access::Role;
use serde::Deserialize;

use super::{pin, render, time_bar, Chrome, Pinned};
use crate::names::Names;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

/// How many events a page of the history shows.
const PAGE_SIZE: u64 = 100;

/// The address of an entity's history.
pub fn history_path(entity: &str) -> String {
    format!("/granskning/historik/{entity}")
}

/// Which page of the history: the events after the first `fran`.
#[derive(Debug, Default, Deserialize)]
pub struct HistoryPageQuery {
    fran: Option<String>,
}

#[derive(Debug)]
struct EventRow {
    position: u64,
    recorded_at: String,
    recorded_by: String,
    event_type: String,
    effective_on: String,
    basis: String,
    summary: String,
    /// For an amending event: "Rättar" or "Upphäver", the position of the event it amends when
    /// it is on this page, and the reason.
    amends: Option<Amending>,
    corrected_by: Option<u64>,
    revoked_by: Option<u64>,
}

#[derive(Debug)]
struct Amending {
    verb: &'static str,
    position: Option<u64>,
    reason: Option<String>,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    entity: String,
    events: Vec<EventRow>,
    /// The address of the next page, when more events follow.
    next: Option<String>,
}

pub async fn history_page(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(entity): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
    page: Result<Query<HistoryPageQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    if signed_in.session.token.role != Role::Auditor {
        return Err(WebError::Forbidden(
            "Historiken är till för revisorer. Logga in med en revisors nyckel.".to_owned(),
        ));
    }
    let offset = page
        .ok()
        .and_then(|Query(page)| page.fran)
        .and_then(|text| text.parse::<u64>().ok())
        .unwrap_or(0);
    let mut chrome = Chrome::new(&signed_in, history_path(&entity), time_bar(query, &state));
    let reading = match pin(&state, &mut chrome, ReadModel::History).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let window = HistoryWindow {
        offset,
        limit: PAGE_SIZE,
    };
    let Some(found) = history(&state.pool, &entity, reading.read_at, window).await? else {
        return Err(WebError::NotFound(format!(
            "Registret har ingen händelse som rör {entity}, så som det var känt vid den \
             tidpunkt du valt."
        )));
    };
    let names = Names::gather(
        &state.pool,
        reading.known_at,
        found
            .entries
            .iter()
            .filter_map(|entry| entry.basis.as_ref()),
    )
    .await?;
    let next = found.more.then(|| {
        format!(
            "{}{}&fran={}",
            chrome.path,
            chrome.time_bar.pinned_query(found.known_at),
            offset + PAGE_SIZE
        )
    });
    render(&HistoryPage {
        entity: found.entity,
        events: found
            .entries
            .iter()
            .map(|entry| event_row(entry, &found.entries, &names))
            .collect(),
        next,
        chrome,
    })
}

/// One event as the page shows it; `entries` are the page's, in which an amendment finds the
/// event it amends.
fn event_row(entry: &HistoryEntry, entries: &[HistoryEntry], names: &Names) -> EventRow {
    EventRow {
        position: entry.position,
        recorded_at: entry
            .recorded_at
            .format("%Y-%m-%d %H:%M:%S UTC")
            .to_string(),
        recorded_by: entry.recorded_by.as_ref().map_or_else(
            || "okänd".to_owned(),
            |by| match (&by.name, &by.role) {
                (Some(name), Some(role)) => format!("{name} ({role})"),
                (Some(name), None) => name.clone(),
                (None, _) => by.actor_id.clone(),
            },
        ),
        event_type: entry.event_type.clone(),
        effective_on: entry
            .effective_on
            .map(|day| day.to_string())
            .unwrap_or_default(),
        basis: entry
            .basis
            .as_ref()
            .map(|basis| names.cite(basis))
            .unwrap_or_default(),
        summary: entry.summary.clone(),
        amends: entry.amends.as_ref().map(|amends| {
            // The amended event is the one whose link forward names this event.
            let (verb, position) = match amends.kind {
                AmendmentKind::Correction => (
                    "Rättar",
                    entries
                        .iter()
                        .find(|earlier| earlier.corrected_by == Some(entry.position))
                        .map(|earlier| earlier.position),
                ),
                AmendmentKind::Revocation => (
                    "Upphäver",
                    entries
                        .iter()
                        .find(|earlier| earlier.revoked_by == Some(entry.position))
                        .map(|earlier| earlier.position),
                ),
            };
            Amending {
                verb,
                position,
                reason: amends.reason.clone(),
            }
        }),
        corrected_by: entry.corrected_by,
        revoked_by: entry.revoked_by,
    }
}
