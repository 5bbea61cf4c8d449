//! The transition workbench: readiness at a glance, every blocker grouped with a link to the form
//! that resolves it, the steps with their responsible party, due date and dependencies, the
//! obligations and the parties' decisions, for any `as_of` and `known_at`, so that an
//! administrator can show the board how things looked on the day it decided.
//!
//! The contracts, the cost shares, the preview and carrying out have their own pages under the
//! same address; each reads the plan the same way, through [`read_plan`].

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use domain::obligation::ObligationKind;
use domain::transition::{Blocker, TransitionView};
use domain::LegalBasis;
use projections::obligations::obligations_open_from;
use projections::transitions::{readiness, transition};
use projections::ReadModel;
use uuid::Uuid;

use super::plan::cooperation_name;
use super::{is_administrator, workbench_path};
use crate::names::Names;
use crate::pages::{pin, render, time_bar, Chrome, Pinned, Reading};
use crate::session::SignedIn;
use crate::time_bar::TimeBarQuery;
use crate::{words, WebError, WebState};

/// A plan read at the page's two clocks, with what every workbench page shows around it.
#[derive(Debug)]
pub struct PlanReading {
    pub chrome: Chrome,
    pub reading: Reading,
    pub transition_id: Uuid,
    pub plan: TransitionView,
    pub names: Names,
    pub cooperation_name: String,
    /// Whether the page offers the forms that change the plan.
    pub may_change: bool,
}

impl PlanReading {
    /// The page's heading.
    pub fn heading(&self) -> String {
        format!(
            "Omställning av {} från {}",
            self.cooperation_name, self.plan.effective_on
        )
    }

    /// The tabs of the workbench, with the time bar carried onto each.
    pub fn tabs(&self, current: &str) -> Vec<Tab> {
        let base = workbench_path(self.transition_id);
        let query = self.chrome.query();
        [
            ("", "Översikt"),
            ("/avtal", "Avtal"),
            ("/kostnader", "Kostnadsfördelning"),
            ("/forhandsvisning", "Förhandsvisning"),
            ("/genomforande", "Genomförande"),
            ("/beslutsunderlag", "Beslutsunderlag"),
        ]
        .into_iter()
        .map(|(suffix, label)| Tab {
            path: format!("{base}{suffix}{query}"),
            label,
            current: suffix == current,
        })
        .collect()
    }
}

/// One tab of the workbench.
#[derive(Debug)]
pub struct Tab {
    pub path: String,
    pub label: &'static str,
    pub current: bool,
}

/// What a workbench page gets when it reads its plan.
#[derive(Debug)]
pub enum PlanRead {
    Read(Box<PlanReading>),
    /// The page that says what is wrong with the time bar, or that the register did not know
    /// the plan at the time asked.
    Refused(Response),
}

