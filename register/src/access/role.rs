use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a token may do.
///
/// - A **secretary** (nämndsekreterare) records what happens in the bodies the token is scoped to:
///   seat plans, appointments, meetings, decisions and goals.
/// - An **auditor** (revisor) reads everything and writes nothing.
/// - An **administrator** (administratör) manages parties, cooperations, bodies, governing
///   documents, mandates, obligations and the outside decisions they rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Secretary,
    Auditor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Secretary, Role::Auditor, Role::Administrator];

    /// The name stored in `api_tokens.role` and written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Secretary => "secretary",
            Role::Auditor => "auditor",
            Role::Administrator => "administrator",
        }
    }
}

impl Role {
    /// The role with its indefinite article, for messages: "a secretary", "an auditor".
    pub fn with_article(self) -> &'static str {
        match self {
            Role::Secretary => "a secretary",
            Role::Auditor => "an auditor",
            Role::Administrator => "an administrator",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a role: use secretary, auditor or administrator")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(text: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| UnknownRole(text.to_owned()))
    }
}
