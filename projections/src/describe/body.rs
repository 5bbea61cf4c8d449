//! What the timeline and the history say of a body's establishment and dissolution. Pure.

use domain::body::{BodyEstablished, BodyEvent, BodyKind};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &BodyEvent) -> Facts<'_> {
    match event {
        BodyEvent::BodyEstablished(established) => on(
            established.established_on,
            Some(&established.basis),
            format!("Body established: {}", describe_body(established)),
            Link::BodyOf(established.cooperation_id),
        ),
        BodyEvent::BodyDissolved(dissolved) => on(
            dissolved.last_day,
            Some(dissolved.bases.first()),
            format!("Body dissolved: last day {}", dissolved.last_day),
            Link::Keeps,
        ),
        BodyEvent::BodyEstablishmentCorrected(corrected) => on(
            corrected.established.established_on,
            Some(&corrected.established.basis),
            format!(
                "Body establishment corrected: {} ({})",
                describe_body(&corrected.established),
                corrected.reason
            ),
            Link::BodyOf(corrected.established.cooperation_id),
        ),
    }
}

fn describe_body(established: &BodyEstablished) -> String {
    format!("{} ({})", established.name, body_kind(established.kind))
}

fn body_kind(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Committee => "committee",
        BodyKind::CoordinationGroup => "coordination group",
        BodyKind::SteeringGroup => "steering group",
        BodyKind::Board => "board",
    }
}
