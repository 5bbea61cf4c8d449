use chrono::{DateTime, Utc};
use cqrs_es::Aggregate;
use domain::body::Body;
use eventlog::LogIndex;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::token_cache::{TokenCache, DEFAULT_TIME_TO_LIVE};
use super::{Role, UnknownRole};

/// What every secret starts with, so that a leaked one is recognisable in logs and by scanners.
const SECRET_PREFIX: &str = "svk_";

/// A token as the register keeps it: everything but the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// The bodies a secretary writes for; empty for other roles.
    pub bodies: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the token stops working, if it was made to.
    pub expires_at: Option<DateTime<Utc>>,
}

impl Token {
    /// Whether the token has expired by `now`.
    pub fn has_expired_by(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|expires_at| expires_at <= now)
    }

    /// Whether this token may write for `body_id`.
    pub fn is_scoped_to(&self, body_id: Uuid) -> bool {
        self.bodies.contains(&body_id)
    }
}

/// A token just created, with the secret that is shown this once and never stored.
#[derive(Debug, Clone)]
pub struct CreatedToken {
    pub token: Token,
    pub secret: String,
}

/// Why a token could not be created, found or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(
        "a secretary token needs at least one --body: secretaries write only for their bodies"
    )]
    SecretaryWithoutBodies,
    #[error("--body applies to secretaries only; {} is not scoped to bodies", role.with_article())]
    BodiesOnlyForSecretaries { role: Role },
    #[error("--body {body_id}: there is no body {body_id} in the register")]
    UnknownBody { body_id: Uuid },
    #[error("--name must not be empty")]
    EmptyName,
    #[error("there is no token {token_id}")]
    UnknownToken { token_id: Uuid },
    #[error("token {token_id} was already revoked at {revoked_at}")]
    AlreadyRevoked {
        token_id: Uuid,
        revoked_at: DateTime<Utc>,
    },
    #[error("the operating system gave no random bytes for the secret: {0}")]
    NoRandomness(String),
    /// A token would expire at a moment already past.
    #[error("--expires: {expires_at} has passed; a token must expire in the future")]
    ExpiryPassed { expires_at: DateTime<Utc> },
    #[error("a session must last between a second and a few centuries")]
    SessionLifetimeOutOfRange,
    #[error("the token table holds a role this version does not know: {0}")]
    StoredRole(#[from] UnknownRole),
    #[error("the token or session table could not be read or written: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the event log could not be read: {0}")]
    Log(#[from] eventlog::LookupError),
}

/// The `api_tokens` table, and for a server the tokens it verified (see `token_cache`).
#[derive(Clone)]
pub struct TokenStore {
    pool: PgPool,
    cache: Option<Arc<TokenCache<Token>>>,
}

impl std::fmt::Debug for TokenStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("TokenStore")
            .field("pool", &self.pool)
            .field("cached", &self.cache.is_some())
            .finish()
    }
}

pub(super) type TokenRow = (
    Uuid,
    String,
    String,
    Vec<Uuid>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

const TOKEN_COLUMNS: &str = "id, name, role, bodies, created_at, revoked_at, expires_at";

/// The condition a token must meet to be used: not revoked, and not expired.
const LIVE: &str = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())";

pub(super) fn token_from_row(row: TokenRow) -> Result<Token, TokenError> {
    let (id, name, role, bodies, created_at, revoked_at, expires_at) = row;
    Ok(Token {
        id,
        name,
        role: role.parse()?,
        bodies,
        created_at,
        revoked_at,
        expires_at,
    })
}

pub(super) fn secret_hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

impl TokenStore {
    /// The tokens as the command line manages them: every lookup reads the table.
    pub fn new(pool: PgPool) -> TokenStore {
        TokenStore { pool, cache: None }
    }

    /// The tokens as a server verifies them: a verified token is kept in memory for
    /// [`DEFAULT_TIME_TO_LIVE`] at most, and forgotten the moment any token changes anywhere.
    pub fn cached(pool: PgPool) -> TokenStore {
        TokenStore::cached_for(pool, DEFAULT_TIME_TO_LIVE)
    }

    /// A cached store whose tokens are kept for `time_to_live` at most.
    pub fn cached_for(pool: PgPool, time_to_live: Duration) -> TokenStore {
        TokenStore {
            cache: Some(TokenCache::new(pool.clone(), time_to_live)),
            pool,
        }
    }

    /// Creates a token and returns it with its secret. A secretary must be scoped to at least
    /// one body, and every body must be in the register; other roles take no bodies.
    pub async fn create(
        &self,
        role: Role,
        bodies: &[Uuid],
        name: Option<&str>,
    ) -> Result<CreatedToken, TokenError> {
        self.create_expiring(role, bodies, name, None).await
    }

