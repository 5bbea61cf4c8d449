use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    CorrectExternalDecision, ExternalDecisionCommand, ExternalDecisionCorrected,
    ExternalDecisionDetails, ExternalDecisionError, ExternalDecisionEvent,
    ExternalDecisionRecorded, RecordExternalDecision,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};

/// The state a decision of an outside body needs to decide its next command, and to be cited.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ExternalDecision {
    recorded: Option<Recorded>,
}

/// The decision as the register now holds it: the latest correction, or else the record.
#[derive(Debug, Serialize, Deserialize)]
struct Recorded {
    decision_id: Uuid,
    details: ExternalDecisionDetails,
}

impl ExternalDecision {
    /// The decision as the register now holds it, corrections included; `None` until recorded.
    pub fn details(&self) -> Option<&ExternalDecisionDetails> {
        self.recorded.as_ref().map(|recorded| &recorded.details)
    }

    /// How the decision is cited, such as "RS 2025-05-06 §103", from its corrected details when
    /// it was corrected; `None` until recorded.
    pub fn citation(&self) -> Option<String> {
        self.details().map(ExternalDecisionDetails::citation)
    }
}

impl Aggregate for ExternalDecision {
    const TYPE: &'static str = "ExternalDecision";
    type Command = ExternalDecisionCommand;
    type Event = ExternalDecisionEvent;
    type Error = ExternalDecisionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        handle_by_deciding(self, command, sink).await
    }

    fn apply(&mut self, event: Self::Event) {
        self.recorded = Some(match event {
            ExternalDecisionEvent::ExternalDecisionRecorded(recorded) => Recorded {
                decision_id: recorded.decision_id,
                details: recorded.details,
            },
            ExternalDecisionEvent::ExternalDecisionCorrected(corrected) => Recorded {
                decision_id: corrected.decision_id,
                details: corrected.corrected,
            },
        });
    }
}

impl Decide for ExternalDecision {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            ExternalDecisionCommand::Record(command) => self.record(command),
            ExternalDecisionCommand::Correct(command) => self.correct(command),
        }
    }
}

impl ExternalDecision {
    fn record(
        &self,
        command: RecordExternalDecision,
    ) -> Result<ExternalDecisionEvent, ExternalDecisionError> {
        if self.recorded.is_some() {
            return Err(ExternalDecisionError::AlreadyRecorded);
        }
        Ok(ExternalDecisionEvent::ExternalDecisionRecorded(
            ExternalDecisionRecorded {
                decision_id: command.decision_id,
                details: checked_details(command.details)?,
            },
        ))
    }

    fn correct(
        &self,
        command: CorrectExternalDecision,
    ) -> Result<ExternalDecisionEvent, ExternalDecisionError> {
        let recorded = self
            .recorded
            .as_ref()
            .ok_or(ExternalDecisionError::NotRecorded)?;
        let corrected = checked_details(command.corrected)?;
        let reason = correction_reason(
            &command.reason,
            ExternalDecisionError::CorrectionReasonMissing,
        )?;
        // Compared after trimming, so that a correction of blanks alone, which would not change
        // what is cited, is refused rather than logged as a rättelse.
        if corrected == recorded.details {
            return Err(ExternalDecisionError::CorrectionChangesNothing);
        }
        Ok(ExternalDecisionEvent::ExternalDecisionCorrected(
            ExternalDecisionCorrected {
                decision_id: recorded.decision_id,
                corrected,
                reason: reason.to_owned(),
            },
        ))
    }
}

/// The rules a decision's details keep, whether first recorded or corrected; the details come
/// back with their texts trimmed, as they are stored.
fn checked_details(
    details: ExternalDecisionDetails,
) -> Result<ExternalDecisionDetails, ExternalDecisionError> {
    let issuer = details.issuer.trim();
    if issuer.is_empty() {
        return Err(ExternalDecisionError::IssuerMissing);
    }
    let paragraph = optional_text(details.paragraph, ExternalDecisionError::ParagraphBlank)?;
    let registry_number = optional_text(
        details.registry_number,
        ExternalDecisionError::RegistryNumberBlank,
    )?;
    let subject = details.subject.trim();
    if subject.is_empty() {
        return Err(ExternalDecisionError::SubjectMissing);
    }
    Ok(ExternalDecisionDetails {
        issuer: issuer.to_owned(),
        issuer_party: details.issuer_party,
        decided_on: details.decided_on,
        paragraph,
        registry_number,
        subject: subject.to_owned(),
    })
}

/// An optional text trimmed; `blank` when it is given but says nothing, since a blank paragraph
/// or registry number would print as a citation with a gap where the reference should be.
fn optional_text(
    text: Option<String>,
    blank: ExternalDecisionError,
) -> Result<Option<String>, ExternalDecisionError> {
    match text.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Err(blank),
        Some(text) => Ok(Some(text.to_owned())),
    }
}
