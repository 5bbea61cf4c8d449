//! Correcting an appointment recorded wrongly; the earlier version stays and is shown beside it.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::ReadModel;
use register::requests::AppointmentCorrectionRequest;
use uuid::Uuid;

use super::{
    appointment_field, members_path, record_on_term, recorded_membership, typed_appointment,
    PeriodQuery, Term, MEMBERSHIP_BASIS, ROLES,
};
use crate::forms::{settle, FieldErrors, Guard, Refusal, Settled, Submitted};
use crate::pages::secretary::basis::{basis_hits, chosen_basis};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

#[derive(Template)]
#[template(path = "secretary/membership_correction.html")]
struct CorrectionPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    member: String,
    guard: Guard,
    period_start: i32,
    parties: Vec<Choice>,
    roles: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl CorrectionPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The form that corrects an appointment recorded wrongly, filled with what it says now.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let (_, member) = recorded_membership(&state, &term, membership_id).await?;
    let mut typed = Submitted::default();
    typed.push("namn", &member.name);
    let role = ROLES
        .iter()
        .find(|(role, _)| *role == member.role)
        .map_or("", |(_, value)| *value);
    typed.push("roll", role);
    typed.push("parti", &member.party);
    typed.push("fran", &member.serves_from.to_string());
    typed.push("till", &member.serves_to.to_string());
    let page = correction_page(
        &state,
        &signed_in,
        &term,
        membership_id,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the correction.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let term = Term::open(&state, &signed_in, body_id, Some(form.text("period"))).await?;
    let (_, member) = recorded_membership(&state, &term, membership_id).await?;
    let hits = basis_hits(&state, &[body_id], form.text("sok"), form.text("grund")).await?;
    // A search, a form that does not read, a stale form and a refusal all show the form again;
    // only a recorded form goes on.
    let (errors, stale, status) = 'shown: {
        if form.text("atgard") == "sok" {
            break 'shown (FieldErrors::default(), false, 200);
        }
        let mut errors = FieldErrors::default();
        // A correction is of the same person's appointment: their id is kept.
        let corrected = typed_appointment(&form, &mut errors, member.person_id);
        let reason = errors
            .required(&form, "skal", "varför förordnandet rättas")
            .to_owned();
        let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
        let (Some(corrected), Some(basis), true) = (corrected, basis, errors.is_empty()) else {
            break 'shown (errors, false, 400);
        };
        let address = term.membership(membership_id);
        let request = AppointmentCorrectionRequest {
            corrected,
            reason,
            basis,
        };
        let outcome = record_on_term(&state, &signed_in, guard, address, request).await?;
        let back = |_| term.members_page();
        let field = |refusal: &Refusal| {
            match refusal.field.as_str() {
                "reason" => "skal",
                _ => appointment_field(refusal),
            }
            .to_owned()
        };
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
    let page = correction_page(
        &state,
        &signed_in,
        &term,
        membership_id,
        form,
        hits,
        errors,
        stale,
    )
    .await?;
    render_status(&page, status)
}

#[allow(clippy::too_many_arguments)]
async fn correction_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    membership_id: Uuid,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<CorrectionPage, WebError> {
    let (seat_plan, member) = recorded_membership(state, term, membership_id).await?;
    let chosen_party = typed.text("parti").to_owned();
    let chosen_role = typed.text("roll").to_owned();
    Ok(CorrectionPage {
        chrome: DeskChrome::new(signed_in),
        members_path: format!(
            "{}?period={}",
            members_path(term.body_id),
            term.period.first_year()
        ),
        heading: term.heading(),
        member: format!(
            "{} ({}), {}, {} – {}",
            member.name,
            term.names.party(&member.party),
            words::member_role(member.role).to_lowercase(),
            member.serves_from,
            member.serves_to
        ),
        guard: Guard::new(Some(term.version)),
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
