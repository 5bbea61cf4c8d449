use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{
    AdmitParty, CooperationCommand, CooperationError, CooperationEstablished, CooperationEvent,
    CooperationForm, CorrectEstablishment, DecideDissolution, DissolutionDecided,
    EstablishCooperation, EstablishmentCorrected, PartyJoined,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::PartyCode;

/// The state a cooperation needs to decide its next command; nothing more.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cooperation {
    established: Option<Established>,
    /// The form as established or last corrected; callers read it to fill in the facts of
    /// commands on the cooperation's bodies.
    #[serde(default)]
    form: Option<CooperationForm>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Established {
    established_on: NaiveDate,
    founding_parties: BTreeSet<PartyCode>,
    joined: BTreeMap<PartyCode, NaiveDate>,
    dissolution: Option<Dissolution>,
}

impl Established {
    fn is_party(&self, party: &PartyCode) -> bool {
        self.founding_parties.contains(party) || self.joined.contains_key(party)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Dissolution {
    decided_on: NaiveDate,
    effective_on: NaiveDate,
}

/// Where a cooperation stands on a date (valid time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CooperationStatus {
    /// Before its establishment.
    NotYetEstablished,
    Active,
    /// Its dissolution is decided and not yet in effect.
    Dissolving,
    Dissolved,
}

impl Cooperation {
    /// The day the cooperation was established, once it is.
    pub fn established_on(&self) -> Option<NaiveDate> {
        self.established
            .as_ref()
            .map(|established| established.established_on)
    }

    /// Every party the cooperation has had: its founders and those admitted since.
    pub fn parties(&self) -> Vec<PartyCode> {
        let Some(established) = &self.established else {
            return Vec::new();
        };
        let mut parties: BTreeSet<PartyCode> = established.founding_parties.clone();
        parties.extend(established.joined.keys().cloned());
        parties.into_iter().collect()
    }

    /// The first day without the cooperation, once its dissolution is recorded.
    pub fn dissolution_effective_on(&self) -> Option<NaiveDate> {
        self.established
            .as_ref()
            .and_then(|established| established.dissolution)
            .map(|dissolution| dissolution.effective_on)
    }

    /// The form of cooperation, once it is established.
    pub fn form(&self) -> Option<CooperationForm> {
        self.form
    }

    /// The cooperation's status on `date`.
    pub fn status_on(&self, date: NaiveDate) -> CooperationStatus {
        let Some(established) = &self.established else {
            return CooperationStatus::NotYetEstablished;
        };
        if date < established.established_on {
            return CooperationStatus::NotYetEstablished;
        }
        match established.dissolution {
            Some(dissolution) if date >= dissolution.effective_on => CooperationStatus::Dissolved,
            Some(dissolution) if date >= dissolution.decided_on => CooperationStatus::Dissolving,
            _ => CooperationStatus::Active,
        }
    }
}

impl Aggregate for Cooperation {
    const TYPE: &'static str = "Cooperation";
    type Command = CooperationCommand;
    type Event = CooperationEvent;
    type Error = CooperationError;
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
            CooperationEvent::CooperationEstablished(established) => {
                self.form = Some(established.form);
                self.established = Some(Established {
                    established_on: established.established_on,
                    founding_parties: established.parties.into_iter().collect(),
                    joined: BTreeMap::new(),
                    dissolution: None,
                });
            }
            CooperationEvent::PartyJoined(joined) => {
                if let Some(established) = &mut self.established {
                    established.joined.insert(joined.party, joined.joins_on);
                }
            }
            CooperationEvent::EstablishmentCorrected(corrected) => {
                self.form = Some(corrected.established.form);
                if let Some(established) = &mut self.established {
                    established.established_on = corrected.established.established_on;
                    established.founding_parties =
                        corrected.established.parties.into_iter().collect();
                }
            }
            CooperationEvent::DissolutionDecided(decided) => {
                if let Some(established) = &mut self.established {
                    established.dissolution = Some(Dissolution {
                        decided_on: decided.decided_on,
                        effective_on: decided.effective_on,
                    });
                }
            }
        }
    }
}

impl Decide for Cooperation {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            CooperationCommand::Establish(command) => self.establish(command),
            CooperationCommand::AdmitParty(command) => self.admit_party(command),
            CooperationCommand::DecideDissolution(command) => self.decide_dissolution(command),
            CooperationCommand::CorrectEstablishment(command) => {
                self.correct_establishment(command)
            }
        }
    }
}

