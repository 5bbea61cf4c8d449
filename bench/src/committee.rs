//! The committee the benchmarks record decisions on: Inköpsnämnden (seed 004) as a joint
//! committee of Region Sörmland and Region Västmanland, with its mandate, its seat plan and six
//! members, and meetings called and opened through the register. `bench decisions` and `bench
//! http` both set it up, so that their figures are about the same body.

use chrono::NaiveDate;
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, Person, Role, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::meeting::{AgendaItem, DecisionContent, RollEntry};
use domain::{DateRange, LegalBasis, MandatePeriod, PartyCode};
use uuid::Uuid;

use super::BenchError;
use register::{CallMeetingRequest, OpenMeetingRequest, Register};

/// A committee of the benchmark and its mandate, which covers every decision it records.
pub(crate) struct Committee {
    pub(crate) id: Uuid,
    pub(crate) mandate_id: Uuid,
}

/// The four members present at every meeting, and the two deputies: the same people are
/// appointed to both committees in every mandate period.
pub(crate) const CHAIR: Uuid = Uuid::from_u128(0xbe_4101);
pub(crate) const SORMLAND_MEMBER: Uuid = Uuid::from_u128(0xbe_4102);
pub(crate) const VICE_CHAIR: Uuid = Uuid::from_u128(0xbe_4103);
pub(crate) const VASTMANLAND_MEMBER: Uuid = Uuid::from_u128(0xbe_4104);
pub(crate) const SORMLAND_DEPUTY: Uuid = Uuid::from_u128(0xbe_4105);
pub(crate) const VASTMANLAND_DEPUTY: Uuid = Uuid::from_u128(0xbe_4106);

/// Inköpsnämnden (seed 004) as benchmark committees: a joint committee of Region Sörmland and
/// Region Västmanland with two members and one deputy each, and a mandate for procurement.
pub(crate) struct Fixture {
    pub(crate) cooperation_id: Uuid,
    pub(crate) sormland: PartyCode,
    pub(crate) vastmanland: PartyCode,
    pub(crate) mandate_category: Category,
    pub(crate) decision_category: Category,
}

impl Fixture {
    pub(crate) fn new() -> Result<Self, BenchError> {
        Ok(Fixture {
            cooperation_id: Uuid::new_v4(),
            sormland: PartyCode::parse("04")?,
            vastmanland: PartyCode::parse("19")?,
            mandate_category: Category::parse("upphandling")?,
            decision_category: Category::parse("upphandling/ramavtal")?,
        })
    }

    pub(crate) fn parties(&self) -> Vec<PartyCode> {
        vec![self.sormland.clone(), self.vastmanland.clone()]
    }

