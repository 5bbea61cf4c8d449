//! Where a read model lives: its schemas, its checkpoint, and the lock that orders its writers.
//!
//! A read model's live tables are in the schema `read_<name>`. A rebuild fills
//! `read_<name>_rebuild` and swaps it in by renaming both schemas in one transaction, so that
//! readers see either the old tables or the new ones, never a half-built set. Each schema holds
//! its own checkpoint table, so the swap moves the tables and their checkpoint together.

use eventlog::Position;
use sqlx::{PgConnection, Row};

use crate::{ProjectionError, ReadModel};

/// The two schemas a read model can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// The tables queries read and the runner keeps up to date.
    Live,
    /// The tables a rebuild fills before they are swapped in or compared.
    Rebuild,
}

impl ReadModel {
    /// The schema of one side. Names are built from a fixed list, never from user input.
    pub(crate) fn schema(self, side: Side) -> String {
        match side {
            Side::Live => format!("read_{}", self.name()),
            Side::Rebuild => format!("read_{}_rebuild", self.name()),
        }
    }

    /// The schema a swap moves the old live tables to before dropping them.
    pub(crate) fn retired_schema(self) -> String {
        format!("read_{}_retired", self.name())
    }

    /// The key of the transaction-scoped advisory lock that every write to the read model holds:
    /// the runner's batches and a rebuild's final catch-up and swap. It is taken before any of
    /// the read model's tables is touched, so a swap cannot deadlock against a batch.
    fn writer_lock_key(self) -> String {
        format!("samverkan.read_model.{}.writer", self.name())
    }

    /// The key of the session-scoped advisory lock a rebuild holds from start to end, so that two
    /// replays of one read model cannot fill the same rebuild schema at once.
    pub(crate) fn rebuild_lock_key(self) -> String {
        format!("samverkan.read_model.{}.rebuild", self.name())
    }
}

/// Where a schema's checkpoint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    /// The last position applied; the genesis when none was.
    pub position: Position,
    /// The read-model version that built the schema.
    pub version: i32,
}

/// Waits for, then holds until the transaction ends, the right to write to `model`.
pub(crate) async fn lock_writer(
    connection: &mut PgConnection,
    model: ReadModel,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(model.writer_lock_key())
        .execute(connection)
        .await?;
    Ok(())
}

/// Puts one schema of `model` first on the search path for the rest of the transaction, so that
/// the read model's code names its tables without a schema.
pub(crate) async fn use_schema(
    connection: &mut PgConnection,
    model: ReadModel,
    side: Side,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT set_config('search_path', $1 || ', public', true)")
        .bind(model.schema(side))
        .execute(connection)
        .await?;
    Ok(())
}

/// Whether the schema exists.
pub(crate) async fn schema_exists(
    connection: &mut PgConnection,
    schema: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
        .bind(schema)
        .fetch_one(connection)
        .await
}

/// Creates the schema of one side, empty, with its checkpoint at the genesis, replacing any
/// schema of that name. Runs inside the caller's transaction.
pub(crate) async fn create_empty(
    connection: &mut PgConnection,
    model: ReadModel,
    side: Side,
) -> Result<(), sqlx::Error> {
    let schema = model.schema(side);
    sqlx::raw_sql(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};"
    ))
    .execute(&mut *connection)
    .await?;
    use_schema(connection, model, side).await?;
    sqlx::raw_sql(CHECKPOINT_SQL)
        .execute(&mut *connection)
        .await?;
    sqlx::raw_sql(model.schema_sql())
        .execute(&mut *connection)
        .await?;
    sqlx::query("INSERT INTO checkpoint (position, version) VALUES (0, $1)")
        .bind(model.version())
        .execute(connection)
        .await?;
    Ok(())
}

const CHECKPOINT_SQL: &str = "
CREATE TABLE checkpoint
(
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position  bigint  NOT NULL CHECK (position >= 0),
    version   integer NOT NULL
);";

/// The checkpoint of the schema first on the search path.
pub(crate) async fn read_checkpoint(
    connection: &mut PgConnection,
) -> Result<Checkpoint, ProjectionError> {
    let row = sqlx::query("SELECT position, version FROM checkpoint")
        .fetch_one(connection)
        .await?;
    Ok(Checkpoint {
        position: Position::from_stored(row.try_get("position")?)
            .map_err(eventlog::LogReadError::from)?,
        version: row.try_get("version")?,
    })
}

/// Moves the checkpoint of the schema first on the search path.
pub(crate) async fn write_checkpoint(
    connection: &mut PgConnection,
    position: Position,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE checkpoint SET position = $1")
        .bind(position.as_stored())
        .execute(connection)
        .await?;
    Ok(())
}
