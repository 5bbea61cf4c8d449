//! The five seed cooperations (../shared/seeds), expressed through the domain: every event of
//! theirs that concerns parties, cooperations, bodies, memberships, documents, mandates,
//! obligations and goals. Details a seed leaves open (names, populations, exact dates of
//! council decisions) are illustrative and marked so.

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
use domain::goal::{Goal, GoalCommand, SetGoal};
use domain::governing_document::{
    AdoptDocument, Clause, DocumentKind, GoverningDocument, GoverningDocumentCommand,
};
use domain::mandate::{Category, EndMandate, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::party::{
    Party, PartyCommand, PopulationCommand, PopulationFigure, RecordPopulation, RegisterParty,
};
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

fn clause_of(document_id: Uuid, clause: &str) -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id,
        version: 1,
        clause: clause.into(),
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
        basis,
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

/// Seed 000: Upphandlingscenter and its committee ("Nämnden"): seven goals for 2023–2025, its
/// governing documents, and a mandate for all procurement except building contracts and direct
/// awards. The seed names no municipalities; the three below are illustrative.
#[test]
fn seed_000_upphandlingscenter() {
    let parties = ["2080", "2081", "2082"];
    let cooperation_id = Uuid::new_v4();
    let basis = decision("Kommunfullmäktige (illustrative)", "2022-06-20", None);
    Stream::<Cooperation>::new().execute(establish(
        "Upphandlingscenter",
        CooperationForm::JointCommittee,
        "2080",
        &parties,
        "2023-01-01",
        None,
        basis.clone(),
    ));
    let body_id = Uuid::new_v4();
    Stream::<Body>::new().execute(body(
        cooperation_id,
        "2023-01-01",
        BodyKind::Committee,
        "Nämnden",
        basis.clone(),
    ));

    let plan_id = Uuid::new_v4();
    for (document_id, kind, title) in [
        (plan_id, DocumentKind::CommitteePlan, "Nämndplan 2023–2025"),
        (
            Uuid::new_v4(),
            DocumentKind::ProcurementPolicy,
            "Upphandlingspolicy",
        ),
        (
            Uuid::new_v4(),
            DocumentKind::ApplicationGuidelines,
            "Tillämpningsanvisningar till upphandlingspolicy",
        ),
    ] {
        let mut document = Stream::<GoverningDocument>::new();
        document.execute(GoverningDocumentCommand::Adopt(AdoptDocument {
            cooperation_id,
            cooperation_established_on: date("2023-01-01"),
            kind,
            title: title.into(),
            effective_on: date("2023-01-01"),
            clauses: vec![Clause {
                number: "1".into(),
                text: "Vision: Värdeskapande samverkan för goda affärer och en hållbar framtid."
                    .into(),
            }],
            basis: basis.clone(),
        }));
        assert_eq!(
            document.state().version_in_force(date("2024-01-01")),
            Some(1),
            "{document_id}"
        );
    }

    let goals = [
        "Upphandling används som ett strategiskt verktyg för att nå våra samverkande kommuners mål.",
        "Vi sparar pengar åt våra samverkande kommuner.",
        "Vi arbetar genomgående med hög kvalitet.",
        "Social hållbarhet är för oss självklart och där ligger vi i framkant.",
        "Miljömässig hållbarhet är för oss självklart och där är vi drivande inom resurshushållning.",
        "Vi är bäst på regional tillväxt.",
        "Vi arbetar ständigt för nya och bättre lösningar för våra samverkande kommuner.",
    ];
    for (number, text) in (1..).zip(goals) {
        Stream::<Goal>::new().execute(GoalCommand::Set(SetGoal {
            body_id,
            plan_document_id: plan_id,
            number,
            text: text.into(),
            period: DateRange {
                from: date("2023-01-01"),
                to: Some(date("2025-12-31")),
            },
            basis: clause_of(plan_id, "Inriktningsmål"),
        }));
    }

    let mut mandate = Stream::<Mandate>::new();
    mandate.execute(MandateCommand::Grant(GrantMandate {
        holder: MandateHolder::Body { body_id },
        category: Category::parse("upphandling").unwrap(),
        scope: "Ansvar för att genomföra upphandlingar för samverkande kommuner.".into(),
        exclusions: vec![
            Category::parse("upphandling/byggentreprenader").unwrap(),
            Category::parse("upphandling/direktupphandlingar").unwrap(),
        ],
        valid: DateRange {
            from: date("2023-01-01"),
            to: None,
        },
        basis: clause_of(plan_id, "Våra huvuduppgifter"),
    }));
    let mandate = mandate.state();
    assert!(mandate.permits(
        &Category::parse("upphandling/ramavtal").unwrap(),
        date("2024-05-01")
    ));
    assert!(!mandate.permits(
        &Category::parse("upphandling/byggentreprenader").unwrap(),
        date("2024-05-01")
    ));
    assert!(!mandate.permits(
        &Category::parse("upphandling/direktupphandlingar").unwrap(),
        date("2024-05-01")
    ));
}

/// Seed 001: Upphandlingskontoret splits its base revenue by each municipality's population at
/// the year-end before the budget. The seed names neither parties nor populations; they are
/// illustrative. (The budget table itself belongs to the transitions issue.)
#[test]
fn seed_001_upphandlingskontoret() {
    let parties = ["2380", "2309"];
    let cooperation_id = Uuid::new_v4();
    let agreement_id = Uuid::new_v4();
    Stream::<Cooperation>::new().execute(establish(
        "Upphandlingskontoret",
        CooperationForm::ContractBased,
        "2380",
        &parties,
        "2015-01-01",
        None,
        decision(
            "Kommunfullmäktige Östersund (illustrative)",
            "2014-11-27",
            None,
        ),
    ));
    for (party, name, population) in [
        ("2380", "Östersunds kommun", 64_000),
        ("2309", "Krokoms kommun", 15_200),
    ] {
        Stream::<Party>::new().execute(PartyCommand::Register(RegisterParty {
            code: code(party),
            name: name.into(),
        }));
        let mut figure = Stream::<PopulationFigure>::new();
        figure.execute(PopulationCommand::Record(RecordPopulation {
            party: code(party),
            reference_date: date("2020-12-31"),
            population,
            source: "SCB, folkmängd 31 december 2020 (illustrative)".into(),
        }));
        Stream::<Obligation>::new().execute(ObligationCommand::Record(RecordObligation {
            cooperation_id,
            cooperation_parties: parties.iter().map(|party| code(party)).collect(),
            debtor: code(party),
            creditor: Creditor::Cooperation { cooperation_id },
            kind: ObligationKind::CostShare,
            description: "Andel av intäkter grundavtal 2021 (5 616 tkr) efter folkmängd 2020-12-31"
                .into(),
            period: DateRange {
                from: date("2021-01-01"),
                to: Some(date("2021-12-31")),
            },
            due: Due::Yearly { month: 3, day: 31 },
            basis: clause_of(agreement_id, "Fördelning efter folkmängd"),
        }));
    }
}

/// Seed 002: KF Mora 2019-11-25 made Mora host municipality and central purchasing body for Orsa
/// and Älvdalen, each of which appoints a procurement officer to a joint coordination group.
#[test]
fn seed_002_mora_orsa_alvdalen() {
    let parties = ["2062", "2034", "2039"];
    let kf_mora = decision("Kommunfullmäktige Mora", "2019-11-25", None);
    let cooperation_id = Uuid::new_v4();
    let mut cooperation = Stream::<Cooperation>::new();
    cooperation.execute(establish(
        "Upphandlingssamverkan Mora, Orsa och Älvdalen",
        CooperationForm::HostRunCentralPurchasingBody,
        "2062",
        &parties,
        "2020-01-01",
        None,
        kf_mora.clone(),
    ));
    let group_id = Uuid::new_v4();
    Stream::<Body>::new().execute(body(
        cooperation_id,
        "2020-01-01",
        BodyKind::CoordinationGroup,
        "Samordningsgrupp för upphandling",
        kf_mora.clone(),
    ));
    let mut term = Stream::<BodyTerm>::new();
    term.execute(seat_plan(
        group_id,
        2019,
        &[("2062", 1, 0), ("2034", 1, 0), ("2039", 1, 0)],
        false,
        &parties,
        kf_mora.clone(),
    ));
    for (person, party) in [
        ("Upphandlingschef Mora (illustrative)", "2062"),
        ("Inköpsansvarig Orsa (illustrative)", "2034"),
        ("Inköpsansvarig Älvdalen (illustrative)", "2039"),
    ] {
        term.execute(
            appoint(
                person,
                Role::ProcurementOfficer,
                party,
                "2020-01-01",
                &parties,
                kf_mora.clone(),
            )
            .1,
        );
    }
    assert_eq!(
        cooperation.state().status_on(date("2024-01-01")),
        CooperationStatus::Active
    );
}

/// Seed 003: Södertörns upphandlingsnämnd, Haninge host and Nynäshamn, since 2012; dissolved so
/// that from 1 July 2024 the committee is gone and a cooperation agreement governs. Council dates
/// and member names are illustrative.
#[test]
fn seed_003_sodertorn_dissolved() {
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
        basis: council.clone(),
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
        basis: council.clone(),
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
    assert!(!mandate
        .state()
        .permits(&Category::parse("upphandling").unwrap(), date("2024-07-01")));
}

/// Seed 004: Inköpsnämnden, Region Sörmland host and Region Västmanland, since 2019-01-01.
/// RS 2025-05-06 §103 commissioned a report on other forms of cooperation; fees of about
/// 120 000 SEK a year go to the committee's members. The recommended dissolution from 2027-01-01
/// is not yet decided, so it is not recorded.
#[test]
fn seed_004_inkopsnamnden() {
    let parties = ["04", "19"];
    let council = decision(
        "Regionfullmäktige Sörmland (illustrative)",
        "2018-06-12",
        None,
    );
    let cooperation_id = Uuid::new_v4();
    let mut cooperation = Stream::<Cooperation>::new();
    cooperation.execute(establish(
        "Inköpsnämnden",
        CooperationForm::JointCommittee,
        "04",
        &parties,
        "2019-01-01",
        None,
        council.clone(),
    ));
    let agreement_id = Uuid::new_v4();
    Stream::<GoverningDocument>::new().execute(GoverningDocumentCommand::Adopt(AdoptDocument {
        cooperation_id,
        cooperation_established_on: date("2019-01-01"),
        kind: DocumentKind::CooperationAgreement,
        title: "Samverkansavtal för gemensam inköpsnämnd".into(),
        effective_on: date("2019-01-01"),
        clauses: vec![Clause {
            number: "Kostnader".into(),
            text: "Kostnaderna fördelas lika mellan regionerna med vissa undantag.".into(),
        }],
        basis: council.clone(),
    }));
    let committee_id = Uuid::new_v4();
    Stream::<Body>::new().execute(body(
        cooperation_id,
        "2019-01-01",
        BodyKind::Committee,
        "Inköpsnämnden",
        council.clone(),
    ));
    Stream::<BodyTerm>::new().execute(seat_plan(
        committee_id,
        2023,
        &[("04", 3, 3), ("19", 3, 3)],
        true,
        &parties,
        council.clone(),
    ));

    Stream::<Obligation>::new().execute(ObligationCommand::Record(RecordObligation {
        cooperation_id,
        cooperation_parties: parties.iter().map(|party| code(party)).collect(),
        debtor: code("19"),
        creditor: Creditor::Cooperation { cooperation_id },
        kind: ObligationKind::ReportOrPlan,
        description: "Redovisa alternativa samverkansformer inför mandatperioden 2027–2030".into(),
        period: DateRange {
            from: date("2025-05-06"),
            to: Some(date("2026-12-31")),
        },
        due: Due::Continuous,
        basis: decision("Regionstyrelsen Västmanland", "2025-05-06", Some("§ 103")),
    }));
    for party in parties {
        Stream::<Obligation>::new().execute(ObligationCommand::Record(RecordObligation {
            cooperation_id,
            cooperation_parties: parties.iter().map(|party| code(party)).collect(),
            debtor: code(party),
            creditor: Creditor::Body {
                body_id: committee_id,
            },
            kind: ObligationKind::PayFees,
            description: "Arvoden till nämndens ledamöter, cirka 120 000 kronor om året sammanlagt"
                .into(),
            period: DateRange {
                from: date("2019-01-01"),
                to: None,
            },
            due: Due::Yearly { month: 12, day: 31 },
            basis: clause_of(agreement_id, "Kostnader"),
        }));
    }
    assert_eq!(
        cooperation.state().status_on(date("2026-06-30")),
        CooperationStatus::Active
    );
}
