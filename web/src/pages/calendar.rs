//! A body's meetings as an iCalendar feed (`.ics`), for the calendars of members and the public.
//!
//! A meeting's day and place are public as soon as it is called, so the feed is open without
//! signing in exactly when the notice board is (`--anonymous-reads public-decisions`); otherwise
//! it is read, like every page, in a session. The register holds the day of a meeting but not
//! its hour, so each meeting is an all-day event.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use projections::decisions::{meetings_of_body, MeetingStatus};
use projections::membership::body_on_day;
use projections::ReadAt;
use uuid::Uuid;

use super::meeting::{meeting_path, status_words};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of a body's calendar feed.
pub fn calendar_path(body_id: Uuid) -> String {
    format!("/organ/{body_id}/sammantraden.ics")
}

/// Every meeting of the body the register knows, as one all-day event each.
pub async fn calendar(
    State(state): State<WebState>,
    signed_in: Result<SignedIn, WebError>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if !state.settings.public_notice_board {
        signed_in?;
    }
    let unknown = || {
        WebError::NotFound(format!(
            "Registret känner inte till något organ med id {id}."
        ))
    };
    let body_id: Uuid = id.parse().map_err(|_| unknown())?;
    let today = state.clock.today();
    let read_at = ReadAt::on(today);
    let Some(body) = body_on_day(&state.pool, body_id, read_at).await?.body else {
        return Err(unknown());
    };
    let meetings = meetings_of_body(&state.pool, body_id, read_at).await?;
    // The feed changes only when the register does; its stamp is the day it is read, from the
    // server's clock, so that a test fixing the day fixes the feed.
    let stamp = Utc.from_utc_datetime(&today.and_time(chrono::NaiveTime::MIN));
    let mut calendar = Calendar::new();
    calendar
        .name(&format!("{}, sammanträden", body.name))
        .description(&format!(
            "Sammanträden i {} enligt Samverkansregistret.",
            body.name
        ));
    for meeting in &meetings.meetings {
        let mut event = Event::new();
        event
            .uid(&format!("{}@samverkansregistret", meeting.meeting_id))
            .timestamp(stamp)
            .summary(&format!("{}, sammanträde", body.name))
            .location(&meeting.place)
            .description(&format!(
                "{}. Kallelse och protokoll: {}",
                status_words(&meeting.status),
                meeting_path(meeting.meeting_id)
            ))
            .all_day(meeting.meeting_on);
        event.status(match meeting.status {
            MeetingStatus::Cancelled { .. } => EventStatus::Cancelled,
            MeetingStatus::Called
            | MeetingStatus::Held
            | MeetingStatus::Approved
            | MeetingStatus::Posted => EventStatus::Confirmed,
        });
        calendar.push(event.done());
    }
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (CONTENT_DISPOSITION, "inline; filename=\"sammantraden.ics\""),
        ],
        calendar.done().to_string(),
    )
        .into_response())
}
