use std::fmt;

use serde::{Deserialize, Serialize};

/// A mandate category: lower-case words joined by `/`, from the general to the particular.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
pub struct Category(String);

/// Text that is not a category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a category: give lower-case words separated by '/', such as \"upphandling/byggentreprenader\"")]
pub struct CategoryError {
    pub text: String,
}

impl Category {
    pub fn parse(text: &str) -> Result<Self, CategoryError> {
        let valid = !text.is_empty()
            && text.split('/').all(|part| {
                !part.is_empty()
                    && part.chars().all(|character| {
                        character.is_lowercase()
                            || character.is_ascii_digit()
                            || character == '-'
                            || character == '_'
                    })
            });
        if valid {
            Ok(Category(text.to_owned()))
        } else {
            Err(CategoryError {
                text: text.to_owned(),
            })
        }
    }

    /// Whether `self` is `other` or lies below it.
    pub fn is_within(&self, other: &Category) -> bool {
        self.0 == other.0
            || self
                .0
                .strip_prefix(other.0.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Category {
    type Error = CategoryError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Category::parse(&text)
    }
}

impl From<Category> for String {
    fn from(category: Category) -> String {
        category.0
    }
}

impl fmt::Display for Category {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}
