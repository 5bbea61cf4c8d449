//! The contract register's rules, on illustrative contracts of seed 003: Södertörns
//! upphandlingsnämnd, hosted by Haninge (0136) with Nynäshamn (0192) since 2012, dissolved from
//! 2024-07-01. The contracts, suppliers and dates are illustrative.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::{Aggregate, DomainEvent};
use uuid::Uuid;

use super::*;
use crate::{LegalBasis, LegalBasisError, PartyCode, RuleViolation};

type ContractTest = TestFramework<Contract>;

const SODERTORN: Uuid = Uuid::from_u128(0x003);
const SUCCESSOR: Uuid = Uuid::from_u128(0x0031);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn haninge() -> PartyCode {
    code("0136")
}

fn nynashamn() -> PartyCode {
    code("0192")
}

fn committee_decision() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Södertörns upphandlingsnämnd".into(),
        decided_on: date("2022-06-14"),
        reference: Some("§ 41".into()),
        registry_number: Some("SUN 2022/12".into()),
    }
}

fn option(extends_to: &str) -> ExtensionOption {
    ExtensionOption {
        extends_to: date(extends_to),
    }
}

/// "Livsmedel": a framework agreement from 2022-10-01 to 2024-09-30, with options to extend a
/// year at a time, twice.
fn register_livsmedel() -> RegisterContract {
    RegisterContract {
        cooperation_id: SODERTORN,
        cooperation_parties: vec![haninge(), nynashamn()],
        title: "Livsmedel".into(),
        category: "Livsmedel och dagligvaror".into(),
        supplier: "Menigo Foodservice AB".into(),
        kind: ContractKind::FrameworkAgreement,
        registry_number: Some("SUN 2022/12".into()),
        callers: vec![haninge(), nynashamn()],
        starts_on: date("2022-10-01"),
        ends_on: date("2024-09-30"),
        extension_options: vec![option("2025-09-30"), option("2026-09-30")],
        basis: committee_decision(),
    }
}

fn livsmedel_registered() -> ContractRegistered {
    ContractRegistered {
        cooperation_id: SODERTORN,
        title: "Livsmedel".into(),
        category: "Livsmedel och dagligvaror".into(),
        supplier: "Menigo Foodservice AB".into(),
        kind: ContractKind::FrameworkAgreement,
        registry_number: Some("SUN 2022/12".into()),
        callers: vec![haninge(), nynashamn()],
        starts_on: date("2022-10-01"),
        ends_on: date("2024-09-30"),
        extension_options: vec![option("2025-09-30"), option("2026-09-30")],
        basis: committee_decision(),
    }
}

fn registered() -> ContractEvent {
    ContractEvent::ContractRegistered(livsmedel_registered())
}

fn register(command: RegisterContract) -> ContractCommand {
    ContractCommand::Register(command)
}

fn extend(extends_to: &str, decided_on: &str) -> ContractCommand {
    ContractCommand::Extend(ExtendContract {
        extends_to: date(extends_to),
        decided_on: date(decided_on),
        basis: committee_decision(),
    })
}

fn extended(extends_to: &str, decided_on: &str) -> ContractEvent {
    ContractEvent::ContractExtended(ContractExtended {
        extends_to: date(extends_to),
        decided_on: date(decided_on),
        basis: committee_decision(),
    })
}

/// The dissolution decided by both councils; the decision itself is illustrative.
fn dissolution_decision() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Haninge".into(),
        decided_on: date("2024-03-18"),
        reference: Some("§ 22".into()),
        registry_number: None,
    }
}

fn to_successor() -> ContractHolder {
    ContractHolder::Cooperation {
        cooperation_id: SUCCESSOR,
    }
}

fn to_nynashamn() -> ContractHolder {
    ContractHolder::Party { party: nynashamn() }
}

fn reassign(
    effective_on: &str,
    holder: ContractHolder,
    callers: Vec<PartyCode>,
    holder_parties: Vec<PartyCode>,
) -> ContractCommand {
    ContractCommand::Reassign(ReassignContract {
        effective_on: date(effective_on),
        holder,
        callers,
        holder_parties,
        basis: dissolution_decision(),
    })
}

fn reassigned(
    effective_on: &str,
    holder: ContractHolder,
    callers: Vec<PartyCode>,
) -> ContractEvent {
    ContractEvent::ContractReassigned(ContractReassigned {
        effective_on: date(effective_on),
        holder,
        callers,
        basis: dissolution_decision(),
    })
}

