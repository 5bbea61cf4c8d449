//! Finds or starts a PostgreSQL server, creates the register's database and migrates it.
//!
//! The order is fixed and logged, so that a user always knows which database they are looking at:
//! 1. `DATABASE_URL`, when it is set;
//! 2. a PostgreSQL server on this machine, as the current OS user: its Unix socket first, then
//!    127.0.0.1:5432; the database is created if missing;
//! 3. a private cluster under the data directory, when PostgreSQL's server binaries are installed;
//! 4. otherwise an error that says how to install PostgreSQL or set `DATABASE_URL`.
//!
//! The test harness goes through the same bootstrap.

mod address;
mod application_pool;
mod error;
mod locate;
mod migrations;
mod private_cluster;
pub mod roles;
mod scratch;
mod server;

use std::path::PathBuf;
use std::time::Duration;

pub use address::LocalServerAddress;
pub use error::BootstrapError;
pub use locate::locate_server;
pub use migrations::{migrate, pending_migrations, MIGRATOR};

use application_pool::{application_pool, grant_application_role, warn_when_able_to_rewrite};
use migrations::migrate_when_behind;
pub use private_cluster::{find_postgres_bin_dir, stop_private_cluster};
pub use roles::{
    application_grants, ensure_application_role, InvalidRoleName, RoleName, APPLICATION_ROLE,
};
pub use scratch::in_scratch_database;
pub use server::{
    create_database, database_exists, quote_identifier, DatabaseSource, PostgresServer,
};

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

/// The database the register uses when nothing else is said.
pub const DEFAULT_DATABASE_NAME: &str = "samverkan";

/// Everything the bootstrap needs to know; [`BootstrapOptions::new`] gives the standard order.
#[derive(Debug, Clone)]
pub struct BootstrapOptions {
    /// Step 1: a URL that names the server and the database.
    pub database_url: Option<String>,
    /// Step 2: where a local server may answer, tried in order.
    pub local_servers: Vec<LocalServerAddress>,
    /// Step 3: where the private cluster lives.
    pub data_dir: PathBuf,
    /// Step 3: directories that may hold PostgreSQL's server binaries, tried in order; `None`
    /// searches the usual places (see [`find_postgres_bin_dir`]).
    pub postgres_bin_dirs: Option<Vec<PathBuf>>,
    /// Steps 2 and 3: the database to use, created when missing.
    pub database_name: String,
    /// Whether a missing private cluster or database may be created. Commands that only read,
    /// such as `verify`, say no: checking a log must never make one.
    pub create_missing: bool,
    /// How long [`open`]'s pool waits for a connection before the request needing it fails.
    pub pool_acquire_timeout: Duration,
}

impl BootstrapOptions {
    pub fn new(database_url: Option<String>, data_dir: PathBuf) -> Self {
        BootstrapOptions {
            database_url,
            local_servers: LocalServerAddress::standard(),
            data_dir,
            postgres_bin_dirs: None,
            database_name: DEFAULT_DATABASE_NAME.to_owned(),
            create_missing: true,
            pool_acquire_timeout: DEFAULT_POOL_ACQUIRE_TIMEOUT,
        }
    }
}

/// How long a pool waits for a connection unless told otherwise: long enough for a database
/// that is slow to accept one, for the commands run at a console.
pub const DEFAULT_POOL_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The register's database, connected and migrated.
#[derive(Debug, Clone)]
pub struct Database {
    pub pool: PgPool,
    pub source: DatabaseSource,
    pub name: String,
}

