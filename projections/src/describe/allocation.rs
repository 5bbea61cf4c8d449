//! What the history says of the allocation keys and budgets, which no timeline lists. Neither
//! names a day of its own: a key applies from the agreement version it belongs to, and a budget
//! names a year. So what is said of them is a basis and a line, without a day. Pure.

use domain::allocation::{AllocationKeyEvent, AllocationMethod, BudgetEvent};
use domain::LegalBasis;

/// What is said of an event that names no day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Undated<'a> {
    pub basis: Option<&'a LegalBasis>,
    pub summary: String,
}

/// Neither a key nor a budget names a day, so each of their events is said undated.
fn undated(basis: Option<&LegalBasis>, summary: String) -> Undated<'_> {
    Undated { basis, summary }
}

/// What is said of an allocation key's adoption or correction.
pub(crate) fn allocation_key(event: &AllocationKeyEvent) -> Undated<'_> {
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

/// What is said of a budget's adoption, revision or correction.
pub(crate) fn budget(event: &BudgetEvent) -> Undated<'_> {
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
