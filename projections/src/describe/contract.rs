//! What the timeline and the history say of a procurement contract. Pure.

use domain::contract::{ContractEvent, ContractHolder, ContractRegistered};

use super::facts::{on, Facts, Link};

/// A contract belongs to the cooperation that registered it, and to a cooperation it is
/// reassigned to, such as the successor in a transition; a contract moved to one party leaves
/// the cooperations' timelines after its reassignment.
pub(super) fn facts(event: &ContractEvent) -> Facts<'_> {
    match event {
        ContractEvent::ContractRegistered(registered) => on(
            registered.starts_on,
            Some(&registered.basis),
            format!("Contract registered: {}", describe_contract(registered)),
            Link::Cooperation(registered.cooperation_id),
        ),
        ContractEvent::ContractExtended(extended) => on(
            extended.decided_on,
            Some(&extended.basis),
            format!("Contract extended to {}", extended.extends_to),
            Link::Keeps,
        ),
        ContractEvent::ContractReassigned(reassigned) => match &reassigned.holder {
            ContractHolder::Cooperation { cooperation_id } => on(
                reassigned.effective_on,
                Some(&reassigned.basis),
                format!("Contract moves to cooperation {cooperation_id}"),
                Link::Cooperation(*cooperation_id),
            ),
            ContractHolder::Party { party } => on(
                reassigned.effective_on,
                Some(&reassigned.basis),
                format!("Contract moves to {party} alone"),
                Link::Nothing,
            ),
        },
        ContractEvent::ContractCorrected(corrected) => on(
            corrected.registered.starts_on,
            Some(&corrected.registered.basis),
            format!(
                "Contract corrected: {} ({})",
                describe_contract(&corrected.registered),
                corrected.reason
            ),
            Link::Cooperation(corrected.registered.cooperation_id),
        ),
    }
}

fn describe_contract(registered: &ContractRegistered) -> String {
    format!(
        "{} with {}, {} to {}",
        registered.title, registered.supplier, registered.starts_on, registered.ends_on
    )
}
