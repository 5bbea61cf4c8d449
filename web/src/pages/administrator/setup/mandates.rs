//! A body's mandates on the time bar's day: the category each covers with what it excludes, its
//! scope and days, its source, and the parts delegated to officials. The mandate and delegation
//! forms return here, and an administrator finds them here.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::DateRange;
use projections::mandates::mandates_of_body;
use projections::membership::body_on_day;
use projections::ReadModel;
use uuid::Uuid;

use super::{delegation_path, mandate_path, mandates_path};
use crate::names::Names;
use crate::pages::administrator::is_administrator;
use crate::pages::{pin, render, time_bar, Chrome, Pinned};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

#[derive(Debug)]
struct MandateRow {
    category: String,
    scope: String,
    exclusions: Vec<String>,
    days: String,
    basis: String,
    delegations: Vec<DelegationRow>,
    /// Where an administrator delegates part of it.
    delegate_path: Option<String>,
}

#[derive(Debug)]
struct DelegationRow {
    delegate: String,
    category: String,
    days: String,
    basis: String,
}

#[derive(Template)]
#[template(path = "administrator/setup/mandates.html")]
struct MandatesPage {
    chrome: Chrome,
    body_id: Uuid,
    name: String,
    mandates: Vec<MandateRow>,
    /// Where an administrator records a new mandate.
    new_mandate: Option<String>,
}

/// "2020-01-01 – 2026-12-31", or "från 2020-01-01" for days without an end.
pub fn days(range: &DateRange) -> String {
    match range.to {
        Some(to) => format!("{} – {to}", range.from),
        None => format!("från {}", range.from),
    }
}

pub async fn mandates(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let unknown = || {
        WebError::NotFound(format!(
            "Registret känner inte till något organ med id {id}, så som det var känt vid den \
             tidpunkt du valt."
        ))
    };
    let Ok(body_id) = id.parse::<Uuid>() else {
        return Err(unknown());
    };
    let mut chrome = Chrome::new(&signed_in, mandates_path(body_id), time_bar(query, &state));
    let reading = match pin(&state, &mut chrome, ReadModel::Mandates).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let Some(body) = body_on_day(&state.pool, body_id, reading.read_at)
        .await?
        .body
    else {
        return Err(unknown());
    };
    let held = mandates_of_body(&state.pool, body_id, reading.read_at)
        .await?
        .mandates;
    let mut bases = Vec::new();
    for mandate in &held {
        bases.push(mandate.basis.clone());
        bases.extend(
            mandate
                .delegations
                .iter()
                .map(|delegation| delegation.basis.clone()),
        );
    }
    let names = Names::gather(&state.pool, reading.known_at, &bases).await?;
    let administrator = is_administrator(&signed_in);
    let mandates = held
        .iter()
        .map(|mandate| MandateRow {
            category: mandate.category.to_string(),
            scope: mandate.scope.clone(),
            exclusions: mandate.exclusions.iter().map(ToString::to_string).collect(),
            days: days(&mandate.valid),
            basis: names.cite(&mandate.basis),
            delegations: mandate
                .delegations
                .iter()
                .map(|delegation| DelegationRow {
                    delegate: delegation.delegate.clone(),
                    category: delegation.category.to_string(),
                    days: days(&delegation.valid),
                    basis: names.cite(&delegation.basis),
                })
                .collect(),
            delegate_path: administrator.then(|| delegation_path(body_id, mandate.mandate_id)),
        })
        .collect();
    render(&MandatesPage {
        chrome,
        body_id,
        name: body.name,
        mandates,
        new_mandate: administrator.then(|| mandate_path(body_id)),
    })
}
