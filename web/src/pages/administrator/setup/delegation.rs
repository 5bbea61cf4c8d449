//! Delegating part of a body's mandate to an official (delegationsordning): the official's title,
//! the category delegated, which must lie within the mandate and outside its exclusions, and the
//! days, on the delegation decision found by search, as
//! `POST /api/v1/mandates/{id}/delegations` does. The form is guarded by the mandate's version.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::mandate::{DelegateMandate, Mandate, MandateCommand, MandateError, MandateHolder};
use projections::mandates::mandate;
use projections::{KnownAt, ReadAt, ReadModel};
use register::{Actor, Register, RegisterError};
use uuid::Uuid;

use super::mandate::{body_name, category, valid_days};
use super::mandates::days;
use super::{field_for, hits, mandates_path, new_id, picked_basis, settle_setup, SetupForm};
use crate::forms::{wait_until_shown, FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

#[derive(Template)]
#[template(path = "administrator/setup/delegation.html")]
struct DelegationPage {
    chrome: DeskChrome,
    form: SetupForm,
    mandates_path: String,
    body_path: String,
    name: String,
    /// The mandate as it stands today: category, exclusions, days and delegations so far.
    category: String,
    exclusions: String,
    days: String,
    delegations: Vec<String>,
}

/// The mandate a form delegates from, as it stands today, and its stream's version.
struct Held {
    category: String,
    exclusions: String,
    days: String,
    delegations: Vec<String>,
    version: u64,
}

async fn held(
    state: &WebState,
    signed_in: &SignedIn,
    body_id: Uuid,
    mandate_id: Uuid,
) -> Result<Held, WebError> {
    let unknown = || WebError::NotFound(format!("Organet har inget mandat {mandate_id}."));
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let stream_id = mandate_id.to_string();
    let version = register
        .stream_version::<Mandate, MandateError>(&stream_id)
        .await
        .map_err(store)?;
    if version == 0 {
        return Err(unknown());
    }
    let written = register
        .stream_written::<Mandate, MandateError>(&stream_id)
        .await
        .map_err(store)?;
    wait_until_shown(state, ReadModel::Mandates, written.position).await;
    let read_at = ReadAt::on(state.clock.today()).known_at(KnownAt::Position(written.position));
    let view = mandate(&state.pool, mandate_id, read_at).await?;
    let Some(held) = view.mandates.into_iter().next() else {
        return Err(WebError::NotFound(format!(
            "Mandatet {mandate_id} gäller inte i dag, så inget av det kan delegeras."
        )));
    };
    if held.holder != (MandateHolder::Body { body_id }) {
        return Err(unknown());
    }
    Ok(Held {
        category: held.category.to_string(),
        exclusions: if held.exclusions.is_empty() {
            "Inga".to_owned()
        } else {
            held.exclusions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        },
        days: days(&held.valid),
        delegations: held
            .delegations
            .iter()
            .map(|delegation| {
                format!(
                    "{}: {}, {}",
                    delegation.delegate,
                    delegation.category,
                    days(&delegation.valid)
                )
            })
            .collect(),
        version: written.version,
    })
}

fn store(error: RegisterError<MandateError>) -> WebError {
    WebError::Store(eventlog::StoreFailure::of(&error))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((body_id, mandate_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let name = body_name(&state, &signed_in, body_id).await?;
    let held = held(&state, &signed_in, body_id, mandate_id).await?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    typed.push("kategori", &held.category);
    let page = page(
        &signed_in,
        body_id,
        name,
        held,
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
    Path((body_id, mandate_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let name = body_name(&state, &signed_in, body_id).await?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let delegation_id = new_id(&form)?;
    let held = held(&state, &signed_in, body_id, mandate_id).await?;
    let basis_hits = hits(&state, &[body_id], &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            body_id,
            name,
            held,
            form,
            basis_hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let delegate = errors
        .required(
            &form,
            "delegat",
            "tjänstepersonens titel, till exempel ”inköpschef”",
        )
        .to_owned();
    let category = category(
        &mut errors,
        "kategori",
        form.text("kategori"),
        "vad som delegeras",
    );
    let valid = valid_days(&mut errors, &form);
    let basis = picked_basis(&mut errors, &form);
    let (Some(category), Some(valid), Some(basis), true) =
        (category, valid, basis, errors.is_empty())
    else {
        let page = page(
            &signed_in, body_id, name, held, form, basis_hits, errors, false,
        );
        return render_status(&page, 400);
    };
    let command = MandateCommand::Delegate(DelegateMandate {
        delegation_id,
        delegate,
        category,
        valid,
        basis,
    });
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_addressed::<Mandate>("mandate", &mandate_id.to_string(), command, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Mandates, ReadModel::Membership],
        &mandates_path(body_id),
        |refusal| {
            field_for(
                refusal,
                &[
                    ("delegate", "delegat"),
                    ("category", "kategori"),
                    ("valid", "fran"),
                ],
                "kategori",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            let held = self::held(&state, &signed_in, body_id, mandate_id).await?;
            let page = page(
                &signed_in, body_id, name, held, form, basis_hits, errors, stale,
            );
            render_status(&page, status)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn page(
    signed_in: &SignedIn,
    body_id: Uuid,
    name: String,
    held: Held,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> DelegationPage {
    DelegationPage {
        chrome: DeskChrome::new(signed_in),
        form: SetupForm::new(
            signed_in,
            Some(held.version),
            typed,
            basis_hits,
            errors,
            stale,
        ),
        mandates_path: mandates_path(body_id),
        body_path: format!("/organ/{body_id}"),
        name,
        category: held.category,
        exclusions: held.exclusions,
        days: held.days,
        delegations: held.delegations,
    }
}
