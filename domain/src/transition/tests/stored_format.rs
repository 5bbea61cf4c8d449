//! Version 1 of the stored format, written out by hand: if one of these stops loading, old logs
//! stop loading, so change the code, not this text.

use super::*;

/// The stored text loads as `expected` and is written back byte for byte.
fn keeps_loading(stored: &str, expected: TransitionEvent) {
    let event: TransitionEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, expected);
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_transition_planned_keeps_loading() {
    let stored = r#"{"TransitionPlanned":{"cooperation_id":"00000000-0000-0000-0000-000000000004","cooperation_form":"joint_committee","cooperation_parties":["04","19"],"successor":{"form":"contract_based","cooperation":{"cooperation_id":"00000000-0000-0000-0000-000000002027","name":"Avtalssamverkan inköp Sörmland–Västmanland","host":"04","parties":["04","19"],"agreement":null}},"effective_on":"2027-01-01","steps":[{"key":"study-and-report","title":"Utreda samverkansformer och rapportera","responsible":"19","due_on":"2025-10-31","depends_on":[],"blocking":true},{"key":"council-decisions","title":"Varje parts fullmäktige beslutar om upplösning och datum","responsible":null,"due_on":null,"depends_on":["study-and-report"],"blocking":true}],"basis":{"kind":"external_decision","issuer":"Regionstyrelsen Västmanland","decided_on":"2025-05-06","reference":"§103","registry_number":null}}}"#;
    let mut study = contract_based_steps()[0].clone();
    study.responsible = Some(code("19"));
    study.due_on = Some(date("2025-10-31"));
    keeps_loading(
        stored,
        TransitionEvent::TransitionPlanned(TransitionPlanned {
            cooperation_id: INKOPSNAMNDEN,
            cooperation_form: CooperationForm::JointCommittee,
            cooperation_parties: regions(),
            successor: successor(None),
            effective_on: date("2027-01-01"),
            steps: vec![study, contract_based_steps()[1].clone()],
            basis: commission(),
        }),
    );
}

#[test]
fn version_one_successor_revised_keeps_loading() {
    let stored = r#"{"SuccessorRevised":{"successor":{"form":"contract_based","cooperation":{"cooperation_id":"00000000-0000-0000-0000-000000002027","name":"Avtalssamverkan inköp Sörmland–Västmanland","host":"04","parties":["04","19"],"agreement":{"document_id":"00000000-0000-0000-0000-000000000a9e","title":"Samverkansavtal om inköpsverksamhet","clauses":[{"number":"§ 1","text":"Region Sörmland utför inköpsverksamhet åt Region Västmanland."},{"number":"§ 5","text":"Kostnaderna fördelas till hälften på vardera region, med vissa undantag."}]}}},"basis":{"kind":"external_decision","issuer":"Styrgruppen för inköpssamverkan Sörmland–Västmanland","decided_on":"2026-03-31","reference":null,"registry_number":null}}}"#;
    keeps_loading(stored, agreement_drafted());
}

#[test]
fn version_one_successor_revised_to_each_party_on_its_own_keeps_loading() {
    let stored = r#"{"SuccessorRevised":{"successor":{"form":"each_party_on_its_own","cooperation":null},"basis":{"kind":"document_clause","document_id":"00000000-0000-0000-0000-000000000a9e","version":1,"clause":"§ 12 Ikraftträdande"}}}"#;
    keeps_loading(
        stored,
        TransitionEvent::SuccessorRevised(SuccessorRevised {
            successor: SuccessorPlan {
                form: SuccessorForm::EachPartyOnItsOwn,
                cooperation: None,
            },
            basis: entry_into_force(),
        }),
    );
}

#[test]
fn version_one_transition_rescheduled_keeps_loading() {
    let stored = r#"{"TransitionRescheduled":{"effective_on":"2027-07-01","basis":{"kind":"decision","decision_id":"00000000-0000-0000-0000-00000000d103"}}}"#;
    keeps_loading(
        stored,
        TransitionEvent::TransitionRescheduled(TransitionRescheduled {
            effective_on: date("2027-07-01"),
            basis: LegalBasis::Decision {
                decision_id: Uuid::from_u128(0xD103),
            },
        }),
    );
}

#[test]
fn version_one_step_added_keeps_loading() {
    let stored = r#"{"StepAdded":{"step":{"key":"procurement-contacts","title":"Utse kontaktperson för inköp hos varje region","responsible":"19","due_on":"2026-06-30","depends_on":["new-agreement","staff"],"blocking":false}}}"#;
    keeps_loading(
        stored,
        TransitionEvent::StepAdded(StepAdded {
            step: StepDefinition {
                key: key("procurement-contacts"),
                title: "Utse kontaktperson för inköp hos varje region".into(),
                responsible: Some(code("19")),
                due_on: Some(date("2026-06-30")),
                depends_on: vec![key("new-agreement"), key("staff")],
                blocking: false,
            },
        }),
    );
}

#[test]
fn version_one_step_revised_keeps_loading() {
    let stored = r#"{"StepRevised":{"step":{"key":"archives","title":"Arkiv: avslutade ärenden levereras, öppna ärenden avslutas och återöppnas med hänvisning","responsible":"04","due_on":"2026-12-15","depends_on":["council-decisions"],"blocking":true}}}"#;
    let mut archives = contract_based_steps()[9].clone();
    archives.responsible = Some(code("04"));
    archives.due_on = Some(date("2026-12-15"));
    archives.blocking = true;
    keeps_loading(
        stored,
        TransitionEvent::StepRevised(StepRevised { step: archives }),
    );
}

