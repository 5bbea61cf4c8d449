//! A cooperation's contract register imported from a spreadsheet: the CSV file is the body, as
//! a spreadsheet saved it, and the register reads, checks and imports it
//! (`register::contract_import`). Administrators only. All of the file or nothing: a refusal
//! lists every error of every row, each as its own field `rows[N].<column>`, N the row as the
//! spreadsheet numbers it, so that a client can show each error beside its cell.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::RuleViolation;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{from_register_error, Writing};
use crate::extract::{body_rejection, ApiPath, ApiQuery};
use crate::{ApiError, AppState};
use register::contract_import::{
    ContractImportPreview, ContractImportReceipt, ContractImportRefused, ContractSheet,
};
use register::RegisterError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_contracts))
}

/// Whether to import or only to say what importing would do.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContractImportParams {
    /// `true` to answer what the import would register and which rows are registered already,
    /// writing nothing.
    pub dry_run: Option<bool>,
}

/// Imports a cooperation's contract register from a spreadsheet saved as CSV: every contract of
/// the file is registered in one transaction, or none. The body is the file itself, sent as
/// `text/csv`: UTF-8 (with or without a byte order mark) or Windows-1252, as Swedish Excel's
/// "CSV (semikolonavgränsad)" saves it, with semicolons or commas between the cells.
///
/// The header row names the columns, in Swedish or English: `titel` (`title`), `kategori`
/// (`category`), `leverantör` (`supplier`), `avtalstyp` (`kind`: `ramavtal` or `avtal`),
/// `diarienummer` (`registry_number`, optional), `avropsberättigade` (`callers`: party codes
/// separated by blanks, `|` or `,`), `startdatum` (`starts_on`), `slutdatum` (`ends_on`),
/// `förlängningsoptioner` (`extension_options`, optional: the day each option extends to),
/// `beslutat_av` (`issuer`), `beslutsdatum` (`decided_on`) and `paragraf` (`reference`,
/// optional), the last three the decision each contract rests on. Dates are ÅÅÅÅ-MM-DD.
///
/// Each row's contract id is derived from the cooperation and the row's registry number, or
/// without one its title, supplier and first day, so the same file again writes nothing and
/// answers every row as registered already; a row that says something else about a contract
/// already registered is refused, to be corrected instead. A refusal is a 422 with one entry in
/// `errors` per error, `rows[N].<column>` with the column as its header is written in the file
/// (`columns.<column>` for the header row, `file` for the whole file). The operation takes no
/// `If-Match`, since it writes many contracts.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/contracts/import",
    tag = "contracts",
    security(("bearer" = ["administrator"])),
    params(
        ("id" = Uuid, Path, description = "The cooperation that holds the contracts."),
        ContractImportParams
    ),
    request_body(content = String, content_type = "text/csv",
                 description = "The CSV file, as a spreadsheet saved it."),
    responses(
        (status = 201, description = "The contracts are registered, or were already: the \
                                      receipt lists both, with the position written.",
         body = ContractImportReceipt,
         headers(("Location" = String, description = "The cooperation's contracts."))),
        (status = 200, description = "With `dry_run=true`: what the import would do. Nothing \
                                      is written.",
         body = ContractImportPreview)
    )
)]
async fn import_contracts(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    ApiQuery(params): ApiQuery<ContractImportParams>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let token = writing.caller.administrator()?;
    if writing.expected_version().is_some() {
        return Err(ApiError::MalformedParameter {
            parameter: "If-Match".to_owned(),
            reason: "an import writes many contracts and takes no If-Match; the same file again \
                     writes nothing instead"
                .to_owned(),
        });
    }
    let bytes =
        body.map_err(|rejection| body_rejection(rejection, state.settings.max_body_bytes))?;
    let sheet = ContractSheet::read(&bytes).map_err(refused)?;
    let register = writing.register(token);
    if params.dry_run.unwrap_or(false) {
        let preview = register
            .check_contract_import(cooperation_id, &sheet)
            .await
            .map_err(from_import_error)?;
        return Ok((StatusCode::OK, Json(preview)).into_response());
    }
    let receipt = register
        .import_contracts(cooperation_id, &sheet)
        .await
        .map_err(from_import_error)?;
    let mut response = (StatusCode::CREATED, Json(receipt)).into_response();
    let location = format!("/api/v1/cooperations/{cooperation_id}/contracts");
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, location);
    }
    Ok(response)
}

/// Every error of a refused sheet as its own field error, and the whole list, with where each
/// error is, as the detail.
fn refused(refusal: ContractImportRefused) -> ApiError {
    ApiError::rules(
        refusal
            .errors
            .iter()
            .map(|error| (error.field(), error.rule().to_owned())),
        refusal.to_string(),
    )
}

fn from_import_error(error: RegisterError<ContractImportRefused>) -> ApiError {
    match error {
        RegisterError::Rule(refusal) => refused(refusal),
        other => from_register_error(other),
    }
}
