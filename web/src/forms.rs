//! What every form that records shares: reading its fields, the guard it carries, recording
//! through the register exactly once, and the register's refusal shown beside the field it names.
//!
//! A form is rendered with three hidden fields: the session's CSRF token, a key of its own
//! (`formular`), and the version of the record it was rendered from (`version`). The key goes into
//! the metadata of every event the submission writes, as the API's `Idempotency-Key` does, so a
//! second submission of the same form (a double click, a reload, a retry after a lost answer)
//! finds its first one in the log and writes nothing. The version is sent as the API's
//! `If-Match`: a form rendered before another secretary wrote is refused as stale instead of
//! overwriting what it never showed.

use std::collections::BTreeMap;
use std::future::Future;

use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use domain::RuleViolation;
use eventlog::{LogIndex, Position};
use register::{Actor, Register, RegisterError, RequestTrace, Written};
use uuid::Uuid;

use crate::refusals::InSwedish;
use crate::session::SignedIn;
use crate::{WebError, WebState};

/// A submitted form's fields in the order the browser sent them, a repeated name kept once per
/// value, as checkboxes send them.
#[derive(Debug, Clone, Default)]
pub struct Submitted {
    fields: Vec<(String, String)>,
}

impl Submitted {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Result<Submitted, WebError> {
        let fields = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .map_err(|error| WebError::UnreadableForm(error.to_string()))?;
        Ok(Submitted { fields })
    }

    /// Adds a value, as a form rendered for the first time fills in its defaults.
    pub fn push(&mut self, name: &str, value: &str) {
        self.fields.push((name.to_owned(), value.to_owned()));
    }

    /// The field's first value, as typed, or "" when the form did not send it.
    pub fn text(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every value sent under `name`, such as the boxes ticked in a group of checkboxes.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Whether `value` is among the values sent under `name`.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.fields
            .iter()
            .any(|(key, sent)| key == name && sent == value)
    }
}

/// What is wrong with one field: in Swedish, and, when the register refused, its own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub message: String,
    /// The register's own message, shown under the Swedish one so that the form and the API
    /// can be matched.
    pub register_message: Option<String>,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.message)
    }
}

/// What the secretary typed wrong, per field of the form, in Swedish.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    errors: BTreeMap<String, FieldError>,
}

impl FieldErrors {
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error beside field `name`, if any.
    pub fn get(&self, name: &str) -> Option<&FieldError> {
        self.errors.get(name)
    }

    /// Every error, by field, for the summary at the top of a form.
    pub fn all(&self) -> impl Iterator<Item = (&str, &FieldError)> {
        self.errors
            .iter()
            .map(|(field, error)| (field.as_str(), error))
    }

    /// Sets the error of `field`; the first error of a field is the one shown.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors
            .entry(field.into())
            .or_insert_with(|| FieldError {
                message: message.into(),
                register_message: None,
            });
    }

    /// Sets the register's refusal as the error of `field`, people named by `names`.
    pub fn refused(
        &mut self,
        field: impl Into<String>,
        refusal: &Refusal,
        names: &BTreeMap<Uuid, String>,
    ) {
        let register_message = refusal.message_naming(names);
        let message = match &refusal.swedish {
            Some(swedish) => naming(swedish, names),
            None => register_message.clone(),
        };
        self.errors.entry(field.into()).or_insert(FieldError {
            message,
            register_message: refusal.swedish.is_some().then_some(register_message),
        });
    }

    /// A required text, trimmed; "" (with an error) when missing.
    pub fn required<'a>(&mut self, form: &'a Submitted, field: &str, what: &str) -> &'a str {
        let text = form.text(field).trim();
        if text.is_empty() {
            self.add(field, format!("Fyll i {what}."));
        }
        text
    }

    /// A day written as ÅÅÅÅ-MM-DD.
    pub fn date(&mut self, form: &Submitted, field: &str, what: &str) -> Option<NaiveDate> {
        let text = form.text(field).trim();
        if text.is_empty() {
            self.add(field, format!("Fyll i {what} som ÅÅÅÅ-MM-DD."));
            return None;
        }
        match projections::valid_day(text) {
            Ok(day) => Some(day),
            Err(_) => {
                self.add(
                    field,
                    format!("”{text}” är inget datum: skriv {what} som ÅÅÅÅ-MM-DD."),
                );
                None
            }
        }
    }

    /// A whole number of at least `minimum`.
    pub fn number<T: TryFrom<u64>>(
        &mut self,
        form: &Submitted,
        field: &str,
        what: &str,
        minimum: u64,
    ) -> Option<T> {
        let text = form.text(field).trim();
        if text.is_empty() {
            self.add(field, format!("Fyll i {what}."));
            return None;
        }
        match text.parse::<u64>().ok().filter(|number| *number >= minimum) {
            Some(number) => match T::try_from(number) {
                Ok(number) => Some(number),
                Err(_) => {
                    self.add(field, format!("{text} är för stort för {what}."));
                    None
                }
            },
            None => {
                self.add(
                    field,
                    format!("”{text}” är inget heltal från {minimum}: skriv {what} med siffror."),
                );
                None
            }
        }
    }

    /// A person or other entry picked from a list the page offered; `None` when nothing was
    /// picked. A value the page never offered is an error, not a guess.
    pub fn picked(&mut self, form: &Submitted, field: &str) -> Option<Uuid> {
        let text = form.text(field).trim();
        if text.is_empty() {
            return None;
        }
        match text.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                self.add(field, "Välj ett av alternativen i listan.");
                None
            }
        }
    }
}

