//! Goals of a body's plans and their follow-ups. Recorded by the secretaries of the body whose
//! plan holds the goal. The register checks the body and plan a goal names.

use domain::goal::{CorrectGoal, Goal, GoalCommand, RecordFollowUp, SetGoal};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_goal))
        .routes(routes!(record_follow_up))
        .routes(routes!(correct_goal))
}

fn goal_location(goal_id: Uuid) -> String {
    format!("/api/v1/goals/{goal_id}")
}

/// The body whose plan holds the goal now: its secretaries are the ones who keep it. The goal is
/// looked up before the role can be checked, so an anonymous caller is told to authenticate
/// before being told whether the goal exists.
async fn body_of_goal(writing: &Writing, goal_id: Uuid) -> Result<Uuid, ApiError> {
    let reader = writing.caller.reader()?;
    writing
        .register(reader)
        .body_of_goal(goal_id)
        .await
        .map_err(from_register_error)
}

/// Records a goal of a body's plan, numbered within the plan, for a period.
#[utoipa::path(
    post,
    path = "/goals",
    tag = "goals",
    security(("bearer" = ["secretary"])),
    request_body = SetGoal,
    responses((status = 201, description = "The goal is recorded.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn set_goal(
    writing: Writing,
    ApiJson(command): ApiJson<SetGoal>,
) -> Result<Recorded, ApiError> {
    let token = writing.secretary_of(command.body_id).await?;
    let goal_id = writing.new_id();
    let written = writing.submit(token, goal_id, command).await?;
    Ok(Recorded::created(goal_location(goal_id), goal_id, written))
}

/// Records a follow-up of a goal: how far it was reached on a day, and what was done.
#[utoipa::path(
    post,
    path = "/goals/{goal_id}/follow-ups",
    tag = "goals",
    security(("bearer" = ["secretary"])),
    params(("goal_id" = Uuid, Path, description = "The goal's id.")),
    request_body = RecordFollowUp,
    responses((status = 200, description = "The follow-up is recorded.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn record_follow_up(
    writing: Writing,
    ApiPath(goal_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<RecordFollowUp>,
) -> Result<Recorded, ApiError> {
    let body_id = body_of_goal(&writing, goal_id).await?;
    let token = writing.secretary_of(body_id).await?;
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
    security(("bearer" = ["secretary"])),
    params(("goal_id" = Uuid, Path, description = "The goal's id.")),
    request_body = CorrectGoal,
    responses((status = 200, description = "The goal is corrected.", body = Receipt,
               headers(("Location" = String, description = "The goal's address."))))
)]
async fn correct_goal(
    writing: Writing,
    ApiPath(goal_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectGoal>,
) -> Result<Recorded, ApiError> {
    let current_body_id = body_of_goal(&writing, goal_id).await?;
    writing.secretary_of(current_body_id).await?;
    let token = writing.secretary_of(command.goal.body_id).await?;
    let written = writing.submit(token, goal_id, command).await?;
    Ok(Recorded::changed(goal_location(goal_id), goal_id, written))
}