/// Reads plan `id` at the time bar of the page `suffix` names, under the workbench's address.
pub async fn read_plan(
    state: &WebState,
    signed_in: &SignedIn,
    id: &str,
    suffix: &str,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<PlanRead, WebError> {
    let transition_id = id.parse::<Uuid>().map_err(|_| unknown(id))?;
    let mut chrome = Chrome::new(
        signed_in,
        format!("{}{suffix}", workbench_path(transition_id)),
        time_bar(query, state),
    );
    let reading = match pin(state, &mut chrome, ReadModel::Transitions).await? {
        Pinned::At(reading) => reading,
        Pinned::Refused(page) => return Ok(PlanRead::Refused(page)),
    };
    let Some(answer) = transition(&state.pool, transition_id, reading.read_at).await? else {
        return Err(unknown(id));
    };
    let plan = answer.plan;
    let names = Names::gather(&state.pool, reading.known_at, bases_of(&plan)).await?;
    let cooperation_name =
        cooperation_name(state, plan.cooperation_id, reading.read_at.as_of).await?;
    Ok(PlanRead::Read(Box::new(PlanReading {
        chrome,
        reading,
        transition_id,
        plan,
        names,
        cooperation_name,
        may_change: is_administrator(signed_in),
    })))
}

/// Every basis the plan cites, so that the page shows each by its citation.
fn bases_of(plan: &TransitionView) -> Vec<&LegalBasis> {
    let mut bases = vec![&plan.basis];
    for step in &plan.steps {
        bases.extend(step.status_basis.as_ref());
    }
    bases.extend(plan.contract_dispositions.iter().map(|view| &view.basis));
    bases.extend(plan.obligation_mappings.iter().map(|view| &view.basis));
    bases.extend(plan.party_decisions.iter().map(|view| &view.basis));
    bases
}

fn unknown(id: &str) -> WebError {
    WebError::NotFound(format!(
        "Registret har ingen omställningsplan {id}. Planerna finns under sin samverkan."
    ))
}

/// A blocker as the overview lists it: what it is, in words, and the form that resolves it.
#[derive(Debug)]
pub(super) struct BlockerRow {
    pub(super) text: String,
    pub(super) detail: String,
    pub(super) form_path: String,
}

/// The blockers of one kind.
#[derive(Debug)]
pub(super) struct BlockerGroup {
    pub(super) id: &'static str,
    pub(super) heading: &'static str,
    pub(super) rows: Vec<BlockerRow>,
}

#[derive(Debug)]
pub(super) struct StepRow {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) responsible: String,
    pub(super) due_on: String,
    pub(super) status: &'static str,
    pub(super) since: String,
    pub(super) basis: String,
    pub(super) blocking: bool,
    pub(super) overdue: bool,
    pub(super) depends_on: String,
    pub(super) form_path: String,
}

#[derive(Debug)]
pub(super) struct ObligationRow {
    pub(super) description: String,
    pub(super) debtor: String,
    pub(super) fate: String,
    pub(super) blocks: bool,
    pub(super) form_path: String,
}

#[derive(Debug)]
pub(super) struct PartyRow {
    pub(super) party: String,
    pub(super) decision: Option<String>,
    pub(super) form_path: String,
}

/// What the overview shows of a plan: the workbench's first tab, and the beslutsunderlag.
#[derive(Debug)]
pub struct Overview {
    pub(super) as_of: NaiveDate,
    pub(super) effective_on: NaiveDate,
    pub(super) successor: String,
    pub(super) successor_agreement: Option<String>,
    pub(super) agreement_path: String,
    pub(super) plan_basis: String,
    pub(super) carried_out_on: Option<NaiveDate>,
    pub(super) ready: bool,
    pub(super) blocker_count: usize,
    pub(super) groups: Vec<BlockerGroup>,
    pub(super) steps: Vec<StepRow>,
    pub(super) obligations: Vec<ObligationRow>,
    pub(super) parties: Vec<PartyRow>,
    pub(super) may_change: bool,
}

#[derive(Template)]
#[template(path = "administrator/workbench.html")]
struct WorkbenchPage {
    chrome: Chrome,
    heading: String,
    tabs: Vec<Tab>,
    o: Overview,
}

/// The workbench's overview.
pub async fn workbench(
    State(state): State<WebState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    query: Result<Query<TimeBarQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let plan = match read_plan(&state, &signed_in, &id, "", query).await? {
        PlanRead::Read(plan) => plan,
        PlanRead::Refused(page) => return Ok(page),
    };
    let page = WorkbenchPage {
        heading: plan.heading(),
        tabs: plan.tabs(""),
        o: overview(&state, &plan).await?,
        chrome: plan.chrome.clone(),
    };
    render(&page)
}

