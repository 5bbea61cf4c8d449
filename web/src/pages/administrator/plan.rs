//! A transition plan as the administrator's forms need it: the plan today as the register holds
//! it, the version a form guards, the names of its parties, and the bodies whose §§ a basis may
//! cite; and what every form of the plan shows and does alike.

use std::collections::BTreeMap;
use std::future::Future;

use askama::Template;
use axum::response::Response;

use chrono::NaiveDate;
use domain::transition::{Transition, TransitionCommand, TransitionError, TransitionView};
use domain::LegalBasis;
use eventlog::Position;
use projections::cooperations::cooperations;
use projections::membership::bodies_of_cooperation;
use projections::transitions::transition;
use projections::{KnownAt, ReadAt, ReadModel};
use register::{Actor, Register, RegisterError, Written};
use uuid::Uuid;

use super::{require_administrator, workbench_path};
use crate::forms::{
    settle, wait_until_shown, FieldErrors, Guard, Outcome, Recorder, Refusal, Settled, Submitted,
};
use crate::names::Names;
use crate::pages::secretary::basis::{basis_hits, chosen_basis};
use crate::pages::secretary::roll::Choice;
use crate::pages::{render_status, DeskChrome};
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// Everything a form of the plan shows, read at one moment.
#[derive(Debug)]
pub struct PlanDesk {
    pub transition_id: Uuid,
    /// The plan as it stands today.
    pub view: TransitionView,
    /// The plan stream's version, which a form sends back as its `If-Match`.
    pub version: u64,
    pub cooperation_name: String,
    /// The bodies of the cooperation being replaced, whose §§ a basis may cite.
    pub body_ids: Vec<Uuid>,
    pub names: Names,
    pub today: NaiveDate,
}

impl PlanDesk {
    /// Reads plan `transition_id` for a form, refusing anyone but an administrator.
    pub async fn open(
        state: &WebState,
        signed_in: &SignedIn,
        transition_id: Uuid,
    ) -> Result<PlanDesk, WebError> {
        require_administrator(signed_in)?;
        let today = state.clock.today();
        let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
        let stream_id = transition_id.to_string();
        let recorded = register
            .stream_version::<Transition, TransitionError>(&stream_id)
            .await
            .map_err(store)?;
        if recorded == 0 {
            return Err(unknown_plan(transition_id));
        }
        // The form decides from the log, so the plan beside it must have seen every write to it:
        // a form refused as stale then shows what made it stale.
        let written = register
            .stream_written::<Transition, TransitionError>(&stream_id)
            .await
            .map_err(store)?;
        wait_until_shown(state, ReadModel::Transitions, written.position).await;
        let read_at = ReadAt::on(today).known_at(KnownAt::Position(written.position));
        let Some(answer) = transition(&state.pool, transition_id, read_at).await? else {
            return Err(unknown_plan(transition_id));
        };
        let view = answer.plan;
        let known_at = Position::new(answer.known_at)
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
        let names = Names::gather(&state.pool, known_at, []).await?;
        let cooperation_name = cooperation_name(state, view.cooperation_id, today).await?;
        let body_ids = bodies_of_cooperation(&state.pool, view.cooperation_id, ReadAt::on(today))
            .await?
            .bodies
            .into_iter()
            .map(|body| body.body_id)
            .collect();
        Ok(PlanDesk {
            transition_id,
            view,
            version: written.version,
            cooperation_name,
            body_ids,
            names,
            today,
        })
    }

    /// "Inköpssamverkan … → avtalssamverkan från 2027-01-01", the plan as a heading names it.
    pub fn heading(&self) -> String {
        format!(
            "Omställning av {} från {}",
            self.cooperation_name, self.view.effective_on
        )
    }

    /// The parties of the cooperation and of its successor, as a form offers them to pick.
    pub fn parties(&self, chosen: &str) -> Vec<Choice> {
        let mut codes: Vec<String> = self
            .view
            .cooperation_parties
            .iter()
            .map(|party| party.as_str().to_owned())
            .collect();
        if let Some(successor) = &self.view.successor.cooperation {
            for party in &successor.parties {
                if !codes.iter().any(|code| code == party.as_str()) {
                    codes.push(party.as_str().to_owned());
                }
            }
        }
        codes
            .into_iter()
            .map(|code| Choice {
                selected: code == chosen,
                label: self.names.party(&code),
                value: code,
            })
            .collect()
    }

    /// The decisions a basis may cite, found by what the form's search field holds.
    pub async fn basis_hits(
        &self,
        state: &WebState,
        form: &Submitted,
    ) -> Result<Vec<Choice>, WebError> {
        basis_hits(state, &self.body_ids, form.text("sok"), form.text("grund")).await
    }

    /// What every form of the plan shows around its own fields.
    pub fn form(
        &self,
        signed_in: &SignedIn,
        typed: Submitted,
        basis_hits: Vec<Choice>,
        errors: FieldErrors,
        stale: bool,
    ) -> PlanForm {
        PlanForm {
            chrome: DeskChrome::new(signed_in),
            heading: self.heading(),
            workbench_path: workbench_path(self.transition_id),
            guard: Guard::new(Some(self.version)),
            typed,
            basis_hits,
            errors,
            stale,
        }
    }
}

