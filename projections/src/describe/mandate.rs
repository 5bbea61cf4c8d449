//! What the timeline and the history say of a mandate and its delegations. Pure.

use domain::mandate::{MandateEvent, MandateGranted, MandateHolder};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &MandateEvent) -> Facts<'_> {
    match event {
        MandateEvent::MandateGranted(granted) => on(
            granted.valid.from,
            Some(&granted.basis),
            format!("Mandate granted: {}", describe_grant(granted)),
            holder_link(&granted.holder),
        ),
        MandateEvent::MandateDelegated(delegated) => on(
            delegated.valid.from,
            Some(&delegated.basis),
            format!(
                "Mandate delegated: {} to {}",
                delegated.category.as_str(),
                delegated.delegate
            ),
            Link::Keeps,
        ),
        MandateEvent::MandateEnded(ended) => on(
            ended.last_day,
            Some(&ended.basis),
            format!("Mandate ended: last day {}", ended.last_day),
            Link::Keeps,
        ),
        MandateEvent::MandateCorrected(corrected) => on(
            corrected.grant.valid.from,
            Some(&corrected.grant.basis),
            format!(
                "Mandate corrected: {} ({})",
                describe_grant(&corrected.grant),
                corrected.reason
            ),
            holder_link(&corrected.grant.holder),
        ),
    }
}

fn holder_link(holder: &MandateHolder) -> Link {
    match holder {
        MandateHolder::Body { body_id } => Link::Body(*body_id),
        MandateHolder::Party { .. } => Link::Nothing,
    }
}

fn describe_grant(granted: &MandateGranted) -> String {
    if granted.exclusions.is_empty() {
        format!("{} ({})", granted.category.as_str(), granted.scope)
    } else {
        let exclusions: Vec<&str> = granted
            .exclusions
            .iter()
            .map(|category| category.as_str())
            .collect();
        format!(
            "{} except {} ({})",
            granted.category.as_str(),
            exclusions.join(", "),
            granted.scope
        )
    }
}
