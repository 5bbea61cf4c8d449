//! Recording a party's population on a reference date, such as 31 December of a year, with where
//! the figure comes from, as `POST /api/v1/parties/{code}/population-figures` does. A population
//! key splits a budget by the figures of 31 December of the year before the budget year.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Datelike;
use domain::PartyCode;
use projections::ReadModel;
use register::requests::PopulationFigureRequest;

use super::{field_for, registered_parties, settle_setup, SetupForm};
use crate::forms::{FieldErrors, Guard, Recorder, Settled, Submitted};
use crate::pages::administrator::require_administrator;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The form's address for party `code`.
pub fn path(code: &str) -> String {
    format!("/part/{code}/folkmangd")
}

#[derive(Template)]
#[template(path = "administrator/setup/population.html")]
struct PopulationPage {
    chrome: DeskChrome,
    form: SetupForm,
    code: String,
    party: String,
}

/// The party the address names, with its name, or the page that says the register has none.
async fn party_of(state: &WebState, code: &str) -> Result<(PartyCode, String), WebError> {
    let unknown = || {
        WebError::NotFound(format!(
            "Registret känner inte till någon part med koden {code}. Registrera parten först."
        ))
    };
    let party = PartyCode::parse(code).map_err(|_| unknown())?;
    let name = registered_parties(state)
        .await?
        .remove(party.as_str())
        .ok_or_else(unknown)?;
    Ok((party, name))
}

pub async fn form(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let (party, name) = party_of(&state, &code).await?;
    let mut typed = Submitted::default();
    // The figure a population key reads for this year's budget: 31 December of last year.
    let last_year = state.clock.today().year() - 1;
    typed.push("referensdag", &format!("{last_year}-12-31"));
    let page = page(&signed_in, &party, name, typed, FieldErrors::default());
    render_status(&page, 200)
}

pub async fn submit(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    require_administrator(&signed_in)?;
    let form = Submitted::parse(&body)?;
    let guard = Guard::read(&form, &signed_in)?;
    let (party, name) = party_of(&state, &code).await?;
    let mut errors = FieldErrors::default();
    let reference_date = errors.date(&form, "referensdag", "dagen folkmängden avser");
    let population = population(&mut errors, &form);
    let source = errors
        .required(
            &form,
            "kalla",
            "varifrån uppgiften kommer, till exempel SCB",
        )
        .to_owned();
    let (Some(reference_date), Some(population), true) =
        (reference_date, population, errors.is_empty())
    else {
        return render_status(&page(&signed_in, &party, name, form, errors), 400);
    };
    let next = format!("/part/{party}");
    let address = party.clone();
    let outcome = Recorder::new(&state, &signed_in, guard)
        .record(|register, version| async move {
            let request = PopulationFigureRequest {
                reference_date,
                population,
                source,
            };
            let written = register.submit(address, request, version).await?;
            Ok(((), written))
        })
        .await?;
    match settle_setup(
        &state,
        outcome,
        &[ReadModel::Allocation, ReadModel::Citations],
        &next,
        |refusal| {
            field_for(
                refusal,
                &[
                    ("reference_date", "referensdag"),
                    ("population", "folkmangd"),
                    ("source", "kalla"),
                ],
                "folkmangd",
            )
        },
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain { errors, status, .. } => {
            render_status(&page(&signed_in, &party, name, form, errors), status)
        }
    }
}

/// The population as typed, a whole number in which spaces between thousands ("20 326") are
/// allowed. Zero reads, and is left to the register's own rule.
fn population(errors: &mut FieldErrors, form: &Submitted) -> Option<u32> {
    let typed = form.text("folkmangd").trim();
    if typed.is_empty() {
        errors.add("folkmangd", "Fyll i folkmängden.");
        return None;
    }
    let digits: String = typed
        .chars()
        .filter(|character| !matches!(character, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if !digits.chars().all(|character| character.is_ascii_digit()) {
        errors.add(
            "folkmangd",
            format!(
                "”{typed}” är inget heltal: skriv folkmängden med siffror, till exempel 20 326."
            ),
        );
        return None;
    }
    match digits.parse::<u32>() {
        Ok(population) => Some(population),
        Err(_) => {
            errors.add(
                "folkmangd",
                format!("{typed} är för stort för en folkmängd."),
            );
            None
        }
    }
}

fn page(
    signed_in: &SignedIn,
    party: &PartyCode,
    name: String,
    typed: Submitted,
    errors: FieldErrors,
) -> PopulationPage {
    PopulationPage {
        chrome: DeskChrome::new(signed_in),
        form: SetupForm::new(signed_in, None, typed, Vec::new(), errors, false),
        code: party.to_string(),
        party: name,
    }
}