#[test]
fn version_one_step_status_set_keeps_loading() {
    let stored = r#"{"StepStatusSet":{"step":"staff","status":"not_applicable","on":"2025-12-15","basis":{"kind":"external_decision","issuer":"Styrgruppen för inköpssamverkan Sörmland–Västmanland","decided_on":"2025-12-15","reference":null,"registry_number":null}}}"#;
    keeps_loading(
        stored,
        status("staff", StepStatus::NotApplicable, "2025-12-15"),
    );
}

#[test]
fn version_one_contract_disposition_decided_keeps_loading() {
    let stored = r#"{"ContractDispositionDecided":{"contract_id":"00000000-0000-0000-0000-00000000c004","disposition":{"kind":"procured_again_by","party":"04"},"decided_on":"2026-05-31","basis":{"kind":"external_decision","issuer":"Styrgruppen för inköpssamverkan Sörmland–Västmanland","decided_on":"2026-05-31","reference":null,"registry_number":null}}}"#;
    keeps_loading(
        stored,
        disposed(
            OFFICE_SUPPLIES,
            ContractDisposition::ProcuredAgainBy { party: code("04") },
            "2026-05-31",
        ),
    );
    // The other dispositions, as they are stored inside the same event.
    let dispositions = [
        (
            r#"{"kind":"continues_jointly"}"#,
            ContractDisposition::ContinuesJointly,
        ),
        (
            r#"{"kind":"moves_to_party","party":"19"}"#,
            ContractDisposition::MovesToParty { party: code("19") },
        ),
        (
            r#"{"kind":"ends_at_expiry"}"#,
            ContractDisposition::EndsAtExpiry,
        ),
    ];
    for (stored, expected) in dispositions {
        let disposition: ContractDisposition = serde_json::from_str(stored).unwrap();
        assert_eq!(disposition, expected);
        assert_eq!(serde_json::to_string(&disposition).unwrap(), stored);
    }
}

#[test]
fn version_one_obligation_mapped_keeps_loading() {
    let stored = r#"{"ObligationMapped":{"obligation_id":"00000000-0000-0000-0000-000000000b03","mapping":{"kind":"moves_to_party","party":"04","successor_obligation_id":"00000000-0000-0000-0000-000000001b03"},"decided_on":"2026-09-30","basis":{"kind":"external_decision","issuer":"Styrgruppen för inköpssamverkan Sörmland–Västmanland","decided_on":"2026-09-30","reference":null,"registry_number":null}}}"#;
    keeps_loading(
        stored,
        mapped(
            ARCHIVES,
            ObligationMapping::MovesToParty {
                party: code("04"),
                successor_obligation_id: ARCHIVES_FOR_SORMLAND,
            },
            "2026-09-30",
        ),
    );
    let mappings = [
        (
            r#"{"kind":"carried_to_successor","successor_obligation_id":"00000000-0000-0000-0000-000000001b01"}"#,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
            },
        ),
        (r#"{"kind":"ends"}"#, ObligationMapping::Ends),
    ];
    for (stored, expected) in mappings {
        let mapping: ObligationMapping = serde_json::from_str(stored).unwrap();
        assert_eq!(mapping, expected);
        assert_eq!(serde_json::to_string(&mapping).unwrap(), stored);
    }
}

#[test]
fn version_one_party_decision_recorded_keeps_loading() {
    let stored = r#"{"PartyDecisionRecorded":{"party":"04","decided_on":"2025-11-25","basis":{"kind":"external_decision","issuer":"Regionfullmäktige Sörmland","decided_on":"2025-11-25","reference":"§ 140","registry_number":null}}}"#;
    keeps_loading(stored, party_decided("04", "2025-11-25"));
}

#[test]
fn version_one_transition_carried_out_keeps_loading() {
    let stored = r#"{"TransitionCarriedOut":{"carried_out_on":"2027-01-02","effective_on":"2027-01-01","successor_cooperation_id":"00000000-0000-0000-0000-000000002027","basis":{"kind":"document_clause","document_id":"00000000-0000-0000-0000-000000000a9e","version":1,"clause":"§ 12 Ikraftträdande"}}}"#;
    keeps_loading(stored, carried_out("2027-01-02"));
}

#[test]
fn every_event_is_stored_under_its_own_type_at_version_one() {
    use cqrs_es::DomainEvent;
    let events = [
        planned(),
        agreement_drafted(),
        TransitionEvent::TransitionRescheduled(TransitionRescheduled {
            effective_on: date("2027-07-01"),
            basis: entry_into_force(),
        }),
        TransitionEvent::StepAdded(StepAdded {
            step: contract_mapping_step(),
        }),
        TransitionEvent::StepRevised(StepRevised {
            step: contract_mapping_step(),
        }),
        status("staff", StepStatus::Done, "2026-06-30"),
        disposed(FUEL, ContractDisposition::EndsAtExpiry, "2026-05-31"),
        mapped(FEES, ObligationMapping::Ends, "2026-09-30"),
        party_decided("19", "2025-11-18"),
        carried_out("2027-01-02"),
    ];
    let types: Vec<(String, String)> = events
        .iter()
        .map(|event| (event.event_type(), event.event_version()))
        .collect();
    let expected: Vec<(String, String)> = [
        "TransitionPlanned",
        "SuccessorRevised",
        "TransitionRescheduled",
        "StepAdded",
        "StepRevised",
        "StepStatusSet",
        "ContractDispositionDecided",
        "ObligationMapped",
        "PartyDecisionRecorded",
        "TransitionCarriedOut",
    ]
    .iter()
    .map(|name| ((*name).to_owned(), "1".to_owned()))
    .collect();
    assert_eq!(types, expected);
}