    pub(crate) fn basis() -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: "Regionfullmäktige Sörmland (benchmark)".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2018, 6, 19).unwrap_or_default(),
            reference: None,
            registry_number: None,
        }
    }

    pub(crate) async fn establish_cooperation(
        &self,
        register: &Register,
        established_on: NaiveDate,
    ) -> Result<(), BenchError> {
        register
            .execute::<Cooperation>(
                &self.cooperation_id.to_string(),
                CooperationCommand::Establish(EstablishCooperation {
                    name: "Gemensam nämnd för upphandling (benchmark)".to_owned(),
                    form: CooperationForm::JointCommittee,
                    host: self.sormland.clone(),
                    parties: self.parties(),
                    established_on,
                    predecessor: None,
                    bases: Self::basis().into(),
                }),
            )
            .await?;
        Ok(())
    }

    /// Establishes a committee of the cooperation on `established_on` and grants it its mandate
    /// from that day.
    pub(crate) async fn committee(
        &self,
        register: &Register,
        name: &str,
        cooperation_established_on: NaiveDate,
        established_on: NaiveDate,
    ) -> Result<Committee, BenchError> {
        let committee = Committee {
            id: Uuid::new_v4(),
            mandate_id: Uuid::new_v4(),
        };
        register
            .execute::<Body>(
                &committee.id.to_string(),
                BodyCommand::Establish(EstablishBody {
                    cooperation_id: self.cooperation_id,
                    cooperation_established_on,
                    kind: BodyKind::Committee,
                    name: name.to_owned(),
                    established_on,
                    basis: Self::basis(),
                }),
            )
            .await?;
        register
            .execute::<Mandate>(
                &committee.mandate_id.to_string(),
                MandateCommand::Grant(GrantMandate {
                    holder: MandateHolder::Body {
                        body_id: committee.id,
                    },
                    category: self.mandate_category.clone(),
                    scope: "Upphandlingar för båda regionerna (benchmark)".to_owned(),
                    exclusions: Vec::new(),
                    valid: DateRange {
                        from: established_on,
                        to: None,
                    },
                    basis: Self::basis(),
                }),
            )
            .await?;
        Ok(committee)
    }

    /// The seat plan of one mandate period and its six appointments. Returns the events written.
    pub(crate) async fn seat(
        &self,
        register: &Register,
        body_id: Uuid,
        period: MandatePeriod,
    ) -> Result<u64, BenchError> {
        let stream = BodyTerm::stream_id(body_id, period);
        register
            .execute::<BodyTerm>(
                &stream,
                BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                    body_id,
                    period,
                    seats: vec![
                        SeatAllocation {
                            party: self.sormland.clone(),
                            members: 2,
                            deputies: 1,
                        },
                        SeatAllocation {
                            party: self.vastmanland.clone(),
                            members: 2,
                            deputies: 1,
                        },
                    ],
                    is_joint_committee: true,
                    cooperation_parties: self.parties(),
                    basis: Self::basis(),
                }),
            )
            .await?;
        let mut events = 1;
        for (person_id, name, role, party) in [
            (CHAIR, "Anna Ek", Role::Chair, &self.sormland),
            (SORMLAND_MEMBER, "Bo Lind", Role::Member, &self.sormland),
            (
                VICE_CHAIR,
                "Cecilia Berg",
                Role::ViceChair,
                &self.vastmanland,
            ),
            (
                VASTMANLAND_MEMBER,
                "David Holm",
                Role::Member,
                &self.vastmanland,
            ),
            (SORMLAND_DEPUTY, "Eva Sjö", Role::Deputy, &self.sormland),
            (
                VASTMANLAND_DEPUTY,
                "Filip Strand",
                Role::Deputy,
                &self.vastmanland,
            ),
        ] {
            register
                .execute::<BodyTerm>(
                    &stream,
                    BodyTermCommand::Appoint(Appoint {
                        membership_id: Uuid::new_v4(),
                        appointment: Appointment {
                            person: Person {
                                id: person_id,
                                name: name.to_owned(),
                            },
                            role,
                            party: party.clone(),
                            serves_from: period.first_day(),
                            serves_to: None,
                        },
                        replaces: None,
                        cooperation_parties: self.parties(),
                        basis: Self::basis(),
                    }),
                )
                .await?;
            events += 1;
        }
        Ok(events)
    }

    /// Calls and opens a meeting of `items` agenda items with every member present. Two events.
    pub(crate) async fn hold_meeting(
        &self,
        register: &Register,
        body_id: Uuid,
        date: NaiveDate,
        items: u16,
    ) -> Result<Uuid, BenchError> {
        let meeting_id = Uuid::new_v4();
        let year = chrono::Datelike::year(&date);
        register
            .call_meeting(
                meeting_id,
                CallMeetingRequest {
                    body_id,
                    date,
                    place: "Regionhuset, Nyköping".to_owned(),
                    agenda: (1..=items)
                        .map(|number| AgendaItem {
                            number,
                            title: format!("Ärende {number}"),
                            registry_number: Some(format!("INK {year}/{number}")),
                            public: true,
                        })
                        .collect(),
                },
            )
            .await?;
        register
            .open_meeting(
                meeting_id,
                OpenMeetingRequest {
                    presiding: CHAIR,
                    roll: [CHAIR, SORMLAND_MEMBER, VICE_CHAIR, VASTMANLAND_MEMBER]
                        .into_iter()
                        .map(|person_id| RollEntry {
                            person_id,
                            serving_for: None,
                        })
                        .collect(),
                },
            )
            .await?;
        Ok(meeting_id)
    }

    pub(crate) fn content(&self) -> DecisionContent {
        DecisionContent {
            text: "Nämnden antar tilldelningsbeslutet (benchmark).".to_owned(),
            proposals: Vec::new(),
            vote: None,
            recusals: Vec::new(),
            reservations: Vec::new(),
            statements: Vec::new(),
            mandate_category: self.decision_category.clone(),
            delegated_decisions: Vec::new(),
        }
    }
}

/// `numbers`, a body's § numbers of `year` sorted, must be exactly 1 to `count`, the decisions
/// recorded: a gap, a number taken twice or one beyond the count is a broken § register.
pub(crate) fn check_gapless(
    whose: &str,
    year: i32,
    numbers: &[u32],
    count: u32,
) -> Result<(), BenchError> {
    if numbers.iter().copied().eq(1..=count) {
        return Ok(());
    }
    let duplicates: Vec<u32> = numbers
        .windows(2)
        .filter_map(|pair| match pair {
            [first, second] if first == second => Some(*first),
            _ => None,
        })
        .collect();
    let missing: Vec<u32> = (1..=count)
        .filter(|number| numbers.binary_search(number).is_err())
        .collect();
    Err(BenchError::ParagraphsBroken(format!(
        "{whose} {} § for {count} decisions recorded in {year}; taken twice: {duplicates:?}; missing: {missing:?}; beyond the count: {:?}",
        numbers.len(),
        numbers
            .iter()
            .filter(|number| **number == 0 || **number > count)
            .collect::<Vec<_>>()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_one_to_the_count_are_gapless() {
        assert!(check_gapless("the store holds", 2025, &[1, 2, 3], 3).is_ok());
    }

    #[test]
    fn a_duplicate_and_a_gap_are_both_named() {
        let refused = check_gapless("the store holds", 2025, &[1, 1, 3], 3);

        let Err(BenchError::ParagraphsBroken(message)) = refused else {
            panic!("a broken § register expected: {refused:?}");
        };
        assert!(message.contains("taken twice: [1]"), "{message}");
        assert!(message.contains("missing: [2]"), "{message}");
    }

    #[test]
    fn a_lost_decision_is_not_gapless() {
        assert!(check_gapless("the store holds", 2025, &[1, 2], 3).is_err());
    }

    #[test]
    fn a_decision_stored_without_its_answer_is_not_gapless() {
        assert!(check_gapless("the store holds", 2025, &[1, 2, 3], 2).is_err());
    }
}
