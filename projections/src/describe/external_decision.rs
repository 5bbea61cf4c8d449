//! What the timeline and the history say of a decision taken outside the register. Pure.

use domain::external_decision::ExternalDecisionEvent;

use super::facts::{on, Facts, Link};

/// Outside decisions belong to no cooperation; the facts are given all the same, so that the
/// match stays exhaustive and a reader of this module sees every event once.
pub(super) fn facts(event: &ExternalDecisionEvent) -> Facts<'_> {
    match event {
        ExternalDecisionEvent::ExternalDecisionRecorded(recorded) => on(
            recorded.details.decided_on,
            None,
            format!(
                "External decision recorded: {}",
                recorded.details.citation()
            ),
            Link::Nothing,
        ),
        ExternalDecisionEvent::ExternalDecisionCorrected(corrected) => on(
            corrected.corrected.decided_on,
            None,
            format!(
                "External decision corrected: {} ({})",
                corrected.corrected.citation(),
                corrected.reason
            ),
            Link::Nothing,
        ),
    }
}
