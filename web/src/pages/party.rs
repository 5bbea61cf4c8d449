//! A party: its registered name and code, and the cooperations it belongs to on the time bar's
//! day, with whether it hosts them.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::PartyCode;
use projections::allocation::populations_of_party;
use projections::cooperations::cooperations;
use projections::ReadModel;
use uuid::Uuid;

use super::{pin, render, time_bar, Chrome, Pinned};
use crate::names::Names;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

#[derive(Debug)]
struct MembershipRow {
    id: Uuid,
    name: String,
    form: &'static str,
    hosts: bool,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "party.html")]
struct PartyPage {
    chrome: Chrome,
    code: String,
    name: String,
    kind: &'static str,
    cooperations: Vec<MembershipRow>,
    /// The party's population figures: reference date, population, source.
    populations: Vec<(String, String, String)>,
    /// Where an administrator records a population figure.
    population_form: Option<String>,
}

pub async fn party(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let Ok(party) = PartyCode::parse(&code) else {
        return Err(unknown(&code));
    };
    let mut chrome = Chrome::new(
        &signed_in,
        format!("/part/{party}"),
        time_bar(query, &state),
    );
    let reading = match pin(&state, &mut chrome, ReadModel::Citations).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let names = Names::gather(&state.pool, reading.known_at, []).await?;
    let Some(name) = names.name_of(party.as_str()) else {
        return Err(unknown(&code));
    };
    let cooperations = cooperations(&state.pool, reading.read_at)
        .await?
        .cooperations
        .into_iter()
        .filter(|entry| entry.has_member_on_its_day(party.as_str()))
        .map(|entry| MembershipRow {
            hosts: entry.host == party.as_str(),
            id: entry.cooperation_id,
            name: entry.name,
            form: words::cooperation_form(entry.form),
            status: words::cooperation_status(entry.status),
        })
        .collect();
    let populations = populations_of_party(&state.pool, &party, reading.known_at)
        .await?
        .into_iter()
        .map(|figure| {
            (
                figure.reference_date.to_string(),
                grouped(figure.population),
                figure.source,
            )
        })
        .collect();
    render(&PartyPage {
        populations,
        population_form: super::administrator::is_administrator(&signed_in)
            .then(|| super::administrator::setup::population::path(party.as_str())),
        chrome,
        kind: if party.is_region() {
            "Region"
        } else {
            "Kommun"
        },
        code: party.to_string(),
        name: name.to_owned(),
        cooperations,
    })
}

/// A number as Swedish writes it, its thousands grouped by a space: 20 326.
fn grouped(number: u32) -> String {
    let digits = number.to_string();
    let mut text = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push('\u{a0}');
        }
        text.push(digit);
    }
    text
}

fn unknown(code: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till någon part med koden {code}, så som det var känt vid den \
         tidpunkt du valt. En kommun har en kommunkod med fyra siffror, en region en länskod \
         med två."
    ))
}
