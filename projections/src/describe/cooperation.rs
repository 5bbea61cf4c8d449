//! What the timeline and the history say of a cooperation's own events. Pure.

use domain::cooperation::{CooperationEstablished, CooperationEvent, CooperationForm};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &CooperationEvent) -> Facts<'_> {
    match event {
        CooperationEvent::CooperationEstablished(established) => on(
            established.established_on,
            Some(established.bases.first()),
            format!(
                "Cooperation established: {}",
                describe_cooperation(established)
            ),
            Link::IsCooperation,
        ),
        CooperationEvent::PartyJoined(joined) => on(
            joined.joins_on,
            Some(&joined.basis),
            format!("Party joined: {}", joined.party),
            Link::IsCooperation,
        ),
        CooperationEvent::DissolutionDecided(decided) => on(
            decided.effective_on,
            Some(decided.bases.first()),
            match decided.successor {
                Some(successor) => format!(
                    "Dissolution decided on {}, effective {}; succeeded by {successor}",
                    decided.decided_on, decided.effective_on
                ),
                None => format!(
                    "Dissolution decided on {}, effective {}",
                    decided.decided_on, decided.effective_on
                ),
            },
            Link::IsCooperation,
        ),
        CooperationEvent::EstablishmentCorrected(corrected) => on(
            corrected.established.established_on,
            Some(corrected.established.bases.first()),
            format!(
                "Establishment corrected: {} ({})",
                describe_cooperation(&corrected.established),
                corrected.reason
            ),
            Link::IsCooperation,
        ),
    }
}

fn describe_cooperation(established: &CooperationEstablished) -> String {
    let parties: Vec<&str> = established
        .parties
        .iter()
        .map(|party| party.as_str())
        .collect();
    format!(
        "{} ({}, host {}, parties {})",
        established.name,
        cooperation_form(established.form),
        established.host,
        parties.join(", ")
    )
}

fn cooperation_form(form: CooperationForm) -> &'static str {
    match form {
        CooperationForm::JointCommittee => "joint committee",
        CooperationForm::ContractBased => "contract-based",
        CooperationForm::MunicipalFederation => "municipal federation",
        CooperationForm::HostRunCentralPurchasingBody => "host-run central purchasing body",
        CooperationForm::Other => "other form",
    }
}
