//! The compliance report of one body over a period: the auditor's list of decisions outside the
//! mandate, with quorum figures that do not hold up, posted late or not at all, not yet
//! approved, and still open to appeal on the day the report is judged on.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::body::Body;
use projections::decisions::{compliance_report, CompliancePeriod, ComplianceReport};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::{ApiPath, ApiQuery};
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(body_compliance))
}

/// The meeting days the report covers. Both are required; they are read as options so that a
/// missing one is named in the problem rather than refused by the deserializer without a name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// The first meeting day of the period, as YYYY-MM-DD.
    #[param(value_type = String, format = Date, required = true, example = "2025-01-01")]
    #[serde(default, deserialize_with = "crate::extract::optional_calendar_day")]
    pub from: Option<NaiveDate>,
    /// The last meeting day of the period, as YYYY-MM-DD, on or after `from`.
    #[param(value_type = String, format = Date, required = true, example = "2025-12-31")]
    #[serde(default, deserialize_with = "crate::extract::optional_calendar_day")]
    pub to: Option<NaiveDate>,
}

impl PeriodParams {
    /// The period, or a problem naming the parameter that is missing or out of order.
    fn period(&self) -> Result<CompliancePeriod, ApiError> {
        let from = self.from.ok_or_else(|| missing("from", "first"))?;
        let to = self.to.ok_or_else(|| missing("to", "last"))?;
        CompliancePeriod::new(from, to).map_err(|error| {
            ApiError::rule("to", "period.ends_on_or_after_start", error.to_string())
        })
    }
}

fn missing(parameter: &str, which: &str) -> ApiError {
    ApiError::MalformedParameter {
        parameter: parameter.to_owned(),
        reason: format!("give the {which} meeting day of the period as YYYY-MM-DD"),
    }
}

/// For an auditor: the body's decisions taken at meetings from `from` to `to` (both included),
/// judged on `as_of` as the register knew them at `known_at`, in six lists: outside the
/// mandate; without quorum (the recorded quorum figures checked against one another, since the
/// register refuses a decision without quorum); posted late; approved but not posted by the
/// last day to post; not yet approved; and still open to appeal on `as_of`. A revoked decision
/// stays listed, with the day it was revoked.
#[utoipa::path(
    get,
    path = "/audit/bodies/{body_id}/compliance",
    tag = "audit",
    security(("bearer" = ["auditor"])),
    params(("body_id" = Uuid, Path, description = "The body's id."), PeriodParams, ReadParams),
    responses((status = 200, description = "The compliance report.", body = ComplianceReport))
)]
async fn body_compliance(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    ApiQuery(period): ApiQuery<PeriodParams>,
    reading: Reading,
) -> Result<Json<ComplianceReport>, ApiError> {
    caller.auditor()?;
    let period = period.period()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    let report = compliance_report(&state.pool, body_id, period, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(report))
}
