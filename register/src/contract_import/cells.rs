//! The values of a sheet's cells: dates as ÅÅÅÅ-MM-DD, the kind of contract in Swedish or
//! English, and lists of party codes or dates within one cell. Each reading either gives the
//! value or the error naming the cell; text cells are only trimmed, and their rules (a title
//! is given, say) are the domain's.

use chrono::NaiveDate;
use domain::contract::ContractKind;
use domain::PartyCode;

use super::refusal::{ContractImportError, SheetCell};

/// What separates the entries of a list within one cell: blanks, `|`, `,` or `;` (the last two
/// inside a quoted cell), so that "04 19", "04|19" and "04, 19" all name two parties.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.split(|character: char| character.is_whitespace() || matches!(character, '|' | ',' | ';'))
        .filter(|entry| !entry.is_empty())
}

/// A text cell without its surrounding blanks.
pub(super) fn text(text: &str) -> String {
    text.trim().to_owned()
}

/// A text cell that may be left empty.
pub(super) fn optional_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A date written as ÅÅÅÅ-MM-DD, which a cell must give.
pub(super) fn date(cell: &SheetCell, text: &str) -> Result<NaiveDate, ContractImportError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ContractImportError::BlankCell { cell: cell.clone() });
    }
    iso_date(text).ok_or_else(|| ContractImportError::NotADate {
        cell: cell.clone(),
        text: text.to_owned(),
    })
}

/// The dates of a cell, in the order written; none for an empty cell.
pub(super) fn dates(cell: &SheetCell, text: &str) -> Result<Vec<NaiveDate>, ContractImportError> {
    entries(text)
        .map(|entry| {
            iso_date(entry).ok_or_else(|| ContractImportError::NotADate {
                cell: cell.clone(),
                text: entry.to_owned(),
            })
        })
        .collect()
}

/// Exactly four digits, a hyphen, two digits, a hyphen and two digits, naming a day that
/// exists. chrono alone would also take "2024-2-1", which reads as a date nobody wrote.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

/// `ramavtal` or `avtal`, or the register's own `framework_agreement` or `contract`.
pub(super) fn kind(cell: &SheetCell, text: &str) -> Result<ContractKind, ContractImportError> {
    let trimmed = text.trim();
    match trimmed.to_lowercase().as_str() {
        "" => Err(ContractImportError::BlankCell { cell: cell.clone() }),
        "ramavtal" | "framework_agreement" => Ok(ContractKind::FrameworkAgreement),
        "avtal" | "contract" => Ok(ContractKind::Contract),
        _ => Err(ContractImportError::UnknownKind {
            cell: cell.clone(),
            text: trimmed.to_owned(),
        }),
    }
}

/// The party codes of a cell, in the order written; none for an empty cell, which the domain
/// refuses as a contract no one may call off under.
///
/// A spreadsheet that took a code for a number dropped its leading zero: Region Sörmland's 04
/// reads 4, Stockholm's 0180 reads 180. A code has two or four digits, so one digit can only be
/// a länskod and three only a kommunkod, and the zero is put back.
pub(super) fn party_codes(
    cell: &SheetCell,
    text: &str,
) -> Result<Vec<PartyCode>, ContractImportError> {
    entries(text)
        .map(|entry| {
            let restored = match entry.len() {
                1 | 3 if entry.bytes().all(|byte| byte.is_ascii_digit()) => format!("0{entry}"),
                _ => entry.to_owned(),
            };
            PartyCode::parse(&restored).map_err(|_| ContractImportError::NotAPartyCode {
                cell: cell.clone(),
                text: entry.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::columns::SheetColumn;
    use super::*;

    fn cell(column: SheetColumn) -> SheetCell {
        SheetCell {
            row: 2,
            column,
            header: column.swedish().to_owned(),
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_date_is_written_in_full_as_iso_and_exists() {
        let starts = cell(SheetColumn::StartsOn);
        assert_eq!(date(&starts, " 2024-02-01 "), Ok(day("2024-02-01")));
        for text in [
            "2024-2-1",
            "01/02/2024",
            "2024-02-30",
            "20240201",
            "2024-02-01x",
        ] {
            assert_eq!(
                date(&starts, text),
                Err(ContractImportError::NotADate {
                    cell: starts.clone(),
                    text: text.to_owned()
                }),
                "{text}"
            );
        }
        assert_eq!(
            date(&starts, "  "),
            Err(ContractImportError::BlankCell { cell: starts })
        );
    }

    #[test]
    fn options_are_dates_separated_by_blanks_bars_or_commas() {
        let options = cell(SheetColumn::ExtensionOptions);
        assert_eq!(dates(&options, ""), Ok(vec![]));
        assert_eq!(
            dates(&options, "2025-01-31 | 2026-01-31,2027-01-31"),
            Ok(vec![
                day("2025-01-31"),
                day("2026-01-31"),
                day("2027-01-31")
            ])
        );
        assert_eq!(
            dates(&options, "2025-01-31 2026-31-01"),
            Err(ContractImportError::NotADate {
                cell: options,
                text: "2026-31-01".to_owned()
            })
        );
    }

    #[test]
    fn the_kind_is_read_in_swedish_or_english() {
        let kind_cell = cell(SheetColumn::Kind);
        assert_eq!(
            kind(&kind_cell, " Ramavtal"),
            Ok(ContractKind::FrameworkAgreement)
        );
        assert_eq!(kind(&kind_cell, "AVTAL"), Ok(ContractKind::Contract));
        assert_eq!(
            kind(&kind_cell, "framework_agreement"),
            Ok(ContractKind::FrameworkAgreement)
        );
        assert_eq!(kind(&kind_cell, "contract"), Ok(ContractKind::Contract));
        assert_eq!(
            kind(&kind_cell, "köpeavtal"),
            Err(ContractImportError::UnknownKind {
                cell: kind_cell.clone(),
                text: "köpeavtal".to_owned()
            })
        );
        assert_eq!(
            kind(&kind_cell, ""),
            Err(ContractImportError::BlankCell { cell: kind_cell })
        );
    }

    #[test]
    fn callers_are_codes_separated_by_blanks_bars_or_commas() {
        let callers = cell(SheetColumn::Callers);
        let codes = |codes: &[&str]| -> Vec<PartyCode> {
            codes
                .iter()
                .map(|code| PartyCode::parse(code).unwrap())
                .collect()
        };
        assert_eq!(party_codes(&callers, "04 19"), Ok(codes(&["04", "19"])));
        assert_eq!(
            party_codes(&callers, "0180|0136, 04"),
            Ok(codes(&["0180", "0136", "04"]))
        );
        assert_eq!(party_codes(&callers, ""), Ok(vec![]));
    }

    #[test]
    fn a_code_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back() {
        let callers = cell(SheetColumn::Callers);
        assert_eq!(
            party_codes(&callers, "4 180"),
            Ok(vec![
                PartyCode::parse("04").unwrap(),
                PartyCode::parse("0180").unwrap()
            ])
        );
    }

    #[test]
    fn a_caller_that_is_no_party_code_is_named() {
        let callers = cell(SheetColumn::Callers);
        for text in ["Mora", "12345", "04x"] {
            assert_eq!(
                party_codes(&callers, &format!("04 {text}")),
                Err(ContractImportError::NotAPartyCode {
                    cell: callers.clone(),
                    text: text.to_owned()
                })
            );
        }
    }
}
