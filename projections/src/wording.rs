//! How the register words what it counts: the command line's reports and the read models'
//! one-line summaries share it, so that a count reads the same everywhere.

/// `1 event`, `2 events`: a number with its noun in the right number.
pub fn count(number: u64, singular: &str, plural: &str) -> String {
    match number {
        1 => format!("1 {singular}"),
        number => format!("{number} {plural}"),
    }
}
