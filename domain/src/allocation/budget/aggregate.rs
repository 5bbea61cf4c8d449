use std::collections::BTreeSet;

use chrono::Datelike;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AdoptBudget, BudgetAdopted, BudgetCommand, BudgetCorrected, BudgetError, BudgetEvent,
    BudgetLine, BudgetLineKind, BudgetRevised, CorrectBudget, ReviseBudget,
};
use crate::allocation::compute::KRONOR_PER_TKR;
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};

/// The first and last budget years the register takes: a year outside them is a typing mistake,
/// not a budget.
const FIRST_YEAR: i32 = 1950;
const LAST_YEAR: i32 = 2199;

/// The current revision of a budget and its lines.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Budget {
    current: Option<(u32, Vec<BudgetLine>)>,
}

impl Budget {
    /// The id of the stream that holds the budget of `cooperation_id` for `year`.
    pub fn stream_id(cooperation_id: Uuid, year: i32) -> String {
        format!("{cooperation_id}:{year}")
    }
}

impl Aggregate for Budget {
    const TYPE: &'static str = "Budget";
    type Command = BudgetCommand;
    type Event = BudgetEvent;
    type Error = BudgetError;
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
            BudgetEvent::BudgetAdopted(adopted) => (1, adopted.lines),
            BudgetEvent::BudgetRevised(revised) => (revised.revision, revised.lines),
            BudgetEvent::BudgetCorrected(corrected) => (corrected.revision, corrected.lines),
        });
    }
}

impl Decide for Budget {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            BudgetCommand::Adopt(command) => self.adopt(command),
            BudgetCommand::Revise(command) => self.revise(command),
            BudgetCommand::Correct(command) => self.correct(command),
        }
    }
}

impl Budget {
    fn adopt(&self, command: AdoptBudget) -> Result<BudgetEvent, BudgetError> {
        if self.current.is_some() {
            return Err(BudgetError::AlreadyAdopted);
        }
        if !(FIRST_YEAR..=LAST_YEAR).contains(&command.year) {
            return Err(BudgetError::YearImplausible {
                year: command.year,
                first: FIRST_YEAR,
                last: LAST_YEAR,
            });
        }
        if command.year < command.cooperation_established_on.year() {
            return Err(BudgetError::YearBeforeCooperation {
                year: command.year,
                established_on: command.cooperation_established_on,
            });
        }
        let lines = checked_lines(command.lines)?;
        command.basis.validate().map_err(BudgetError::Basis)?;
        Ok(BudgetEvent::BudgetAdopted(BudgetAdopted {
            cooperation_id: command.cooperation_id,
            year: command.year,
            lines,
            basis: command.basis,
        }))
    }

    fn revise(&self, command: ReviseBudget) -> Result<BudgetEvent, BudgetError> {
        let (revision, _) = self.current.as_ref().ok_or(BudgetError::NotAdopted)?;
        let lines = checked_lines(command.lines)?;
        command.basis.validate().map_err(BudgetError::Basis)?;
        Ok(BudgetEvent::BudgetRevised(BudgetRevised {
            revision: revision.saturating_add(1),
            lines,
            basis: command.basis,
        }))
    }

    fn correct(&self, command: CorrectBudget) -> Result<BudgetEvent, BudgetError> {
        let (revision, current) = self.current.as_ref().ok_or(BudgetError::NotAdopted)?;
        let reason = correction_reason(&command.reason, BudgetError::CorrectionReasonMissing)?;
        let lines = checked_lines(command.lines)?;
        if lines == *current {
            return Err(BudgetError::CorrectionChangesNothing);
        }
        Ok(BudgetEvent::BudgetCorrected(BudgetCorrected {
            revision: *revision,
            lines,
            reason: reason.to_owned(),
        }))
    }
}

/// The most all the lines of a budget may add up to: what the cost shares can compute in
/// kronor.
pub const MOST_TKR: i64 = i64::MAX / KRONOR_PER_TKR;

/// The rules every version of the lines keeps; names are stored without surrounding blanks,
/// since an allocation key's exceptions find their lines by name.
fn checked_lines(lines: Vec<BudgetLine>) -> Result<Vec<BudgetLine>, BudgetError> {
    if lines.is_empty() {
        return Err(BudgetError::NoLines);
    }
    let mut names = BTreeSet::new();
    let mut contributions = false;
    let mut total_tkr: i64 = 0;
    let mut checked = Vec::with_capacity(lines.len());
    for (index, line) in lines.into_iter().enumerate() {
        let name = line.name.trim();
        if name.is_empty() {
            return Err(BudgetError::LineNameMissing { index });
        }
        if !names.insert(name.to_owned()) {
            return Err(BudgetError::LineNameTwice {
                index,
                name: name.to_owned(),
            });
        }
        if line.amount_tkr < 0 {
            return Err(BudgetError::AmountNegative {
                index,
                amount_tkr: line.amount_tkr,
            });
        }
        // The cost shares are computed in kronor, in i64: every line added up must fit, or the
        // register would hold a budget that its own reads refuse to split.
        total_tkr = total_tkr
            .checked_add(line.amount_tkr)
            .filter(|total| *total <= MOST_TKR)
            .ok_or(BudgetError::AmountsTooLarge {
                index,
                most_tkr: MOST_TKR,
            })?;
        if line.kind == BudgetLineKind::PartyContributions {
            if contributions {
                return Err(BudgetError::ContributionsTwice { index });
            }
            contributions = true;
        }
        checked.push(BudgetLine {
            name: name.to_owned(),
            kind: line.kind,
            amount_tkr: line.amount_tkr,
        });
    }
    Ok(checked)
}
