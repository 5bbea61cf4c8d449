//! A party: its registered name and code, and the cooperations it belongs to on the time bar's
//! day, with whether it hosts them.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::PartyCode;
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
    render(&PartyPage {
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

fn unknown(code: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till någon part med koden {code}, så som det var känt vid den \
         tidpunkt du valt. En kommun har en kommunkod med fyra siffror, en region en länskod \
         med två."
    ))
}