/// The hidden fields every recording form carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guard {
    /// The form's own key, which its events carry as their idempotency key.
    pub key: Uuid,
    /// The version of the record the form was rendered from.
    pub version: Option<u64>,
}

impl Guard {
    /// A new form's guard, rendered from `version` of its record.
    pub fn new(version: Option<u64>) -> Guard {
        Guard {
            key: Uuid::new_v4(),
            version,
        }
    }

    /// The guard a submitted form carries, once its CSRF token is the session's.
    pub fn read(form: &Submitted, signed_in: &SignedIn) -> Result<Guard, WebError> {
        signed_in.check_csrf(form.text("csrf"))?;
        let key = form.text("formular").parse().map_err(|_| {
            WebError::UnreadableForm("the form's key (formular) is not a UUID".to_owned())
        })?;
        let version = match form.text("version") {
            "" => None,
            text => Some(text.parse().map_err(|_| {
                WebError::UnreadableForm("the form's version is not a number".to_owned())
            })?),
        };
        Ok(Guard { key, version })
    }

    /// The idempotency key the form's events carry. It is prefixed so that it can never equal
    /// a key an API client chose.
    pub fn idempotency_key(&self) -> String {
        format!("web-form:{}", self.key)
    }
}

/// What became of a submitted form.
#[derive(Debug)]
pub enum Outcome<T> {
    /// The register recorded it; `T` is what the write returned.
    Recorded(T, Position),
    /// An earlier submission of the same form was recorded, so this one wrote nothing.
    AlreadyRecorded,
    /// The record moved on after the form was rendered; nothing was written.
    Stale,
    /// The register refused it; nothing was written.
    Refused(Refusal),
}

/// A refusal by the register, with the field of the command it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field as the register names it, such as `content.vote.count`.
    pub field: String,
    /// The register's own message.
    pub message: String,
    /// The rule in the secretary's words, where the web app has them.
    pub swedish: Option<String>,
}

impl Refusal {
    /// The register's message with every id of a person the page knows replaced by their name.
    pub fn message_naming(&self, names: &BTreeMap<Uuid, String>) -> String {
        naming(&self.message, names)
    }
}

/// `text` with every id of a person the page knows replaced by their name.
fn naming(text: &str, names: &BTreeMap<Uuid, String>) -> String {
    let mut text = text.to_owned();
    for (id, name) in names {
        text = text.replace(&id.to_string(), name);
    }
    text
}

/// Records through the register in the name of the signed-in token, once per form.
#[derive(Debug)]
pub struct Recorder<'a> {
    state: &'a WebState,
    actor: Actor,
    guard: Guard,
}

impl<'a> Recorder<'a> {
    pub fn new(state: &'a WebState, signed_in: &SignedIn, guard: Guard) -> Recorder<'a> {
        Recorder {
            state,
            actor: Actor::token(&signed_in.session.token),
            guard,
        }
    }

    /// The register the form records through, its events carrying the form's key.
    pub fn register(&self) -> Register {
        Register::new(self.state.log.clone(), self.actor.clone()).traced(RequestTrace {
            request_id: None,
            idempotency_key: Some(self.guard.idempotency_key()),
        })
    }

    /// Whether an earlier submission of this form wrote anything.
    async fn already_recorded(&self) -> Result<bool, WebError> {
        LogIndex::new(self.state.pool.clone())
            .written_under_idempotency_key(self.actor.id(), &self.guard.idempotency_key())
            .await
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))
    }

    /// Runs `write` with the form's version as the expected version, unless an earlier
    /// submission of the same form was already recorded. A write that finds the record moved on
    /// looks again for its earlier submission, because two submissions racing each other meet
    /// exactly there: the first moves the version on, and the second is then not stale but done.
    pub async fn record<T, E, F, Fut>(&self, write: F) -> Result<Outcome<T>, WebError>
    where
        E: RuleViolation + InSwedish,
        F: FnOnce(Register, Option<u64>) -> Fut,
        Fut: Future<Output = Result<(T, Written), RegisterError<E>>>,
    {
        if self.already_recorded().await? {
            return Ok(Outcome::AlreadyRecorded);
        }
        match write(self.register(), self.guard.version).await {
            Ok((value, written)) => Ok(Outcome::Recorded(value, written.position)),
            Err(RegisterError::StaleVersion { .. } | RegisterError::Conflict) => {
                if self.already_recorded().await? {
                    Ok(Outcome::AlreadyRecorded)
                } else {
                    Ok(Outcome::Stale)
                }
            }
            Err(RegisterError::Store(message)) => Err(WebError::Store(message)),
            Err(error) => Ok(Outcome::Refused(refusal(error))),
        }
    }
}

