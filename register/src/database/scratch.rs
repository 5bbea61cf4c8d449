//! Scratch databases: fresh, migrated databases on the register's server that live for one piece
//! of work and are dropped afterwards, whatever happened. Benchmarks measure in them, and an
//! import rehearses a scenario in one before it writes anything to the register.

use std::future::Future;

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use uuid::Uuid;

use super::{
    create_database, locate_server, migrate, quote_identifier, BootstrapError, BootstrapOptions,
    DatabaseSource,
};

/// Runs `work` in a fresh, migrated scratch database, which is dropped afterwards whatever
/// happened, so that failed runs leave nothing behind.
pub async fn in_scratch_database<T, E, F, Fut>(
    bootstrap: &BootstrapOptions,
    prefix: &str,
    max_connections: u32,
    work: F,
) -> Result<(T, DatabaseSource), E>
where
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: From<BootstrapError> + From<sqlx::Error>,
{
    let server = locate_server(bootstrap).await?;
    let scratch = format!("{prefix}_{}", Uuid::new_v4().simple());
    let mut maintenance = server.maintenance_connection().await?;
    create_database(&mut maintenance, &scratch, None).await?;

    let outcome = async {
        let pool = server
            .pool_with(
                &scratch,
                PgPoolOptions::new().max_connections(max_connections),
            )
            .await?;
        let result = match migrate(&pool).await {
            Ok(()) => work(pool.clone()).await,
            Err(error) => Err(BootstrapError::from(error).into()),
        };
        pool.close().await;
        result
    }
    .await;

    let drop_statement = format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote_identifier(&scratch)
    );
    sqlx::raw_sql(&drop_statement)
        .execute(&mut maintenance)
        .await?;
    Ok((outcome?, server.source().clone()))
}
