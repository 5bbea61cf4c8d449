//! Contract sheets as an administrator saves them from a spreadsheet, for the suites that import
//! them into seed 004's Inköpsnämnden (Region Sörmland 04 and Region Västmanland 19): the header,
//! rows of illustrative framework agreements, a register of 200 of them, and the same text in
//! the encodings and with the separators spreadsheets write.

use std::path::PathBuf;

/// The header row, in Swedish, as the sample sheet has it.
pub(crate) const HEADER: &str = "titel;kategori;leverantör;avtalstyp;diarienummer;\
avropsberättigade;startdatum;slutdatum;förlängningsoptioner;beslutat_av;beslutsdatum;paragraf";

/// The sample sheet in `data/contracts/`, seven contracts of Inköpsnämnden.
pub(crate) fn example_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/contracts/example-avtalsregister.csv")
}

/// One row: a framework agreement for both regions, two years from `starts_on` to `ends_on`
/// with an option of a year, awarded by Inköpsnämnden.
pub(crate) fn row(title: &str, registry_number: &str, starts_on: &str, ends_on: &str) -> String {
    format!(
        "{title};Förbrukningsmaterial;Leverantören i Sörmland AB;ramavtal;{registry_number};04 19;\
{starts_on};{ends_on};;Inköpsnämnden;2023-11-14;§ 9"
    )
}

/// A sheet of the header and `rows`, each line ended as Excel ends it.
pub(crate) fn sheet(rows: &[String]) -> String {
    let mut text = format!("{HEADER}\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text
}

/// 200 framework agreements, INK 2024/1 to INK 2024/200, each of its own month.
pub(crate) fn two_hundred_rows() -> Vec<String> {
    (1..=200)
        .map(|number| {
            let year = 2020 + (number - 1) / 12;
            let month = (number - 1) % 12 + 1;
            row(
                &format!("Ramavtal {number:03}"),
                &format!("INK 2024/{number}"),
                &format!("{year}-{month:02}-01"),
                &format!("{}-{month:02}-01", year + 2),
            )
        })
        .collect()
}

/// `text` as Windows-1252, as Swedish Excel saves "CSV (semikolonavgränsad)". Written out here
/// rather than with the encoder the register reads with, so the test does not check the reader
/// against itself; it knows the Swedish letters and the section sign, which is all a sheet here
/// holds beyond ASCII.
pub(crate) fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|character| match character {
            'å' => 0xE5,
            'ä' => 0xE4,
            'ö' => 0xF6,
            'Å' => 0xC5,
            'Ä' => 0xC4,
            'Ö' => 0xD6,
            '§' => 0xA7,
            ascii if ascii.is_ascii() => ascii as u8,
            other => panic!("{other:?} is not written by this test's Windows-1252"),
        })
        .collect()
}
