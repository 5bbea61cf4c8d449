//! What the timeline takes from one event: the day it takes effect, the basis it rests on, a line
//! that says what happened, and which cooperation its stream belongs to. Pure, so that every rule
//! is tested without a database.
//!
//! Every event enum is matched without a wildcard arm, so that a new event type does not compile
//! until the timeline says what it makes of it.

use chrono::NaiveDate;
use domain::body::{BodyEstablished, BodyEvent, BodyKind};
use domain::body_term::{Appointment, BodyTermEvent, EndReason, Role, SeatAllocation};
use domain::contract::{ContractEvent, ContractHolder, ContractRegistered};
use domain::cooperation::{CooperationEstablished, CooperationEvent, CooperationForm};
use domain::external_decision::ExternalDecisionEvent;
use domain::goal::{Assessment, GoalEvent, GoalSet};
use domain::governing_document::{DocumentKind, GoverningDocumentEvent};
use domain::mandate::{MandateEvent, MandateGranted, MandateHolder};
use domain::meeting::{MeetingEvent, MinutesScope};
use domain::obligation::{Closure, ObligationEvent, ObligationKind, ObligationRecorded};
use domain::party::{PartyEvent, PopulationEvent};
use domain::transition::{
    ContractDisposition, ObligationMapping, StepStatus, SuccessorForm, TransitionEvent,
};
use domain::LegalBasis;
use uuid::Uuid;

/// A stored event, decoded as the event enum of its aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    Cooperation(CooperationEvent),
    Body(BodyEvent),
    BodyTerm(BodyTermEvent),
    Mandate(MandateEvent),
    Obligation(ObligationEvent),
    GoverningDocument(GoverningDocumentEvent),
    Goal(GoalEvent),
    Meeting(MeetingEvent),
    ExternalDecision(ExternalDecisionEvent),
    Party(PartyEvent),
    PopulationFigure(PopulationEvent),
    Contract(ContractEvent),
    Transition(TransitionEvent),
}

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

/// The facts of one event. A correction takes the day and the basis of the record as corrected.
pub(crate) fn facts(event: &Event) -> Facts<'_> {
    match event {
        Event::Cooperation(event) => cooperation(event),
        Event::Body(event) => body(event),
        Event::BodyTerm(event) => body_term(event),
        Event::Mandate(event) => mandate(event),
        Event::Obligation(event) => obligation(event),
        Event::GoverningDocument(event) => governing_document(event),
        Event::Goal(event) => goal(event),
        Event::Meeting(event) => meeting(event),
        Event::ExternalDecision(event) => external_decision(event),
        Event::Party(event) => party(event),
        Event::PopulationFigure(event) => population_figure(event),
        Event::Contract(event) => contract(event),
        Event::Transition(event) => transition(event),
    }
}

fn on(day: NaiveDate, basis: Option<&LegalBasis>, summary: String, link: Link) -> Facts<'_> {
    Facts {
        effective: Effective::On(day),
        basis,
        summary,
        link,
    }
}

