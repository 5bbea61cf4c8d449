//! The register: executes commands against the event log, with the facts they need and the
//! decisions they cite checked first.
//!
//! An aggregate decides from its own stream and from the facts its command carries. The register
//! looks those facts up (see [`facts`]), refuses a basis that cites a decision it does not hold,
//! and retries a command that lost a race for its stream or its § number. HTTP handlers, the
//! scenario import and the tests all record through it.
//!
//! A face of the register sends a request that carries no facts (see [`requests`]); the request
//! gathers its facts here, in one step per command ([`Gather`]), and [`Register::submit`] executes
//! the command it becomes. So "a client never asserts a fact" holds for every caller, not only
//! at the HTTP door.
//!
//! Beside the register itself this crate holds what every face of it shares: the access tokens
//! ([`access`]), the auditor's toolkit ([`audit`]), the database bootstrap ([`database`]) and
//! the import of a contract register from a spreadsheet ([`contract_import`]).
//!
//! Errors: [`RegisterError`] for a command, [`database::BootstrapError`] when no database can be
//! made ready, [`access::TokenError`] for tokens, and
//! [`contract_import::ContractImportRefused`] as the rule error of a contract sheet's import.

pub mod access;
pub mod audit;
pub mod clock;
pub mod database;

mod actor;
mod allocation_facts;
mod appending;
pub mod contract_import;
mod external_decisions;
mod facts;
mod first_attempt;
mod gather;
mod governance_facts;
mod meetings;
pub mod requests;
mod required;
mod transitions;

use std::collections::HashMap;

use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{PersistedEventRepository, SerializedEvent};
use cqrs_es::{Aggregate, EventEnvelope};
use domain::{CitesBasis, MandatePeriod};
use eventlog::{
    AppendError, EventLog, EventRepository, LogIndex, NewEvent, Position, StoreFailure, StreamTurn,
    TurnKey,
};
use sqlx::PgPool;
use uuid::Uuid;

pub use actor::{token_actor_id, Actor, RequestTrace};
pub use gather::{CommandOf, Gather, RuleErrorOf, StreamAddress};
pub use meetings::{
    CallMeetingRequest, DecisionPreview, OpenMeetingRequest, RecordDecisionRequest,
};
pub use transitions::TransitionPreview;

/// How often a command that lost a race is tried. Every round of a race has a winner, so with
/// fewer writers than attempts each of them gets through; each retry reads the facts afresh.
const ATTEMPTS: u32 = 20;

/// The pause before retry `attempt`: short, and growing, so that writers who collided spread
/// out instead of colliding again.
fn backoff(attempt: u32) -> std::time::Duration {
    std::time::Duration::from_millis(u64::from(attempt.min(6)) * 5)
}

/// Everything the register can refuse or fail with. `E` is the aggregate's own rule error.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError<E: std::error::Error> {
    /// The command breaks a rule of the aggregate.
    #[error(transparent)]
    Rule(E),
    #[error("{field}: there is no decision {decision_id} in the register")]
    UnknownDecision { field: String, decision_id: Uuid },
    #[error("decision id {decision_id} is already used in the register")]
    DecisionIdTaken { decision_id: Uuid },
    #[error("there is no meeting {meeting_id}")]
    UnknownMeeting { meeting_id: Uuid },
    /// The body a meeting is called for is not in the register.
    #[error("there is no body {body_id}")]
    UnknownBody { body_id: Uuid },
    /// A request names, in `field`, a cooperation the register does not hold: the request is
    /// wrong, not its address.
    #[error("there is no cooperation {cooperation_id} in the register")]
    UnknownCooperation { field: String, cooperation_id: Uuid },
    /// A request names, in `field`, a body the register does not hold. It is not
    /// [`RegisterError::UnknownBody`] because that one always means the meeting's `body_id` and
    /// has always been worded without "in the register".
    #[error("there is no body {body_id} in the register")]
    UnrecordedBody { field: String, body_id: Uuid },
    /// A request names, in `field`, a governing document the register does not hold.
    #[error("there is no document {document_id} in the register")]
    UnknownDocument { field: String, document_id: Uuid },
    /// A request names, in `field`, an obligation the register does not hold.
    #[error("there is no obligation {obligation_id} in the register")]
    UnknownObligation { field: String, obligation_id: Uuid },
    /// A request names, in `field`, a contract the register does not hold.
    #[error("there is no contract {contract_id} in the register")]
    UnknownContract { field: String, contract_id: Uuid },
    /// A goal names, in `field`, a plan (a governing document) the register does not hold.
    #[error("there is no document {document_id}")]
    UnknownPlan { field: String, document_id: Uuid },
    /// The resource a command is addressed to, such as the body in `/bodies/{id}/corrections`,
    /// is not in the register: the address is wrong rather than the command.
    #[error("there is no {resource} {id}")]
    UnknownResource { resource: &'static str, id: String },
    #[error("body {body_id} does not exist on {date}")]
    BodyNotInExistence {
        body_id: Uuid,
        date: chrono::NaiveDate,
    },
    #[error("body {body_id} has no seat plan for the mandate period {period}")]
    NoSeatPlan {
        body_id: Uuid,
        period: MandatePeriod,
    },
    /// A command that carrying out a transition causes on another stream breaks that stream's
    /// rule, such as ending a membership that begins only after the effective date.
    #[error("carrying out would break a rule of {aggregate_type} {stream_id}: {message}")]
    ConsequenceRefused {
        aggregate_type: &'static str,
        stream_id: String,
        field: String,
        rule: &'static str,
        message: String,
    },
    /// Other writers kept winning the race for the same stream or § number.
    #[error("the command kept conflicting with other writers; try again")]
    Conflict,
    /// The caller said which version of the stream it decided from, and the stream has moved on.
    #[error(
        "the record is at version {current}, not the version {expected} the command was based on"
    )]
    StaleVersion { expected: u64, current: u64 },
    /// The event store failed, or could not be reached; the message is for the log, not for
    /// the user.
    #[error("the event store failed: {0}")]
    Store(StoreFailure),
}

