//! Transition plans: planning the replacement of a cooperation from an effective date, revising
//! the successor, the date and the steps, mapping the old cooperation's obligations, recording
//! each party's decision, and carrying the plan out. Administrators only, except the preview of
//! a carry-out, which writes nothing and any token may ask for.
//!
//! The facts a plan rests on are looked up in the register, never taken from the request: the
//! replaced cooperation's form, parties and day of establishment, and the cooperation an
//! obligation is owed under.
//!
//! Contract dispositions have no endpoint here yet: they need the contract aggregate to look up
//! a contract's cooperation.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::contract::Contract;
use domain::obligation::Obligation;
use domain::transition::{
    AddStep, ContractDisposition, DecideContractDisposition, MapObligation, ObligationMapping,
    PlanTransition, RecordPartyDecision, Reschedule, ReviseStep, ReviseSuccessor, SetStepStatus,
    StepKey, StepStatus, SuccessorPlan, Transition, TransitionCommand, TransitionError,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::{current_state, recorded_cooperation};
use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{today, ApiError, AppState};
use register::access::Token;
use register::{RegisterError, TransitionPreview};

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

/// The cooperation of the `resource` (a contract or an obligation) that a request body names by
/// `<resource>_id`. The resource is named in the body, not the path, so its absence breaks
/// `rule` on that field (422) rather than being a wrong address (404).
async fn cooperation_of_named<A: cqrs_es::Aggregate>(
    pool: &sqlx::PgPool,
    (resource, rule): (&'static str, &'static str),
    id: Uuid,
    cooperation_id: impl Fn(&A) -> Option<Uuid>,
) -> Result<Uuid, ApiError> {
    let unknown = || {
        ApiError::rule(
            format!("{resource}_id"),
            rule,
            format!("there is no {resource} {id} in the register"),
        )
    };
    let state = current_state::<A>(pool, resource, &id.to_string())
        .await
        .map_err(|error| match error {
            ApiError::NotFound { .. } => unknown(),
            other => other,
        })?;
    cooperation_id(&state).ok_or_else(unknown)
}

fn transition_location(transition_id: Uuid) -> String {
    format!("/api/v1/transitions/{transition_id}")
}

fn step_location(transition_id: Uuid, key: &StepKey) -> String {
    format!("/api/v1/transitions/{transition_id}/steps/{key}")
}

/// A plan to replace a cooperation. Its form, parties and day of establishment are looked up in
/// the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTransitionRequest {
    /// The id the plan is to have, so that a client can address it before the answer arrives;
    /// a new id when left out.
    pub transition_id: Option<Uuid>,
    /// The cooperation being replaced.
    pub cooperation_id: Uuid,
    pub successor: SuccessorPlan,
    /// The first day of the new arrangement.
    #[schema(example = "2027-01-01")]
    pub effective_on: NaiveDate,
    /// What commissioned the plan, such as RS 2025-05-06 §103.
    pub basis: LegalBasis,
}

/// Plans the replacement of a cooperation by its successor from an effective date. The plan
/// starts with the template's steps for the pair of forms.
#[utoipa::path(
    post,
    path = "/transitions",
    tag = "transitions",
    request_body = PlanTransitionRequest,
    responses((status = 201, description = "The transition is planned.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn plan_transition(
    writing: Writing,
    ApiJson(request): ApiJson<PlanTransitionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let cooperation = recorded_cooperation::<TransitionError>(
        &writing.register(token),
        "cooperation_id",
        request.cooperation_id,
    )
    .await?;
    let transition_id = request.transition_id.unwrap_or_else(Uuid::new_v4);
    let command = TransitionCommand::Plan(PlanTransition {
        cooperation_id: request.cooperation_id,
        cooperation_form: cooperation.form,
        cooperation_parties: cooperation.parties,
        cooperation_established_on: cooperation.established_on,
        successor: request.successor,
        effective_on: request.effective_on,
        basis: request.basis,
    });
    let written = writing
        .execute::<Transition>(token, &transition_id.to_string(), command)
        .await?;
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
    writing
        .require_existing::<Transition>("transition", &transition_id.to_string())
        .await?;
    record_on_plan(writing, token, transition_id, command).await
}

/// Executes a command on a plan the handler has already found, and answers with the plan's
/// address.
async fn record_on_plan(
    writing: &Writing,
    token: &Token,
    transition_id: Uuid,
    command: TransitionCommand,
) -> Result<Recorded, ApiError> {
    let written = writing
        .execute::<Transition>(token, &transition_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        transition_location(transition_id),
        transition_id,
        written,
    ))
}

/// Replaces the planned successor, for example once its agreement is drafted.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/successor",
    tag = "transitions",
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

