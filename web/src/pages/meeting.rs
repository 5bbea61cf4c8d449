//! A meeting (sammanträde) and one of its §§, as the minutes show them: the agenda, who presided
//! and attended, the adjusters, the approval and posting of the minutes, and each § with its
//! proposals, vote, recusals, reservations, statements, quorum and mandate finding, people by
//! name.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::meeting::{Choice, MandateFinding, VoteMethod};
use projections::decisions::{
    meeting, DecisionEntry, DecisionStatus, MeetingAttendance, MeetingRecord, MeetingStatus,
    NamedPerson,
};
use projections::ReadModel;
use uuid::Uuid;

use super::history::history_path;
use super::secretary::is_secretary_of;
use super::{pin, render, time_bar, Chrome, Pinned};
use crate::names::Names;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

/// The address of a meeting's page.
pub fn meeting_path(meeting_id: Uuid) -> String {
    format!("/sammantrade/{meeting_id}")
}

/// The address of a §'s page.
pub fn paragraph_path(meeting_id: Uuid, number: u32) -> String {
    format!("/sammantrade/{meeting_id}/paragraf/{number}")
}

/// A meeting's standing on the day, in the words of the minutes.
pub fn status_words(status: &MeetingStatus) -> String {
    match status {
        MeetingStatus::Called => "Kallat".to_owned(),
        MeetingStatus::Cancelled { reason } => format!("Inställt: {reason}"),
        MeetingStatus::Held => "Hållet, protokollet ej justerat".to_owned(),
        MeetingStatus::Approved => "Protokollet justerat, ej anslaget".to_owned(),
        MeetingStatus::Posted => "Protokollet justerat och anslaget".to_owned(),
    }
}

/// "Namn (Region Sörmland)", or the id with "okänd person" for someone the roll did not name.
pub(crate) fn person(person: &NamedPerson, names: &Names) -> String {
    match (&person.name, &person.party) {
        (Some(name), Some(party)) => match names.name_of(party.as_str()) {
            Some(party_name) => format!("{name} ({party_name})"),
            None => format!("{name} ({party})"),
        },
        (Some(name), None) => name.clone(),
        (None, _) => format!("okänd person ({})", person.person_id),
    }
}

pub(crate) fn people(people: &[NamedPerson], names: &Names) -> Vec<String> {
    people.iter().map(|one| person(one, names)).collect()
}

/// Each change of attendance during the meeting, in words: who arrives, leaves or starts to
/// serve, and from which §.
pub(crate) fn attendance_changes(attendance: &MeetingAttendance, names: &Names) -> Vec<String> {
    attendance
        .changes
        .iter()
        .map(|change| {
            let who = person(&change.person, names);
            match (&change.present, &change.serving_for) {
                (true, Some(member)) => format!(
                    "{who} tjänstgör för {} från § {}",
                    person(member, names),
                    change.from_paragraph
                ),
                (true, None) => format!("{who} anländer från § {}", change.from_paragraph),
                (false, _) => format!("{who} lämnar från § {}", change.from_paragraph),
            }
        })
        .collect()
}

#[derive(Debug)]
struct AgendaRow {
    number: u16,
    title: String,
    registry_number: String,
    public: bool,
    /// "§ 103" with the address of its page, once decided.
    paragraph: Option<(String, String)>,
}

#[derive(Debug)]
struct RollRow {
    name: String,
    serving_for: Option<String>,
}

#[derive(Debug)]
struct ParagraphLink {
    label: String,
    path: String,
    title: String,
    text: String,
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    meeting_path: String,
    /// Whether the signed-in token records this meeting, so the page offers its forms.
    secretary: bool,
    /// Whether the meeting is open, so decisions can be recorded.
    opened: bool,
    /// The auditor's history of the meeting.
    history_path: String,
    body_id: Uuid,
    body_name: String,
    meeting_on: String,
    place: String,
    status: String,
    as_of: String,
    agenda: Vec<AgendaRow>,
    presiding: Option<String>,
    member_seats: Option<u16>,
    roll: Vec<RollRow>,
    changes: Vec<String>,
    adjusters: Vec<String>,
    approved: Option<String>,
    posted: Option<String>,
    appeal_last_day: Option<String>,
    paragraphs: Vec<ParagraphLink>,
}

