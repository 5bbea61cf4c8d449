use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    CloseObligation, Closure, CorrectObligation, Creditor, Due, ObligationClosed,
    ObligationCommand, ObligationCorrected, ObligationError, ObligationEvent, ObligationRecorded,
    RecordObligation,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::{DateRange, PartyCode};

/// The state an obligation needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Obligation {
    recorded: Option<Recorded>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Recorded {
    /// The cooperation the obligation is owed under, as last recorded or corrected: a closure
    /// is checked against its parties.
    cooperation_id: Uuid,
    debtor: PartyCode,
    period: DateRange,
    closed: Option<(Closure, NaiveDate)>,
    /// The obligation as recorded or last corrected, for the facts a transition reads.
    as_recorded: ObligationRecorded,
}

impl Aggregate for Obligation {
    const TYPE: &'static str = "Obligation";
    type Command = ObligationCommand;
    type Event = ObligationEvent;
    type Error = ObligationError;
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
            ObligationEvent::ObligationRecorded(recorded) => {
                self.recorded = Some(Recorded {
                    cooperation_id: recorded.cooperation_id,
                    debtor: recorded.debtor.clone(),
                    period: recorded.period,
                    closed: None,
                    as_recorded: recorded,
                });
            }
            ObligationEvent::ObligationCorrected(corrected) => {
                if let Some(recorded) = &mut self.recorded {
                    recorded.cooperation_id = corrected.recorded.cooperation_id;
                    recorded.debtor = corrected.recorded.debtor.clone();
                    recorded.period = corrected.recorded.period;
                    recorded.as_recorded = corrected.recorded;
                }
            }
            ObligationEvent::ObligationClosed(closed) => {
                if let Some(recorded) = &mut self.recorded {
                    recorded.closed = Some((closed.closure, closed.on));
                }
            }
        }
    }
}

impl Decide for Obligation {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            ObligationCommand::Record(command) => self.record(command),
            ObligationCommand::Close(command) => self.close(command),
            ObligationCommand::Correct(command) => self.correct(command),
        }
    }
}

impl Obligation {
    /// The cooperation the obligation is owed under, or `None` before it is recorded.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.recorded
            .as_ref()
            .map(|recorded| recorded.cooperation_id)
    }

    /// The obligation as recorded or last corrected.
    pub fn as_recorded(&self) -> Option<&ObligationRecorded> {
        self.recorded.as_ref().map(|recorded| &recorded.as_recorded)
    }

    /// Whether the obligation is still open on `date` or begins after it: not closed on or
    /// before that day, and its period reaching it.
    pub fn open_from(&self, date: NaiveDate) -> bool {
        self.recorded.as_ref().is_some_and(|recorded| {
            recorded.closed.as_ref().is_none_or(|(_, on)| *on > date)
                && recorded.period.to.is_none_or(|last_day| last_day >= date)
        })
    }

    fn record(&self, command: RecordObligation) -> Result<ObligationEvent, ObligationError> {
        if self.recorded.is_some() {
            return Err(ObligationError::AlreadyRecorded);
        }
        Ok(ObligationEvent::ObligationRecorded(checked_record(
            command,
        )?))
    }

    fn correct(&self, command: CorrectObligation) -> Result<ObligationEvent, ObligationError> {
        if self.recorded.is_none() {
            return Err(ObligationError::NotRecorded);
        }
        let reason = correction_reason(&command.reason, ObligationError::CorrectionReasonMissing)?;
        Ok(ObligationEvent::ObligationCorrected(ObligationCorrected {
            recorded: checked_record(command.record)?,
            reason: reason.to_owned(),
        }))
    }

    fn close(&self, command: CloseObligation) -> Result<ObligationEvent, ObligationError> {
        let recorded = self.recorded.as_ref().ok_or(ObligationError::NotRecorded)?;
        if let Some((closure, on)) = &recorded.closed {
            return Err(ObligationError::AlreadyClosed {
                closure: closure.clone(),
                on: *on,
            });
        }
        if command.on < recorded.period.from {
            return Err(ObligationError::ClosedBeforePeriod {
                on: command.on,
                from: recorded.period.from,
            });
        }
        if let Closure::Transferred { to } = &command.closure {
            if *to == recorded.debtor {
                return Err(ObligationError::TransferredToDebtor { party: to.clone() });
            }
            if !command.cooperation_parties.contains(to) {
                return Err(ObligationError::NotAParty {
                    field: "closure.to",
                    party: to.clone(),
                });
            }
        }
        command.basis.validate().map_err(ObligationError::Basis)?;
        Ok(ObligationEvent::ObligationClosed(ObligationClosed {
            closure: command.closure,
            on: command.on,
            basis: command.basis,
        }))
    }
}

/// The rules an obligation keeps, whether first recorded or corrected.
fn checked_record(command: RecordObligation) -> Result<ObligationRecorded, ObligationError> {
    let description = command.description.trim();
    if description.is_empty() {
        return Err(ObligationError::DescriptionMissing);
    }
    if !command.cooperation_parties.contains(&command.debtor) {
        return Err(ObligationError::NotAParty {
            field: "debtor",
            party: command.debtor,
        });
    }
    if let Creditor::Party { party } = &command.creditor {
        if *party == command.debtor {
            return Err(ObligationError::OwedToItself {
                party: party.clone(),
            });
        }
        if !command.cooperation_parties.contains(party) {
            return Err(ObligationError::NotAParty {
                field: "creditor.party",
                party: party.clone(),
            });
        }
    }
    if let Some(to) = command.period.to.filter(|to| *to < command.period.from) {
        return Err(ObligationError::PeriodBackwards {
            from: command.period.from,
            to,
        });
    }
    match command.due {
        Due::On { date } if !command.period.contains(date) => {
            return Err(ObligationError::DueOutsidePeriod { date });
        }
        // Any leap year shows whether a month and day can exist at all.
        Due::Yearly { month, day } if NaiveDate::from_ymd_opt(2024, month, day).is_none() => {
            return Err(ObligationError::YearlyDueInvalid { month, day });
        }
        Due::On { .. } | Due::Yearly { .. } | Due::Continuous => {}
    }
    command.basis.validate().map_err(ObligationError::Basis)?;
    Ok(ObligationRecorded {
        cooperation_id: command.cooperation_id,
        debtor: command.debtor,
        creditor: command.creditor,
        kind: command.kind,
        description: description.to_owned(),
        period: command.period,
        due: command.due,
        basis: command.basis,
    })
}
