//! Mandates: what a body or a party may decide or do, the delegations of it to officials, its
//! end and its corrections. Administrators only. The register checks that a body holding a
//! mandate is recorded.

use domain::mandate::{
    CorrectMandate, DelegateMandate, EndMandate, GrantMandate, Mandate, MandateCommand,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(grant_mandate))
        .routes(routes!(delegate_mandate))
        .routes(routes!(end_mandate))
        .routes(routes!(correct_mandate))
}

fn mandate_location(mandate_id: Uuid) -> String {
    format!("/api/v1/mandates/{mandate_id}")
}

/// Records a mandate: who holds it, the category it covers less its exclusions, its period and
/// its source.
#[utoipa::path(
    post,
    path = "/mandates",
    tag = "mandates",
    security(("bearer" = ["administrator"])),
    request_body = GrantMandate,
    responses((status = 201, description = "The mandate is recorded.", body = Receipt,
               headers(("Location" = String, description = "The mandate's address."))))
)]
async fn grant_mandate(
    writing: Writing,
    ApiJson(command): ApiJson<GrantMandate>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let mandate_id = writing.new_id();
    let written = writing.submit(token, mandate_id, command).await?;
    Ok(Recorded::created(
        mandate_location(mandate_id),
        mandate_id,
        written,
    ))
}

/// Delegates part of a mandate to an official, under the delegation id the caller chose.
#[utoipa::path(
    post,
    path = "/mandates/{mandate_id}/delegations",
    tag = "mandates",
    security(("bearer" = ["administrator"])),
    params(("mandate_id" = Uuid, Path, description = "The mandate's id.")),
    request_body = DelegateMandate,
    responses((status = 201, description = "The delegation is recorded.", body = Receipt,
               headers(("Location" = String, description = "The delegation's address."))))
)]
async fn delegate_mandate(
    writing: Writing,
    ApiPath(mandate_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<DelegateMandate>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let delegation_id = command.delegation_id;
    let written = writing
        .execute_existing::<Mandate>(
            token,
            "mandate",
            &mandate_id.to_string(),
            MandateCommand::Delegate(command),
        )
        .await?;
    Ok(Recorded::created(
        format!("/api/v1/mandates/{mandate_id}/delegations/{delegation_id}"),
        delegation_id,
        written,
    ))
}

/// Ends a mandate after its last day, earlier than granted, for example when its body is
/// dissolved.
#[utoipa::path(
    post,
    path = "/mandates/{mandate_id}/end",
    tag = "mandates",
    security(("bearer" = ["administrator"])),
    params(("mandate_id" = Uuid, Path, description = "The mandate's id.")),
    request_body = EndMandate,
    responses((status = 200, description = "The mandate's end is recorded.", body = Receipt,
               headers(("Location" = String, description = "The mandate's address."))))
)]
async fn end_mandate(
    writing: Writing,
    ApiPath(mandate_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<EndMandate>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Mandate>(
            token,
            "mandate",
            &mandate_id.to_string(),
            MandateCommand::End(command),
        )
        .await?;
    Ok(Recorded::changed(
        mandate_location(mandate_id),
        mandate_id,
        written,
    ))
}

/// Corrects a grant recorded wrongly (rättelse): `grant` is what it should have said, with the
/// reason.
#[utoipa::path(
    post,
    path = "/mandates/{mandate_id}/corrections",
    tag = "mandates",
    security(("bearer" = ["administrator"])),
    params(("mandate_id" = Uuid, Path, description = "The mandate's id.")),
    request_body = CorrectMandate,
    responses((status = 200, description = "The grant is corrected.", body = Receipt,
               headers(("Location" = String, description = "The mandate's address."))))
)]
async fn correct_mandate(
    writing: Writing,
    ApiPath(mandate_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectMandate>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, mandate_id, command).await?;
    Ok(Recorded::changed(
        mandate_location(mandate_id),
        mandate_id,
        written,
    ))
}
