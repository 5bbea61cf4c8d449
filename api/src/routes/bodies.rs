//! Bodies of cooperations, and each body's terms: the seat plan and the members of one mandate
//! period. Administrators establish, dissolve and correct bodies; the secretary of a body records
//! its seat plans and its members.

use chrono::NaiveDate;
use domain::body::{
    Body, BodyCommand, BodyError, BodyKind, CorrectBodyEstablishment, DissolveBody, EstablishBody,
};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, BodyTermError,
    CorrectAppointment, CorrectSeatPlan, EndMembership, EndReason, SeatAllocation,
};
use domain::{LegalBasis, MandatePeriod};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::recorded_cooperation;
use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::access::Token;
use register::BodyFacts;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(establish_body))
        .routes(routes!(dissolve_body))
        .routes(routes!(correct_body_establishment))
        .routes(routes!(adopt_seat_plan))
        .routes(routes!(correct_seat_plan))
        .routes(routes!(appoint_member))
        .routes(routes!(end_membership))
        .routes(routes!(correct_appointment))
}

fn body_location(body_id: Uuid) -> String {
    format!("/api/v1/bodies/{body_id}")
}

/// A term is addressed by the first year of its mandate period, as in `/terms/2023`.
fn term_location(body_id: Uuid, period: MandatePeriod) -> String {
    format!("/api/v1/bodies/{body_id}/terms/{}", period.first_year())
}

fn member_location(body_id: Uuid, period: MandatePeriod, membership_id: Uuid) -> String {
    format!("{}/members/{membership_id}", term_location(body_id, period))
}

/// A body to establish. The day its cooperation was established is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishBodyRequest {
    /// The cooperation the body belongs to; it must be recorded.
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    #[schema(example = "Gemensamma inköpsnämnden")]
    pub name: String,
    #[schema(example = "2020-01-01")]
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The establishment as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectBodyEstablishmentRequest {
    pub establish: EstablishBodyRequest,
    pub reason: String,
}

/// Builds the domain's command from `request`, with the day its cooperation was established as
/// the register holds it. `field` names where the request gave the cooperation, so that an
/// unknown cooperation is reported against the caller's own field.
async fn establish_command(
    writing: &Writing,
    token: &Token,
    field: &str,
    request: EstablishBodyRequest,
) -> Result<EstablishBody, ApiError> {
    let register = writing.register(token);
    let cooperation =
        recorded_cooperation::<BodyError>(&register, field, request.cooperation_id).await?;
    Ok(EstablishBody {
        cooperation_id: request.cooperation_id,
        cooperation_established_on: cooperation.established_on,
        kind: request.kind,
        name: request.name,
        established_on: request.established_on,
        basis: request.basis,
    })
}

/// Records that a cooperation has a body, such as its joint committee, from a date.
#[utoipa::path(
    post,
    path = "/bodies",
    tag = "bodies",
    request_body = EstablishBodyRequest,
    responses((status = 201, description = "The body is established.", body = Receipt,
               headers(("Location" = String, description = "The body's address."))))
)]
async fn establish_body(
    writing: Writing,
    ApiJson(request): ApiJson<EstablishBodyRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let command = establish_command(&writing, token, "cooperation_id", request).await?;
    let body_id = Uuid::new_v4();
    let written = writing
        .execute::<Body>(token, &body_id.to_string(), BodyCommand::Establish(command))
        .await?;
    Ok(Recorded::created(body_location(body_id), body_id, written))
}

