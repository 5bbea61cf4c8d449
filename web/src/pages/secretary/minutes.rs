//! The steps around the decisions: a change of attendance from a § (arrivals, departures, a
//! deputy starting to serve), and the minutes' way to the notice board: the adjusters, the
//! approval (justering), the posting (anslag) and the notice taken down.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::body_term::Seat;
use domain::meeting::{
    ApproveMinutes, Attendance, ChooseAdjusters, Meeting, MeetingCommand, MinutesScope,
    PublishMinutes, RecordAttendance, RecordNoticeRemoved,
};
use projections::ReadModel;
use uuid::Uuid;

use super::desk::Desk;
use super::roll::Choice;
use crate::forms::{settle, FieldErrors, Guard, Outcome, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::meeting_path;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of a meeting's attendance form.
pub fn attendance_path(meeting_id: Uuid) -> String {
    format!("/sammantrade/{meeting_id}/narvaro")
}

/// The address of the minutes' steps: adjusters, approval, posting, notice taken down.
pub fn minutes_path(meeting_id: Uuid) -> String {
    format!("/sammantrade/{meeting_id}/justering")
}

#[derive(Template)]
#[template(path = "secretary/attendance.html")]
struct AttendancePage {
    chrome: DeskChrome,
    meeting_path: String,
    heading: String,
    guard: Guard,
    opened: bool,
    people: Vec<Choice>,
    members: Vec<Choice>,
    from_paragraph: String,
    change: String,
    errors: FieldErrors,
    stale: bool,
}

/// The attendance form.
pub async fn attendance_form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let mut typed = Submitted::default();
    // A change of attendance applies from a § not yet recorded: the body's next one.
    let next = Recorder::new(&state, &signed_in, Guard::new(None))
        .register()
        .next_paragraph_of_meeting(meeting_id)
        .await
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
    typed.push("fran", &next.number.to_string());
    typed.push("andring", "lamnar");
    render_status(
        &attendance_page(&signed_in, &desk, &typed, FieldErrors::default(), false),
        200,
    )
}

