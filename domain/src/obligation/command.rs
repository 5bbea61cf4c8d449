use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{Closure, Creditor, Due, ObligationKind};
use crate::{DateRange, LegalBasis, PartyCode};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObligationCommand {
    Record(RecordObligation),
    Close(CloseObligation),
    Correct(CorrectObligation),
}

/// Records what a party owes under a cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordObligation {
    pub cooperation_id: Uuid,
    /// Fact: the cooperation's parties when the obligation begins.
    pub cooperation_parties: Vec<PartyCode>,
    pub debtor: PartyCode,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    pub description: String,
    pub period: DateRange,
    pub due: Due,
    pub basis: LegalBasis,
}

/// Closes an open obligation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CloseObligation {
    pub closure: Closure,
    pub on: NaiveDate,
    /// Fact: the cooperation's parties on `on`, for a transfer.
    pub cooperation_parties: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// Corrects an obligation recorded wrongly (rättelse): `record` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectObligation {
    pub record: RecordObligation,
    pub reason: String,
}

impl crate::CitesBasis for ObligationCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            ObligationCommand::Record(command) => Some(("basis", &command.basis)),
            ObligationCommand::Close(command) => Some(("basis", &command.basis)),
            ObligationCommand::Correct(command) => Some(("record.basis", &command.record.basis)),
        }
    }
}
