//! The transition aggregate, rule by rule.
//!
//! Most tests plan the transition of seed 004: Inköpsnämnden, the joint committee of Region
//! Sörmland (04), its host, and Region Västmanland (19) since 2019-01-01, is replaced by
//! contract-based cooperation (avtalssamverkan) from 2027-01-01, as RS 2025-05-06 §103
//! commissioned. Seed 003 gives the second case: Södertörns upphandlingsnämnd of Haninge (0136),
//! its host, and Nynäshamn (0192), a joint committee since 2012 that is gone from 2024-07-01,
//! after which a cooperation agreement governs the second half-year.
//!
//! Neither seed names the contracts, obligations, members, council decisions or the dates on
//! which steps were done: those below are illustrative.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;
use uuid::Uuid;

use super::*;
use crate::governing_document::Clause;
use crate::obligation::{Creditor, Due, ObligationKind};
use crate::{CooperationForm, DateRange, LegalBasis, MandatePeriod, PartyCode, RuleViolation};

mod carry_out;
mod dispositions;
mod plan;
mod readiness;
mod steps;
mod stored_format;
mod view;

type TransitionTest = TestFramework<Transition>;

/// Inköpsnämnden's cooperation (seed 004).
const INKOPSNAMNDEN: Uuid = Uuid::from_u128(0x004);
/// The contract-based cooperation that follows it from 2027-01-01.
const AVTALSSAMVERKAN: Uuid = Uuid::from_u128(0x2027);
/// The cooperation agreement (samverkansavtal) of the successor.
const AGREEMENT: Uuid = Uuid::from_u128(0xA9E);
/// The joint committee itself, the body of the cooperation.
const NAMNDEN: Uuid = Uuid::from_u128(0xB0D1);
const FIRST_MEMBERSHIP: Uuid = Uuid::from_u128(0x1001);
const SECOND_MEMBERSHIP: Uuid = Uuid::from_u128(0x1002);
const PROCUREMENT_MANDATE: Uuid = Uuid::from_u128(0x3A4D);

// Contracts of Inköpsnämnden, one for each disposition and one that ends before 2027.
const IT_CONSULTANTS: Uuid = Uuid::from_u128(0xC001);
const CARE_SUPPLIES: Uuid = Uuid::from_u128(0xC002);
const FUEL: Uuid = Uuid::from_u128(0xC003);
const OFFICE_SUPPLIES: Uuid = Uuid::from_u128(0xC004);
const INTERPRETERS: Uuid = Uuid::from_u128(0xC005);

// Obligations of Inköpsnämnden: a cost share, the fees to its members and archives to deliver.
const COST_SHARE: Uuid = Uuid::from_u128(0x0B01);
const FEES: Uuid = Uuid::from_u128(0x0B02);
const ARCHIVES: Uuid = Uuid::from_u128(0x0B03);
/// The ids the plan gives the obligations that follow from the effective date.
const COST_SHARE_UNDER_SUCCESSOR: Uuid = Uuid::from_u128(0x1B01);
const ARCHIVES_FOR_SORMLAND: Uuid = Uuid::from_u128(0x1B03);

/// A cooperation the plan has nothing to do with.
const ANOTHER_COOPERATION: Uuid = Uuid::from_u128(0x0FF);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn key(text: &str) -> StepKey {
    StepKey::parse(text).unwrap()
}

fn regions() -> Vec<PartyCode> {
    vec![code("04"), code("19")]
}

/// RS 2025-05-06 §103 commissioned the study (seed 004).
fn commission() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionstyrelsen Västmanland".into(),
        decided_on: date("2025-05-06"),
        reference: Some("§103".into()),
        registry_number: None,
    }
}

/// What the steering group of the two regions decided on a day, the basis of the plan's
/// administrative steps.
fn steering_group(on: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Styrgruppen för inköpssamverkan Sörmland–Västmanland".into(),
        decided_on: date(on),
        reference: None,
        registry_number: None,
    }
}

/// A region's council decision to dissolve the joint committee.
fn council(party: &str, on: &str) -> LegalBasis {
    let issuer = match party {
        "04" => "Regionfullmäktige Sörmland",
        "19" => "Regionfullmäktige Västmanland",
        "0136" => "Kommunfullmäktige Haninge",
        "0192" => "Kommunfullmäktige Nynäshamn",
        _ => "Fullmäktige",
    };
    LegalBasis::ExternalDecision {
        issuer: issuer.into(),
        decided_on: date(on),
        reference: Some("§ 140".into()),
        registry_number: None,
    }
}

/// What carrying out rests on: the agreement's clause on when it takes effect.
fn entry_into_force() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: AGREEMENT,
        version: 1,
        clause: "§ 12 Ikraftträdande".into(),
    }
}

