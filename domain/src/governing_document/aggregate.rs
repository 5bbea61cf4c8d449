use std::collections::BTreeSet;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AdoptDocument, AmendDocument, Clause, ClauseChange, CorrectVersion, DocumentAdopted,
    DocumentAmended, DocumentKind, GoverningDocumentCommand, GoverningDocumentError,
    GoverningDocumentEvent, VersionCorrected,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};

/// Every version of a document, in order; version N is `versions[N - 1]`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct GoverningDocument {
    /// The cooperation and kind as adopted; `None` until the document is adopted. Kept so that
    /// an allocation key can be checked against the agreement it names.
    #[serde(default)]
    adopted: Option<Adoption>,
    versions: Vec<Version>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Adoption {
    cooperation_id: Uuid,
    kind: DocumentKind,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Version {
    effective_on: NaiveDate,
    clauses: Vec<Clause>,
}

impl GoverningDocument {
    /// The version in force on `date`: the latest that took effect on or before it.
    pub fn version_in_force(&self, date: NaiveDate) -> Option<u32> {
        let in_force = self
            .versions
            .iter()
            .rposition(|version| version.effective_on <= date)?;
        u32::try_from(in_force + 1).ok()
    }

    /// The clauses of `version`, in document order.
    pub fn clauses(&self, version: u32) -> Option<&[Clause]> {
        let index = usize::try_from(version).ok()?.checked_sub(1)?;
        self.versions
            .get(index)
            .map(|version| version.clauses.as_slice())
    }

    /// The cooperation the document governs, once adopted.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.adopted.map(|adopted| adopted.cooperation_id)
    }

    /// The kind of document, once adopted.
    pub fn kind(&self) -> Option<DocumentKind> {
        self.adopted.map(|adopted| adopted.kind)
    }

    /// How many versions the document has: the adoption and one per amendment.
    pub fn version_count(&self) -> u32 {
        self.latest()
    }

    fn latest(&self) -> u32 {
        u32::try_from(self.versions.len()).unwrap_or(u32::MAX)
    }
}

impl Aggregate for GoverningDocument {
    const TYPE: &'static str = "GoverningDocument";
    type Command = GoverningDocumentCommand;
    type Event = GoverningDocumentEvent;
    type Error = GoverningDocumentError;
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
        match event {
            GoverningDocumentEvent::DocumentAdopted(adopted) => {
                self.adopted = Some(Adoption {
                    cooperation_id: adopted.cooperation_id,
                    kind: adopted.kind,
                });
                self.versions = vec![Version {
                    effective_on: adopted.effective_on,
                    clauses: adopted.clauses,
                }];
            }
            GoverningDocumentEvent::VersionCorrected(corrected) => {
                let index = usize::try_from(corrected.version)
                    .ok()
                    .and_then(|version| version.checked_sub(1));
                if let Some(version) = index.and_then(|index| self.versions.get_mut(index)) {
                    version.effective_on = corrected.effective_on;
                    if let Some(clauses) = corrected.clauses {
                        version.clauses = clauses;
                    }
                }
            }
            GoverningDocumentEvent::DocumentAmended(amended) => {
                let Some(amended_version) = self.versions.last() else {
                    return;
                };
                let clauses = apply_changes(&amended_version.clauses, &amended.changes);
                self.versions.push(Version {
                    effective_on: amended.effective_on,
                    clauses,
                });
            }
        }
    }
}

impl Decide for GoverningDocument {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            GoverningDocumentCommand::Adopt(command) => self.adopt(command),
            GoverningDocumentCommand::Amend(command) => self.amend(command),
            GoverningDocumentCommand::CorrectVersion(command) => self.correct_version(command),
        }
    }
}

/// The clauses after `changes`: replaced in place, removed, or inserted at the end. Public so that
/// read models compute an amended version's full text exactly as the document itself does.
pub fn apply_changes(clauses: &[Clause], changes: &[ClauseChange]) -> Vec<Clause> {
    let mut result = clauses.to_vec();
    for change in changes {
        match change {
            ClauseChange::Replace { number, text } => {
                if let Some(clause) = result.iter_mut().find(|clause| &clause.number == number) {
                    clause.text.clone_from(text);
                }
            }
            ClauseChange::Insert { number, text } => result.push(Clause {
                number: number.clone(),
                text: text.clone(),
            }),
            ClauseChange::Remove { number } => result.retain(|clause| &clause.number != number),
        }
    }
    result
}

impl GoverningDocument {
    fn adopt(
        &self,
        command: AdoptDocument,
    ) -> Result<GoverningDocumentEvent, GoverningDocumentError> {
        if !self.versions.is_empty() {
            return Err(GoverningDocumentError::AlreadyAdopted);
        }
        let title = command.title.trim();
        if title.is_empty() {
            return Err(GoverningDocumentError::TitleMissing);
        }
        if command.effective_on < command.cooperation_established_on {
            return Err(GoverningDocumentError::EffectiveBeforeCooperation {
                effective_on: command.effective_on,
                cooperation_established_on: command.cooperation_established_on,
            });
        }
        check_clauses(&command.clauses)?;
        command
            .basis
            .validate()
            .map_err(GoverningDocumentError::Basis)?;
        Ok(GoverningDocumentEvent::DocumentAdopted(DocumentAdopted {
            cooperation_id: command.cooperation_id,
            kind: command.kind,
            title: title.to_owned(),
            effective_on: command.effective_on,
            clauses: command.clauses,
            basis: command.basis,
        }))
    }

