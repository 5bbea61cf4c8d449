//! A cooperation: its form, host, parties and status on the time bar's day, the cooperations
//! before and after it, and its bodies with each one's standing that day.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::contract::ContractHolder;
use projections::allocation::budget_years;
use projections::contracts::contracts_of_cooperation;
use projections::cooperations::cooperations;
use projections::documents::documents_of_cooperation;
use projections::membership::bodies_of_cooperation;
use projections::obligations::obligations_of_cooperation;
use projections::transitions::transitions_of_cooperation;
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
    contracts: Vec<ContractRow>,
    obligations: Vec<ObligationRow>,
    /// The plans to replace the cooperation: the workbench's address and what it says.
    transitions: Vec<(String, String)>,
    /// Where an administrator imports the cooperation's contract register.
    contract_import: Option<String>,
    /// Where an administrator admits a party and establishes a body.
    admission: Option<String>,
    new_body: Option<String>,
    new_obligation: Option<String>,
    /// The years the cooperation has a budget for, and where an administrator adopts one.
    budget_years: Vec<(i32, String)>,
    new_budget: Option<String>,
    /// Where an administrator adopts a governing document.
    new_document: Option<String>,
}

/// A contract as the cooperation's list shows it, with who holds it and may call off that day.
#[derive(Debug)]
struct ContractRow {
    title: String,
    kind: &'static str,
    supplier: String,
    ends_on: String,
    held_by: String,
    callers: String,
}

/// An obligation of a party under the cooperation, with where it stands that day.
#[derive(Debug)]
struct ObligationRow {
    debtor: PartyLink,
    description: String,
    status: &'static str,
    /// Where an administrator closes it, while it is open.
    close_path: Option<String>,
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
    let contracts = contracts_of_cooperation(&state.pool, cooperation_id, read_at)
        .await?
        .contracts
        .into_iter()
        .map(|contract| ContractRow {
            held_by: match &contract.holder {
                Some(ContractHolder::Cooperation {
                    cooperation_id: holder,
                }) if *holder == cooperation_id => "Samverkan".to_owned(),
                Some(ContractHolder::Cooperation {
                    cooperation_id: holder,
                }) => name_of(*holder)
                    .map_or_else(|| "En annan samverkan".to_owned(), |(_, name)| name),
                Some(ContractHolder::Party { party }) => names.party(party.as_str()),
                // A contract is held only during its term.
                None if contract.ends_on < read_at.as_of => "Har löpt ut".to_owned(),
                None => "Har inte börjat".to_owned(),
            },
            callers: contract
                .callers
                .iter()
                .map(|caller| names.party(caller.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            title: contract.title,
            kind: words::contract_kind(contract.kind),
            supplier: contract.supplier,
            ends_on: contract.ends_on.to_string(),
        })
        .collect();
    let administrator = super::administrator::is_administrator(&signed_in);
    let obligations = obligations_of_cooperation(&state.pool, cooperation_id, read_at)
        .await?
        .obligations
        .into_iter()
        .map(|obligation| ObligationRow {
            close_path: (administrator && obligation.closure.is_none()).then(|| {
                super::administrator::setup::closure::path(cooperation_id, obligation.obligation_id)
            }),
            debtor: names.link(&obligation.debtor),
            description: obligation.description,
            status: words::obligation_status(obligation.status),
        })
        .collect();
    let transitions = transitions_of_cooperation(&state.pool, cooperation_id, read_at)
        .await?
        .transitions
        .into_iter()
        .map(|plan| {
            let state = match plan.carried_out_on {
                Some(day) => format!(", genomförd {day}"),
                None => String::new(),
            };
            (
                format!("/omstallning/{}", plan.transition_id),
                format!(
                    "{} från {}{state}",
                    words::successor_form(plan.successor_form),
                    plan.effective_on
                ),
            )
        })
        .collect();
    let budget_years = budget_years(&state.pool, cooperation_id, read_at)
        .await?
        .into_iter()
        .map(|year| (year, format!("/samverkan/{cooperation_id}/budget/{year}")))
        .collect();
    render(&CooperationPage {
        new_document: administrator
            .then(|| super::administrator::setup::document::path(cooperation_id)),
        budget_years,
        new_budget: administrator
            .then(|| super::administrator::setup::budget::path(cooperation_id)),
        new_obligation: administrator
            .then(|| super::administrator::setup::obligation::path(cooperation_id)),
        admission: administrator
            .then(|| super::administrator::setup::admission::path(cooperation_id)),
        new_body: administrator.then(|| super::administrator::setup::body::path(cooperation_id)),
        contract_import: super::administrator::is_administrator(&signed_in)
            .then(|| super::administrator::contract_import::import_path(cooperation_id)),
        transitions,
        contracts,
        obligations,
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