/// What a command wrote: the receipt its caller reads its own write with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The log position of the stream's last event after the commit.
    pub position: Position,
    /// How many events the stream holds after the commit.
    pub version: u64,
}

/// Records commands in the event log, in the name of one actor.
#[derive(Debug, Clone)]
pub struct Register {
    /// The log as this process's writers share it: its group commit and its turns.
    log: EventLog,
    pool: PgPool,
    index: LogIndex,
    actor: Actor,
    trace: RequestTrace,
    /// Whether this register answers the retry of a request whose first attempt was never
    /// answered (see [`first_attempt`]).
    answering_unanswered_attempt: bool,
}

impl Register {
    /// A register that records every event in the name of `actor`. Registers made from clones of
    /// one `log` share its group commit and take turns on its streams, so a face of the register
    /// makes the log once and a register per request.
    pub fn new(log: EventLog, actor: Actor) -> Register {
        let pool = log.pool().clone();
        Register {
            index: LogIndex::new(pool.clone()),
            log,
            pool,
            actor,
            trace: RequestTrace::default(),
            answering_unanswered_attempt: false,
        }
    }

    /// The same register, recording that its events answer the request `trace` describes.
    pub fn traced(mut self, trace: RequestTrace) -> Register {
        self.trace = trace;
        self
    }

    /// The metadata every event of a command carries.
    fn metadata(&self) -> HashMap<String, String> {
        actor::metadata(&self.actor, &self.trace)
    }

    /// The log the register records in, shared with every register made from it.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// The database the register records in.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The body's name as recorded in its own stream, or `None` when no body has this id. The
    /// faces name a body by it where they would otherwise show its id, as in a refusal; unlike a
    /// read model it never lags behind the log.
    pub async fn body_name(
        &self,
        body_id: Uuid,
    ) -> Result<Option<String>, RegisterError<domain::body::BodyError>> {
        let body = facts::load::<domain::body::Body, _>(&self.log, &body_id.to_string()).await?;
        Ok(body.and_then(|body| body.name().map(str::to_owned)))
    }

    /// Executes `command` on stream `stream_id` of aggregate `A`, once the decision its basis
    /// cites, if any, is known to exist, and returns the log position of the stream's last event.
    /// Commands of a meeting that carry facts have their own methods, which look the facts up.
    ///
    /// The position is the receipt a caller passes as `min_position` to read its own write. It
    /// is read after the commit, so it is the position written or, if another command on the
    /// same stream committed in between, a later one; waiting for it is waiting for this write.
    pub async fn execute<A>(
        &self,
        stream_id: &str,
        command: A::Command,
    ) -> Result<Position, RegisterError<A::Error>>
    where
        A: Aggregate<Services = ()> + 'static,
        A::Command: CitesBasis,
    {
        let written = self
            .execute_at_version::<A>(stream_id, command, None)
            .await?;
        Ok(written.position)
    }

    /// Executes `command` as [`Register::execute`] does, but only if the stream is still at
    /// `expected_version` (its number of events) when one is given. The check and the append
    /// are one optimistic write: if another command lands in between, this one is refused as a
    /// [`RegisterError::Conflict`] rather than decided from a state its caller never saw.
    pub async fn execute_at_version<A>(
        &self,
        stream_id: &str,
        command: A::Command,
        expected_version: Option<u64>,
    ) -> Result<Written, RegisterError<A::Error>>
    where
        A: Aggregate<Services = ()> + 'static,
        A::Command: CitesBasis,
    {
        if let Some(written) = self.first_attempt_written(A::TYPE, stream_id).await? {
            return Ok(written);
        }
        self.check_basis(&command).await?;
        self.append::<A>(stream_id, command, expected_version)
            .await?;
        facts::stream_head(&self.index, A::TYPE, stream_id).await
    }

    /// Decides `command` against the stream's events and appends what it decides, with this
    /// register's metadata, in the stream's turn: see [`Register::decide_and_append`].
    async fn append<A>(
        &self,
        stream_id: &str,
        command: A::Command,
        expected_version: Option<u64>,
    ) -> Result<(), RegisterError<A::Error>>
    where
        A: Aggregate<Services = ()> + 'static,
    {
        let mut turn = self.log.turn(TurnKey::stream(A::TYPE, stream_id)).await;
        self.decide_and_append::<A>(&mut turn, stream_id, command, expected_version)
            .await
    }