pub async fn meeting_page(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let Ok(meeting_id) = id.parse::<Uuid>() else {
        return Err(unknown_meeting(&id));
    };
    let mut chrome = Chrome::new(
        &signed_in,
        meeting_path(meeting_id),
        time_bar(query, &state),
    );
    let (record, names) = match read(&state, &mut chrome, meeting_id).await? {
        Read::Meeting(record, names) => (record, names),
        Read::Unknown => return Err(unknown_meeting(&id)),
        Read::Refused(page) => return Ok(page),
    };
    let attendance = record.attendance.as_ref();
    let minutes = record.minutes.as_ref();
    render(&MeetingPage {
        meeting_path: meeting_path(meeting_id),
        secretary: is_secretary_of(&signed_in, record.body_id),
        opened: attendance.is_some(),
        history_path: history_path(&meeting_id.to_string()),
        body_id: record.body_id,
        body_name: record.body_name.clone(),
        meeting_on: record.meeting_on.to_string(),
        place: record.place.clone(),
        status: status_words(&record.status),
        as_of: chrome.time_bar.as_of.to_string(),
        agenda: record
            .agenda
            .iter()
            .map(|item| AgendaRow {
                number: item.number,
                title: item.title.clone(),
                registry_number: item.registry_number.clone().unwrap_or_default(),
                public: item.public,
                paragraph: item.paragraph.map(|paragraph| {
                    (
                        paragraph.to_string(),
                        paragraph_path(meeting_id, paragraph.number),
                    )
                }),
            })
            .collect(),
        presiding: attendance.map(|attendance| person(&attendance.presiding, &names)),
        member_seats: attendance.map(|attendance| attendance.member_seats),
        roll: attendance
            .map(|attendance| {
                attendance
                    .roll
                    .iter()
                    .map(|call| RollRow {
                        name: person(&call.person, &names),
                        serving_for: call.serving_for.as_ref().map(|one| person(one, &names)),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        changes: attendance
            .map(|attendance| attendance_changes(attendance, &names))
            .unwrap_or_default(),
        adjusters: people(&record.adjusters, &names),
        approved: minutes.map(|minutes| {
            format!(
                "{} av {}",
                minutes.approved_on,
                people(&minutes.approved_by, &names).join(", ")
            )
        }),
        posted: minutes
            .and_then(|minutes| minutes.publication)
            .map(|publication| publication.posted_on.to_string()),
        appeal_last_day: minutes
            .and_then(|minutes| minutes.publication)
            .map(|publication| publication.appeal_last_day.to_string()),
        paragraphs: record
            .decisions
            .iter()
            .map(|decision| ParagraphLink {
                label: decision.paragraph.to_string(),
                path: paragraph_path(meeting_id, decision.paragraph.number),
                title: decision.item_title.clone(),
                text: decision.text.clone(),
            })
            .collect(),
        chrome,
    })
}

#[derive(Template)]
#[template(path = "paragraph.html")]
struct ParagraphPage {
    chrome: Chrome,
    /// Whether the signed-in token records for the body, so the page offers a correction.
    secretary: bool,
    /// The auditor's history of the decision.
    history_path: String,
    body_id: Uuid,
    body_name: String,
    meeting_path: String,
    meeting_on: String,
    view: ParagraphView,
}

/// A § in words, as its page and the protokoll show it.
#[derive(Debug, Clone)]
pub struct ParagraphView {
    pub number: u32,
    /// "§ 3 / 2025"
    pub paragraph: String,
    pub title: String,
    pub registry_number: String,
    pub public: bool,
    pub text: String,
    pub proposals: Vec<(String, String)>,
    pub vote: Option<String>,
    pub ballots: Vec<(String, &'static str)>,
    pub recusals: Vec<String>,
    pub reservations: Vec<String>,
    pub statements: Vec<String>,
    pub taking_part: Vec<String>,
    pub quorum: String,
    pub mandate: String,
    pub approval: Option<String>,
    pub publication: Option<String>,
    pub correction_reason: Option<String>,
    pub revocation: Option<String>,
}

pub async fn paragraph_page(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((id, number)): Path<(String, String)>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let (Ok(meeting_id), Ok(number)) = (id.parse::<Uuid>(), number.parse::<u32>()) else {
        return Err(unknown_paragraph(&id, &number));
    };
    let mut chrome = Chrome::new(
        &signed_in,
        paragraph_path(meeting_id, number),
        time_bar(query, &state),
    );
    let (record, names) = match read(&state, &mut chrome, meeting_id).await? {
        Read::Meeting(record, names) => (record, names),
        Read::Unknown => return Err(unknown_paragraph(&id, &number.to_string())),
        Read::Refused(page) => return Ok(page),
    };
    let Some(decision) = record
        .decisions
        .iter()
        .find(|decision| decision.paragraph.number == number)
    else {
        return Err(unknown_paragraph(&id, &number.to_string()));
    };
    let public = is_public(&record, decision);
    render(&ParagraphPage {
        secretary: is_secretary_of(&signed_in, record.body_id),
        history_path: history_path(&decision.decision_id.to_string()),
        body_id: record.body_id,
        body_name: record.body_name.clone(),
        meeting_path: meeting_path(record.meeting_id),
        meeting_on: record.meeting_on.to_string(),
        view: paragraph_view(decision, public, &names),
        chrome,
    })
}

/// Whether the agenda item a § decided was dealt with in public.
pub fn is_public(record: &MeetingRecord, decision: &DecisionEntry) -> bool {
    record
        .agenda
        .iter()
        .find(|item| item.number == decision.item)
        .is_none_or(|item| item.public)
}

/// A § in words, people by name.
pub fn paragraph_view(decision: &DecisionEntry, public: bool, names: &Names) -> ParagraphView {
    let by_id = |person_id: Uuid| -> String {
        decision
            .people
            .iter()
            .find(|one| one.person_id == person_id)
            .map_or_else(
                || format!("okänd person ({person_id})"),
                |one| person(one, names),
            )
    };
    let (vote, ballots) = match &decision.vote {
        Some(vote) => (
            Some(format!(
                "Ja för {}, nej för {}: {} ja, {} nej, {} avstod{}",
                vote.yes_proposal,
                vote.no_proposal,
                vote.count.yes,
                vote.count.no,
                vote.count.abstained,
                match vote.method {
                    VoteMethod::Open { .. } => " (öppen omröstning)",
                    VoteMethod::Closed => " (sluten omröstning)",
                }
            )),
            match &vote.method {
                VoteMethod::Open { ballots } => ballots
                    .iter()
                    .map(|ballot| {
                        (
                            by_id(ballot.person_id),
                            match ballot.choice {
                                Choice::Yes => "Ja",
                                Choice::No => "Nej",
                                Choice::Abstain => "Avstår",
                            },
                        )
                    })
                    .collect(),
                VoteMethod::Closed => Vec::new(),
            },
        ),
        None => (None, Vec::new()),
    };
    ParagraphView {
        number: decision.paragraph.number,
        paragraph: format!("{} / {}", decision.paragraph, decision.paragraph.year),
        title: decision.item_title.clone(),
        registry_number: decision.registry_number.clone().unwrap_or_default(),
        public,
        text: decision.text.clone(),
        proposals: decision
            .proposals
            .iter()
            .map(|proposal| {
                let mover = proposal
                    .moved_by
                    .map(|mover| format!(", yrkat av {}", by_id(mover)))
                    .unwrap_or_default();
                (format!("{}{mover}", proposal.label), proposal.text.clone())
            })
            .collect(),
        vote,
        ballots,
        recusals: decision
            .recusals
            .iter()
            .map(|recusal| match recusal.substitute {
                Some(substitute) => format!(
                    "{} anmälde jäv; {} tjänstgjorde i stället",
                    by_id(recusal.person_id),
                    by_id(substitute)
                ),
                None => format!("{} anmälde jäv", by_id(recusal.person_id)),
            })
            .collect(),
        reservations: decision
            .reservations
            .iter()
            .map(|reservation| match &reservation.reason {
                Some(reason) => format!("{}: {reason}", by_id(reservation.person_id)),
                None => by_id(reservation.person_id),
            })
            .collect(),
        statements: decision
            .statements
            .iter()
            .map(|statement| format!("{}: {}", by_id(statement.person_id), statement.text))
            .collect(),
        taking_part: decision
            .quorum
            .taking_part
            .iter()
            .map(|person_id| by_id(*person_id))
            .collect(),
        quorum: format!(
            "{}, {} tjänstgörande av {} ledamotsplatser; minst {} krävs",
            if decision.quorum.taking_part.len() >= usize::from(decision.quorum.required) {
                "Ja"
            } else {
                "Nej"
            },
            decision.quorum.taking_part.len(),
            decision.quorum.member_seats,
            decision.quorum.required,
        ),
        mandate: match decision.mandate {
            MandateFinding::Within { .. } => {
                format!("Inom mandat: {}", decision.mandate_category)
            }
            MandateFinding::Outside => {
                format!("Utanför mandat: {}", decision.mandate_category)
            }
        },
        approval: decision.approval.map(|approval| {
            if approval.immediately {
                format!("Omedelbart justerat {}", approval.approved_on)
            } else {
                format!("Justerat {}", approval.approved_on)
            }
        }),
        publication: decision.publication.map(|publication| {
            format!(
                "Anslaget {}, sista dag att överklaga {}",
                publication.posted_on, publication.appeal_last_day
            )
        }),
        correction_reason: decision.correction_reason.clone(),
        revocation: match &decision.status {
            DecisionStatus::Revoked { revoked_on, basis } => Some(format!(
                "Upphävt från {revoked_on}, enligt {}",
                names.cite(basis)
            )),
            DecisionStatus::Recorded | DecisionStatus::Corrected => None,
        },
    }
}

/// What reading a meeting gave.
pub(crate) enum Read {
    /// The meeting, with the names its page shows.
    Meeting(Box<MeetingRecord>, Names),
    /// The register did not know the meeting at the page's position.
    Unknown,
    /// The time bar does not read; the page says why beside its fields.
    Refused(Response),
}

/// The meeting at the page's pinned position.
pub(crate) async fn read(
    state: &WebState,
    chrome: &mut Chrome,
    meeting_id: Uuid,
) -> Result<Read, WebError> {
    let reading = match pin(state, chrome, ReadModel::Decisions).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(Read::Refused(page)),
    };
    let Some(record) = meeting(&state.pool, meeting_id, reading.read_at).await? else {
        return Ok(Read::Unknown);
    };
    let bases = record
        .decisions
        .iter()
        .filter_map(|decision| match &decision.status {
            DecisionStatus::Revoked { basis, .. } => Some(basis),
            DecisionStatus::Recorded | DecisionStatus::Corrected => None,
        });
    let names = Names::gather(&state.pool, reading.known_at, bases).await?;
    Ok(Read::Meeting(Box::new(record), names))
}

fn unknown_meeting(id: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till något sammanträde med id {id}, så som det var känt vid den \
         tidpunkt du valt."
    ))
}

fn unknown_paragraph(id: &str, number: &str) -> WebError {
    WebError::NotFound(format!(
        "Sammanträdet {id} har ingen § {number} den dag du valt, så som registret kände till det."
    ))
}
