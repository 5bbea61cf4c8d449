use std::collections::BTreeSet;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Category, CorrectMandate, DelegateMandate, EndMandate, GrantMandate, MandateCommand,
    MandateCorrected, MandateDelegated, MandateEnded, MandateError, MandateEvent, MandateGranted,
    MandateHolder,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::DateRange;

/// The state a mandate needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Mandate {
    granted: Option<Granted>,
    delegations: BTreeSet<Uuid>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Granted {
    holder: MandateHolder,
    category: Category,
    exclusions: Vec<Category>,
    valid: DateRange,
    ended_after: Option<NaiveDate>,
}

impl Granted {
    fn days(&self) -> DateRange {
        DateRange {
            from: self.valid.from,
            to: self.ended_after.or(self.valid.to),
        }
    }

    fn covers(&self, category: &Category) -> bool {
        category.is_within(&self.category)
            && !self
                .exclusions
                .iter()
                .any(|exclusion| category.is_within(exclusion))
    }
}

impl Mandate {
    /// The mandate's first day, as granted or last corrected.
    pub fn valid_from(&self) -> Option<NaiveDate> {
        self.granted.as_ref().map(|granted| granted.valid.from)
    }

    /// Whether the mandate still runs on `date` or begins after it.
    pub fn runs_from(&self, date: NaiveDate) -> bool {
        self.granted
            .as_ref()
            .is_some_and(|granted| granted.days().to.is_none_or(|last_day| last_day >= date))
    }

    /// Who holds the mandate, as granted or as last corrected.
    pub fn holder(&self) -> Option<&MandateHolder> {
        self.granted.as_ref().map(|granted| &granted.holder)
    }

    /// Whether the mandate allows acting in `category` on `date`: within its category, outside
    /// its exclusions, and within its days.
    pub fn permits(&self, category: &Category, date: NaiveDate) -> bool {
        self.granted
            .as_ref()
            .is_some_and(|granted| granted.covers(category) && granted.days().contains(date))
    }
}

impl Aggregate for Mandate {
    const TYPE: &'static str = "Mandate";
    type Command = MandateCommand;
    type Event = MandateEvent;
    type Error = MandateError;
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
            MandateEvent::MandateGranted(granted) => {
                self.granted = Some(Granted {
                    holder: granted.holder,
                    category: granted.category,
                    exclusions: granted.exclusions,
                    valid: granted.valid,
                    ended_after: None,
                });
            }
            MandateEvent::MandateDelegated(delegated) => {
                self.delegations.insert(delegated.delegation_id);
            }
            MandateEvent::MandateCorrected(corrected) => {
                if let Some(granted) = &mut self.granted {
                    granted.holder = corrected.grant.holder;
                    granted.category = corrected.grant.category;
                    granted.exclusions = corrected.grant.exclusions;
                    granted.valid = corrected.grant.valid;
                }
            }
            MandateEvent::MandateEnded(ended) => {
                if let Some(granted) = &mut self.granted {
                    granted.ended_after = Some(ended.last_day);
                }
            }
        }
    }
}

impl Decide for Mandate {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            MandateCommand::Grant(command) => self.grant(command),
            MandateCommand::Delegate(command) => self.delegate(command),
            MandateCommand::End(command) => self.end(command),
            MandateCommand::Correct(command) => self.correct(command),
        }
    }
}

fn check_forwards(field: &'static str, range: &DateRange) -> Result<(), MandateError> {
    match range.to {
        Some(to) if to < range.from => Err(MandateError::PeriodBackwards {
            field,
            from: range.from,
            to,
        }),
        _ => Ok(()),
    }
}

impl Mandate {
    fn grant(&self, command: GrantMandate) -> Result<MandateEvent, MandateError> {
        if self.granted.is_some() {
            return Err(MandateError::AlreadyGranted);
        }
        Ok(MandateEvent::MandateGranted(checked_grant(command)?))
    }

    fn correct(&self, command: CorrectMandate) -> Result<MandateEvent, MandateError> {
        if self.granted.is_none() {
            return Err(MandateError::NotGranted);
        }
        let reason = correction_reason(&command.reason, MandateError::CorrectionReasonMissing)?;
        Ok(MandateEvent::MandateCorrected(MandateCorrected {
            grant: checked_grant(command.grant)?,
            reason: reason.to_owned(),
        }))
    }

    fn delegate(&self, command: DelegateMandate) -> Result<MandateEvent, MandateError> {
        let granted = self.granted.as_ref().ok_or(MandateError::NotGranted)?;
        let delegate = command.delegate.trim();
        if delegate.is_empty() {
            return Err(MandateError::DelegateMissing);
        }
        if self.delegations.contains(&command.delegation_id) {
            return Err(MandateError::DelegationExists {
                delegation_id: command.delegation_id,
            });
        }
        if !granted.covers(&command.category) {
            return Err(MandateError::DelegatesBeyondMandate {
                category: command.category,
            });
        }
        check_forwards("valid", &command.valid)?;
        let mandate_days = granted.days();
        let starts_inside = mandate_days.contains(command.valid.from);
        let ends_inside = match (command.valid.to, mandate_days.to) {
            (_, None) => true,
            (Some(to), Some(last)) => to <= last,
            (None, Some(_)) => false,
        };
        if !starts_inside || !ends_inside {
            return Err(MandateError::DelegationOutsideMandatePeriod);
        }
        command.basis.validate().map_err(MandateError::Basis)?;
        Ok(MandateEvent::MandateDelegated(MandateDelegated {
            delegation_id: command.delegation_id,
            delegate: delegate.to_owned(),
            category: command.category,
            valid: command.valid,
            basis: command.basis,
        }))
    }

    fn end(&self, command: EndMandate) -> Result<MandateEvent, MandateError> {
        let granted = self.granted.as_ref().ok_or(MandateError::NotGranted)?;
        if let Some(last_day) = granted.ended_after {
            return Err(MandateError::AlreadyEnded { last_day });
        }
        if !granted.valid.contains(command.last_day) {
            return Err(MandateError::EndOutsidePeriod {
                last_day: command.last_day,
            });
        }
        command.basis.validate().map_err(MandateError::Basis)?;
        Ok(MandateEvent::MandateEnded(MandateEnded {
            last_day: command.last_day,
            basis: command.basis,
        }))
    }
}

/// The rules a grant keeps, whether first recorded or corrected.
fn checked_grant(command: GrantMandate) -> Result<MandateGranted, MandateError> {
    let scope = command.scope.trim();
    if scope.is_empty() {
        return Err(MandateError::ScopeMissing);
    }
    for (index, exclusion) in command.exclusions.iter().enumerate() {
        if !exclusion.is_within(&command.category) {
            return Err(MandateError::ExclusionOutsideCategory {
                index,
                exclusion: exclusion.clone(),
                category: command.category.clone(),
            });
        }
    }
    check_forwards("valid", &command.valid)?;
    command.basis.validate().map_err(MandateError::Basis)?;
    Ok(MandateGranted {
        holder: command.holder,
        category: command.category,
        scope: scope.to_owned(),
        exclusions: command.exclusions,
        valid: command.valid,
        basis: command.basis,
    })
}