    /// What cqrs-es's `CqrsFramework::execute_with_metadata` does, written out for two reasons:
    /// the stream's version is checked between the load and the append, and the stream's state
    /// is kept in its turn between commands, so that a command reads only the events after the
    /// state the previous one left (a meeting's agenda is not parsed again for every decision).
    /// The caller holds `turn`, the turn on this stream.
    ///
    /// The events are serialised exactly as cqrs-es serialises them, and appended through the
    /// log's group commit; the append's unique index on the stream's sequence stays the guard
    /// against a writer in another process.
    async fn decide_and_append<A>(
        &self,
        turn: &mut StreamTurn,
        stream_id: &str,
        command: A::Command,
        expected_version: Option<u64>,
    ) -> Result<(), RegisterError<A::Error>>
    where
        A: Aggregate<Services = ()> + 'static,
    {
        let (mut aggregate, version) = self.current_state::<A, A::Error>(turn, stream_id).await?;
        if let Some(expected) = expected_version {
            let current = version as u64;
            if current != expected {
                turn.keep(aggregate, version);
                return Err(RegisterError::StaleVersion { expected, current });
            }
        }
        // cqrs-es's `handle` applies each event it writes to the aggregate. The domain decides
        // one event or a refusal, so a refused command leaves the state as it was.
        let sink = EventSink::<A>::default();
        if let Err(error) = aggregate.handle(command, &(), &sink).await {
            turn.keep(aggregate, version);
            return Err(RegisterError::Rule(error));
        }
        let envelopes: Vec<EventEnvelope<A>> = sink
            .collect()
            .await
            .into_iter()
            .zip(version + 1..)
            .map(|(payload, sequence)| EventEnvelope {
                aggregate_id: stream_id.to_owned(),
                sequence,
                payload,
                metadata: self.metadata(),
            })
            .collect();
        let rows = envelopes
            .iter()
            .map(|envelope| SerializedEvent::try_from(envelope).map(NewEvent::from))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| RegisterError::Store(StoreFailure::of(&error)))?;
        // The aggregate now holds the decided events. It is kept only when they are written; a
        // refused append leaves nothing, and the next command loads the stream whole.
        match self.log.append(rows).await {
            Ok(_) => {
                turn.keep(aggregate, version + envelopes.len());
                Ok(())
            }
            Err(AppendError::Conflict) => Err(RegisterError::Conflict),
            Err(error) => Err(RegisterError::Store(StoreFailure::of(&error))),
        }
    }

    /// The stream's state and version: the state its turn kept, brought up to date with the
    /// events written after it, or the whole stream when nothing was kept.
    async fn current_state<A: Aggregate + 'static, E: std::error::Error>(
        &self,
        turn: &mut StreamTurn,
        stream_id: &str,
    ) -> Result<(A, usize), RegisterError<E>> {
        let (mut aggregate, mut version) = turn.take_state::<A>().unwrap_or_default();
        let newer = EventRepository::new(self.log.clone())
            .get_last_events::<A>(stream_id, version)
            .await
            .map_err(|error| RegisterError::Store(facts::persistence_failure(&error)))?;
        for serialized in newer {
            let envelope = EventEnvelope::<A>::try_from(serialized)
                .map_err(|error| RegisterError::Store(facts::persistence_failure(&error)))?;
            if envelope.sequence != version + 1 {
                return Err(RegisterError::Store(StoreFailure::new(format!(
                    "the {} stream {stream_id:?} jumps from event {version} to {}",
                    A::TYPE,
                    envelope.sequence
                ))));
            }
            aggregate.apply(envelope.payload);
            version = envelope.sequence;
        }
        Ok((aggregate, version))
    }

    /// How many events the stream holds: the version a caller passes back as `If-Match`.
    pub async fn stream_version<A: Aggregate, E: std::error::Error>(
        &self,
        stream_id: &str,
    ) -> Result<u64, RegisterError<E>> {
        facts::stream_version(&self.index, A::TYPE, stream_id).await
    }

    /// The position and version of the stream's last event: what a face waits for before it
    /// shows the stream, so that a page shown beside a form has seen every write to it.
    pub async fn stream_written<A: Aggregate, E: std::error::Error>(
        &self,
        stream_id: &str,
    ) -> Result<Written, RegisterError<E>> {
        facts::stream_head(&self.index, A::TYPE, stream_id).await
    }

    /// A basis may cite a decision in this register only if the register holds it; a command
    /// resting on several decisions has each checked, and the first missing one is named.
    async fn check_basis<E: std::error::Error>(
        &self,
        command: &impl CitesBasis,
    ) -> Result<(), RegisterError<E>> {
        for (field, basis) in command.bases() {
            let Some(decision_id) = basis.cited_decision() else {
                continue;
            };
            if !facts::decision_exists(&self.index, decision_id).await? {
                return Err(RegisterError::UnknownDecision {
                    field: format!("{field}.decision_id"),
                    decision_id,
                });
            }
        }
        Ok(())
    }
}
