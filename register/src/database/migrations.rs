use std::collections::BTreeSet;

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::PgPool;

use super::BootstrapError;

/// The SQL migrations in `migrations/`, embedded at compile time. A shipped migration is never
/// edited: sqlx checks each one's checksum and refuses a database migrated by a different text.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// Applies every migration the database lacks. Safe to run at every start and from several
/// processes at once: sqlx takes an advisory lock for the duration.
pub async fn migrate(pool: &PgPool) -> Result<(), MigrateError> {
    MIGRATOR.run(pool).await
}

/// How many of the migrations the database lacks, read without the right to migrate: the
/// application role may read `_sqlx_migrations` but not create it, which sqlx's own check does.
pub async fn pending_migrations(pool: &PgPool) -> Result<usize, sqlx::Error> {
    let has_table: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    let applied: BTreeSet<i64> = if has_table {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect()
    } else {
        BTreeSet::new()
    };
    Ok(MIGRATOR
        .iter()
        .filter(|migration| !applied.contains(&migration.version))
        .count())
}

/// Migrates a database named by DATABASE_URL only when it lacks migrations, because checking by
/// migrating needs the right to create sqlx's table, which an application role does not have.
pub(super) async fn migrate_when_behind(name: &str, pool: &PgPool) -> Result<(), BootstrapError> {
    let unreachable = |error| BootstrapError::Unreachable {
        source: format!("database {name}"),
        error,
    };
    let pending = pending_migrations(pool).await.map_err(unreachable)?;
    if pending == 0 {
        return Ok(());
    }
    match migrate(pool).await {
        Ok(()) => Ok(()),
        Err(MigrateError::Execute(sqlx::Error::Database(error)))
            if error.code().as_deref() == Some(INSUFFICIENT_PRIVILEGE) =>
        {
            let role = sqlx::query_scalar("SELECT current_user::text")
                .fetch_one(pool)
                .await
                .map_err(unreachable)?;
            Err(BootstrapError::NotMigrated {
                name: name.to_owned(),
                pending,
                role,
            })
        }
        Err(error) => Err(error.into()),
    }
}

/// SQLSTATE 42501: the role lacks a privilege the statement needs.
const INSUFFICIENT_PRIVILEGE: &str = "42501";
