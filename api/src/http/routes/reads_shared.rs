//! What the read endpoints share beyond [`ReadParams`](crate::http::reading::ReadParams): the
//! 404 for an id the register has never recorded, and pinning a read to one log position.

use cqrs_es::Aggregate;
use projections::{KnownAt, ReadAt, ReadModel};
use sqlx::PgPool;

use crate::http::reading::{from_query_error, ReadParams};
use crate::http::ApiError;

/// Answers 404 unless the register has recorded at least one event of the `A` stream `id`.
///
/// A resource counts as known when its stream exists in the log at all, not only at `known_at`
/// or on `as_of`: a body read on a day before it was established, or as known before it was
/// recorded, exists all the same, and its answer is simply empty for that moment.
pub async fn require_recorded<A: Aggregate>(
    pool: &PgPool,
    resource: &'static str,
    id: &str,
) -> Result<(), ApiError> {
    let recorded: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM events WHERE aggregate_type = $1 AND aggregate_id = $2)",
    )
    .bind(A::TYPE)
    .bind(id)
    .fetch_one(pool)
    .await
    .map_err(|error| ApiError::internal(&error))?;
    if recorded {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            resource,
            id: id.to_owned(),
        })
    }
}

/// Fixes `read_at` to the log position `model` answers it at, so that a query that does not
/// report its own `known_at` can be answered with it, and every later step reads the same state.
/// It waits for `min_position` here, once; the pinned read needs no wait.
pub async fn pinned(
    pool: &PgPool,
    model: ReadModel,
    read_at: ReadAt,
    params: &ReadParams,
) -> Result<(ReadAt, u64), ApiError> {
    let resolved = read_at
        .resolve(pool, model)
        .await
        .map_err(|error| from_query_error(error, params))?;
    let pinned = ReadAt {
        known_at: KnownAt::Position(resolved.known_at),
        min_position: None,
        ..read_at
    };
    Ok((pinned, resolved.known_at.get()))
}
