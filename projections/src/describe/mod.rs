//! What the timeline and the history say of one event: the day it takes effect, the basis it
//! rests on, a line that says what happened, and which cooperation its stream belongs to. Both
//! read models describe events here, so that an event reads the same in either list. Pure, so
//! that every rule is tested without a database.
//!
//! One file per aggregate holds what is said of its events; this file only sends each event to
//! its aggregate's file. Every event enum is matched without a wildcard arm, so that a new event
//! type does not compile until it is described. The allocation keys and budgets, which no
//! timeline lists, are described in `allocation.rs` for the history alone.

mod allocation;
mod body;
mod body_term;
mod contract;
mod cooperation;
mod event;
mod external_decision;
mod facts;
mod goal;
mod governing_document;
mod mandate;
mod meeting;
mod obligation;
mod party;
mod population_figure;
mod transition;

pub(crate) use allocation::{allocation_key, budget, Undated};
pub(crate) use event::{decode_event, Event};
pub(crate) use facts::{Effective, Facts, Link};

/// The facts of one event. A correction takes the day and the basis of the record as corrected.
pub(crate) fn facts(event: &Event) -> Facts<'_> {
    match event {
        Event::Cooperation(event) => cooperation::facts(event),
        Event::Body(event) => body::facts(event),
        Event::BodyTerm(event) => body_term::facts(event),
        Event::Mandate(event) => mandate::facts(event),
        Event::Obligation(event) => obligation::facts(event),
        Event::GoverningDocument(event) => governing_document::facts(event),
        Event::Goal(event) => goal::facts(event),
        Event::Meeting(event) => meeting::facts(event),
        Event::ExternalDecision(event) => external_decision::facts(event),
        Event::Party(event) => party::facts(event),
        Event::PopulationFigure(event) => population_figure::facts(event),
        Event::Contract(event) => contract::facts(event),
        Event::Transition(event) => transition::facts(event),
    }
}

#[cfg(test)]
mod tests;
