//! Establishing a body of a cooperation, such as its joint committee or a coordination group:
//! its kind, name, first day and the decision it rests on, found by search, as
//! `POST /api/v1/bodies` does with the register's own `EstablishBodyRequest`, which looks up the
//! day the cooperation began.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::body::BodyKind;
use projections::ReadModel;
use register::requests::EstablishBodyRequest;
use uuid::Uuid;

use super::{field_for, hits, new_id, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The form's address for cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/organ/ny")
}

/// The kinds of body, as the form offers them.
const KINDS: [(BodyKind, &str); 4] = [
    (BodyKind::Committee, "committee"),
    (BodyKind::CoordinationGroup, "coordination_group"),
    (BodyKind::SteeringGroup, "steering_group"),
    (BodyKind::Board, "board"),
];

#[derive(Template)]
#[template(path = "administrator/setup/body.html")]
struct BodyFormPage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    established_on: String,
    kinds: Vec<Choice>,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(cooperation_id): Path<Uuid>,
) -> Result<Response, WebError> {
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let mut typed = Submitted::default();
    typed.push("id", &Uuid::new_v4().to_string());
    let page = page(&signed_in, &desk, typed, Vec::new(), FieldErrors::default());
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
    let body_id = new_id(&form)?;
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(&signed_in, &desk, form, basis_hits, FieldErrors::default());
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let kind = KINDS
        .iter()
        .find(|(_, value)| *value == form.text("slag"))
        .map(|(kind, _)| *kind);
    if kind.is_none() {
        errors.add("slag", "Välj vad för slags organ det är.");
    }
    let name = errors.required(&form, "namn", "organets namn").to_owned();
    let established_on = errors.date(&form, "bildat", "dagen organet bildas");
    let basis = picked_basis(&mut errors, &form);
    let (Some(kind), Some(established_on), Some(basis), true) =
        (kind, established_on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, form, basis_hits, errors);
        return render_status(&page, 400);
    };
    let request = EstablishBodyRequest {
        cooperation_id,
        kind,
        name,
        established_on,
        basis,
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(body_id, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("/organ/{body_id}");
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Membership, ReadModel::Cooperations],
        &next,
        |refusal| {
            field_for(
                refusal,
                &[("name", "namn"), ("established_on", "bildat")],
                "namn",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            let page = page(&signed_in, &desk, form, basis_hits, errors);
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
) -> BodyFormPage {
    let kinds = KINDS
        .iter()
        .map(|(kind, value)| Choice {
            selected: typed.has("slag", value),
            label: words::body_kind(*kind).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    BodyFormPage {
        chrome: DeskChrome::new(signed_in),
        // A new body is a new stream: the form writes once by its key, whatever else happens to
        // the cooperation meanwhile.
        form: SetupForm::new(signed_in, None, typed, basis_hits, errors, false),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        established_on: desk.entry.established_on.to_string(),
        kinds,
    }
}
