//! Governing documents of cooperations: their adoption, amendments and corrections.
//! Administrators only. Adopting one is the register's request (`register::requests`), which
//! looks up the day the cooperation was established.

use domain::governing_document::{
    AmendDocument, CorrectVersion, GoverningDocument, GoverningDocumentCommand,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::AdoptDocumentRequest;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(adopt_document))
        .routes(routes!(amend_document))
        .routes(routes!(correct_version))
}

fn document_location(document_id: Uuid) -> String {
    format!("/api/v1/documents/{document_id}")
}

/// Records a governing document of a cooperation as adopted, in force from a day.
#[utoipa::path(
    post,
    path = "/documents",
    tag = "documents",
    security(("bearer" = ["administrator"])),
    request_body = AdoptDocumentRequest,
    responses((status = 201, description = "The document is recorded as version 1.", body = Receipt,
               headers(("Location" = String, description = "The document's address."))))
)]
async fn adopt_document(
    writing: Writing,
    ApiJson(request): ApiJson<AdoptDocumentRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let document_id = writing.new_id();
    let written = writing.submit(token, document_id, request).await?;
    Ok(Recorded::created(
        document_location(document_id),
        document_id,
        written,
    ))
}

/// Records an amendment of the latest version of a document: the next version, in force from a
/// day, made by replacing, inserting or removing clauses.
#[utoipa::path(
    post,
    path = "/documents/{id}/amendments",
    tag = "documents",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The document's id.")),
    request_body = AmendDocument,
    responses((status = 200, description = "The amendment is recorded as the next version.", body = Receipt,
               headers(("Location" = String, description = "The document's address."))))
)]
async fn amend_document(
    writing: Writing,
    ApiPath(document_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<AmendDocument>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<GoverningDocument>(
            token,
            "document",
            &document_id.to_string(),
            GoverningDocumentCommand::Amend(command),
        )
        .await?;
    Ok(Recorded::changed(
        document_location(document_id),
        document_id,
        written,
    ))
}

/// Corrects a version recorded wrongly (rättelse): its effective day, and for the latest version
/// its clauses, with the reason.
#[utoipa::path(
    post,
    path = "/documents/{id}/corrections",
    tag = "documents",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The document's id.")),
    request_body = CorrectVersion,
    responses((status = 200, description = "The version is corrected.", body = Receipt,
               headers(("Location" = String, description = "The document's address."))))
)]
async fn correct_version(
    writing: Writing,
    ApiPath(document_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<CorrectVersion>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<GoverningDocument>(
            token,
            "document",
            &document_id.to_string(),
            GoverningDocumentCommand::CorrectVersion(command),
        )
        .await?;
    Ok(Recorded::changed(
        document_location(document_id),
        document_id,
        written,
    ))
}
