//! Closing an open obligation: fulfilled, waived, transferred to another party of the cooperation,
//! or ended, on a day and the decision found by search, as
//! `POST /api/v1/obligations/{id}/closure` does with the register's own `CloseObligationRequest`.
//! The form is guarded by the obligation's version, so one shown before someone else closed or
//! corrected it is refused as stale and shown again as the obligation now is.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use domain::obligation::{Closure, Obligation, ObligationError};
use domain::PartyCode;
use projections::obligations::{recorded_obligation, OwedObligation};
use projections::ReadModel;
use register::requests::CloseObligationRequest;
use register::{Actor, Register, RegisterError};
use uuid::Uuid;

use super::{field_for, hits, picked_basis, settle_setup, CooperationDesk, SetupForm};
use crate::forms::{wait_until_shown, FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// The form's address for obligation `obligation_id` of cooperation `cooperation_id`.
pub fn path(cooperation_id: Uuid, obligation_id: Uuid) -> String {
    format!("/samverkan/{cooperation_id}/ataganden/{obligation_id}/avslut")
}

/// How an obligation can close, as the form offers it.
const CLOSURES: [(&str, &str); 4] = [
    ("fulfilled", "Fullgjort"),
    ("waived", "Eftergivet"),
    ("transferred", "Överfört till en annan part"),
    ("ended", "Upphört"),
];

#[derive(Template)]
#[template(path = "administrator/setup/closure.html")]
struct ClosurePage {
    chrome: DeskChrome,
    form: SetupForm,
    cooperation_path: String,
    name: String,
    debtor: String,
    description: String,
    period: String,
    status: &'static str,
    closures: Vec<Choice>,
    transferees: Vec<Choice>,
}

/// The obligation as a form shows it, and the version of its stream the form guards.
struct Owed {
    obligation: OwedObligation,
    version: u64,
}

/// Reads obligation `obligation_id` of the cooperation for the form, once its read model holds
/// the stream's last event.
async fn owed(
    state: &WebState,
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    obligation_id: Uuid,
) -> Result<Owed, WebError> {
    let unknown = || {
        WebError::NotFound(format!(
            "Samverkan {} har inget åtagande {obligation_id}.",
            desk.entry.name
        ))
    };
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let stream_id = obligation_id.to_string();
    let version = register
        .stream_version::<Obligation, ObligationError>(&stream_id)
        .await
        .map_err(store)?;
    if version == 0 {
        return Err(unknown());
    }
    let written = register
        .stream_written::<Obligation, ObligationError>(&stream_id)
        .await
        .map_err(store)?;
    wait_until_shown(state, ReadModel::Obligations, written.position).await;
    let obligation = recorded_obligation(&state.pool, obligation_id, desk.today, written.position)
        .await?
        .filter(|obligation| obligation.cooperation_id == desk.cooperation_id)
        .ok_or_else(unknown)?;
    Ok(Owed {
        obligation,
        version: written.version,
    })
}

fn store(error: RegisterError<ObligationError>) -> WebError {
    WebError::Store(eventlog::StoreFailure::of(&error))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((cooperation_id, obligation_id)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let owed = owed(&state, &signed_in, &desk, obligation_id).await?;
    let mut typed = Submitted::default();
    typed.push("datum", &desk.today.to_string());
    let page = page(
        &signed_in,
        &desk,
        &owed,
        typed,
        Vec::new(),
        FieldErrors::default(),
        false,
    );
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((cooperation_id, obligation_id)): Path<(Uuid, Uuid)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let desk = CooperationDesk::open(&state, &signed_in, cooperation_id).await?;
    let owed = owed(&state, &signed_in, &desk, obligation_id).await?;
    let basis_hits = hits(&state, &desk.body_ids, &form).await?;
    if form.text("atgard") == "sok" {
        let page = page(
            &signed_in,
            &desk,
            &owed,
            form,
            basis_hits,
            FieldErrors::default(),
            false,
        );
        return render_status(&page, 200);
    }
    let mut errors = FieldErrors::default();
    let closure = match form.text("avslut") {
        "fulfilled" => Some(Closure::Fulfilled),
        "waived" => Some(Closure::Waived),
        "ended" => Some(Closure::Ended),
        "transferred" => match form.text("till").trim() {
            "" => {
                errors.add("till", "Välj parten som tar över åtagandet.");
                None
            }
            code => match PartyCode::parse(code) {
                Ok(to) => Some(Closure::Transferred { to }),
                Err(_) => {
                    errors.add("till", "Välj en av parterna i listan.");
                    None
                }
            },
        },
        _ => {
            errors.add("avslut", "Välj hur åtagandet avslutas.");
            None
        }
    };
    let on = errors.date(&form, "datum", "dagen åtagandet avslutas");
    let basis = picked_basis(&mut errors, &form);
    let (Some(closure), Some(on), Some(basis), true) = (closure, on, basis, errors.is_empty())
    else {
        let page = page(&signed_in, &desk, &owed, form, basis_hits, errors, false);
        return render_status(&page, 400);
    };
    let request = CloseObligationRequest { closure, on, basis };
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let written = register.submit(obligation_id, request, version).await?;
            Ok(((), written))
        })
        .await?;
    let next = format!("{}#ataganden", desk.path());
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Obligations, ReadModel::Cooperations],
        &next,
        |refusal| {
            field_for(
                refusal,
                &[("closure.to", "till"), ("on", "datum")],
                "avslut",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            // Shown again from the obligation as it now is.
            let owed = self::owed(&state, &signed_in, &desk, obligation_id).await?;
            let page = page(&signed_in, &desk, &owed, form, basis_hits, errors, stale);
            render_status(&page, status)
        }
    }
}

fn page(
    signed_in: &SignedIn,
    desk: &CooperationDesk,
    owed: &Owed,
    typed: Submitted,
    basis_hits: Vec<Choice>,
    errors: FieldErrors,
    stale: bool,
) -> ClosurePage {
    let obligation = &owed.obligation;
    let closures = CLOSURES
        .iter()
        .map(|(value, label)| Choice {
            selected: typed.has("avslut", value),
            label: (*label).to_owned(),
            value: (*value).to_owned(),
        })
        .collect();
    let transferees = desk
        .party_choices(typed.text("till"))
        .into_iter()
        .filter(|choice| choice.value != obligation.debtor)
        .collect();
    ClosurePage {
        chrome: DeskChrome::new(signed_in),
        cooperation_path: desk.path(),
        name: desk.entry.name.clone(),
        debtor: desk.party(&obligation.debtor),
        description: obligation.description.clone(),
        period: match obligation.period.to {
            Some(to) => format!("{} – {to}", obligation.period.from),
            None => format!("från {}", obligation.period.from),
        },
        status: words::obligation_status(obligation.status),
        closures,
        transferees,
        form: SetupForm::new(
            signed_in,
            Some(owed.version),
            typed,
            basis_hits,
            errors,
            stale,
        ),
    }
}
