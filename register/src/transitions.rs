//! Carrying a transition out, and previewing it.
//!
//! The plan decides, purely, what carrying out writes (`Transition::carry_out`): its own event
//! and commands on the streams of the old cooperation, its bodies, memberships, mandates,
//! obligations and contracts, and of the successor. Here each of those commands is decided by
//! its own aggregate, so every rule of the register still holds, and everything is appended in
//! one transaction (`appending::append_all`): the old arrangement never ends without the new one
//! beginning. A stream that moved on in the meantime fails the append on its primary key, and the
//! whole decision is made again from the new state.
//!
//! The preview proposes the same events to the read models inside a transaction that is rolled
//! back (`projections::Preview`).

use std::collections::HashMap;

use chrono::NaiveDate;
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, EventStore};
use domain::body::Body;
use domain::body_term::BodyTerm;
use domain::contract::{Contract, ContractCommand, ContractHolder, ReassignContract};
use domain::cooperation::Cooperation;
use domain::governing_document::GoverningDocument;
use domain::mandate::{Mandate, MandateHolder};
use domain::obligation::Obligation;
use domain::transition::{
    BodyFact, CarryOutDecision, CarryOutFacts, CarryOutTransition, Consequence, ContractFact,
    MandateFact, MembershipFact, ObligationFact, ReassignedTo, Transition, TransitionError,
};
use domain::{Decide, LegalBasis, RuleViolation};
use eventlog::{EventLog, EventRepository, LogIndex, StoreFailure, StreamsNaming};
use projections::transitions::{preview_arrangement, Arrangement, ArrangementScope};
use projections::ProposedEvent;
use uuid::Uuid;

use super::appending::{append_all, proposed_event, Appended};
use super::facts::{aggregate_failure, load, lookup_error};
use super::{backoff, Register, RegisterError, Written, ATTEMPTS};

type TransitionResult<T> = Result<T, RegisterError<TransitionError>>;

impl Register {
    /// Carries out transition `transition_id` as of `today` (the register's clock), citing
    /// `basis`: ends the old cooperation, its bodies, their memberships and mandates, closes or
    /// carries its obligations, moves its contracts, and establishes the successor with its
    /// agreement. Returns the receipt of the plan's stream.
    ///
    /// With `expected_version`, the plan must still be at that version (its number of events):
    /// the plan's own event is appended at the next sequence in the same transaction, so a plan
    /// changed in between fails the append and is then refused as stale.
    pub async fn carry_out_transition(
        &self,
        transition_id: Uuid,
        today: NaiveDate,
        basis: LegalBasis,
        expected_version: Option<u64>,
    ) -> TransitionResult<Written> {
        let stream_id = transition_id.to_string();
        if let Some(written) = self
            .first_attempt_written(Transition::TYPE, &stream_id)
            .await?
        {
            return Ok(written);
        }
        self.check_basis(&CarryOutBasis(&basis)).await?;
        for attempt in 0..ATTEMPTS {
            let (transition, version) = self.load_plan(&stream_id).await?;
            if let Some(expected) = expected_version {
                let current = u64::try_from(version).unwrap_or_default();
                if current != expected {
                    return Err(RegisterError::StaleVersion { expected, current });
                }
            }
            let command = CarryOutTransition {
                today,
                basis: basis.clone(),
                facts: self.carry_out_facts(&transition).await?,
            };
            let decision = transition.carry_out(command).map_err(RegisterError::Rule)?;
            let events = self.propose(&stream_id, version, decision).await?;
            match append_all(&self.pool, &events).await {
                Ok(_) => {
                    return super::facts::stream_head(&self.index, Transition::TYPE, &stream_id)
                        .await
                }
                Err(Appended::Conflict) => tokio::time::sleep(backoff(attempt)).await,
                Err(Appended::Failed(error)) => return Err(RegisterError::Store(error)),
            }
        }
        Err(RegisterError::Conflict)
    }

    /// What the transition changes, for reading its arrangement on any day: the bodies of the
    /// cooperation it replaces, every party of either cooperation, and the successor.
    pub async fn arrangement_scope(
        &self,
        transition_id: Uuid,
    ) -> TransitionResult<ArrangementScope> {
        let (transition, _) = self.load_plan(&transition_id.to_string()).await?;
        self.scope_of(&transition).await
    }

    async fn scope_of(&self, transition: &Transition) -> TransitionResult<ArrangementScope> {
        let Some(cooperation_id) = transition.cooperation_id() else {
            return Err(RegisterError::Rule(TransitionError::NotPlanned));
        };
        Ok(ArrangementScope {
            body_ids: streams_naming(
                &self.index,
                StreamsNaming::BodiesOfCooperation,
                cooperation_id,
            )
            .await?,
            parties: transition.parties(),
            successor_cooperation_id: transition
                .successor()
                .and_then(|successor| successor.cooperation.as_ref())
                .map(|successor| successor.cooperation_id),
        })
    }

