use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    ContractCommand, ContractCorrected, ContractError, ContractEvent, ContractExtended,
    ContractHolder, ContractReassigned, ContractRegistered, CorrectContract, ExtendContract,
    ExtensionOption, ReassignContract, RegisterContract,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::PartyCode;

/// The state a contract needs to decide its next command, and to answer who holds it on a day.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Contract {
    registered: Option<Registered>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Registered {
    /// The cooperation that registered the contract, as last registered or corrected.
    cooperation_id: Uuid,
    title: String,
    starts_on: NaiveDate,
    /// The last day as registered, before any extension.
    registered_ends_on: NaiveDate,
    /// Who may call off from the first day until the first reassignment.
    callers: Vec<PartyCode>,
    extension_options: Vec<ExtensionOption>,
    /// The last day each exercised option extended the contract to, in order: always the first
    /// options of `extension_options`.
    extended_to: Vec<NaiveDate>,
    /// In the order recorded, which is also the order of their days.
    reassignments: Vec<Reassignment>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Reassignment {
    effective_on: NaiveDate,
    holder: ContractHolder,
    callers: Vec<PartyCode>,
}

impl Registered {
    fn ends_on(&self) -> NaiveDate {
        self.extended_to
            .last()
            .copied()
            .unwrap_or(self.registered_ends_on)
    }

    /// The holder and callers on `date`, or `None` outside the term.
    fn held_on(&self, date: NaiveDate) -> Option<(ContractHolder, &[PartyCode])> {
        if date < self.starts_on || date > self.ends_on() {
            return None;
        }
        // A later reassignment on the same day as an earlier one replaces it, so the search
        // runs from the last recorded.
        Some(
            match self
                .reassignments
                .iter()
                .rev()
                .find(|reassignment| reassignment.effective_on <= date)
            {
                Some(reassignment) => (reassignment.holder.clone(), &reassignment.callers[..]),
                None => (
                    ContractHolder::Cooperation {
                        cooperation_id: self.cooperation_id,
                    },
                    &self.callers[..],
                ),
            },
        )
    }
}

impl Aggregate for Contract {
    const TYPE: &'static str = "Contract";
    type Command = ContractCommand;
    type Event = ContractEvent;
    type Error = ContractError;
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
            ContractEvent::ContractRegistered(registered) => {
                self.registered = Some(Registered {
                    cooperation_id: registered.cooperation_id,
                    title: registered.title,
                    starts_on: registered.starts_on,
                    registered_ends_on: registered.ends_on,
                    callers: registered.callers,
                    extension_options: registered.extension_options,
                    extended_to: Vec::new(),
                    reassignments: Vec::new(),
                });
            }
            ContractEvent::ContractExtended(extended) => {
                if let Some(registered) = &mut self.registered {
                    registered.extended_to.push(extended.extends_to);
                }
            }
            ContractEvent::ContractReassigned(reassigned) => {
                if let Some(registered) = &mut self.registered {
                    registered.reassignments.push(Reassignment {
                        effective_on: reassigned.effective_on,
                        holder: reassigned.holder,
                        callers: reassigned.callers,
                    });
                }
            }
            ContractEvent::ContractCorrected(corrected) => {
                // A correction replaces the registration and keeps what was recorded since.
                if let Some(registered) = &mut self.registered {
                    let corrected = corrected.registered;
                    registered.cooperation_id = corrected.cooperation_id;
                    registered.title = corrected.title;
                    registered.starts_on = corrected.starts_on;
                    registered.registered_ends_on = corrected.ends_on;
                    registered.callers = corrected.callers;
                    registered.extension_options = corrected.extension_options;
                }
            }
        }
    }
}

impl Decide for Contract {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            ContractCommand::Register(command) => self.register(command),
            ContractCommand::Extend(command) => self.extend(command),
            ContractCommand::Reassign(command) => self.reassign(command),
            ContractCommand::Correct(command) => self.correct(command),
        }
    }
}