fn agreement() -> AgreementDraft {
    AgreementDraft {
        document_id: AGREEMENT,
        title: "Samverkansavtal om inköpsverksamhet".into(),
        clauses: vec![
            Clause {
                number: "§ 1".into(),
                text: "Region Sörmland utför inköpsverksamhet åt Region Västmanland.".into(),
            },
            Clause {
                number: "§ 5".into(),
                text: "Kostnaderna fördelas till hälften på vardera region, med vissa undantag."
                    .into(),
            },
        ],
    }
}

fn successor(agreement: Option<AgreementDraft>) -> SuccessorPlan {
    SuccessorPlan {
        form: SuccessorForm::ContractBased,
        cooperation: Some(SuccessorCooperation {
            cooperation_id: AVTALSSAMVERKAN,
            name: "Avtalssamverkan inköp Sörmland–Västmanland".into(),
            host: code("04"),
            parties: regions(),
            agreement,
        }),
    }
}

fn plan_command() -> PlanTransition {
    PlanTransition {
        cooperation_id: INKOPSNAMNDEN,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: regions(),
        cooperation_established_on: date("2019-01-01"),
        successor: successor(None),
        effective_on: date("2027-01-01"),
        basis: commission(),
    }
}

fn plan(command: PlanTransition) -> TransitionCommand {
    TransitionCommand::Plan(command)
}

fn step(key_text: &str, title: &str, depends_on: &[&str], blocking: bool) -> StepDefinition {
    StepDefinition {
        key: key(key_text),
        title: title.into(),
        responsible: None,
        due_on: None,
        depends_on: depends_on
            .iter()
            .map(|dependency| key(dependency))
            .collect(),
        blocking,
    }
}

/// The steps from a joint committee to contract-based cooperation, written out by hand from the
/// domain brief so that a change of the template shows here.
fn contract_based_steps() -> Vec<StepDefinition> {
    vec![
        step(
            "study-and-report",
            "Utreda samverkansformer och rapportera",
            &[],
            true,
        ),
        step(
            "council-decisions",
            "Varje parts fullmäktige beslutar om upplösning och datum",
            &["study-and-report"],
            true,
        ),
        step(
            "new-agreement",
            "Ta fram, besluta och underteckna samverkansavtal (KL 9 kap 37 §)",
            &["council-decisions"],
            true,
        ),
        step(
            "influence",
            "Säkra inflytande för varje part (styr- eller samordningsgrupp)",
            &["new-agreement"],
            true,
        ),
        step(
            "allocation-key",
            "Ekonomisk analys och ny fördelningsnyckel",
            &["study-and-report"],
            true,
        ),
        step(
            "governing-documents",
            "Ny delegationsordning och nya styrdokument från ikraftträdandet",
            &["new-agreement"],
            true,
        ),
        contract_mapping_step(),
        step(
            "ongoing-procurements",
            "Besluta om pågående upphandlingar",
            &["contract-mapping"],
            true,
        ),
        step(
            "staff",
            "Personal: verksamhetsövergång eller rekrytering",
            &["council-decisions"],
            true,
        ),
        step(
            "archives",
            "Arkiv: avslutade ärenden levereras, öppna ärenden avslutas och återöppnas med hänvisning",
            &["council-decisions"],
            false,
        ),
        step(
            "website-and-documents",
            "Webbplats och dokument",
            &["council-decisions"],
            false,
        ),
        step(
            "final-accounts",
            "Bokslut, revision och ansvarsfrihet för sista perioden hos varje part",
            &["council-decisions"],
            false,
        ),
    ]
}

fn contract_mapping_step() -> StepDefinition {
    step(
        "contract-mapping",
        "Kartlägga avtal (slutdatum, förlängningsoptioner, avropsberättigade) och besluta om varje avtal",
        &["council-decisions"],
        true,
    )
}

/// Seed 004 as planned on RS 2025-05-06 §103, before the agreement is drafted.
fn planned() -> TransitionEvent {
    TransitionEvent::TransitionPlanned(TransitionPlanned {
        cooperation_id: INKOPSNAMNDEN,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: regions(),
        successor: successor(None),
        effective_on: date("2027-01-01"),
        steps: contract_based_steps(),
        basis: commission(),
    })
}

fn agreement_drafted() -> TransitionEvent {
    TransitionEvent::SuccessorRevised(SuccessorRevised {
        successor: successor(Some(agreement())),
        basis: steering_group("2026-03-31"),
    })
}

