//! Admitting a party to an established cooperation from a day, on the decision found by search,
//! as `POST /api/v1/cooperations/{id}/parties` does. The form is guarded by the cooperation's
//! version: shown before someone else changed the cooperation, it is refused as stale and shown
//! again with the cooperation as it now is.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::cooperation::{AdmitParty, Cooperation, CooperationCommand};
use domain::PartyCode;
use projections::ReadModel;
use uuid::Uuid;

use super::{field_for, hits, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The form's address for cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/parter/ny")
}

#[derive(Template)]
#[template(path = "administrator/setup/admission.html")]
struct AdmissionPage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    kind: &'static str,
    established_on: String,
    members: Vec<String>,
    candidates: Vec<Choice>,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let mut typed = Submitted::default();
    typed.push("fran", &desk.today.to_string());
    let page = page(
        &signed_in,
        &desk,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            form,
            basis_hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let party = match form.text("part").trim() {
        "" => {
            errors.add("part", "Välj parten som går med.");
            None
        }
        code => match PartyCode::parse(code) {
            Ok(party) => Some(party),
            Err(_) => {
                errors.add("part", "Välj en av parterna i listan.");
                None
            }
        },
    };
    let joins_on = errors.date(&form, "fran", "dagen parten går med");
    let basis = picked_basis(&mut errors, &form);
    let (Some(party), Some(joins_on), Some(basis), true) =
        (party, joins_on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, form, basis_hits, errors, false);
        return render_status(&page, 400);
    };
    let command = CooperationCommand::AdmitParty(AdmitParty {
        party,
        joins_on,
        basis,
    });
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_addressed::<Cooperation>(
                    "cooperation",
                    &cooperation_id.to_string(),
                    command,
                    version,
                )
                .await?;
            Ok(((), written))
        })
        .await?;
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Cooperations, ReadModel::Membership],
        &desk.path(),
        |refusal| field_for(refusal, &[("party", "part"), ("joins_on", "fran")], "part"),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            // Shown again from the cooperation as it now is, so that a stale form shows what
            // changed.
            let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
            let page = page(&signed_in, &desk, form, basis_hits, errors, stale);
            render_status(&page, status)
        }
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> AdmissionPage {
    let chosen = typed.text("part").to_owned();
    let mut candidates: Vec<Choice> = desk
        .parties
        .keys()
        .filter(|code| !desk.entry.parties.contains(code))
        .map(|code| Choice {
            selected: *code == chosen,
            label: desk.party(code),
            value: code.clone(),
        })
        .collect();
    candidates.sort_by(|first, second| first.label.cmp(&second.label));
    let mut members: Vec<String> = desk
        .entry
        .parties
        .iter()
        .map(|code| desk.party(code))
        .collect();
    members.sort();
    AdmissionPage {
        chrome: DeskChrome::new(signed_in),
        form: SetupForm::new(
            signed_in,
            Some(desk.version),
            typed,
            basis_hits,
            errors,
            stale,
        ),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        kind: words::cooperation_form(desk.entry.form),
        established_on: desk.entry.established_on.to_string(),
        members,
        candidates,
    }
}
