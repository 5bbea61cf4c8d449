//! Meetings of a body and everything recorded in them: the call and its agenda, the roll call and
//! attendance, the decisions under their § with corrections and revocations, and the adjusters,
//! approval and publication of the minutes. Secretaries of the meeting's body only.
//!
//! Calling a meeting, opening it, and recording or correcting a decision carry facts from other
//! streams (the body's name, who holds a seat, the next §, the mandate finding); those go through
//! the register's meeting methods, which look the facts up, so a client never asserts them.

use chrono::NaiveDate;
use domain::meeting::{
    AddAgendaItem, AgendaItem, ApproveMinutes, Attendance, CancelMeeting, ChooseAdjusters,
    DecisionContent, Meeting, MeetingCommand, MinutesScope, PublishMinutes, RecordAttendance,
    RecordNoticeRemoved, RevokeDecision,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{from_register_error, Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::access::Token;
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(call_meeting))
        .routes(routes!(add_agenda_item))
        .routes(routes!(cancel_meeting))
        .routes(routes!(open_meeting))
        .routes(routes!(record_attendance))
        .routes(routes!(record_decision))
        .routes(routes!(correct_decision))
        .routes(routes!(revoke_decision))
        .routes(routes!(choose_adjusters))
        .routes(routes!(approve_minutes))
        .routes(routes!(publish_minutes))
        .routes(routes!(record_notice_removed))
}

fn meeting_location(meeting_id: Uuid) -> String {
    format!("/api/v1/meetings/{meeting_id}")
}

fn agenda_item_location(meeting_id: Uuid, number: u16) -> String {
    format!("/api/v1/meetings/{meeting_id}/agenda-items/{number}")
}

fn decision_location(meeting_id: Uuid, paragraph: u32) -> String {
    format!("/api/v1/meetings/{meeting_id}/decisions/{paragraph}")
}

/// The token of a secretary of the body whose meeting `meeting_id` is, and the meeting as
/// recorded. The meeting is loaded before the role can be checked, because its body decides who
/// may write; an unknown meeting is therefore a 404 for every caller with a token.
async fn secretary_of_meeting(
    writing: &Writing,
    meeting_id: Uuid,
) -> Result<(&Token, Meeting), ApiError> {
    let reader = writing.caller.reader()?;
    let meeting = writing
        .register(reader)
        .meeting(meeting_id)
        .await
        .map_err(from_register_error)?;
    let body_id = meeting.body_id().ok_or_else(|| ApiError::NotFound {
        resource: "meeting",
        id: meeting_id.to_string(),
    })?;
    let token = writing.secretary_of(body_id).await?;
    Ok((token, meeting))
}

/// The id of the decision recorded under § `paragraph` of the meeting; an unknown § in the path
/// is a wrong address, so a 404.
fn decision_under(meeting: &Meeting, meeting_id: Uuid, paragraph: u32) -> Result<Uuid, ApiError> {
    meeting
        .decision_id(paragraph)
        .ok_or_else(|| ApiError::NotFound {
            resource: "decision",
            id: format!("§ {paragraph} of meeting {meeting_id}"),
        })
}

