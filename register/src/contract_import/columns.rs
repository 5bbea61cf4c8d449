//! The columns of a contract sheet, named by their Swedish headers as an administrator writes
//! them, with the English name of the register's field accepted too, so that a sheet exported
//! from the API's own names also reads.

use std::fmt;

/// One column of a contract sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SheetColumn {
    Title,
    Category,
    Supplier,
    Kind,
    RegistryNumber,
    Callers,
    StartsOn,
    EndsOn,
    ExtensionOptions,
    DecidedBy,
    DecidedOn,
    Paragraph,
}

impl SheetColumn {
    /// Every column, in the order a sheet usually has them.
    pub const ALL: [SheetColumn; 12] = [
        SheetColumn::Title,
        SheetColumn::Category,
        SheetColumn::Supplier,
        SheetColumn::Kind,
        SheetColumn::RegistryNumber,
        SheetColumn::Callers,
        SheetColumn::StartsOn,
        SheetColumn::EndsOn,
        SheetColumn::ExtensionOptions,
        SheetColumn::DecidedBy,
        SheetColumn::DecidedOn,
        SheetColumn::Paragraph,
    ];

    /// The Swedish header, as the sample sheet and the error messages name the column.
    pub fn swedish(self) -> &'static str {
        match self {
            SheetColumn::Title => "titel",
            SheetColumn::Category => "kategori",
            SheetColumn::Supplier => "leverantör",
            SheetColumn::Kind => "avtalstyp",
            SheetColumn::RegistryNumber => "diarienummer",
            SheetColumn::Callers => "avropsberättigade",
            SheetColumn::StartsOn => "startdatum",
            SheetColumn::EndsOn => "slutdatum",
            SheetColumn::ExtensionOptions => "förlängningsoptioner",
            SheetColumn::DecidedBy => "beslutat_av",
            SheetColumn::DecidedOn => "beslutsdatum",
            SheetColumn::Paragraph => "paragraf",
        }
    }

    /// The English header: the name of the field the column fills in the register.
    pub fn english(self) -> &'static str {
        match self {
            SheetColumn::Title => "title",
            SheetColumn::Category => "category",
            SheetColumn::Supplier => "supplier",
            SheetColumn::Kind => "kind",
            SheetColumn::RegistryNumber => "registry_number",
            SheetColumn::Callers => "callers",
            SheetColumn::StartsOn => "starts_on",
            SheetColumn::EndsOn => "ends_on",
            SheetColumn::ExtensionOptions => "extension_options",
            SheetColumn::DecidedBy => "issuer",
            SheetColumn::DecidedOn => "decided_on",
            SheetColumn::Paragraph => "reference",
        }
    }

    /// Whether a sheet must have the column. A contract without a registry number, options or
    /// a paragraph is common, so a sheet may leave those columns out altogether.
    pub fn required(self) -> bool {
        !matches!(
            self,
            SheetColumn::RegistryNumber | SheetColumn::ExtensionOptions | SheetColumn::Paragraph
        )
    }

    /// The column a header names, whatever its case and surrounding blanks, in Swedish or
    /// English; `None` for a header this sheet has no column for.
    pub fn named(header: &str) -> Option<SheetColumn> {
        let header = header.trim().to_lowercase();
        SheetColumn::ALL
            .into_iter()
            .find(|column| header == column.swedish() || header == column.english())
    }
}

impl fmt::Display for SheetColumn {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.swedish())
    }
}

/// The spreadsheet's letter for the column at `index` (from 0): A to Z, then AA, AB and on, so
/// that an error about a column without a header says where to look.
pub(super) fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut number = index + 1;
    while number > 0 {
        let remainder = (number - 1) % 26;
        letters.push(char::from(b'A' + remainder as u8));
        number = (number - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_names_its_column_in_swedish_or_english_whatever_its_case() {
        assert_eq!(
            SheetColumn::named(" Leverantör "),
            Some(SheetColumn::Supplier)
        );
        assert_eq!(
            SheetColumn::named("LEVERANTÖR"),
            Some(SheetColumn::Supplier)
        );
        assert_eq!(SheetColumn::named("supplier"), Some(SheetColumn::Supplier));
        assert_eq!(
            SheetColumn::named("beslutat_av"),
            Some(SheetColumn::DecidedBy)
        );
        assert_eq!(SheetColumn::named("issuer"), Some(SheetColumn::DecidedBy));
        assert_eq!(SheetColumn::named("leverantor"), None);
    }

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_letters_them() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(11), "L");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