/// Records a change of attendance from a §.
pub async fn record_attendance(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let mut errors = FieldErrors::default();
    let person_id = errors.picked(&form, "person");
    if person_id.is_none() {
        errors.add("person", "Välj vem ändringen gäller.");
    }
    let from_paragraph = errors.number::<u32>(&form, "fran", "paragrafen ändringen gäller från", 1);
    let attendance = match form.text("andring") {
        "anlander" => Some(Attendance::Present { serving_for: None }),
        "lamnar" => Some(Attendance::Absent),
        "tjanstgor" => match errors.picked(&form, "tjanstgor_for") {
            Some(member) => Some(Attendance::Present {
                serving_for: Some(member),
            }),
            None => {
                errors.add(
                    "tjanstgor_for",
                    "Välj ledamoten som ersättaren tjänstgör för.",
                );
                None
            }
        },
        _ => {
            errors.add(
                "andring",
                "Välj om personen anländer, lämnar eller börjar tjänstgöra.",
            );
            None
        }
    };
    let (Some(person_id), Some(from_paragraph), Some(attendance), true) =
        (person_id, from_paragraph, attendance, errors.is_empty())
    else {
        return render_status(
            &attendance_page(&signed_in, &desk, &form, errors, false),
            400,
        );
    };
    let command = MeetingCommand::RecordAttendance(RecordAttendance {
        person_id,
        from_paragraph,
        attendance,
    });
    let outcome = record(&state, &signed_in, guard, meeting_id, command).await?;
    let next = |_| meeting_path(meeting_id);
    let field = |refusal: &Refusal| {
        match refusal.field.as_str() {
            "from_paragraph" => "fran",
            "attendance" => "andring",
            field if field.contains("serving_for") => "tjanstgor_for",
            _ => "person",
        }
        .to_owned()
    };
    match settle(
        &state,
        ReadModel::Decisions,
        outcome,
        next,
        field,
        &desk.people(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => render_status(
            &attendance_page(&signed_in, &desk, &form, errors, stale),
            status,
        ),
    }
}

fn attendance_page(
    signed_in: &SignedIn,
    desk: &Desk,
    typed: &Submitted,
    errors: FieldErrors,
    stale: bool,
) -> AttendancePage {
    let chosen = |field: &str, value: &str| typed.text(field) == value;
    AttendancePage {
        chrome: DeskChrome::new(signed_in),
        meeting_path: meeting_path(desk.meeting_id),
        heading: heading(desk),
        guard: Guard::new(Some(desk.version)),
        opened: desk.record.attendance.is_some(),
        people: desk
            .seated
            .iter()
            .map(|holder| Choice {
                value: holder.person_id.to_string(),
                label: holder.label.clone(),
                selected: chosen("person", &holder.person_id.to_string()),
            })
            .collect(),
        members: desk
            .seated
            .iter()
            .filter(|holder| holder.seat == Seat::Member)
            .map(|holder| Choice {
                value: holder.person_id.to_string(),
                label: holder.label.clone(),
                selected: chosen("tjanstgor_for", &holder.person_id.to_string()),
            })
            .collect(),
        from_paragraph: typed.text("fran").to_owned(),
        change: typed.text("andring").to_owned(),
        errors,
        stale,
    }
}

#[derive(Template)]
#[template(path = "secretary/minutes.html")]
struct MinutesPage {
    chrome: DeskChrome,
    meeting_path: String,
    heading: String,
    guard: Guard,
    /// Everyone who attended, who may be chosen to adjust, with the presiding member left out.
    attendees: Vec<Choice>,
    /// The presiding member and the adjusters, who sign.
    signatories: Vec<Choice>,
    adjusters_chosen: bool,
    approved: Option<String>,
    posted: Option<String>,
    removed: Option<String>,
    typed: Submitted,
    errors: FieldErrors,
    stale: bool,
}

impl MinutesPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The minutes' steps.
pub async fn minutes_form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    render_status(
        &minutes_page(
            &signed_in,
            &desk,
            Submitted::default(),
            FieldErrors::default(),
            false,
        ),
        200,
    )
}