fn refused_registration(change: impl FnOnce(&mut RegisterContract), error: ContractError) {
    let mut command = register_livsmedel();
    change(&mut command);
    ContractTest::with(())
        .given_no_previous_events()
        .when(register(command))
        .then_expect_error(error);
}

#[test]
fn a_contract_is_registered_with_its_term_options_and_callers() {
    ContractTest::with(())
        .given_no_previous_events()
        .when(register(register_livsmedel()))
        .then_expect_events(vec![registered()]);
}

#[test]
fn texts_are_stored_without_surrounding_blanks() {
    let mut command = register_livsmedel();
    command.title = " Livsmedel\n".into();
    command.supplier = "Menigo Foodservice AB ".into();
    command.registry_number = Some(" SUN 2022/12".into());
    ContractTest::with(())
        .given_no_previous_events()
        .when(register(command))
        .then_expect_events(vec![registered()]);
}

#[test]
fn a_contract_is_registered_once() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(register(register_livsmedel()))
        .then_expect_error(ContractError::AlreadyRegistered);
}

#[test]
fn a_contract_has_a_title_a_category_and_a_supplier() {
    refused_registration(
        |command| command.title = " ".into(),
        ContractError::TitleMissing,
    );
    refused_registration(
        |command| command.category = String::new(),
        ContractError::CategoryMissing,
    );
    refused_registration(
        |command| command.supplier = "\t".into(),
        ContractError::SupplierMissing,
    );
    refused_registration(
        |command| command.registry_number = Some(" ".into()),
        ContractError::RegistryNumberBlank,
    );
}

#[test]
fn distinct_parties_of_the_cooperation_call_off() {
    refused_registration(
        |command| command.callers = Vec::new(),
        ContractError::NoCallers,
    );
    refused_registration(
        |command| command.callers = vec![haninge(), nynashamn(), haninge()],
        ContractError::DuplicateCaller {
            index: 2,
            party: haninge(),
        },
    );
    refused_registration(
        |command| command.callers = vec![haninge(), code("0138")],
        ContractError::CallerNotAParty {
            index: 1,
            party: code("0138"),
        },
    );
}

#[test]
fn a_contract_ends_on_or_after_its_first_day() {
    refused_registration(
        |command| command.ends_on = date("2022-09-30"),
        ContractError::EndsBeforeStart {
            starts_on: date("2022-10-01"),
            ends_on: date("2022-09-30"),
        },
    );
    let mut one_day = register_livsmedel();
    one_day.ends_on = one_day.starts_on;
    one_day.extension_options = Vec::new();
    ContractTest::with(())
        .given_no_previous_events()
        .when(register(one_day))
        .then_expect_events(vec![ContractEvent::ContractRegistered(
            ContractRegistered {
                ends_on: date("2022-10-01"),
                extension_options: Vec::new(),
                ..livsmedel_registered()
            },
        )]);
}

#[test]
fn each_option_extends_beyond_the_end_and_the_option_before() {
    refused_registration(
        |command| command.extension_options = vec![option("2024-09-30")],
        ContractError::OptionNotLater {
            index: 0,
            extends_to: date("2024-09-30"),
            after: date("2024-09-30"),
        },
    );
    refused_registration(
        |command| {
            command.extension_options = vec![
                option("2025-09-30"),
                option("2026-09-30"),
                option("2026-03-31"),
            ]
        },
        ContractError::OptionNotLater {
            index: 2,
            extends_to: date("2026-03-31"),
            after: date("2026-09-30"),
        },
    );
}

#[test]
fn a_registration_rests_on_a_basis_that_can_be_cited() {
    refused_registration(
        |command| {
            command.basis = LegalBasis::ExternalDecision {
                issuer: " ".into(),
                decided_on: date("2022-06-14"),
                reference: None,
                registry_number: None,
            }
        },
        ContractError::Basis(LegalBasisError::IssuerMissing),
    );
}

#[test]
fn an_extension_exercises_the_next_option() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(extend("2025-09-30", "2024-05-14"))
        .then_expect_events(vec![extended("2025-09-30", "2024-05-14")]);
    ContractTest::with(())
        .given(vec![registered(), extended("2025-09-30", "2024-05-14")])
        .when(extend("2026-09-30", "2025-09-30"))
        .then_expect_events(vec![extended("2026-09-30", "2025-09-30")]);
}

