//! What the timeline and the history say of a party's population figure. Pure.

use domain::party::PopulationEvent;

use super::facts::{on, Effective, Facts, Link};

pub(super) fn facts(event: &PopulationEvent) -> Facts<'_> {
    match event {
        PopulationEvent::PopulationRecorded(recorded) => on(
            recorded.reference_date,
            None,
            format!(
                "Population recorded: {} {} on {}",
                recorded.party, recorded.population, recorded.reference_date
            ),
            Link::Nothing,
        ),
        PopulationEvent::PopulationCorrected(corrected) => Facts {
            effective: Effective::OfStream,
            basis: None,
            summary: format!(
                "Population corrected: {} ({})",
                corrected.population, corrected.reason
            ),
            link: Link::Nothing,
        },
    }
}
