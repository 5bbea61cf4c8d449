//! Sessions of the web app: a person signs in with a token once, and the browser holds the
//! session's secret instead of the token's.
//!
//! A session lives until it expires or its holder signs out, and never longer than its token: it
//! is found only together with a token that has not been revoked, so revoking a token ends every
//! session signed in with it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::tokens::{secret_hash, token_from_row};
use super::{Token, TokenError, TokenStore};

/// A session as the web app sees it on each request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The token the person signed in with, as it is now.
    pub token: Token,
    /// The value every form of this session must carry.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A session just started, with the secret for the browser's cookie, shown this once.
#[derive(Debug, Clone)]
pub struct StartedSession {
    pub session: Session,
    pub secret: String,
}

/// The `web_sessions` table.
#[derive(Debug, Clone)]
pub struct SessionStore {
    pool: PgPool,
    tokens: TokenStore,
}

impl SessionStore {
    pub fn new(pool: PgPool) -> SessionStore {
        SessionStore {
            tokens: TokenStore::new(pool.clone()),
            pool,
        }
    }

    /// Starts a session for the live token whose secret this is, lasting `lifetime`; `None` when
    /// there is no such token, revoked or unknown alike.
    pub async fn start(
        &self,
        token_secret: &str,
        lifetime: Duration,
    ) -> Result<Option<StartedSession>, TokenError> {
        let Some(token) = self.tokens.authenticate(token_secret).await? else {
            return Ok(None);
        };
        let lifetime = chrono::Duration::from_std(lifetime)
            .map_err(|_| TokenError::SessionLifetimeOutOfRange)?;
        let secret = super::random_hex_256()?;
        let csrf_token = super::random_hex_256()?;
        let expires_at: DateTime<Utc> = sqlx::query_scalar(
            "INSERT INTO web_sessions (secret_sha256, token_id, csrf_token, expires_at)
             VALUES ($1, $2, $3, now() + $4)
             RETURNING expires_at",
        )
        .bind(secret_hash(&secret))
        .bind(token.id)
        .bind(&csrf_token)
        .bind(lifetime)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(StartedSession {
            session: Session {
                token,
                csrf_token,
                expires_at,
            },
            secret,
        }))
    }

    /// The session whose secret this is, while it has neither expired nor ended and its token is
    /// not revoked.
    pub async fn find(&self, secret: &str) -> Result<Option<Session>, TokenError> {
        type SessionRow = (
            String,
            DateTime<Utc>,
            Uuid,
            String,
            String,
            Vec<Uuid>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
        );
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT s.csrf_token, s.expires_at,
                    t.id, t.name, t.role, t.bodies, t.created_at, t.revoked_at, t.expires_at
               FROM web_sessions s JOIN api_tokens t ON t.id = s.token_id
              WHERE s.secret_sha256 = $1
                AND s.ended_at IS NULL AND s.expires_at > now()
                AND t.revoked_at IS NULL
                AND (t.expires_at IS NULL OR t.expires_at > now())",
        )
        .bind(secret_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        row.map(
            |(
                csrf_token,
                expires_at,
                id,
                name,
                role,
                bodies,
                created_at,
                revoked_at,
                token_expires_at,
            )| {
                Ok(Session {
                    token: token_from_row((
                        id,
                        name,
                        role,
                        bodies,
                        created_at,
                        revoked_at,
                        token_expires_at,
                    ))?,
                    csrf_token,
                    expires_at,
                })
            },
        )
        .transpose()
    }

    /// Ends the session whose secret this is, if it is still open; signing out twice is harmless.
    pub async fn end(&self, secret: &str) -> Result<(), TokenError> {
        sqlx::query(
            "UPDATE web_sessions SET ended_at = now()
              WHERE secret_sha256 = $1 AND ended_at IS NULL",
        )
        .bind(secret_hash(secret))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
