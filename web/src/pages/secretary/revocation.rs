//! Recording that a § was revoked (upphävt), by the body itself or by a court on appeal: the
//! day it ceases to apply and the decision that revoked it, found by search. The § stays in the
//! register and reads as revoked from that day, citing what revoked it.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::meeting::{Meeting, MeetingCommand, RevokeDecision};
use projections::ReadModel;
use uuid::Uuid;

use super::basis::{basis_hits, chosen_basis};
use super::desk::Desk;
use super::roll::Choice;
use crate::forms::{settle, FieldErrors, Guard, Recorder, Refusal, Settled, Submitted};
use crate::pages::meeting::paragraph_path;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

#[derive(Template)]
#[template(path = "secretary/revocation.html")]
struct RevocationPage {
    chrome: DeskChrome,
    paragraph_path: String,
    heading: String,
    paragraph: String,
    guard: Guard,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
}

impl RevocationPage {
    fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }
}

/// The meeting, once § `number` is found in it.
async fn paragraph_of(
    state: &WebState,
    signed_in: &SignedIn,
    meeting_id: Uuid,
    number: &str,
) -> Result<(Desk, u32), WebError> {
    let desk = Desk::open(state, signed_in, meeting_id).await?;
    let number = number
        .parse::<u32>()
        .ok()
        .filter(|number| {
            desk.record
                .decisions
                .iter()
                .any(|decision| decision.paragraph.number == *number)
        })
        .ok_or_else(|| {
            WebError::NotFound(format!("Sammanträdet har ingen § {number} att upphäva."))
        })?;
    Ok((desk, number))
}

/// The revocation form.
pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((meeting_id, number)): Path<(Uuid, String)>,
) -> Result<Response, WebError> {
    let (desk, number) = paragraph_of(&state, &signed_in, meeting_id, &number).await?;
    let page = page(
        &signed_in,
        &desk,
        number,
        Submitted::default(),
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

/// Searches for the revoking decision, or records the revocation.
pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((meeting_id, number)): Path<(Uuid, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let (desk, number) = paragraph_of(&state, &signed_in, meeting_id, &number).await?;
    let hits = basis_hits(
        &state,
        &[desk.record.body_id],
        form.text("sok"),
        form.text("grund"),
    )
    .await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            number,
            form,
            hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let revoked_on = errors.date(&form, "upphavd_fran", "dagen då beslutet upphävs");
    let basis = chosen_basis(
        &mut errors,
        &form,
        "Sök fram och välj beslutet som upphäver paragrafen, till exempel en senare paragraf \
         eller en dom.",
    );
    let (Some(revoked_on), Some(basis), true) = (revoked_on, basis, errors.is_empty()) else {
        let page = page(&signed_in, &desk, number, form, hits, errors, false);
        return render_status(&page, 400);
    };
    let command = MeetingCommand::RevokeDecision(RevokeDecision {
        paragraph: number,
        revoked_on,
        basis,
    });
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register
                .execute_addressed::<Meeting>("meeting", &meeting_id.to_string(), command, version)
                .await?;
            Ok(((), written))
        })
        .await?;
    let next = |_| paragraph_path(meeting_id, number);
    let field = |refusal: &Refusal| {
        if refusal.field.starts_with("basis") {
            "grund".to_owned()
        } else {
            "upphavd_fran".to_owned()
        }
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
            &page(&signed_in, &desk, number, form, hits, errors, stale),
            status,
        ),
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &Desk,
    number: u32,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> RevocationPage {
    RevocationPage {
        chrome: DeskChrome::new(signed_in),
        paragraph_path: paragraph_path(desk.meeting_id, number),
        heading: format!(
            "{}, sammanträde {}",
            desk.record.body_name, desk.record.meeting_on
        ),
        paragraph: format!("§ {number}"),
        guard: Guard::new(Some(desk.version)),
        typed,
        basis_hits,
        errors,
        stale,
    }
}
