//! Reading contract sheets as spreadsheets save them: encodings, separators, quoting, row
//! numbers, and every error of the file, its header and its cells, exactly.

use chrono::NaiveDate;
use domain::contract::{ContractKind, ExtensionOption};
use domain::{LegalBasis, PartyCode, RuleViolation};
use uuid::Uuid;

use super::*;

const HEADER: &str = "titel;kategori;leverantör;avtalstyp;diarienummer;avropsberättigade;\
startdatum;slutdatum;förlängningsoptioner;beslutat_av;beslutsdatum;paragraf";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn codes(codes: &[&str]) -> Vec<PartyCode> {
    codes
        .iter()
        .map(|code| PartyCode::parse(code).unwrap())
        .collect()
}

fn read(text: &str) -> Result<ContractSheet, ContractImportRefused> {
    ContractSheet::read(text.as_bytes())
}

fn errors(text: &str) -> Vec<ContractImportError> {
    read(text).unwrap_err().errors
}

fn cell(row: u64, column: SheetColumn) -> SheetCell {
    SheetCell {
        row,
        column,
        header: column.swedish().to_owned(),
    }
}

/// Städtjänster, the row every reading below should give.
fn stadtjanster(row: u64) -> ContractRow {
    ContractRow {
        row,
        title: "Städtjänster Överförmyndare Åtvidaberg".to_owned(),
        category: "Lokalvård".to_owned(),
        supplier: "Städbolaget i Sörmland AB".to_owned(),
        kind: ContractKind::FrameworkAgreement,
        registry_number: Some("INK 2023/41".to_owned()),
        callers: codes(&["04", "19"]),
        starts_on: day("2024-02-01"),
        ends_on: day("2026-01-31"),
        extension_options: vec![
            ExtensionOption {
                extends_to: day("2027-01-31"),
            },
            ExtensionOption {
                extends_to: day("2028-01-31"),
            },
        ],
        basis: LegalBasis::ExternalDecision {
            issuer: "Inköpsnämnden".to_owned(),
            decided_on: day("2023-11-14"),
            reference: Some("§ 9".to_owned()),
            registry_number: None,
        },
    }
}

const STADTJANSTER_ROW: &str = "Städtjänster Överförmyndare Åtvidaberg;Lokalvård;\
Städbolaget i Sörmland AB;ramavtal;INK 2023/41;04 19;2024-02-01;2026-01-31;\
2027-01-31 | 2028-01-31;Inköpsnämnden;2023-11-14;§ 9";

#[test]
fn a_semicolon_separated_utf8_sheet_is_read_row_by_row() {
    let sheet = read(&format!("{HEADER}\n{STADTJANSTER_ROW}\n")).unwrap();
    assert_eq!(sheet.encoding(), SheetEncoding::Utf8);
    assert_eq!(sheet.separator(), Separator::Semicolon);
    assert_eq!(sheet.rows(), &[stadtjanster(2)]);
}

