//! The printable beslutsunderlag for the councils that must decide a transition: the plan, its
//! readiness with every blocker, the preview beside today and the cost shares, laid out for A4
//! and read at the time bar's clocks, so that the document the board saw can be printed again.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use projections::{KnownAt, ReadAt};

use super::cost_shares::{read_cost_shares, CostShares};
use super::preview::{preview_beside_today, Previewed};
use super::workbench::{overview, read_plan, Overview, PlanRead};
use crate::charts;
use crate::pages::render;
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{WebError, WebState};

#[derive(Template)]
#[template(path = "print/decision_basis.html")]
struct DecisionBasisPage {
    meeting_path: String,
    heading: String,
    known_at: u64,
    o: Overview,
    previewed: Previewed,
    shares: CostShares,
    agreed_colour: String,
    actual_colour: String,
}

pub async fn decision_basis(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let mut plan = match read_plan(&state, &signed_in, &id, "/beslutsunderlag", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    // A printed document offers no forms.
    plan.may_change = false;
    let read_at =
        ReadAt::on(plan.reading.read_at.as_of).known_at(KnownAt::Position(plan.reading.known_at));
    let shares = read_cost_shares(&state, plan.plan.cooperation_id, read_at, |code| {
        plan.names.party(code)
    })
    .await?;
    let page = DecisionBasisPage {
        meeting_path: format!(
            "{}{}",
            super::workbench_path(plan.transition_id),
            plan.chrome.query()
        ),
        heading: plan.heading(),
        known_at: plan.reading.known_at.get(),
        o: overview(&state, &plan).await?,
        previewed: preview_beside_today(&state, &signed_in, &plan).await?,
        shares,
        agreed_colour: charts::agreed_colour_code(),
        actual_colour: charts::actual_colour_code(),
    };
    render(&page)
}
