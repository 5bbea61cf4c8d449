//! Seed 003's dissolution told aggregate by aggregate, with no database: the cooperation, its
//! successor, the committee, its members and its mandate each take the seed's commands through
//! their own rules, and the states they fold to say when the cooperation is dissolving, when it
//! is dissolved and when the mandate stops permitting. Only the domain's own folding is checked
//! here; the five seeds themselves are imported through the real router and read back over HTTP
//! in `tests/seeds/` of the end-to-end suite, so they are not written out a third time here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;
use domain::body::{Body, BodyCommand, BodyKind, DissolveBody, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, EndMembership, EndReason,
    Person, Role, SeatAllocation,
};
use domain::cooperation::{
    Cooperation, CooperationCommand, CooperationForm, CooperationStatus, DecideDissolution,
    EstablishCooperation,
};
use domain::mandate::{Category, EndMandate, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::{DateRange, LegalBasis, MandatePeriod, PartyCode};
use uuid::Uuid;

/// One aggregate's stream, run command by command through the aggregate's own rules.
struct Stream<A: Aggregate<Services = ()>> {
    events: Vec<A::Event>,
}

impl<A: Aggregate<Services = ()>> Stream<A>
where
    A::Error: PartialEq,
{
    fn new() -> Self {
        Stream { events: Vec::new() }
    }

    fn execute(&mut self, command: A::Command) -> &mut Self {
        let new_events = TestFramework::<A>::with(())
            .given(self.events.clone())
            .when(command)
            .inspect_result()
            .unwrap_or_else(|error| panic!("the seed's command was refused: {error}"));
        assert!(!new_events.is_empty());
        self.events.extend(new_events);
        self
    }

    fn state(&self) -> A {
        let mut state = A::default();
        for event in self.events.iter().cloned() {
            state.apply(event);
        }
        state
    }
}

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn decision(issuer: &str, decided_on: &str, reference: Option<&str>) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: issuer.into(),
        decided_on: date(decided_on),
        reference: reference.map(Into::into),
        registry_number: None,
    }
}

fn establish(
    name: &str,
    form: CooperationForm,
    host: &str,
    parties: &[&str],
    established_on: &str,
    predecessor: Option<Uuid>,
    basis: LegalBasis,
) -> CooperationCommand {
    CooperationCommand::Establish(EstablishCooperation {
        name: name.into(),
        form,
        host: code(host),
        parties: parties.iter().map(|party| code(party)).collect(),
        established_on: date(established_on),
        predecessor,
        bases: basis.into(),
    })
}

fn body(
    cooperation_id: Uuid,
    established_on: &str,
    kind: BodyKind,
    name: &str,
    basis: LegalBasis,
) -> BodyCommand {
    BodyCommand::Establish(EstablishBody {
        cooperation_id,
        cooperation_established_on: date(established_on),
        kind,
        name: name.into(),
        established_on: date(established_on),
        basis,
    })
}

fn appoint(
    person: &str,
    role: Role,
    party: &str,
    serves_from: &str,
    parties: &[&str],
    basis: LegalBasis,
) -> (Uuid, BodyTermCommand) {
    let membership_id = Uuid::new_v4();
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id,
        appointment: Appointment {
            person: Person {
                id: Uuid::new_v4(),
                name: person.into(),
            },
            role,
            party: code(party),
            serves_from: date(serves_from),
            serves_to: None,
        },
        replaces: None,
        cooperation_parties: parties.iter().map(|party| code(party)).collect(),
        basis,
    });
    (membership_id, command)
}

fn seat_plan(
    body_id: Uuid,
    first_year: i32,
    seats: &[(&str, u16, u16)],
    is_joint_committee: bool,
    parties: &[&str],
    basis: LegalBasis,
) -> BodyTermCommand {
    BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
        body_id,
        period: MandatePeriod::beginning(first_year).unwrap(),
        seats: seats
            .iter()
            .map(|(party, members, deputies)| SeatAllocation {
                party: code(party),
                members: *members,
                deputies: *deputies,
            })
            .collect(),
        is_joint_committee,
        cooperation_parties: parties.iter().map(|party| code(party)).collect(),
        basis,
    })
}

