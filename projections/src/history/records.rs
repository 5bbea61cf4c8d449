//! Which record an event states, and whether it corrects or revokes one. Pure, so that every
//! rule is tested without a database.
//!
//! A record is the statement a later correction replaces: an appointment, a seat plan, an
//! establishment, a grant, a decision under its §, a version of a document, a revision of a
//! budget. The event that first states it and every correction of it name the same record (such
//! as `appointment:<membership id>` or `version:2`), within their stream. A correction
//! (rättelse: the record was wrong from the start) and a revocation (a decision of the register
//! no longer applies from a day) cite the record they amend; the history marks the earlier
//! entries of the record with the first later correction or revocation.
//!
//! Other changes are not amendments of a record, because what was recorded stays true: a
//! membership ended early, a fyllnadsval that `replaces` a membership (it names the membership,
//! so it is in its history), a mandate ended, an obligation closed, a document amended into a
//! new version, a budget revised, and every change of a transition plan, which is the plan
//! changing rather than a mistake put right.
//!
//! Every event enum is matched without a wildcard arm, so that a new event type does not compile
//! until the history says whether it states or amends a record.

use domain::allocation::{AllocationKeyEvent, BudgetEvent};
use domain::body::BodyEvent;
use domain::body_term::BodyTermEvent;
use domain::contract::ContractEvent;
use domain::cooperation::CooperationEvent;
use domain::external_decision::ExternalDecisionEvent;
use domain::goal::GoalEvent;
use domain::governing_document::GoverningDocumentEvent;
use domain::mandate::MandateEvent;
use domain::meeting::MeetingEvent;
use domain::obligation::ObligationEvent;
use domain::party::{PartyEvent, PopulationEvent};
use domain::transition::TransitionEvent;
use serde::Serialize;

use crate::describe::Event;

/// A stored event the history can read, decoded as the event enum of its aggregate: those the
/// timeline reads, and the allocation keys and budgets, which belong to no timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HistoryEvent {
    Timeline(Event),
    AllocationKey(AllocationKeyEvent),
    Budget(BudgetEvent),
}

/// How an event amends the record it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// A rättelse: the record was wrong when it was made, and this is what it should have said.
    Correction,
    /// A decision of the register no longer applies from the day the revocation names.
    Revocation,
}

impl AmendmentKind {
    /// The word stored in the `amendment` column.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AmendmentKind::Correction => "correction",
            AmendmentKind::Revocation => "revocation",
        }
    }

    /// Reads back [`AmendmentKind::as_str`].
    pub(crate) fn parse(text: &str) -> Option<AmendmentKind> {
        match text {
            "correction" => Some(AmendmentKind::Correction),
            "revocation" => Some(AmendmentKind::Revocation),
            _ => None,
        }
    }
}

/// The record an event states or amends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordOf {
    /// The record, unique within the event's stream, such as `appointment:<membership id>`.
    pub record: String,
    /// How the event amends the record; `None` when it states it first.
    pub amendment: Option<AmendmentKind>,
    /// Why, as the correction says.
    pub reason: Option<String>,
}

fn states(record: impl Into<String>) -> Option<RecordOf> {
    Some(RecordOf {
        record: record.into(),
        amendment: None,
        reason: None,
    })
}

fn corrects(record: impl Into<String>, reason: &str) -> Option<RecordOf> {
    Some(RecordOf {
        record: record.into(),
        amendment: Some(AmendmentKind::Correction),
        reason: Some(reason.to_owned()),
    })
}

/// The record the event states or amends; `None` for an event that does neither.
pub(crate) fn record_of(event: &HistoryEvent) -> Option<RecordOf> {
    match event {
        HistoryEvent::Timeline(event) => match event {
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
        },
        HistoryEvent::AllocationKey(event) => allocation_key(event),
        HistoryEvent::Budget(event) => budget(event),
    }
}

fn cooperation(event: &CooperationEvent) -> Option<RecordOf> {
    match event {
        CooperationEvent::CooperationEstablished(_) => states("establishment"),
        CooperationEvent::EstablishmentCorrected(corrected) => {
            corrects("establishment", &corrected.reason)
        }
        CooperationEvent::PartyJoined(_) | CooperationEvent::DissolutionDecided(_) => None,
    }
}

fn body(event: &BodyEvent) -> Option<RecordOf> {
    match event {
        BodyEvent::BodyEstablished(_) => states("establishment"),
        BodyEvent::BodyEstablishmentCorrected(corrected) => {
            corrects("establishment", &corrected.reason)
        }
        BodyEvent::BodyDissolved(_) => None,
    }
}

