//! The preview beside today: the arrangement the register shows today and the one it would show
//! on the effective date if the plan were carried out now, in two columns, grouped by what ends,
//! what moves, what begins and what continues, with every difference marked.
//!
//! The preview is the register's own (`Register::preview_transition`): the events carrying out
//! would write, applied to the read models in a transaction that is rolled back. It cites the
//! plan's own basis, since the page only looks; carrying out names its basis on its own page.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Days, NaiveDate};
use domain::contract::ContractHolder;
use domain::transition::TransitionError;
use projections::cooperations::cooperations;
use projections::transitions::{arrangement, Arrangement};
use projections::ReadAt;
use register::{Actor, Register, RegisterError};
use uuid::Uuid;

use super::workbench::{read_plan, PlanRead, PlanReading, Tab};
use crate::names::Names;
use crate::pages::{render, Chrome};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

/// What becomes of one thing of the arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Ends,
    Moves,
    Begins,
    Continues,
}

impl Change {
    fn heading(self) -> &'static str {
        match self {
            Change::Ends => "Det som upphör",
            Change::Moves => "Det som flyttas",
            Change::Begins => "Det som tillkommer",
            Change::Continues => "Det som fortsätter oförändrat",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Change::Ends => "upphor",
            Change::Moves => "flyttas",
            Change::Begins => "tillkommer",
            Change::Continues => "fortsatter",
        }
    }
}

/// One thing of the arrangement, today and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedRow {
    /// What kind of thing it is: "Ledamot", "Mandat", "Åtagande", "Avtal".
    pub kind: &'static str,
    pub subject: String,
    pub today: String,
    pub after: String,
}

/// The rows of one kind of change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparedSection {
    pub id: &'static str,
    pub heading: &'static str,
    /// Whether the rows differ between the columns; the section that continues does not.
    pub changed: bool,
    pub rows: Vec<ComparedRow>,
}

/// Today's arrangement beside the previewed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub today: NaiveDate,
    pub effective_on: NaiveDate,
    pub sections: Vec<ComparedSection>,
}

/// What the preview page shows in place of the comparison when there is none to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previewed {
    Compared(Comparison),
    CarriedOut(NaiveDate),
    Refused(String),
}

/// Previews carrying the plan out now and sets the result beside today's arrangement.
pub async fn preview_beside_today(
    state: &WebState,
    signed_in: &SignedIn,
    plan: &PlanReading,
) -> Result<Previewed, WebError> {
    if let Some(carried_out) = &plan.plan.carried_out {
        return Ok(Previewed::CarriedOut(carried_out.carried_out_on));
    }
    let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
    let preview = match register
        .preview_transition(plan.transition_id, plan.plan.basis.clone())
        .await
    {
        Ok(preview) => preview,
        Err(RegisterError::Store(message)) => return Err(WebError::Store(message)),
        Err(RegisterError::Rule(TransitionError::AlreadyCarriedOut { carried_out_on })) => {
            return Ok(Previewed::CarriedOut(carried_out_on))
        }
        Err(refused) => return Ok(Previewed::Refused(refused.to_string())),
    };
    let scope = register
        .arrangement_scope(plan.transition_id)
        .await
        .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
    let today = state.clock.today();
    let now = arrangement(&state.pool, &scope, ReadAt::on(today)).await?;
    let holders = cooperation_names(state, today).await?;
    Ok(Previewed::Compared(compare(
        &now,
        &preview.arrangement,
        preview.effective_on,
        &plan.names,
        &holders,
    )))
}

async fn cooperation_names(
    state: &WebState,
    today: NaiveDate,
) -> Result<BTreeMap<Uuid, String>, WebError> {
    Ok(cooperations(&state.pool, ReadAt::on(today))
        .await?
        .cooperations
        .into_iter()
        .map(|entry| (entry.cooperation_id, entry.name))
        .collect())
}

