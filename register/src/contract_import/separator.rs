//! Which character separates the cells: Swedish Excel writes a semicolon, because the comma is
//! the Swedish decimal sign; Excel in English, and most other tools, a comma. The header row
//! decides, since every header is a plain word and no header holds either character.

use std::fmt;

use serde::Serialize;
use utoipa::ToSchema;

/// The character between the cells of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    Semicolon,
    Comma,
}

impl Separator {
    pub fn as_byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
        }
    }
}

impl fmt::Display for Separator {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Separator::Semicolon => "semicolon (;)",
            Separator::Comma => "comma (,)",
        })
    }
}

/// The separator of the header row, the first line of `text`: the one it holds more of outside
/// quotes. A header with neither is one column, read with a semicolon as Swedish Excel writes.
pub(super) fn detect(text: &str) -> Separator {
    let (mut semicolons, mut commas, mut quoted) = (0_usize, 0_usize, false);
    for character in text.chars() {
        match character {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if commas > semicolons {
        Separator::Comma
    } else {
        Separator::Semicolon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_row_decides_the_separator() {
        assert_eq!(
            detect("titel;kategori;leverantör\r\nA, B;C;D"),
            Separator::Semicolon
        );
        assert_eq!(
            detect("titel,kategori,leverantör\nA;B,C,D"),
            Separator::Comma
        );
    }

    #[test]
    fn separators_inside_quotes_do_not_count() {
        assert_eq!(detect("\"a,b,c\";titel;kategori"), Separator::Semicolon);
        assert_eq!(detect("\"a;b;c\",titel,kategori"), Separator::Comma);
    }

    #[test]
    fn a_header_of_one_column_is_read_with_a_semicolon() {
        assert_eq!(detect("titel\nLivsmedel, torrvaror"), Separator::Semicolon);
    }
}
