//! The meeting's documents, laid out for print on A4: the notice with the agenda (kallelse med
//! föredragningslista), the minutes (protokoll) in the usual layout, full or public, and an
//! extract of one § (protokollsutdrag) with its certification.
//!
//! They read the meeting as every page does, at the time bar in their URL, so a printed copy
//! can be made again exactly as it was.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::body_term::Seat;
use projections::decisions::MeetingRecord;
use serde::Deserialize;
use uuid::Uuid;

use super::meeting::{
    attendance_changes, is_public, meeting_path, paragraph_view, people, person, read,
    status_words, ParagraphView, Read,
};
use super::secretary::desk::seat_holders;
use super::secretary::SeatHolder;
use super::{render, time_bar, Chrome};
use crate::names::Names;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

/// Where the register says the minutes are kept: the register itself holds the approved text.
const KEPT_AT: &str = "Samverkansregistret";

/// Which version of the minutes is asked for: `?version=offentlig` for the public one, in which
/// a § decided behind closed doors shows only that it was.
#[derive(Debug, Default, Deserialize)]
pub struct VersionQuery {
    version: Option<String>,
}

#[derive(Template)]
#[template(path = "print/notice.html")]
struct NoticePage {
    body_name: String,
    meeting_on: String,
    place: String,
    status: String,
    agenda: Vec<(u16, String, String, bool)>,
    members: Vec<String>,
    deputies: Vec<String>,
    meeting_path: String,
}

/// The notice of the meeting with its agenda.
pub async fn notice(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (record, names, chrome) =
        read_meeting(&state, &signed_in, meeting_id, query, "kallelse").await?;
    let seated = seat_holders(&state, record.body_id, record.meeting_on, &names)
        .await?
        .0;
    let labels = |seat: Seat| {
        seated
            .iter()
            .filter(|holder| holder.seat == seat)
            .map(|holder| holder.label.clone())
            .collect()
    };
    render(&NoticePage {
        body_name: record.body_name.clone(),
        meeting_on: record.meeting_on.to_string(),
        place: record.place.clone(),
        status: status_words(&record.status),
        agenda: record
            .agenda
            .iter()
            .map(|item| {
                (
                    item.number,
                    item.title.clone(),
                    item.registry_number.clone().unwrap_or_default(),
                    item.public,
                )
            })
            .collect(),
        members: labels(Seat::Member),
        deputies: labels(Seat::Deputy),
        meeting_path: format!("{}{}", meeting_path(meeting_id), chrome.query()),
    })
}

/// A § in the minutes: whole, or in the public version only what may be public.
#[derive(Debug)]
struct MinutesParagraph {
    view: ParagraphView,
    /// Whether the § is shown without its content, because it was decided behind closed
    /// doors and this is the public version.
    withheld: bool,
}

#[derive(Template)]
#[template(path = "print/minutes.html")]
struct MinutesPage {
    body_name: String,
    meeting_on: String,
    place: String,
    public_version: bool,
    version_link: String,
    meeting_path: String,
    deciding: Vec<String>,
    changes: Vec<String>,
    others: Vec<String>,
    presiding: Option<String>,
    adjusters: Vec<String>,
    approval: Option<String>,
    paragraphs: Vec<MinutesParagraph>,
    first_paragraph: Option<u32>,
    last_paragraph: Option<u32>,
    posted_on: Option<String>,
    removed_on: Option<String>,
    appeal_last_day: Option<String>,
    kept_at: &'static str,
}

/// The minutes of a meeting.
pub async fn minutes(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    version: Result<Query<VersionQuery>, QueryRejection>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let public_version = version
        .ok()
        .and_then(|Query(version)| version.version)
        .is_some_and(|version| version == "offentlig");
    let (record, names, chrome) =
        read_meeting(&state, &signed_in, meeting_id, query, "protokoll").await?;
    let seated = seat_holders(&state, record.body_id, record.meeting_on, &names)
        .await?
        .0;
    let (deciding, others) = deciding_and_others(&record, &seated, &names);
    let minutes = record.minutes.as_ref();
    let publication = minutes.and_then(|minutes| minutes.publication);
    let paragraphs: Vec<MinutesParagraph> = record
        .decisions
        .iter()
        .map(|decision| {
            let public = is_public(&record, decision);
            MinutesParagraph {
                view: paragraph_view(decision, public, &names),
                withheld: public_version && !public,
            }
        })
        .collect();
    let base = format!("{}/protokoll", meeting_path(meeting_id));
    let query = chrome.query();
    render(&MinutesPage {
        body_name: record.body_name.clone(),
        meeting_on: record.meeting_on.to_string(),
        place: record.place.clone(),
        public_version,
        version_link: if public_version {
            format!("{base}{query}")
        } else if query.is_empty() {
            format!("{base}?version=offentlig")
        } else {
            format!("{base}{query}&version=offentlig")
        },
        meeting_path: format!("{}{query}", meeting_path(meeting_id)),
        changes: record
            .attendance
            .as_ref()
            .map(|attendance| attendance_changes(attendance, &names))
            .unwrap_or_default(),
        deciding,
        others,
        presiding: record
            .attendance
            .as_ref()
            .map(|attendance| person(&attendance.presiding, &names)),
        adjusters: people(&record.adjusters, &names),
        approval: minutes.map(|minutes| {
            format!(
                "Justerat {} av {}",
                minutes.approved_on,
                people(&minutes.approved_by, &names).join(", ")
            )
        }),
        first_paragraph: paragraphs.first().map(|paragraph| paragraph.view.number),
        last_paragraph: paragraphs.last().map(|paragraph| paragraph.view.number),
        paragraphs,
        posted_on: publication.map(|publication| publication.posted_on.to_string()),
        removed_on: publication
            .and_then(|publication| publication.notice_removed_on)
            .map(|day| day.to_string()),
        appeal_last_day: publication.map(|publication| publication.appeal_last_day.to_string()),
        kept_at: KEPT_AT,
    })
}