impl Cooperation {
    fn establish(
        &self,
        command: EstablishCooperation,
    ) -> Result<CooperationEvent, CooperationError> {
        if self.established.is_some() {
            return Err(CooperationError::AlreadyEstablished);
        }
        Ok(CooperationEvent::CooperationEstablished(
            checked_establishment(command)?,
        ))
    }

    /// A corrected establishment must still fit what happened after it: parties that joined
    /// later are not founders, and nobody joined, nor did the cooperation dissolve, before it.
    fn correct_establishment(
        &self,
        command: CorrectEstablishment,
    ) -> Result<CooperationEvent, CooperationError> {
        let current = self
            .established
            .as_ref()
            .ok_or(CooperationError::NotEstablished)?;
        let reason = correction_reason(&command.reason, CooperationError::CorrectionReasonMissing)?;
        let corrected = checked_establishment(command.establish)?;
        if let Some(party) = corrected
            .parties
            .iter()
            .find(|party| current.joined.contains_key(*party))
        {
            return Err(CooperationError::FounderJoinedLater {
                party: party.clone(),
            });
        }
        if let Some(joins_on) = current.joined.values().min() {
            if *joins_on < corrected.established_on {
                return Err(CooperationError::JoinsBeforeEstablishment {
                    joins_on: *joins_on,
                    established_on: corrected.established_on,
                });
            }
        }
        if let Some(dissolution) = current.dissolution {
            if dissolution.effective_on <= corrected.established_on {
                return Err(CooperationError::DissolvedBeforeEstablishment {
                    effective_on: dissolution.effective_on,
                    established_on: corrected.established_on,
                });
            }
        }
        Ok(CooperationEvent::EstablishmentCorrected(
            EstablishmentCorrected {
                established: corrected,
                reason: reason.to_owned(),
            },
        ))
    }

    fn admit_party(&self, command: AdmitParty) -> Result<CooperationEvent, CooperationError> {
        let established = self
            .established
            .as_ref()
            .ok_or(CooperationError::NotEstablished)?;
        if established.is_party(&command.party) {
            return Err(CooperationError::AlreadyAParty {
                party: command.party,
            });
        }
        if command.joins_on < established.established_on {
            return Err(CooperationError::JoinsBeforeEstablishment {
                joins_on: command.joins_on,
                established_on: established.established_on,
            });
        }
        command.basis.validate().map_err(CooperationError::Basis)?;
        Ok(CooperationEvent::PartyJoined(PartyJoined {
            party: command.party,
            joins_on: command.joins_on,
            basis: command.basis,
        }))
    }

    fn decide_dissolution(
        &self,
        command: DecideDissolution,
    ) -> Result<CooperationEvent, CooperationError> {
        let established = self
            .established
            .as_ref()
            .ok_or(CooperationError::NotEstablished)?;
        if let Some(dissolution) = established.dissolution {
            return Err(CooperationError::DissolutionAlreadyDecided {
                effective_on: dissolution.effective_on,
            });
        }
        if command.effective_on <= established.established_on {
            return Err(CooperationError::DissolvedBeforeEstablishment {
                effective_on: command.effective_on,
                established_on: established.established_on,
            });
        }
        command.bases.validate().map_err(CooperationError::Bases)?;
        Ok(CooperationEvent::DissolutionDecided(DissolutionDecided {
            decided_on: command.decided_on,
            effective_on: command.effective_on,
            successor: command.successor,
            bases: command.bases,
        }))
    }
}

/// The rules an establishment keeps, whether first recorded or corrected.
fn checked_establishment(
    command: EstablishCooperation,
) -> Result<CooperationEstablished, CooperationError> {
    let name = command.name.trim();
    if name.is_empty() {
        return Err(CooperationError::NameMissing);
    }
    if command.parties.len() < 2 {
        return Err(CooperationError::TooFewParties {
            count: command.parties.len(),
        });
    }
    let mut seen = BTreeSet::new();
    for (index, party) in command.parties.iter().enumerate() {
        if !seen.insert(party) {
            return Err(CooperationError::DuplicateParty {
                index,
                party: party.clone(),
            });
        }
    }
    if !seen.contains(&command.host) {
        return Err(CooperationError::HostNotAParty { host: command.host });
    }
    command.bases.validate().map_err(CooperationError::Bases)?;
    Ok(CooperationEstablished {
        name: name.to_owned(),
        form: command.form,
        host: command.host,
        parties: command.parties,
        established_on: command.established_on,
        predecessor: command.predecessor,
        bases: command.bases,
    })
}