/// A new effective date. The day the cooperation was established, which it must follow, is
/// looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    #[schema(example = "2027-07-01")]
    pub effective_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Moves the effective date.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/reschedule",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = RescheduleRequest,
    responses((status = 200, description = "The effective date is moved.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn reschedule(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<RescheduleRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let plan =
        current_state::<Transition>(&state.pool, "transition", &transition_id.to_string()).await?;
    let cooperation_id = plan.cooperation_id().ok_or_else(|| ApiError::NotFound {
        resource: "transition",
        id: transition_id.to_string(),
    })?;
    let cooperation = recorded_cooperation::<TransitionError>(
        &writing.register(token),
        "cooperation_id",
        cooperation_id,
    )
    .await?;
    record_on_plan(
        &writing,
        token,
        transition_id,
        TransitionCommand::Reschedule(Reschedule {
            effective_on: request.effective_on,
            cooperation_established_on: cooperation.established_on,
            basis: request.basis,
        }),
    )
    .await
}

/// Adds a step the template did not have.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/steps",
    tag = "transitions",
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
    state: &AppState,
    writing: &Writing,
    transition_id: Uuid,
    key: &StepKey,
) -> Result<(), ApiError> {
    // An anonymous caller is told to authenticate before being told whether the plan exists.
    writing.caller.reader()?;
    let transition =
        current_state::<Transition>(&state.pool, "transition", &transition_id.to_string()).await?;
    // A step's definition does not depend on the day, so any day shows every step.
    let has_step = transition
        .view_on(today())
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
    State(state): State<AppState>,
    writing: Writing,
    ApiPath((transition_id, key)): ApiPath<(Uuid, StepKey)>,
    ApiJson(command): ApiJson<ReviseStep>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    require_step(&state, &writing, transition_id, &key).await?;
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
    let written = writing
        .execute::<Transition>(
            token,
            &transition_id.to_string(),
            TransitionCommand::ReviseStep(command),
        )
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
    State(state): State<AppState>,
    writing: Writing,
    ApiPath((transition_id, key)): ApiPath<(Uuid, StepKey)>,
    ApiJson(request): ApiJson<StepStatusRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    require_step(&state, &writing, transition_id, &key).await?;
    let command = TransitionCommand::SetStepStatus(SetStepStatus {
        step: key.clone(),
        status: request.status,
        on: request.on,
        basis: request.basis,
    });
    let written = writing
        .execute::<Transition>(token, &transition_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        step_location(transition_id, &key),
        key,
        written,
    ))
}

/// What becomes of an obligation of the cooperation being replaced. The cooperation it is owed
/// under is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MapObligationRequest {
    pub obligation_id: Uuid,
    pub mapping: ObligationMapping,
    /// The day the mapping was decided; a later decision replaces it from its own day.
    #[schema(example = "2026-06-15")]
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Decides what becomes of an obligation of the cooperation being replaced: carried to the
/// successor, moved to one party, or ended on the effective date.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/obligation-mappings",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = MapObligationRequest,
    responses((status = 200, description = "The mapping is recorded.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn map_obligation(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<MapObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    writing
        .require_existing::<Transition>("transition", &transition_id.to_string())
        .await?;
    let obligation_id = request.obligation_id;
    let obligation_cooperation_id = cooperation_of_named::<Obligation>(
        &state.pool,
        ("obligation", "obligation.is_recorded"),
        obligation_id,
        Obligation::cooperation_id,
    )
    .await?;
    let command = TransitionCommand::MapObligation(MapObligation {
        obligation_id,
        obligation_cooperation_id,
        mapping: request.mapping,
        decided_on: request.decided_on,
        basis: request.basis,
    });
    record_on_plan(&writing, token, transition_id, command).await
}

/// What becomes of a contract of the cooperation being replaced. The cooperation that registered
/// it is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideContractDispositionRequest {
    pub contract_id: Uuid,
    pub disposition: ContractDisposition,
    /// The day the disposition was decided; a later decision replaces it from its own day.
    #[schema(example = "2026-10-01")]
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Decides what becomes of a contract of the cooperation being replaced: it continues jointly
/// under the successor, moves to one party, ends at expiry, or is procured again by a party.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/contract-dispositions",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id.")),
    request_body = DecideContractDispositionRequest,
    responses((status = 200, description = "The disposition is recorded.", body = Receipt,
               headers(("Location" = String, description = "The plan's address."))))
)]
async fn decide_contract_disposition(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(transition_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<DecideContractDispositionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    writing
        .require_existing::<Transition>("transition", &transition_id.to_string())
        .await?;
    let contract_id = request.contract_id;
    let contract_cooperation_id = cooperation_of_named::<Contract>(
        &state.pool,
        ("contract", "contract.is_recorded"),
        contract_id,
        Contract::cooperation_id,
    )
    .await?;
    let command = TransitionCommand::DecideContractDisposition(DecideContractDisposition {
        contract_id,
        contract_cooperation_id,
        disposition: request.disposition,
        decided_on: request.decided_on,
        basis: request.basis,
    });
    record_on_plan(&writing, token, transition_id, command).await
}

/// Records that a party has decided the transition, such as its council's decision to dissolve
/// the joint committee. A later decision of the same party replaces it from its own day.
#[utoipa::path(
    post,
    path = "/transitions/{transition_id}/party-decisions",
    tag = "transitions",
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
    let stream_id = transition_id.to_string();
    writing
        .require_existing::<Transition>("transition", &stream_id)
        .await?;
    let written = writing
        .register(token)
        .carry_out_transition(
            transition_id,
            today(),
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
    writing
        .require_existing::<Transition>("transition", &transition_id.to_string())
        .await?;
    let preview = writing
        .register(token)
        .preview_transition(transition_id, request.basis)
        .await
        .map_err(from_register_error)?;
    Ok(Json(preview))
}
