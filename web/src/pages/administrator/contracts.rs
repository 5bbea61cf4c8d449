//! The contracts of the cooperation being replaced, as a timeline around the effective date:
//! each contract's run and options, coloured by what becomes of it, the ones expiring within six
//! months of the effective date framed; and the same in a table.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use domain::transition::{ContractDisposition, EXPIRY_WATCH_MONTHS};
use projections::contracts::contracts_of_cooperation;
use projections::transitions::readiness;
use projections::{KnownAt, ReadAt};

use super::workbench::{read_plan, PlanRead, Tab};
use crate::charts::{contract_timeline, Chart, ContractFate, ContractRun};
use crate::pages::{render, Chrome};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

#[derive(Debug)]
struct ContractRow {
    title: String,
    supplier: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    latest_possible_end: NaiveDate,
    fate: String,
    expiring: bool,
    form_path: String,
}

#[derive(Debug)]
struct LegendEntry {
    colour: String,
    option_colour: String,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "administrator/contracts.html")]
struct ContractsPage {
    chrome: Chrome,
    heading: String,
    tabs: Vec<Tab>,
    effective_on: NaiveDate,
    watch_months: u32,
    chart: Option<Chart>,
    legend: Vec<LegendEntry>,
    rows: Vec<ContractRow>,
    may_change: bool,
}

fn fate_of(disposition: Option<&ContractDisposition>) -> ContractFate {
    match disposition {
        Some(ContractDisposition::ContinuesJointly) => ContractFate::ContinuesJointly,
        Some(ContractDisposition::MovesToParty { .. }) => ContractFate::MovesToParty,
        Some(ContractDisposition::EndsAtExpiry) => ContractFate::EndsAtExpiry,
        Some(ContractDisposition::ProcuredAgainBy { .. }) => ContractFate::ProcuredAgain,
        None => ContractFate::Undecided,
    }
}

const LEGEND: [(ContractFate, &str); 5] = [
    (ContractFate::ContinuesJointly, "Fortsätter gemensamt"),
    (ContractFate::MovesToParty, "Övergår till en part"),
    (ContractFate::EndsAtExpiry, "Löper ut"),
    (ContractFate::ProcuredAgain, "Upphandlas på nytt av en part"),
    (ContractFate::Undecided, "Saknar beslut"),
];

pub async fn contracts(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let plan = match read_plan(&state, &signed_in, &id, "/avtal", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let view = &plan.plan;
    let effective_on = view.effective_on;
    let known_at = KnownAt::Position(plan.reading.known_at);
    let expiring: Vec<_> = readiness(&state.pool, plan.transition_id, plan.reading.read_at)
        .await?
        .map(|answer| answer.readiness.contracts_expiring_near_effective_date)
        .unwrap_or_default()
        .into_iter()
        .map(|contract| contract.contract_id)
        .collect();
    let listed = contracts_of_cooperation(
        &state.pool,
        view.cooperation_id,
        ReadAt::on(effective_on).known_at(known_at),
    )
    .await?
    .contracts;
    let base = super::workbench_path(plan.transition_id);
    let mut runs = Vec::with_capacity(listed.len());
    let mut rows = Vec::with_capacity(listed.len());
    for contract in listed {
        let disposition = view
            .contract_dispositions
            .iter()
            .find(|view| view.contract_id == contract.contract_id)
            .map(|view| &view.disposition);
        let fate = fate_of(disposition);
        let is_expiring = expiring.contains(&contract.contract_id);
        runs.push(ContractRun {
            title: contract.title.clone(),
            starts_on: contract.starts_on,
            ends_on: contract.ends_on,
            latest_possible_end: contract.latest_possible_end,
            fate,
            expiring: is_expiring,
        });
        rows.push(ContractRow {
            fate: disposition.map_or_else(
                || "Saknar beslut".to_owned(),
                |disposition| {
                    words::contract_disposition(disposition, |code| plan.names.party(code))
                },
            ),
            form_path: format!("{base}/avtal/{}", contract.contract_id),
            title: contract.title,
            supplier: contract.supplier,
            starts_on: contract.starts_on,
            ends_on: contract.ends_on,
            latest_possible_end: contract.latest_possible_end,
            expiring: is_expiring,
        });
    }
    let chart = if runs.is_empty() {
        None
    } else {
        let description = format!(
            "{} avtal som tidslinjer kring ikraftträdandet {effective_on}, den röda linjen. \
             Mörk stapel är avtalets löptid, ljus stapel dess förlängningsoptioner; färgen visar \
             vad som händer med avtalet. {} avtal som löper ut inom {EXPIRY_WATCH_MONTHS} månader \
             från ikraftträdandet har svart ram. Samma uppgifter finns i tabellen under.",
            runs.len(),
            expiring.len(),
        );
        match contract_timeline(
            "avtalstidslinje",
            &format!("Avtalens löptid kring {effective_on}"),
            &description,
            &runs,
            effective_on,
        ) {
            Ok(chart) => Some(chart),
            Err(error) => {
                tracing::warn!(%error, "the contract timeline is shown as a table only");
                None
            }
        }
    };
    let page = ContractsPage {
        heading: plan.heading(),
        tabs: plan.tabs("/avtal"),
        effective_on,
        watch_months: EXPIRY_WATCH_MONTHS,
        chart,
        legend: LEGEND
            .iter()
            .map(|(fate, label)| LegendEntry {
                colour: fate.colour_code(),
                option_colour: fate.option_colour_code(),
                label,
            })
            .collect(),
        rows,
        may_change: plan.may_change,
        chrome: plan.chrome.clone(),
    };
    render(&page)
}
