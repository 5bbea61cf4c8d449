//! `/audit/verify`: the online verification as a summary, for auditors. The same walk and report
//! as `samverkan verify`, so the API and the command line cannot disagree.

use axum::extract::State;
use axum::Json;
use eventlog::{verify_log, Position, PositionRange, RangeError, VerifyError};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::extract::ApiQuery;
use crate::{ApiError, AppState};
use register::audit::checkpoints::checkpoint_of;
use register::audit::report::VerificationSummary;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify))
}

/// Which part of the log to verify; the whole log by default.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VerifyParams {
    /// The first position to check. A range that starts after 1 trusts the stored hash of the
    /// position before it; only a check from 1 proves the chain back to the genesis.
    pub from: Option<u64>,
    /// The last position to check; the head of the log by default.
    pub to: Option<u64>,
}

/// Recomputes the hash chain and judges every checkpoint in the log. A log found altered is a
/// 200 with `intact: false` and the finding: the verification worked, and what it found is the
/// answer. A large log takes about a second per 100 000 events; the command line has no time
/// limit.
#[utoipa::path(
    get,
    path = "/audit/verify",
    tag = "audit",
    security(("bearer" = ["auditor"])),
    params(VerifyParams),
    responses((status = 200, description = "What the verification found.", body = VerificationSummary))
)]
async fn verify(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<VerifyParams>,
) -> Result<Json<VerificationSummary>, ApiError> {
    caller.auditor()?;
    let range = PositionRange {
        from: position("from", params.from)?,
        to: position("to", params.to)?,
    };
    let report = verify_log(&state.reader, range, Vec::new(), &checkpoint_of)
        .await
        .map_err(from_verify_error)?;
    Ok(Json(VerificationSummary::from(&report)))
}

fn position(parameter: &str, value: Option<u64>) -> Result<Option<Position>, ApiError> {
    value
        .map(|value| {
            Position::new(value)
                .ok()
                .filter(|position| *position > Position::GENESIS)
                .ok_or_else(|| ApiError::MalformedParameter {
                    parameter: parameter.to_owned(),
                    reason: "a position is a whole number from 1".to_owned(),
                })
        })
        .transpose()
}

/// A range the log does not have is the caller's mistake; anything else is the server's.
fn from_verify_error(error: VerifyError) -> ApiError {
    let VerifyError::Range(range) = &error else {
        tracing::error!(%error, "the verification could not run");
        return ApiError::Internal;
    };
    let (field, rule) = match range {
        RangeError::EmptyRange { .. } => ("to", "verify.range_ends_on_or_after_start"),
        RangeError::BeyondHead { .. } => ("to", "verify.range_ends_at_or_before_head"),
        RangeError::StartsBeyondHead { .. } => ("from", "verify.range_starts_at_or_before_head"),
    };
    ApiError::RuleBroken {
        field: field.to_owned(),
        rule: rule.to_owned(),
        detail: range.to_string(),
    }
}