/// Seed 003: Södertörns upphandlingsnämnd, Haninge host and Nynäshamn, since 2012; dissolved so
/// that from 1 July 2024 the committee is gone and a cooperation agreement governs. Council dates
/// and member names are illustrative.
#[test]
fn seed_003_the_cooperation_is_dissolving_until_its_last_day_and_its_mandate_ends_with_it() {
    let parties = ["0136", "0192"];
    let council = decision(
        "Kommunfullmäktige Haninge (illustrative)",
        "2024-02-12",
        None,
    );
    let old_id = Uuid::new_v4();
    let new_id = Uuid::new_v4();
    let mut old = Stream::<Cooperation>::new();
    old.execute(establish(
        "Södertörns upphandlingsnämnd",
        CooperationForm::JointCommittee,
        "0136",
        &parties,
        "2012-01-01",
        None,
        council.clone(),
    ));
    old.execute(CooperationCommand::DecideDissolution(DecideDissolution {
        decided_on: date("2024-02-12"),
        effective_on: date("2024-07-01"),
        successor: Some(new_id),
        bases: council.clone().into(),
    }));
    Stream::<Cooperation>::new().execute(establish(
        "Samverkansavtal om upphandling Haninge–Nynäshamn",
        CooperationForm::ContractBased,
        "0136",
        &parties,
        "2024-07-01",
        Some(old_id),
        council.clone(),
    ));

    let committee_id = Uuid::new_v4();
    let mut committee = Stream::<Body>::new();
    committee.execute(body(
        old_id,
        "2012-01-01",
        BodyKind::Committee,
        "Södertörns upphandlingsnämnd",
        council.clone(),
    ));
    let mut term = Stream::<BodyTerm>::new();
    term.execute(seat_plan(
        committee_id,
        2023,
        &[("0136", 3, 3), ("0192", 2, 2)],
        true,
        &parties,
        council.clone(),
    ));
    let (chair, appointment) = appoint(
        "Ordförande (illustrative)",
        Role::Chair,
        "0136",
        "2023-01-01",
        &parties,
        council.clone(),
    );
    term.execute(appointment);
    let (member, appointment) = appoint(
        "Ledamot (illustrative)",
        Role::Member,
        "0192",
        "2023-01-01",
        &parties,
        council.clone(),
    );
    term.execute(appointment);

    // On the effective date the committee, its memberships and its mandate end.
    committee.execute(BodyCommand::Dissolve(DissolveBody {
        last_day: date("2024-06-30"),
        bases: council.clone().into(),
    }));
    for membership_id in [chair, member] {
        term.execute(BodyTermCommand::EndMembership(EndMembership {
            membership_id,
            last_day: date("2024-06-30"),
            reason: EndReason::BodyEnded,
            basis: council.clone(),
        }));
    }
    let mut mandate = Stream::<Mandate>::new();
    mandate.execute(MandateCommand::Grant(GrantMandate {
        holder: MandateHolder::Body {
            body_id: committee_id,
        },
        category: Category::parse("upphandling").unwrap(),
        scope: "Upphandling för Haninge och Nynäshamn.".into(),
        exclusions: Vec::new(),
        valid: DateRange {
            from: date("2012-01-01"),
            to: None,
        },
        basis: council.clone(),
    }));
    mandate.execute(MandateCommand::End(EndMandate {
        last_day: date("2024-06-30"),
        basis: council,
    }));

    let old = old.state();
    assert_eq!(
        old.status_on(date("2024-06-30")),
        CooperationStatus::Dissolving
    );
    assert_eq!(
        old.status_on(date("2024-07-01")),
        CooperationStatus::Dissolved
    );
    let mandate = mandate.state();
    let procurement = Category::parse("upphandling").unwrap();
    assert!(mandate.permits(&procurement, date("2024-06-30")));
    assert!(!mandate.permits(&procurement, date("2024-07-01")));
}
