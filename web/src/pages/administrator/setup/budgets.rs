//! A cooperation's budget for a year: its lines as the latest revision states them, the decision
//! that adopted it, and what it charges each party where an allocation key splits it. The budget
//! form returns here.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use domain::allocation::BudgetLineKind;
use projections::allocation::{budget_of_year, cost_shares, CostSharesError};
use projections::cooperations::cooperations;
use projections::ReadModel;
use uuid::Uuid;

use super::budget::KINDS;
use crate::names::Names;
use crate::pages::{pin, render, time_bar, Chrome, Pinned};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

#[derive(Debug)]
struct LineRow {
    name: String,
    kind: &'static str,
    amount: String,
}

#[derive(Template)]
#[template(path = "administrator/setup/budgets.html")]
struct BudgetPage {
    chrome: Chrome,
    cooperation_id: Uuid,
    name: String,
    year: i32,
    revision: u32,
    basis: String,
    lines: Vec<LineRow>,
    /// Each party's part, by name, in kronor; or why the budget cannot be split.
    shares: Result<Vec<(String, String)>, String>,
}

/// A whole number as Swedish writes it, its thousands grouped by a space: 6 281.
fn grouped(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    let mut text = String::new();
    if number < 0 {
        text.push('−');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push('\u{a0}');
        }
        text.push(digit);
    }
    text
}

pub async fn budget(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path((id, year)): Path<(String, String)>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let unknown = || {
        WebError::NotFound(format!(
            "Registret har ingen budget för {year} för samverkan {id}, så som det var känt vid \
             den tidpunkt du valt."
        ))
    };
    let (Ok(cooperation_id), Ok(budget_year)) = (id.parse::<Uuid>(), year.parse::<i32>()) else {
        return Err(unknown());
    };
    let mut chrome = Chrome::new(
        &signed_in,
        format!("/samverkan/{cooperation_id}/budget/{budget_year}"),
        time_bar(query, &state),
    );
    let reading = match pin(&state, &mut chrome, ReadModel::Allocation).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(page),
    };
    let Some(budget) =
        budget_of_year(&state.pool, cooperation_id, budget_year, reading.known_at).await?
    else {
        return Err(unknown());
    };
    let name = cooperations(&state.pool, reading.read_at)
        .await?
        .cooperations
        .into_iter()
        .find(|entry| entry.cooperation_id == cooperation_id)
        .map_or_else(|| cooperation_id.to_string(), |entry| entry.name);
    let names = Names::gather(&state.pool, reading.known_at, [&budget.basis]).await?;
    let kind = |kind: BudgetLineKind| {
        KINDS
            .iter()
            .find(|(known, _, _)| *known == kind)
            .map_or("", |(_, _, label)| label)
    };
    let shares = match cost_shares(&state.pool, cooperation_id, budget_year, reading.read_at).await
    {
        Ok(view) => Ok(view
            .parties
            .iter()
            .map(|share| {
                (
                    names.party(share.party.as_str()),
                    format!("{} kr", grouped(share.total_kronor)),
                )
            })
            .collect()),
        Err(CostSharesError::NoAgreementInForce { on })
        | Err(CostSharesError::NoKeyForAgreementVersion { on, .. }) => Err(format!(
            "Budgeten fördelas inte än: inget samverkansavtal med fördelningsnyckel gäller {on}, \
             den dag som väljer nyckeln för budgetåret."
        )),
        Err(CostSharesError::Allocation(error)) => Err(format!(
            "Budgeten kan inte fördelas med nyckeln. Registrets besked: {error}"
        )),
        Err(CostSharesError::NoBudget { .. }) => Err(String::new()),
        Err(CostSharesError::Query(error)) => return Err(error.into()),
    };
    render(&BudgetPage {
        chrome,
        cooperation_id,
        name,
        year: budget_year,
        revision: budget.revision,
        basis: names.cite(&budget.basis),
        lines: budget
            .lines
            .iter()
            .map(|line| LineRow {
                name: line.name.clone(),
                kind: kind(line.kind),
                amount: grouped(line.amount_tkr),
            })
            .collect(),
        shares,
    })
}