fn status(step: &str, status: StepStatus, on: &str) -> TransitionEvent {
    TransitionEvent::StepStatusSet(StepStatusSet {
        step: key(step),
        status,
        on: date(on),
        basis: steering_group(on),
    })
}

fn set_status(step: &str, status: StepStatus, on: &str) -> TransitionCommand {
    TransitionCommand::SetStepStatus(SetStepStatus {
        step: key(step),
        status,
        on: date(on),
        basis: steering_group(on),
    })
}

fn disposed(contract_id: Uuid, disposition: ContractDisposition, on: &str) -> TransitionEvent {
    TransitionEvent::ContractDispositionDecided(ContractDispositionDecided {
        contract_id,
        disposition,
        decided_on: date(on),
        basis: steering_group(on),
    })
}

fn decide_disposition(
    contract_id: Uuid,
    contract_cooperation_id: Uuid,
    disposition: ContractDisposition,
    on: &str,
) -> TransitionCommand {
    TransitionCommand::DecideContractDisposition(DecideContractDisposition {
        contract_id,
        contract_cooperation_id,
        disposition,
        decided_on: date(on),
        basis: steering_group(on),
    })
}

fn mapped(obligation_id: Uuid, mapping: ObligationMapping, on: &str) -> TransitionEvent {
    TransitionEvent::ObligationMapped(ObligationMapped {
        obligation_id,
        mapping,
        decided_on: date(on),
        basis: steering_group(on),
    })
}

fn map_obligation(
    obligation_id: Uuid,
    obligation_cooperation_id: Uuid,
    mapping: ObligationMapping,
    on: &str,
) -> TransitionCommand {
    TransitionCommand::MapObligation(MapObligation {
        obligation_id,
        obligation_cooperation_id,
        mapping,
        decided_on: date(on),
        basis: steering_group(on),
    })
}

fn party_decided(party: &str, on: &str) -> TransitionEvent {
    TransitionEvent::PartyDecisionRecorded(PartyDecisionRecorded {
        party: code(party),
        decided_on: date(on),
        basis: council(party, on),
    })
}

fn carried_out(on: &str) -> TransitionEvent {
    TransitionEvent::TransitionCarriedOut(TransitionCarriedOut {
        carried_out_on: date(on),
        effective_on: date("2027-01-01"),
        successor_cooperation_id: Some(AVTALSSAMVERKAN),
        basis: entry_into_force(),
    })
}

/// Every blocking step of the contract-based template settled by 2026-10-31, in an order their
/// dependencies allow. Staff stay employed by the host, so that step does not apply.
fn blocking_steps_settled() -> Vec<TransitionEvent> {
    vec![
        status("study-and-report", StepStatus::Done, "2025-10-14"),
        status("council-decisions", StepStatus::Done, "2025-11-25"),
        status("staff", StepStatus::NotApplicable, "2025-12-15"),
        status("allocation-key", StepStatus::Done, "2026-02-28"),
        status("new-agreement", StepStatus::Done, "2026-03-31"),
        status("influence", StepStatus::Done, "2026-04-30"),
        status("contract-mapping", StepStatus::Done, "2026-05-31"),
        status("governing-documents", StepStatus::Done, "2026-09-30"),
        status("ongoing-procurements", StepStatus::Done, "2026-10-31"),
    ]
}

fn contract_dispositions() -> Vec<TransitionEvent> {
    vec![
        disposed(
            IT_CONSULTANTS,
            ContractDisposition::ContinuesJointly,
            "2026-05-31",
        ),
        disposed(
            CARE_SUPPLIES,
            ContractDisposition::MovesToParty { party: code("19") },
            "2026-05-31",
        ),
        disposed(FUEL, ContractDisposition::EndsAtExpiry, "2026-05-31"),
        disposed(
            OFFICE_SUPPLIES,
            ContractDisposition::ProcuredAgainBy { party: code("04") },
            "2026-05-31",
        ),
    ]
}

fn obligation_mappings() -> Vec<TransitionEvent> {
    vec![
        mapped(
            COST_SHARE,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
            },
            "2026-09-30",
        ),
        mapped(
            ARCHIVES,
            ObligationMapping::MovesToParty {
                party: code("04"),
                successor_obligation_id: ARCHIVES_FOR_SORMLAND,
            },
            "2026-09-30",
        ),
    ]
}

fn party_decisions() -> Vec<TransitionEvent> {
    vec![
        party_decided("19", "2025-11-18"),
        party_decided("04", "2025-11-25"),
    ]
}

/// Seed 004 with everything settled by 2026-10-31.
fn ready_plan_events() -> Vec<TransitionEvent> {
    let mut events = vec![planned(), agreement_drafted()];
    events.extend(blocking_steps_settled());
    events.extend(contract_dispositions());
    events.extend(obligation_mappings());
    events.extend(party_decisions());
    events
}

