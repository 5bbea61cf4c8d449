//! Opening a meeting with the roll call (upprop): the body's seated members and deputies on the
//! day as checkboxes, each deputy with the members of their own party they may serve for, the
//! presiding member, and the quorum.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::body_term::Seat;
use domain::meeting::RollEntry;
use projections::ReadModel;
use register::OpenMeetingRequest;
use uuid::Uuid;

use super::desk::Desk;
use super::SeatHolder;
use crate::forms::{settle, FieldErrors, Guard, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::meeting_path;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of a meeting's roll call.
pub fn roll_path(meeting_id: Uuid) -> String {
    format!("/sammantrade/{meeting_id}/upprop")
}

/// An option of a list, as the template renders it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug)]
struct RollRow {
    id: Uuid,
    label: String,
    present: bool,
    /// For a deputy: "tjänstgör inte" and the members of their party.
    serves_for: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "secretary/roll.html")]
struct RollPage {
    chrome: DeskChrome,
    meeting_path: String,
    heading: String,
    guard: Guard,
    opened: bool,
    members: Vec<RollRow>,
    deputies: Vec<RollRow>,
    presiding: Vec<Choice>,
    member_seats: u16,
    required: u16,
    serving: usize,
    errors: FieldErrors,
    stale: bool,
}

/// The roll-call form.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let chair = desk
        .seated
        .iter()
        .find(|holder| holder.role == "Ordförande")
        .map(|holder| holder.person_id.to_string())
        .unwrap_or_default();
    let mut typed = Submitted::default();
    typed.push("ordforande", &chair);
    render_status(
        &page(&signed_in, &desk, &typed, FieldErrors::default(), false),
        200,
    )
}

/// Opens the meeting with the roll call as ticked.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(meeting_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = Desk::open(&state, &signed_in, meeting_id).await?;
    let mut errors = FieldErrors::default();
    let presiding = errors.picked(&form, "ordforande");
    if presiding.is_none() && errors.get("ordforande").is_none() {
        errors.add("ordforande", "Välj vem som är ordförande vid sammanträdet.");
    }
    let mut roll = Vec::new();
    for holder in &desk.seated {
        let present = form.has("narvarande", &holder.person_id.to_string());
        let serving_field = serves_for_field(holder.person_id);
        let serving_for = errors.picked(&form, &serving_field);
        if serving_for.is_some() && !present {
            errors.add(
                serving_field,
                format!(
                    "Kryssa i att {} är närvarande, eller välj ”tjänstgör inte”.",
                    holder.name
                ),
            );
        }
        if present {
            roll.push(RollEntry {
                person_id: holder.person_id,
                serving_for,
            });
        }
    }
    if roll.is_empty() {
        errors.add("narvarande", "Kryssa i vilka som är närvarande.");
    }
    let (Some(presiding), true) = (presiding, errors.is_empty()) else {
        return render_status(&page(&signed_in, &desk, &form, errors, false), 400);
    };
    let request = OpenMeetingRequest {
        presiding,
        roll: roll.clone(),
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .open_meeting_at_version(meeting_id, request, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    let next = |_| meeting_path(meeting_id);
    let field = |refusal: &Refusal| field_of(refusal, &roll);
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
        } => render_status(&page(&signed_in, &desk, &form, errors, stale), status),
    }
}

/// The form's field for the command's field the register named.
fn field_of(refusal: &Refusal, roll: &[RollEntry]) -> String {
    let entry = |path: &str| -> Option<&RollEntry> {
        let index = path
            .strip_prefix("roll[")?
            .split(']')
            .next()?
            .parse::<usize>()
            .ok()?;
        roll.get(index)
    };
    match refusal.field.as_str() {
        "presiding" => "ordforande".to_owned(),
        field if field.ends_with(".serving_for") => entry(field).map_or_else(
            || "narvarande".to_owned(),
            |entry| serves_for_field(entry.person_id),
        ),
        field if field.starts_with("roll[") => entry(field).map_or_else(
            || "narvarande".to_owned(),
            |entry| format!("narvarande-{}", entry.person_id),
        ),
        "roll" | "member_seats" | "attendance" => "narvarande".to_owned(),
        _ => "sammantrade".to_owned(),
    }
}

fn serves_for_field(deputy_id: Uuid) -> String {
    format!("tjanstgor_for-{deputy_id}")
}

fn page(
    signed_in: &SignedIn,
    desk: &Desk,
    typed: &Submitted,
    errors: FieldErrors,
    stale: bool,
) -> RollPage {
    let present = |holder: &SeatHolder| typed.has("narvarande", &holder.person_id.to_string());
    let row = |holder: &SeatHolder| -> RollRow {
        let serving_field = serves_for_field(holder.person_id);
        let chosen = typed.text(&serving_field);
        let mut serves_for = Vec::new();
        if holder.seat == Seat::Deputy {
            serves_for.push(Choice {
                value: String::new(),
                label: "tjänstgör inte".to_owned(),
                selected: chosen.is_empty(),
            });
            // Only the allowed pairs: a deputy serves for a member of their own party.
            serves_for.extend(
                desk.seated
                    .iter()
                    .filter(|member| member.seat == Seat::Member && member.party == holder.party)
                    .map(|member| Choice {
                        value: member.person_id.to_string(),
                        label: format!("tjänstgör för {}", member.name),
                        selected: chosen == member.person_id.to_string(),
                    }),
            );
        }
        RollRow {
            id: holder.person_id,
            label: holder.label.clone(),
            present: present(holder),
            serves_for,
        }
    };
    let members: Vec<RollRow> = desk
        .seated
        .iter()
        .filter(|holder| holder.seat == Seat::Member)
        .map(row)
        .collect();
    let deputies: Vec<RollRow> = desk
        .seated
        .iter()
        .filter(|holder| holder.seat == Seat::Deputy)
        .map(row)
        .collect();
    let serving = members.iter().filter(|row| row.present).count()
        + deputies
            .iter()
            .filter(|row| {
                row.present
                    && row
                        .serves_for
                        .iter()
                        .any(|c| c.selected && !c.value.is_empty())
            })
            .count();
    let chosen = typed.text("ordforande");
    RollPage {
        chrome: DeskChrome::new(signed_in),
        meeting_path: meeting_path(desk.meeting_id),
        heading: format!(
            "{}, sammanträde {}",
            desk.record.body_name, desk.record.meeting_on
        ),
        guard: Guard::new(Some(desk.version)),
        opened: desk.record.attendance.is_some(),
        presiding: desk
            .seated
            .iter()
            .filter(|holder| holder.seat == Seat::Member)
            .map(|holder| Choice {
                value: holder.person_id.to_string(),
                label: holder.label.clone(),
                selected: chosen == holder.person_id.to_string(),
            })
            .collect(),
        members,
        deputies,
        member_seats: desk.member_seats,
        required: desk.member_seats / 2 + 1,
        serving,
        errors,
        stale,
    }
}