/// What every form of a plan shows: the chrome, the plan's heading and workbench, the guard,
/// what was typed, the basis search's hits and the errors beside their fields.
#[derive(Debug)]
pub struct PlanForm {
    pub chrome: DeskChrome,
    pub heading: String,
    pub workbench_path: String,
    pub guard: Guard,
    pub typed: Submitted,
    pub basis_hits: Vec<Choice>,
    pub errors: FieldErrors,
    pub stale: bool,
}

impl PlanForm {
    /// What was typed in `field`, to show it again.
    pub fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }

    /// Whether `value` was picked in `field`.
    pub fn picked(&self, field: &str, value: &str) -> bool {
        self.typed.has(field, value)
    }
}

/// The basis the form picked by search, with an error beside the search when none was.
pub fn picked_basis(errors: &mut FieldErrors, form: &Submitted) -> Option<LegalBasis> {
    chosen_basis(
        errors,
        form,
        "Sök fram och välj beslutet som detta vilar på, till exempel fullmäktiges beslut.",
    )
}

/// Settles a plan form's outcome: a recorded form goes back to the workbench at `anchor`, once
/// the plan's read model shows it; a refused one is shown again with the refusal beside the
/// field `field_of` names.
pub async fn settle_plan_form<T>(
    state: &WebState,
    transition_id: Uuid,
    anchor: &str,
    outcome: Outcome<T>,
    field_of: impl FnOnce(&Refusal) -> String,
) -> Settled {
    let next = |_| format!("{}#{anchor}", workbench_path(transition_id));
    settle(
        state,
        ReadModel::Transitions,
        outcome,
        next,
        field_of,
        &BTreeMap::new(),
    )
    .await
}

/// Where a plan form sends its answer: the workbench's section `anchor` once written, or the
/// form shown again by `show` from the plan as it now is, with the refusal beside the field
/// `field_of` names.
pub struct PlanFormAnswer<'a, FieldOf, Show> {
    pub anchor: &'a str,
    pub field_of: FieldOf,
    pub show: Show,
}

impl<FieldOf, Show> std::fmt::Debug for PlanFormAnswer<'_, FieldOf, Show> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("PlanFormAnswer")
            .field("anchor", &self.anchor)
            .finish_non_exhaustive()
    }
}

/// Records a plan form's `write` once, under the form's guard, and answers as [`PlanFormAnswer`]
/// says: what every form of a plan does once its fields have read.
pub async fn record_plan_form<Write, Writing, FieldOf, Show, Page>(
    state: &WebState,
    signed_in: &SignedIn,
    guard: Guard,
    transition_id: Uuid,
    write: Write,
    answer: PlanFormAnswer<'_, FieldOf, Show>,
) -> Result<Response, WebError>
where
    Write: FnOnce(Register, Option<u64>) -> Writing,
    Writing: Future<Output = Result<Written, RegisterError<TransitionError>>>,
    FieldOf: FnOnce(&Refusal) -> String,
    Show: FnOnce(&PlanDesk, FieldErrors, bool) -> Result<Page, WebError>,
    Page: Template,
{
    let outcome = Recorder::new(state, signed_in, guard)
        .record(|register, version| async move { Ok(((), write(register, version).await?)) })
        .await?;
    match settle_plan_form(
        state,
        transition_id,
        answer.anchor,
        outcome,
        answer.field_of,
    )
    .await
    {
        Settled::GoOn(response) => Ok(response),
        Settled::ShowAgain {
            errors,
            stale,
            status,
        } => {
            // Shown again from the plan as it now is, so that a stale form shows what changed.
            let desk = PlanDesk::open(state, signed_in, transition_id).await?;
            render_status(&(answer.show)(&desk, errors, stale)?, status)
        }
    }
}

/// Executes `command` on plan `transition_id`, which must exist, if it is still at `version`:
/// the write of the forms whose command needs no fact looked up.
pub async fn execute_on_plan(
    register: Register,
    transition_id: Uuid,
    command: TransitionCommand,
    version: Option<u64>,
) -> Result<Written, RegisterError<TransitionError>> {
    register
        .execute_addressed::<Transition>("transition", &transition_id.to_string(), command, version)
        .await
}

/// The field of a plan form a refusal belongs beside: the basis search for a basis the register
/// refused, otherwise `otherwise`.
pub fn basis_or(refusal: &Refusal, otherwise: &str) -> String {
    if refusal.field.starts_with("basis") {
        "grund".to_owned()
    } else {
        otherwise.to_owned()
    }
}

fn store(error: RegisterError<TransitionError>) -> WebError {
    WebError::Store(eventlog::StoreFailure::of(&error))
}

fn unknown_plan(transition_id: Uuid) -> WebError {
    WebError::NotFound(format!(
        "Registret har ingen omställningsplan {transition_id}."
    ))
}

/// The cooperation's name as the register knew it today.
pub async fn cooperation_name(
    state: &WebState,
    cooperation_id: Uuid,
    today: NaiveDate,
) -> Result<String, WebError> {
    Ok(cooperations(&state.pool, ReadAt::on(today))
        .await?
        .cooperations
        .into_iter()
        .find(|entry| entry.cooperation_id == cooperation_id)
        .map_or_else(|| cooperation_id.to_string(), |entry| entry.name))
}
