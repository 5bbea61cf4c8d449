//! Why a contract sheet was refused: every error found in it, each naming the row as a person
//! sees it in the spreadsheet (the header is row 1, the first contract row 2) and the column by
//! its header as written in the file, with the rule it broke. A sheet is imported whole or not
//! at all, so the refusal lists every error of every row at once, for the administrator to fix
//! in one pass.

use std::fmt;

use domain::contract::ContractError;
use domain::RuleViolation;
use projections::wording::count;
use uuid::Uuid;

use super::columns::SheetColumn;

/// A cell of the sheet: its row as the spreadsheet numbers it, its column, and the column's
/// header as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCell {
    pub row: u64,
    pub column: SheetColumn,
    pub header: String,
}

/// One error in a contract sheet: a variant per rule the file, its header, a row or a cell can
/// break. The message says what is wrong and what to write instead; where it is comes from
/// [`ContractImportError::row`] and [`ContractImportError::header`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractImportError {
    #[error("the file is empty: it needs a header row and a row for each contract")]
    EmptyFile,
    #[error(
        "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" or \"CSV \
         (semikolonavgränsad)\""
    )]
    Utf16,
    #[error("the file has a header row and no contract: add a contract from row 2")]
    NoContracts,
    #[error("the row cannot be read as CSV: {reason}")]
    UnreadableRow { row: u64, reason: String },
    #[error("the column {column} is missing: add it to the header row")]
    MissingColumn { column: SheetColumn },
    #[error(
        "there is no column {header:?}: the columns are titel, kategori, leverantör, \
         avtalstyp, diarienummer, avropsberättigade, startdatum, slutdatum, \
         förlängningsoptioner, beslutat_av, beslutsdatum and paragraf"
    )]
    UnknownColumn { header: String },
    #[error("the column {column} is given twice: keep one of them")]
    DuplicateColumn { header: String, column: SheetColumn },
    #[error(
        "{text:?} stands in column {letter}, which has no header: name the column or empty the \
         cell"
    )]
    CellWithoutHeader {
        row: u64,
        letter: String,
        text: String,
    },
    #[error("{} is empty: it is needed for every contract", .cell.header)]
    BlankCell { cell: SheetCell },
    #[error("{text:?} is not a date: write it as ÅÅÅÅ-MM-DD, such as 2024-02-01")]
    NotADate { cell: SheetCell, text: String },
    #[error("{text:?} is not a kind of contract: write ramavtal or avtal")]
    UnknownKind { cell: SheetCell, text: String },
    #[error(
        "{text:?} is not an official party code: a municipality has four digits (kommunkod, \
         such as 0180), a region two (länskod, such as 04)"
    )]
    NotAPartyCode { cell: SheetCell, text: String },
    /// Two rows name one contract: the same registry number, or without one the same title,
    /// supplier and first day. `identity` says which.
    #[error("row {first_row} is the same contract ({identity}): give each contract once")]
    SameContractTwice {
        cell: SheetCell,
        first_row: u64,
        identity: String,
    },
    /// The row's contract is registered, and the registration says something else: importing
    /// it again would overwrite it without a correction's reason.
    #[error(
        "{identity} is already registered with other content, as contract {contract_id}; \
         correct the contract instead"
    )]
    RegisteredOtherwise {
        cell: SheetCell,
        contract_id: Uuid,
        identity: String,
    },
    /// A rule of the contract itself, as the domain decides it for the row.
    #[error("{error}")]
    Contract {
        cell: SheetCell,
        error: ContractError,
    },
}

impl ContractImportError {
    /// The cell the error is in, when it is in one.
    pub fn cell(&self) -> Option<&SheetCell> {
        match self {
            ContractImportError::BlankCell { cell }
            | ContractImportError::NotADate { cell, .. }
            | ContractImportError::UnknownKind { cell, .. }
            | ContractImportError::NotAPartyCode { cell, .. }
            | ContractImportError::SameContractTwice { cell, .. }
            | ContractImportError::RegisteredOtherwise { cell, .. }
            | ContractImportError::Contract { cell, .. } => Some(cell),
            _ => None,
        }
    }

    /// The row the error is on as the spreadsheet numbers it: 1 for the header, `None` for an
    /// error of the whole file.
    pub fn row(&self) -> Option<u64> {
        match self {
            ContractImportError::EmptyFile
            | ContractImportError::Utf16
            | ContractImportError::NoContracts => None,
            ContractImportError::MissingColumn { .. }
            | ContractImportError::UnknownColumn { .. }
            | ContractImportError::DuplicateColumn { .. } => Some(1),
            ContractImportError::UnreadableRow { row, .. }
            | ContractImportError::CellWithoutHeader { row, .. } => Some(*row),
            other => other.cell().map(|cell| cell.row),
        }
    }

