//! `samverkan import-contracts`: a cooperation's contract register imported from a spreadsheet
//! saved as CSV, all of it or nothing, through the register's own import
//! (`register::contract_import`), so that the command line, the API and the web app read and
//! check a sheet alike. This module only reads the file and words the answer.

use std::path::Path;

use projections::wording::count;
use register::contract_import::{
    ContractImportPreview, ContractImportReceipt, ContractImportRefused, ContractImportRow,
    ContractSheet,
};
use register::database::BootstrapError;
use register::RegisterError;

/// Why an import of contracts wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ContractImportFailure {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// The sheet, or the register's check of it, found errors: every one is listed, one line
    /// each, as `rad N, kolumn X: message`.
    #[error(transparent)]
    Refused(ContractImportRefused),
    #[error("nothing was imported: {0}")]
    Register(RegisterError<ContractImportRefused>),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
}

impl From<RegisterError<ContractImportRefused>> for ContractImportFailure {
    /// A refusal of the sheet's rows reads as one of the sheet itself: the same list of errors.
    fn from(error: RegisterError<ContractImportRefused>) -> Self {
        match error {
            RegisterError::Rule(refusal) => ContractImportFailure::Refused(refusal),
            other => ContractImportFailure::Register(other),
        }
    }
}

/// Reads and checks the sheet at `path`, with no database.
pub fn read_sheet(path: &Path) -> Result<ContractSheet, ContractImportFailure> {
    let bytes = std::fs::read(path).map_err(|error| ContractImportFailure::Unreadable {
        path: path.display().to_string(),
        reason: error.to_string(),
    })?;
    ContractSheet::read(&bytes).map_err(ContractImportFailure::Refused)
}

/// The first line of every answer: how the file was read, so that a sheet read in the wrong
/// encoding or with the wrong separator shows it at once.
pub fn describe_reading(path: &Path, sheet: &ContractSheet) -> String {
    format!(
        "read {} as {}, cells separated by {}\n",
        path.display(),
        sheet.encoding(),
        sheet.separator()
    )
}

/// An import's answer: a line per row, `rad 2: Livsmedel = <contract id>`, then what was
/// written.
pub fn describe_receipt(receipt: &ContractImportReceipt) -> String {
    let mut text = rows(&receipt.registered, "");
    text.push_str(&rows(&receipt.already_registered, " (registered already)"));
    let already = count(
        receipt.already_registered.len() as u64,
        "contract was",
        "contracts were",
    );
    match receipt.position {
        Some(position) => text.push_str(&format!(
            "registered {} in one transaction, up to position {position}; \
             {already} registered already\n",
            count(receipt.registered.len() as u64, "contract", "contracts"),
        )),
        None => text.push_str(&format!("nothing written: {already} registered already\n")),
    }
    text
}

/// A dry run's answer: the same lines, and that nothing was written.
pub fn describe_preview(preview: &ContractImportPreview) -> String {
    let mut text = rows(&preview.to_register, " (would be registered)");
    text.push_str(&rows(&preview.already_registered, " (registered already)"));
    text.push_str(&format!(
        "dry run, nothing written: {} would be registered; {} registered already\n",
        count(preview.to_register.len() as u64, "contract", "contracts"),
        count(
            preview.already_registered.len() as u64,
            "contract was",
            "contracts were"
        ),
    ));
    text
}

fn rows(rows: &[ContractImportRow], note: &str) -> String {
    rows.iter()
        .map(|row| {
            format!(
                "rad {}: {} = {}{note}\n",
                row.row, row.title, row.contract_id
            )
        })
        .collect()
}
