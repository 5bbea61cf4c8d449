//! Goals of a body's plans and their follow-ups. Recorded by the secretaries of the body whose
//! plan holds the goal.

use axum::extract::State;
use domain::goal::{CorrectGoal, Goal, GoalCommand, GoalError, RecordFollowUp, SetGoal};
use domain::governing_document::GoverningDocument;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::{current_state, require_recorded_body};
use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::access::Token;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_goal))
        .routes(routes!(record_follow_up))
        .routes(routes!(correct_goal))
}

fn goal_location(goal_id: Uuid) -> String {
    format!("/api/v1/goals/{goal_id}")
}

/// The body and the plan a goal names must be in the register; `prefix` is where the goal sits
/// in the request, so that a broken rule names the field the caller sent.
async fn require_recorded_references(
    writing: &Writing,
    token: &Token,
    prefix: &str,
    goal: &SetGoal,
) -> Result<(), ApiError> {
    require_recorded_body::<GoalError>(
        &writing.register(token),
        &format!("{prefix}body_id"),
        goal.body_id,
    )
    .await?;
    let plan_document_id = goal.plan_document_id;
    writing
        .require_existing::<GoverningDocument>("document", &plan_document_id.to_string())
        .await
        .map_err(|error| match error {
            ApiError::NotFound { .. } => ApiError::rule(
                format!("{prefix}plan_document_id"),
                "document.is_recorded",
                format!("there is no document {plan_document_id}"),
            ),
            other => other,
        })
}

/// The body whose plan holds the goal now: its secretaries are the ones who keep it.
async fn body_of_goal(state: &AppState, goal_id: Uuid) -> Result<Uuid, ApiError> {
    let goal = current_state::<Goal>(&state.pool, "goal", &goal_id.to_string()).await?;
    goal.body_id().ok_or_else(|| ApiError::NotFound {
        resource: "goal",
        id: goal_id.to_string(),
    })
}

/// Records a goal of a body's plan, numbered within the plan, for a period.
#[utoipa::path(
    post,
    path = "/goals",
    tag = "goals",
    request_body = SetGoal,
    responses((status = 201, description = "The goal is recorded.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn set_goal(
    writing: Writing,
    ApiJson(command): ApiJson<SetGoal>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(command.body_id)?;
    require_recorded_references(&writing, token, "", &command).await?;
    let goal_id = Uuid::new_v4();
    let written = writing
        .execute::<Goal>(token, &goal_id.to_string(), GoalCommand::Set(command))
        .await?;
    Ok(Recorded::created(goal_location(goal_id), goal_id, written))
}

/// Records a follow-up of a goal: how far it was reached on a day, and what was done.
#[utoipa::path(
    post,
    path = "/goals/{goal_id}/follow-ups",
    tag = "goals",
    params(("goal_id" = Uuid, Path, description = "The goal's id.")),
    request_body = RecordFollowUp,
    responses((status = 200, description = "The follow-up is recorded.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn record_follow_up(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(goal_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<RecordFollowUp>,
) -> Result<Recorded, ApiError> {
    // An anonymous caller is told to authenticate before being told whether the goal exists.
    writing.caller.reader()?;
    let body_id = body_of_goal(&state, goal_id).await?;
    let token = writing.caller.secretary_of(body_id)?;
    let written = writing
        .execute::<Goal>(token, &goal_id.to_string(), GoalCommand::FollowUp(command))
        .await?;
    Ok(Recorded::changed(goal_location(goal_id), goal_id, written))
}

/// Corrects a goal recorded wrongly (rättelse): `goal` is what it should have said, with the
/// reason. Moving a goal to another body takes a secretary of both bodies.
#[utoipa::path(
    post,
    path = "/goals/{goal_id}/corrections",
    tag = "goals",
    params(("goal_id" = Uuid, Path, description = "The goal's id.")),
    request_body = CorrectGoal,
    responses((status = 200, description = "The goal is corrected.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn correct_goal(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(goal_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectGoal>,
) -> Result<Recorded, ApiError> {
    writing.caller.reader()?;
    let current_body_id = body_of_goal(&state, goal_id).await?;
    writing.caller.secretary_of(current_body_id)?;
    let token = writing.caller.secretary_of(command.goal.body_id)?;
    require_recorded_references(&writing, token, "goal.", &command.goal).await?;
    let written = writing
        .execute::<Goal>(token, &goal_id.to_string(), GoalCommand::Correct(command))
        .await?;
    Ok(Recorded::changed(goal_location(goal_id), goal_id, written))
}
