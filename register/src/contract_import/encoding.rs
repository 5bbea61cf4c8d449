//! Which encoding a spreadsheet's CSV file is in. Swedish Excel writes "CSV (semikolonavgränsad)"
//! in Windows-1252 and "CSV UTF-8" with a byte order mark; other tools write UTF-8 without one.
//! Text that is valid UTF-8 is read as UTF-8: Windows-1252 text with å, ä or ö is almost never
//! valid UTF-8, because those letters are single bytes above 127 that UTF-8 never leaves alone.
//! Anything else is read as Windows-1252, which gives every byte a character, so no file is
//! unreadable for its encoding.

use std::fmt;

use serde::Serialize;
use utoipa::ToSchema;

/// The byte order mark Excel's "CSV UTF-8" starts with.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The byte order marks of UTF-16, which Excel writes for "Unicode text": tab-separated, and
/// not a CSV file this reader takes.
const UTF16_BOMS: [&[u8]; 2] = [b"\xFF\xFE", b"\xFE\xFF"];

/// The encoding a sheet was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
pub enum SheetEncoding {
    /// UTF-8 without a byte order mark.
    #[serde(rename = "utf-8")]
    Utf8,
    /// UTF-8 with a byte order mark, as Excel's "CSV UTF-8" writes it.
    #[serde(rename = "utf-8-bom")]
    Utf8WithBom,
    /// Windows-1252, as Swedish Excel's "CSV (semikolonavgränsad)" writes it.
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl fmt::Display for SheetEncoding {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            SheetEncoding::Utf8 => "UTF-8",
            SheetEncoding::Utf8WithBom => "UTF-8 with byte order mark",
            SheetEncoding::Windows1252 => "Windows-1252",
        })
    }
}

/// The file is UTF-16, which this reader does not take (see [`UTF16_BOMS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Utf16;

/// The text of `bytes` without any byte order mark, and the encoding it was read in.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, SheetEncoding), Utf16> {
    if UTF16_BOMS.iter().any(|bom| bytes.starts_with(bom)) {
        return Err(Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        if let Ok(text) = std::str::from_utf8(rest) {
            return Ok((text.to_owned(), SheetEncoding::Utf8WithBom));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), SheetEncoding::Utf8));
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Ok((text.into_owned(), SheetEncoding::Windows1252))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_utf8_with_or_without_its_byte_order_mark() {
        assert_eq!(
            decode("Städtjänster".as_bytes()),
            Ok(("Städtjänster".to_owned(), SheetEncoding::Utf8))
        );
        assert_eq!(
            decode("\u{feff}Städtjänster".as_bytes()),
            Ok(("Städtjänster".to_owned(), SheetEncoding::Utf8WithBom))
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_as_windows_1252() {
        // "Överförmyndare Åtvidaberg" as Swedish Excel writes it, with the euro sign's 0x80.
        let bytes = b"\xD6verf\xF6rmyndare \xC5tvidaberg \x80";
        assert_eq!(
            decode(bytes),
            Ok((
                "Överförmyndare Åtvidaberg €".to_owned(),
                SheetEncoding::Windows1252
            ))
        );
    }

    #[test]
    fn a_byte_order_mark_before_windows_1252_bytes_is_read_as_windows_1252() {
        let (text, encoding) = decode(b"\xEF\xBB\xBF\xE5").unwrap();
        assert_eq!(encoding, SheetEncoding::Windows1252);
        assert_eq!(text, "ï»¿å");
    }

    #[test]
    fn utf16_is_refused() {
        assert_eq!(decode(b"\xFF\xFEt\x00"), Err(Utf16));
        assert_eq!(decode(b"\xFE\xFF\x00t"), Err(Utf16));
    }
}
