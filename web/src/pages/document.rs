//! A governing document (samverkansavtal, reglemente, …): the version in force on the time bar's
//! day with its clauses and the decision behind it, every amendment with what it changed, and
//! any two versions side by side, clause by clause.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::governing_document::ClauseChange;
use projections::documents::{
    amendments, compare_clauses, document_in_force, document_version, ClauseComparison,
    DocumentVersionView,
};
use projections::ReadModel;
use serde::Deserialize;
use uuid::Uuid;

use super::{pin, render, time_bar, Chrome, Pinned};
use crate::names::Names;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

/// The address of a document's page.
pub fn document_path(document_id: Uuid) -> String {
    format!("/dokument/{document_id}")
}

/// Which two versions to set side by side; by default the one in force and the one before it.
#[derive(Debug, Default, Deserialize)]
pub struct Comparing {
    fran: Option<String>,
    till: Option<String>,
}

#[derive(Debug)]
struct AmendmentRow {
    version: u32,
    effective_on: String,
    decided_by: String,
    changes: String,
    correction: Option<String>,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    chrome: Chrome,
    title: String,
    kind: &'static str,
    cooperation_id: Uuid,
    as_of: String,
    /// The version in force on the day, when one is.
    in_force: Option<InForce>,
    amendments: Vec<AmendmentRow>,
    versions: Vec<u32>,
    /// The two versions compared, and their clauses side by side.
    compared: Option<(u32, u32, Vec<ClauseComparison>)>,
    /// Why the comparison asked for could not be made.
    comparison_error: Option<String>,
    /// Where an administrator amends the document.
    amend_path: Option<String>,
}

#[derive(Debug)]
struct InForce {
    version: u32,
    effective_on: String,
    decided_by: String,
    clauses: Vec<(String, String)>,
}

pub async fn document_page(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
    comparing: Result<Query<Comparing>, QueryRejection>,
) -> Result<Response, WebError> {
    let Ok(document_id) = id.parse::<Uuid>() else {
        return Err(unknown(&id));
    };
    let comparing = comparing
        .map(|Query(comparing)| comparing)
        .unwrap_or_default();
    let mut chrome = Chrome::new(
        &signed_in,
        document_path(document_id),
        time_bar(query, &state),
    );
    let reading = match pin(&state, &mut chrome, ReadModel::Documents).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let read_at = reading.read_at;
    let listed = amendments(&state.pool, document_id, read_at).await?;
    let Some(first) = listed.first() else {
        return Err(unknown(&id));
    };
    let Some(adopted) = document_version(&state.pool, document_id, first.version, read_at).await?
    else {
        return Err(unknown(&id));
    };
    let in_force = document_in_force(&state.pool, document_id, read_at).await?;
    let bases = listed
        .iter()
        .map(|amendment| &amendment.basis)
        .chain(in_force.iter().map(|version| &version.basis));
    let names = Names::gather(&state.pool, reading.known_at, bases).await?;
    let versions: Vec<u32> = listed.iter().map(|amendment| amendment.version).collect();
    let latest = in_force
        .as_ref()
        .map_or(first.version, |version| version.version);
    let (from, to) = match (chosen(&comparing.fran), chosen(&comparing.till)) {
        (Ok(from), Ok(to)) => (
            from.unwrap_or(latest.saturating_sub(1).max(first.version)),
            to.unwrap_or(latest),
        ),
        _ => (0, 0),
    };
    let (compared, comparison_error) = if from == 0 || to == 0 {
        (None, Some("Välj två versioner med sina nummer.".to_owned()))
    } else if from == to {
        (None, None)
    } else {
        let earlier = document_version(&state.pool, document_id, from, read_at).await?;
        let later = document_version(&state.pool, document_id, to, read_at).await?;
        match (earlier, later) {
            (Some(earlier), Some(later)) => (
                Some((from, to, compare_clauses(&earlier.clauses, &later.clauses))),
                None,
            ),
            _ => (
                None,
                Some(format!(
                    "Dokumentet har ingen version {} så som registret kände till det.",
                    if versions.contains(&from) { to } else { from }
                )),
            ),
        }
    };
    render(&DocumentPage {
        amend_path: super::administrator::is_administrator(&signed_in)
            .then(|| super::administrator::setup::amendment::path(document_id)),
        title: adopted.title.clone(),
        kind: words::document_kind(adopted.kind),
        cooperation_id: adopted.cooperation_id,
        as_of: chrome.time_bar.as_of.to_string(),
        in_force: in_force.map(|version| in_force_of(version, &names)),
        amendments: listed
            .iter()
            .map(|amendment| AmendmentRow {
                version: amendment.version,
                effective_on: amendment.effective_on.to_string(),
                decided_by: names.cite(&amendment.basis),
                changes: match amendment.amends_version {
                    None => "Antaget".to_owned(),
                    Some(_) => amendment
                        .changes
                        .iter()
                        .map(change_words)
                        .collect::<Vec<_>>()
                        .join("; "),
                },
                correction: amendment
                    .correction
                    .as_ref()
                    .map(|correction| correction.reason.clone()),
            })
            .collect(),
        versions,
        compared,
        comparison_error,
        chrome,
    })
}

/// A version number from the comparison form: none when left empty, an error when not a number.
fn chosen(text: &Option<String>) -> Result<Option<u32>, ()> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => text.parse::<u32>().map(Some).map_err(|_| ()),
    }
}

fn in_force_of(version: DocumentVersionView, names: &Names) -> InForce {
    InForce {
        version: version.version,
        effective_on: version.effective_on.to_string(),
        decided_by: names.cite(&version.basis),
        clauses: version
            .clauses
            .into_iter()
            .map(|clause| (clause.number, clause.text))
            .collect(),
    }
}

/// An amendment's change as the list of amendments says it: "punkt § 2 ändras".
fn change_words(change: &ClauseChange) -> String {
    match change {
        ClauseChange::Replace { number, .. } => format!("punkt {number} ändras"),
        ClauseChange::Insert { number, .. } => format!("punkt {number} införs"),
        ClauseChange::Remove { number } => format!("punkt {number} utgår"),
    }
}

fn unknown(id: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till något styrdokument med id {id}, så som det var känt vid den \
         tidpunkt du valt."
    ))
}