impl Contract {
    /// The cooperation that registered the contract, or `None` before it is registered.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.registered
            .as_ref()
            .map(|registered| registered.cooperation_id)
    }

    /// The contract's title, or `None` before it is registered.
    pub fn title(&self) -> Option<&str> {
        self.registered
            .as_ref()
            .map(|registered| registered.title.as_str())
    }

    /// The first day of the contract, or `None` before it is registered.
    pub fn starts_on(&self) -> Option<NaiveDate> {
        self.registered
            .as_ref()
            .map(|registered| registered.starts_on)
    }

    /// The contract's current last day, after the extensions exercised so far.
    pub fn ends_on(&self) -> Option<NaiveDate> {
        self.registered.as_ref().map(Registered::ends_on)
    }

    /// The last day the contract could reach if every remaining option were exercised.
    pub fn latest_possible_end(&self) -> Option<NaiveDate> {
        self.registered.as_ref().map(|registered| {
            registered
                .extension_options
                .last()
                .map(|option| option.extends_to)
                .unwrap_or(registered.registered_ends_on)
                .max(registered.ends_on())
        })
    }

    /// The options not yet exercised, in the order they can be.
    pub fn options_remaining(&self) -> Vec<ExtensionOption> {
        self.registered
            .as_ref()
            .map(|registered| {
                registered
                    .extension_options
                    .iter()
                    .skip(registered.extended_to.len())
                    .copied()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Who holds the contract on `date`: `None` before it is registered and outside its term.
    pub fn holder_on(&self, date: NaiveDate) -> Option<ContractHolder> {
        self.registered
            .as_ref()
            .and_then(|registered| registered.held_on(date))
            .map(|(holder, _)| holder)
    }

    /// The parties that may call off on `date`: none outside the contract's term.
    pub fn callers_on(&self, date: NaiveDate) -> Vec<PartyCode> {
        self.registered
            .as_ref()
            .and_then(|registered| registered.held_on(date))
            .map(|(_, callers)| callers.to_vec())
            .unwrap_or_default()
    }

    fn register(&self, command: RegisterContract) -> Result<ContractEvent, ContractError> {
        if self.registered.is_some() {
            return Err(ContractError::AlreadyRegistered);
        }
        Ok(ContractEvent::ContractRegistered(checked_registration(
            command,
        )?))
    }

    fn extend(&self, command: ExtendContract) -> Result<ContractEvent, ContractError> {
        let registered = self
            .registered
            .as_ref()
            .ok_or(ContractError::NotRegistered)?;
        let next = registered
            .extension_options
            .get(registered.extended_to.len())
            .ok_or(ContractError::NoOptionLeft)?;
        if command.extends_to != next.extends_to {
            return Err(ContractError::NotTheNextOption {
                extends_to: command.extends_to,
                next: next.extends_to,
            });
        }
        let ends_on = registered.ends_on();
        if command.decided_on > ends_on {
            return Err(ContractError::ExtendedAfterExpiry {
                decided_on: command.decided_on,
                ends_on,
            });
        }
        command.basis.validate().map_err(ContractError::Basis)?;
        Ok(ContractEvent::ContractExtended(ContractExtended {
            extends_to: command.extends_to,
            decided_on: command.decided_on,
            basis: command.basis,
        }))
    }

    fn reassign(&self, command: ReassignContract) -> Result<ContractEvent, ContractError> {
        let registered = self
            .registered
            .as_ref()
            .ok_or(ContractError::NotRegistered)?;
        let effective_on = command.effective_on;
        // On the first day the registering cooperation holds the contract; a different holder
        // from the first day is a correction of the registration.
        if effective_on <= registered.starts_on {
            return Err(ContractError::ReassignedBeforeStart {
                effective_on,
                starts_on: registered.starts_on,
            });
        }
        let ends_on = registered.ends_on();
        if effective_on > ends_on {
            return Err(ContractError::ReassignedAfterEnd {
                effective_on,
                ends_on,
            });
        }
        if let Some(last) = registered.reassignments.last() {
            if effective_on < last.effective_on {
                return Err(ContractError::ReassignedBeforeLastReassignment {
                    effective_on,
                    last: last.effective_on,
                });
            }
        }
        match &command.holder {
            ContractHolder::Party { party } => {
                if command.callers != [party.clone()] {
                    return Err(ContractError::PartyHolderCallsOffAlone {
                        holder: party.clone(),
                    });
                }
                if !command.holder_parties.contains(party) {
                    return Err(ContractError::CallerNotOfHolder {
                        index: 0,
                        party: party.clone(),
                    });
                }
            }
            ContractHolder::Cooperation { .. } => {
                check_callers(&command.callers, |index, party| {
                    (!command.holder_parties.contains(party)).then(|| {
                        ContractError::CallerNotOfHolder {
                            index,
                            party: party.clone(),
                        }
                    })
                })?;
            }
        }
        command.basis.validate().map_err(ContractError::Basis)?;
        Ok(ContractEvent::ContractReassigned(ContractReassigned {
            effective_on,
            holder: command.holder,
            callers: command.callers,
            basis: command.basis,
        }))
    }

    fn correct(&self, command: CorrectContract) -> Result<ContractEvent, ContractError> {
        let registered = self
            .registered
            .as_ref()
            .ok_or(ContractError::NotRegistered)?;
        let reason = correction_reason(&command.reason, ContractError::CorrectionReasonMissing)?;
        let corrected = checked_registration(command.register)?;
        for (index, extended_to) in registered.extended_to.iter().enumerate() {
            let kept = corrected
                .extension_options
                .get(index)
                .is_some_and(|option| option.extends_to == *extended_to);
            if !kept {
                return Err(ContractError::CorrectionDropsExercisedOption {
                    extended_to: *extended_to,
                });
            }
        }
        let corrected_end = registered
            .extended_to
            .last()
            .copied()
            .unwrap_or(corrected.ends_on);
        for reassignment in &registered.reassignments {
            let effective_on = reassignment.effective_on;
            if effective_on <= corrected.starts_on {
                return Err(ContractError::CorrectionLeavesReassignmentOutside {
                    field: "starts_on",
                    effective_on,
                });
            }
            if effective_on > corrected_end {
                return Err(ContractError::CorrectionLeavesReassignmentOutside {
                    field: "ends_on",
                    effective_on,
                });
            }
        }
        Ok(ContractEvent::ContractCorrected(ContractCorrected {
            registered: corrected,
            reason: reason.to_owned(),
        }))
    }
}

/// Checks that `callers` names at least one party, none twice, and each one `refused` accepts.
fn check_callers(
    callers: &[PartyCode],
    refused: impl Fn(usize, &PartyCode) -> Option<ContractError>,
) -> Result<(), ContractError> {
    if callers.is_empty() {
        return Err(ContractError::NoCallers);
    }
    for (index, party) in callers.iter().enumerate() {
        if callers[..index].contains(party) {
            return Err(ContractError::DuplicateCaller {
                index,
                party: party.clone(),
            });
        }
        if let Some(error) = refused(index, party) {
            return Err(error);
        }
    }
    Ok(())
}

/// A text the registration must give, without surrounding blanks; `missing` when it is blank.
fn required(text: &str, missing: ContractError) -> Result<String, ContractError> {
    let text = text.trim();
    if text.is_empty() {
        Err(missing)
    } else {
        Ok(text.to_owned())
    }
}

/// The rules a registration keeps, whether first recorded or corrected.
fn checked_registration(command: RegisterContract) -> Result<ContractRegistered, ContractError> {
    let title = required(&command.title, ContractError::TitleMissing)?;
    let category = required(&command.category, ContractError::CategoryMissing)?;
    let supplier = required(&command.supplier, ContractError::SupplierMissing)?;
    let registry_number = command
        .registry_number
        .as_deref()
        .map(|number| required(number, ContractError::RegistryNumberBlank))
        .transpose()?;
    check_callers(&command.callers, |index, party| {
        (!command.cooperation_parties.contains(party)).then(|| ContractError::CallerNotAParty {
            index,
            party: party.clone(),
        })
    })?;
    if command.ends_on < command.starts_on {
        return Err(ContractError::EndsBeforeStart {
            starts_on: command.starts_on,
            ends_on: command.ends_on,
        });
    }
    let mut after = command.ends_on;
    for (index, option) in command.extension_options.iter().enumerate() {
        if option.extends_to <= after {
            return Err(ContractError::OptionNotLater {
                index,
                extends_to: option.extends_to,
                after,
            });
        }
        after = option.extends_to;
    }
    command.basis.validate().map_err(ContractError::Basis)?;
    Ok(ContractRegistered {
        cooperation_id: command.cooperation_id,
        title,
        category,
        supplier,
        kind: command.kind,
        registry_number,
        callers: command.callers,
        starts_on: command.starts_on,
        ends_on: command.ends_on,
        extension_options: command.extension_options,
        basis: command.basis,
    })
}
