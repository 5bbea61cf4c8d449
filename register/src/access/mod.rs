//! Who may use the register: bearer tokens, their roles, the bodies a secretary writes for, and
//! the web app's sessions signed in with a token.
//!
//! A token is created at the console (`samverkan token create`) and shown once. The database
//! keeps only its SHA-256, its role and its scope; revoking sets a date and never deletes, because
//! the event log names the token as the actor of everything it wrote.

mod role;
mod sessions;
mod token_cache;
mod tokens;

pub use role::{Role, UnknownRole};
pub use sessions::{Session, SessionStore, StartedSession};
pub use token_cache::DEFAULT_TIME_TO_LIVE as TOKEN_CACHE_TIME_TO_LIVE;
pub use tokens::{CreatedToken, Token, TokenError, TokenStore};

/// 256 random bits from the operating system, as 64 hex digits: the secret of a token or a
/// session, and a session's CSRF token.
fn random_hex_256() -> Result<String, TokenError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|error| TokenError::NoRandomness(error.to_string()))?;
    Ok(hex::encode(random))
}
