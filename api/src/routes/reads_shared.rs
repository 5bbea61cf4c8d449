//! What the read endpoints share beyond [`Reading`]: the 404 for an id the register has never
//! recorded, and pinning a read to one log position.

use projections::{KnownAt, ReadAt, ReadModel};
use sqlx::PgPool;

pub use crate::command::require_recorded;
use crate::reading::Reading;
use crate::ApiError;

/// Fixes `read_at` to the log position `model` answers it at, so that a query that does not
/// report its own `known_at` can be answered with it, and every later step reads the same state.
/// It waits for `min_position` here, once; the pinned read needs no wait.
pub async fn pinned(
    pool: &PgPool,
    model: ReadModel,
    read_at: ReadAt,
    reading: &Reading,
) -> Result<(ReadAt, u64), ApiError> {
    let resolved = read_at
        .resolve(pool, model)
        .await
        .map_err(|error| reading.query_error(error))?;
    let pinned = ReadAt {
        known_at: KnownAt::Position(resolved.known_at),
        min_position: None,
        ..read_at
    };
    Ok((pinned, resolved.known_at.get()))
}