fn cooperation(event: &CooperationEvent) -> Facts<'_> {
    match event {
        CooperationEvent::CooperationEstablished(established) => on(
            established.established_on,
            Some(&established.basis),
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
            Some(&decided.basis),
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
            Some(&corrected.established.basis),
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

fn body(event: &BodyEvent) -> Facts<'_> {
    match event {
        BodyEvent::BodyEstablished(established) => on(
            established.established_on,
            Some(&established.basis),
            format!("Body established: {}", describe_body(established)),
            Link::BodyOf(established.cooperation_id),
        ),
        BodyEvent::BodyDissolved(dissolved) => on(
            dissolved.last_day,
            Some(&dissolved.basis),
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

fn body_term(event: &BodyTermEvent) -> Facts<'_> {
    match event {
        BodyTermEvent::SeatPlanAdopted(adopted) => on(
            adopted.period.first_day(),
            Some(&adopted.basis),
            format!(
                "Seat plan adopted for {}: {}",
                adopted.period,
                describe_seats(&adopted.seats)
            ),
            Link::Body(adopted.body_id),
        ),
        BodyTermEvent::MemberAppointed(appointed) => on(
            appointed.appointment.serves_from,
            Some(&appointed.basis),
            format!(
                "Member appointed: {}",
                describe_appointment(&appointed.appointment)
            ),
            Link::Keeps,
        ),
        BodyTermEvent::MembershipEnded(ended) => on(
            ended.last_day,
            Some(&ended.basis),
            format!(
                "Membership ended ({}): last day {}",
                end_reason(ended.reason),
                ended.last_day
            ),
            Link::Keeps,
        ),
        BodyTermEvent::AppointmentCorrected(corrected) => on(
            corrected.corrected.serves_from,
            Some(&corrected.basis),
            format!(
                "Appointment corrected: {} ({})",
                describe_appointment(&corrected.corrected),
                corrected.reason
            ),
            Link::Keeps,
        ),
        BodyTermEvent::SeatPlanCorrected(corrected) => Facts {
            effective: Effective::OfStream,
            basis: Some(&corrected.basis),
            summary: format!(
                "Seat plan corrected: {} ({})",
                describe_seats(&corrected.seats),
                corrected.reason
            ),
            link: Link::Keeps,
        },
    }
}

fn describe_appointment(appointment: &Appointment) -> String {
    format!(
        "{} ({}, {})",
        appointment.person.name,
        role(appointment.role),
        appointment.party
    )
}

fn describe_seats(seats: &[SeatAllocation]) -> String {
    seats
        .iter()
        .map(|seat| {
            format!(
                "{} {} members, {} deputies",
                seat.party, seat.members, seat.deputies
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn mandate(event: &MandateEvent) -> Facts<'_> {
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

fn obligation(event: &ObligationEvent) -> Facts<'_> {
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

fn governing_document(event: &GoverningDocumentEvent) -> Facts<'_> {
    match event {
        GoverningDocumentEvent::DocumentAdopted(adopted) => on(
            adopted.effective_on,
            Some(&adopted.basis),
            format!(
                "Document adopted: {} ({}, version 1)",
                adopted.title,
                document_kind(adopted.kind)
            ),
            Link::Cooperation(adopted.cooperation_id),
        ),
        GoverningDocumentEvent::DocumentAmended(amended) => on(
            amended.effective_on,
            Some(&amended.basis),
            format!(
                "Document amended: version {} amends version {} ({} changes)",
                amended.version,
                amended.amends_version,
                amended.changes.len()
            ),
            Link::Keeps,
        ),
        GoverningDocumentEvent::VersionCorrected(corrected) => on(
            corrected.effective_on,
            Some(&corrected.basis),
            format!(
                "Document version {} corrected ({})",
                corrected.version, corrected.reason
            ),
            Link::Keeps,
        ),
    }
}

fn goal(event: &GoalEvent) -> Facts<'_> {
    match event {
        GoalEvent::GoalSet(set) => on(
            set.period.from,
            Some(&set.basis),
            format!("Goal set: {}", describe_goal(set)),
            Link::Body(set.body_id),
        ),
        GoalEvent::FollowUpRecorded(follow_up) => on(
            follow_up.on,
            Some(&follow_up.basis),
            format!(
                "Goal followed up: {} ({})",
                assessment(follow_up.assessment),
                follow_up.comment
            ),
            Link::Keeps,
        ),
        GoalEvent::GoalCorrected(corrected) => on(
            corrected.goal.period.from,
            Some(&corrected.goal.basis),
            format!(
                "Goal corrected: {} ({})",
                describe_goal(&corrected.goal),
                corrected.reason
            ),
            Link::Body(corrected.goal.body_id),
        ),
    }
}

fn describe_goal(set: &GoalSet) -> String {
    format!("goal {}: {}", set.number, set.text)
}

/// A meeting's events rest on the meeting itself, not on a legal basis of their own, except a
/// revocation, which cites what it rests on.
fn meeting(event: &MeetingEvent) -> Facts<'_> {
    let of_stream = |summary: String| Facts {
        effective: Effective::OfStream,
        basis: None,
        summary,
        link: Link::Keeps,
    };
    match event {
        MeetingEvent::MeetingCalled(called) => on(
            called.date,
            None,
            format!(
                "Meeting of {} called for {} at {}",
                called.body_name, called.date, called.place
            ),
            Link::Body(called.body_id),
        ),
        MeetingEvent::AgendaItemAdded(added) => of_stream(format!(
            "Agenda item {} added: {}",
            added.item.number, added.item.title
        )),
        MeetingEvent::MeetingCancelled(cancelled) => {
            of_stream(format!("Meeting cancelled: {}", cancelled.reason))
        }
        MeetingEvent::MeetingOpened(opened) => of_stream(format!(
            "Meeting opened: {} answered the roll",
            opened.roll.len()
        )),
        MeetingEvent::AttendanceChanged(_) => of_stream("Attendance changed".to_owned()),
        MeetingEvent::DecisionRecorded(recorded) => on(
            recorded.meeting_on,
            None,
            format!(
                "Decision recorded: {} {}: {}",
                recorded.paragraph, recorded.paragraph.year, recorded.content.text
            ),
            Link::Keeps,
        ),
        MeetingEvent::DecisionCorrected(corrected) => of_stream(format!(
            "Decision corrected: {} {}: {} ({})",
            corrected.paragraph, corrected.paragraph.year, corrected.content.text, corrected.reason
        )),
        MeetingEvent::DecisionRevoked(revoked) => on(
            revoked.revoked_on,
            Some(&revoked.basis),
            format!(
                "Decision revoked: {} {}",
                revoked.paragraph, revoked.paragraph.year
            ),
            Link::Keeps,
        ),
        MeetingEvent::AdjustersChosen(chosen) => {
            of_stream(format!("Adjusters chosen: {}", chosen.adjusters.len()))
        }
        MeetingEvent::MinutesApproved(approved) => on(
            approved.approved_on,
            None,
            format!("Minutes approved: {}", minutes_scope(approved.scope)),
            Link::Keeps,
        ),
        MeetingEvent::MinutesPublished(published) => on(
            published.posted_on,
            None,
            match published.days_late {
                Some(days) => format!(
                    "Minutes posted: {}, {days} days late; appeals until {}",
                    minutes_scope(published.scope),
                    published.appeal.last_day
                ),
                None => format!(
                    "Minutes posted: {}; appeals until {}",
                    minutes_scope(published.scope),
                    published.appeal.last_day
                ),
            },
            Link::Keeps,
        ),
        MeetingEvent::NoticeRemoved(removed) => on(
            removed.removed_on,
            None,
            if removed.before_appeal_period_ended {
                format!(
                    "Notice removed: {}, before the appeal period ended",
                    minutes_scope(removed.scope)
                )
            } else {
                format!("Notice removed: {}", minutes_scope(removed.scope))
            },
            Link::Keeps,
        ),
    }
}

/// Outside decisions belong to no cooperation; the facts are given all the same, so that the
/// match stays exhaustive and a reader of this module sees every event once.
fn external_decision(event: &ExternalDecisionEvent) -> Facts<'_> {
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

/// A party's record is not the history of any one cooperation.
fn party(event: &PartyEvent) -> Facts<'_> {
    match event {
        PartyEvent::PartyRegistered(registered) => Facts {
            effective: Effective::OfStream,
            basis: None,
            summary: format!("Party registered: {} {}", registered.code, registered.name),
            link: Link::Nothing,
        },
    }
}

fn population_figure(event: &PopulationEvent) -> Facts<'_> {
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

fn cooperation_form(form: CooperationForm) -> &'static str {
    match form {
        CooperationForm::JointCommittee => "joint committee",
        CooperationForm::ContractBased => "contract-based",
        CooperationForm::MunicipalFederation => "municipal federation",
        CooperationForm::HostRunCentralPurchasingBody => "host-run central purchasing body",
        CooperationForm::Other => "other form",
    }
}

fn body_kind(kind: BodyKind) -> &'static str {
    match kind {
        BodyKind::Committee => "committee",
        BodyKind::CoordinationGroup => "coordination group",
        BodyKind::SteeringGroup => "steering group",
        BodyKind::Board => "board",
    }
}

fn role(role: Role) -> &'static str {
    match role {
        Role::Chair => "chair",
        Role::ViceChair => "vice chair",
        Role::Member => "member",
        Role::Deputy => "deputy",
        Role::ProcurementOfficer => "procurement officer",
        Role::Representative => "representative",
    }
}