#[test]
fn an_extension_must_be_the_next_option() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(extend("2026-09-30", "2024-05-14"))
        .then_expect_error(ContractError::NotTheNextOption {
            extends_to: date("2026-09-30"),
            next: date("2025-09-30"),
        });
    ContractTest::with(())
        .given(vec![registered(), extended("2025-09-30", "2024-05-14")])
        .when(extend("2025-09-30", "2024-06-01"))
        .then_expect_error(ContractError::NotTheNextOption {
            extends_to: date("2025-09-30"),
            next: date("2026-09-30"),
        });
}

#[test]
fn no_extension_is_left_after_the_last_option() {
    ContractTest::with(())
        .given(vec![
            registered(),
            extended("2025-09-30", "2024-05-14"),
            extended("2026-09-30", "2025-05-13"),
        ])
        .when(extend("2027-09-30", "2026-05-12"))
        .then_expect_error(ContractError::NoOptionLeft);
}

#[test]
fn an_expired_contract_cannot_be_extended() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(extend("2025-09-30", "2024-10-01"))
        .then_expect_error(ContractError::ExtendedAfterExpiry {
            decided_on: date("2024-10-01"),
            ends_on: date("2024-09-30"),
        });
    ContractTest::with(())
        .given(vec![registered(), extended("2025-09-30", "2024-05-14")])
        .when(extend("2026-09-30", "2025-10-01"))
        .then_expect_error(ContractError::ExtendedAfterExpiry {
            decided_on: date("2025-10-01"),
            ends_on: date("2025-09-30"),
        });
}

#[test]
fn a_contract_not_registered_cannot_change() {
    ContractTest::with(())
        .given_no_previous_events()
        .when(extend("2025-09-30", "2024-05-14"))
        .then_expect_error(ContractError::NotRegistered);
    ContractTest::with(())
        .given_no_previous_events()
        .when(reassign(
            "2024-07-01",
            to_nynashamn(),
            vec![nynashamn()],
            vec![nynashamn()],
        ))
        .then_expect_error(ContractError::NotRegistered);
    ContractTest::with(())
        .given_no_previous_events()
        .when(ContractCommand::Correct(CorrectContract {
            register: register_livsmedel(),
            reason: "Fel leverantör.".into(),
        }))
        .then_expect_error(ContractError::NotRegistered);
}

#[test]
fn a_contract_moves_to_the_successor_or_to_one_party() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(reassign(
            "2024-07-01",
            to_successor(),
            vec![haninge(), nynashamn()],
            vec![haninge(), nynashamn()],
        ))
        .then_expect_events(vec![reassigned(
            "2024-07-01",
            to_successor(),
            vec![haninge(), nynashamn()],
        )]);
    ContractTest::with(())
        .given(vec![registered()])
        .when(reassign(
            "2024-07-01",
            to_nynashamn(),
            vec![nynashamn()],
            vec![nynashamn()],
        ))
        .then_expect_events(vec![reassigned(
            "2024-07-01",
            to_nynashamn(),
            vec![nynashamn()],
        )]);
}

#[test]
fn a_reassignment_takes_effect_within_the_term_after_its_first_day() {
    let to_nynashamn_from =
        |day: &str| reassign(day, to_nynashamn(), vec![nynashamn()], vec![nynashamn()]);
    ContractTest::with(())
        .given(vec![registered()])
        .when(to_nynashamn_from("2022-10-01"))
        .then_expect_error(ContractError::ReassignedBeforeStart {
            effective_on: date("2022-10-01"),
            starts_on: date("2022-10-01"),
        });
    ContractTest::with(())
        .given(vec![registered()])
        .when(to_nynashamn_from("2024-10-01"))
        .then_expect_error(ContractError::ReassignedAfterEnd {
            effective_on: date("2024-10-01"),
            ends_on: date("2024-09-30"),
        });
    // The last day is within the term, and an extension lengthens it.
    ContractTest::with(())
        .given(vec![registered()])
        .when(to_nynashamn_from("2024-09-30"))
        .then_expect_events(vec![reassigned(
            "2024-09-30",
            to_nynashamn(),
            vec![nynashamn()],
        )]);
    ContractTest::with(())
        .given(vec![registered(), extended("2025-09-30", "2024-05-14")])
        .when(to_nynashamn_from("2025-01-01"))
        .then_expect_events(vec![reassigned(
            "2025-01-01",
            to_nynashamn(),
            vec![nynashamn()],
        )]);
}

