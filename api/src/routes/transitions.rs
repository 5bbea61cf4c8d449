//! Transition plans: planning the replacement of a cooperation from an effective date, revising
//! the successor, the date and the steps, mapping the old cooperation's obligations, recording
//! each party's decision, and carrying the plan out. Administrators only, except the preview of
//! a carry-out, which writes nothing and any token may ask for.
//!
//! The facts a plan rests on are looked up in the register, never taken from the request: the
//! replaced cooperation's form, parties and day of establishment, and the cooperation an
//! obligation is owed under or a contract was registered by. The requests that need them are the
//! register's own (`register::requests`).

use axum::Json;
use chrono::NaiveDate;
use domain::transition::{
    AddStep, RecordPartyDecision, ReviseStep, ReviseSuccessor, SetStepStatus, StepKey, StepStatus,
    Transition, TransitionCommand, TransitionError,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::{
    DecideContractDispositionRequest, MapObligationRequest, PlanTransitionRequest,
    RescheduleRequest,
};
use register::{RegisterError, TransitionPreview, Written};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(plan_transition))
        .routes(routes!(revise_successor))
        .routes(routes!(reschedule))
        .routes(routes!(add_step))
        .routes(routes!(revise_step))
        .routes(routes!(set_step_status))
        .routes(routes!(map_obligation))
        .routes(routes!(decide_contract_disposition))
        .routes(routes!(record_party_decision))
        .routes(routes!(carry_out))
        .routes(routes!(preview_carry_out))
}

fn transition_location(transition_id: Uuid) -> String {
    format!("/api/v1/transitions/{transition_id}")
}

fn step_location(transition_id: Uuid, key: &StepKey) -> String {
    format!("/api/v1/transitions/{transition_id}/steps/{key}")
}

/// Plans the replacement of a cooperation by its successor from an effective date. The plan
/// starts with the template's steps for the pair of forms.
#[utoipa::path(
    post,
    path = "/transitions",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    request_body = PlanTransitionRequest,
    responses((status = 201, description = "The transition is planned.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn plan_transition(
    writing: Writing,
    ApiJson(request): ApiJson<PlanTransitionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let transition_id = request.transition_id.unwrap_or_else(|| writing.new_id());
    let written = writing.submit(token, transition_id, request).await?;
    Ok(Recorded::created(
        transition_location(transition_id),
        transition_id,
        written,
    ))
}

/// Executes a command on a plan that must exist and answers with the plan's address.
async fn change_plan(
    writing: &Writing,
    transition_id: Uuid,
    command: TransitionCommand,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Transition>(token, "transition", &transition_id.to_string(), command)
        .await?;
    Ok(plan_changed(transition_id, written))
}

/// The answer to a command that changed a plan: the plan's address.
fn plan_changed(transition_id: Uuid, written: Written) -> Recorded {
    Recorded::changed(transition_location(transition_id), transition_id, written)
}

/// Replaces the planned successor, for example once its agreement is drafted.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/successor",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = ReviseSuccessor,
    responses((status = 200, description = "The successor is revised.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn revise_successor(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<ReviseSuccessor>,
) -> Result<Recorded, ApiError> {
    change_plan(
        &writing,
        transition_id,
        TransitionCommand::ReviseSuccessor(command),
    )
    .await
}

/// Moves the effective date.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/reschedule",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = RescheduleRequest,
    responses((status = 200, description = "The effective date is moved.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn reschedule(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<RescheduleRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, transition_id, request).await?;
    Ok(plan_changed(transition_id, written))
}

/// Adds a step the template did not have.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/steps",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = AddStep,
    responses((status = 201, description = "The step is added; the receipt's id is its key.",
               body = Receipt,
               headers(("Location" = String, description = "The step's address."))))
)]
async fn add_step(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<AddStep>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let key = command.step.key.clone();
    let written = writing
        .execute_existing::<Transition>(
            token,
            "transition",
            &transition_id.to_string(),
            TransitionCommand::AddStep(command),
        )
        .await?;
    Ok(Recorded::created(
        step_location(transition_id, &key),
        key,
        written,
    ))
}

/// Refuses a step key in the path that the plan does not have: the address is wrong, so a 404,
/// as for an unknown plan. Answers 404 for an unknown plan too.
async fn require_step(
    writing: &Writing,
    transition_id: Uuid,
    key: &StepKey,
) -> Result<(), ApiError> {
    // An anonymous caller is told to authenticate before being told whether the plan exists.
    let reader = writing.caller.reader()?;
    let transition = writing
        .register(reader)
        .transition_plan(transition_id)
        .await
        .map_err(from_register_error)?;
    // A step's definition does not depend on the day, so any day shows every step.
    let has_step = transition
        .view_on(writing.today())
        .is_some_and(|plan| plan.steps.iter().any(|step| &step.definition.key == key));
    if has_step {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            resource: "step",
            id: format!("{key} of transition {transition_id}"),
        })
    }
}

