//! How the command line words what it counts, shared by every command that prints a count.

/// `1 event`, `2 events`: a number with its noun in the right number.
pub fn count(number: u64, singular: &str, plural: &str) -> String {
    match number {
        1 => format!("1 {singular}"),
        number => format!("{number} {plural}"),
    }
}