    /// The arrangement on the effective date if the transition were carried out now with
    /// `basis`, computed without writing anything, and what would still stop carrying it out.
    pub async fn preview_transition(
        &self,
        transition_id: Uuid,
        basis: LegalBasis,
    ) -> TransitionResult<TransitionPreview> {
        let stream_id = transition_id.to_string();
        self.check_basis(&CarryOutBasis(&basis)).await?;
        let (transition, version) = self.load_plan(&stream_id).await?;
        let Some(effective_on) = transition.effective_on() else {
            return Err(RegisterError::Rule(TransitionError::NotPlanned));
        };
        let facts = self.carry_out_facts(&transition).await?;
        let (decision, blockers) = transition
            .preview_carry_out(basis, &facts)
            .map_err(RegisterError::Rule)?;
        let events = self.propose(&stream_id, version, decision).await?;
        let scope = self.scope_of(&transition).await?;
        let arrangement = preview_arrangement(&self.pool, &scope, effective_on, &events)
            .await
            .map_err(|error| RegisterError::Store(StoreFailure::of(&error)))?;
        Ok(TransitionPreview {
            transition_id,
            effective_on,
            blockers,
            arrangement,
        })
    }

    async fn load_plan(&self, stream_id: &str) -> TransitionResult<(Transition, i64)> {
        let store = PersistedEventStore::<EventRepository, Transition>::new_event_store(
            EventRepository::new(self.log.clone()),
        );
        let context = store
            .load_aggregate(stream_id)
            .await
            .map_err(|error| RegisterError::Store(aggregate_failure(&error)))?;
        if context.current_sequence == 0 {
            return Err(RegisterError::Rule(TransitionError::NotPlanned));
        }
        Ok((context.aggregate, context.current_sequence as i64))
    }

    /// Everything carrying out needs to know about the cooperation the plan replaces, read from
    /// the log so that nothing committed before it is missed.
    async fn carry_out_facts(&self, transition: &Transition) -> TransitionResult<CarryOutFacts> {
        let (Some(cooperation_id), Some(effective_on)) =
            (transition.cooperation_id(), transition.effective_on())
        else {
            return Err(RegisterError::Rule(TransitionError::NotPlanned));
        };
        let cooperation =
            load::<Cooperation, TransitionError>(&self.log, &cooperation_id.to_string()).await?;
        let mut facts = CarryOutFacts {
            recorded_dissolution: cooperation
                .as_ref()
                .and_then(Cooperation::dissolution_effective_on),
            ..CarryOutFacts::default()
        };
        for body_id in streams_naming(
            &self.index,
            StreamsNaming::BodiesOfCooperation,
            cooperation_id,
        )
        .await?
        {
            let Some(body) = load::<Body, TransitionError>(&self.log, &body_id.to_string()).await?
            else {
                continue;
            };
            let (Some(owner), Some(established_on)) =
                (body.cooperation_id(), body.established_on())
            else {
                continue;
            };
            // A correction may have moved the body to another cooperation; a body dissolved
            // before the effective date is already gone.
            if owner != cooperation_id || body.last_day().is_some_and(|day| day < effective_on) {
                continue;
            }
            facts.bodies.push(BodyFact {
                body_id,
                established_on,
                last_day: body.last_day(),
            });
            self.body_facts_for_carry_out(body_id, effective_on, &mut facts)
                .await?;
        }
        for obligation_id in streams_naming(
            &self.index,
            StreamsNaming::ObligationsOfCooperation,
            cooperation_id,
        )
        .await?
        {
            let Some(obligation) =
                load::<Obligation, TransitionError>(&self.log, &obligation_id.to_string()).await?
            else {
                continue;
            };
            let Some(recorded) = obligation.as_recorded() else {
                continue;
            };
            if recorded.cooperation_id != cooperation_id || !obligation.open_from(effective_on) {
                continue;
            }
            facts.obligations.push(ObligationFact {
                obligation_id,
                debtor: recorded.debtor.clone(),
                creditor: recorded.creditor.clone(),
                kind: recorded.kind,
                description: recorded.description.clone(),
                period: recorded.period,
                due: recorded.due,
            });
        }
        for contract_id in streams_naming(
            &self.index,
            StreamsNaming::ContractsOfCooperation,
            cooperation_id,
        )
        .await?
        {
            let Some(contract) =
                load::<Contract, TransitionError>(&self.log, &contract_id.to_string()).await?
            else {
                continue;
            };
            let (Some(title), Some(ends_on)) = (contract.title(), contract.ends_on()) else {
                continue;
            };
            // The holder on the effective date, or on the last day of a contract that ends
            // before it, which readiness still watches.
            let day = effective_on.min(ends_on);
            let held = matches!(contract.holder_on(day), Some(ContractHolder::Cooperation { cooperation_id: holder }) if holder == cooperation_id);
            if held {
                facts.contracts.push(ContractFact {
                    contract_id,
                    title: title.to_owned(),
                    ends_on,
                    callers: contract.callers_on(day),
                });
            }
        }
        Ok(facts)
    }