/// Records one of the minutes' steps, named by the button pressed.
pub async fn record_minutes_step(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let mut errors = FieldErrors::default();
    let command = match form.text("steg") {
        "justerare" => {
            let adjusters: Vec<Uuid> = form
                .all("justerare")
                .iter()
                .filter_map(|id| id.parse().ok())
                .collect();
            if adjusters.is_empty() {
                errors.add("justerare", "Kryssa i minst en justerare.");
            }
            Some(MeetingCommand::ChooseAdjusters(ChooseAdjusters {
                adjusters,
            }))
        }
        "justering" => {
            let approved_on = errors.date(&form, "justerad_den", "dagen för justeringen");
            let approved_by: Vec<Uuid> = form
                .all("justerad_av")
                .iter()
                .filter_map(|id| id.parse().ok())
                .collect();
            approved_on.map(|approved_on| {
                MeetingCommand::ApproveMinutes(ApproveMinutes {
                    scope: MinutesScope::Whole,
                    approved_on,
                    approved_by,
                })
            })
        }
        "anslag" => errors
            .date(&form, "anslagen_den", "dagen då protokollet anslogs")
            .map(|posted_on| {
                MeetingCommand::PublishMinutes(PublishMinutes {
                    scope: MinutesScope::Whole,
                    posted_on,
                })
            }),
        "nedtagning" => errors
            .date(&form, "nedtagen_den", "dagen då anslaget togs ned")
            .map(|removed_on| {
                MeetingCommand::RecordNoticeRemoved(RecordNoticeRemoved {
                    scope: MinutesScope::Whole,
                    removed_on,
                })
            }),
        _ => {
            return Err(WebError::UnreadableForm(
                "the form names no step".to_owned(),
            ))
        }
    };
    let (Some(command), true) = (command, errors.is_empty()) else {
        return render_status(&minutes_page(&signed_in, &desk, form, errors, false), 400);
    };
    let step = form.text("steg").to_owned();
    let outcome = record(&state, &signed_in, guard, meeting_id, command).await?;
    let next = |_| meeting_path(meeting_id);
    let field = |refusal: &Refusal| {
        match (step.as_str(), refusal.field.as_str()) {
            ("justerare", _) => "justerare",
            ("justering", "approved_on") => "justerad_den",
            ("justering", _) => "justerad_av",
            ("anslag", _) => "anslagen_den",
            _ => "nedtagen_den",
        }
        .to_owned()
    };
    match settle(
        &state,
        ReadModel::Decisions,
        outcome,
        next,
        field,
        &desk.people(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => render_status(
            &minutes_page(&signed_in, &desk, form, errors, stale),
            status,
        ),
    }
}

fn minutes_page(
    signed_in: &SignedIn,
    desk: &Desk,
    typed: Submitted,
    errors: FieldErrors,
    stale: bool,
) -> MinutesPage {
    let record = &desk.record;
    let presiding = record
        .attendance
        .as_ref()
        .map(|attendance| attendance.presiding.person_id);
    let attended: Vec<Uuid> = record
        .attendance
        .as_ref()
        .map(|attendance| {
            let mut people: Vec<Uuid> = attendance
                .roll
                .iter()
                .map(|call| call.person.person_id)
                .chain(
                    attendance
                        .changes
                        .iter()
                        .map(|change| change.person.person_id),
                )
                .collect();
            people.dedup();
            people
        })
        .unwrap_or_default();
    let adjusters: Vec<Uuid> = record.adjusters.iter().map(|one| one.person_id).collect();
    let choice = |person_id: Uuid, selected: bool| Choice {
        value: person_id.to_string(),
        label: desk.label(person_id),
        selected,
    };
    let minutes = record.minutes.as_ref();
    let publication = minutes.and_then(|minutes| minutes.publication);
    MinutesPage {
        chrome: DeskChrome::new(signed_in),
        meeting_path: meeting_path(desk.meeting_id),
        heading: heading(desk),
        guard: Guard::new(Some(desk.version)),
        attendees: desk
            .seated
            .iter()
            .filter(|holder| {
                attended.contains(&holder.person_id) && Some(holder.person_id) != presiding
            })
            .map(|holder| {
                choice(
                    holder.person_id,
                    adjusters.contains(&holder.person_id)
                        || typed.has("justerare", &holder.person_id.to_string()),
                )
            })
            .collect(),
        signatories: presiding
            .into_iter()
            .chain(adjusters.iter().copied())
            .map(|person_id| choice(person_id, true))
            .collect(),
        adjusters_chosen: !adjusters.is_empty(),
        approved: minutes.map(|minutes| minutes.approved_on.to_string()),
        posted: publication.map(|publication| {
            format!(
                "{}; sista dag att överklaga {}",
                publication.posted_on, publication.appeal_last_day
            )
        }),
        removed: publication
            .and_then(|publication| publication.notice_removed_on)
            .map(|day| day.to_string()),
        typed,
        errors,
        stale,
    }
}

fn heading(desk: &Desk) -> String {
    format!(
        "{}, sammanträde {}",
        desk.record.body_name, desk.record.meeting_on
    )
}

/// Records a command that needs no facts on the meeting's stream, once per form.
async fn record(
    state: &WebState,
    signed_in: &SignedIn,
    guard: Guard,
    meeting_id: Uuid,
    command: MeetingCommand,
) -> Result<Outcome<()>, WebError> {
    Recorder::new(state, signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_addressed::<Meeting>("meeting", &meeting_id.to_string(), command, version)
                .await?;
            Ok(((), written))
        })
        .await
}
