//! Calling a meeting (kallelse) with its agenda (föredragningslista): the day, the place, and
//! the items, each with its number, title, registry number and whether it is dealt with in
//! public. Items are ordered by their number, so renumbering reorders them; more rows are added
//! with a button, so the form works without JavaScript.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::body::BodyError;
use domain::meeting::AgendaItem;
use projections::ReadModel;
use register::{Actor, CallMeetingRequest, Register};
use std::collections::BTreeMap;

use uuid::Uuid;

use super::require_secretary_of;
use crate::forms::{settle, FieldErrors, Guard, Outcome, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::meeting_path;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of the form that calls a meeting of a body.
pub fn call_path(body_id: Uuid) -> String {
    format!("/organ/{body_id}/kalla")
}

/// How many agenda rows a new form offers, and how many the "more rows" button adds.
const FIRST_ROWS: usize = 6;
const MORE_ROWS: usize = 4;

#[derive(Debug, Clone)]
struct AgendaRow {
    index: usize,
    number: String,
    title: String,
    registry_number: String,
    public: bool,
}

#[derive(Template)]
#[template(path = "secretary/call.html")]
struct CallPage {
    chrome: DeskChrome,
    body_id: Uuid,
    body_name: String,
    guard: Guard,
    meeting_id: Uuid,
    date: String,
    place: String,
    rows: Vec<AgendaRow>,
    errors: FieldErrors,
}

/// The body's name, once the signed-in token is found to be one of its secretaries.
async fn body_for_secretary(
    state: &WebState,
    signed_in: &SignedIn,
    body_id: Uuid,
) -> Result<String, WebError> {
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let name = register
        .body_name(body_id)
        .await
        .map_err(|error: register::RegisterError<BodyError>| {
            WebError::Store(eventlog::StoreFailure::of(&error))
        })?
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "Registret känner inte till något organ med id {body_id}."
            ))
        })?;
    require_secretary_of(signed_in, body_id, &name)?;
    Ok(name)
}

/// The empty form.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let body_name = body_for_secretary(&state, &signed_in, body_id).await?;
    let rows = (0..FIRST_ROWS)
        .map(|index| AgendaRow {
            index,
            number: (index + 1).to_string(),
            title: String::new(),
            registry_number: String::new(),
            public: true,
        })
        .collect();
    render_status(
        &CallPage {
            chrome: DeskChrome::new(&signed_in),
            body_id,
            body_name,
            guard: Guard::new(Some(0)),
            meeting_id: Uuid::new_v4(),
            date: String::new(),
            place: String::new(),
            rows,
            errors: FieldErrors::default(),
        },
        200,
    )
}

