//! Recording that a party has decided the transition, such as its council's decision to
//! dissolve the joint committee, on that decision found by search. A later decision of the same
//! party replaces it from its own day.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::transition::{RecordPartyDecision, TransitionCommand};
use domain::PartyCode;
use uuid::Uuid;

use super::plan::{
    basis_or, execute_on_plan, picked_basis, record_plan_form, PlanDesk, PlanForm, PlanFormAnswer,
};
use crate::forms::{FieldErrors, Guard, Refusal, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

#[derive(Template)]
#[template(path = "administrator/party_decision.html")]
struct PartyDecisionPage {
    chrome: DeskChrome,
    form: PlanForm,
    party: String,
    current: Option<String>,
}

/// The party of the plan the address names.
fn party_of(desk: &PlanDesk, code: &str) -> Result<PartyCode, WebError> {
    desk.view
        .cooperation_parties
        .iter()
        .find(|party| party.as_str() == code)
        .cloned()
        .ok_or_else(|| {
            WebError::NotFound(format!(
                "{code} är inte part i samverkan som planen ersätter."
            ))
        })
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, code)): Path<(Uuid, String)>,
) -> Result<Response, WebError> {
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let party = party_of(&desk, &code)?;
    let page = page(
        &signed_in,
        &desk,
        &party,
        Submitted::default(),
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, code)): Path<(Uuid, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let party = party_of(&desk, &code)?;
    let hits = desk.basis_hits(&state, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            &party,
            form,
            hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let decided_on = errors.date(&form, "beslutad", "dagen parten beslutade");
    let basis = picked_basis(&mut errors, &form);
    let (Some(decided_on), Some(basis), true) = (decided_on, basis, errors.is_empty()) else {
        let page = page(&signed_in, &desk, &party, form, hits, errors, false);
        return render_status(&page, 400);
    };
    let command = TransitionCommand::RecordPartyDecision(RecordPartyDecision {
        party: party.clone(),
        decided_on,
        basis,
    });
    record_plan_form(
        &state,
        &signed_in,
        guard,
        transition_id,
        |register, version| execute_on_plan(register, transition_id, command, version),
        PlanFormAnswer {
            anchor: "parter",
            field_of: |refusal: &Refusal| basis_or(refusal, "beslutad"),
            show: |desk: &PlanDesk, errors, stale| {
                Ok(page(&signed_in, desk, &party, form, hits, errors, stale))
            },
        },
    )
    .await
}

fn page(
    signed_in: &SignedIn,
    desk: &PlanDesk,
    party: &PartyCode,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> PartyDecisionPage {
    let current = desk
        .view
        .party_decisions
        .iter()
        .find(|decision| &decision.party == party)
        .map(|decision| format!("Beslutade {}", decision.decided_on));
    PartyDecisionPage {
        party: desk.names.party(party.as_str()),
        current,
        chrome: DeskChrome::new(signed_in),
        form: desk.form(signed_in, typed, basis_hits, errors, stale),
    }
}