#[test]
fn reassignments_follow_one_another_in_time() {
    let to_successor_from = |day: &str| {
        reassign(
            day,
            to_successor(),
            vec![haninge(), nynashamn()],
            vec![haninge(), nynashamn()],
        )
    };
    let given = || {
        vec![
            registered(),
            reassigned("2024-07-01", to_nynashamn(), vec![nynashamn()]),
        ]
    };
    ContractTest::with(())
        .given(given())
        .when(to_successor_from("2024-06-30"))
        .then_expect_error(ContractError::ReassignedBeforeLastReassignment {
            effective_on: date("2024-06-30"),
            last: date("2024-07-01"),
        });
    // On the same day, the later reassignment replaces the earlier one.
    ContractTest::with(())
        .given(given())
        .when(to_successor_from("2024-07-01"))
        .then_expect_events(vec![reassigned(
            "2024-07-01",
            to_successor(),
            vec![haninge(), nynashamn()],
        )]);
}

#[test]
fn the_new_holder_s_own_parties_call_off() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(reassign(
            "2024-07-01",
            to_successor(),
            vec![haninge(), code("0138")],
            vec![haninge(), nynashamn()],
        ))
        .then_expect_error(ContractError::CallerNotOfHolder {
            index: 1,
            party: code("0138"),
        });
    ContractTest::with(())
        .given(vec![registered()])
        .when(reassign(
            "2024-07-01",
            to_successor(),
            vec![nynashamn(), nynashamn()],
            vec![haninge(), nynashamn()],
        ))
        .then_expect_error(ContractError::DuplicateCaller {
            index: 1,
            party: nynashamn(),
        });
    ContractTest::with(())
        .given(vec![registered()])
        .when(reassign(
            "2024-07-01",
            to_successor(),
            Vec::new(),
            vec![haninge(), nynashamn()],
        ))
        .then_expect_error(ContractError::NoCallers);
    for callers in [vec![haninge()], vec![nynashamn(), haninge()], Vec::new()] {
        ContractTest::with(())
            .given(vec![registered()])
            .when(reassign(
                "2024-07-01",
                to_nynashamn(),
                callers,
                vec![nynashamn()],
            ))
            .then_expect_error(ContractError::PartyHolderCallsOffAlone {
                holder: nynashamn(),
            });
    }
}

fn correct(change: impl FnOnce(&mut RegisterContract), reason: &str) -> ContractCommand {
    let mut command = register_livsmedel();
    change(&mut command);
    ContractCommand::Correct(CorrectContract {
        register: command,
        reason: reason.into(),
    })
}

#[test]
fn a_registration_is_corrected_with_a_reason() {
    ContractTest::with(())
        .given(vec![registered()])
        .when(correct(
            |command| command.supplier = "Martin & Servera AB".into(),
            " Leverantören skrevs fel. ",
        ))
        .then_expect_events(vec![ContractEvent::ContractCorrected(ContractCorrected {
            registered: ContractRegistered {
                supplier: "Martin & Servera AB".into(),
                ..livsmedel_registered()
            },
            reason: "Leverantören skrevs fel.".into(),
        })]);
    ContractTest::with(())
        .given(vec![registered()])
        .when(correct(|_| {}, " "))
        .then_expect_error(ContractError::CorrectionReasonMissing);
    ContractTest::with(())
        .given(vec![registered()])
        .when(correct(|command| command.callers = Vec::new(), "Fel."))
        .then_expect_error(ContractError::NoCallers);
}

#[test]
fn a_correction_keeps_the_options_exercised() {
    let given = || vec![registered(), extended("2025-09-30", "2024-05-14")];
    ContractTest::with(())
        .given(given())
        .when(correct(
            |command| command.extension_options = vec![option("2026-09-30")],
            "Optionerna skrevs fel.",
        ))
        .then_expect_error(ContractError::CorrectionDropsExercisedOption {
            extended_to: date("2025-09-30"),
        });
    ContractTest::with(())
        .given(given())
        .when(correct(
            |command| command.extension_options = Vec::new(),
            "Optionerna skrevs fel.",
        ))
        .then_expect_error(ContractError::CorrectionDropsExercisedOption {
            extended_to: date("2025-09-30"),
        });
    // The options not yet exercised may change.
    ContractTest::with(())
        .given(given())
        .when(correct(
            |command| command.extension_options = vec![option("2025-09-30"), option("2027-09-30")],
            "Den andra optionen gäller två år.",
        ))
        .then_expect_events(vec![ContractEvent::ContractCorrected(ContractCorrected {
            registered: ContractRegistered {
                extension_options: vec![option("2025-09-30"), option("2027-09-30")],
                ..livsmedel_registered()
            },
            reason: "Den andra optionen gäller två år.".into(),
        })]);
}