/// Replaces what a step says: title, responsible party, due date, dependencies, blocking. The
/// body's `step.key` must be the key in the path: a key is never renamed.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/steps/{key}",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(
        ("transition_id" = Uuid, Path, description = "The plan's id."),
        ("key" = String, Path, description = "The step's key.", example = "council-decisions"),
    ),
    request_body = ReviseStep,
    responses((status = 200, description = "The step is revised; the receipt's id is its key.",
               body = Receipt,
               headers(("Location" = String, description = "The step's address."))))
)]
async fn revise_step(
    writing: Writing,
    ApiPath((transition_id, key)): ApiPath<(Uuid, StepKey)>,
    ApiJson(command): ApiJson<ReviseStep>,
) -> Result<Recorded, ApiError> {
    writing.caller.administrator()?;
    if command.step.key != key {
        return Err(ApiError::rule(
            "step.key",
            "transition.step_key_is_the_address",
            format!(
                "the body revises step {}, but the address names step {key}; a step's key \
                 cannot change",
                command.step.key
            ),
        ));
    }
    change_step(
        &writing,
        transition_id,
        key,
        TransitionCommand::ReviseStep(command),
    )
    .await
}

/// Executes `command` on the step `key` of a plan that must hold it, as an administrator, and
/// answers with the step's address: what revising a step and setting its status share.
async fn change_step(
    writing: &Writing,
    transition_id: Uuid,
    key: StepKey,
    command: TransitionCommand,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    require_step(writing, transition_id, &key).await?;
    let written = writing
        .execute::<Transition>(token, &transition_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        step_location(transition_id, &key),
        key,
        written,
    ))
}

/// A step's status from a day, on a basis. The step is the one in the path.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepStatusRequest {
    pub status: StepStatus,
    /// The day the step has this status from.
    #[schema(example = "2025-11-30")]
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// Records that a step has a status from a day. A step is done only once every step it depends
/// on is done or not applicable by the same day.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/steps/{key}/status",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(
        ("transition_id" = Uuid, Path, description = "The plan's id."),
        ("key" = String, Path, description = "The step's key.", example = "council-decisions"),
    ),
    request_body = StepStatusRequest,
    responses((status = 200, description = "The status is recorded; the receipt's id is the step's key.",
               body = Receipt,
               headers(("Location" = String, description = "The step's address."))))
)]
async fn set_step_status(
    writing: Writing,
    ApiPath((transition_id, key)): ApiPath<(Uuid, StepKey)>,
    ApiJson(request): ApiJson<StepStatusRequest>,
) -> Result<Recorded, ApiError> {
    let command = TransitionCommand::SetStepStatus(SetStepStatus {
        step: key.clone(),
        status: request.status,
        on: request.on,
        basis: request.basis,
    });
    change_step(&writing, transition_id, key, command).await
}

