//! Registering a party: a municipality under its kommunkod (four digits) or a region under its
//! länskod (two), with its name, as `POST /api/v1/parties` does. A party exists by law, so the
//! form cites no basis.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use domain::party::{Party, PartyCommand, RegisterParty};
use domain::PartyCode;
use projections::ReadModel;

use super::{field_for, settle_setup, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::administrator::require_administrator;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The address of the form.
pub const PATH: &str = "/parter/ny";

#[derive(Template)]
#[template(path = "administrator/setup/party.html")]
struct PartyFormPage {
    chrome: DeskChrome,
    form: SetupForm,
}

pub async fn form(
    State(_state): State<WebState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let page = page(&signed_in, Submitted::default(), FieldErrors::default());
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let mut errors = FieldErrors::default();
    let code_text = errors.required(
        &form,
        "kod",
        "partens kod: kommunkoden med fyra siffror eller länskoden med två",
    );
    let code = match (code_text, PartyCode::parse(code_text)) {
        ("", _) => None,
        (_, Ok(code)) => Some(code),
        (text, Err(_)) => {
            errors.add(
                "kod",
                format!(
                    "”{text}” är ingen officiell kod: en kommun har en kommunkod med fyra \
                     siffror, till exempel 2062 för Mora, en region en länskod med två, till \
                     exempel 04 för Region Sörmland."
                ),
            );
            None
        }
    };
    let name = errors
        .required(&form, "namn", "partens namn, till exempel ”Mora kommun”")
        .to_owned();
    let (Some(code), true) = (code, errors.is_empty()) else {
        return render_status(&page(&signed_in, form, errors), 400);
    };
    let next = format!("/part/{code}");
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let stream_id = code.as_str().to_owned();
            let written = register
                .execute_at_version::<Party>(
                    &stream_id,
                    PartyCommand::Register(RegisterParty { code, name }),
                    version,
                )
                .await?;
            Ok(((), written))
        })
        .await?;
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Citations, ReadModel::Cooperations],
        &next,
        |refusal| field_for(refusal, &[("code", "kod"), ("name", "namn")], "kod"),
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            render_status(&page(&signed_in, form, errors), status)
        }
    }
}

fn page(signed_in: &SignedIn, typed: Submitted, errors: FieldErrors) -> PartyFormPage {
    PartyFormPage {
        chrome: DeskChrome::new(signed_in),
        form: SetupForm::new(signed_in, None, typed, Vec::new(), errors, false),
    }
}