/// Calls a meeting (kallelse) of a body with its agenda. The body's name is looked up.
#[utoipa::path(
    post,
    path = "/meetings",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    request_body = CallMeetingRequest,
    responses((status = 201, description = "The meeting is called.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn call_meeting(
    writing: Writing,
    ApiJson(request): ApiJson<CallMeetingRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.secretary_of(request.body_id).await?;
    let meeting_id = writing.new_id();
    let written = writing
        .register(token)
        .call_meeting_at_version(meeting_id, request, writing.expected_version())
        .await
        .map_err(from_register_error)?;
    Ok(Recorded::created(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// An item added to the agenda of a called or held meeting (extra ärende).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemRequest {
    /// The item's number on the agenda, unique within the meeting.
    #[schema(example = 4)]
    pub number: u16,
    #[schema(example = "Upphandling av städtjänster")]
    pub title: String,
    /// The case's registry number (diarienummer); leave it out when there is none.
    #[schema(example = "INK 2025/118")]
    pub registry_number: Option<String>,
    /// Whether the item is dealt with in public.
    pub public: bool,
}

/// Adds an item to the agenda of a called or held meeting.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/agenda-items",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = AgendaItemRequest,
    responses((status = 201, description = "The item is on the agenda; the receipt's id is its number.",
               body = Receipt,
               headers(("Location" = String, description = "The agenda item's address."))))
)]
async fn add_agenda_item(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<AgendaItemRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let number = request.number;
    let command = MeetingCommand::AddAgendaItem(AddAgendaItem {
        item: AgendaItem {
            number,
            title: request.title,
            registry_number: request.registry_number,
            public: request.public,
        },
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::created(
        agenda_item_location(meeting_id, number),
        number,
        written,
    ))
}

/// Why a meeting that has not been held is cancelled.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancellationRequest {
    #[schema(example = "Inga ärenden att behandla")]
    pub reason: String,
}

/// Cancels a meeting that has not been held.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/cancellation",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = CancellationRequest,
    responses((status = 200, description = "The meeting is cancelled.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn cancel_meeting(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CancellationRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::Cancel(CancelMeeting {
        reason: request.reason,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// Opens a meeting with the roll call. Who holds a seat on the body, and how many member seats
/// its seat plan gives, are looked up.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/opening",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = OpenMeetingRequest,
    responses((status = 200, description = "The meeting is open.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn open_meeting(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<OpenMeetingRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let written = writing
        .register(token)
        .open_meeting_at_version(meeting_id, request, writing.expected_version())
        .await
        .map_err(from_register_error)?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// An arrival or a departure, or a deputy starting to serve, from a § onwards.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    pub person_id: Uuid,
    /// The first § the change applies to.
    #[schema(example = 12)]
    pub from_paragraph: u32,
    pub attendance: Attendance,
}

/// Records a change of attendance during a held meeting.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/attendance",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = AttendanceRequest,
    responses((status = 200, description = "The attendance is recorded.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn record_attendance(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<AttendanceRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::RecordAttendance(RecordAttendance {
        person_id: request.person_id,
        from_paragraph: request.from_paragraph,
        attendance: request.attendance,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// Records a decision of the body under its §. The § is the body's next one in the meeting's
/// year unless the request names it; the next § and whether a mandate covers the decision are
/// looked up. The receipt's id is the decision's id, and `Location` ends in its § number.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/decisions",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = RecordDecisionRequest,
    responses((status = 201, description = "The decision is recorded.", body = Receipt,
               headers(("Location" = String, description = "The decision's address, by its § number."))))
)]
async fn record_decision(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<RecordDecisionRequest>,
) -> Result<Recorded, ApiError> {
    // Only whose meeting it is matters here, and that is read without loading the meeting, whose
    // agenda may be long; the register loads it once, in the meeting's turn.
    let reader = writing.caller.reader()?;
    let body_id = writing
        .register(reader)
        .meeting_body(meeting_id)
        .await
        .map_err(from_register_error)?;
    let token = writing.secretary_of(body_id).await?;
    let decision_id = request.decision_id;
    let (paragraph, written) = writing
        .register(token)
        .record_decision_at_version(meeting_id, request, writing.expected_version())
        .await
        .map_err(from_register_error)?;
    Ok(Recorded::created(
        decision_location(meeting_id, paragraph.number),
        decision_id,
        written,
    ))
}

/// What a § should have said, and why the original was wrong (rättelse).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    pub content: DecisionContent,
    #[schema(example = "Fel belopp angavs i beslutet")]
    pub reason: String,
}

/// Corrects a recorded §. Whether a mandate covers the corrected category is looked up.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/decisions/{paragraph}/corrections",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(
        ("meeting_id" = Uuid, Path, description = "The meeting."),
        ("paragraph" = u32, Path, description = "The decision's § number.", example = 12),
    ),
    request_body = CorrectionRequest,
    responses((status = 200, description = "The decision is corrected; the receipt's id is the decision's id.",
               body = Receipt,
               headers(("Location" = String, description = "The decision's address."))))
)]
async fn correct_decision(
    writing: Writing,
    ApiPath((meeting_id, paragraph)): ApiPath<(Uuid, u32)>,
    ApiJson(request): ApiJson<CorrectionRequest>,
) -> Result<Recorded, ApiError> {
    let (token, meeting) = secretary_of_meeting(&writing, meeting_id).await?;
    let decision_id = decision_under(&meeting, meeting_id, paragraph)?;
    let written = writing
        .register(token)
        .correct_decision_at_version(
            meeting_id,
            paragraph,
            request.content,
            request.reason,
            writing.expected_version(),
        )
        .await
        .map_err(from_register_error)?;
    Ok(Recorded::changed(
        decision_location(meeting_id, paragraph),
        decision_id,
        written,
    ))
}