fn end_reason(reason: EndReason) -> &'static str {
    match reason {
        EndReason::Resigned => "resigned",
        EndReason::Dismissed => "dismissed",
        EndReason::NoLongerEligible => "no longer eligible",
        EndReason::Deceased => "deceased",
        EndReason::BodyEnded => "the body ended",
        EndReason::Other => "other reason",
    }
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

fn document_kind(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::CooperationAgreement => "cooperation agreement",
        DocumentKind::RulesOfProcedure => "rules of procedure",
        DocumentKind::OwnerDirective => "owner directive",
        DocumentKind::DelegationScheme => "delegation scheme",
        DocumentKind::CommitteePlan => "committee plan",
        DocumentKind::ProcurementPolicy => "procurement policy",
        DocumentKind::ApplicationGuidelines => "application guidelines",
    }
}

fn assessment(assessment: Assessment) -> &'static str {
    match assessment {
        Assessment::Reached => "reached",
        Assessment::PartlyReached => "partly reached",
        Assessment::NotReached => "not reached",
    }
}

fn minutes_scope(scope: MinutesScope) -> String {
    match scope {
        MinutesScope::Whole => "the whole minutes".to_owned(),
        MinutesScope::Paragraph { number } => format!("§ {number}"),
    }
}

/// A contract belongs to the cooperation that registered it, and to a cooperation it is
/// reassigned to, such as the successor in a transition; a contract moved to one party leaves
/// the cooperations' timelines after its reassignment.
fn contract(event: &ContractEvent) -> Facts<'_> {
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

