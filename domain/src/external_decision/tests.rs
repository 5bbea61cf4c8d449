use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;
use uuid::Uuid;

use super::*;
use crate::{PartyCode, RuleViolation};

type ExternalDecisionTest = TestFramework<ExternalDecision>;

const RS_103: Uuid = Uuid::from_u128(0x2025_0506_0103);
const KF_MORA: Uuid = Uuid::from_u128(0x2019_1125);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Seed 004: the regional executive board of Region Västmanland (19) commissioned the report on
/// other forms of cooperation; the registry number is illustrative.
fn rs_103() -> ExternalDecisionDetails {
    ExternalDecisionDetails {
        issuer: "RS".into(),
        issuer_party: Some(code("19")),
        decided_on: date("2025-05-06"),
        paragraph: Some("§103".into()),
        registry_number: Some("RS 2025/103".into()),
        subject: "Uppdrag att redovisa alternativa samverkansformer för inköpsverksamheten".into(),
    }
}

/// Seed 002: Mora's council decided a new procurement organisation with Orsa and Älvdalen.
fn kf_mora() -> ExternalDecisionDetails {
    ExternalDecisionDetails {
        issuer: "KF Mora".into(),
        issuer_party: Some(code("2062")),
        decided_on: date("2019-11-25"),
        paragraph: None,
        registry_number: None,
        subject: "Ny upphandlingsorganisation".into(),
    }
}

fn record(details: ExternalDecisionDetails) -> ExternalDecisionCommand {
    ExternalDecisionCommand::Record(RecordExternalDecision {
        decision_id: RS_103,
        details,
    })
}

fn recorded() -> ExternalDecisionEvent {
    ExternalDecisionEvent::ExternalDecisionRecorded(ExternalDecisionRecorded {
        decision_id: RS_103,
        details: rs_103(),
    })
}

fn correct(corrected: ExternalDecisionDetails, reason: &str) -> ExternalDecisionCommand {
    ExternalDecisionCommand::Correct(CorrectExternalDecision {
        corrected,
        reason: reason.into(),
    })
}

/// The seed with the subject that should have been recorded.
fn rs_103_corrected() -> ExternalDecisionDetails {
    ExternalDecisionDetails {
        subject:
            "Uppdrag att tillsammans med Region Sörmland redovisa alternativa samverkansformer"
                .into(),
        ..rs_103()
    }
}

#[test]
fn an_external_decision_is_recorded_with_its_texts_trimmed() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(ExternalDecisionDetails {
            issuer: " RS ".into(),
            paragraph: Some(" §103 ".into()),
            registry_number: Some(" RS 2025/103\n".into()),
            subject: "\tUppdrag att redovisa alternativa samverkansformer för inköpsverksamheten "
                .into(),
            ..rs_103()
        }))
        .then_expect_events(vec![recorded()]);
}

#[test]
fn an_external_decision_of_a_court_names_no_party_and_no_paragraph() {
    // An illustrative judgment: no seed records a court's decision.
    let verdict = ExternalDecisionDetails {
        issuer: "Förvaltningsrätten i Falun".into(),
        issuer_party: None,
        decided_on: date("2020-03-02"),
        paragraph: None,
        registry_number: None,
        subject: "Laglighetsprövning avslås".into(),
    };
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(verdict.clone()))
        .then_expect_events(vec![ExternalDecisionEvent::ExternalDecisionRecorded(
            ExternalDecisionRecorded {
                decision_id: RS_103,
                details: verdict,
            },
        )]);
}

#[test]
fn an_external_decision_is_recorded_once() {
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(record(rs_103()))
        .then_expect_error(ExternalDecisionError::AlreadyRecorded);
}

#[test]
fn an_external_decision_names_its_issuer() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(ExternalDecisionDetails {
            issuer: " ".into(),
            ..rs_103()
        }))
        .then_expect_error(ExternalDecisionError::IssuerMissing);
}

#[test]
fn an_external_decision_says_what_was_decided() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(ExternalDecisionDetails {
            subject: "".into(),
            ..rs_103()
        }))
        .then_expect_error(ExternalDecisionError::SubjectMissing);
}

#[test]
fn a_paragraph_is_left_out_or_given_but_never_blank() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(ExternalDecisionDetails {
            paragraph: Some("  ".into()),
            ..rs_103()
        }))
        .then_expect_error(ExternalDecisionError::ParagraphBlank);
}

#[test]
fn a_registry_number_is_left_out_or_given_but_never_blank() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(record(ExternalDecisionDetails {
            registry_number: Some("".into()),
            ..rs_103()
        }))
        .then_expect_error(ExternalDecisionError::RegistryNumberBlank);
}

#[test]
fn an_external_decision_is_corrected_with_a_reason() {
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(
            ExternalDecisionDetails {
                subject: format!(" {} ", rs_103_corrected().subject),
                ..rs_103()
            },
            " Ärendemeningen skrevs av fel. ",
        ))
        .then_expect_events(vec![ExternalDecisionEvent::ExternalDecisionCorrected(
            ExternalDecisionCorrected {
                decision_id: RS_103,
                corrected: rs_103_corrected(),
                reason: "Ärendemeningen skrevs av fel.".into(),
            },
        )]);
}

#[test]
fn a_correction_needs_a_recorded_decision() {
    ExternalDecisionTest::with(())
        .given_no_previous_events()
        .when(correct(rs_103_corrected(), "Ärendemeningen skrevs av fel."))
        .then_expect_error(ExternalDecisionError::NotRecorded);
}

