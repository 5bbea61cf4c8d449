//! What a test asks of the log itself, outside the register: how much it holds, and what an
//! event's stored payload says. A refused write must leave the count unchanged.

use serde_json::Value;

use crate::support::api_client::Api;

/// How many events the log holds: what a refused write must leave unchanged.
pub(crate) async fn event_count(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

/// The stored payload of the event at `position`.
pub(crate) async fn payload_at(api: &Api, position: u64) -> Value {
    sqlx::query_scalar("SELECT payload FROM events WHERE position = $1")
        .bind(i64::try_from(position).unwrap())
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}
