//! Cost allocation: allocation keys of agreement versions, budgets per cooperation and year, and
//! each party's share. Administrators write; any token reads. The cooperation's parties and
//! founding day, the agreement's cooperation, kind and versions, and the keys a version already
//! has are looked up in the register, never sent: the requests that need them are the register's
//! own (`register::requests`).

use axum::extract::State;
use axum::Json;
use domain::allocation::{Budget, BudgetCommand, BudgetLine, CorrectBudget, ReviseBudget};
use domain::cooperation::Cooperation;
use domain::{LegalBasis, RuleViolation};
use projections::allocation::{cost_shares, CostSharesError, CostSharesView};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::command::{Recorded, Writing};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::reading::{from_query_error, ReadParams};
use crate::{ApiError, AppState};
use register::requests::{AllocationKeyRequest, BudgetRequest, CorrectAllocationKeyRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(adopt_allocation_key))
        .routes(routes!(correct_allocation_key))
        .routes(routes!(adopt_budget))
        .routes(routes!(revise_budget))
        .routes(routes!(correct_budget))
        .routes(routes!(budget_cost_shares))
}

fn key_location(key_id: Uuid) -> String {
    format!("/api/v1/allocation-keys/{key_id}")
}

fn budget_location(cooperation_id: Uuid, year: i32) -> String {
    format!("/api/v1/cooperations/{cooperation_id}/budgets/{year}")
}

/// Adopts the allocation key of a version of a cooperation agreement.
#[utoipa::path(
    post,
    path = "/allocation-keys",
    tag = "allocation",
    security(("bearer" = ["administrator"])),
    request_body = AllocationKeyRequest,
    responses((status = 201, description = "The key is adopted.", body = crate::command::Receipt,
               headers(("Location" = String, description = "The key's address."))))
)]
async fn adopt_allocation_key(
    writing: Writing,
    ApiJson(request): ApiJson<AllocationKeyRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let key_id = writing.new_id();
    let written = writing.submit(token, key_id, request).await?;
    Ok(Recorded::created(key_location(key_id), key_id, written))
}

/// Corrects an allocation key recorded wrongly (rättelse).
#[utoipa::path(
    post,
    path = "/allocation-keys/{key_id}/corrections",
    tag = "allocation",
    security(("bearer" = ["administrator"])),
    params(("key_id" = Uuid, Path, description = "The key's id.")),
    request_body = CorrectAllocationKeyRequest,
    responses((status = 200, description = "The key is corrected.", body = crate::command::Receipt,
               headers(("Location" = String, description = "The key's address."))))
)]
async fn correct_allocation_key(
    writing: Writing,
    ApiPath(key_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CorrectAllocationKeyRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing.submit(token, key_id, request).await?;
    Ok(Recorded::changed(key_location(key_id), key_id, written))
}

/// Adopts the cooperation's budget for a year. The cooperation's founding day is looked up.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/budgets",
    tag = "allocation",
    security(("bearer" = ["administrator"])),
    params(("id" = Uuid, Path, description = "The cooperation's id.")),
    request_body = BudgetRequest,
    responses((status = 201, description = "The budget is adopted.", body = crate::command::Receipt,
               headers(("Location" = String, description = "The budget's address."))))
)]
async fn adopt_budget(
    writing: Writing,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<BudgetRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let year = request.year;
    let written = writing.submit(token, cooperation_id, request).await?;
    Ok(Recorded::created(
        budget_location(cooperation_id, year),
        Budget::stream_id(cooperation_id, year),
        written,
    ))
}

