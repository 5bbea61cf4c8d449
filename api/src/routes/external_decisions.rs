//! Decisions of bodies outside the register, such as a party's council, recorded once so that
//! commands can cite them as their basis by id. Administrators only.

use domain::external_decision::{
    CorrectExternalDecision, ExternalDecision, ExternalDecisionCommand, ExternalDecisionError,
    RecordExternalDecision,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::Written;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_external_decision))
        .routes(routes!(correct_external_decision))
}

fn decision_location(decision_id: Uuid) -> String {
    format!("/api/v1/external-decisions/{decision_id}")
}

/// Records a decision of an outside body under the caller's decision id, which must be new to
/// the whole register because a basis cites a decision by its id alone.
#[utoipa::path(
    post,
    path = "/external-decisions",
    tag = "external-decisions",
    security(("bearer" = ["administrator"])),
    request_body = RecordExternalDecision,
    responses((status = 201, description = "The decision is recorded.", body = Receipt,
               headers(("Location" = String, description = "The decision's address."))))
)]
async fn record_external_decision(
    writing: Writing,
    ApiJson(command): ApiJson<RecordExternalDecision>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let decision_id = command.decision_id;
    let register = writing.register(token);
    // The register checks that the id is new across every kind of decision, which a plain
    // append to the decision's own stream could not.
    let position = register
        .record_external_decision(command)
        .await
        .map_err(from_register_error)?;
    let version = register
        .stream_version::<ExternalDecision, ExternalDecisionError>(&decision_id.to_string())
        .await
        .map_err(from_register_error)?;
    Ok(Recorded::created(
        decision_location(decision_id),
        decision_id,
        Written { position, version },
    ))
}

/// Corrects a decision recorded wrongly (rättelse): the whole decision as it should have been
/// recorded, and why. The original stays in the log.
#[utoipa::path(
    post,
    path = "/external-decisions/{id}/corrections",
    tag = "external-decisions",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The decision's id.")),
    request_body = CorrectExternalDecision,
    responses((status = 200, description = "The decision is corrected.", body = Receipt,
               headers(("Location" = String, description = "The decision's address."))))
)]
async fn correct_external_decision(
    writing: Writing,
    ApiPath(decision_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectExternalDecision>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<ExternalDecision>(
            token,
            "external decision",
            &decision_id.to_string(),
            ExternalDecisionCommand::Correct(command),
        )
        .await?;
    Ok(Recorded::changed(
        decision_location(decision_id),
        decision_id,
        written,
    ))
}
