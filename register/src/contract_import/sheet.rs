//! Reading a contract sheet: the bytes of a CSV file as a spreadsheet saves it, decoded, split
//! into rows and cells, and each cell read as the value its column holds. Pure: no database and
//! no clock, so a sheet can be read and its errors shown before anything is asked of the
//! register.
//!
//! Rows are numbered as the spreadsheet shows them: the header is row 1 and the first contract
//! row 2, an empty row still counts, and a cell with line breaks inside its quotes stays on its
//! own row. An empty row is passed over, since spreadsheets often save a few at the end.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::contract::{ContractKind, ExtensionOption};
use domain::{LegalBasis, PartyCode};

use super::cells;
use super::columns::{column_letter, SheetColumn};
use super::encoding::{decode, SheetEncoding};
use super::refusal::{ContractImportError, ContractImportRefused, SheetCell};
use super::separator::{detect, Separator};

/// A contract sheet read whole: every row a contract the register can be asked to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractSheet {
    encoding: SheetEncoding,
    separator: Separator,
    /// The columns the file has, each with its header as written there.
    headers: BTreeMap<SheetColumn, String>,
    rows: Vec<ContractRow>,
}

/// One contract as a row of the sheet gives it, and the row it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractRow {
    /// The row as the spreadsheet numbers it: 2 for the first contract.
    pub row: u64,
    pub title: String,
    pub category: String,
    pub supplier: String,
    pub kind: ContractKind,
    pub registry_number: Option<String>,
    pub callers: Vec<PartyCode>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub extension_options: Vec<ExtensionOption>,
    /// The decision the contract rests on, such as Inköpsnämnden's award decision: an outside
    /// decision, since a sheet cannot cite one in this register by its id.
    pub basis: LegalBasis,
}

impl ContractSheet {
    /// Reads the bytes of a CSV file: UTF-8 (with or without a byte order mark) or else
    /// Windows-1252, cells separated by semicolons or commas as its header row has them. Every
    /// error of the file, its header and every row is collected before the sheet is refused.
    pub fn read(bytes: &[u8]) -> Result<ContractSheet, ContractImportRefused> {
        let refuse = |error| ContractImportRefused {
            errors: vec![error],
        };
        let (text, encoding) = decode(bytes).map_err(|_| refuse(ContractImportError::Utf16))?;
        let separator = detect(&text);
        let mut records = csv::ReaderBuilder::new()
            .delimiter(separator.as_byte())
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .into_records();
        let mut numbering = RowNumbering::new(&text);
        let header_record = loop {
            match records.next() {
                None => return Err(refuse(ContractImportError::EmptyFile)),
                Some(Err(error)) => return Err(refuse(unreadable(&mut numbering, &error))),
                Some(Ok(record)) if is_blank(&record) => numbering.pass(&record),
                Some(Ok(record)) => break record,
            }
        };
        let header_row = numbering.row_of(&header_record);
        numbering.pass(&header_record);
        // The header is row 1 however many empty lines stand before it, as a spreadsheet that
        // opened the file would show after deleting them.
        numbering.offset = header_row.saturating_sub(1);
        let header =
            Header::read(&header_record).map_err(|errors| ContractImportRefused { errors })?;

        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for record in records {
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    errors.push(unreadable(&mut numbering, &error));
                    continue;
                }
            };
            let row = numbering.row_of(&record);
            numbering.pass(&record);
            if is_blank(&record) {
                continue;
            }
            match header.contract(row, &record) {
                Ok(contract) => rows.push(contract),
                Err(row_errors) => errors.extend(row_errors),
            }
        }
        if !errors.is_empty() {
            return Err(ContractImportRefused { errors });
        }
        if rows.is_empty() {
            return Err(refuse(ContractImportError::NoContracts));
        }
        Ok(ContractSheet {
            encoding,
            separator,
            headers: header.written,
            rows,
        })
    }

    /// The encoding the file was read in.
    pub fn encoding(&self) -> SheetEncoding {
        self.encoding
    }

    /// The separator the header row was found to use.
    pub fn separator(&self) -> Separator {
        self.separator
    }

    /// Every contract of the sheet, in the order of its rows.
    pub fn rows(&self) -> &[ContractRow] {
        &self.rows
    }

    /// The column's header as written in the file, or its Swedish name when the file leaves
    /// the column out: how an error names the column.
    pub fn header(&self, column: SheetColumn) -> &str {
        self.headers
            .get(&column)
            .map(String::as_str)
            .unwrap_or_else(|| column.swedish())
    }

    /// The cell of `column` on `row`, for an error about it.
    pub(super) fn cell(&self, row: u64, column: SheetColumn) -> SheetCell {
        SheetCell {
            row,
            column,
            header: self.header(column).to_owned(),
        }
    }
}