/// The register's refusal as a form shows it.
fn refusal<E: RuleViolation + InSwedish>(error: RegisterError<E>) -> Refusal {
    let message = error.to_string();
    match error {
        RegisterError::Rule(rule) => Refusal {
            field: rule.field(),
            message,
            swedish: rule.in_swedish(),
        },
        RegisterError::UnknownDecision { field, .. }
        | RegisterError::UnknownCooperation { field, .. }
        | RegisterError::UnrecordedBody { field, .. }
        | RegisterError::UnknownDocument { field, .. }
        | RegisterError::UnknownObligation { field, .. }
        | RegisterError::UnknownContract { field, .. }
        | RegisterError::UnknownPlan { field, .. }
        | RegisterError::ConsequenceRefused { field, .. } => Refusal {
            field,
            message,
            swedish: None,
        },
        RegisterError::DecisionIdTaken { .. } => Refusal {
            field: "decision_id".to_owned(),
            message,
            swedish: None,
        },
        RegisterError::BodyNotInExistence { .. } => Refusal {
            field: "date".to_owned(),
            message,
            swedish: None,
        },
        RegisterError::NoSeatPlan { .. } => Refusal {
            field: "roll".to_owned(),
            message,
            swedish: None,
        },
        RegisterError::UnknownMeeting { .. }
        | RegisterError::UnknownBody { .. }
        | RegisterError::UnknownResource { .. }
        | RegisterError::Conflict
        | RegisterError::StaleVersion { .. }
        | RegisterError::Store(_) => Refusal {
            field: String::new(),
            message,
            swedish: None,
        },
    }
}

/// What a form's handler does once the register has answered: go on to the next page, or show
/// the form again with what was refused.
#[derive(Debug)]
pub enum Settled {
    GoOn(Response),
    ShowAgain {
        errors: FieldErrors,
        stale: bool,
        status: u16,
    },
}

/// Settles a form's outcome. A recorded form goes on to `next`, once `model` shows the write; a
/// form recorded before goes on to the same page, given `None`; a stale one is shown again with
/// the newer state (409); a refused one with the refusal beside the field `field_of` names (422),
/// people named by `names`.
pub async fn settle<T>(
    state: &WebState,
    model: projections::ReadModel,
    outcome: Outcome<T>,
    next: impl FnOnce(Option<T>) -> String,
    field_of: impl FnOnce(&Refusal) -> String,
    names: &BTreeMap<Uuid, String>,
) -> Settled {
    match outcome {
        Outcome::Recorded(value, position) => {
            wait_until_shown(state, model, position).await;
            Settled::GoOn(Redirect::to(&next(Some(value))).into_response())
        }
        Outcome::AlreadyRecorded => Settled::GoOn(Redirect::to(&next(None)).into_response()),
        Outcome::Stale => Settled::ShowAgain {
            errors: FieldErrors::default(),
            stale: true,
            status: 409,
        },
        Outcome::Refused(refusal) => {
            let mut errors = FieldErrors::default();
            errors.refused(field_of(&refusal), &refusal, names);
            Settled::ShowAgain {
                errors,
                stale: false,
                status: 422,
            }
        }
    }
}

/// Waits until the read model a page reads has applied `position`, so that the page the
/// secretary is sent to after recording shows what they recorded. A read model that lags longer
/// than this is still shown; its page says which position it was read at.
pub async fn wait_until_shown(state: &WebState, model: projections::ReadModel, position: Position) {
    let wait = std::time::Duration::from_secs(5);
    if let Err(error) = projections::wait_for(&state.pool, model, position, wait).await {
        tracing::warn!(%error, "a page is shown before its read model applied a form's write");
    }
}
