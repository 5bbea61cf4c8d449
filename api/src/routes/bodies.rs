//! Bodies of cooperations, and each body's terms: the seat plan and the members of one mandate
//! period. Administrators establish, dissolve and correct bodies; the secretary of a body records
//! its seat plans and its members. The requests are the register's own (`register::requests`),
//! which looks up the facts their commands carry.

use domain::body::{Body, BodyCommand, DissolveBody};
use domain::body_term::BodyTerm;
use domain::{CitesBasis, MandatePeriod, RuleViolation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::{
    AppointmentCorrectionRequest, AppointmentRequest, CorrectBodyEstablishmentRequest,
    EstablishBodyRequest, MembershipAddress, MembershipEndRequest, SeatPlanCorrectionRequest,
    SeatPlanRequest, TermAddress,
};
use register::{CommandOf, Gather, RuleErrorOf};

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

/// Records that a cooperation has a body, such as its joint committee, from a date.
#[utoipa::path(
    post,
    path = "/bodies",
    tag = "bodies",
    security(("bearer" = ["administrator"])),
    request_body = EstablishBodyRequest,
    responses((status = 201, description = "The body is established.", body = Receipt,
               headers(("Location" = String, description = "The body's address."))))
)]
async fn establish_body(
    writing: Writing,
    ApiJson(request): ApiJson<EstablishBodyRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let body_id = writing.new_id();
    let written = writing.submit(token, body_id, request).await?;
    Ok(Recorded::created(body_location(body_id), body_id, written))
}

/// Records that the body ceases after its last day, for example at a dissolution.
#[utoipa::path(
    post,
    path = "/bodies/{id}/dissolution",
    tag = "bodies",
    security(("bearer" = ["administrator"])),
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
    security(("bearer" = ["administrator"])),
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
    let written = writing.submit(token, body_id, request).await?;
    Ok(Recorded::changed(body_location(body_id), body_id, written))
}

/// Adopts the body's seat plan for a mandate period, which opens the period's term.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/seat-plan",
    tag = "bodies",
    security(("bearer" = ["secretary"])),
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
    let token = writing.secretary_of(body_id).await?;
    let term = TermAddress { body_id, period };
    let written = writing.submit(token, term, request).await?;
    Ok(Recorded::created(
        term_location(body_id, period),
        BodyTerm::stream_id(body_id, period),
        written,
    ))
}

/// Corrects the period's seat plan (rättelse); every member recorded must keep a seat.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/seat-plan/corrections",
    tag = "bodies",
    security(("bearer" = ["secretary"])),
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
    let token = writing.secretary_of(body_id).await?;
    let term = TermAddress { body_id, period };
    let written = writing.submit(token, term, request).await?;
    Ok(Recorded::changed(
        term_location(body_id, period),
        BodyTerm::stream_id(body_id, period),
        written,
    ))
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
    security(("bearer" = ["secretary"])),
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
    let token = writing.secretary_of(body_id).await?;
    let membership_id = request.membership_id;
    let term = TermAddress { body_id, period };
    let written = writing.submit(token, term, request).await?;
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
    security(("bearer" = ["secretary"])),
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
    change_membership(&writing, body_id, period, membership_id, request).await
}

/// Corrects a recorded appointment (rättelse). The original stays in the log.
#[utoipa::path(
    post,
    path = "/bodies/{id}/terms/{period}/members/{membership_id}/corrections",
    tag = "bodies",
    security(("bearer" = ["secretary"])),
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
    change_membership(&writing, body_id, period, membership_id, request).await
}

/// Submits `request` to the membership in the path, as the body's secretary, and answers with
/// the membership's address: what ending and correcting a membership share.
async fn change_membership<R>(
    writing: &Writing,
    body_id: Uuid,
    period: MandatePeriod,
    membership_id: Uuid,
    request: R,
) -> Result<Recorded, ApiError>
where
    R: Gather<Address = MembershipAddress>,
    CommandOf<R>: CitesBasis,
    RuleErrorOf<R>: RuleViolation,
{
    let token = writing.secretary_of(body_id).await?;
    let membership = MembershipAddress {
        term: TermAddress { body_id, period },
        membership_id,
    };
    let written = writing
        .submit(token, membership, request)
        .await
        .map_err(|error| membership_addressed(error, membership_id))?;
    Ok(Recorded::changed(
        member_location(body_id, period, membership_id),
        membership_id,
        written,
    ))
}