    /// The memberships and mandates of one body that run on or after the effective date.
    async fn body_facts_for_carry_out(
        &self,
        body_id: Uuid,
        effective_on: NaiveDate,
        facts: &mut CarryOutFacts,
    ) -> TransitionResult<()> {
        let term_streams = self
            .index
            .streams_naming(StreamsNaming::TermsOfBody, body_id)
            .await
            .map_err(lookup_error)?;
        for stream_id in term_streams {
            let Some(term) = load::<BodyTerm, TransitionError>(&self.log, &stream_id).await? else {
                continue;
            };
            let Some(period) = term.period() else {
                continue;
            };
            for (membership_id, serves_from) in term.memberships_running_from(effective_on) {
                facts.memberships.push(MembershipFact {
                    body_id,
                    period,
                    membership_id,
                    serves_from,
                });
            }
        }
        for mandate_id in
            streams_naming(&self.index, StreamsNaming::MandatesOfBody, body_id).await?
        {
            let Some(mandate) =
                load::<Mandate, TransitionError>(&self.log, &mandate_id.to_string()).await?
            else {
                continue;
            };
            let held = matches!(mandate.holder(), Some(MandateHolder::Body { body_id: holder }) if *holder == body_id);
            let Some(valid_from) = mandate.valid_from() else {
                continue;
            };
            if held && mandate.runs_from(effective_on) {
                facts.mandates.push(MandateFact {
                    mandate_id,
                    body_id,
                    valid_from,
                });
            }
        }
        Ok(())
    }

    /// Decides every consequence with its own aggregate, in order, and the plan's own event last.
    async fn propose(
        &self,
        transition_stream: &str,
        transition_version: i64,
        decision: CarryOutDecision,
    ) -> TransitionResult<Vec<ProposedEvent>> {
        let metadata = serde_json::to_string(&self.metadata()).map_err(json_error)?;
        let mut streams = Streams::new(self.log.clone(), metadata.clone());
        let mut events = Vec::with_capacity(decision.consequences.len() + 1);
        for consequence in decision.consequences {
            let event = match consequence {
                Consequence::EstablishSuccessor {
                    cooperation_id,
                    command,
                } => {
                    streams
                        .propose::<Cooperation>(
                            cooperation_id.to_string(),
                            domain::cooperation::CooperationCommand::Establish(command),
                        )
                        .await?
                }
                Consequence::AdoptAgreement {
                    document_id,
                    command,
                } => {
                    streams
                        .propose::<GoverningDocument>(
                            document_id.to_string(),
                            domain::governing_document::GoverningDocumentCommand::Adopt(command),
                        )
                        .await?
                }
                Consequence::DissolveCooperation {
                    cooperation_id,
                    command,
                } => {
                    streams
                        .propose::<Cooperation>(
                            cooperation_id.to_string(),
                            domain::cooperation::CooperationCommand::DecideDissolution(command),
                        )
                        .await?
                }
                Consequence::DissolveBody { body_id, command } => {
                    streams
                        .propose::<Body>(
                            body_id.to_string(),
                            domain::body::BodyCommand::Dissolve(command),
                        )
                        .await?
                }
                Consequence::EndMembership {
                    body_id,
                    period,
                    command,
                } => {
                    streams
                        .propose::<BodyTerm>(
                            BodyTerm::stream_id(body_id, period),
                            domain::body_term::BodyTermCommand::EndMembership(command),
                        )
                        .await?
                }
                Consequence::EndMandate {
                    mandate_id,
                    command,
                } => {
                    streams
                        .propose::<Mandate>(
                            mandate_id.to_string(),
                            domain::mandate::MandateCommand::End(command),
                        )
                        .await?
                }
                Consequence::CloseObligation {
                    obligation_id,
                    command,
                } => {
                    streams
                        .propose::<Obligation>(
                            obligation_id.to_string(),
                            domain::obligation::ObligationCommand::Close(command),
                        )
                        .await?
                }
                Consequence::RecordObligation {
                    obligation_id,
                    command,
                } => {
                    streams
                        .propose::<Obligation>(
                            obligation_id.to_string(),
                            domain::obligation::ObligationCommand::Record(command),
                        )
                        .await?
                }
                Consequence::ReassignContract {
                    contract_id,
                    reassignment,
                } => {
                    let (holder, holder_parties) = match reassignment.to {
                        ReassignedTo::Cooperation {
                            cooperation_id,
                            parties,
                        } => (ContractHolder::Cooperation { cooperation_id }, parties),
                        ReassignedTo::Party { party } => (
                            ContractHolder::Party {
                                party: party.clone(),
                            },
                            vec![party],
                        ),
                    };
                    streams
                        .propose::<Contract>(
                            contract_id.to_string(),
                            ContractCommand::Reassign(ReassignContract {
                                effective_on: reassignment.effective_on,
                                holder,
                                callers: reassignment.callers,
                                holder_parties,
                                basis: reassignment.basis,
                            }),
                        )
                        .await?
                }
            };
            events.push(event);
        }
        events.push(
            proposed_event::<Transition>(
                transition_stream.to_owned(),
                transition_version + 1,
                &decision.event,
                metadata,
            )
            .map_err(json_error)?,
        );
        Ok(events)
    }
}

