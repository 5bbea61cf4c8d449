use sqlx::migrate::{MigrateError, Migrator};
use sqlx::PgPool;

/// The SQL migrations in `migrations/`, embedded at compile time. A shipped migration is never
/// edited: sqlx checks each one's checksum and refuses a database migrated by a different text.
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations");

/// Applies every migration the database lacks. Safe to run at every start and from several
/// processes at once: sqlx takes an advisory lock for the duration.
pub async fn migrate(pool: &PgPool) -> Result<(), MigrateError> {
    MIGRATOR.run(pool).await
}