/// The row numbers a spreadsheet shows: one more than the line breaks before the row's first
/// byte, less those inside the quoted cells of the rows before it (a cell's line breaks keep it
/// on one row), less `offset`, the empty lines before the header. Line breaks are counted as
/// spreadsheets count them: `\r\n`, `\n` or `\r` alone are one each. The CSV reader's own line
/// numbers are not used: they skip empty lines.
#[derive(Debug)]
struct RowNumbering<'text> {
    text: &'text str,
    /// How far `line_breaks_before` has counted.
    counted_to: usize,
    line_breaks_before: u64,
    line_breaks_in_cells: u64,
    offset: u64,
}

impl<'text> RowNumbering<'text> {
    fn new(text: &'text str) -> RowNumbering<'text> {
        RowNumbering {
            text,
            counted_to: 0,
            line_breaks_before: 0,
            line_breaks_in_cells: 0,
            offset: 0,
        }
    }

    /// The row of the record or error that the reader says starts at `position`. The reader
    /// starts a record where it started looking for it, before the empty lines it passed over
    /// (and, after `\r\n`, on the `\n`), so the row begins at the first byte after those.
    fn row_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let bytes = self.text.as_bytes();
        let mut byte = position
            .and_then(|position| usize::try_from(position.byte()).ok())
            .unwrap_or(self.counted_to)
            .clamp(self.counted_to, bytes.len());
        while matches!(bytes.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        self.line_breaks_before += (self.counted_to..byte)
            .filter(|index| is_line_break(bytes, *index))
            .count() as u64;
        self.counted_to = byte;
        (1 + self.line_breaks_before).saturating_sub(self.line_breaks_in_cells + self.offset)
    }

    fn row_of(&mut self, record: &csv::StringRecord) -> u64 {
        self.row_at(record.position())
    }

    /// Counts the line breaks inside the cells of a record just read.
    fn pass(&mut self, record: &csv::StringRecord) {
        self.line_breaks_in_cells += record.iter().map(line_breaks).sum::<u64>();
    }
}

/// The line breaks in `text`.
fn line_breaks(text: &str) -> u64 {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|index| is_line_break(bytes, *index))
        .count() as u64
}

/// Whether the byte at `index` ends a line: a `\n`, or a `\r` that no `\n` follows, so that
/// `\r\n`, `\n` and `\r` alone are one line break each.
fn is_line_break(bytes: &[u8], index: usize) -> bool {
    match bytes.get(index) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(index + 1) != Some(&b'\n'),
        _ => false,
    }
}

