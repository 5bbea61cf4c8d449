//! What an entry tells of its event: the day it takes effect, the basis it rests on and a line
//! that says what happened, as [`crate::describe`] says it, so that the history and the timeline
//! say the same of an event. The allocation keys and budgets, which no timeline lists, name no
//! day and are listed undated. Pure.

use domain::LegalBasis;

use super::records::HistoryEvent;
use crate::describe::{allocation_key, budget, facts, Effective, Undated};

/// What the history records of one event besides its entities and its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Told<'a> {
    pub effective: Effective,
    pub basis: Option<&'a LegalBasis>,
    pub summary: String,
}

/// What the history tells of `event`. A key names no day (it applies from the agreement
/// version it belongs to), and a budget names a year, not a day; their entries are undated, so
/// that they are listed on every `as_of`.
pub(crate) fn told(event: &HistoryEvent) -> Told<'_> {
    match event {
        HistoryEvent::Timeline(event) => {
            let facts = facts(event);
            Told {
                effective: facts.effective,
                basis: facts.basis,
                summary: facts.summary,
            }
        }
        HistoryEvent::AllocationKey(event) => undated(allocation_key(event)),
        HistoryEvent::Budget(event) => undated(budget(event)),
    }
}

/// A key's or a budget's entry, undated.
fn undated(Undated { basis, summary }: Undated<'_>) -> Told<'_> {
    Told {
        effective: Effective::OfStream,
        basis,
        summary,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use domain::allocation::{
        AllocationKeyAdopted, AllocationKeyEvent, AllocationMethod, FixedShare,
    };
    use domain::PartyCode;
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_key_is_told_undated_with_its_basis_and_shares() {
        let basis = LegalBasis::Decision {
            decision_id: Uuid::from_u128(9),
        };
        let adopted = HistoryEvent::AllocationKey(AllocationKeyEvent::AllocationKeyAdopted(
            AllocationKeyAdopted {
                cooperation_id: Uuid::from_u128(1),
                document_id: Uuid::from_u128(2),
                document_version: 1,
                parties: vec![
                    PartyCode::parse("04").unwrap(),
                    PartyCode::parse("19").unwrap(),
                ],
                method: AllocationMethod::FixedShares {
                    shares: vec![
                        FixedShare {
                            party: PartyCode::parse("04").unwrap(),
                            basis_points: 5200,
                        },
                        FixedShare {
                            party: PartyCode::parse("19").unwrap(),
                            basis_points: 4800,
                        },
                    ],
                },
                exceptions: Vec::new(),
                basis: basis.clone(),
            },
        ));
        assert_eq!(
            told(&adopted),
            Told {
                effective: Effective::OfStream,
                basis: Some(&basis),
                summary: "Allocation key adopted for version 1 of the agreement: fixed shares \
                          04 5200 bp, 19 4800 bp"
                    .into(),
            }
        );
    }
}
