//! Establishing a cooperation: its name, form, host and founding parties (among the parties the
//! register holds), the day it begins and the decision it rests on, found by search, as
//! `POST /api/v1/cooperations` does. The register checks that it has two parties and that the
//! host is one of them.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::{Bases, PartyCode};
use projections::ReadModel;
use uuid::Uuid;

use super::{
    field_for, hits, new_id, party_label, picked_basis, registered_parties, settle_setup, SetupForm,
};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::administrator::require_administrator;
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The address of the form.
pub const PATH: &str = "/samverkan/ny";

/// The forms a cooperation can have, as the form offers them.
const FORMS: [(CooperationForm, &str); 5] = [
    (CooperationForm::JointCommittee, "joint_committee"),
    (CooperationForm::ContractBased, "contract_based"),
    (CooperationForm::MunicipalFederation, "municipal_federation"),
    (
        CooperationForm::HostRunCentralPurchasingBody,
        "host_run_central_purchasing_body",
    ),
    (CooperationForm::Other, "other"),
];

#[derive(Template)]
#[template(path = "administrator/setup/cooperation.html")]
struct CooperationFormPage {
    chrome: DeskChrome,
    form: SetupForm,
    forms: Vec<Choice>,
    hosts: Vec<Choice>,
    parties: Vec<Choice>,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    let page = page(
        &state,
        &signed_in,
        typed,
        Vec::new(),
        FieldErrors::default(),
    )
    .await?;
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let cooperation_id = new_id(&form)?;
    let basis_hits = hits(&state, &[], &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(&state, &signed_in, form, basis_hits, FieldErrors::default()).await?;
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let name = errors.required(&form, "namn", "samverkans namn").to_owned();
    let cooperation_form = FORMS
        .iter()
        .find(|(_, value)| *value == form.text("form"))
        .map(|(form, _)| *form);
    if cooperation_form.is_none() {
        errors.add("form", "Välj samverkansform.");
    }
    let host = match form.text("vard").trim() {
        "" => {
            errors.add("vard", "Välj värdpart.");
            None
        }
        code => party_picked(&mut errors, "vard", code),
    };
    let mut parties = Vec::new();
    for code in form.all("parter") {
        if let Some(party) = party_picked(&mut errors, "parter", code) {
            parties.push(party);
        }
    }
    let established_on = errors.date(&form, "bildad", "dagen samverkan bildas");
    let basis = picked_basis(&mut errors, &form);
    let (Some(cooperation_form), Some(host), Some(established_on), Some(basis), true) = (
        cooperation_form,
        host,
        established_on,
        basis,
        errors.is_empty(),
    ) else {
        let page = page(&state, &signed_in, form, basis_hits, errors).await?;
        return render_status(&page, 400);
    };
    let Some(bases) = Bases::new(vec![basis]) else {
        return Err(WebError::Store(eventlog::StoreFailure::new(
            "a list of one basis was read as empty",
        )));
    };
    let command = CooperationCommand::Establish(EstablishCooperation {
        name,
        form: cooperation_form,
        host,
        parties,
        established_on,
        predecessor: None,
        bases,
    });
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_at_version::<Cooperation>(&cooperation_id.to_string(), command, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("/samverkan/{cooperation_id}");
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Cooperations, ReadModel::Membership],
        &next,
        |refusal| {
            field_for(
                refusal,
                &[
                    ("name", "namn"),
                    ("host", "vard"),
                    ("parties", "parter"),
                    ("established_on", "bildad"),
                ],
                "namn",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            let page = page(&state, &signed_in, form, basis_hits, errors).await?;
            render_status(&page, status)
        }
    }
}

/// A party picked from those the form offered; a code that is none is an error beside `field`.
fn party_picked(errors: &mut FieldErrors, field: &str, code: &str) -> Option<PartyCode> {
    match PartyCode::parse(code.trim()) {
        Ok(party) => Some(party),
        Err(_) => {
            errors.add(field, "Välj bland parterna i listan.");
            None
        }
    }
}

async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
) -> Result<CooperationFormPage, WebError> {
    let registered = registered_parties(state).await?;
    // Parties by name, as a person looks for them.
    let choices = |field: &str| -> Vec<Choice> {
        let mut choices: Vec<Choice> = registered
            .keys()
            .map(|code| Choice {
                selected: typed.has(field, code),
                label: party_label(&registered, code),
                value: code.clone(),
            })
            .collect();
        choices.sort_by(|first, second| first.label.cmp(&second.label));
        choices
    };
    let hosts = choices("vard");
    let parties = choices("parter");
    let forms = FORMS
        .iter()
        .map(|(form, value)| Choice {
            selected: typed.has("form", value),
            label: words::cooperation_form(*form).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    Ok(CooperationFormPage {
        chrome: DeskChrome::new(signed_in),
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        forms,
        hosts,
        parties,
    })
}
