//! The stored events this module describes, decoded as the event enum of their aggregate. Both
//! the timeline and the history decode with [`decode_event`], so that they read the same events
//! the same way.

use cqrs_es::Aggregate;
use domain::body::{Body, BodyEvent};
use domain::body_term::{BodyTerm, BodyTermEvent};
use domain::contract::{Contract, ContractEvent};
use domain::cooperation::{Cooperation, CooperationEvent};
use domain::external_decision::{ExternalDecision, ExternalDecisionEvent};
use domain::goal::{Goal, GoalEvent};
use domain::governing_document::{GoverningDocument, GoverningDocumentEvent};
use domain::mandate::{Mandate, MandateEvent};
use domain::meeting::{Meeting, MeetingEvent};
use domain::obligation::{Obligation, ObligationEvent};
use domain::party::{Party, PartyEvent, PopulationEvent, PopulationFigure};
use domain::transition::{Transition, TransitionEvent};
use eventlog::RecordedEvent;

use crate::decode::decode;
use crate::ProjectionError;

/// A stored event, decoded as the event enum of its aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    Cooperation(CooperationEvent),
    Body(BodyEvent),
    BodyTerm(BodyTermEvent),
    Mandate(MandateEvent),
    Obligation(ObligationEvent),
    GoverningDocument(GoverningDocumentEvent),
    Goal(GoalEvent),
    Meeting(MeetingEvent),
    ExternalDecision(ExternalDecisionEvent),
    Party(PartyEvent),
    PopulationFigure(PopulationEvent),
    Contract(ContractEvent),
    Transition(TransitionEvent),
}

/// Decodes the event as the event enum of its aggregate; `None` for an aggregate this module
/// does not describe (the allocation keys and budgets, and any the register does not know),
/// which cannot concern a cooperation the timeline lists.
pub(crate) fn decode_event(event: &RecordedEvent) -> Result<Option<Event>, ProjectionError> {
    let aggregate = event.aggregate_type.as_str();
    let decoded = if aggregate == Cooperation::TYPE {
        Event::Cooperation(decode(event)?)
    } else if aggregate == Body::TYPE {
        Event::Body(decode(event)?)
    } else if aggregate == BodyTerm::TYPE {
        Event::BodyTerm(decode(event)?)
    } else if aggregate == Mandate::TYPE {
        Event::Mandate(decode(event)?)
    } else if aggregate == Obligation::TYPE {
        Event::Obligation(decode(event)?)
    } else if aggregate == GoverningDocument::TYPE {
        Event::GoverningDocument(decode(event)?)
    } else if aggregate == Goal::TYPE {
        Event::Goal(decode(event)?)
    } else if aggregate == Meeting::TYPE {
        Event::Meeting(decode(event)?)
    } else if aggregate == ExternalDecision::TYPE {
        Event::ExternalDecision(decode(event)?)
    } else if aggregate == Party::TYPE {
        Event::Party(decode(event)?)
    } else if aggregate == PopulationFigure::TYPE {
        Event::PopulationFigure(decode(event)?)
    } else if aggregate == Contract::TYPE {
        Event::Contract(decode(event)?)
    } else if aggregate == Transition::TYPE {
        Event::Transition(decode(event)?)
    } else {
        return Ok(None);
    };
    Ok(Some(decoded))
}
