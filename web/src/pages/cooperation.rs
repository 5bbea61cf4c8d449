//! A cooperation: its form, host, parties and status on the time bar's day, the cooperations
//! before and after it, and its bodies with each one's standing that day.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::cooperations::cooperations;
use projections::documents::documents_of_cooperation;
use projections::membership::bodies_of_cooperation;
use projections::ReadModel;
use uuid::Uuid;

use super::{document, pin, render, time_bar, Chrome, Pinned};
use crate::names::{Names, PartyLink};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

#[derive(Debug)]
struct BodyRow {
    id: Uuid,
    name: String,
    kind: &'static str,
    established_on: String,
    last_day: String,
    standing: String,
}

#[derive(Template)]
#[template(path = "cooperation.html")]
struct CooperationPage {
    chrome: Chrome,
    name: String,
    form: &'static str,
    host: PartyLink,
    parties: Vec<PartyLink>,
    established_on: String,
    status: &'static str,
    dissolution_effective_on: Option<String>,
    /// The cooperation this one replaced, and the one that replaces it, by id and name.
    predecessor: Option<(Uuid, String)>,
    successor: Option<(Uuid, String)>,
    bodies: Vec<BodyRow>,
    /// The documents in force on the day: address, title, kind, version and its first day.
    documents: Vec<DocumentRow>,
}

#[derive(Debug)]
struct DocumentRow {
    path: String,
    title: String,
    kind: &'static str,
    version: u32,
    effective_on: String,
}

pub async fn cooperation(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let Ok(cooperation_id) = id.parse::<Uuid>() else {
        return Err(unknown(&id));
    };
    let mut chrome = Chrome::new(
        &signed_in,
        format!("/samverkan/{cooperation_id}"),
        time_bar(query, &state),
    );
    let reading = match pin(&state, &mut chrome, ReadModel::Cooperations).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let read_at = reading.read_at;
    let known = cooperations(&state.pool, read_at).await?.cooperations;
    let name_of = |id: Uuid| {
        known
            .iter()
            .find(|entry| entry.cooperation_id == id)
            .map(|entry| (id, entry.name.clone()))
    };
    let Some(entry) = known
        .iter()
        .find(|entry| entry.cooperation_id == cooperation_id)
    else {
        return Err(unknown(&id));
    };
    let names = Names::gather(&state.pool, reading.known_at, []).await?;
    let predecessor = entry.predecessor.and_then(name_of);
    let successor = entry.successor.and_then(name_of);
    let bodies = bodies_of_cooperation(&state.pool, cooperation_id, read_at)
        .await?
        .bodies
        .into_iter()
        .map(|body| BodyRow {
            id: body.body_id,
            name: body.name,
            kind: words::body_kind(body.kind),
            established_on: body.established_on.to_string(),
            last_day: body.last_day.map(|day| day.to_string()).unwrap_or_default(),
            standing: words::body_standing(body.standing),
        })
        .collect();
    let documents = documents_of_cooperation(&state.pool, cooperation_id, read_at)
        .await?
        .into_iter()
        .map(|document| DocumentRow {
            path: document::document_path(document.document_id),
            title: document.title,
            kind: words::document_kind(document.kind),
            version: document.version,
            effective_on: document.effective_on.to_string(),
        })
        .collect();
    render(&CooperationPage {
        documents,
        chrome,
        name: entry.name.clone(),
        form: words::cooperation_form(entry.form),
        host: names.link(&entry.host),
        parties: names.links(&entry.parties),
        established_on: entry.established_on.to_string(),
        status: words::cooperation_status(entry.status),
        dissolution_effective_on: entry.dissolution_effective_on.map(|day| day.to_string()),
        predecessor,
        successor,
        bodies,
    })
}

fn unknown(id: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till någon samverkan med id {id}, så som det var känt vid den \
         tidpunkt du valt."
    ))
}