/// Calls the meeting, or shows the form again with more rows or with what is wrong.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let body_name = body_for_secretary(&state, &signed_in, body_id).await?;
    let meeting_id: Uuid = form
        .text("id")
        .parse()
        .map_err(|_| WebError::UnreadableForm("the meeting's id is not a UUID".to_owned()))?;
    let mut rows = typed_rows(&form);
    let page = |rows: Vec<AgendaRow>, errors: FieldErrors| CallPage {
        chrome: DeskChrome::new(&signed_in),
        body_id,
        body_name: body_name.clone(),
        guard,
        meeting_id,
        date: form.text("datum").to_owned(),
        place: form.text("plats").to_owned(),
        rows,
        errors,
    };
    if form.text("atgard") == "fler" {
        let start = rows.len();
        rows.extend((start..start + MORE_ROWS).map(|index| AgendaRow {
            index,
            number: String::new(),
            title: String::new(),
            registry_number: String::new(),
            public: true,
        }));
        return render_status(&page(rows, FieldErrors::default()), 200);
    }

    let mut errors = FieldErrors::default();
    let date = errors.date(&form, "datum", "sammanträdets dag");
    let place = errors.required(&form, "plats", "var nämnden sammanträder");
    // Each filled row becomes an item; the items are called in the order of their numbers.
    let mut items: Vec<(usize, AgendaItem)> = Vec::new();
    for row in rows
        .iter()
        .filter(|row| !row.title.trim().is_empty() || !row.registry_number.trim().is_empty())
    {
        let number: Option<u16> =
            errors.number(&form, &format!("nr-{}", row.index), "ärendets nummer", 1);
        if row.title.trim().is_empty() {
            errors.add(format!("arende-{}", row.index), "Fyll i ärendets rubrik.");
        }
        if let Some(number) = number {
            let registry_number = row.registry_number.trim();
            items.push((
                row.index,
                AgendaItem {
                    number,
                    title: row.title.trim().to_owned(),
                    registry_number: (!registry_number.is_empty())
                        .then(|| registry_number.to_owned()),
                    public: row.public,
                },
            ));
        }
    }
    if items.is_empty() && errors.is_empty() {
        errors.add("nr-0", "Fyll i minst ett ärende på föredragningslistan.");
    }
    let (Some(date), true) = (date, errors.is_empty()) else {
        return render_status(&page(rows, errors), 400);
    };
    items.sort_by_key(|(_, item)| item.number);
    let request = CallMeetingRequest {
        body_id,
        date,
        place: place.to_owned(),
        agenda: items.iter().map(|(_, item)| item.clone()).collect(),
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .call_meeting_at_version(meeting_id, request, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    // A new meeting's stream is empty until it is called, so only an earlier submission of
    // this very form can have moved it on: a stale answer is that submission, recorded.
    let outcome = match outcome {
        Outcome::Stale => Outcome::AlreadyRecorded,
        outcome => outcome,
    };
    let next = |_| meeting_path(meeting_id);
    let field = |refusal: &Refusal| field_of(refusal, &items);
    match settle(
        &state,
        ReadModel::Decisions,
        outcome,
        next,
        field,
        &BTreeMap::new(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => render_status(&page(rows, errors), status),
    }
}

/// The rows as typed, in the order of the form.
fn typed_rows(form: &Submitted) -> Vec<AgendaRow> {
    let count = form.all("rad").len().max(1);
    (0..count)
        .map(|index| AgendaRow {
            index,
            number: form.text(&format!("nr-{index}")).to_owned(),
            title: form.text(&format!("arende-{index}")).to_owned(),
            registry_number: form.text(&format!("diarienummer-{index}")).to_owned(),
            public: form.text(&format!("offentligt-{index}")) != "nej",
        })
        .collect()
}

/// The form's field for the command's field the register named: `agenda[2].title` is the
/// title of the row that became the third item.
fn field_of(refusal: &Refusal, items: &[(usize, AgendaItem)]) -> String {
    let field = refusal.field.as_str();
    if let Some(rest) = field.strip_prefix("agenda[") {
        let mut parts = rest.splitn(2, "].");
        let index = parts.next().and_then(|index| index.parse::<usize>().ok());
        let part = parts.next().unwrap_or("title");
        if let Some((row, _)) = index.and_then(|index| items.get(index)) {
            let prefix = match part {
                "number" => "nr",
                "registry_number" => "diarienummer",
                _ => "arende",
            };
            return format!("{prefix}-{row}");
        }
    }
    match field {
        "date" => "datum".to_owned(),
        "place" => "plats".to_owned(),
        "agenda" => "nr-0".to_owned(),
        _ => "datum".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_item_points_at_the_row_it_came_from() {
        let item = |number| AgendaItem {
            number,
            title: "Ärende".to_owned(),
            registry_number: None,
            public: true,
        };
        // Row 4 was numbered 1, so it became the first item.
        let items = vec![(4, item(1)), (0, item(2))];
        let refusal = |field: &str| Refusal {
            field: field.to_owned(),
            message: String::new(),
            swedish: None,
        };
        assert_eq!(field_of(&refusal("agenda[0].number"), &items), "nr-4");
        assert_eq!(
            field_of(&refusal("agenda[1].registry_number"), &items),
            "diarienummer-0"
        );
        assert_eq!(field_of(&refusal("place"), &items), "plats");
    }
}
