//! What is said of one event: the day it takes effect, the basis it rests on, a line that says
//! what happened, and which cooperation its stream belongs to from then on. Every aggregate's
//! file of this module fills these in for its own events.

use chrono::NaiveDate;
use domain::LegalBasis;
use uuid::Uuid;

/// The day an event takes effect in the world (valid time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effective {
    /// The event names the day.
    On(NaiveDate),
    /// The event names no day of its own and takes the day of its stream's first event: a
    /// meeting's events happen on the day it was called for, and a seat plan's correction takes
    /// effect on the first day of the mandate period, as the plan it corrects did.
    OfStream,
}

/// Which cooperation the event's stream belongs to, from this event on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    /// The event does not say; the stream keeps the cooperation it had.
    Keeps,
    /// The stream is the cooperation itself.
    IsCooperation,
    /// The stream is a body of this cooperation.
    BodyOf(Uuid),
    /// The stream belongs to this cooperation, such as an obligation or a governing document.
    Cooperation(Uuid),
    /// The stream belongs to the cooperation of this body, whichever that is when an event of
    /// the stream is applied, such as a mandate period, a meeting or a goal.
    Body(Uuid),
    /// The stream belongs to no cooperation, such as a mandate held by a party or a party itself.
    Nothing,
}

/// What the timeline records of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts<'a> {
    pub effective: Effective,
    pub basis: Option<&'a LegalBasis>,
    pub summary: String,
    pub link: Link,
}

/// The facts of an event that names its own day, as most do.
pub(super) fn on(
    day: NaiveDate,
    basis: Option<&LegalBasis>,
    summary: String,
    link: Link,
) -> Facts<'_> {
    Facts {
        effective: Effective::On(day),
        basis,
        summary,
        link,
    }
}
