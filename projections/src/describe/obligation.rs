//! What the timeline and the history say of an obligation. Pure.

use domain::obligation::{Closure, ObligationEvent, ObligationKind, ObligationRecorded};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &ObligationEvent) -> Facts<'_> {
    match event {
        ObligationEvent::ObligationRecorded(recorded) => on(
            recorded.period.from,
            Some(&recorded.basis),
            format!("Obligation recorded: {}", describe_obligation(recorded)),
            Link::Cooperation(recorded.cooperation_id),
        ),
        ObligationEvent::ObligationClosed(closed) => on(
            closed.on,
            Some(&closed.basis),
            format!("Obligation closed: {}", closure(&closed.closure)),
            Link::Keeps,
        ),
        ObligationEvent::ObligationCorrected(corrected) => on(
            corrected.recorded.period.from,
            Some(&corrected.recorded.basis),
            format!(
                "Obligation corrected: {} ({})",
                describe_obligation(&corrected.recorded),
                corrected.reason
            ),
            Link::Cooperation(corrected.recorded.cooperation_id),
        ),
    }
}

fn describe_obligation(recorded: &ObligationRecorded) -> String {
    format!(
        "{} owes {} ({})",
        recorded.debtor,
        obligation_kind(recorded.kind),
        recorded.description
    )
}

fn obligation_kind(kind: ObligationKind) -> &'static str {
    match kind {
        ObligationKind::CostShare => "a cost share",
        ObligationKind::AppointRepresentative => "a representative",
        ObligationKind::ProvideStaff => "staff",
        ObligationKind::ProvidePremises => "premises",
        ObligationKind::ReportOrPlan => "a report or plan",
        ObligationKind::PayFees => "fees",
        ObligationKind::DeliverArchives => "archives",
        ObligationKind::GiveNotice => "notice",
    }
}

fn closure(closure: &Closure) -> String {
    match closure {
        Closure::Fulfilled => "fulfilled".to_owned(),
        Closure::Waived => "waived".to_owned(),
        Closure::Transferred { to } => format!("transferred to {to}"),
        Closure::Ended => "ended".to_owned(),
    }
}
