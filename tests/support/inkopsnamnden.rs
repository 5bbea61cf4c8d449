//! Inköpsnämnden as the § register's suites know it: seed 004's committee (Region Sörmland as
//! host, Region Västmanland) with two members and one deputy for each region, so that four
//! member seats make three a quorum, and its mandate for procurement less building contracts.
//! The seed gives each region one member; the rules on quorum, deputies and recusals need more
//! seats than that, so these people and seats are illustrative, written here once for every
//! suite that records decisions (`commands`, `read_models`, `audit`, `api`, `log`).

use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, Person, Role, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::meeting::{
    AgendaItem, DecisionContent, DelegatedDecisionReport, Meeting, MeetingCommand, RollEntry,
};
use domain::{DateRange, LegalBasis, MandatePeriod};
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest, Register};
use uuid::Uuid;

use crate::support::fixtures::{code, date};
use crate::support::harness::TestDatabase;

pub(crate) const COOPERATION: Uuid = Uuid::from_u128(0x4000);
pub(crate) const NAMNDEN: Uuid = Uuid::from_u128(0x4001);
pub(crate) const MANDATE: Uuid = Uuid::from_u128(0x4002);
pub(crate) const RS_103: Uuid = Uuid::from_u128(0x4003);

/// Two members for each region and one deputy each: four member seats, so three make a quorum.
pub(crate) const SORMLAND_CHAIR: Uuid = Uuid::from_u128(0x4101);
pub(crate) const SORMLAND_MEMBER: Uuid = Uuid::from_u128(0x4102);
pub(crate) const VASTMANLAND_VICE_CHAIR: Uuid = Uuid::from_u128(0x4103);
pub(crate) const VASTMANLAND_MEMBER: Uuid = Uuid::from_u128(0x4104);
pub(crate) const SORMLAND_DEPUTY: Uuid = Uuid::from_u128(0x4105);
pub(crate) const VASTMANLAND_DEPUTY: Uuid = Uuid::from_u128(0x4106);

pub(crate) fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2018-06-19"),
        reference: Some("§ 88".into()),
        registry_number: None,
    }
}