/// Opens the register's database as it is: nothing is created or migrated, and a database
/// without an event log is an error. For commands that only read, and for those that write to a
/// register that must already exist (`checkpoint`, `replay`, `import-contracts`): where samverkan
/// set the server up, they connect as the application role, as `open` does.
pub async fn open_existing(options: &BootstrapOptions) -> Result<Database, BootstrapError> {
    let options = BootstrapOptions {
        create_missing: false,
        ..options.clone()
    };
    let server = locate_server(&options).await?;
    let name = server.existing_database(&options.database_name).await?;
    let pool = server.pool(&name).await?;
    let has_event_log: bool =
        sqlx::query_scalar("SELECT to_regclass('event_log_head') IS NOT NULL")
            .fetch_one(&pool)
            .await
            .map_err(|error| BootstrapError::Unreachable {
                source: format!("database {name} through {}", server.source()),
                error,
            })?;
    if !has_event_log {
        return Err(BootstrapError::NoEventLog {
            name,
            server: server.source().to_string(),
        });
    }
    let pool = match server.source() {
        DatabaseSource::DatabaseUrl { .. } => pool,
        DatabaseSource::LocalServer { .. } | DatabaseSource::PrivateCluster { .. } => {
            application_pool(&server, &name, pool, &options).await?
        }
    };
    Ok(opened(&server, name, pool, Role::AsConnected))
}

/// Runs the whole bootstrap for a command that serves or writes: find the server, create the
/// database if needed, migrate it, and connect as the application role (see [`roles`]).
///
/// - Where samverkan found or set up the server itself (a local server, the private cluster), it
///   migrates as the owner, creates the application role and its grants, and connects as that
///   role. A local server that will not let the role log in (peer authentication for another OS
///   user, say) is used as the owner, with a warning that says how to change it.
/// - With DATABASE_URL, its role is used as it is. It migrates only a database that lacks
///   migrations, and an application role that may not is told to run `samverkan migrate` as the
///   owner. A role that could rewrite the log (a superuser, or the owner of `events`) is warned.
pub async fn open(options: &BootstrapOptions) -> Result<Database, BootstrapError> {
    let (server, name, pool) = connect(options).await?;
    let pool = match server.source() {
        DatabaseSource::DatabaseUrl { .. } => {
            migrate_when_behind(&name, &pool).await?;
            warn_when_able_to_rewrite(&pool, &name).await;
            pool
        }
        DatabaseSource::LocalServer { .. } | DatabaseSource::PrivateCluster { .. } => {
            migrate(&pool).await?;
            grant_application_role(&pool).await?;
            application_pool(&server, &name, pool, options).await?
        }
    };
    Ok(opened(&server, name, pool, Role::AsConnected))
}

/// The bootstrap for the owner's own commands (`migrate`, `restore`): find the server, create
/// the database if needed, migrate it as the role connected, and, where samverkan set the server
/// up, create the application role and its grants. The pool stays the owner's. With DATABASE_URL
/// a database already up to date is left as it is, whoever connects.
pub async fn open_as_owner(options: &BootstrapOptions) -> Result<Database, BootstrapError> {
    let (server, name, pool) = connect(options).await?;
    match server.source() {
        DatabaseSource::DatabaseUrl { .. } => migrate_when_behind(&name, &pool).await?,
        DatabaseSource::LocalServer { .. } | DatabaseSource::PrivateCluster { .. } => {
            migrate(&pool).await?;
            grant_application_role(&pool).await?;
        }
    }
    Ok(opened(&server, name, pool, Role::Owner))
}

/// Whom a log line says the database was opened as.
enum Role {
    AsConnected,
    Owner,
}

/// The database as opened, after the one line that says which it is, through what, and as whom.
fn opened(server: &PostgresServer, name: String, pool: PgPool, role: Role) -> Database {
    let user = pool.connect_options().get_username().to_owned();
    let whom = match role {
        Role::AsConnected => user,
        Role::Owner => format!("the owner, {user}"),
    };
    tracing::info!(
        "using database {name} through {} as {whom}",
        server.source()
    );
    Database {
        pool,
        source: server.source().clone(),
        name,
    }
}

/// The server, the register's database (created when missing) and a pool as the role the
/// bootstrap found.
async fn connect(
    options: &BootstrapOptions,
) -> Result<(PostgresServer, String, PgPool), BootstrapError> {
    let server = locate_server(options).await?;
    let name = server.ensure_database(&options.database_name).await?;
    let pool = server
        .pool_acquiring_within(
            &name,
            PgPoolOptions::new().max_connections(16),
            options.pool_acquire_timeout,
        )
        .await?;
    Ok((server, name, pool))
}
