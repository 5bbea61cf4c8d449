//! A body on the time bar's day: whether it exists that day, and if it does, every seat of its
//! seat plan per party, held or vacant; its meetings; and its § register up to the day,
//! searchable.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::cooperations::cooperations;
use projections::decisions::{
    meetings_of_body, register_of_body, DecisionEntry, DecisionFilter, DecisionStatus,
};
use projections::membership::{
    body_on_day, membership, planned_seats, BodyStanding, Member, SeatPlanLine,
};
use projections::ReadModel;
use serde::Deserialize;
use uuid::Uuid;

use super::{history, meeting, pin, render, time_bar, Chrome, Pinned};
use crate::names::{Names, PartyLink};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

/// One seat of the seat plan on the day: its holder, or none when it is vacant.
#[derive(Debug)]
struct SeatRow {
    party: PartyLink,
    seat: &'static str,
    holder: Option<Holder>,
}

#[derive(Debug)]
struct Holder {
    name: String,
    role: &'static str,
    serves_from: String,
    serves_to: String,
    /// The citation of the decision that appointed the holder.
    appointed_by: String,
}

/// The § register's search box.
#[derive(Debug, Default, Deserialize)]
pub struct ParagraphSearch {
    q: Option<String>,
}

/// One meeting of the body as the page lists it.
#[derive(Debug)]
struct MeetingRow {
    path: String,
    meeting_on: String,
    place: String,
    status: String,
    paragraphs: u32,
}

/// One § of the body's register as the page lists it.
#[derive(Debug)]
struct ParagraphRow {
    path: String,
    paragraph: String,
    meeting_on: String,
    title: String,
    registry_number: String,
    text: String,
    standing: String,
}

#[derive(Template)]
#[template(path = "body.html")]
struct BodyPage {
    chrome: Chrome,
    body_id: Uuid,
    /// Whether the signed-in token records for the body, so the page offers to call a meeting.
    secretary: bool,
    /// The auditor's history of the body.
    history_path: String,
    name: String,
    kind: &'static str,
    cooperation_id: Uuid,
    /// The cooperation's name, when the register knew it at the same position.
    cooperation_name: Option<String>,
    established_on: String,
    /// The citation of the decision that established the body.
    established_by: String,
    /// The citation of the decision that dissolved it, once recorded.
    dissolved_by: Option<String>,
    last_day: Option<String>,
    standing: BodyStanding,
    as_of: String,
    seats: Vec<SeatRow>,
    vacant: usize,
    meetings: Vec<MeetingRow>,
    /// What the search box holds, and the §§ decided by `as_of` that it finds.
    search: String,
    paragraphs: Vec<ParagraphRow>,
}

impl BodyPage {
    /// "5 platser, varav 1 vakant", in the number the count calls for.
    fn seat_count(&self) -> String {
        let vacant = match self.vacant {
            1 => "1 vakant".to_owned(),
            count => format!("{count} vakanta"),
        };
        match self.seats.len() {
            1 => format!("1 plats, varav {vacant}"),
            count => format!("{count} platser, varav {vacant}"),
        }
    }
}

