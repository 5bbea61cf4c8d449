//! The administrator's set-up forms: what the register builds on, recorded without JSON. A party
//! with its population figures, a cooperation of registered parties and the parties admitted to
//! it later, a cooperation's bodies, and what its parties owe under it (obligations) and how each
//! obligation closed; a body's mandates, with their category and exclusions, and the parts
//! delegated to officials; a cooperation's budget for a year, row by row; and its governing
//! documents as adopted, clause by clause, and their amendments.
//!
//! Each form records through the register's own method or request, the one `/api/v1` calls for
//! the same resource, so that rules, events and refusals are the API's; it carries the guard of
//! [`crate::forms`], so it writes once; and it shows what it refuses beside the field concerned,
//! in Swedish, with the register's own message under it.

pub mod admission;
pub mod amendment;
pub mod body;
pub mod budget;
pub mod budgets;
pub mod closure;
pub mod cooperation;
pub mod delegation;
pub mod document;
pub mod mandate;
pub mod mandates;
pub mod obligation;
pub mod party;
pub mod population;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::cooperation::{Cooperation, CooperationError};
use domain::LegalBasis;
use projections::citations::party_names;
use projections::cooperations::{cooperations, CooperationEntry};
use projections::membership::bodies_of_cooperation;
use projections::{checkpoint, KnownAt, ReadAt, ReadModel};
use register::{Actor, Register, RegisterError};
use uuid::Uuid;

use super::require_administrator;
use crate::forms::{
    settle, wait_until_shown, FieldErrors, Guard, Outcome, Refusal, Settled, Submitted,
};
use crate::pages::secretary::basis::{basis_hits, chosen_basis};
use crate::pages::secretary::roll::Choice;
use crate::pages::DeskChrome;
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// The page of body `body_id`'s mandates, where the mandate forms return.
pub fn mandates_path(body_id: Uuid) -> String {
    format!("/organ/{body_id}/mandat")
}

/// The form that grants body `body_id` a mandate.
pub fn mandate_path(body_id: Uuid) -> String {
    format!("/organ/{body_id}/mandat/ny")
}

/// The form that delegates part of mandate `mandate_id` of body `body_id` to an official.
pub fn delegation_path(body_id: Uuid, mandate_id: Uuid) -> String {
    format!("/organ/{body_id}/mandat/{mandate_id}/delegering")
}

/// What every set-up form shows around its own fields: the chrome, the guard, what was typed, the
/// basis search's hits, the errors beside their fields, and whether it was refused as stale.
#[derive(Debug)]
pub struct SetupForm {
    pub chrome: DeskChrome,
    pub guard: Guard,
    pub typed: Submitted,
    pub basis_hits: Vec<Choice>,
    pub errors: FieldErrors,
    pub stale: bool,
}

impl SetupForm {
    pub fn new(
        signed_in: &SignedIn,
        version: Option<u64>,
        typed: Submitted,
        basis_hits: Vec<Choice>,
        errors: FieldErrors,
        stale: bool,
    ) -> SetupForm {
        SetupForm {
            chrome: DeskChrome::new(signed_in),
            guard: Guard::new(version),
            typed,
            basis_hits,
            errors,
            stale,
        }
    }

    /// What was typed in `field`, to show it again.
    pub fn typed(&self, field: &str) -> String {
        self.typed.text(field).to_owned()
    }

    /// Whether `value` was picked in `field`.
    pub fn picked(&self, field: &str, value: &str) -> bool {
        self.typed.has(field, value)
    }
}

/// The id a new record gets, chosen when its form is first shown and carried in the hidden field
/// `id`, so that the same form sent twice names the same record.
pub fn new_id(form: &Submitted) -> Result<Uuid, WebError> {
    form.text("id")
        .parse()
        .map_err(|_| WebError::UnreadableForm("the new record's id (id) is not a UUID".to_owned()))
}

/// Every party the register holds, by code, with its name, as the read model knows them now.
pub async fn registered_parties(state: &WebState) -> Result<BTreeMap<String, String>, WebError> {
    let known_at = checkpoint(&state.pool, ReadModel::Citations).await?;
    Ok(party_names(&state.pool, known_at).await?)
}

/// The decisions a basis may cite, found by what the form's search field holds: the outside
/// decisions the register holds and the §§ of `body_ids`.
pub async fn hits(
    state: &WebState,
    body_ids: &[Uuid],
    form: &Submitted,
) -> Result<Vec<Choice>, WebError> {
    basis_hits(state, body_ids, form.text("sok"), form.text("grund")).await
}

/// The basis the form picked by search, with an error beside the search when none was.
pub fn picked_basis(errors: &mut FieldErrors, form: &Submitted) -> Option<LegalBasis> {
    chosen_basis(
        errors,
        form,
        "Sök fram och välj beslutet som detta vilar på, till exempel fullmäktiges beslut. Finns \
         det inte i registret, registrera det först som externt beslut.",
    )
}

