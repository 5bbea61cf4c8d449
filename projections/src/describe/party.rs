//! What the timeline and the history say of a party's registration. Pure.

use domain::party::PartyEvent;

use super::facts::{Effective, Facts, Link};

/// A party's record is not the history of any one cooperation.
pub(super) fn facts(event: &PartyEvent) -> Facts<'_> {
    match event {
        PartyEvent::PartyRegistered(registered) => Facts {
            effective: Effective::OfStream,
            basis: None,
            summary: format!("Party registered: {} {}", registered.code, registered.name),
            link: Link::Nothing,
        },
    }
}
