//! Recording a decision taken outside the register, such as a council's decision to dissolve a
//! joint committee, so that the register's forms can find it by search and cite it. The form
//! returns to the page it was opened from, where the decision can then be picked.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::external_decision::{ExternalDecisionDetails, RecordExternalDecision};
use domain::PartyCode;
use projections::citations::party_names;
use projections::{checkpoint, ReadModel};
use register::Written;
use serde::Deserialize;
use uuid::Uuid;

use super::require_administrator;
use crate::forms::{FieldErrors, Guard, Outcome, Recorder, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::{local_path, SignedIn};
use crate::{WebError, WebState};

/// The address of the form.
pub const PATH: &str = "/externa-beslut/ny";

#[derive(Debug, Default, Deserialize)]
pub struct ReturnTo {
    tillbaka: Option<String>,
}

#[derive(Template)]
#[template(path = "administrator/outside_decision.html")]
struct OutsideDecisionPage {
    chrome: DeskChrome,
    return_to: String,
    guard: Guard,
    typed: Submitted,
    parties: Vec<Choice>,
    errors: FieldErrors,
}

impl OutsideDecisionPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Query(return_to): Query<ReturnTo>,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let mut typed = Submitted::default();
    typed.push("beslut", &Uuid::new_v4().to_string());
    typed.push(
        "tillbaka",
        local_path(return_to.tillbaka.as_deref().unwrap_or("/")),
    );
    let page = page(&state, &signed_in, typed, FieldErrors::default()).await?;
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
    let decision_id = form.text("beslut").parse::<Uuid>().map_err(|_| {
        WebError::UnreadableForm("the decision's id (beslut) is not a UUID".to_owned())
    })?;
    let mut errors = FieldErrors::default();
    let issuer = errors
        .required(
            &form,
            "beslutande",
            "vem som beslutade, till exempel ”RF Sörmland”",
        )
        .to_owned();
    let issuer_party = match form.text("part").trim() {
        "" => None,
        code => match PartyCode::parse(code) {
            Ok(party) => Some(party),
            Err(_) => {
                errors.add("part", "Välj en av parterna i listan.");
                None
            }
        },
    };
    let decided_on = errors.date(&form, "beslutsdag", "beslutsdagen");
    let subject = errors
        .required(&form, "arende", "vad beslutet gäller")
        .to_owned();
    let optional =
        |field: &str| Some(form.text(field).trim().to_owned()).filter(|text| !text.is_empty());
    let (Some(decided_on), true) = (decided_on, errors.is_empty()) else {
        let page = page(&state, &signed_in, form, errors).await?;
        return render_status(&page, 400);
    };
    let command = RecordExternalDecision {
        decision_id,
        details: ExternalDecisionDetails {
            issuer,
            issuer_party,
            decided_on,
            paragraph: optional("paragraf"),
            registry_number: optional("diarienummer"),
            subject,
        },
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, _| async move {
            let position = register.record_external_decision(command).await?;
            Ok((
                (),
                Written {
                    position,
                    version: 1,
                },
            ))
        })
        .await?;
    let return_to = local_path(form.text("tillbaka")).to_owned();
    match outcome {
        Outcome::Recorded(_, position) => {
            crate::forms::wait_until_shown(&state, ReadModel::Timeline, position).await;
            Ok(Redirect::to(&return_to).into_response())
        }
        Outcome::AlreadyRecorded => Ok(Redirect::to(&return_to).into_response()),
        Outcome::Stale => {
            let page = page(&state, &signed_in, form, errors).await?;
            render_status(&page, 409)
        }
        Outcome::Refused(refusal) => {
            let mut errors = FieldErrors::default();
            let field = if refusal.field.contains("decided_on") {
                "beslutsdag"
            } else if refusal.field.contains("issuer") {
                "beslutande"
            } else {
                "arende"
            };
            errors.refused(field, &refusal, &Default::default());
            let page = page(&state, &signed_in, form, errors).await?;
            render_status(&page, 422)
        }
    }
}

async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    typed: Submitted,
    errors: FieldErrors,
) -> Result<OutsideDecisionPage, WebError> {
    let known_at = checkpoint(&state.pool, ReadModel::Cooperations).await?;
    let chosen = typed.text("part").to_owned();
    let parties = party_names(&state.pool, known_at)
        .await?
        .into_iter()
        .map(|(code, name)| Choice {
            selected: code == chosen,
            label: format!("{name} ({code})"),
            value: code,
        })
        .collect();
    Ok(OutsideDecisionPage {
        chrome: DeskChrome::new(signed_in),
        return_to: typed.text("tillbaka").to_owned(),
        guard: Guard::new(None),
        typed,
        parties,
        errors,
    })
}