/// Sets `after` beside `now`, thing by thing.
pub fn compare(
    now: &Arrangement,
    after: &Arrangement,
    effective_on: NaiveDate,
    names: &Names,
    cooperations: &BTreeMap<Uuid, String>,
) -> Comparison {
    let last_day = effective_on
        .checked_sub_days(Days::new(1))
        .unwrap_or(effective_on);
    let mut rows: Vec<(Change, ComparedRow)> = Vec::new();

    // Members: a member seated today and not on the effective date ends with the body.
    for (body_now, body_after) in now.bodies.iter().zip(&after.bodies) {
        let body_name = body_now
            .membership
            .body
            .as_ref()
            .map_or_else(String::new, |body| body.name.clone());
        for member in &body_now.membership.members {
            let continues = body_after
                .membership
                .members
                .iter()
                .any(|later| later.membership_id == member.membership_id);
            let subject = format!(
                "{}, {} för {} i {body_name}",
                member.name,
                words::member_role(member.role).to_lowercase(),
                names.party(&member.party)
            );
            let today = format!("Tjänstgör {} – {}", member.serves_from, member.serves_to);
            let (change, after) = if continues {
                (Change::Continues, today.clone())
            } else {
                (
                    Change::Ends,
                    format!("Upphör {}", member.serves_to.min(last_day)),
                )
            };
            rows.push((
                change,
                ComparedRow {
                    kind: "Ledamot",
                    subject,
                    today,
                    after,
                },
            ));
        }
        for mandate in &body_now.mandates.mandates {
            let continues = body_after
                .mandates
                .mandates
                .iter()
                .any(|later| later.mandate_id == mandate.mandate_id);
            let subject = format!("{} ({body_name})", mandate.scope);
            let (change, after_text) = if continues {
                (Change::Continues, "Gäller".to_owned())
            } else {
                (Change::Ends, format!("Upphör {last_day}"))
            };
            rows.push((
                change,
                ComparedRow {
                    kind: "Mandat",
                    subject,
                    today: "Gäller".to_owned(),
                    after: after_text,
                },
            ));
        }
    }

    // Obligations and contracts are listed per party; each is compared once, by its id.
    let mut obligations_now = BTreeMap::new();
    let mut obligations_after = BTreeMap::new();
    let mut contracts_now = BTreeMap::new();
    let mut contracts_after = BTreeMap::new();
    for (arrangement, obligations, contracts) in [
        (now, &mut obligations_now, &mut contracts_now),
        (after, &mut obligations_after, &mut contracts_after),
    ] {
        for party in &arrangement.parties {
            for obligation in &party.obligations.obligations {
                obligations.insert(obligation.obligation_id, obligation.clone());
            }
            for contract in &party.contracts.contracts {
                contracts.insert(contract.contract_id, contract.clone());
            }
        }
        if let Some(successor) = &arrangement.successor_obligations {
            for obligation in &successor.obligations {
                obligations.insert(obligation.obligation_id, obligation.clone());
            }
        }
    }
    for (obligation_id, obligation) in &obligations_now {
        let today = format!("{} är skyldig", names.party(&obligation.debtor));
        let (change, after_text) = match obligations_after.get(obligation_id) {
            Some(later)
                if later.debtor == obligation.debtor
                    && later.cooperation_id == obligation.cooperation_id =>
            {
                (Change::Continues, today.clone())
            }
            Some(later) => (
                Change::Moves,
                format!("{} är skyldig", names.party(&later.debtor)),
            ),
            None => (Change::Ends, format!("Upphör {last_day}")),
        };
        rows.push((
            change,
            ComparedRow {
                kind: "Åtagande",
                subject: obligation.description.clone(),
                today,
                after: after_text,
            },
        ));
    }
    for (obligation_id, obligation) in &obligations_after {
        if !obligations_now.contains_key(obligation_id) {
            let holder = cooperations
                .get(&obligation.cooperation_id)
                .cloned()
                .unwrap_or_default();
            rows.push((
                Change::Begins,
                ComparedRow {
                    kind: "Åtagande",
                    subject: obligation.description.clone(),
                    today: "–".to_owned(),
                    after: format!(
                        "{} är skyldig från {}{}",
                        names.party(&obligation.debtor),
                        obligation.period.from,
                        if holder.is_empty() {
                            String::new()
                        } else {
                            format!(", inom {holder}")
                        }
                    ),
                },
            ));
        }
    }
    let holder_text = |holder: &Option<ContractHolder>, callers: &[domain::PartyCode]| {
        let held_by = match holder {
            Some(ContractHolder::Cooperation { cooperation_id }) => cooperations
                .get(cooperation_id)
                .cloned()
                .unwrap_or_else(|| cooperation_id.to_string()),
            Some(ContractHolder::Party { party }) => names.party(party.as_str()),
            None => "Ingen".to_owned(),
        };
        let callers = callers
            .iter()
            .map(|party| names.party(party.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        format!("Innehas av {held_by}; avropas av {callers}")
    };
    for (contract_id, contract) in &contracts_now {
        let today = holder_text(&contract.holder, &contract.callers);
        let (change, after_text) = match contracts_after.get(contract_id) {
            Some(later) => {
                let after_text = holder_text(&later.holder, &later.callers);
                if after_text == today {
                    (Change::Continues, after_text)
                } else {
                    (Change::Moves, after_text)
                }
            }
            None => (
                Change::Ends,
                format!("Ingen part avropar från {effective_on}"),
            ),
        };
        rows.push((
            change,
            ComparedRow {
                kind: "Avtal",
                subject: contract.title.clone(),
                today,
                after: after_text,
            },
        ));
    }

    let sections = [
        Change::Ends,
        Change::Moves,
        Change::Begins,
        Change::Continues,
    ]
    .into_iter()
    .map(|change| ComparedSection {
        id: change.id(),
        heading: change.heading(),
        changed: change != Change::Continues,
        rows: rows
            .iter()
            .filter(|(row_change, _)| *row_change == change)
            .map(|(_, row)| row.clone())
            .collect(),
    })
    .filter(|section| !section.rows.is_empty())
    .collect();
    Comparison {
        today: now.as_of,
        effective_on,
        sections,
    }
}

#[derive(Template)]
#[template(path = "administrator/preview.html")]
struct PreviewPage {
    chrome: Chrome,
    heading: String,
    tabs: Vec<Tab>,
    previewed: Previewed,
}

pub async fn preview(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let plan = match read_plan(&state, &signed_in, &id, "/forhandsvisning", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let previewed = preview_beside_today(&state, &signed_in, &plan).await?;
    let page = PreviewPage {
        heading: plan.heading(),
        tabs: plan.tabs("/forhandsvisning"),
        previewed,
        chrome: plan.chrome.clone(),
    };
    render(&page)
}
