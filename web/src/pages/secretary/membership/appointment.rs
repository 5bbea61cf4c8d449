//! Appointing a member or deputy, or a fyllnadsval to a seat left early.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::ReadModel;
use register::requests::{AppointmentRequest, TermAddress};
use uuid::Uuid;

use super::{
    appointment_field, members_path, person_id, record_on_term, typed_appointment, PeriodQuery,
    Term, MEMBERSHIP_BASIS, ROLES,
};
use crate::forms::{settle, FieldErrors, Guard, Refusal, Settled, Submitted};
use crate::pages::secretary::basis::{basis_hits, chosen_basis};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

#[derive(Template)]
#[template(path = "secretary/appointment.html")]
struct AppointmentPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    guard: Guard,
    membership_id: Uuid,
    replaces: Option<(Uuid, String)>,
    period_start: i32,
    parties: Vec<Choice>,
    roles: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl AppointmentPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The appointment form; with `?ersatter=`, a fyllnadsval to the seat of that membership.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let mut typed = Submitted::default();
    if let Some(replaces) = &query.ersatter {
        typed.push("ersatter", replaces);
    }
    let page = appointment_page(
        &state,
        &signed_in,
        &term,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the appointment.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(body_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let term = Term::open(&state, &signed_in, body_id, Some(form.text("period"))).await?;
    let hits = basis_hits(&state, &[body_id], form.text("sok"), form.text("grund")).await?;
    // A search, a form that does not read, a stale form and a refusal all show the form again;
    // only a recorded form goes on.
    let (errors, stale, status) = 'shown: {
        if form.text("atgard") == "sok" {
            break 'shown (FieldErrors::default(), false, 200);
        }
        let mut errors = FieldErrors::default();
        // A new person gets an id of their own, the one the form was shown with, so that a retry
        // names the same person; the register keeps it with the name.
        let appointment = typed_appointment(&form, &mut errors, person_id(&form));
        let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
        let membership_id: Uuid = form.text("uppdrag_id").parse().map_err(|_| {
            WebError::UnreadableForm("the membership's id is not a UUID".to_owned())
        })?;
        let replaces = errors.picked(&form, "ersatter");
        let (Some(appointment), Some(basis), true) = (appointment, basis, errors.is_empty()) else {
            break 'shown (errors, false, 400);
        };
        let request = AppointmentRequest {
            membership_id,
            appointment,
            replaces,
            basis,
        };
        let address = TermAddress {
            body_id,
            period: term.period,
        };
        let outcome = record_on_term(&state, &signed_in, guard, address, request).await?;
        let back = |_| term.members_page();
        let field = |refusal: &Refusal| appointment_field(refusal).to_owned();
        match settle(
            &state,
            ReadModel::Membership,
            outcome,
            back,
            field,
            &BTreeMap::new(),
        )
        .await
        {
            Settled::GoOn(response) => return Ok(response),
            Settled::ShowAgain {
                errors,
                stale,
                status,
            } => (errors, stale, status),
        }
    };
    let page = appointment_page(&state, &signed_in, &term, form, hits, errors, stale).await?;
    render_status(&page, status)
}

async fn appointment_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<AppointmentPage, WebError> {
    let (seat_plan, members) = term.members(state).await?;
    let replaces = typed
        .text("ersatter")
        .parse::<Uuid>()
        .ok()
        .and_then(|replaces| {
            members
                .iter()
                .find(|member| member.membership_id == replaces)
                .map(|member| {
                    (
                        replaces,
                        format!("{} ({})", member.name, term.names.party(&member.party)),
                    )
                })
        });
    let chosen_party = typed.text("parti").to_owned();
    let chosen_role = typed.text("roll").to_owned();
    let membership_id = typed
        .text("uppdrag_id")
        .parse()
        .unwrap_or_else(|_| Uuid::new_v4());
    let mut typed = typed;
    if typed.text("person_id").is_empty() {
        typed.push("person_id", &Uuid::new_v4().to_string());
    }
    Ok(AppointmentPage {
        chrome: DeskChrome::new(signed_in),
        members_path: format!(
            "{}?period={}",
            members_path(term.body_id),
            term.period.first_year()
        ),
        heading: term.heading(),
        guard: Guard::new(Some(term.version)),
        membership_id,
        replaces,
        period_start: term.period.first_year(),
        parties: seat_plan
            .iter()
            .map(|(party, _, _)| Choice {
                value: party.clone(),
                label: term.names.party(party),
                selected: *party == chosen_party,
            })
            .collect(),
        roles: ROLES
            .iter()
            .map(|(role, value)| Choice {
                value: (*value).to_owned(),
                label: words::member_role(*role).to_owned(),
                selected: *value == chosen_role,
            })
            .collect(),
        typed,
        basis_hits,
        errors,
        stale,
    })
}
