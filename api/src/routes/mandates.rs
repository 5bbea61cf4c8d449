//! Mandates: what a body or a party may decide or do, the delegations of it to officials, its
//! end and its corrections. Administrators only.

use domain::mandate::{
    CorrectMandate, DelegateMandate, EndMandate, GrantMandate, Mandate, MandateCommand,
    MandateError, MandateHolder,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::require_recorded_body;
use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::Register;

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

/// A mandate held by a body must name a body the register holds; a party holder is a party of
/// some cooperation, which need not be registered on its own.
async fn require_recorded_holder(
    register: &Register,
    field: &str,
    holder: &MandateHolder,
) -> Result<(), ApiError> {
    match holder {
        MandateHolder::Body { body_id } => {
            require_recorded_body::<MandateError>(register, field, *body_id).await
        }
        MandateHolder::Party { .. } => Ok(()),
    }
}

/// Records a mandate: who holds it, the category it covers less its exclusions, its period and
/// its source.
#[utoipa::path(
    post,
    path = "/mandates",
    tag = "mandates",
    request_body = GrantMandate,
    responses((status = 201, description = "The mandate is recorded.", body = Receipt,
               headers(("Location" = String, description = "The mandate's address."))))
)]
async fn grant_mandate(
    writing: Writing,
    ApiJson(command): ApiJson<GrantMandate>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    require_recorded_holder(&writing.register(token), "holder.body_id", &command.holder).await?;
    let mandate_id = Uuid::new_v4();
    let written = writing
        .execute::<Mandate>(
            token,
            &mandate_id.to_string(),
            MandateCommand::Grant(command),
        )
        .await?;
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
    let stream_id = mandate_id.to_string();
    writing
        .require_existing::<Mandate>("mandate", &stream_id)
        .await?;
    require_recorded_holder(
        &writing.register(token),
        "grant.holder.body_id",
        &command.grant.holder,
    )
    .await?;
    let written = writing
        .execute::<Mandate>(token, &stream_id, MandateCommand::Correct(command))
        .await?;
    Ok(Recorded::changed(
        mandate_location(mandate_id),
        mandate_id,
        written,
    ))
}