/// Records that the body ceases after its last day, for example at a dissolution.
#[utoipa::path(
    post,
    path = "/bodies/{id}/dissolution",
    tag = "bodies",
    params(("id" = Uuid, Path, description = "The body's id.")),
    request_body = DissolveBody,
    responses((status = 200, description = "The body's end is recorded.", body = Receipt,
               headers(("Location" = String, description = "The body's address."))))
)]
async fn dissolve_body(
    writing: Writing,
    ApiPath(body_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<DissolveBody>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Body>(
            token,
            "body",
            &body_id.to_string(),
            BodyCommand::Dissolve(command),
        )
        .await?;
    Ok(Recorded::changed(body_location(body_id), body_id, written))
}

/// Corrects the recorded establishment of a body (rättelse). The original stays in the log.
#[utoipa::path(
    post,
    path = "/bodies/{id}/corrections",
    tag = "bodies",
    params(("id" = Uuid, Path, description = "The body's id.")),
    request_body = CorrectBodyEstablishmentRequest,
    responses((status = 200, description = "The establishment is corrected.", body = Receipt,
               headers(("Location" = String, description = "The body's address."))))
)]
async fn correct_body_establishment(
    writing: Writing,
    ApiPath(body_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CorrectBodyEstablishmentRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    // The address is checked before the body, so that a wrong address is not reported as a
    // broken rule of the correction.
    writing
        .require_existing::<Body>("body", &body_id.to_string())
        .await?;
    let establish = establish_command(
        &writing,
        token,
        "establish.cooperation_id",
        request.establish,
    )
    .await?;
    let command = BodyCommand::CorrectEstablishment(CorrectBodyEstablishment {
        establish,
        reason: request.reason,
    });
    let written = writing
        .execute::<Body>(token, &body_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(body_location(body_id), body_id, written))
}

/// What the register knows of the body in the path: a body it does not hold is a 404.
async fn body_facts(
    writing: &Writing,
    token: &Token,
    body_id: Uuid,
) -> Result<BodyFacts, ApiError> {
    writing
        .register(token)
        .body_facts::<BodyTermError>(body_id)
        .await
        .map_err(from_register_error)?
        .ok_or_else(|| ApiError::NotFound {
            resource: "body",
            id: body_id.to_string(),
        })
}

/// A seat plan: how many members and deputies each party has on the body for the period. Whether
/// the body is a joint committee and who the cooperation's parties are is looked up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatPlanRequest {
    pub seats: Vec<SeatAllocation>,
    pub basis: LegalBasis,
}

/// A seat plan as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatPlanCorrectionRequest {
    pub seats: Vec<SeatAllocation>,
    pub reason: String,
    pub basis: LegalBasis,
}

/// Adopts the body's seat plan for a mandate period, which opens the period's term.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/seat-plan",
    tag = "bodies",
    params(
        ("id" = Uuid, Path, description = "The body's id."),
        ("period" = i32, Path, description = "The first year of the mandate period.", example = 2023),
    ),
    request_body = SeatPlanRequest,
    responses((status = 201, description = "The seat plan is adopted.", body = Receipt,
               headers(("Location" = String, description = "The term's address."))))
)]
async fn adopt_seat_plan(
    writing: Writing,
    ApiPath((body_id, period)): ApiPath<(Uuid, MandatePeriod)>,
    ApiJson(request): ApiJson<SeatPlanRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(body_id)?;
    let facts = body_facts(&writing, token, body_id).await?;
    let stream_id = BodyTerm::stream_id(body_id, period);
    let command = BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
        body_id,
        period,
        seats: request.seats,
        is_joint_committee: facts.is_joint_committee(),
        cooperation_parties: facts.cooperation.parties,
        basis: request.basis,
    });
    let written = writing
        .execute::<BodyTerm>(token, &stream_id, command)
        .await?;
    Ok(Recorded::created(
        term_location(body_id, period),
        &stream_id,
        written,
    ))
}

/// Corrects the period's seat plan (rättelse); every member recorded must keep a seat.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/seat-plan/corrections",
    tag = "bodies",
    params(
        ("id" = Uuid, Path, description = "The body's id."),
        ("period" = i32, Path, description = "The first year of the mandate period.", example = 2023),
    ),
    request_body = SeatPlanCorrectionRequest,
    responses((status = 200, description = "The seat plan is corrected.", body = Receipt,
               headers(("Location" = String, description = "The term's address."))))
)]
async fn correct_seat_plan(
    writing: Writing,
    ApiPath((body_id, period)): ApiPath<(Uuid, MandatePeriod)>,
    ApiJson(request): ApiJson<SeatPlanCorrectionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(body_id)?;
    let facts = body_facts(&writing, token, body_id).await?;
    let stream_id = BodyTerm::stream_id(body_id, period);
    let command = BodyTermCommand::CorrectSeatPlan(CorrectSeatPlan {
        seats: request.seats,
        is_joint_committee: facts.is_joint_committee(),
        cooperation_parties: facts.cooperation.parties,
        reason: request.reason,
        basis: request.basis,
    });
    let written = writing
        .execute_existing::<BodyTerm>(token, "body term", &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        term_location(body_id, period),
        &stream_id,
        written,
    ))
}

/// An appointment to a seat on the body. The membership id is the caller's, so that a retry
/// cannot appoint the same person twice; the cooperation's parties are looked up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentRequest {
    pub membership_id: Uuid,
    pub appointment: Appointment,
    /// The membership this one fills after it ended early (fyllnadsval).
    pub replaces: Option<Uuid>,
    pub basis: LegalBasis,
}

/// The end of a membership: its last day and why.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipEndRequest {
    #[schema(example = "2024-06-30")]
    pub last_day: NaiveDate,
    pub reason: EndReason,
    pub basis: LegalBasis,
}