/// A revised budget for the same year, with all its lines.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviseBudgetRequest {
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// Records a revised budget for the year: the next revision replaces the lines.
#[utoipa::path(
    post,
    path = "/cooperations/{id}/budgets/{year}/revisions",
    tag = "allocation",
    security(("bearer" = ["administrator"])),
    params(
        ("id" = Uuid, Path, description = "The cooperation's id."),
        ("year" = i32, Path, description = "The budget year.")
    ),
    request_body = ReviseBudgetRequest,
    responses((status = 200, description = "The budget is revised.", body = crate::command::Receipt,
               headers(("Location" = String, description = "The budget's address."))))
)]
async fn revise_budget(
    writing: Writing,
    ApiPath((cooperation_id, year)): ApiPath<(Uuid, i32)>,
    ApiJson(request): ApiJson<ReviseBudgetRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = Budget::stream_id(cooperation_id, year);
    let command = BudgetCommand::Revise(ReviseBudget {
        lines: request.lines,
        basis: request.basis,
    });
    let written = writing
        .execute_existing::<Budget>(token, "budget", &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        budget_location(cooperation_id, year),
        stream_id,
        written,
    ))
}

/// The lines the current revision should have said, and why.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectBudgetRequest {
    pub lines: Vec<BudgetLine>,
    /// Why the original was wrong.
    pub reason: String,
}

/// Corrects the budget's current revision, recorded wrongly (rättelse).
#[utoipa::path(
    post,
    path = "/cooperations/{id}/budgets/{year}/corrections",
    tag = "allocation",
    security(("bearer" = ["administrator"])),
    params(
        ("id" = Uuid, Path, description = "The cooperation's id."),
        ("year" = i32, Path, description = "The budget year.")
    ),
    request_body = CorrectBudgetRequest,
    responses((status = 200, description = "The budget is corrected.", body = crate::command::Receipt,
               headers(("Location" = String, description = "The budget's address."))))
)]
async fn correct_budget(
    writing: Writing,
    ApiPath((cooperation_id, year)): ApiPath<(Uuid, i32)>,
    ApiJson(request): ApiJson<CorrectBudgetRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = Budget::stream_id(cooperation_id, year);
    let command = BudgetCommand::Correct(CorrectBudget {
        lines: request.lines,
        reason: request.reason,
    });
    let written = writing
        .execute_existing::<Budget>(token, "budget", &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        budget_location(cooperation_id, year),
        stream_id,
        written,
    ))
}

/// What the cooperation's budget for `year` charges each party, under the key of the cooperation
/// agreement version in force on 1 January of that year, as the register knew it at `known_at`.
/// The answer is one document, so `cursor` and `limit` do not apply.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/budgets/{year}/cost-shares",
    tag = "allocation",
    params(
        ("id" = Uuid, Path, description = "The cooperation's id."),
        ("year" = i32, Path, description = "The budget year."),
        ReadParams
    ),
    responses((status = 200, description = "Each party's share, with the budget, key and population figures used.", body = CostSharesView))
)]
async fn budget_cost_shares(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((cooperation_id, year)): ApiPath<(Uuid, i32)>,
    ApiQuery(params): ApiQuery<ReadParams>,
) -> Result<Json<CostSharesView>, ApiError> {
    caller.reader()?;
    let (read_at, _) = params.read_at(state.clock.today())?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    let answer = cost_shares(&state.pool, cooperation_id, year, read_at)
        .await
        .map_err(|error| match error {
            CostSharesError::Query(error) => from_query_error(error, &params),
            CostSharesError::NoBudget { .. } => ApiError::NotFound {
                resource: "budget",
                id: format!("{cooperation_id}/{year}"),
            },
            CostSharesError::NoAgreementInForce { .. } => {
                ApiError::rule("year", "allocation.agreement_in_force", error.to_string())
            }
            CostSharesError::NoKeyForAgreementVersion { .. } => ApiError::rule(
                "year",
                "allocation.key_for_agreement_version",
                error.to_string(),
            ),
            // The year is the parameter the caller chose; the rule says what it lacks.
            CostSharesError::Allocation(allocation) => {
                ApiError::rule("year", allocation.rule(), allocation.to_string())
            }
        })?;
    Ok(Json(answer))
}