#[test]
fn a_correction_says_why_the_original_was_wrong() {
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(rs_103_corrected(), " "))
        .then_expect_error(ExternalDecisionError::CorrectionReasonMissing);
}

#[test]
fn a_correction_keeps_the_rules_of_a_record() {
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(
            ExternalDecisionDetails {
                issuer: "".into(),
                ..rs_103()
            },
            "Fel organ.",
        ))
        .then_expect_error(ExternalDecisionError::IssuerMissing);
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(
            ExternalDecisionDetails {
                paragraph: Some(" ".into()),
                ..rs_103()
            },
            "Fel paragraf.",
        ))
        .then_expect_error(ExternalDecisionError::ParagraphBlank);
}

#[test]
fn a_correction_that_changes_nothing_is_refused() {
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(rs_103(), "Kontrolläst."))
        .then_expect_error(ExternalDecisionError::CorrectionChangesNothing);
    ExternalDecisionTest::with(())
        .given(vec![recorded()])
        .when(correct(
            ExternalDecisionDetails {
                issuer: " RS ".into(),
                ..rs_103()
            },
            "Blanksteg.",
        ))
        .then_expect_error(ExternalDecisionError::CorrectionChangesNothing);
}

#[test]
fn a_decision_is_cited_by_issuer_and_date_then_paragraph() {
    assert_eq!(rs_103().citation(), "RS 2025-05-06 §103");
    assert_eq!(kf_mora().citation(), "KF Mora 2019-11-25");

    let mut mora = ExternalDecision::default();
    assert_eq!(mora.citation(), None);
    assert_eq!(mora.details(), None);
    mora.apply(ExternalDecisionEvent::ExternalDecisionRecorded(
        ExternalDecisionRecorded {
            decision_id: KF_MORA,
            details: kf_mora(),
        },
    ));
    assert_eq!(mora.citation().as_deref(), Some("KF Mora 2019-11-25"));
    assert_eq!(mora.details(), Some(&kf_mora()));
}

#[test]
fn the_citation_after_a_correction_shows_the_corrected_text() {
    // An illustrative correction: seed 002's decision was not in fact corrected.
    let corrected = ExternalDecisionDetails {
        issuer: "KS Mora".into(),
        paragraph: Some("§ 12".into()),
        ..kf_mora()
    };
    let mut mora = ExternalDecision::default();
    mora.apply(ExternalDecisionEvent::ExternalDecisionRecorded(
        ExternalDecisionRecorded {
            decision_id: KF_MORA,
            details: kf_mora(),
        },
    ));
    mora.apply(ExternalDecisionEvent::ExternalDecisionCorrected(
        ExternalDecisionCorrected {
            decision_id: KF_MORA,
            corrected: corrected.clone(),
            reason: "Illustrativ rättelse.".into(),
        },
    ));
    assert_eq!(mora.citation().as_deref(), Some("KS Mora 2019-11-25 § 12"));
    assert_eq!(mora.details(), Some(&corrected));
}

#[test]
fn every_error_names_its_field_and_rule() {
    let cases = [
        (
            ExternalDecisionError::AlreadyRecorded,
            "decision_id",
            "external_decision.recorded_once",
        ),
        (
            ExternalDecisionError::NotRecorded,
            "decision_id",
            "external_decision.is_recorded",
        ),
        (
            ExternalDecisionError::IssuerMissing,
            "issuer",
            "external_decision.issuer_is_named",
        ),
        (
            ExternalDecisionError::SubjectMissing,
            "subject",
            "external_decision.has_a_subject",
        ),
        (
            ExternalDecisionError::ParagraphBlank,
            "paragraph",
            "external_decision.paragraph_is_not_blank",
        ),
        (
            ExternalDecisionError::RegistryNumberBlank,
            "registry_number",
            "external_decision.registry_number_is_not_blank",
        ),
        (
            ExternalDecisionError::CorrectionReasonMissing,
            "reason",
            "external_decision.correction_gives_reason",
        ),
        (
            ExternalDecisionError::CorrectionChangesNothing,
            "corrected",
            "external_decision.correction_changes_something",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

#[test]
fn events_are_named_by_their_variant_at_version_one() {
    use cqrs_es::DomainEvent;

    let corrected = ExternalDecisionEvent::ExternalDecisionCorrected(ExternalDecisionCorrected {
        decision_id: RS_103,
        corrected: rs_103_corrected(),
        reason: "Ärendemeningen skrevs av fel.".into(),
    });
    assert_eq!(
        (recorded().event_type(), recorded().event_version()),
        ("ExternalDecisionRecorded".to_owned(), "1".to_owned())
    );
    assert_eq!(
        (corrected.event_type(), corrected.event_version()),
        ("ExternalDecisionCorrected".to_owned(), "1".to_owned())
    );
}

/// Version 1 of the stored format, written out by hand: if this stops loading, old logs stop
/// loading, so change the code, not this text.
#[test]
fn version_one_external_decision_recorded_keeps_loading() {
    let stored = r#"{"ExternalDecisionRecorded":{"decision_id":"00000000-0000-0000-0000-202505060103","details":{"issuer":"RS","issuer_party":"19","decided_on":"2025-05-06","paragraph":"§103","registry_number":"RS 2025/103","subject":"Uppdrag att redovisa alternativa samverkansformer för inköpsverksamheten"}}}"#;
    let event: ExternalDecisionEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, recorded());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
