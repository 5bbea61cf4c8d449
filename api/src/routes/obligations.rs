//! Obligations: what a party owes under a cooperation, and their closure and corrections.
//! Administrators only. The requests are the register's own (`register::requests`), which looks
//! up the cooperation's parties, never sent.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::{CloseObligationRequest, CorrectObligationRequest, ObligationRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_obligation))
        .routes(routes!(close_obligation))
        .routes(routes!(correct_obligation))
}

fn obligation_location(obligation_id: Uuid) -> String {
    format!("/api/v1/obligations/{obligation_id}")
}

/// Records what a party owes under a cooperation, to whom, for which period and when due.
#[utoipa::path(
    post,
    path = "/obligations",
    tag = "obligations",
    security(("bearer" = ["administrator"])),
    request_body = ObligationRequest,
    responses((status = 201, description = "The obligation is recorded, open.", body = Receipt,
               headers(("Location" = String, description = "The obligation's address."))))
)]
async fn record_obligation(
    writing: Writing,
    ApiJson(request): ApiJson<ObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let obligation_id = writing.new_id();
    let written = writing.submit(token, obligation_id, request).await?;
    Ok(Recorded::created(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}

/// Closes an open obligation: fulfilled, waived, transferred to another party, or ended.
#[utoipa::path(
    post,
    path = "/obligations/{obligation_id}/closure",
    tag = "obligations",
    security(("bearer" = ["administrator"])),
    params(("obligation_id" = Uuid, Path, description = "The obligation's id.")),
    request_body = CloseObligationRequest,
    responses((status = 200, description = "The obligation is closed.", body = Receipt,
               headers(("Location" = String, description = "The obligation's address."))))
)]
async fn close_obligation(
    writing: Writing,
    ApiPath(obligation_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CloseObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, obligation_id, request).await?;
    Ok(Recorded::changed(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}

/// Corrects an obligation recorded wrongly (rättelse): `record` is what it should have said,
/// with the reason.
#[utoipa::path(
    post,
    path = "/obligations/{obligation_id}/corrections",
    tag = "obligations",
    security(("bearer" = ["administrator"])),
    params(("obligation_id" = Uuid, Path, description = "The obligation's id.")),
    request_body = CorrectObligationRequest,
    responses((status = 200, description = "The obligation is corrected.", body = Receipt,
               headers(("Location" = String, description = "The obligation's address."))))
)]
async fn correct_obligation(
    writing: Writing,
    ApiPath(obligation_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CorrectObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, obligation_id, request).await?;
    Ok(Recorded::changed(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}
