//! What an entry tells of its event: the day it takes effect, the basis it rests on and a line
//! that says what happened. Events the timeline reads are told by the timeline's own rules
//! ([`crate::timeline::facts`]), so that both lists say the same of an event; the allocation
//! keys and budgets, which no timeline lists, are told here. Pure.

use domain::allocation::{AllocationKeyEvent, AllocationMethod, BudgetEvent};
use domain::LegalBasis;

use super::records::HistoryEvent;
use crate::timeline::facts::{facts, Effective};

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
        HistoryEvent::AllocationKey(event) => allocation_key(event),
        HistoryEvent::Budget(event) => budget(event),
    }
}

fn undated(basis: Option<&LegalBasis>, summary: String) -> Told<'_> {
    Told {
        effective: Effective::OfStream,
        basis,
        summary,
    }
}

fn allocation_key(event: &AllocationKeyEvent) -> Told<'_> {
    match event {
        AllocationKeyEvent::AllocationKeyAdopted(adopted) => undated(
            Some(&adopted.basis),
            format!(
                "Allocation key adopted for version {} of the agreement: {}",
                adopted.document_version,
                method(&adopted.method)
            ),
        ),
        AllocationKeyEvent::AllocationKeyCorrected(corrected) => undated(
            Some(&corrected.adopted.basis),
            format!(
                "Allocation key corrected: {} ({})",
                method(&corrected.adopted.method),
                corrected.reason
            ),
        ),
    }
}

fn method(method: &AllocationMethod) -> String {
    match method {
        AllocationMethod::Population => "by population".to_owned(),
        AllocationMethod::FixedShares { shares } => {
            let shares: Vec<String> = shares
                .iter()
                .map(|share| format!("{} {} bp", share.party, share.basis_points))
                .collect();
            format!("fixed shares {}", shares.join(", "))
        }
    }
}

fn budget(event: &BudgetEvent) -> Told<'_> {
    match event {
        BudgetEvent::BudgetAdopted(adopted) => undated(
            Some(&adopted.basis),
            format!(
                "Budget {} adopted: {} lines",
                adopted.year,
                adopted.lines.len()
            ),
        ),
        BudgetEvent::BudgetRevised(revised) => undated(
            Some(&revised.basis),
            format!(
                "Budget revision {} adopted: {} lines",
                revised.revision,
                revised.lines.len()
            ),
        ),
        BudgetEvent::BudgetCorrected(corrected) => undated(
            None,
            format!(
                "Budget revision {} corrected: {} lines ({})",
                corrected.revision,
                corrected.lines.len(),
                corrected.reason
            ),
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use domain::allocation::{AllocationKeyAdopted, FixedShare};
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
