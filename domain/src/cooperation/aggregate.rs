use std::collections::BTreeSet;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{
    AdmitParty, CooperationCommand, CooperationError, CooperationEstablished, CooperationEvent,
    EstablishCooperation, PartyJoined,
};
use crate::PartyCode;

/// The state a cooperation needs to decide its next command; nothing more.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cooperation {
    established: Option<Established>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Established {
    established_on: NaiveDate,
    parties: BTreeSet<PartyCode>,
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
        let event = match command {
            CooperationCommand::Establish(command) => self.establish(command)?,
            CooperationCommand::AdmitParty(command) => self.admit_party(command)?,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            CooperationEvent::CooperationEstablished(established) => {
                self.established = Some(Established {
                    established_on: established.established_on,
                    parties: established.parties.into_iter().collect(),
                });
            }
            CooperationEvent::PartyJoined(joined) => {
                if let Some(established) = &mut self.established {
                    established.parties.insert(joined.party);
                }
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
        command.basis.validate().map_err(CooperationError::Basis)?;
        Ok(CooperationEvent::CooperationEstablished(
            CooperationEstablished {
                name: name.to_owned(),
                form: command.form,
                host: command.host,
                parties: command.parties,
                established_on: command.established_on,
                basis: command.basis,
            },
        ))
    }

    fn admit_party(&self, command: AdmitParty) -> Result<CooperationEvent, CooperationError> {
        let established = self
            .established
            .as_ref()
            .ok_or(CooperationError::NotEstablished)?;
        if established.parties.contains(&command.party) {
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
}
