//! Parties (municipalities and regions) and their population figures. Administrators only. The
//! register checks that a figure's party is recorded.

use axum::extract::State;
use chrono::NaiveDate;
use domain::party::{
    CorrectPopulation, Party, PartyCommand, PopulationCommand, PopulationFigure, RegisterParty,
};
use domain::PartyCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::PopulationFigureRequest;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_party))
        .routes(routes!(record_population))
        .routes(routes!(correct_population))
}

fn party_location(code: &PartyCode) -> String {
    format!("/api/v1/parties/{code}")
}

fn figure_location(code: &PartyCode, reference_date: NaiveDate) -> String {
    format!("/api/v1/parties/{code}/population-figures/{reference_date}")
}

/// Registers a party under its official code: a municipality (four digits) or a region (two).
#[utoipa::path(
    post,
    path = "/parties",
    tag = "parties",
    security(("bearer" = ["administrator"])),
    request_body = RegisterParty,
    responses((status = 201, description = "The party is registered.", body = Receipt,
               headers(("Location" = String, description = "The party's address."))))
)]
async fn register_party(
    State(_state): State<AppState>,
    writing: Writing,
    ApiJson(command): ApiJson<RegisterParty>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let code = command.code.clone();
    let written = writing
        .execute::<Party>(token, code.as_str(), PartyCommand::Register(command))
        .await?;
    Ok(Recorded::created(party_location(&code), &code, written))
}

/// Records a party's population on a reference date; cost allocation keys read it.
#[utoipa::path(
    post,
    path = "/parties/{code}/population-figures",
    tag = "parties",
    security(("bearer" = ["administrator"])),
    params(("code" = String, Path, description = "The party's official code.", example = "2062")),
    request_body = PopulationFigureRequest,
    responses((status = 201, description = "The figure is recorded.", body = Receipt,
               headers(("Location" = String, description = "The figure's address."))))
)]
async fn record_population(
    writing: Writing,
    ApiPath(code): ApiPath<PartyCode>,
    ApiJson(request): ApiJson<PopulationFigureRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let reference_date = request.reference_date;
    let written = writing.submit(token, code.clone(), request).await?;
    Ok(Recorded::created(
        figure_location(&code, reference_date),
        PopulationFigure::stream_id(&code, reference_date),
        written,
    ))
}

/// Corrects a recorded population figure, with the reason.
#[utoipa::path(
    post,
    path = "/parties/{code}/population-figures/{reference_date}/corrections",
    tag = "parties",
    security(("bearer" = ["administrator"])),
    params(
        ("code" = String, Path, description = "The party's official code.", example = "2062"),
        ("reference_date" = String, Path, format = Date, description = "The figure's reference date.", example = "2020-12-31"),
    ),
    request_body = CorrectPopulation,
    responses((status = 200, description = "The figure is corrected.", body = Receipt,
               headers(("Location" = String, description = "The figure's address."))))
)]
async fn correct_population(
    writing: Writing,
    ApiPath((code, reference_date)): ApiPath<(PartyCode, NaiveDate)>,
    ApiJson(command): ApiJson<CorrectPopulation>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = PopulationFigure::stream_id(&code, reference_date);
    let written = writing
        .execute_existing::<PopulationFigure>(
            token,
            "population figure",
            &stream_id,
            PopulationCommand::Correct(command),
        )
        .await?;
    Ok(Recorded::changed(
        figure_location(&code, reference_date),
        &stream_id,
        written,
    ))
}
