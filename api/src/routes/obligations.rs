//! Obligations: what a party owes under a cooperation, and their closure and corrections.
//! Administrators only. The cooperation's parties are looked up in the register, never sent.

use axum::extract::State;
use chrono::NaiveDate;
use domain::obligation::{
    CloseObligation, Closure, CorrectObligation, Creditor, Due, Obligation, ObligationCommand,
    ObligationError, ObligationKind, RecordObligation,
};
use domain::{DateRange, LegalBasis, PartyCode};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::{current_state, recorded_cooperation, require_recorded_body};
use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::Register;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_obligation))
        .routes(routes!(close_obligation))
        .routes(routes!(correct_obligation))
}

fn obligation_location(obligation_id: Uuid) -> String {
    format!("/api/v1/obligations/{obligation_id}")
}

/// What a party owes under a cooperation. The cooperation's parties, which the debtor and a
/// creditor party must be among, are looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationRequest {
    /// The cooperation the obligation is owed under.
    pub cooperation_id: Uuid,
    /// The party that owes.
    pub debtor: PartyCode,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    /// What is owed, in words.
    #[schema(example = "Andel av grundavtalet 2021 efter folkmängd")]
    pub description: String,
    pub period: DateRange,
    pub due: Due,
    pub basis: LegalBasis,
}

impl ObligationRequest {
    /// The domain command, once the register's facts are checked and looked up; `prefix` is
    /// where the obligation sits in the request, so that a broken rule names the field sent.
    async fn into_command(
        self,
        register: &Register,
        prefix: &str,
    ) -> Result<RecordObligation, ApiError> {
        let cooperation = recorded_cooperation::<ObligationError>(
            register,
            &format!("{prefix}cooperation_id"),
            self.cooperation_id,
        )
        .await?;
        match &self.creditor {
            Creditor::Cooperation { cooperation_id } => {
                recorded_cooperation::<ObligationError>(
                    register,
                    &format!("{prefix}creditor.cooperation_id"),
                    *cooperation_id,
                )
                .await?;
            }
            Creditor::Body { body_id } => {
                require_recorded_body::<ObligationError>(
                    register,
                    &format!("{prefix}creditor.body_id"),
                    *body_id,
                )
                .await?;
            }
            Creditor::Party { .. } => {}
        }
        Ok(RecordObligation {
            cooperation_id: self.cooperation_id,
            cooperation_parties: cooperation.parties,
            debtor: self.debtor,
            creditor: self.creditor,
            kind: self.kind,
            description: self.description,
            period: self.period,
            due: self.due,
            basis: self.basis,
        })
    }
}

/// Records what a party owes under a cooperation, to whom, for which period and when due.
#[utoipa::path(
    post,
    path = "/obligations",
    tag = "obligations",
    request_body = ObligationRequest,
    responses((status = 201, description = "The obligation is recorded, open.", body = Receipt,
               headers(("Location" = String, description = "The obligation's address."))))
)]
async fn record_obligation(
    writing: Writing,
    ApiJson(request): ApiJson<ObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let command = request.into_command(&writing.register(token), "").await?;
    let obligation_id = Uuid::new_v4();
    let written = writing
        .execute::<Obligation>(
            token,
            &obligation_id.to_string(),
            ObligationCommand::Record(command),
        )
        .await?;
    Ok(Recorded::created(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}

/// How an open obligation closed. A transfer must go to a party of the obligation's cooperation,
/// which is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseObligationRequest {
    pub closure: Closure,
    /// The day it closed.
    #[schema(example = "2021-03-31")]
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// Closes an open obligation: fulfilled, waived, transferred to another party, or ended.
#[utoipa::path(
    post,
    path = "/obligations/{obligation_id}/closure",
    tag = "obligations",
    params(("obligation_id" = Uuid, Path, description = "The obligation's id.")),
    request_body = CloseObligationRequest,
    responses((status = 200, description = "The obligation is closed.", body = Receipt,
               headers(("Location" = String, description = "The obligation's address."))))
)]
async fn close_obligation(
    State(state): State<AppState>,
    writing: Writing,
    ApiPath(obligation_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CloseObligationRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = obligation_id.to_string();
    let obligation = current_state::<Obligation>(&state.pool, "obligation", &stream_id).await?;
    let cooperation_id = obligation
        .cooperation_id()
        .ok_or_else(|| ApiError::NotFound {
            resource: "obligation",
            id: stream_id.clone(),
        })?;
    // The cooperation was in the register when the obligation was recorded and nothing removes
    // it, so its absence now is the server's fault, not the caller's.
    let cooperation = writing
        .register(token)
        .cooperation_facts::<ObligationError>(cooperation_id)
        .await
        .map_err(from_register_error)?
        .ok_or_else(|| {
            ApiError::internal(&format!(
                "obligation {obligation_id} is owed under cooperation {cooperation_id}, \
                 which the register does not hold"
            ))
        })?;
    let command = ObligationCommand::Close(CloseObligation {
        closure: request.closure,
        on: request.on,
        cooperation_parties: cooperation.parties,
        basis: request.basis,
    });
    let written = writing
        .execute::<Obligation>(token, &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}

/// An obligation recorded wrongly, and what it should have said.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectObligationRequest {
    pub record: ObligationRequest,
    /// Why the original was wrong.
    pub reason: String,
}

/// Corrects an obligation recorded wrongly (rättelse): `record` is what it should have said,
/// with the reason.
#[utoipa::path(
    post,
    path = "/obligations/{obligation_id}/corrections",
    tag = "obligations",
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
    let stream_id = obligation_id.to_string();
    writing
        .require_existing::<Obligation>("obligation", &stream_id)
        .await?;
    let record = request
        .record
        .into_command(&writing.register(token), "record.")
        .await?;
    let command = ObligationCommand::Correct(CorrectObligation {
        record,
        reason: request.reason,
    });
    let written = writing
        .execute::<Obligation>(token, &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        obligation_location(obligation_id),
        obligation_id,
        written,
    ))
}
