use std::fmt;

use serde::{Deserialize, Serialize};

/// The official code of a party: a municipality's four-digit kommunkod (Mora is 2062) or a
/// region's two-digit länskod (Region Sörmland is 04).
///
/// Codes are kept as text because leading zeros matter: Haninge is 0136, not 136.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(example = "2062")]
pub struct PartyCode(String);

/// A code that is not a kommunkod or a länskod.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code:?} is not an official party code: a municipality has four digits (kommunkod), a region two (länskod)")]
pub struct PartyCodeError {
    pub code: String,
}

impl PartyCode {
    pub fn parse(code: &str) -> Result<Self, PartyCodeError> {
        let is_official =
            matches!(code.len(), 2 | 4) && code.bytes().all(|byte| byte.is_ascii_digit());
        if is_official {
            Ok(PartyCode(code.to_owned()))
        } else {
            Err(PartyCodeError {
                code: code.to_owned(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Regions have two-digit codes, municipalities four.
    pub fn is_region(&self) -> bool {
        self.0.len() == 2
    }
}

impl TryFrom<String> for PartyCode {
    type Error = PartyCodeError;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        PartyCode::parse(&code)
    }
}

impl From<PartyCode> for String {
    fn from(code: PartyCode) -> String {
        code.0
    }
}

impl fmt::Display for PartyCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_and_region_codes_are_accepted() {
        assert_eq!(
            PartyCode::parse("0136").map(|code| code.is_region()),
            Ok(false)
        );
        assert_eq!(
            PartyCode::parse("04").map(|code| code.is_region()),
            Ok(true)
        );
    }

    #[test]
    fn other_codes_are_refused_with_the_code() {
        for code in ["136", "20622", "", "20a2", "٠٤"] {
            assert_eq!(
                PartyCode::parse(code),
                Err(PartyCodeError { code: code.into() }),
                "{code:?}"
            );
        }
    }

    #[test]
    fn stored_codes_are_validated_when_loaded() {
        let error = serde_json::from_str::<PartyCode>("\"12345\"")
            .expect_err("a five-digit code must not load");
        assert!(error.to_string().contains("not an official party code"));
    }
}
