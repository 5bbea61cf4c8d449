//! Correcting a § (rättelse): what the decision should have said, and why the original was
//! wrong. The correction is a new event that cites the §; the original stays in the log and on
//! the §'s history, and everything the form does not show (proposals, the vote, recusals,
//! reservations, statements) is carried over as recorded.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::mandate::Category;
use domain::meeting::DecisionContent;
use projections::ReadModel;
use uuid::Uuid;

use super::desk::Desk;
use crate::forms::{settle, FieldErrors, Guard, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::paragraph_path;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of a §'s correction form.
pub fn correction_path(meeting_id: Uuid, number: u32) -> String {
    format!("{}/rattelse", paragraph_path(meeting_id, number))
}

#[derive(Template)]
#[template(path = "secretary/correction.html")]
struct CorrectionPage {
    chrome: DeskChrome,
    paragraph_path: String,
    heading: String,
    paragraph: String,
    guard: Guard,
    text: String,
    category: String,
    reason: String,
    errors: FieldErrors,
    stale: bool,
}

/// The § as recorded, the form filled with what it says now.
async fn recorded(
    state: &WebState,
    signed_in: &SignedIn,
    meeting_id: Uuid,
    number: &str,
) -> Result<(Desk, u32, DecisionContent), WebError> {
    let desk = Desk::open(state, signed_in, meeting_id).await?;
    let unknown = || WebError::NotFound(format!("Sammanträdet har ingen § {number} att rätta."));
    let number: u32 = number.parse().map_err(|_| unknown())?;
    let meeting = Recorder::new(state, signed_in, Guard::new(None))
        .register()
        .meeting(meeting_id)
        .await
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
    let content = meeting
        .decision_content(number)
        .cloned()
        .ok_or_else(unknown)?;
    Ok((desk, number, content))
}

/// The correction form.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((meeting_id, number)): Path<(Uuid, String)>,
) -> Result<Response, WebError> {
    let (desk, number, content) = recorded(&state, &signed_in, meeting_id, &number).await?;
    let mut typed = Submitted::default();
    typed.push("beslut", &content.text);
    typed.push("kategori", content.mandate_category.as_str());
    render_status(
        &page(
            &signed_in,
            &desk,
            number,
            &typed,
            FieldErrors::default(),
            false,
        ),
        200,
    )
}

/// Records the correction.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((meeting_id, number)): Path<(Uuid, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let (desk, number, recorded) = recorded(&state, &signed_in, meeting_id, &number).await?;
    let mut errors = FieldErrors::default();
    let text = errors.required(&form, "beslut", "beslutet").to_owned();
    let reason = errors
        .required(&form, "skal", "varför beslutet rättas")
        .to_owned();
    let category = Category::parse(form.text("kategori").trim()).ok();
    if category.is_none() {
        errors.add(
            "kategori",
            "Skriv kategorin med små bokstäver, delarna åtskilda med /, till exempel \
             upphandling/byggentreprenader.",
        );
    }
    let (Some(mandate_category), true) = (category, errors.is_empty()) else {
        return render_status(&page(&signed_in, &desk, number, &form, errors, false), 400);
    };
    let content = DecisionContent {
        text,
        mandate_category,
        ..recorded
    };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .correct_decision_at_version(meeting_id, number, content, reason, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    let next = |_| paragraph_path(meeting_id, number);
    let field = |refusal: &Refusal| {
        match refusal.field.as_str() {
            "reason" => "skal",
            "content.mandate_category" => "kategori",
            _ => "beslut",
        }
        .to_owned()
    };
    match settle(
        &state,
        ReadModel::Decisions,
        outcome,
        next,
        field,
        &desk.people(),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => render_status(
            &page(&signed_in, &desk, number, &form, errors, stale),
            status,
        ),
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &Desk,
    number: u32,
    typed: &Submitted,
    errors: FieldErrors,
    stale: bool,
) -> CorrectionPage {
    CorrectionPage {
        chrome: DeskChrome::new(signed_in),
        paragraph_path: paragraph_path(desk.meeting_id, number),
        heading: format!(
            "{}, sammanträde {}",
            desk.record.body_name, desk.record.meeting_on
        ),
        paragraph: format!("§ {number}"),
        guard: Guard::new(Some(desk.version)),
        text: typed.text("beslut").to_owned(),
        category: typed.text("kategori").to_owned(),
        reason: typed.text("skal").to_owned(),
        errors,
        stale,
    }
}