/// A transition plan belongs to the cooperation it replaces. The plan, a new effective date and
/// the carrying out take effect on the effective date; decisions and statuses on their own days;
/// edits of the plan's text on the day of the plan.
fn transition(event: &TransitionEvent) -> Facts<'_> {
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

#[cfg(test)]
mod tests {
    use domain::body::BodyEstablishmentCorrected;
    use domain::body_term::{
        MemberAppointed, MembershipEnded, Person, SeatPlanAdopted, SeatPlanCorrected,
    };
    use domain::cooperation::{DissolutionDecided, EstablishmentCorrected, PartyJoined};
    use domain::mandate::{Category, MandateEnded};
    use domain::meeting::{MeetingCalled, MeetingOpened, MinutesApproved};
    use domain::{DateRange, MandatePeriod, PartyCode};

    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn code(text: &str) -> PartyCode {
        PartyCode::parse(text).unwrap()
    }

    fn basis() -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: "Kommunfullmäktige Mora".into(),
            decided_on: date("2019-11-25"),
            reference: Some("§ 123".into()),
            registry_number: None,
        }
    }

    const COOPERATION: Uuid = Uuid::from_u128(1);
    const BODY: Uuid = Uuid::from_u128(2);

    fn established(cooperation_id: Uuid, established_on: &str) -> BodyEstablished {
        BodyEstablished {
            cooperation_id,
            kind: BodyKind::SteeringGroup,
            name: "Styrgruppen".into(),
            established_on: date(established_on),
            basis: basis(),
        }
    }

    fn appointment(role: Role) -> Appointment {
        Appointment {
            person: Person {
                id: Uuid::from_u128(3),
                name: "Anna Svensson".into(),
            },
            role,
            party: code("0480"),
            serves_from: date("2023-02-01"),
            serves_to: None,
        }
    }

    fn grant(holder: MandateHolder) -> MandateGranted {
        MandateGranted {
            holder,
            category: Category::parse("upphandling").unwrap(),
            scope: "Upphandlingar".into(),
            exclusions: Vec::new(),
            valid: DateRange {
                from: date("2023-01-01"),
                to: None,
            },
            basis: basis(),
        }
    }

    #[test]
    fn an_appointment_takes_effect_when_the_member_starts_serving() {
        let event = Event::BodyTerm(BodyTermEvent::MemberAppointed(MemberAppointed {
            membership_id: Uuid::from_u128(4),
            appointment: appointment(Role::Chair),
            serves_to: date("2026-12-31"),
            replaces: None,
            basis: basis(),
        }));
        assert_eq!(
            facts(&event),
            Facts {
                effective: Effective::On(date("2023-02-01")),
                basis: Some(&basis()),
                summary: "Member appointed: Anna Svensson (chair, 0480)".into(),
                link: Link::Keeps,
            }
        );
    }

    #[test]
    fn the_days_named_by_events_are_their_effective_days() {
        let cases = [
            (
                Event::Cooperation(CooperationEvent::PartyJoined(PartyJoined {
                    party: code("2039"),
                    joins_on: date("2021-01-01"),
                    basis: basis(),
                })),
                "2021-01-01",
            ),
            (
                Event::Cooperation(CooperationEvent::DissolutionDecided(DissolutionDecided {
                    decided_on: date("2024-05-02"),
                    effective_on: date("2024-07-01"),
                    successor: None,
                    basis: basis(),
                })),
                "2024-07-01",
            ),
            (
                Event::Body(BodyEvent::BodyEstablished(established(
                    COOPERATION,
                    "2020-01-01",
                ))),
                "2020-01-01",
            ),
            (
                Event::BodyTerm(BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
                    body_id: BODY,
                    period: MandatePeriod::beginning(2027).unwrap(),
                    seats: Vec::new(),
                    basis: basis(),
                })),
                "2027-01-01",
            ),
            (
                Event::BodyTerm(BodyTermEvent::MembershipEnded(MembershipEnded {
                    membership_id: Uuid::from_u128(4),
                    last_day: date("2024-03-31"),
                    reason: EndReason::Resigned,
                    basis: basis(),
                })),
                "2024-03-31",
            ),
            (
                Event::Mandate(MandateEvent::MandateEnded(MandateEnded {
                    last_day: date("2025-06-30"),
                    basis: basis(),
                })),
                "2025-06-30",
            ),
            (
                Event::Meeting(MeetingEvent::MinutesApproved(MinutesApproved {
                    scope: MinutesScope::Whole,
                    approved_on: date("2025-03-14"),
                    approved_by: Vec::new(),
                })),
                "2025-03-14",
            ),
        ];
        for (event, day) in cases {
            assert_eq!(
                facts(&event).effective,
                Effective::On(date(day)),
                "{event:?}"
            );
        }
    }

    #[test]
    fn a_correction_takes_the_day_and_basis_of_the_record_as_corrected() {
        let corrected_basis = LegalBasis::Decision {
            decision_id: Uuid::from_u128(9),
        };
        let mut corrected = CooperationEstablished {
            name: "Samverkan".into(),
            form: CooperationForm::ContractBased,
            host: code("2062"),
            parties: vec![code("2062"), code("2034")],
            established_on: date("2020-02-01"),
            predecessor: None,
            basis: basis(),
        };
        corrected.basis = corrected_basis.clone();
        let event = Event::Cooperation(CooperationEvent::EstablishmentCorrected(
            EstablishmentCorrected {
                established: corrected,
                reason: "Fel datum".into(),
            },
        ));
        let facts = facts(&event);
        assert_eq!(facts.effective, Effective::On(date("2020-02-01")));
        assert_eq!(facts.basis, Some(&corrected_basis));
        assert_eq!(
            facts.summary,
            "Establishment corrected: Samverkan (contract-based, host 2062, parties 2062, 2034) (Fel datum)"
        );
        assert_eq!(facts.link, Link::IsCooperation);
    }

    #[test]
    fn a_body_belongs_to_the_cooperation_its_latest_establishment_names() {
        let other = Uuid::from_u128(5);
        let event = Event::Body(BodyEvent::BodyEstablishmentCorrected(
            BodyEstablishmentCorrected {
                established: established(other, "2020-03-01"),
                reason: "Fel samverkan".into(),
            },
        ));
        let facts = facts(&event);
        assert_eq!(facts.link, Link::BodyOf(other));
        assert_eq!(facts.effective, Effective::On(date("2020-03-01")));
    }

    #[test]
    fn events_that_name_no_day_take_their_streams() {
        let seat_plan = Event::BodyTerm(BodyTermEvent::SeatPlanCorrected(SeatPlanCorrected {
            seats: vec![SeatAllocation {
                party: code("2062"),
                members: 3,
                deputies: 1,
            }],
            reason: "Fel antal".into(),
            basis: basis(),
        }));
        let opened = Event::Meeting(MeetingEvent::MeetingOpened(MeetingOpened {
            presiding: Uuid::from_u128(3),
            roll: Vec::new(),
            seated: Vec::new(),
            member_seats: 4,
        }));
        assert_eq!(facts(&seat_plan).effective, Effective::OfStream);
        assert_eq!(
            facts(&seat_plan).summary,
            "Seat plan corrected: 2062 3 members, 1 deputies (Fel antal)"
        );
        assert_eq!(facts(&opened).effective, Effective::OfStream);
        assert_eq!(facts(&opened).basis, None);
    }

    #[test]
    fn streams_follow_the_body_or_cooperation_their_first_event_names() {
        let called = Event::Meeting(MeetingEvent::MeetingCalled(MeetingCalled {
            body_id: BODY,
            body_name: "Styrgruppen".into(),
            date: date("2025-03-12"),
            place: "Mora".into(),
            agenda: Vec::new(),
        }));
        assert_eq!(facts(&called).link, Link::Body(BODY));
        assert_eq!(facts(&called).effective, Effective::On(date("2025-03-12")));
        let held_by_body =
            Event::Mandate(MandateEvent::MandateGranted(grant(MandateHolder::Body {
                body_id: BODY,
            })));
        assert_eq!(facts(&held_by_body).link, Link::Body(BODY));
        assert_eq!(
            facts(&held_by_body).summary,
            "Mandate granted: upphandling (Upphandlingar)"
        );
    }

    #[test]
    fn a_mandate_held_by_a_party_belongs_to_no_cooperation() {
        let granted = Event::Mandate(MandateEvent::MandateGranted(grant(MandateHolder::Party {
            party: code("2062"),
        })));
        assert_eq!(facts(&granted).link, Link::Nothing);
        let corrected_to_party = Event::Mandate(MandateEvent::MandateCorrected(
            domain::mandate::MandateCorrected {
                grant: grant(MandateHolder::Party {
                    party: code("2062"),
                }),
                reason: "Fel innehavare".into(),
            },
        ));
        assert_eq!(facts(&corrected_to_party).link, Link::Nothing);
    }

    #[test]
    fn a_contract_reassigned_to_a_cooperation_joins_its_timeline_and_one_moved_to_a_party_leaves() {
        use domain::contract::ContractReassigned;
        let to_successor = Event::Contract(ContractEvent::ContractReassigned(ContractReassigned {
            effective_on: date("2024-07-01"),
            holder: ContractHolder::Cooperation {
                cooperation_id: COOPERATION,
            },
            callers: vec![code("0136"), code("0192")],
            basis: basis(),
        }));
        assert_eq!(
            facts(&to_successor),
            Facts {
                effective: Effective::On(date("2024-07-01")),
                basis: Some(&basis()),
                summary: format!("Contract moves to cooperation {COOPERATION}"),
                link: Link::Cooperation(COOPERATION),
            }
        );
        let to_party = Event::Contract(ContractEvent::ContractReassigned(ContractReassigned {
            effective_on: date("2024-07-01"),
            holder: ContractHolder::Party {
                party: code("0192"),
            },
            callers: vec![code("0192")],
            basis: basis(),
        }));
        assert_eq!(
            facts(&to_party),
            Facts {
                effective: Effective::On(date("2024-07-01")),
                basis: Some(&basis()),
                summary: "Contract moves to 0192 alone".into(),
                link: Link::Nothing,
            }
        );
    }

    #[test]
    fn a_transition_belongs_to_the_cooperation_it_replaces_and_its_text_edits_to_the_plan_s_day() {
        use domain::transition::{
            StepAdded, StepDefinition, StepKey, SuccessorPlan, TransitionPlanned,
        };
        let planned = Event::Transition(TransitionEvent::TransitionPlanned(TransitionPlanned {
            cooperation_id: COOPERATION,
            cooperation_form: CooperationForm::JointCommittee,
            cooperation_parties: vec![code("0136"), code("0192")],
            successor: SuccessorPlan {
                form: SuccessorForm::EachPartyOnItsOwn,
                cooperation: None,
            },
            effective_on: date("2024-07-01"),
            steps: Vec::new(),
            basis: basis(),
        }));
        assert_eq!(
            facts(&planned),
            Facts {
                effective: Effective::On(date("2024-07-01")),
                basis: Some(&basis()),
                summary: "Transition planned: each party on its own from 2024-07-01".into(),
                link: Link::Cooperation(COOPERATION),
            }
        );
        let added = Event::Transition(TransitionEvent::StepAdded(StepAdded {
            step: StepDefinition {
                key: StepKey::parse("archives").unwrap(),
                title: "Arkiv".into(),
                responsible: None,
                due_on: None,
                depends_on: Vec::new(),
                blocking: false,
            },
        }));
        assert_eq!(
            facts(&added),
            Facts {
                effective: Effective::OfStream,
                basis: None,
                summary: "Transition step added: Arkiv".into(),
                link: Link::Keeps,
            }
        );
    }
}
