//! The cost shares of the cooperation being replaced: for every budget year, each party's share
//! as the allocation key agrees it against the share the budget actually charges it once the
//! key's named exceptions are counted (seed 004: 50/50 agreed, 52/48 actual), as a chart and in
//! a table beside it.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::allocation::{budget_years, cost_shares, CostSharesError, CostSharesView};
use projections::{KnownAt, ReadAt};

use super::workbench::{read_plan, PlanRead, Tab};
use crate::charts::{self, Chart, ShareBar};
use crate::pages::{render, Chrome};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

/// One party's shares of one year, as the table shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    pub year: i32,
    pub party: String,
    pub agreed: String,
    pub actual: String,
    pub difference: String,
    pub exceptions: String,
}

/// A year whose shares could not be computed, and why, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsharedYear {
    pub year: i32,
    pub why: String,
}

/// The cost shares of a cooperation over its budget years: the chart, the rows and the years
/// that could not be shared. The beslutsunderlag shows the same.
#[derive(Debug)]
pub struct CostShares {
    pub chart: Option<Chart>,
    pub rows: Vec<ShareRow>,
    pub unshared: Vec<UnsharedYear>,
}

/// Reads and draws the cost shares of `cooperation_id` at `read_at`, parties named by `party`.
pub async fn read_cost_shares(
    state: &WebState,
    cooperation_id: uuid::Uuid,
    read_at: ReadAt,
    party: impl Fn(&str) -> String,
) -> Result<CostShares, WebError> {
    let years = budget_years(&state.pool, cooperation_id, read_at).await?;
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut unshared = Vec::new();
    for year in years {
        match cost_shares(&state.pool, cooperation_id, year, read_at).await {
            Ok(view) => {
                for (row, bar) in shares_of(&view, &party) {
                    rows.push(row);
                    bars.push(bar);
                }
            }
            Err(CostSharesError::Query(error)) => return Err(error.into()),
            Err(error) => unshared.push(UnsharedYear {
                year,
                why: why_unshared(&error),
            }),
        }
    }
    let chart = if bars.is_empty() {
        None
    } else {
        let description = format!(
            "Varje parts avtalade andel (ljus stapel) och faktiska andel (mörk stapel) av \
             kostnaderna, per budgetår. {} Samma uppgifter finns i tabellen under.",
            rows.iter()
                .map(|row| format!(
                    "{} {}: avtalad {}, faktisk {}.",
                    row.year, row.party, row.agreed, row.actual
                ))
                .collect::<Vec<_>>()
                .join(" ")
        );
        match charts::cost_shares(
            "kostnadsandelar",
            "Avtalad och faktisk kostnadsandel per part och år",
            &description,
            &bars,
        ) {
            Ok(chart) => Some(chart),
            Err(error) => {
                tracing::warn!(%error, "the cost shares are shown as a table only");
                None
            }
        }
    };
    Ok(CostShares {
        chart,
        rows,
        unshared,
    })
}

/// Each party's agreed and actual share of one year.
fn shares_of(view: &CostSharesView, party: &impl Fn(&str) -> String) -> Vec<(ShareRow, ShareBar)> {
    let total_weight: u64 = view.parties.iter().map(|share| share.weight).sum();
    view.parties
        .iter()
        .map(|share| {
            // The key's weight is a population or a fixed share in basis points; either way the
            // agreed share is the party's part of the sum of weights.
            let agreed = if total_weight == 0 {
                0.0
            } else {
                share.weight as f64 * 100.0 / total_weight as f64
            };
            let actual = share
                .effective_basis_points
                .map(|points| f64::from(points) / 100.0);
            let name = party(share.party.as_str());
            let row = ShareRow {
                year: view.year,
                party: name.clone(),
                agreed: percent(agreed),
                actual: actual.map_or_else(|| "–".to_owned(), percent),
                difference: actual.map_or_else(
                    || "–".to_owned(),
                    |actual| format!("{:+.2} procentenheter", actual - agreed),
                ),
                exceptions: share
                    .exceptions
                    .iter()
                    .map(|exception| exception.line.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let bar = ShareBar {
                label: format!("{} {}", view.year, name),
                agreed_percent: agreed,
                actual_percent: actual.unwrap_or(0.0),
            };
            (row, bar)
        })
        .collect()
}

/// A share as the page writes it: two decimals, as the register computes basis points.
fn percent(value: f64) -> String {
    format!("{value:.2} %")
}

fn why_unshared(error: &CostSharesError) -> String {
    match error {
        CostSharesError::NoBudget { .. } => "Ingen budget finns för året.".to_owned(),
        CostSharesError::NoAgreementInForce { on } => {
            format!("Inget samverkansavtal gäller {on}, så ingen fördelningsnyckel väljs.")
        }
        CostSharesError::NoKeyForAgreementVersion { on, .. } => {
            format!("Samverkansavtalet som gäller {on} har ingen fördelningsnyckel.")
        }
        CostSharesError::Allocation(error) => {
            format!("Budgeten kan inte fördelas enligt nyckeln. Registrets besked: {error}")
        }
        CostSharesError::Query(error) => error.to_string(),
    }
}

#[derive(Template)]
#[template(path = "administrator/cost_shares.html")]
struct CostSharesPage {
    chrome: Chrome,
    heading: String,
    tabs: Vec<Tab>,
    shares: CostShares,
    agreed_colour: String,
    actual_colour: String,
}

pub async fn cost_shares_page(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let plan = match read_plan(&state, &signed_in, &id, "/kostnader", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let read_at =
        ReadAt::on(plan.reading.read_at.as_of).known_at(KnownAt::Position(plan.reading.known_at));
    let shares = read_cost_shares(&state, plan.plan.cooperation_id, read_at, |code| {
        plan.names.party(code)
    })
    .await?;
    let page = CostSharesPage {
        heading: plan.heading(),
        tabs: plan.tabs("/kostnader"),
        shares,
        agreed_colour: charts::agreed_colour_code(),
        actual_colour: charts::actual_colour_code(),
        chrome: plan.chrome.clone(),
    };
    render(&page)
}
