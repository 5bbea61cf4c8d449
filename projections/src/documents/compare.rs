//! What changed between two versions of a document, clause by clause, as a reader sets them side
//! by side: the clauses of either version in the order of the later one, with the removed ones
//! where they stood in the earlier.

use domain::governing_document::Clause;
use serde::Serialize;

/// One clause of two versions compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ClauseComparison {
    pub number: String,
    /// The clause's text in the earlier version; none when it was added since.
    pub earlier: Option<String>,
    /// The clause's text in the later version; none when it was removed since.
    pub later: Option<String>,
}

impl ClauseComparison {
    /// Whether the clause reads the same in both versions.
    pub fn unchanged(&self) -> bool {
        self.earlier == self.later
    }
}

/// Compares `earlier` with `later` by clause number: every clause of `later` in its order, each
/// removed clause of `earlier` after the clause that preceded it there (or first).
pub fn compare_clauses(earlier: &[Clause], later: &[Clause]) -> Vec<ClauseComparison> {
    let text_in = |clauses: &[Clause], number: &str| {
        clauses
            .iter()
            .find(|clause| clause.number == number)
            .map(|clause| clause.text.clone())
    };
    let mut compared: Vec<ClauseComparison> = later
        .iter()
        .map(|clause| ClauseComparison {
            number: clause.number.clone(),
            earlier: text_in(earlier, &clause.number),
            later: Some(clause.text.clone()),
        })
        .collect();
    let mut previous: Option<&str> = None;
    for clause in earlier {
        if text_in(later, &clause.number).is_none() {
            let at = previous
                .and_then(|number| compared.iter().position(|entry| entry.number == number))
                .map_or(0, |index| index + 1);
            compared.insert(
                at,
                ClauseComparison {
                    number: clause.number.clone(),
                    earlier: Some(clause.text.clone()),
                    later: None,
                },
            );
        }
        previous = Some(&clause.number);
    }
    compared
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(number: &str, text: &str) -> Clause {
        Clause {
            number: number.into(),
            text: text.into(),
        }
    }

    fn compared(number: &str, earlier: Option<&str>, later: Option<&str>) -> ClauseComparison {
        ClauseComparison {
            number: number.into(),
            earlier: earlier.map(Into::into),
            later: later.map(Into::into),
        }
    }

    #[test]
    fn replaced_added_and_removed_clauses_stand_where_a_reader_looks_for_them() {
        let earlier = [
            clause("§ 1", "Parter"),
            clause("§ 2", "Kostnader delas lika"),
            clause("§ 3", "Uppsägning"),
        ];
        let later = [
            clause("§ 1", "Parter"),
            clause("§ 2", "Kostnader efter folkmängd"),
            clause("§ 2a", "Revision"),
        ];

        assert_eq!(
            compare_clauses(&earlier, &later),
            vec![
                compared("§ 1", Some("Parter"), Some("Parter")),
                compared(
                    "§ 2",
                    Some("Kostnader delas lika"),
                    Some("Kostnader efter folkmängd")
                ),
                compared("§ 3", Some("Uppsägning"), None),
                compared("§ 2a", None, Some("Revision")),
            ]
        );
    }
}