fn body_term(event: &BodyTermEvent) -> Option<RecordOf> {
    match event {
        BodyTermEvent::SeatPlanAdopted(_) => states("seat_plan"),
        BodyTermEvent::SeatPlanCorrected(corrected) => corrects("seat_plan", &corrected.reason),
        BodyTermEvent::MemberAppointed(appointed) => {
            states(format!("appointment:{}", appointed.membership_id))
        }
        BodyTermEvent::AppointmentCorrected(corrected) => corrects(
            format!("appointment:{}", corrected.membership_id),
            &corrected.reason,
        ),
        BodyTermEvent::MembershipEnded(_) => None,
    }
}

fn mandate(event: &MandateEvent) -> Option<RecordOf> {
    match event {
        MandateEvent::MandateGranted(_) => states("grant"),
        MandateEvent::MandateCorrected(corrected) => corrects("grant", &corrected.reason),
        MandateEvent::MandateDelegated(_) | MandateEvent::MandateEnded(_) => None,
    }
}

fn obligation(event: &ObligationEvent) -> Option<RecordOf> {
    match event {
        ObligationEvent::ObligationRecorded(_) => states("obligation"),
        ObligationEvent::ObligationCorrected(corrected) => {
            corrects("obligation", &corrected.reason)
        }
        ObligationEvent::ObligationClosed(_) => None,
    }
}

fn governing_document(event: &GoverningDocumentEvent) -> Option<RecordOf> {
    match event {
        GoverningDocumentEvent::DocumentAdopted(_) => states("version:1"),
        GoverningDocumentEvent::DocumentAmended(amended) => {
            states(format!("version:{}", amended.version))
        }
        GoverningDocumentEvent::VersionCorrected(corrected) => {
            corrects(format!("version:{}", corrected.version), &corrected.reason)
        }
    }
}

fn goal(event: &GoalEvent) -> Option<RecordOf> {
    match event {
        GoalEvent::GoalSet(_) => states("goal"),
        GoalEvent::GoalCorrected(corrected) => corrects("goal", &corrected.reason),
        GoalEvent::FollowUpRecorded(_) => None,
    }
}

fn meeting(event: &MeetingEvent) -> Option<RecordOf> {
    match event {
        MeetingEvent::DecisionRecorded(recorded) => {
            states(format!("decision:{}", recorded.decision_id))
        }
        MeetingEvent::DecisionCorrected(corrected) => corrects(
            format!("decision:{}", corrected.decision_id),
            &corrected.reason,
        ),
        MeetingEvent::DecisionRevoked(revoked) => Some(RecordOf {
            record: format!("decision:{}", revoked.decision_id),
            amendment: Some(AmendmentKind::Revocation),
            reason: None,
        }),
        MeetingEvent::MeetingCalled(_)
        | MeetingEvent::AgendaItemAdded(_)
        | MeetingEvent::MeetingCancelled(_)
        | MeetingEvent::MeetingOpened(_)
        | MeetingEvent::AttendanceChanged(_)
        | MeetingEvent::AdjustersChosen(_)
        | MeetingEvent::MinutesApproved(_)
        | MeetingEvent::MinutesPublished(_)
        | MeetingEvent::NoticeRemoved(_) => None,
    }
}

fn external_decision(event: &ExternalDecisionEvent) -> Option<RecordOf> {
    match event {
        ExternalDecisionEvent::ExternalDecisionRecorded(recorded) => {
            states(format!("decision:{}", recorded.decision_id))
        }
        ExternalDecisionEvent::ExternalDecisionCorrected(corrected) => corrects(
            format!("decision:{}", corrected.decision_id),
            &corrected.reason,
        ),
    }
}

fn party(event: &PartyEvent) -> Option<RecordOf> {
    match event {
        PartyEvent::PartyRegistered(_) => None,
    }
}

fn population_figure(event: &PopulationEvent) -> Option<RecordOf> {
    match event {
        PopulationEvent::PopulationRecorded(_) => states("figure"),
        PopulationEvent::PopulationCorrected(corrected) => corrects("figure", &corrected.reason),
    }
}

fn contract(event: &ContractEvent) -> Option<RecordOf> {
    match event {
        ContractEvent::ContractRegistered(_) => states("registration"),
        ContractEvent::ContractCorrected(corrected) => corrects("registration", &corrected.reason),
        ContractEvent::ContractExtended(_) | ContractEvent::ContractReassigned(_) => None,
    }
}

fn transition(event: &TransitionEvent) -> Option<RecordOf> {
    match event {
        TransitionEvent::TransitionPlanned(_)
        | TransitionEvent::SuccessorRevised(_)
        | TransitionEvent::TransitionRescheduled(_)
        | TransitionEvent::StepAdded(_)
        | TransitionEvent::StepRevised(_)
        | TransitionEvent::StepStatusSet(_)
        | TransitionEvent::ContractDispositionDecided(_)
        | TransitionEvent::ObligationMapped(_)
        | TransitionEvent::PartyDecisionRecorded(_)
        | TransitionEvent::TransitionCarriedOut(_) => None,
    }
}