/// An appointment as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentCorrectionRequest {
    pub corrected: Appointment,
    pub reason: String,
    pub basis: LegalBasis,
}

/// The membership in the path is an address: one the term does not hold is a 404, not the
/// broken rule the domain reports for a membership a command names in its body.
fn membership_addressed(error: ApiError, membership_id: Uuid) -> ApiError {
    match error {
        ApiError::RuleBroken { ref rule, .. } if rule == "body_term.membership_exists" => {
            ApiError::NotFound {
                resource: "membership",
                id: membership_id.to_string(),
            }
        }
        other => other,
    }
}

/// Appoints a person to a seat on the body for the period.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/members",
    tag = "bodies",
    params(
        ("id" = Uuid, Path, description = "The body's id."),
        ("period" = i32, Path, description = "The first year of the mandate period.", example = 2023),
    ),
    request_body = AppointmentRequest,
    responses((status = 201, description = "The member is appointed.", body = Receipt,
               headers(("Location" = String, description = "The membership's address."))))
)]
async fn appoint_member(
    writing: Writing,
    ApiPath((body_id, period)): ApiPath<(Uuid, MandatePeriod)>,
    ApiJson(request): ApiJson<AppointmentRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(body_id)?;
    let facts = body_facts(&writing, token, body_id).await?;
    let stream_id = BodyTerm::stream_id(body_id, period);
    let membership_id = request.membership_id;
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id,
        appointment: request.appointment,
        replaces: request.replaces,
        cooperation_parties: facts.cooperation.parties,
        basis: request.basis,
    });
    // A term without a seat plan is answered by the domain's rule, which says what to do first.
    let written = writing
        .execute::<BodyTerm>(token, &stream_id, command)
        .await?;
    Ok(Recorded::created(
        member_location(body_id, period, membership_id),
        membership_id,
        written,
    ))
}

/// Ends a membership early or at its end, with the reason.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/members/{membership_id}/end",
    tag = "bodies",
    params(
        ("id" = Uuid, Path, description = "The body's id."),
        ("period" = i32, Path, description = "The first year of the mandate period.", example = 2023),
        ("membership_id" = Uuid, Path, description = "The membership's id."),
    ),
    request_body = MembershipEndRequest,
    responses((status = 200, description = "The membership's end is recorded.", body = Receipt,
               headers(("Location" = String, description = "The membership's address."))))
)]
async fn end_membership(
    writing: Writing,
    ApiPath((body_id, period, membership_id)): ApiPath<(Uuid, MandatePeriod, Uuid)>,
    ApiJson(request): ApiJson<MembershipEndRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(body_id)?;
    body_facts(&writing, token, body_id).await?;
    let stream_id = BodyTerm::stream_id(body_id, period);
    let command = BodyTermCommand::EndMembership(EndMembership {
        membership_id,
        last_day: request.last_day,
        reason: request.reason,
        basis: request.basis,
    });
    let written = writing
        .execute_existing::<BodyTerm>(token, "body term", &stream_id, command)
        .await
        .map_err(|error| membership_addressed(error, membership_id))?;
    Ok(Recorded::changed(
        member_location(body_id, period, membership_id),
        membership_id,
        written,
    ))
}

/// Corrects a recorded appointment (rättelse). The original stays in the log.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/members/{membership_id}/corrections",
    tag = "bodies",
    params(
        ("id" = Uuid, Path, description = "The body's id."),
        ("period" = i32, Path, description = "The first year of the mandate period.", example = 2023),
        ("membership_id" = Uuid, Path, description = "The membership's id."),
    ),
    request_body = AppointmentCorrectionRequest,
    responses((status = 200, description = "The appointment is corrected.", body = Receipt,
               headers(("Location" = String, description = "The membership's address."))))
)]
async fn correct_appointment(
    writing: Writing,
    ApiPath((body_id, period, membership_id)): ApiPath<(Uuid, MandatePeriod, Uuid)>,
    ApiJson(request): ApiJson<AppointmentCorrectionRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.secretary_of(body_id)?;
    let facts = body_facts(&writing, token, body_id).await?;
    let stream_id = BodyTerm::stream_id(body_id, period);
    let command = BodyTermCommand::CorrectAppointment(CorrectAppointment {
        membership_id,
        corrected: request.corrected,
        reason: request.reason,
        cooperation_parties: facts.cooperation.parties,
        basis: request.basis,
    });
    let written = writing
        .execute_existing::<BodyTerm>(token, "body term", &stream_id, command)
        .await
        .map_err(|error| membership_addressed(error, membership_id))?;
    Ok(Recorded::changed(
        member_location(body_id, period, membership_id),
        membership_id,
        written,
    ))
}