pub async fn body(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
    search: Result<Query<ParagraphSearch>, QueryRejection>,
) -> Result<Response, WebError> {
    let search = search
        .map(|Query(search)| search.q.unwrap_or_default())
        .unwrap_or_default();
    let Ok(body_id) = id.parse::<Uuid>() else {
        return Err(unknown(&id));
    };
    let mut chrome = Chrome::new(
        &signed_in,
        format!("/organ/{body_id}"),
        time_bar(query, &state),
    );
    let reading = match pin(&state, &mut chrome, ReadModel::Membership).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let read_at = reading.read_at;
    let Some(body) = body_on_day(&state.pool, body_id, read_at).await?.body else {
        return Err(unknown(&id));
    };
    let cooperation_name = cooperations(&state.pool, read_at)
        .await?
        .cooperations
        .into_iter()
        .find(|entry| entry.cooperation_id == body.cooperation_id)
        .map(|entry| entry.name);
    // A body that does not exist on the day has no seats that day, whatever its plan says.
    let membership = if body.standing == BodyStanding::Active {
        Some(membership(&state.pool, body_id, read_at).await?)
    } else {
        None
    };
    let members = membership
        .as_ref()
        .map_or(&[][..], |membership| &membership.members[..]);
    let bases = std::iter::once(&body.basis)
        .chain(&body.dissolution_bases)
        .chain(members.iter().map(|member| &member.basis));
    let names = Names::gather(&state.pool, reading.known_at, bases).await?;
    let seats = match &membership {
        Some(membership) => seats(&membership.seat_plan, &membership.members, &names),
        None => Vec::new(),
    };
    let register = register_of_body(
        &state.pool,
        body_id,
        read_at,
        DecisionFilter {
            text: Some(search.clone()),
            registry_number: None,
        },
    )
    .await?;
    let paragraphs = register.decisions.iter().rev().map(paragraph_row).collect();
    let meetings = meetings_of_body(&state.pool, body_id, read_at)
        .await?
        .meetings
        .into_iter()
        .rev()
        .map(|summary| MeetingRow {
            path: meeting::meeting_path(summary.meeting_id),
            meeting_on: summary.meeting_on.to_string(),
            place: summary.place,
            status: meeting::status_words(&summary.status),
            paragraphs: summary.paragraphs,
        })
        .collect();
    render(&BodyPage {
        body_id,
        secretary: super::secretary::is_secretary_of(&signed_in, body_id),
        history_path: history::history_path(&body_id.to_string()),
        meetings,
        search,
        paragraphs,
        vacant: seats.iter().filter(|seat| seat.holder.is_none()).count(),
        seats,
        as_of: chrome.time_bar.as_of.to_string(),
        chrome,
        name: body.name,
        kind: words::body_kind(body.kind),
        cooperation_id: body.cooperation_id,
        cooperation_name,
        established_on: body.established_on.to_string(),
        established_by: names.cite(&body.basis),
        // Every council's decision, in the order recorded, one after the other.
        dissolved_by: (!body.dissolution_bases.is_empty()).then(|| {
            body.dissolution_bases
                .iter()
                .map(|basis| names.cite(basis))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        last_day: body.last_day.map(|day| day.to_string()),
        standing: body.standing,
    })
}

/// A § as the register lists it: its number and year, the meeting, the item, and where it
/// stands on the day, in the words of the minutes.
fn paragraph_row(entry: &DecisionEntry) -> ParagraphRow {
    let standing = match (&entry.status, &entry.publication, &entry.approval) {
        (DecisionStatus::Revoked { revoked_on, .. }, _, _) => format!("Upphävt från {revoked_on}"),
        (_, Some(publication), _) => format!(
            "Anslaget {}, sista dag att överklaga {}",
            publication.posted_on, publication.appeal_last_day
        ),
        (_, None, Some(approval)) if approval.immediately => {
            format!("Omedelbart justerat {}", approval.approved_on)
        }
        (_, None, Some(approval)) => format!("Justerat {}", approval.approved_on),
        (_, None, None) => "Ej justerat".to_owned(),
    };
    let corrected = match entry.status {
        DecisionStatus::Corrected => " (rättat)",
        _ => "",
    };
    ParagraphRow {
        path: meeting::paragraph_path(entry.meeting_id, entry.paragraph.number),
        paragraph: format!("§ {} / {}", entry.paragraph.number, entry.paragraph.year),
        meeting_on: entry.meeting_on.to_string(),
        title: entry.item_title.clone(),
        registry_number: entry.registry_number.clone().unwrap_or_default(),
        text: entry.text.clone(),
        standing: format!("{standing}{corrected}"),
    }
}

/// Every seat of the plan with its holder's name, role, term and appointing decision, or vacant.
fn seats(plan: &[SeatPlanLine], members: &[Member], names: &Names) -> Vec<SeatRow> {
    planned_seats(plan, members)
        .into_iter()
        .map(|planned| SeatRow {
            party: names.link(&planned.party),
            seat: words::seat(planned.seat),
            holder: planned
                .membership_id
                .and_then(|id| members.iter().find(|member| member.membership_id == id))
                .map(|member| Holder {
                    name: member.name.clone(),
                    role: words::member_role(member.role),
                    serves_from: member.serves_from.to_string(),
                    serves_to: member.serves_to.to_string(),
                    appointed_by: names.cite(&member.basis),
                }),
        })
        .collect()
}

fn unknown(id: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till något organ med id {id}, så som det var känt vid den \
         tidpunkt du valt."
    ))
}