/// That a decision was revoked, by the body itself or by a court on appeal.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevocationRequest {
    /// The day the revocation takes effect.
    #[schema(example = "2025-09-02")]
    pub revoked_on: NaiveDate,
    /// The revoking decision, for example a later § or a court's judgment.
    pub basis: LegalBasis,
}

/// Records that a decision was revoked.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/decisions/{paragraph}/revocation",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(
        ("meeting_id" = Uuid, Path, description = "The meeting."),
        ("paragraph" = u32, Path, description = "The decision's § number.", example = 12),
    ),
    request_body = RevocationRequest,
    responses((status = 200, description = "The revocation is recorded; the receipt's id is the decision's id.",
               body = Receipt,
               headers(("Location" = String, description = "The decision's address."))))
)]
async fn revoke_decision(
    writing: Writing,
    ApiPath((meeting_id, paragraph)): ApiPath<(Uuid, u32)>,
    ApiJson(request): ApiJson<RevocationRequest>,
) -> Result<Recorded, ApiError> {
    let (token, meeting) = secretary_of_meeting(&writing, meeting_id).await?;
    let decision_id = decision_under(&meeting, meeting_id, paragraph)?;
    let command = MeetingCommand::RevokeDecision(RevokeDecision {
        paragraph,
        revoked_on: request.revoked_on,
        basis: request.basis,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        decision_location(meeting_id, paragraph),
        decision_id,
        written,
    ))
}

/// Who approves the minutes with the presiding member (justerare).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustersRequest {
    pub adjusters: Vec<Uuid>,
}

/// Chooses the adjusters of the minutes among those who attended.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/adjusters",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = AdjustersRequest,
    responses((status = 200, description = "The adjusters are chosen.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn choose_adjusters(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<AdjustersRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::ChooseAdjusters(ChooseAdjusters {
        adjusters: request.adjusters,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// The approval (justering) of the minutes, or of one § approved at the meeting itself.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRequest {
    pub scope: MinutesScope,
    #[schema(example = "2025-05-13")]
    pub approved_on: NaiveDate,
    /// Everyone who signed: the presiding member and every adjuster.
    pub approved_by: Vec<Uuid>,
}

/// Records the approval of the minutes or of one §.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/approval",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = ApprovalRequest,
    responses((status = 200, description = "The approval is recorded.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn approve_minutes(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<ApprovalRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::ApproveMinutes(ApproveMinutes {
        scope: request.scope,
        approved_on: request.approved_on,
        approved_by: request.approved_by,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// The posting (anslag) of approved minutes on the official notice board; the appeal period
/// counts from it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationRequest {
    pub scope: MinutesScope,
    #[schema(example = "2025-05-14")]
    pub posted_on: NaiveDate,
}

/// Records the publication of approved minutes, or of one § approved immediately.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/publication",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = PublicationRequest,
    responses((status = 200, description = "The publication is recorded.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn publish_minutes(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<PublicationRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::PublishMinutes(PublishMinutes {
        scope: request.scope,
        posted_on: request.posted_on,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}

/// The day the notice was taken down from the notice board.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeRemovalRequest {
    pub scope: MinutesScope,
    #[schema(example = "2025-06-10")]
    pub removed_on: NaiveDate,
}

/// Records that the notice of published minutes was taken down.
#[utoipa::path(
    post,
    path = "/meetings/{meeting_id}/notice-removal",
    tag = "meetings",
    security(("bearer" = ["secretary"])),
    params(("meeting_id" = Uuid, Path, description = "The meeting.")),
    request_body = NoticeRemovalRequest,
    responses((status = 200, description = "The removal is recorded.", body = Receipt,
               headers(("Location" = String, description = "The meeting's address."))))
)]
async fn record_notice_removed(
    writing: Writing,
    ApiPath(meeting_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<NoticeRemovalRequest>,
) -> Result<Recorded, ApiError> {
    let (token, _) = secretary_of_meeting(&writing, meeting_id).await?;
    let command = MeetingCommand::RecordNoticeRemoved(RecordNoticeRemoved {
        scope: request.scope,
        removed_on: request.removed_on,
    });
    let written = writing
        .execute_existing::<Meeting>(token, "meeting", &meeting_id.to_string(), command)
        .await?;
    Ok(Recorded::changed(
        meeting_location(meeting_id),
        meeting_id,
        written,
    ))
}