fn allocation_key(event: &AllocationKeyEvent) -> Option<RecordOf> {
    match event {
        AllocationKeyEvent::AllocationKeyAdopted(_) => states("key"),
        AllocationKeyEvent::AllocationKeyCorrected(corrected) => corrects("key", &corrected.reason),
    }
}

fn budget(event: &BudgetEvent) -> Option<RecordOf> {
    match event {
        BudgetEvent::BudgetAdopted(_) => states("revision:1"),
        BudgetEvent::BudgetRevised(revised) => states(format!("revision:{}", revised.revision)),
        BudgetEvent::BudgetCorrected(corrected) => corrects(
            format!("revision:{}", corrected.revision),
            &corrected.reason,
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use domain::body_term::{Appointment, EndReason, MemberAppointed};
    use domain::body_term::{AppointmentCorrected, MembershipEnded, Person, Role};
    use domain::meeting::{DecisionRevoked, Paragraph};
    use domain::{LegalBasis, PartyCode};
    use uuid::Uuid;

    use super::*;

    const MEMBERSHIP: Uuid = Uuid::from_u128(4);

    fn date(text: &str) -> chrono::NaiveDate {
        text.parse().unwrap()
    }

    fn basis() -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: "Regionfullmäktige Sörmland".into(),
            decided_on: date("2022-11-15"),
            reference: Some("§ 4".into()),
            registry_number: None,
        }
    }

    fn appointment() -> Appointment {
        Appointment {
            person: Person {
                id: Uuid::from_u128(3),
                name: "Bo Lind".into(),
            },
            role: Role::Member,
            party: PartyCode::parse("19").unwrap(),
            serves_from: date("2023-01-01"),
            serves_to: None,
        }
    }

    fn of(event: BodyTermEvent) -> Option<RecordOf> {
        record_of(&HistoryEvent::Timeline(Event::BodyTerm(event)))
    }

    #[test]
    fn an_appointment_states_its_record_and_its_correction_amends_it_with_the_reason() {
        let record = format!("appointment:{MEMBERSHIP}");
        assert_eq!(
            of(BodyTermEvent::MemberAppointed(MemberAppointed {
                membership_id: MEMBERSHIP,
                appointment: appointment(),
                serves_to: date("2026-12-31"),
                replaces: None,
                basis: basis(),
            })),
            Some(RecordOf {
                record: record.clone(),
                amendment: None,
                reason: None,
            })
        );
        assert_eq!(
            of(BodyTermEvent::AppointmentCorrected(AppointmentCorrected {
                membership_id: MEMBERSHIP,
                corrected: appointment(),
                serves_to: date("2026-12-31"),
                reason: "Fel efternamn".into(),
                basis: basis(),
            })),
            Some(RecordOf {
                record,
                amendment: Some(AmendmentKind::Correction),
                reason: Some("Fel efternamn".into()),
            })
        );
    }

    #[test]
    fn an_early_end_amends_no_record_because_the_appointment_was_not_wrong() {
        assert_eq!(
            of(BodyTermEvent::MembershipEnded(MembershipEnded {
                membership_id: MEMBERSHIP,
                last_day: date("2024-06-30"),
                reason: EndReason::Resigned,
                basis: basis(),
            })),
            None
        );
    }

    #[test]
    fn a_revocation_amends_the_decision_it_names() {
        let decision = Uuid::from_u128(9);
        let revoked = HistoryEvent::Timeline(Event::Meeting(MeetingEvent::DecisionRevoked(
            DecisionRevoked {
                decision_id: decision,
                paragraph: Paragraph {
                    number: 12,
                    year: 2025,
                },
                revoked_on: date("2025-06-01"),
                basis: basis(),
            },
        )));
        assert_eq!(
            record_of(&revoked),
            Some(RecordOf {
                record: format!("decision:{decision}"),
                amendment: Some(AmendmentKind::Revocation),
                reason: None,
            })
        );
    }

    #[test]
    fn a_budget_correction_amends_the_revision_it_names() {
        let corrected = HistoryEvent::Budget(BudgetEvent::BudgetCorrected(
            domain::allocation::BudgetCorrected {
                revision: 2,
                lines: Vec::new(),
                reason: "Fel belopp".into(),
            },
        ));
        assert_eq!(
            record_of(&corrected).map(|of| of.record),
            Some("revision:2".to_owned())
        );
    }

    #[test]
    fn amendment_kinds_read_back_as_stored() {
        for kind in [AmendmentKind::Correction, AmendmentKind::Revocation] {
            assert_eq!(AmendmentKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AmendmentKind::parse("replacement"), None);
    }
}