    fn amend(
        &self,
        command: AmendDocument,
    ) -> Result<GoverningDocumentEvent, GoverningDocumentError> {
        let latest = self.latest();
        if latest == 0 {
            return Err(GoverningDocumentError::NotAdopted);
        }
        if command.amends_version == 0 || command.amends_version > latest {
            return Err(GoverningDocumentError::UnknownVersion {
                version: command.amends_version,
                latest,
            });
        }
        if command.amends_version < latest {
            return Err(GoverningDocumentError::AmendsSupersededVersion {
                version: command.amends_version,
                latest,
            });
        }
        let amended = self
            .versions
            .last()
            .ok_or(GoverningDocumentError::NotAdopted)?;
        if command.effective_on < amended.effective_on {
            return Err(GoverningDocumentError::EffectiveBeforeAmendedVersion {
                effective_on: command.effective_on,
                version: latest,
                version_effective_on: amended.effective_on,
            });
        }
        if command.changes.is_empty() {
            return Err(GoverningDocumentError::NoChanges);
        }
        let mut numbers: BTreeSet<&str> = amended
            .clauses
            .iter()
            .map(|clause| clause.number.as_str())
            .collect();
        for (index, change) in command.changes.iter().enumerate() {
            if let ClauseChange::Replace { number, text } | ClauseChange::Insert { number, text } =
                change
            {
                check_clause_text(text, number, format!("changes[{index}].text"))?;
            }
            match change {
                ClauseChange::Replace { number, .. } | ClauseChange::Remove { number } => {
                    let present = if matches!(change, ClauseChange::Remove { .. }) {
                        numbers.remove(number.as_str())
                    } else {
                        numbers.contains(number.as_str())
                    };
                    if !present {
                        return Err(GoverningDocumentError::UnknownClause {
                            index,
                            number: number.clone(),
                            version: latest,
                        });
                    }
                }
                ClauseChange::Insert { number, .. } => {
                    if number.trim().is_empty() {
                        return Err(GoverningDocumentError::ClauseNumberInvalid {
                            field: format!("changes[{index}].number"),
                            number: number.clone(),
                        });
                    }
                    if !numbers.insert(number.as_str()) {
                        return Err(GoverningDocumentError::ClauseExists {
                            index,
                            number: number.clone(),
                        });
                    }
                }
            }
        }
        command
            .basis
            .validate()
            .map_err(GoverningDocumentError::Basis)?;
        Ok(GoverningDocumentEvent::DocumentAmended(DocumentAmended {
            version: latest + 1,
            amends_version: latest,
            effective_on: command.effective_on,
            changes: command.changes,
            basis: command.basis,
        }))
    }

    fn correct_version(
        &self,
        command: CorrectVersion,
    ) -> Result<GoverningDocumentEvent, GoverningDocumentError> {
        let latest = self.latest();
        if latest == 0 {
            return Err(GoverningDocumentError::NotAdopted);
        }
        if command.version == 0 || command.version > latest {
            return Err(GoverningDocumentError::UnknownVersion {
                version: command.version,
                latest,
            });
        }
        let reason = correction_reason(
            &command.reason,
            GoverningDocumentError::CorrectionReasonMissing,
        )?;
        let index = (command.version - 1) as usize;
        let after_previous = index
            .checked_sub(1)
            .and_then(|previous| self.versions.get(previous))
            .is_none_or(|previous| previous.effective_on <= command.effective_on);
        let before_next = self
            .versions
            .get(index + 1)
            .is_none_or(|next| command.effective_on <= next.effective_on);
        if !after_previous || !before_next {
            return Err(GoverningDocumentError::VersionOutOfOrder {
                version: command.version,
                effective_on: command.effective_on,
            });
        }
        if let Some(clauses) = &command.clauses {
            if command.version != latest {
                return Err(GoverningDocumentError::ClausesOfSupersededVersion {
                    version: command.version,
                    latest,
                });
            }
            check_clauses(clauses)?;
        }
        command
            .basis
            .validate()
            .map_err(GoverningDocumentError::Basis)?;
        Ok(GoverningDocumentEvent::VersionCorrected(VersionCorrected {
            version: command.version,
            effective_on: command.effective_on,
            clauses: command.clauses,
            reason: reason.to_owned(),
            basis: command.basis,
        }))
    }
}

/// A document's clauses, each with a number used once and a text that says something. A
/// document may have none: one cited without its text (seed 000's owner directive) is recorded
/// by its title alone.
fn check_clauses(clauses: &[Clause]) -> Result<(), GoverningDocumentError> {
    let mut numbers = BTreeSet::new();
    for (index, clause) in clauses.iter().enumerate() {
        if clause.number.trim().is_empty() || !numbers.insert(clause.number.as_str()) {
            return Err(GoverningDocumentError::ClauseNumberInvalid {
                field: format!("clauses[{index}].number"),
                number: clause.number.clone(),
            });
        }
        check_clause_text(
            &clause.text,
            &clause.number,
            format!("clauses[{index}].text"),
        )?;
    }
    Ok(())
}

/// A clause's text, new or replaced, must not be blank.
fn check_clause_text(
    text: &str,
    number: &str,
    field: String,
) -> Result<(), GoverningDocumentError> {
    if text.trim().is_empty() {
        return Err(GoverningDocumentError::ClauseTextBlank {
            field,
            number: number.to_owned(),
        });
    }
    Ok(())
}