fn unreadable(numbering: &mut RowNumbering, error: &csv::Error) -> ContractImportError {
    ContractImportError::UnreadableRow {
        row: numbering.row_at(error.position()),
        reason: error.to_string(),
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The header row: which column stands at each position, and each column's header as written.
#[derive(Debug)]
struct Header {
    /// By position; `None` for a position without a header.
    positions: Vec<Option<SheetColumn>>,
    written: BTreeMap<SheetColumn, String>,
}

impl Header {
    /// The columns of the header row, or every unknown, doubled and missing column in it.
    fn read(record: &csv::StringRecord) -> Result<Header, Vec<ContractImportError>> {
        let mut header = Header {
            positions: Vec::with_capacity(record.len()),
            written: BTreeMap::new(),
        };
        let mut errors = Vec::new();
        for text in record.iter().map(str::trim) {
            let column = if text.is_empty() {
                None
            } else if let Some(column) = SheetColumn::named(text) {
                match header.written.entry(column) {
                    Entry::Occupied(_) => {
                        errors.push(ContractImportError::DuplicateColumn {
                            header: text.to_owned(),
                            column,
                        });
                        None
                    }
                    Entry::Vacant(vacant) => {
                        vacant.insert(text.to_owned());
                        Some(column)
                    }
                }
            } else {
                errors.push(ContractImportError::UnknownColumn {
                    header: text.to_owned(),
                });
                None
            };
            header.positions.push(column);
        }
        for column in SheetColumn::ALL {
            if column.required() && !header.written.contains_key(&column) {
                errors.push(ContractImportError::MissingColumn { column });
            }
        }
        if errors.is_empty() {
            Ok(header)
        } else {
            Err(errors)
        }
    }

    /// The contract of one row, or every error in its cells.
    fn contract(
        &self,
        row: u64,
        record: &csv::StringRecord,
    ) -> Result<ContractRow, Vec<ContractImportError>> {
        let mut errors = Vec::new();
        for (index, text) in record.iter().enumerate() {
            let without_header = self.positions.get(index).copied().flatten().is_none();
            if without_header && !text.trim().is_empty() {
                errors.push(ContractImportError::CellWithoutHeader {
                    row,
                    letter: column_letter(index),
                    text: text.trim().to_owned(),
                });
            }
        }
        let text = |column: SheetColumn| -> &str {
            self.positions
                .iter()
                .position(|at| *at == Some(column))
                .and_then(|index| record.get(index))
                .unwrap_or_default()
        };
        let cell = |column: SheetColumn| SheetCell {
            row,
            column,
            header: self
                .written
                .get(&column)
                .cloned()
                .unwrap_or_else(|| column.swedish().to_owned()),
        };
        let kind = kept(
            cells::kind(&cell(SheetColumn::Kind), text(SheetColumn::Kind)),
            &mut errors,
        );
        let callers = kept(
            cells::party_codes(&cell(SheetColumn::Callers), text(SheetColumn::Callers)),
            &mut errors,
        );
        let starts_on = kept(
            cells::date(&cell(SheetColumn::StartsOn), text(SheetColumn::StartsOn)),
            &mut errors,
        );
        let ends_on = kept(
            cells::date(&cell(SheetColumn::EndsOn), text(SheetColumn::EndsOn)),
            &mut errors,
        );
        let options = kept(
            cells::dates(
                &cell(SheetColumn::ExtensionOptions),
                text(SheetColumn::ExtensionOptions),
            ),
            &mut errors,
        );
        let decided_on = kept(
            cells::date(&cell(SheetColumn::DecidedOn), text(SheetColumn::DecidedOn)),
            &mut errors,
        );
        let (
            Some(kind),
            Some(callers),
            Some(starts_on),
            Some(ends_on),
            Some(options),
            Some(decided_on),
        ) = (kind, callers, starts_on, ends_on, options, decided_on)
        else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ContractRow {
            row,
            title: cells::text(text(SheetColumn::Title)),
            category: cells::text(text(SheetColumn::Category)),
            supplier: cells::text(text(SheetColumn::Supplier)),
            kind,
            registry_number: cells::optional_text(text(SheetColumn::RegistryNumber)),
            callers,
            starts_on,
            ends_on,
            extension_options: options
                .into_iter()
                .map(|extends_to| ExtensionOption { extends_to })
                .collect(),
            basis: LegalBasis::ExternalDecision {
                issuer: cells::text(text(SheetColumn::DecidedBy)),
                decided_on,
                reference: cells::optional_text(text(SheetColumn::Paragraph)),
                registry_number: None,
            },
        })
    }
}

/// The value of a reading that worked; the error of one that did not is kept with the row's.
fn kept<T>(
    read: Result<T, ContractImportError>,
    errors: &mut Vec<ContractImportError>,
) -> Option<T> {
    match read {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}
