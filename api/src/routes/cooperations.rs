//! Cooperations: their establishment, the parties admitted later, their dissolution and
//! corrections of what was recorded. Administrators only.

use domain::cooperation::{
    AdmitParty, Cooperation, CooperationCommand, CorrectEstablishment, DecideDissolution,
    EstablishCooperation,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(establish_cooperation))
        .routes(routes!(admit_party))
        .routes(routes!(decide_dissolution))
        .routes(routes!(correct_establishment))
}

fn cooperation_location(cooperation_id: Uuid) -> String {
    format!("/api/v1/cooperations/{cooperation_id}")
}

/// Records that a cooperation exists from a date, with its founding parties and its host.
#[utoipa::path(
    post,
    path = "/cooperations",
    tag = "cooperations",
    security(("bearer" = ["administrator"])),
    request_body = EstablishCooperation,
    responses((status = 201, description = "The cooperation is established.", body = Receipt,
               headers(("Location" = String, description = "The cooperation's address."))))
)]
async fn establish_cooperation(
    writing: Writing,
    ApiJson(command): ApiJson<EstablishCooperation>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let cooperation_id = writing.new_id();
    let written = writing
        .execute::<Cooperation>(
            token,
            &cooperation_id.to_string(),
            CooperationCommand::Establish(command),
        )
        .await?;
    Ok(Recorded::created(
        cooperation_location(cooperation_id),
        cooperation_id,
        written,
    ))
}

/// Records that a party joins the cooperation from a date.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/parties",
    tag = "cooperations",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The cooperation's id.")),
    request_body = AdmitParty,
    responses((status = 200, description = "The party is admitted.", body = Receipt,
               headers(("Location" = String, description = "The cooperation's address."))))
)]
async fn admit_party(
    writing: Writing,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<AdmitParty>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Cooperation>(
            token,
            "cooperation",
            &cooperation_id.to_string(),
            CooperationCommand::AdmitParty(command),
        )
        .await?;
    Ok(Recorded::changed(
        cooperation_location(cooperation_id),
        cooperation_id,
        written,
    ))
}

/// Records that the parties decided to dissolve the cooperation, and from which day it is gone.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/dissolution",
    tag = "cooperations",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The cooperation's id.")),
    request_body = DecideDissolution,
    responses((status = 200, description = "The dissolution is recorded.", body = Receipt,
               headers(("Location" = String, description = "The cooperation's address."))))
)]
async fn decide_dissolution(
    writing: Writing,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<DecideDissolution>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Cooperation>(
            token,
            "cooperation",
            &cooperation_id.to_string(),
            CooperationCommand::DecideDissolution(command),
        )
        .await?;
    Ok(Recorded::changed(
        cooperation_location(cooperation_id),
        cooperation_id,
        written,
    ))
}

/// Corrects the recorded establishment (rättelse): the whole establishment as it should have
/// been recorded, and why. The original stays in the log.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/corrections",
    tag = "cooperations",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The cooperation's id.")),
    request_body = CorrectEstablishment,
    responses((status = 200, description = "The establishment is corrected.", body = Receipt,
               headers(("Location" = String, description = "The cooperation's address."))))
)]
async fn correct_establishment(
    writing: Writing,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectEstablishment>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Cooperation>(
            token,
            "cooperation",
            &cooperation_id.to_string(),
            CooperationCommand::CorrectEstablishment(command),
        )
        .await?;
    Ok(Recorded::changed(
        cooperation_location(cooperation_id),
        cooperation_id,
        written,
    ))
}