/// The cooperation, the committee, its seat plan for 2023–2026, its members and its mandate
/// for procurement less building contracts (as in seed 000's exclusions).
pub(crate) async fn inkopsnamnden(register: &Register) {
    register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Gemensam nämnd för upphandling, Region Sörmland och Region Västmanland"
                    .into(),
                form: CooperationForm::JointCommittee,
                host: code("04"),
                parties: vec![code("04"), code("19")],
                established_on: date("2019-01-01"),
                predecessor: None,
                bases: basis().into(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: COOPERATION,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(NAMNDEN, period);
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: NAMNDEN,
                period,
                seats: vec![
                    SeatAllocation {
                        party: code("04"),
                        members: 2,
                        deputies: 1,
                    },
                    SeatAllocation {
                        party: code("19"),
                        members: 2,
                        deputies: 1,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: vec![code("04"), code("19")],
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    for (person_id, name, role, party) in [
        (SORMLAND_CHAIR, "Anna Ek", Role::Chair, "04"),
        (SORMLAND_MEMBER, "Bo Lind", Role::Member, "04"),
        (
            VASTMANLAND_VICE_CHAIR,
            "Cecilia Berg",
            Role::ViceChair,
            "19",
        ),
        (VASTMANLAND_MEMBER, "David Holm", Role::Member, "19"),
        (SORMLAND_DEPUTY, "Eva Sjö", Role::Deputy, "04"),
        (VASTMANLAND_DEPUTY, "Filip Strand", Role::Deputy, "19"),
    ] {
        register
            .execute::<BodyTerm>(
                &term,
                BodyTermCommand::Appoint(Appoint {
                    membership_id: Uuid::new_v4(),
                    appointment: Appointment {
                        person: Person {
                            id: person_id,
                            name: name.into(),
                        },
                        role,
                        party: code(party),
                        serves_from: date("2023-01-01"),
                        serves_to: None,
                    },
                    replaces: None,
                    cooperation_parties: vec![code("04"), code("19")],
                    basis: basis(),
                }),
            )
            .await
            .unwrap();
    }
    register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            MandateCommand::Grant(GrantMandate {
                holder: MandateHolder::Body { body_id: NAMNDEN },
                category: category("upphandling"),
                scope: "Upphandlingar för båda regionerna".into(),
                exclusions: vec![category("upphandling/byggentreprenader")],
                valid: DateRange {
                    from: date("2019-01-01"),
                    to: None,
                },
                basis: basis(),
            }),
        )
        .await
        .unwrap();
}

/// A fresh database holding Inköpsnämnden, and the register over it.
pub(crate) async fn with_inkopsnamnden() -> (TestDatabase, Register) {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    inkopsnamnden(&register).await;
    (db, register)
}

pub(crate) fn category(text: &str) -> Category {
    Category::parse(text).unwrap()
}

pub(crate) fn agenda(items: u16) -> Vec<AgendaItem> {
    (1..=items)
        .map(|number| AgendaItem {
            number,
            title: format!("Ärende {number}"),
            registry_number: Some(format!("INK 2025/{number}")),
            public: true,
        })
        .collect()
}

/// A meeting of Inköpsnämnden on `on`, opened with every member present.
pub(crate) async fn held_meeting(register: &Register, on: &str, items: u16) -> Uuid {
    held_meeting_with(register, on, agenda(items)).await
}

/// A meeting of Inköpsnämnden on `on` with its own agenda, opened with every member present.
pub(crate) async fn held_meeting_with(
    register: &Register,
    on: &str,
    agenda: Vec<AgendaItem>,
) -> Uuid {
    let meeting_id = Uuid::new_v4();
    register
        .call_meeting(
            meeting_id,
            CallMeetingRequest {
                body_id: NAMNDEN,
                date: date(on),
                place: "Regionhuset, Nyköping".into(),
                agenda,
            },
        )
        .await
        .unwrap();
    register
        .open_meeting(
            meeting_id,
            OpenMeetingRequest {
                presiding: SORMLAND_CHAIR,
                roll: [
                    SORMLAND_CHAIR,
                    SORMLAND_MEMBER,
                    VASTMANLAND_VICE_CHAIR,
                    VASTMANLAND_MEMBER,
                ]
                .into_iter()
                .map(|person_id| RollEntry {
                    person_id,
                    serving_for: None,
                })
                .collect(),
            },
        )
        .await
        .unwrap();
    meeting_id
}

pub(crate) fn content(text: &str, mandate_category: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category(mandate_category),
        delegated_decisions: Vec::new(),
    }
}

/// A § that reports one delegated decision (anmälan av delegationsbeslut) to the committee.
pub(crate) fn reporting(delegated: Uuid) -> DecisionContent {
    DecisionContent {
        delegated_decisions: vec![DelegatedDecisionReport {
            decision_id: delegated,
            decided_on: date("2025-04-22"),
            decided_by: "Upphandlingschef".into(),
            subject: "Avrop från ramavtal för kontorsmaterial".into(),
            registry_number: Some("INK 2025/77".into()),
            mandate_category: category("upphandling/avrop"),
        }],
        ..content(
            "Nämnden lägger redovisningen till handlingarna.",
            "upphandling",
        )
    }
}

pub(crate) fn decision(item: u16, paragraph: Option<u32>) -> RecordDecisionRequest {
    RecordDecisionRequest {
        decision_id: Uuid::new_v4(),
        paragraph,
        item,
        content: content(
            "Nämnden antar tilldelningsbeslutet.",
            "upphandling/ramavtal",
        ),
    }
}

/// Executes `command` on the meeting's stream and returns the position it wrote.
pub(crate) async fn meeting_command(
    register: &Register,
    meeting_id: Uuid,
    command: MeetingCommand,
) -> i64 {
    register
        .execute::<Meeting>(&meeting_id.to_string(), command)
        .await
        .unwrap()
        .as_stored()
}