/// The overview of `plan` at the time it was read.
pub async fn overview(state: &WebState, plan: &PlanReading) -> Result<Overview, WebError> {
    let PlanReading {
        transition_id,
        names,
        ..
    } = plan;
    let transition_id = *transition_id;
    let read_at = plan.reading.read_at;
    let Some(readiness) = readiness(&state.pool, transition_id, read_at).await? else {
        return Err(unknown(&transition_id.to_string()));
    };
    let readiness = readiness.readiness;
    let view = &plan.plan;
    let base = workbench_path(transition_id);
    let open = obligations_open_from(
        &state.pool,
        view.cooperation_id,
        view.effective_on,
        plan.reading.known_at,
    )
    .await?
    .obligations;
    let party = |code: &str| names.party(code);
    let step_title = |key: &str| {
        view.steps
            .iter()
            .find(|step| step.definition.key.as_str() == key)
            .map_or_else(|| key.to_owned(), |step| step.definition.title.clone())
    };
    let description_of = |obligation_id: Uuid| {
        open.iter()
            .find(|obligation| obligation.obligation_id == obligation_id)
            .map(|obligation| (obligation.description.clone(), party(&obligation.debtor)))
            .unwrap_or_else(|| (obligation_id.to_string(), String::new()))
    };

    let mut groups = vec![
        BlockerGroup {
            id: "hinder-steg",
            heading: "Steg som måste vara klara",
            rows: Vec::new(),
        },
        BlockerGroup {
            id: "hinder-avtal",
            heading: "Avtal utan beslut om vad som händer med dem",
            rows: Vec::new(),
        },
        BlockerGroup {
            id: "hinder-ataganden",
            heading: "Åtaganden utan beslut om vad som händer med dem",
            rows: Vec::new(),
        },
        BlockerGroup {
            id: "hinder-parter",
            heading: "Parter som inte har beslutat",
            rows: Vec::new(),
        },
        BlockerGroup {
            id: "hinder-avtalsutkast",
            heading: "Efterträdaren saknar samverkansavtal",
            rows: Vec::new(),
        },
    ];
    for blocker in &readiness.reasons {
        let (group, row) = match blocker {
            Blocker::BlockingStepNotDone { step } => {
                let pending = readiness
                    .blocking_steps_not_done
                    .iter()
                    .find(|pending| &pending.key == step);
                let detail = pending.map_or_else(String::new, |pending| {
                    let mut detail = words::step_status(pending.status).to_owned();
                    if let Some(responsible) = &pending.responsible {
                        detail.push_str(&format!(", ansvarig {}", party(responsible.as_str())));
                    }
                    if let Some(due_on) = pending.due_on {
                        detail.push_str(&format!(", klart senast {due_on}"));
                    }
                    if pending.overdue {
                        detail.push_str(", försenat");
                    }
                    detail
                });
                (
                    0,
                    BlockerRow {
                        text: step_title(step.as_str()),
                        detail,
                        form_path: format!("{base}/steg/{step}"),
                    },
                )
            }
            Blocker::ContractWithoutDisposition { contract_id } => {
                let contract = readiness
                    .contracts_without_disposition
                    .iter()
                    .find(|contract| &contract.contract_id == contract_id);
                (
                    1,
                    BlockerRow {
                        text: contract.map_or_else(
                            || contract_id.to_string(),
                            |contract| contract.title.clone(),
                        ),
                        detail: contract.map_or_else(String::new, |contract| {
                            format!("löper till {}", contract.ends_on)
                        }),
                        form_path: format!("{base}/avtal/{contract_id}"),
                    },
                )
            }
            Blocker::ObligationWithoutMapping { obligation_id } => {
                let (text, debtor) = description_of(*obligation_id);
                (
                    2,
                    BlockerRow {
                        text,
                        detail: debtor,
                        form_path: format!("{base}/ataganden/{obligation_id}"),
                    },
                )
            }
            Blocker::PartyNotDecided { party: code } => (
                3,
                BlockerRow {
                    text: party(code.as_str()),
                    detail: "har inte fattat beslut om omställningen".to_owned(),
                    form_path: format!("{base}/parter/{code}"),
                },
            ),
            Blocker::SuccessorAgreementMissing => (
                4,
                BlockerRow {
                    text: "Samverkansavtal för efterträdaren".to_owned(),
                    detail: "krävs för att efterträdaren ska kunna bildas".to_owned(),
                    form_path: format!("{base}/samverkansavtal"),
                },
            ),
            // Readiness never lists the effective date as a blocker; only carrying out does.
            Blocker::NotYetEffective { .. } => continue,
        };
        groups[group].rows.push(row);
    }
    let blocker_count = groups.iter().map(|group| group.rows.len()).sum();

    let steps = view
        .steps
        .iter()
        .map(|step| {
            let definition = &step.definition;
            StepRow {
                key: definition.key.to_string(),
                title: definition.title.clone(),
                responsible: definition
                    .responsible
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), |code| party(code.as_str())),
                due_on: definition
                    .due_on
                    .map_or_else(|| "–".to_owned(), |day| day.to_string()),
                status: words::step_status(step.status),
                since: step
                    .status_since
                    .map_or_else(String::new, |day| day.to_string()),
                basis: step
                    .status_basis
                    .as_ref()
                    .map_or_else(String::new, |basis| names.cite(basis)),
                blocking: definition.blocking,
                overdue: !step.status.is_settled()
                    && definition
                        .due_on
                        .is_some_and(|due_on| due_on < read_at.as_of),
                depends_on: definition
                    .depends_on
                    .iter()
                    .map(|key| step_title(key.as_str()))
                    .collect::<Vec<_>>()
                    .join("; "),
                form_path: format!("{base}/steg/{}", definition.key),
            }
        })
        .collect();

    let obligations = open
        .iter()
        .map(|obligation| {
            let mapping = view
                .obligation_mappings
                .iter()
                .find(|mapping| mapping.obligation_id == obligation.obligation_id);
            // Fees end with the body that pays them, so they need no decision of their own.
            let is_fee = obligation.kind == ObligationKind::PayFees;
            let fate = match mapping {
                Some(mapping) => format!(
                    "{} (beslutat {}, {})",
                    words::obligation_mapping(&mapping.mapping, party),
                    mapping.decided_on,
                    names.cite(&mapping.basis)
                ),
                None if is_fee => "Upphör med nämnden".to_owned(),
                None => "Saknar beslut".to_owned(),
            };
            ObligationRow {
                description: obligation.description.clone(),
                debtor: party(&obligation.debtor),
                fate,
                blocks: mapping.is_none() && !is_fee,
                form_path: format!("{base}/ataganden/{}", obligation.obligation_id),
            }
        })
        .collect();

    let parties = view
        .cooperation_parties
        .iter()
        .map(|code| PartyRow {
            party: party(code.as_str()),
            decision: view
                .party_decisions
                .iter()
                .find(|decision| &decision.party == code)
                .map(|decision| {
                    format!(
                        "Beslutade {}, {}",
                        decision.decided_on,
                        names.cite(&decision.basis)
                    )
                }),
            form_path: format!("{base}/parter/{code}"),
        })
        .collect();

    let successor = match &view.successor.cooperation {
        Some(cooperation) => format!(
            "{}: {} (värdpart {})",
            words::successor_form(view.successor.form),
            cooperation.name,
            party(cooperation.host.as_str())
        ),
        None => words::successor_form(view.successor.form).to_owned(),
    };
    let successor_agreement = view
        .successor
        .cooperation
        .as_ref()
        .and_then(|cooperation| cooperation.agreement.as_ref())
        .map(|agreement| agreement.title.clone());
    Ok(Overview {
        as_of: read_at.as_of,
        effective_on: view.effective_on,
        successor,
        successor_agreement,
        agreement_path: format!("{base}/samverkansavtal"),
        plan_basis: names.cite(&view.basis),
        carried_out_on: readiness.carried_out_on,
        ready: readiness.ready,
        blocker_count,
        groups,
        steps,
        obligations,
        parties,
        may_change: plan.may_change,
    })
}
