//! The pool a serving command uses where samverkan set the server up: as the application role,
//! after creating it and granting it what it needs; and the warning for a DATABASE_URL whose role
//! could rewrite the log.

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

use super::roles::{ensure_application_role, RoleName};
use super::{BootstrapError, BootstrapOptions, PostgresServer};

/// Creates the application role and grants it what it needs, on a connection of the owner's.
pub(super) async fn grant_application_role(pool: &PgPool) -> Result<(), BootstrapError> {
    let role = RoleName::application();
    let mut connection = pool
        .acquire()
        .await
        .map_err(|error| BootstrapError::ApplicationRole {
            role: role.as_str().to_owned(),
            error,
        })?;
    ensure_application_role(&mut connection, &role).await
}

/// A pool as the application role on the server samverkan set up, or the owner's pool with a
/// warning when the server will not let that role log in.
pub(super) async fn application_pool(
    server: &PostgresServer,
    name: &str,
    owner_pool: PgPool,
    options: &BootstrapOptions,
) -> Result<PgPool, BootstrapError> {
    let role = RoleName::application();
    match server
        .pool_as(
            role.as_str(),
            name,
            PgPoolOptions::new().max_connections(16),
            options.pool_acquire_timeout,
        )
        .await
    {
        Ok(pool) => {
            owner_pool.close().await;
            Ok(pool)
        }
        Err(BootstrapError::Unreachable { error, .. }) if is_refused_login(&error) => {
            tracing::warn!(
                role = role.as_str(),
                %error,
                "the PostgreSQL server did not let the application role log in, so the register is used as its owner, which could rewrite the event log; allow the role in pg_hba.conf, or set DATABASE_URL to the role (see the README's section on database roles)"
            );
            Ok(owner_pool)
        }
        Err(error) => Err(error),
    }
}

/// PostgreSQL's refusal of a login: SQLSTATE 28000 (invalid authorization) or 28P01 (wrong
/// password).
fn is_refused_login(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(error)
        if matches!(error.code().as_deref(), Some("28000" | "28P01")))
}

/// Warns when a role from DATABASE_URL could rewrite the log: a superuser, or a member of the
/// role that owns `events`. The check is advice; a failed check is left unsaid.
pub(super) async fn warn_when_able_to_rewrite(pool: &PgPool, name: &str) {
    let able: Result<Option<(String, bool)>, sqlx::Error> = sqlx::query_as(
        "SELECT current_user::text,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                OR pg_has_role(current_user, class.relowner, 'MEMBER')
           FROM pg_class class WHERE class.oid = to_regclass('events')",
    )
    .fetch_optional(pool)
    .await;
    if let Ok(Some((role, true))) = able {
        tracing::warn!(
            %role,
            "DATABASE_URL connects to {name} as {role}, which may alter or disable the event log's guards; serve as an application role instead (`samverkan migrate --print-grants`)"
        );
    }
}