    /// Creates a token as [`TokenStore::create`] does, which stops working at `expires_at`
    /// when one is given; that moment must lie ahead.
    pub async fn create_expiring(
        &self,
        role: Role,
        bodies: &[Uuid],
        name: Option<&str>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<CreatedToken, TokenError> {
        if let Some(expires_at) = expires_at.filter(|expires_at| *expires_at <= Utc::now()) {
            return Err(TokenError::ExpiryPassed { expires_at });
        }
        match (role, bodies.is_empty()) {
            (Role::Secretary, true) => return Err(TokenError::SecretaryWithoutBodies),
            (Role::Auditor | Role::Administrator, false) => {
                return Err(TokenError::BodiesOnlyForSecretaries { role })
            }
            _ => {}
        }
        let name = match name {
            Some(name) if name.trim().is_empty() => return Err(TokenError::EmptyName),
            Some(name) => name.trim().to_owned(),
            None => format!("{role} token"),
        };
        for &body_id in bodies {
            let known = LogIndex::new(self.pool.clone())
                .stream_exists(Body::TYPE, &body_id.to_string())
                .await?;
            if !known {
                return Err(TokenError::UnknownBody { body_id });
            }
        }
        let secret = format!("{SECRET_PREFIX}{}", super::random_hex_256()?);
        let mut unique_bodies = bodies.to_vec();
        unique_bodies.sort_unstable();
        unique_bodies.dedup();
        let row: TokenRow = sqlx::query_as(&format!(
            "INSERT INTO api_tokens (id, name, role, bodies, secret_sha256, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(Uuid::new_v4())
        .bind(&name)
        .bind(role.as_str())
        .bind(&unique_bodies)
        .bind(secret_hash(&secret))
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?;
        Ok(CreatedToken {
            token: token_from_row(row)?,
            secret,
        })
    }

    /// Every token, revoked ones included, oldest first.
    pub async fn list(&self) -> Result<Vec<Token>, TokenError> {
        let rows: Vec<TokenRow> = sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(token_from_row).collect()
    }

    /// When each token that has been used was last used, by token id: to the ten seconds a
    /// server keeps a verified token in memory, since only a lookup in the database is noted.
    pub async fn last_uses(&self) -> Result<HashMap<Uuid, DateTime<Utc>>, TokenError> {
        let uses: Vec<(Uuid, DateTime<Utc>)> =
            sqlx::query_as("SELECT token_id, last_used_at FROM api_token_uses")
                .fetch_all(&self.pool)
                .await?;
        Ok(uses.into_iter().collect())
    }

    /// Revokes a token from now on. A revoked token stays listed, so that the actors the log
    /// names can still be looked up.
    pub async fn revoke(&self, token_id: Uuid) -> Result<Token, TokenError> {
        // This store forgets at once; every other learns it from the trigger's notification.
        if let Some(cache) = &self.cache {
            cache.forget_all();
        }
        let revoked: Option<TokenRow> = sqlx::query_as(&format!(
            "UPDATE api_tokens SET revoked_at = now()
              WHERE id = $1 AND revoked_at IS NULL
             RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(token_id)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(row) = revoked {
            return token_from_row(row);
        }
        let existing: Option<TokenRow> = sqlx::query_as(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1"
        ))
        .bind(token_id)
        .fetch_optional(&self.pool)
        .await?;
        match existing.map(token_from_row).transpose()? {
            Some(Token {
                revoked_at: Some(revoked_at),
                ..
            }) => Err(TokenError::AlreadyRevoked {
                token_id,
                revoked_at,
            }),
            _ => Err(TokenError::UnknownToken { token_id }),
        }
    }

    /// Whether a verified token for this secret is kept in memory now, so that the next
    /// [`TokenStore::authenticate`] will not ask the database: what a test or a diagnosis asks.
    pub fn keeps(&self, secret: &str) -> bool {
        self.cache
            .as_ref()
            .is_some_and(|cache| cache.find(&secret_hash(secret)).is_ok())
    }

    /// The live token whose secret this is, if any. Unknown, revoked and expired secrets are
    /// alike to the caller, so that a probe learns nothing about which tokens exist. Finding a
    /// token in the database notes its use, in the same statement.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Token>, TokenError> {
        let hash = secret_hash(secret);
        let lookup = match &self.cache {
            Some(cache) => match cache.find(&hash) {
                // A token kept in memory may expire while it is kept.
                Ok(token) if token.has_expired_by(Utc::now()) => return Ok(None),
                Ok(token) => return Ok(Some(token)),
                Err(lookup) => Some(lookup),
            },
            None => None,
        };
        let row: Option<TokenRow> = sqlx::query_as(&format!(
            "WITH found AS (
                 SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE secret_sha256 = $1 AND {LIVE}
             ), used AS (
                 INSERT INTO api_token_uses (token_id, last_used_at)
                 SELECT id, now() FROM found
                 ON CONFLICT (token_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at
             )
             SELECT {TOKEN_COLUMNS} FROM found"
        ))
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?;
        let token = row.map(token_from_row).transpose()?;
        // Only live tokens are kept: a secret unknown now may be created a moment later.
        if let (Some(cache), Some(lookup), Some(token)) = (&self.cache, lookup, &token) {
            cache.keep(lookup, hash, token.clone());
        }
        Ok(token)
    }
}