#[test]
fn a_correction_keeps_the_reassignments_within_the_term() {
    let given = || {
        vec![
            registered(),
            reassigned("2024-07-01", to_nynashamn(), vec![nynashamn()]),
        ]
    };
    ContractTest::with(())
        .given(given())
        .when(correct(
            |command| command.starts_on = date("2024-07-01"),
            "Avtalet började senare.",
        ))
        .then_expect_error(ContractError::CorrectionLeavesReassignmentOutside {
            field: "starts_on",
            effective_on: date("2024-07-01"),
        });
    ContractTest::with(())
        .given(given())
        .when(correct(
            |command| command.ends_on = date("2024-06-30"),
            "Avtalet slutade tidigare.",
        ))
        .then_expect_error(ContractError::CorrectionLeavesReassignmentOutside {
            field: "ends_on",
            effective_on: date("2024-07-01"),
        });
}

#[test]
fn the_contract_answers_its_term_holder_and_callers_on_any_day() {
    let mut contract = Contract::default();
    assert_eq!(contract.cooperation_id(), None);
    assert_eq!(contract.title(), None);
    assert_eq!(contract.ends_on(), None);
    assert_eq!(contract.latest_possible_end(), None);
    assert_eq!(contract.holder_on(date("2023-01-01")), None);
    assert_eq!(contract.callers_on(date("2023-01-01")), Vec::new());

    contract.apply(registered());
    let sodertorn = ContractHolder::Cooperation {
        cooperation_id: SODERTORN,
    };
    assert_eq!(contract.cooperation_id(), Some(SODERTORN));
    assert_eq!(contract.title(), Some("Livsmedel"));
    assert_eq!(contract.starts_on(), Some(date("2022-10-01")));
    assert_eq!(contract.ends_on(), Some(date("2024-09-30")));
    assert_eq!(contract.latest_possible_end(), Some(date("2026-09-30")));
    assert_eq!(
        contract.options_remaining(),
        vec![option("2025-09-30"), option("2026-09-30")]
    );
    assert_eq!(contract.holder_on(date("2022-09-30")), None);
    assert_eq!(
        contract.holder_on(date("2022-10-01")),
        Some(sodertorn.clone())
    );
    assert_eq!(
        contract.callers_on(date("2024-09-30")),
        vec![haninge(), nynashamn()]
    );
    assert_eq!(contract.holder_on(date("2024-10-01")), None);
    assert_eq!(contract.callers_on(date("2024-10-01")), Vec::new());

    contract.apply(extended("2025-09-30", "2024-05-14"));
    contract.apply(reassigned(
        "2024-07-01",
        to_successor(),
        vec![haninge(), nynashamn()],
    ));
    contract.apply(reassigned("2025-01-01", to_nynashamn(), vec![nynashamn()]));
    assert_eq!(contract.ends_on(), Some(date("2025-09-30")));
    assert_eq!(contract.latest_possible_end(), Some(date("2026-09-30")));
    assert_eq!(contract.options_remaining(), vec![option("2026-09-30")]);
    assert_eq!(contract.holder_on(date("2024-06-30")), Some(sodertorn));
    assert_eq!(contract.holder_on(date("2024-07-01")), Some(to_successor()));
    assert_eq!(contract.holder_on(date("2025-01-01")), Some(to_nynashamn()));
    assert_eq!(contract.callers_on(date("2025-09-30")), vec![nynashamn()]);
    assert_eq!(contract.holder_on(date("2025-10-01")), None);

    // A correction replaces the registration; the extension and reassignments stay.
    contract.apply(ContractEvent::ContractCorrected(ContractCorrected {
        registered: ContractRegistered {
            cooperation_id: SUCCESSOR,
            title: "Livsmedel 2022".into(),
            callers: vec![haninge()],
            extension_options: vec![option("2025-09-30")],
            ..livsmedel_registered()
        },
        reason: "Fel samverkan.".into(),
    }));
    assert_eq!(contract.cooperation_id(), Some(SUCCESSOR));
    assert_eq!(contract.title(), Some("Livsmedel 2022"));
    assert_eq!(contract.ends_on(), Some(date("2025-09-30")));
    assert_eq!(contract.latest_possible_end(), Some(date("2025-09-30")));
    assert_eq!(contract.options_remaining(), Vec::new());
    assert_eq!(contract.callers_on(date("2023-01-01")), vec![haninge()]);
    assert_eq!(contract.holder_on(date("2025-01-01")), Some(to_nynashamn()));
}

