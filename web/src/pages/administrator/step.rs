//! Recording where a step of a plan stands from a day, on a decision found by search. A step is
//! done only once every step it depends on is done or not applicable by the same day; the
//! register refuses it otherwise, and the form says which steps are missing.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::transition::{SetStepStatus, StepKey, StepStatus, StepView, TransitionCommand};

use super::plan::{
    basis_or, execute_on_plan, picked_basis, record_plan_form, PlanDesk, PlanForm, PlanFormAnswer,
};
use crate::forms::{FieldErrors, Guard, Refusal, Submitted};
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The statuses a step can have, as the form offers them.
const STATUSES: [(StepStatus, &str); 4] = [
    (StepStatus::NotStarted, "not_started"),
    (StepStatus::InProgress, "in_progress"),
    (StepStatus::Done, "done"),
    (StepStatus::NotApplicable, "not_applicable"),
];

#[derive(Debug)]
struct StatusChoice {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "administrator/step.html")]
struct StepPage {
    chrome: DeskChrome,
    form: PlanForm,
    title: String,
    status: &'static str,
    responsible: String,
    due_on: String,
    depends_on: Vec<String>,
    statuses: Vec<StatusChoice>,
}

/// The step `key` of the plan, or the page that says the plan has no such step.
fn step_of<'a>(desk: &'a PlanDesk, key: &str) -> Result<&'a StepView, WebError> {
    desk.view
        .steps
        .iter()
        .find(|step| step.definition.key.as_str() == key)
        .ok_or_else(|| WebError::NotFound(format!("Planen har inget steg {key}.")))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((transition_id, key)): Path<(uuid::Uuid, String)>,
) -> Result<Response, WebError> {
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let step = step_of(&desk, &key)?;
    let mut typed = Submitted::default();
    let next = match step.status {
        StepStatus::NotStarted => "in_progress",
        _ => "done",
    };
    typed.push("status", next);
    typed.push("fran", &desk.today.to_string());
    let page = page(
        &signed_in,
        &desk,
        step,
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
    Path((transition_id, key)): Path<(uuid::Uuid, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let step = step_of(&desk, &key)?;
    let hits = desk.basis_hits(&state, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            step,
            form,
            hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let status = STATUSES
        .iter()
        .find(|(_, value)| *value == form.text("status"))
        .map(|(status, _)| *status);
    if status.is_none() {
        errors.add("status", "Välj stegets läge.");
    }
    let on = errors.date(&form, "fran", "dagen steget har detta läge från");
    let basis = picked_basis(&mut errors, &form);
    let (Some(status), Some(on), Some(basis), true) = (status, on, basis, errors.is_empty()) else {
        let page = page(&signed_in, &desk, step, form, hits, errors, false);
        return render_status(&page, 400);
    };
    let command = TransitionCommand::SetStepStatus(SetStepStatus {
        step: step.definition.key.clone(),
        status,
        on,
        basis,
    });
    record_plan_form(
        &state,
        &signed_in,
        guard,
        transition_id,
        |register, version| execute_on_plan(register, transition_id, command, version),
        PlanFormAnswer {
            anchor: &format!("steg-{key}"),
            field_of: |refusal: &Refusal| basis_or(refusal, "status"),
            show: |desk: &PlanDesk, errors, stale| {
                Ok(page(
                    &signed_in,
                    desk,
                    step_of(desk, &key)?,
                    form,
                    hits,
                    errors,
                    stale,
                ))
            },
        },
    )
    .await
}

fn page(
    signed_in: &SignedIn,
    desk: &PlanDesk,
    step: &StepView,
    typed: Submitted,
    basis_hits: Vec<crate::pages::secretary::roll::Choice>,
    errors: FieldErrors,
    stale: bool,
) -> StepPage {
    let title_of = |key: &StepKey| {
        desk.view
            .steps
            .iter()
            .find(|step| &step.definition.key == key)
            .map_or_else(
                || key.to_string(),
                |step| {
                    format!(
                        "{} ({})",
                        step.definition.title,
                        words::step_status(step.status).to_lowercase()
                    )
                },
            )
    };
    StepPage {
        title: step.definition.title.clone(),
        status: words::step_status(step.status),
        responsible: step
            .definition
            .responsible
            .as_ref()
            .map_or_else(|| "–".to_owned(), |code| desk.names.party(code.as_str())),
        due_on: step
            .definition
            .due_on
            .map_or_else(|| "–".to_owned(), |day| day.to_string()),
        depends_on: step.definition.depends_on.iter().map(title_of).collect(),
        statuses: STATUSES
            .iter()
            .map(|(status, value)| StatusChoice {
                value,
                label: words::step_status(*status),
            })
            .collect(),
        chrome: DeskChrome::new(signed_in),
        form: desk.form(signed_in, typed, basis_hits, errors, stale),
    }
}
