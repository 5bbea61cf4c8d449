use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    BodyCommand, BodyDissolved, BodyError, BodyEstablished, BodyEstablishmentCorrected, BodyEvent,
    BodyKind, CorrectBodyEstablishment, DissolveBody, EstablishBody,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};

/// The state a body needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Body {
    /// The cooperation and kind as established or last corrected, for the facts that commands
    /// on the body's members carry.
    #[serde(default)]
    cooperation_id: Option<Uuid>,
    #[serde(default)]
    kind: Option<BodyKind>,
    name: Option<String>,
    established_on: Option<NaiveDate>,
    dissolved_after: Option<NaiveDate>,
}

impl Body {
    /// The body's name as established, or as last corrected.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The cooperation the body belongs to, once it is established.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.cooperation_id
    }

    /// What kind of body it is, once it is established.
    pub fn kind(&self) -> Option<BodyKind> {
        self.kind
    }

    /// The day the body was established, as recorded or last corrected.
    pub fn established_on(&self) -> Option<NaiveDate> {
        self.established_on
    }

    /// The body's last day, once its dissolution is recorded.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.dissolved_after
    }

    /// Whether the body exists on `date`: established on or before it, and not dissolved before.
    pub fn exists_on(&self, date: NaiveDate) -> bool {
        self.established_on
            .is_some_and(|established_on| established_on <= date)
            && self.dissolved_after.is_none_or(|last_day| date <= last_day)
    }
}

impl Aggregate for Body {
    const TYPE: &'static str = "Body";
    type Command = BodyCommand;
    type Event = BodyEvent;
    type Error = BodyError;
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
            BodyEvent::BodyEstablished(established) => {
                self.cooperation_id = Some(established.cooperation_id);
                self.kind = Some(established.kind);
                self.name = Some(established.name);
                self.established_on = Some(established.established_on);
            }
            BodyEvent::BodyEstablishmentCorrected(corrected) => {
                self.cooperation_id = Some(corrected.established.cooperation_id);
                self.kind = Some(corrected.established.kind);
                self.name = Some(corrected.established.name);
                self.established_on = Some(corrected.established.established_on);
            }
            BodyEvent::BodyDissolved(dissolved) => {
                self.dissolved_after = Some(dissolved.last_day);
            }
        }
    }
}

impl Decide for Body {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            BodyCommand::Establish(command) => self.establish(command),
            BodyCommand::Dissolve(command) => self.dissolve(command),
            BodyCommand::CorrectEstablishment(command) => self.correct_establishment(command),
        }
    }
}

impl Body {
    fn establish(&self, command: EstablishBody) -> Result<BodyEvent, BodyError> {
        if self.established_on.is_some() {
            return Err(BodyError::AlreadyEstablished);
        }
        Ok(BodyEvent::BodyEstablished(checked_establishment(command)?))
    }

    fn correct_establishment(
        &self,
        command: CorrectBodyEstablishment,
    ) -> Result<BodyEvent, BodyError> {
        if self.established_on.is_none() {
            return Err(BodyError::NotEstablished);
        }
        let reason = correction_reason(&command.reason, BodyError::CorrectionReasonMissing)?;
        let established = checked_establishment(command.establish)?;
        if let Some(last_day) = self.dissolved_after {
            if last_day < established.established_on {
                return Err(BodyError::DissolvedBeforeEstablished {
                    last_day,
                    established_on: established.established_on,
                });
            }
        }
        Ok(BodyEvent::BodyEstablishmentCorrected(
            BodyEstablishmentCorrected {
                established,
                reason: reason.to_owned(),
            },
        ))
    }

    fn dissolve(&self, command: DissolveBody) -> Result<BodyEvent, BodyError> {
        let established_on = self.established_on.ok_or(BodyError::NotEstablished)?;
        if let Some(last_day) = self.dissolved_after {
            return Err(BodyError::AlreadyDissolved { last_day });
        }
        if command.last_day < established_on {
            return Err(BodyError::DissolvedBeforeEstablished {
                last_day: command.last_day,
                established_on,
            });
        }
        command.bases.validate().map_err(BodyError::Bases)?;
        Ok(BodyEvent::BodyDissolved(BodyDissolved {
            last_day: command.last_day,
            bases: command.bases,
        }))
    }
}

/// The rules an establishment keeps, whether first recorded or corrected.
fn checked_establishment(command: EstablishBody) -> Result<BodyEstablished, BodyError> {
    let name = command.name.trim();
    if name.is_empty() {
        return Err(BodyError::NameMissing);
    }
    if command.established_on < command.cooperation_established_on {
        return Err(BodyError::EstablishedBeforeCooperation {
            established_on: command.established_on,
            cooperation_established_on: command.cooperation_established_on,
        });
    }
    command.basis.validate().map_err(BodyError::Basis)?;
    Ok(BodyEstablished {
        cooperation_id: command.cooperation_id,
        kind: command.kind,
        name: name.to_owned(),
        established_on: command.established_on,
        basis: command.basis,
    })
}
