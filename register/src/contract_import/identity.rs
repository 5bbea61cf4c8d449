//! Which contract a row is, whatever file it comes in: its id is a UUID v5 of the cooperation
//! and the row's identity, so that importing the same sheet again finds the contracts it
//! registered the first time instead of registering them twice.
//!
//! The identity is the registry number (diarienummer) when the row gives one, since that is
//! what the procurement is filed under; otherwise the title, the supplier and the first day
//! together. Case and runs of blanks do not count, so that "INK 2025/103" and "ink  2025/103"
//! are one contract, and a change of case is reported as other content rather than registered
//! as a second contract.

use uuid::Uuid;

use super::columns::SheetColumn;
use super::sheet::ContractRow;

/// What tells one row's contract from another's, as the row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowIdentity {
    /// The column an error about the identity names: the registry number's, or the title's.
    pub column: SheetColumn,
    /// The normalised text the id is made from.
    key: String,
    /// The identity as an error message names it.
    pub description: String,
}

impl ContractRow {
    /// The id of the row's contract among the contracts of `cooperation_id`: the same for the
    /// same row in any file (see the module's documentation).
    pub fn contract_id(&self, cooperation_id: Uuid) -> Uuid {
        self.identity().contract_id(cooperation_id)
    }

    pub(super) fn identity(&self) -> RowIdentity {
        match &self.registry_number {
            Some(registry_number) => RowIdentity {
                column: SheetColumn::RegistryNumber,
                key: format!("diarienummer\u{1f}{}", normalised(registry_number)),
                description: format!("diarienummer {registry_number:?}"),
            },
            None => RowIdentity {
                column: SheetColumn::Title,
                key: format!(
                    "titel\u{1f}{}\u{1f}leverantör\u{1f}{}\u{1f}startdatum\u{1f}{}",
                    normalised(&self.title),
                    normalised(&self.supplier),
                    self.starts_on
                ),
                description: format!(
                    "titel {:?}, leverantör {:?} and startdatum {}",
                    self.title, self.supplier, self.starts_on
                ),
            },
        }
    }
}

impl RowIdentity {
    pub(super) fn contract_id(&self, cooperation_id: Uuid) -> Uuid {
        Uuid::new_v5(
            &cooperation_id,
            format!("samverkan contract\u{1f}{}", self.key).as_bytes(),
        )
    }
}

/// Lower case, with every run of blanks one space and none at either end.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
