use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{
    CorrectPopulation, PartyCommand, PartyError, PartyEvent, PartyKind, PartyRegistered,
    PopulationCommand, PopulationCorrected, PopulationError, PopulationEvent, PopulationRecorded,
    RecordPopulation, RegisterParty,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::PartyCode;

/// A party; its stream id is its official code.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Party {
    registered: Option<PartyCode>,
}

impl Aggregate for Party {
    const TYPE: &'static str = "Party";
    type Command = PartyCommand;
    type Event = PartyEvent;
    type Error = PartyError;
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
        let PartyEvent::PartyRegistered(registered) = event;
        self.registered = Some(registered.code);
    }
}

impl Decide for Party {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        let PartyCommand::Register(command) = command;
        self.register(command)
    }
}

impl Party {
    fn register(&self, command: RegisterParty) -> Result<PartyEvent, PartyError> {
        if let Some(code) = &self.registered {
            return Err(PartyError::AlreadyRegistered { code: code.clone() });
        }
        let name = command.name.trim();
        if name.is_empty() {
            return Err(PartyError::NameMissing);
        }
        Ok(PartyEvent::PartyRegistered(PartyRegistered {
            kind: PartyKind::of(&command.code),
            code: command.code,
            name: name.to_owned(),
        }))
    }
}

/// One party's population on one reference date.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PopulationFigure {
    current: Option<(u32, String)>,
}

impl PopulationFigure {
    /// The id of the stream that holds `party`'s population on `reference_date`.
    pub fn stream_id(party: &PartyCode, reference_date: NaiveDate) -> String {
        format!("{party}:{reference_date}")
    }
}

impl Aggregate for PopulationFigure {
    const TYPE: &'static str = "PopulationFigure";
    type Command = PopulationCommand;
    type Event = PopulationEvent;
    type Error = PopulationError;
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
        self.current = Some(match event {
            PopulationEvent::PopulationRecorded(recorded) => (recorded.population, recorded.source),
            PopulationEvent::PopulationCorrected(corrected) => {
                (corrected.population, corrected.source)
            }
        });
    }
}

impl Decide for PopulationFigure {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            PopulationCommand::Record(command) => self.record(command),
            PopulationCommand::Correct(command) => self.correct(command),
        }
    }
}

fn check_figure(population: u32, source: &str) -> Result<(), PopulationError> {
    if population == 0 {
        return Err(PopulationError::PopulationZero);
    }
    if source.trim().is_empty() {
        return Err(PopulationError::SourceMissing);
    }
    Ok(())
}

impl PopulationFigure {
    fn record(&self, command: RecordPopulation) -> Result<PopulationEvent, PopulationError> {
        if self.current.is_some() {
            return Err(PopulationError::AlreadyRecorded);
        }
        check_figure(command.population, &command.source)?;
        Ok(PopulationEvent::PopulationRecorded(PopulationRecorded {
            party: command.party,
            reference_date: command.reference_date,
            population: command.population,
            source: command.source.trim().to_owned(),
        }))
    }

    fn correct(&self, command: CorrectPopulation) -> Result<PopulationEvent, PopulationError> {
        let (population, source) = self.current.as_ref().ok_or(PopulationError::NotRecorded)?;
        check_figure(command.population, &command.source)?;
        let reason = correction_reason(&command.reason, PopulationError::CorrectionReasonMissing)?;
        if command.population == *population && command.source.trim() == source {
            return Err(PopulationError::CorrectionChangesNothing);
        }
        Ok(PopulationEvent::PopulationCorrected(PopulationCorrected {
            population: command.population,
            source: command.source.trim().to_owned(),
            reason: reason.to_owned(),
        }))
    }
}
