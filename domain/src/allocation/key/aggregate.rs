use std::collections::BTreeSet;

use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AdoptAllocationKey, AllocationKeyAdopted, AllocationKeyCommand, AllocationKeyCorrected,
    AllocationKeyError, AllocationKeyEvent, AllocationMethod, CorrectAllocationKey,
    WHOLE_IN_BASIS_POINTS,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::governing_document::DocumentKind;

/// The state an allocation key needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct AllocationKey {
    adopted: Option<Adopted>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Adopted {
    cooperation_id: Uuid,
    document_id: Uuid,
    document_version: u32,
}

impl AllocationKey {
    /// The cooperation the key splits costs for, or `None` before it is adopted.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.adopted.as_ref().map(|adopted| adopted.cooperation_id)
    }

    /// The agreement and version the key belongs to, as last adopted or corrected.
    pub fn agreement_version(&self) -> Option<(Uuid, u32)> {
        self.adopted
            .as_ref()
            .map(|adopted| (adopted.document_id, adopted.document_version))
    }
}

impl Aggregate for AllocationKey {
    const TYPE: &'static str = "AllocationKey";
    type Command = AllocationKeyCommand;
    type Event = AllocationKeyEvent;
    type Error = AllocationKeyError;
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
        let adopted = match event {
            AllocationKeyEvent::AllocationKeyAdopted(adopted) => adopted,
            AllocationKeyEvent::AllocationKeyCorrected(corrected) => corrected.adopted,
        };
        self.adopted = Some(Adopted {
            cooperation_id: adopted.cooperation_id,
            document_id: adopted.document_id,
            document_version: adopted.document_version,
        });
    }
}

impl Decide for AllocationKey {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            AllocationKeyCommand::Adopt(command) => {
                if self.adopted.is_some() {
                    return Err(AllocationKeyError::AlreadyAdopted);
                }
                Ok(AllocationKeyEvent::AllocationKeyAdopted(checked_key(
                    command,
                )?))
            }
            AllocationKeyCommand::Correct(command) => self.correct(command),
        }
    }
}

impl AllocationKey {
    fn correct(
        &self,
        command: CorrectAllocationKey,
    ) -> Result<AllocationKeyEvent, AllocationKeyError> {
        if self.adopted.is_none() {
            return Err(AllocationKeyError::NotAdopted);
        }
        let reason =
            correction_reason(&command.reason, AllocationKeyError::CorrectionReasonMissing)?;
        Ok(AllocationKeyEvent::AllocationKeyCorrected(
            AllocationKeyCorrected {
                adopted: checked_key(command.adopt)?,
                reason: reason.to_owned(),
            },
        ))
    }
}

/// The rules a key keeps, whether first adopted or corrected.
fn checked_key(command: AdoptAllocationKey) -> Result<AllocationKeyAdopted, AllocationKeyError> {
    let document = &command.document;
    if document.cooperation_id != command.cooperation_id {
        return Err(AllocationKeyError::DocumentOfAnotherCooperation {
            document_id: command.document_id,
            document_cooperation_id: document.cooperation_id,
        });
    }
    if document.kind != DocumentKind::CooperationAgreement {
        return Err(AllocationKeyError::NotACooperationAgreement {
            kind: document.kind,
        });
    }
    if command.document_version == 0 || command.document_version > document.versions {
        return Err(AllocationKeyError::UnknownDocumentVersion {
            version: command.document_version,
            versions: document.versions,
        });
    }
    if let AllocationMethod::FixedShares { shares } = &command.method {
        let mut given = BTreeSet::new();
        for (index, share) in shares.iter().enumerate() {
            if !command.cooperation_parties.contains(&share.party) {
                return Err(AllocationKeyError::NotAParty {
                    field: format!("method.shares[{index}].party"),
                    party: share.party.clone(),
                });
            }
            if !given.insert(&share.party) {
                return Err(AllocationKeyError::ShareGivenTwice {
                    index,
                    party: share.party.clone(),
                });
            }
        }
        if let Some(party) = command
            .cooperation_parties
            .iter()
            .find(|party| !given.contains(party))
        {
            return Err(AllocationKeyError::PartyWithoutShare {
                party: party.clone(),
            });
        }
        let sum: u64 = shares
            .iter()
            .map(|share| u64::from(share.basis_points))
            .sum();
        if sum != u64::from(WHOLE_IN_BASIS_POINTS) {
            return Err(AllocationKeyError::SharesNotWhole { sum });
        }
    }
    let mut lines = BTreeSet::new();
    let mut exceptions = Vec::with_capacity(command.exceptions.len());
    for (index, exception) in command.exceptions.into_iter().enumerate() {
        let line = exception.line.trim();
        if line.is_empty() {
            return Err(AllocationKeyError::ExceptionLineMissing { index });
        }
        if !command.cooperation_parties.contains(&exception.party) {
            return Err(AllocationKeyError::NotAParty {
                field: format!("exceptions[{index}].party"),
                party: exception.party,
            });
        }
        if !lines.insert(line.to_owned()) {
            return Err(AllocationKeyError::ExceptionLineTwice {
                index,
                line: line.to_owned(),
            });
        }
        exceptions.push(super::NamedException {
            line: line.to_owned(),
            party: exception.party,
        });
    }
    // Checked after the key's own terms, so that a caller sees what is wrong with the key
    // before being told the version already has one.
    if let Some(key_id) = command.other_keys_of_version.first() {
        return Err(AllocationKeyError::VersionAlreadyHasKey {
            version: command.document_version,
            key_id: *key_id,
        });
    }
    command
        .basis
        .validate()
        .map_err(AllocationKeyError::Basis)?;
    Ok(AllocationKeyAdopted {
        cooperation_id: command.cooperation_id,
        document_id: command.document_id,
        document_version: command.document_version,
        parties: command.cooperation_parties,
        method: command.method,
        exceptions,
        basis: command.basis,
    })
}