#[test]
fn every_error_names_its_field_and_rule() {
    let day = date("2024-07-01");
    let cases = [
        (
            ContractError::AlreadyRegistered,
            "contract_id",
            "contract.registered_once",
        ),
        (
            ContractError::NotRegistered,
            "contract_id",
            "contract.is_registered",
        ),
        (ContractError::TitleMissing, "title", "contract.titled"),
        (
            ContractError::CategoryMissing,
            "category",
            "contract.categorised",
        ),
        (
            ContractError::SupplierMissing,
            "supplier",
            "contract.supplier_named",
        ),
        (
            ContractError::RegistryNumberBlank,
            "registry_number",
            "contract.registry_number_is_not_blank",
        ),
        (ContractError::NoCallers, "callers", "contract.has_a_caller"),
        (
            ContractError::DuplicateCaller {
                index: 2,
                party: haninge(),
            },
            "callers[2]",
            "contract.callers_are_distinct",
        ),
        (
            ContractError::CallerNotAParty {
                index: 1,
                party: haninge(),
            },
            "callers[1]",
            "contract.caller_is_a_party",
        ),
        (
            ContractError::EndsBeforeStart {
                starts_on: day,
                ends_on: day,
            },
            "ends_on",
            "contract.term_forwards",
        ),
        (
            ContractError::OptionNotLater {
                index: 1,
                extends_to: day,
                after: day,
            },
            "extension_options[1].extends_to",
            "contract.options_extend_in_order",
        ),
        (
            ContractError::NoOptionLeft,
            "extends_to",
            "contract.extends_by_an_option",
        ),
        (
            ContractError::NotTheNextOption {
                extends_to: day,
                next: day,
            },
            "extends_to",
            "contract.extends_by_the_next_option",
        ),
        (
            ContractError::ExtendedAfterExpiry {
                decided_on: day,
                ends_on: day,
            },
            "decided_on",
            "contract.extends_before_expiry",
        ),
        (
            ContractError::ReassignedBeforeStart {
                effective_on: day,
                starts_on: day,
            },
            "effective_on",
            "contract.reassigned_after_start",
        ),
        (
            ContractError::ReassignedAfterEnd {
                effective_on: day,
                ends_on: day,
            },
            "effective_on",
            "contract.reassigned_within_term",
        ),
        (
            ContractError::ReassignedBeforeLastReassignment {
                effective_on: day,
                last: day,
            },
            "effective_on",
            "contract.reassignments_in_order",
        ),
        (
            ContractError::CallerNotOfHolder {
                index: 0,
                party: haninge(),
            },
            "callers[0]",
            "contract.caller_is_of_the_holder",
        ),
        (
            ContractError::PartyHolderCallsOffAlone { holder: haninge() },
            "callers",
            "contract.party_holder_calls_off_alone",
        ),
        (
            ContractError::CorrectionDropsExercisedOption { extended_to: day },
            "extension_options",
            "contract.correction_keeps_exercised_options",
        ),
        (
            ContractError::CorrectionLeavesReassignmentOutside {
                field: "ends_on",
                effective_on: day,
            },
            "ends_on",
            "contract.correction_keeps_reassignments_in_term",
        ),
        (
            ContractError::CorrectionReasonMissing,
            "reason",
            "contract.correction_gives_reason",
        ),
        (
            ContractError::Basis(LegalBasisError::IssuerMissing),
            "basis.issuer",
            "legal_basis.issuer_is_named",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

#[test]
fn a_correction_cites_the_basis_of_the_corrected_registration() {
    use crate::CitesBasis;

    let correction = correct(|_| {}, "Fel.");
    assert_eq!(
        correction.basis(),
        Some(("register.basis", &committee_decision()))
    );
    assert_eq!(
        extend("2025-09-30", "2024-05-14").basis(),
        Some(("basis", &committee_decision()))
    );
}

#[test]
fn events_are_stored_as_version_one_under_their_names() {
    let events = [
        (registered(), "ContractRegistered"),
        (extended("2025-09-30", "2024-05-14"), "ContractExtended"),
        (
            reassigned("2024-07-01", to_nynashamn(), vec![nynashamn()]),
            "ContractReassigned",
        ),
        (
            ContractEvent::ContractCorrected(ContractCorrected {
                registered: livsmedel_registered(),
                reason: "Fel.".into(),
            }),
            "ContractCorrected",
        ),
    ];
    for (event, name) in events {
        assert_eq!(
            (event.event_type(), event.event_version()),
            (name.to_owned(), "1".to_owned())
        );
    }
}

/// Version 1 of the stored format, written out by hand: if this stops loading, old logs stop
/// loading, so change the code, not this text.
#[test]
fn version_one_contract_registered_keeps_loading() {
    let stored = r#"{"ContractRegistered":{"cooperation_id":"00000000-0000-0000-0000-000000000003","title":"Livsmedel","category":"Livsmedel och dagligvaror","supplier":"Menigo Foodservice AB","kind":"framework_agreement","registry_number":"SUN 2022/12","callers":["0136","0192"],"starts_on":"2022-10-01","ends_on":"2024-09-30","extension_options":[{"extends_to":"2025-09-30"},{"extends_to":"2026-09-30"}],"basis":{"kind":"external_decision","issuer":"Södertörns upphandlingsnämnd","decided_on":"2022-06-14","reference":"§ 41","registry_number":"SUN 2022/12"}}}"#;
    let event: ContractEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, registered());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_contract_extended_keeps_loading() {
    let stored = r#"{"ContractExtended":{"extends_to":"2025-09-30","decided_on":"2024-05-14","basis":{"kind":"external_decision","issuer":"Södertörns upphandlingsnämnd","decided_on":"2022-06-14","reference":"§ 41","registry_number":"SUN 2022/12"}}}"#;
    let event: ContractEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, extended("2025-09-30", "2024-05-14"));
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_contract_reassigned_keeps_loading() {
    let stored = r#"{"ContractReassigned":{"effective_on":"2024-07-01","holder":{"kind":"cooperation","cooperation_id":"00000000-0000-0000-0000-000000000031"},"callers":["0136","0192"],"basis":{"kind":"external_decision","issuer":"Kommunfullmäktige Haninge","decided_on":"2024-03-18","reference":"§ 22","registry_number":null}}}"#;
    let event: ContractEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        reassigned("2024-07-01", to_successor(), vec![haninge(), nynashamn()])
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);

    let stored = r#"{"ContractReassigned":{"effective_on":"2024-07-01","holder":{"kind":"party","party":"0192"},"callers":["0192"],"basis":{"kind":"external_decision","issuer":"Kommunfullmäktige Haninge","decided_on":"2024-03-18","reference":"§ 22","registry_number":null}}}"#;
    let event: ContractEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        reassigned("2024-07-01", to_nynashamn(), vec![nynashamn()])
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_contract_corrected_keeps_loading() {
    let stored = r#"{"ContractCorrected":{"registered":{"cooperation_id":"00000000-0000-0000-0000-000000000003","title":"Kontorsmaterial","category":"Kontorsmaterial","supplier":"Lyreco Sverige AB","kind":"contract","registry_number":null,"callers":["0136"],"starts_on":"2021-04-01","ends_on":"2025-03-31","extension_options":[],"basis":{"kind":"decision","decision_id":"00000000-0000-0000-0000-000000000041"}},"reason":"Endast Haninge avropar."}}"#;
    let event: ContractEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        ContractEvent::ContractCorrected(ContractCorrected {
            registered: ContractRegistered {
                cooperation_id: SODERTORN,
                title: "Kontorsmaterial".into(),
                category: "Kontorsmaterial".into(),
                supplier: "Lyreco Sverige AB".into(),
                kind: ContractKind::Contract,
                registry_number: None,
                callers: vec![haninge()],
                starts_on: date("2021-04-01"),
                ends_on: date("2025-03-31"),
                extension_options: Vec::new(),
                basis: LegalBasis::Decision {
                    decision_id: Uuid::from_u128(0x41),
                },
            },
            reason: "Endast Haninge avropar.".into(),
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