/// Decides what becomes of an obligation of the cooperation being replaced: carried to the
/// successor, moved to one party, or ended on the effective date.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/obligation-mappings",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = MapObligationRequest,
    responses((status = 200, description = "The mapping is recorded.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn map_obligation(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<MapObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, transition_id, request).await?;
    Ok(plan_changed(transition_id, written))
}

/// Decides what becomes of a contract of the cooperation being replaced: it continues jointly
/// under the successor, moves to one party, ends at expiry, or is procured again by a party.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/contract-dispositions",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = DecideContractDispositionRequest,
    responses((status = 200, description = "The disposition is recorded.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn decide_contract_disposition(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<DecideContractDispositionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, transition_id, request).await?;
    Ok(plan_changed(transition_id, written))
}

/// Records that a party has decided the transition, such as its council's decision to dissolve
/// the joint committee. A later decision of the same party replaces it from its own day.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/party-decisions",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = RecordPartyDecision,
    responses((status = 200, description = "The party's decision is recorded.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn record_party_decision(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<RecordPartyDecision>,
) -> Result<Recorded, ApiError> {
    change_plan(
        &writing,
        transition_id,
        TransitionCommand::RecordPartyDecision(command),
    )
    .await
}

/// What carrying out, or its preview, rests on.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarryOutRequest {
    /// Such as the clause of the new agreement on when it takes effect.
    pub basis: LegalBasis,
}

/// A carry-out the plan refuses: every blocker is its own field error, so that a client can show
/// each beside the thing to fix; any other refusal reads as usual.
fn from_carry_out_error(error: RegisterError<TransitionError>) -> ApiError {
    match error {
        RegisterError::Rule(TransitionError::NotReady { ref blockers }) => ApiError::rules(
            blockers
                .iter()
                .map(|blocker| (blocker.field(), blocker.rule().to_owned())),
            error.to_string(),
        ),
        other => from_register_error(other),
    }
}

/// Carries the transition out as of today by the server's clock: the old cooperation, its bodies,
/// their memberships and mandates end on the day before the effective date, its obligations are
/// closed or carried as mapped, and the successor is established with its agreement, all in one
/// transaction. Refused with every blocker while anything blocks it, including a day before the
/// effective date.
///
/// An `If-Match` version is compared with the plan before the carry-out is decided; a write to
/// the plan that lands between that check and the carry-out's own read is not caught by it.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/carry-out",
    tag = "transitions",
    security(("bearer" = ["administrator"])),
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = CarryOutRequest,
    responses((status = 200, description = "The transition is carried out; the receipt is the plan's.",
               body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn carry_out(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CarryOutRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let register = writing.register(token);
    register
        .transition_plan(transition_id)
        .await
        .map_err(from_register_error)?;
    let written = register
        .carry_out_transition(
            transition_id,
            writing.today(),
            request.basis,
            writing.expected_version(),
        )
        .await
        .map_err(from_carry_out_error)?;
    Ok(Recorded::changed(
        transition_location(transition_id),
        transition_id,
        written,
    ))
}

/// Previews carrying the transition out on its effective date with this basis: the arrangement
/// the register would show that day (the old bodies' membership, each party's mandates and
/// obligations, the successor's obligations) and what would still block it. Nothing is written.
///
/// It is a POST, not a GET, because it previews one exact carry-out command: the body is that
/// command's basis, which the events the preview proposes carry. Any token may ask for it.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/preview",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = CarryOutRequest,
    responses((status = 200, description = "What carrying out would bring about; nothing is written.",
               body = TransitionPreview))
)]
async fn preview_carry_out(
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CarryOutRequest>,
) -> Result<Json<TransitionPreview>, ApiError> {
    let token = writing.caller.reader()?;
    let register = writing.register(token);
    register
        .transition_plan(transition_id)
        .await
        .map_err(from_register_error)?;
    let preview = register
        .preview_transition(transition_id, request.basis)
        .await
        .map_err(from_register_error)?;
    Ok(Json(preview))
}