/// The field of a set-up form a refusal belongs beside: the basis search for a basis the
/// register refused, otherwise the form's field for the command's field, or `otherwise`.
pub fn field_for(refusal: &Refusal, fields: &[(&str, &str)], otherwise: &str) -> String {
    if refusal.field.starts_with("basis") || refusal.field.starts_with("bases") {
        return "grund".to_owned();
    }
    fields
        .iter()
        .find(|(command_field, _)| refusal.field.starts_with(command_field))
        .map_or(otherwise, |(_, form_field)| form_field)
        .to_owned()
}

/// Settles a set-up form's outcome: a recorded form goes on to `next` once every read model in
/// `shown_in` shows the write, so that the page it goes to shows what was recorded; a refused
/// one is shown again with the refusal beside the field `field_of` names.
pub async fn settle_setup<T>(
    state: &WebState,
    outcome: Outcome<T>,
    shown_in: &[ReadModel],
    next: &str,
    field_of: impl FnOnce(&Refusal) -> String,
) -> Settled {
    if let Outcome::Recorded(_, position) = &outcome {
        for model in shown_in {
            wait_until_shown(state, *model, *position).await;
        }
    }
    let model = shown_in.first().copied().unwrap_or(ReadModel::Timeline);
    settle(
        state,
        model,
        outcome,
        |_| next.to_owned(),
        field_of,
        &BTreeMap::new(),
    )
    .await
}

/// A cooperation as the forms on it need it: as it stands today, the version a form guards, and
/// its bodies, whose §§ a basis may cite.
#[derive(Debug)]
pub struct CooperationDesk {
    pub cooperation_id: Uuid,
    pub entry: CooperationEntry,
    /// The cooperation stream's version, which a form sends back as its `If-Match`.
    pub version: u64,
    pub body_ids: Vec<Uuid>,
    /// Its bodies by id, with their names.
    pub bodies: Vec<(Uuid, String)>,
    /// Every party the register holds, by code, with its name.
    pub parties: BTreeMap<String, String>,
    pub today: NaiveDate,
}

impl CooperationDesk {
    /// Reads cooperation `cooperation_id` for a form, refusing anyone but an administrator.
    pub async fn open(
        state: &WebState,
        signed_in: &SignedIn,
        cooperation_id: Uuid,
    ) -> Result<CooperationDesk, WebError> {
        require_administrator(signed_in)?;
        let today = state.clock.today();
        let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
        let stream_id = cooperation_id.to_string();
        let recorded = register
            .stream_version::<Cooperation, CooperationError>(&stream_id)
            .await
            .map_err(store)?;
        if recorded == 0 {
            return Err(unknown_cooperation(cooperation_id));
        }
        // The form decides from the log, so the cooperation beside it must have seen every write
        // to it: a form refused as stale then shows what made it stale.
        let written = register
            .stream_written::<Cooperation, CooperationError>(&stream_id)
            .await
            .map_err(store)?;
        wait_until_shown(state, ReadModel::Cooperations, written.position).await;
        let read_at = ReadAt::on(today).known_at(KnownAt::Position(written.position));
        let Some(entry) = cooperations(&state.pool, read_at)
            .await?
            .cooperations
            .into_iter()
            .find(|entry| entry.cooperation_id == cooperation_id)
        else {
            return Err(unknown_cooperation(cooperation_id));
        };
        let bodies: Vec<(Uuid, String)> =
            bodies_of_cooperation(&state.pool, cooperation_id, ReadAt::on(today))
                .await?
                .bodies
                .into_iter()
                .map(|body| (body.body_id, body.name))
                .collect();
        let body_ids = bodies.iter().map(|(body_id, _)| *body_id).collect();
        Ok(CooperationDesk {
            cooperation_id,
            entry,
            version: written.version,
            body_ids,
            bodies,
            parties: registered_parties(state).await?,
            today,
        })
    }

    /// A party by name and code, as the forms show it.
    pub fn party(&self, code: &str) -> String {
        party_label(&self.parties, code)
    }

    /// The cooperation's page.
    pub fn path(&self) -> String {
        format!("/samverkan/{}", self.cooperation_id)
    }

    /// The cooperation's parties today, by name, as a form offers them to pick.
    pub fn party_choices(&self, chosen: &str) -> Vec<Choice> {
        let mut choices: Vec<Choice> = self
            .entry
            .parties
            .iter()
            .map(|code| Choice {
                selected: code == chosen,
                label: self.party(code),
                value: code.clone(),
            })
            .collect();
        choices.sort_by(|first, second| first.label.cmp(&second.label));
        choices
    }
}

/// "Mora kommun (2062)", or the code alone for a party the register does not name.
pub fn party_label(parties: &BTreeMap<String, String>, code: &str) -> String {
    match parties.get(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_owned(),
    }
}

fn store(error: RegisterError<CooperationError>) -> WebError {
    WebError::Store(eventlog::StoreFailure::of(&error))
}

fn unknown_cooperation(cooperation_id: Uuid) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till någon samverkan med id {cooperation_id}."
    ))
}