#[derive(Template)]
#[template(path = "print/extract.html")]
struct ExtractPage {
    body_name: String,
    meeting_on: String,
    place: String,
    paragraph: ParagraphView,
    approval: Option<String>,
    appeal_last_day: Option<String>,
    meeting_path: String,
}

/// An extract of one § of the minutes, certified as a true copy.
pub async fn extract(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((meeting_id, number)): Path<(Uuid, String)>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (record, names, chrome) =
        read_meeting(&state, &signed_in, meeting_id, query, "utdrag").await?;
    let Some(decision) = number.parse::<u32>().ok().and_then(|number| {
        record
            .decisions
            .iter()
            .find(|decision| decision.paragraph.number == number)
    }) else {
        return Err(WebError::NotFound(format!(
            "Sammanträdet har ingen § {number} att göra utdrag ur."
        )));
    };
    let public = is_public(&record, decision);
    let minutes = record.minutes.as_ref();
    render(&ExtractPage {
        body_name: record.body_name.clone(),
        meeting_on: record.meeting_on.to_string(),
        place: record.place.clone(),
        paragraph: paragraph_view(decision, public, &names),
        approval: minutes.map(|minutes| {
            format!(
                "Justerat {} av {}",
                minutes.approved_on,
                people(&minutes.approved_by, &names).join(", ")
            )
        }),
        appeal_last_day: minutes
            .and_then(|minutes| minutes.publication)
            .map(|publication| publication.appeal_last_day.to_string()),
        meeting_path: format!("{}{}", meeting_path(meeting_id), chrome.query()),
    })
}

/// The meeting at the document's time bar.
async fn read_meeting(
    state: &WebState,
    signed_in: &SignedIn,
    meeting_id: Uuid,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
    document: &str,
) -> Result<(MeetingRecord, Names, Chrome), WebError> {
    let mut chrome = Chrome::new(
        signed_in,
        format!("{}/{document}", meeting_path(meeting_id)),
        time_bar(query, state),
    );
    match read(state, &mut chrome, meeting_id).await? {
        Read::Meeting(record, names) => Ok((*record, names, chrome)),
        Read::Unknown => Err(WebError::NotFound(format!(
            "Registret känner inte till något sammanträde med id {meeting_id}."
        ))),
        Read::Refused(_) => Err(WebError::NotFound(
            "Tidpunkten i adressen går inte att läsa: skriv dagen som ÅÅÅÅ-MM-DD och \
             positionen som ett heltal."
                .to_owned(),
        )),
    }
}

/// Who decided (the members present and the serving deputies) and who else attended (the
/// deputies present who did not serve), as the roll call recorded them.
fn deciding_and_others(
    record: &MeetingRecord,
    seated: &[SeatHolder],
    names: &Names,
) -> (Vec<String>, Vec<String>) {
    let Some(attendance) = &record.attendance else {
        return (Vec::new(), Vec::new());
    };
    let holder_of = |person_id: Uuid| seated.iter().find(|holder| holder.person_id == person_id);
    let mut deciding = Vec::new();
    let mut others = Vec::new();
    for call in &attendance.roll {
        let who = person(&call.person, names);
        let is_presiding = call.person.person_id == attendance.presiding.person_id;
        let holder = holder_of(call.person.person_id);
        match (&call.serving_for, holder.map(|holder| holder.seat)) {
            (Some(member), _) => deciding.push(format!(
                "{who}, tjänstgörande ersättare för {}",
                member.name.clone().unwrap_or_default()
            )),
            (None, Some(Seat::Deputy)) => others.push(format!("{who}, ersättare")),
            (None, _) if is_presiding => deciding.push(format!("{who}, ordförande")),
            // A member is named by their role on the body: vice ordförande, ledamot.
            (None, _) => deciding.push(format!(
                "{who}, {}",
                holder.map_or("ledamot".to_owned(), |holder| holder.role.to_lowercase())
            )),
        }
    }
    (deciding, others)
}