fn transition(events: Vec<TransitionEvent>) -> Transition {
    let mut transition = Transition::default();
    for event in events {
        transition.apply(event);
    }
    transition
}

fn contract(contract_id: Uuid, title: &str, ends_on: &str, callers: &[&str]) -> ContractFact {
    ContractFact {
        contract_id,
        title: title.into(),
        ends_on: date(ends_on),
        callers: callers.iter().map(|caller| code(caller)).collect(),
    }
}

/// Inköpsnämnden's contracts: each disposition once, and one that ends before 2027.
fn contracts() -> Vec<ContractFact> {
    vec![
        contract(
            IT_CONSULTANTS,
            "Ramavtal IT-konsulttjänster",
            "2028-03-31",
            &["04", "19"],
        ),
        contract(
            CARE_SUPPLIES,
            "Ramavtal vårdmaterial",
            "2027-12-31",
            &["04", "19"],
        ),
        contract(FUEL, "Ramavtal drivmedel", "2027-03-31", &["04", "19"]),
        contract(
            OFFICE_SUPPLIES,
            "Ramavtal kontorsmaterial",
            "2027-06-30",
            &["04", "19"],
        ),
        contract(INTERPRETERS, "Ramavtal tolktjänster", "2026-10-31", &["19"]),
    ]
}

fn cost_share() -> ObligationFact {
    ObligationFact {
        obligation_id: COST_SHARE,
        debtor: code("19"),
        creditor: Creditor::Party { party: code("04") },
        kind: ObligationKind::CostShare,
        description: "Region Västmanlands hälft av inköpsverksamhetens kostnader".into(),
        period: DateRange {
            from: date("2019-01-01"),
            to: None,
        },
        due: Due::Yearly { month: 3, day: 31 },
    }
}

/// Seed 004: fees of about 120 000 SEK a year fall away with the committee.
fn fees() -> ObligationFact {
    ObligationFact {
        obligation_id: FEES,
        debtor: code("04"),
        creditor: Creditor::Body { body_id: NAMNDEN },
        kind: ObligationKind::PayFees,
        description: "Arvoden till nämndens ledamöter, omkring 120 000 kronor per år".into(),
        period: DateRange {
            from: date("2019-01-01"),
            to: None,
        },
        due: Due::Continuous,
    }
}

fn archives() -> ObligationFact {
    ObligationFact {
        obligation_id: ARCHIVES,
        debtor: code("19"),
        creditor: Creditor::Cooperation {
            cooperation_id: INKOPSNAMNDEN,
        },
        kind: ObligationKind::DeliverArchives,
        description: "Leverera avslutade ärenden till arkivet".into(),
        period: DateRange {
            from: date("2026-01-01"),
            to: Some(date("2027-12-31")),
        },
        due: Due::On {
            date: date("2027-06-30"),
        },
    }
}

fn obligations() -> Vec<ObligationFact> {
    vec![cost_share(), fees(), archives()]
}

fn mandate_period_2023() -> MandatePeriod {
    MandatePeriod::beginning(2023).unwrap()
}

/// What the register holds about Inköpsnämnden on the effective date.
fn facts() -> CarryOutFacts {
    CarryOutFacts {
        recorded_dissolution: None,
        bodies: vec![BodyFact {
            body_id: NAMNDEN,
            established_on: date("2019-01-01"),
            last_day: None,
        }],
        memberships: vec![
            MembershipFact {
                body_id: NAMNDEN,
                period: mandate_period_2023(),
                membership_id: FIRST_MEMBERSHIP,
                serves_from: date("2023-01-01"),
            },
            MembershipFact {
                body_id: NAMNDEN,
                period: mandate_period_2023(),
                membership_id: SECOND_MEMBERSHIP,
                serves_from: date("2024-03-01"),
            },
        ],
        mandates: vec![MandateFact {
            mandate_id: PROCUREMENT_MANDATE,
            body_id: NAMNDEN,
            valid_from: date("2019-01-01"),
        }],
        obligations: obligations(),
        contracts: contracts(),
    }
}

fn carry_out_on(today: &str, facts: CarryOutFacts) -> CarryOutTransition {
    CarryOutTransition {
        today: date(today),
        basis: entry_into_force(),
        facts,
    }
}

/// The command is refused with `error`, which names `field` and `rule`.
fn refused(
    given: Vec<TransitionEvent>,
    command: TransitionCommand,
    error: TransitionError,
    field: &str,
    rule: &str,
) {
    assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    TransitionTest::with(())
        .given(given)
        .when(command)
        .then_expect_error(error);
}
