//! Importing a cooperation's contract register (avtalsregister) from a spreadsheet saved as CSV:
//! every contract of the sheet registered, or none.
//!
//! 1. [`ContractSheet::read`] reads the bytes, with no database: UTF-8 or Windows-1252, cells
//!    separated by semicolons or commas, columns named by Swedish (or English) headers, every
//!    cell read as its column's value. Every error of every row is collected.
//! 2. [`Register::check_contract_import`](crate::Register::check_contract_import) looks the
//!    cooperation up and lets the `Contract` aggregate decide each row, so the domain's own
//!    rules are reported per row and column; it says which rows would be registered and which
//!    the register holds already.
//! 3. [`Register::import_contracts`](crate::Register::import_contracts) checks again and appends
//!    every new contract's `ContractRegistered` in one transaction.
//!
//! A contract's id is derived from the cooperation and the row's identity, so the same sheet a
//! second time writes nothing, and a row that says something else about a contract already
//! registered is refused instead of overwriting it: a correction has its own command and reason.
//!
//! Errors: [`ContractImportRefused`], every [`ContractImportError`] of the sheet, as the rule
//! error of a [`RegisterError`](crate::RegisterError).

mod cells;
mod check;
mod columns;
mod encoding;
mod identity;
mod import;
mod refusal;
mod separator;
mod sheet;

#[cfg(test)]
mod tests;

pub use check::{ContractImportPreview, ContractImportResult, ContractImportRow};
pub use columns::SheetColumn;
pub use encoding::SheetEncoding;
pub use import::ContractImportReceipt;
pub use refusal::{ContractImportError, ContractImportRefused, SheetCell};
pub use separator::Separator;
pub use sheet::{ContractRow, ContractSheet};
