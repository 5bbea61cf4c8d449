//! What the timeline and the history say of a transition plan. Pure.

use domain::transition::{
    ContractDisposition, ObligationMapping, StepStatus, SuccessorForm, TransitionEvent,
};

use super::facts::{on, Effective, Facts, Link};

/// A transition plan belongs to the cooperation it replaces. The plan, a new effective date and
/// the carrying out take effect on the effective date; decisions and statuses on their own days;
/// edits of the plan's text on the day of the plan.
pub(super) fn facts(event: &TransitionEvent) -> Facts<'_> {
    let of_stream = |summary: String| Facts {
        effective: Effective::OfStream,
        basis: None,
        summary,
        link: Link::Keeps,
    };
    match event {
        TransitionEvent::TransitionPlanned(planned) => on(
            planned.effective_on,
            Some(&planned.basis),
            format!(
                "Transition planned: {} from {}",
                successor_form(planned.successor.form),
                planned.effective_on
            ),
            Link::Cooperation(planned.cooperation_id),
        ),
        TransitionEvent::SuccessorRevised(revised) => Facts {
            effective: Effective::OfStream,
            basis: Some(&revised.basis),
            summary: "Transition's successor revised".to_owned(),
            link: Link::Keeps,
        },
        TransitionEvent::TransitionRescheduled(rescheduled) => on(
            rescheduled.effective_on,
            Some(&rescheduled.basis),
            format!("Transition rescheduled to {}", rescheduled.effective_on),
            Link::Keeps,
        ),
        TransitionEvent::StepAdded(added) => {
            of_stream(format!("Transition step added: {}", added.step.title))
        }
        TransitionEvent::StepRevised(revised) => {
            of_stream(format!("Transition step revised: {}", revised.step.title))
        }
        TransitionEvent::StepStatusSet(set) => on(
            set.on,
            Some(&set.basis),
            format!("Transition step {}: {}", set.step, step_status(set.status)),
            Link::Keeps,
        ),
        TransitionEvent::ContractDispositionDecided(decided) => on(
            decided.decided_on,
            Some(&decided.basis),
            format!(
                "Contract {}: {}",
                decided.contract_id,
                disposition(&decided.disposition)
            ),
            Link::Keeps,
        ),
        TransitionEvent::ObligationMapped(mapped) => on(
            mapped.decided_on,
            Some(&mapped.basis),
            format!(
                "Obligation {}: {}",
                mapped.obligation_id,
                mapping(&mapped.mapping)
            ),
            Link::Keeps,
        ),
        TransitionEvent::PartyDecisionRecorded(recorded) => on(
            recorded.decided_on,
            Some(&recorded.basis),
            format!("{} decided the transition", recorded.party),
            Link::Keeps,
        ),
        TransitionEvent::TransitionCarriedOut(carried_out) => on(
            carried_out.effective_on,
            Some(&carried_out.basis),
            format!("Transition carried out on {}", carried_out.carried_out_on),
            Link::Keeps,
        ),
    }
}

fn successor_form(form: SuccessorForm) -> &'static str {
    match form {
        SuccessorForm::ContractBased => "contract-based cooperation",
        SuccessorForm::MunicipalFederation => "a municipal federation",
        SuccessorForm::JointCommittee => "a new joint committee",
        SuccessorForm::HostRunCentralPurchasingBody => "a host-run central purchasing body",
        SuccessorForm::EachPartyOnItsOwn => "each party on its own",
        SuccessorForm::Other => "another form",
    }
}

fn step_status(status: StepStatus) -> &'static str {
    match status {
        StepStatus::NotStarted => "not started",
        StepStatus::InProgress => "in progress",
        StepStatus::Done => "done",
        StepStatus::NotApplicable => "not applicable",
    }
}

fn disposition(disposition: &ContractDisposition) -> String {
    match disposition {
        ContractDisposition::ContinuesJointly => "continues jointly under the successor".to_owned(),
        ContractDisposition::MovesToParty { party } => format!("moves to {party}"),
        ContractDisposition::EndsAtExpiry => "ends at expiry".to_owned(),
        ContractDisposition::ProcuredAgainBy { party } => format!("procured again by {party}"),
    }
}

fn mapping(mapping: &ObligationMapping) -> String {
    match mapping {
        ObligationMapping::CarriedToSuccessor { .. } => "carried to the successor".to_owned(),
        ObligationMapping::MovesToParty { party, .. } => format!("moves to {party}"),
        ObligationMapping::Ends => "ends".to_owned(),
    }
}
