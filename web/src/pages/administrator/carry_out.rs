//! Carrying a plan out: a confirmation page that shows what carrying out writes (the preview
//! beside today) and asks for the basis it cites, found by search; then the register carries it
//! out in one transaction, or refuses with every blocker that remains, each linked to its form.

use askama::Template;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use domain::transition::{Blocker, Transition, TransitionError};
use projections::transitions::readiness;
use projections::{ReadAt, ReadModel};
use register::{Actor, Register};
use serde::Deserialize;
use uuid::Uuid;

use super::plan::{basis_or, picked_basis, settle_plan_form, PlanDesk};
use super::preview::{preview_beside_today, Previewed};
use super::workbench::{read_plan, PlanRead, PlanReading, Tab};
use super::{require_administrator, workbench_path};
use crate::forms::{
    wait_until_shown, FieldErrors, Guard, Outcome, Recorder, Refusal, Settled, Submitted,
};
use crate::pages::render_status;
use crate::pages::secretary::roll::Choice;
use crate::pages::Chrome;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

/// A blocker as the confirmation lists it: the field and rule the register names, as the API's
/// `errors[]` do, and the form that resolves it.
#[derive(Debug)]
struct BlockerLine {
    field: String,
    rule: &'static str,
    text: String,
    form_path: Option<String>,
}

#[derive(Template)]
#[template(path = "administrator/carry_out.html")]
struct CarryOutPage {
    chrome: Chrome,
    heading: String,
    tabs: Vec<Tab>,
    today: NaiveDate,
    effective_on: NaiveDate,
    carried_out_on: Option<NaiveDate>,
    written_at: Option<u64>,
    blockers: Vec<BlockerLine>,
    previewed: Previewed,
    may_change: bool,
    guard: Guard,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl CarryOutPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The position a carry-out was written at, carried to the result page.
#[derive(Debug, Default, Deserialize)]
pub struct WrittenAt {
    skrivet: Option<u64>,
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
    written: Result<Query<WrittenAt>, QueryRejection>,
) -> Result<Response, WebError> {
    let plan = match read_plan(&state, &signed_in, &id, "/genomforande", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let written_at = written.ok().and_then(|Query(written)| written.skrivet);
    let page = page(
        &state,
        &signed_in,
        &plan,
        written_at,
        Submitted::default(),
        Vec::new(),
        FieldErrors::default(),
        false,
    )
    .await?;
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(transition_id): Path<Uuid>,
    body: Bytes,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = PlanDesk::open(&state, &signed_in, transition_id).await?;
    let hits = desk.basis_hits(&state, &form).await?;
    let mut errors = FieldErrors::default();
    let basis = if form.text("atgard") == "sok" {
        None
    } else {
        picked_basis(&mut errors, &form)
    };
    let Some(basis) = basis else {
        let status = if errors.is_empty() { 200 } else { 400 };
        return show_again(
            &state,
            &signed_in,
            transition_id,
            form,
            hits,
            errors,
            false,
            status,
        )
        .await;
    };
    let today = state.clock.today();
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .carry_out_transition(transition_id, today, basis, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    let base = workbench_path(transition_id);
    let field = |refusal: &Refusal| basis_or(refusal, "genomfor");
    let settled = match outcome {
        Outcome::Recorded((), position) => {
            wait_until_shown(&state, ReadModel::Transitions, position).await;
            // The result page names the position the carry-out was written at.
            return Ok(axum::response::Redirect::to(&format!(
                "{base}/genomforande?skrivet={}",
                position.get()
            ))
            .into_response());
        }
        other => settle_plan_form(&state, transition_id, "beredskap", other, field).await,
    };
    match settled {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            show_again(
                &state,
                &signed_in,
                transition_id,
                form,
                hits,
                errors,
                stale,
                status,
            )
            .await
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn show_again(
    state: &WebState,
    signed_in: &SignedIn,
    transition_id: Uuid,
    typed: Submitted,
    hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
    status: u16,
) -> Result<Response, WebError> {
    let plan = match read_plan(
        state,
        signed_in,
        &transition_id.to_string(),
        "/genomforande",
        Ok(Query(TimeBarQuery::default())),
    )
    .await?
    {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let page = page(state, signed_in, &plan, None, typed, hits, errors, stale).await?;
    render_status(&page, status)
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &WebState,
    signed_in: &SignedIn,
    plan: &PlanReading,
    written_at: Option<u64>,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> Result<CarryOutPage, WebError> {
    let base = workbench_path(plan.transition_id);
    let blockers = readiness(
        &state.pool,
        plan.transition_id,
        ReadAt::on(state.clock.today()),
    )
    .await?
    .map(|answer| answer.readiness.reasons)
    .unwrap_or_default()
    .into_iter()
    .map(|blocker| BlockerLine {
        field: blocker.field(),
        rule: blocker.rule(),
        text: blocker.to_string(),
        form_path: match &blocker {
            Blocker::BlockingStepNotDone { step } => Some(format!("{base}/steg/{step}")),
            Blocker::ContractWithoutDisposition { contract_id } => {
                Some(format!("{base}/avtal/{contract_id}"))
            }
            Blocker::ObligationWithoutMapping { obligation_id } => {
                Some(format!("{base}/ataganden/{obligation_id}"))
            }
            Blocker::PartyNotDecided { party } => Some(format!("{base}/parter/{party}")),
            Blocker::SuccessorAgreementMissing => Some(format!("{base}/samverkansavtal")),
            Blocker::NotYetEffective { .. } => None,
        },
    })
    .collect();
    let previewed = preview_beside_today(state, signed_in, plan).await?;
    let version = state_version(state, signed_in, plan.transition_id).await?;
    Ok(CarryOutPage {
        chrome: plan.chrome.clone(),
        heading: plan.heading(),
        tabs: plan.tabs("/genomforande"),
        today: state.clock.today(),
        effective_on: plan.plan.effective_on,
        carried_out_on: plan
            .plan
            .carried_out
            .as_ref()
            .map(|done| done.carried_out_on),
        written_at,
        blockers,
        previewed,
        may_change: plan.may_change,
        guard: Guard::new(version),
        typed,
        basis_hits,
        errors,
        stale,
    })
}

/// The plan's version, which the confirmation sends back as its `If-Match`.
async fn state_version(
    state: &WebState,
    signed_in: &SignedIn,
    transition_id: Uuid,
) -> Result<Option<u64>, WebError> {
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let version = register
        .stream_version::<Transition, TransitionError>(&transition_id.to_string())
        .await
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
    Ok(Some(version))
}