#[test]
fn a_windows_1252_sheet_reads_its_swedish_letters() {
    let text = format!("{HEADER}\r\n{STADTJANSTER_ROW}\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());
    let sheet = ContractSheet::read(&bytes).unwrap();
    assert_eq!(sheet.encoding(), SheetEncoding::Windows1252);
    assert_eq!(sheet.header(SheetColumn::Supplier), "leverantör");
    assert_eq!(sheet.rows(), &[stadtjanster(2)]);
}

#[test]
fn a_comma_separated_sheet_with_a_byte_order_mark_and_quotes_reads_like_the_semicolon_one() {
    let text = "\u{feff}titel,kategori,leverantör,avtalstyp,diarienummer,avropsberättigade,\
startdatum,slutdatum,förlängningsoptioner,beslutat_av,beslutsdatum,paragraf\r\n\
Städtjänster Överförmyndare Åtvidaberg,Lokalvård,Städbolaget i Sörmland AB,ramavtal,\
INK 2023/41,\"04, 19\",2024-02-01,2026-01-31,\"2027-01-31,2028-01-31\",Inköpsnämnden,\
2023-11-14,§ 9\r\n";
    let sheet = read(text).unwrap();
    assert_eq!(sheet.encoding(), SheetEncoding::Utf8WithBom);
    assert_eq!(sheet.separator(), Separator::Comma);
    assert_eq!(sheet.rows(), &[stadtjanster(2)]);
}

#[test]
fn quotes_inside_a_quoted_cell_are_doubled() {
    let text = format!(
        "{HEADER}\n\"Städtjänster \"\"Överförmyndare\"\"; Åtvidaberg\";Lokalvård;Städbolaget i \
         Sörmland AB;ramavtal;;04;2024-02-01;2026-01-31;;Inköpsnämnden;2023-11-14;\n"
    );
    let sheet = read(&text).unwrap();
    assert_eq!(
        sheet.rows()[0].title,
        "Städtjänster \"Överförmyndare\"; Åtvidaberg"
    );
    assert_eq!(sheet.rows()[0].registry_number, None);
    assert_eq!(sheet.rows()[0].extension_options, vec![]);
    assert_eq!(
        sheet.rows()[0].basis,
        LegalBasis::ExternalDecision {
            issuer: "Inköpsnämnden".to_owned(),
            decided_on: day("2023-11-14"),
            reference: None,
            registry_number: None,
        }
    );
}

#[test]
fn english_headers_in_any_case_and_without_the_optional_columns_are_read() {
    let text = "Title;CATEGORY;supplier;kind;callers;starts_on;ends_on;issuer;decided_on\n\
Livsmedel;Livsmedel;Menigo Foodservice AB;framework_agreement;04|19;2022-10-01;2024-09-30;\
Inköpsnämnden;2022-06-14\n";
    let sheet = read(text).unwrap();
    assert_eq!(sheet.header(SheetColumn::Title), "Title");
    assert_eq!(sheet.header(SheetColumn::RegistryNumber), "diarienummer");
    let row = &sheet.rows()[0];
    assert_eq!(row.registry_number, None);
    assert_eq!(row.extension_options, vec![]);
    assert_eq!(row.callers, codes(&["04", "19"]));
}

#[test]
fn an_empty_file_and_a_file_with_only_a_header_are_refused() {
    for empty in ["", "  \r\n\n", ";;;\n"] {
        assert_eq!(
            errors(empty),
            vec![ContractImportError::EmptyFile],
            "{empty:?}"
        );
    }
    for header_only in [
        HEADER.to_owned(),
        format!("{HEADER}\r\n;;;;;;;;;;;\r\n\r\n"),
    ] {
        assert_eq!(
            errors(&header_only),
            vec![ContractImportError::NoContracts],
            "{header_only:?}"
        );
    }
}

#[test]
fn utf16_is_refused_with_what_to_save_instead() {
    assert_eq!(
        ContractSheet::read(b"\xFF\xFEt\x00i\x00")
            .unwrap_err()
            .errors,
        vec![ContractImportError::Utf16]
    );
}

#[test]
fn every_unknown_doubled_and_missing_column_is_named() {
    let text = "Titel;kategori;leverantor;avtalstyp;Title;startdatum;slutdatum;beslutat_av;\
beslutsdatum;giltig\nLivsmedel\n";
    assert_eq!(
        errors(text),
        vec![
            ContractImportError::UnknownColumn {
                header: "leverantor".to_owned()
            },
            ContractImportError::DuplicateColumn {
                header: "Title".to_owned(),
                column: SheetColumn::Title
            },
            ContractImportError::UnknownColumn {
                header: "giltig".to_owned()
            },
            ContractImportError::MissingColumn {
                column: SheetColumn::Supplier
            },
            ContractImportError::MissingColumn {
                column: SheetColumn::Callers
            },
        ]
    );
}

#[test]
fn every_cell_error_of_every_row_is_named_by_its_row_and_column() {
    let text = format!(
        "{HEADER}\n\
{STADTJANSTER_ROW}\n\
Livsmedel;Livsmedel;Menigo;köpeavtal;;04 Mora;2022-10-01;30/9/2024;;Inköpsnämnden;2022-06-14;\n\
\n\
Kontorsmaterial;Kontorsmaterial;Lyreco;avtal;;04;;2025-03-31;2026-03-31 2027-3-31;X;;\n"
    );
    assert_eq!(
        errors(&text),
        vec![
            ContractImportError::UnknownKind {
                cell: cell(3, SheetColumn::Kind),
                text: "köpeavtal".to_owned()
            },
            ContractImportError::NotAPartyCode {
                cell: cell(3, SheetColumn::Callers),
                text: "Mora".to_owned()
            },
            ContractImportError::NotADate {
                cell: cell(3, SheetColumn::EndsOn),
                text: "30/9/2024".to_owned()
            },
            ContractImportError::BlankCell {
                cell: cell(5, SheetColumn::StartsOn)
            },
            ContractImportError::NotADate {
                cell: cell(5, SheetColumn::ExtensionOptions),
                text: "2027-3-31".to_owned()
            },
            ContractImportError::BlankCell {
                cell: cell(5, SheetColumn::DecidedOn)
            },
        ]
    );
}

#[test]
fn a_cell_with_line_breaks_stays_on_its_own_row() {
    let text = format!(
        "{HEADER}\r\n\
\"Städtjänster\r\nÖverförmyndare\nÅtvidaberg\";Lokalvård;Städbolaget;ramavtal;;04;2024-02-01;\
2026-01-31;;Inköpsnämnden;2023-11-14;\r\n\
Livsmedel;Livsmedel;Menigo;ramavtal;;04;2022-10-01;2024-09-31;;Inköpsnämnden;2022-06-14;\r\n"
    );
    assert_eq!(
        errors(&text),
        vec![ContractImportError::NotADate {
            cell: cell(3, SheetColumn::EndsOn),
            text: "2024-09-31".to_owned()
        }]
    );
}

#[test]
fn empty_columns_after_the_header_are_passed_over_unless_a_cell_in_them_holds_something() {
    let row = "Livsmedel;Livsmedel;Menigo;ramavtal;;04;2022-10-01;2024-09-30;;Inköpsnämnden;\
2022-06-14;";
    let sheet = read(&format!("{HEADER};;\n{row};;\n")).unwrap();
    assert_eq!(sheet.rows().len(), 1);
    assert_eq!(
        errors(&format!("{HEADER};;\n{row};;\n{row};;se avtalet\n")),
        vec![ContractImportError::CellWithoutHeader {
            row: 3,
            letter: "N".to_owned(),
            text: "se avtalet".to_owned()
        }]
    );
}

#[test]
fn an_error_is_placed_and_named_as_the_faces_show_it() {
    let error = ContractImportError::NotADate {
        cell: cell(5, SheetColumn::EndsOn),
        text: "30/9/2024".to_owned(),
    };
    assert_eq!(error.place().as_deref(), Some("rad 5, kolumn slutdatum"));
    assert_eq!(error.field(), "rows[5].slutdatum");
    assert_eq!(error.rule(), "contract_import.date_is_iso");
    assert_eq!(
        error.to_string(),
        "\"30/9/2024\" is not a date: write it as ÅÅÅÅ-MM-DD, such as 2024-02-01"
    );

    let missing = ContractImportError::MissingColumn {
        column: SheetColumn::Callers,
    };
    assert_eq!(
        missing.place().as_deref(),
        Some("rad 1, kolumn avropsberättigade")
    );
    assert_eq!(missing.field(), "columns.avropsberättigade");
    assert_eq!(ContractImportError::EmptyFile.place(), None);
    assert_eq!(ContractImportError::EmptyFile.field(), "file");

    let refused = ContractImportRefused {
        errors: vec![error, missing],
    };
    assert_eq!(
        refused.to_string(),
        "the contract sheet has 2 errors; nothing was imported\n\
rad 5, kolumn slutdatum: \"30/9/2024\" is not a date: write it as ÅÅÅÅ-MM-DD, such as 2024-02-01\n\
rad 1, kolumn avropsberättigade: the column avropsberättigade is missing: add it to the header row"
    );
}

#[test]
fn a_contract_id_follows_the_registry_number_whatever_its_case_and_blanks() {
    let cooperation = Uuid::from_u128(0x4000);
    let row = stadtjanster(2);
    let mut respelled = stadtjanster(7);
    respelled.registry_number = Some(" ink  2023/41".to_owned());
    respelled.title = "Städ".to_owned();
    assert_eq!(
        row.contract_id(cooperation),
        respelled.contract_id(cooperation)
    );
    assert_ne!(
        row.contract_id(cooperation),
        row.contract_id(Uuid::from_u128(0x4001))
    );
    assert_eq!(row.contract_id(cooperation).get_version_num(), 5);
}

#[test]
fn without_a_registry_number_a_contract_id_follows_title_supplier_and_first_day() {
    let cooperation = Uuid::from_u128(0x4000);
    let mut row = stadtjanster(2);
    row.registry_number = None;
    let mut recased = row.clone();
    recased.title = "STÄDTJÄNSTER  Överförmyndare Åtvidaberg".to_owned();
    recased.ends_on = day("2030-01-31");
    assert_eq!(
        row.contract_id(cooperation),
        recased.contract_id(cooperation)
    );
    let mut later = row.clone();
    later.starts_on = day("2026-02-01");
    assert_ne!(row.contract_id(cooperation), later.contract_id(cooperation));
}

#[test]
fn rows_are_numbered_as_the_spreadsheet_shows_them_whatever_the_line_endings() {
    let bad = "Livsmedel;Livsmedel;Menigo;ramavtal;;04;2022-10-01;2024-09-31;;Inköpsnämnden;\
2022-06-14;";
    for (ending, expected_row) in [("\r\n", 4), ("\n", 4), ("\r", 4)] {
        let text = format!("{HEADER}{ending}{STADTJANSTER_ROW}{ending}{ending}{bad}{ending}");
        assert_eq!(
            errors(&text),
            vec![ContractImportError::NotADate {
                cell: cell(expected_row, SheetColumn::EndsOn),
                text: "2024-09-31".to_owned()
            }],
            "{ending:?}"
        );
    }
    // Empty lines before the header are passed over: the header is row 1.
    assert_eq!(
        errors(&format!("\r\n\r\n{HEADER}\r\n{bad}\r\n")),
        vec![ContractImportError::NotADate {
            cell: cell(2, SheetColumn::EndsOn),
            text: "2024-09-31".to_owned()
        }]
    );
}
