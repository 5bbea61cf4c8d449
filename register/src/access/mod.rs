//! Who may use the API: bearer tokens, their roles, and the bodies a secretary writes for.
//!
//! A token is created at the console (`samverkan token create`) and shown once. The database
//! keeps only its SHA-256, its role and its scope; revoking sets a date and never deletes, because
//! the event log names the token as the actor of everything it wrote.

mod role;
mod tokens;

pub use role::{Role, UnknownRole};
pub use tokens::{CreatedToken, Token, TokenError, TokenStore};