    /// The column the error is in, by its header as written in the file, or by its letter for
    /// a column without a header; `None` for an error of a whole row or of the file.
    pub fn header(&self) -> Option<&str> {
        match self {
            ContractImportError::UnknownColumn { header }
            | ContractImportError::DuplicateColumn { header, .. } => Some(header),
            ContractImportError::CellWithoutHeader { letter, .. } => Some(letter),
            other => other.cell().map(|cell| cell.header.as_str()),
        }
    }

    /// Where the error is, as the command line prints it: `rad 5, kolumn slutdatum`.
    pub fn place(&self) -> Option<String> {
        let row = self.row()?;
        Some(match (self, self.header()) {
            (ContractImportError::MissingColumn { column }, _) => {
                format!("rad {row}, kolumn {column}")
            }
            (_, Some(header)) => format!("rad {row}, kolumn {header}"),
            (_, None) => format!("rad {row}"),
        })
    }
}

impl RuleViolation for ContractImportError {
    /// `rows[5].slutdatum` for a cell (the column by its header as written), `rows[5]` for a
    /// row, `columns.slutdatum` for the header and `file` for the whole file.
    fn field(&self) -> String {
        match self {
            ContractImportError::EmptyFile
            | ContractImportError::Utf16
            | ContractImportError::NoContracts => "file".to_owned(),
            ContractImportError::MissingColumn { column } => format!("columns.{column}"),
            ContractImportError::UnknownColumn { header }
            | ContractImportError::DuplicateColumn { header, .. } => format!("columns.{header}"),
            ContractImportError::UnreadableRow { row, .. } => format!("rows[{row}]"),
            ContractImportError::CellWithoutHeader { row, letter, .. } => {
                format!("rows[{row}].{letter}")
            }
            other => match other.cell() {
                Some(cell) => format!("rows[{}].{}", cell.row, cell.header),
                None => "file".to_owned(),
            },
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            ContractImportError::EmptyFile => "contract_import.file_has_a_header",
            ContractImportError::Utf16 => "contract_import.encoding_is_readable",
            ContractImportError::NoContracts => "contract_import.file_has_a_contract",
            ContractImportError::UnreadableRow { .. } => "contract_import.row_is_csv",
            ContractImportError::MissingColumn { .. } => "contract_import.column_is_present",
            ContractImportError::UnknownColumn { .. } => "contract_import.column_is_known",
            ContractImportError::DuplicateColumn { .. } => "contract_import.column_is_unique",
            ContractImportError::CellWithoutHeader { .. } => "contract_import.cell_has_a_header",
            ContractImportError::BlankCell { .. } => "contract_import.cell_is_filled",
            ContractImportError::NotADate { .. } => "contract_import.date_is_iso",
            ContractImportError::UnknownKind { .. } => "contract_import.kind_is_known",
            ContractImportError::NotAPartyCode { .. } => "contract_import.caller_is_a_party_code",
            ContractImportError::SameContractTwice { .. } => {
                "contract_import.contract_once_per_file"
            }
            ContractImportError::RegisteredOtherwise { .. } => "contract_import.registered_alike",
            ContractImportError::Contract { error, .. } => error.rule(),
        }
    }
}

/// A contract sheet refused, with every error found in it, in the order of the file. Nothing of
/// a refused sheet is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractImportRefused {
    pub errors: Vec<ContractImportError>,
}

impl fmt::Display for ContractImportRefused {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "the contract sheet has {}; nothing was imported",
            count(self.errors.len() as u64, "error", "errors")
        )?;
        for error in &self.errors {
            match error.place() {
                Some(place) => write!(formatter, "\n{place}: {error}")?,
                None => write!(formatter, "\n{error}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ContractImportRefused {}

/// A refusal read as one broken rule is its first error's, so that the register's refusals of
/// the whole file (an unknown cooperation, a conflict) read as they do for any command; the
/// faces list every error of a refused sheet from [`ContractImportRefused::errors`].
impl RuleViolation for ContractImportRefused {
    fn field(&self) -> String {
        self.errors
            .first()
            .map(RuleViolation::field)
            .unwrap_or_else(|| "file".to_owned())
    }

    fn rule(&self) -> &'static str {
        self.errors
            .first()
            .map(RuleViolation::rule)
            .unwrap_or("contract_import.file_has_a_contract")
    }
}