/// The arrangement a transition would bring about on its effective date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct TransitionPreview {
    pub transition_id: Uuid,
    pub effective_on: NaiveDate,
    /// What would still stop carrying it out on the effective date. The preview shows a contract
    /// without a disposition running on unchanged and an obligation without a mapping ending.
    pub blockers: Vec<domain::transition::Blocker>,
    pub arrangement: Arrangement,
}

/// The basis a carry-out or its preview cites, checked like a command's: a decision of this
/// register must be one it holds. Its events would cite it on every stream they touch.
struct CarryOutBasis<'a>(&'a LegalBasis);

impl domain::CitesBasis for CarryOutBasis<'_> {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        Some(("basis", self.0))
    }
}

/// The streams the consequences touch, each loaded once and kept as decided so far, so that two
/// commands on one stream (two memberships of one mandate period) see each other.
struct Streams {
    log: EventLog,
    metadata: String,
    loaded: HashMap<StreamKey, LoadedStream>,
}

/// An aggregate type and a stream id.
type StreamKey = (&'static str, String);

/// A stream's aggregate as decided so far (of the type its key names), and its version.
type LoadedStream = (Box<dyn std::any::Any + Send>, i64);

impl Streams {
    fn new(log: EventLog, metadata: String) -> Streams {
        Streams {
            log,
            metadata,
            loaded: HashMap::new(),
        }
    }

    async fn propose<A>(
        &mut self,
        stream_id: String,
        command: A::Command,
    ) -> TransitionResult<ProposedEvent>
    where
        A: Aggregate<Services = ()> + Decide + Send + 'static,
        A::Error: RuleViolation,
    {
        let key = (A::TYPE, stream_id.clone());
        if !self.loaded.contains_key(&key) {
            let store = PersistedEventStore::<EventRepository, A>::new_event_store(
                EventRepository::new(self.log.clone()),
            );
            let context = store
                .load_aggregate(&stream_id)
                .await
                .map_err(|error| RegisterError::Store(aggregate_failure(&error)))?;
            let version = context.current_sequence as i64;
            self.loaded
                .insert(key.clone(), (Box::new(context.aggregate), version));
        }
        let Some((state, version)) = self.loaded.get_mut(&key) else {
            return Err(RegisterError::Store(StoreFailure::new(format!(
                "stream {stream_id} was not loaded"
            ))));
        };
        let Some(aggregate) = state.downcast_mut::<A>() else {
            return Err(RegisterError::Store(StoreFailure::new(format!(
                "stream {stream_id} was loaded as another aggregate"
            ))));
        };
        let event =
            aggregate
                .decide(command)
                .map_err(|error| RegisterError::ConsequenceRefused {
                    aggregate_type: A::TYPE,
                    stream_id: stream_id.clone(),
                    field: error.field(),
                    rule: error.rule(),
                    message: error.to_string(),
                })?;
        aggregate.apply(event.clone());
        *version += 1;
        proposed_event::<A>(stream_id, *version, &event, self.metadata.clone()).map_err(json_error)
    }
}

/// The streams `lookup` finds for `id`, each named by a UUID.
async fn streams_naming(
    index: &LogIndex,
    lookup: StreamsNaming,
    id: Uuid,
) -> TransitionResult<Vec<Uuid>> {
    let streams = index
        .streams_naming(lookup, id)
        .await
        .map_err(lookup_error)?;
    streams
        .iter()
        .map(|stream| {
            Uuid::parse_str(stream).map_err(|_| {
                RegisterError::Store(StoreFailure::new(format!(
                    "stream {stream:?} is not a uuid"
                )))
            })
        })
        .collect()
}

fn json_error(error: serde_json::Error) -> RegisterError<TransitionError> {
    RegisterError::Store(StoreFailure::of(&error))
}
