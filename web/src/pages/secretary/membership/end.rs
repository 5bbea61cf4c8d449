//! Ending a membership early, with its last day and reason.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::ReadModel;
use register::requests::MembershipEndRequest;
use uuid::Uuid;

use super::{members_path, record_on_term, PeriodQuery, Term, END_REASONS, MEMBERSHIP_BASIS};
use crate::forms::{settle, FieldErrors, Guard, Refusal, Settled, Submitted};
use crate::pages::secretary::basis::{basis_hits, chosen_basis};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

#[derive(Template)]
#[template(path = "secretary/membership_end.html")]
struct EndPage {
    chrome: DeskChrome,
    members_path: String,
    heading: String,
    member: String,
    guard: Guard,
    period_start: i32,
    reasons: Vec<Choice>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl EndPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The form that ends a membership early.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let term = Term::open(&state, &signed_in, body_id, query.period.as_deref()).await?;
    let page = end_page(
        &state,
        &signed_in,
        &term,
        membership_id,
        Submitted::default(),
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

/// Searches for the basis, or records the early end.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, membership_id)): Path<(Uuid, Uuid)>,
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
        let last_day = errors.date(&form, "sista_dag", "sista dagen");
        let reason = END_REASONS
            .iter()
            .find(|(_, value, _)| *value == form.text("skal"))
            .map(|(reason, _, _)| *reason);
        if reason.is_none() {
            errors.add("skal", "Välj varför uppdraget upphör.");
        }
        let basis = chosen_basis(&mut errors, &form, MEMBERSHIP_BASIS);
        let (Some(last_day), Some(reason), Some(basis), true) =
            (last_day, reason, basis, errors.is_empty())
        else {
            break 'shown (errors, false, 400);
        };
        let address = term.membership(membership_id);
        let request = MembershipEndRequest {
            last_day,
            reason,
            basis,
        };
        let outcome = record_on_term(&state, &signed_in, guard, address, request).await?;
        let back = |_| term.members_page();
        let field = |refusal: &Refusal| {
            match refusal.field.as_str() {
                field if field.starts_with("basis") => "grund",
                "reason" => "skal",
                _ => "sista_dag",
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
    let page = end_page(
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
async fn end_page(
    state: &WebState,
    signed_in: &SignedIn,
    term: &Term,
    membership_id: Uuid,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<EndPage, WebError> {
    let (_, members) = term.members(state).await?;
    let Some(member) = members
        .iter()
        .find(|member| member.membership_id == membership_id)
    else {
        return Err(WebError::NotFound(format!(
            "{} har inget uppdrag med id {membership_id} under mandatperioden {}.",
            term.body_name, term.period
        )));
    };
    let chosen = typed.text("skal").to_owned();
    Ok(EndPage {
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
        reasons: END_REASONS
            .iter()
            .map(|(_, value, words)| Choice {
                value: (*value).to_owned(),
                label: (*words).to_owned(),
                selected: *value == chosen,
            })
            .collect(),
        typed,
        basis_hits,
        errors,
        stale,
    })
}
