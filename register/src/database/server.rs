use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};

use super::address::LocalServerAddress;
use super::BootstrapError;

/// Which step of the bootstrap found the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseSource {
    DatabaseUrl { host: String, port: u16 },
    LocalServer { address: LocalServerAddress },
    PrivateCluster { directory: PathBuf },
}

impl fmt::Display for DatabaseSource {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseSource::DatabaseUrl { host, port } => {
                write!(formatter, "DATABASE_URL (host {host}, port {port})")
            }
            DatabaseSource::LocalServer { address } => {
                write!(formatter, "the local PostgreSQL server at {address}")
            }
            DatabaseSource::PrivateCluster { directory } => {
                write!(formatter, "the private cluster in {}", directory.display())
            }
        }
    }
}

/// A PostgreSQL server that answered, and how to reach any database on it.
#[derive(Debug, Clone)]
pub struct PostgresServer {
    options: PgConnectOptions,
    source: DatabaseSource,
    /// The database to connect to when creating others: the one DATABASE_URL names, or `postgres`.
    maintenance_database: String,
    /// The database DATABASE_URL names, which is then the register's database.
    named_database: Option<String>,
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl PostgresServer {
    pub(super) fn new(
        options: PgConnectOptions,
        source: DatabaseSource,
        named_database: Option<String>,
    ) -> Self {
        let maintenance_database = named_database
            .clone()
            .unwrap_or_else(|| "postgres".to_owned());
        PostgresServer {
            options,
            source,
            maintenance_database,
            named_database,
        }
    }

    pub fn source(&self) -> &DatabaseSource {
        &self.source
    }

    /// Connection options for `database` on this server. PostgreSQL's notices (such as
    /// `relation "_sqlx_migrations" already exists, skipping` from every migration run) are not
    /// sent: sqlx would log each at INFO, though none says anything a user can act on. Warnings
    /// and errors still come.
    pub fn connect_options(&self, database: &str) -> PgConnectOptions {
        self.options
            .clone()
            .database(database)
            .options([("client_min_messages", "warning")])
    }

    /// A single connection to the maintenance database, for creating and dropping databases.
    /// Creating or dropping a database takes a second or more as a matter of course, so its
    /// statements are not logged, and never reported as slow.
    pub async fn maintenance_connection(&self) -> Result<PgConnection, BootstrapError> {
        let options = self
            .connect_options(&self.maintenance_database)
            .disable_statement_logging();
        match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
            Ok(Ok(connection)) => Ok(connection),
            Ok(Err(error)) => Err(self.unreachable(&self.maintenance_database, error)),
            Err(_) => Err(self.unreachable(&self.maintenance_database, sqlx::Error::PoolTimedOut)),
        }
    }

    /// Makes sure the register's database exists and returns its name. A database named by
    /// DATABASE_URL is used as it is: creating databases on someone else's server is not ours to do.
    pub async fn ensure_database(&self, requested: &str) -> Result<String, BootstrapError> {
        if let Some(named) = &self.named_database {
            return Ok(named.clone());
        }
        let mut connection = self.maintenance_connection().await?;
        let exists = database_exists(&mut connection, requested)
            .await
            .map_err(|error| self.unreachable(&self.maintenance_database, error))?;
        if !exists {
            create_database(&mut connection, requested, None).await?;
            tracing::info!("created database {requested}, which did not exist");
        }
        Ok(requested.to_owned())
    }

    /// The register's database name if it exists: the one DATABASE_URL names, or `requested`.
    pub async fn existing_database(&self, requested: &str) -> Result<String, BootstrapError> {
        let name = self.named_database.as_deref().unwrap_or(requested);
        let missing = || BootstrapError::DatabaseMissing {
            name: name.to_owned(),
            server: self.source.to_string(),
        };
        // DATABASE_URL's database is also the maintenance database: connecting to it is the check.
        let mut connection = match self.maintenance_connection().await {
            Ok(connection) => connection,
            Err(BootstrapError::Unreachable { error, .. }) if is_missing_database(&error) => {
                return Err(missing());
            }
            Err(error) => return Err(error),
        };
        let exists = database_exists(&mut connection, name)
            .await
            .map_err(|error| self.unreachable(&self.maintenance_database, error))?;
        if exists {
            Ok(name.to_owned())
        } else {
            Err(missing())
        }
    }

    /// A connection pool for `database`.
    pub async fn pool(&self, database: &str) -> Result<PgPool, BootstrapError> {
        self.pool_with(database, PgPoolOptions::new().max_connections(16))
            .await
    }

    pub async fn pool_with(
        &self,
        database: &str,
        pool_options: PgPoolOptions,
    ) -> Result<PgPool, BootstrapError> {
        self.pool_acquiring_within(database, pool_options, CONNECT_TIMEOUT)
            .await
    }

    /// A pool whose every request for a connection fails after `acquire_timeout` when none can
    /// be had: a server answers 503 that soon when the database is away, instead of hanging.
    pub async fn pool_acquiring_within(
        &self,
        database: &str,
        pool_options: PgPoolOptions,
        acquire_timeout: Duration,
    ) -> Result<PgPool, BootstrapError> {
        self.connect_pool(
            database,
            self.connect_options(database),
            pool_options,
            acquire_timeout,
        )
        .await
    }

    /// A pool for `database` as another role on the same server, without a password: for the
    /// application role on a server whose authentication samverkan set up (see `private_cluster`).
    pub async fn pool_as(
        &self,
        role: &str,
        database: &str,
        pool_options: PgPoolOptions,
        acquire_timeout: Duration,
    ) -> Result<PgPool, BootstrapError> {
        let as_role = self.connect_options(database).username(role).password("");
        self.connect_pool(database, as_role, pool_options, acquire_timeout)
            .await
    }

    async fn connect_pool(
        &self,
        database: &str,
        connect_options: PgConnectOptions,
        pool_options: PgPoolOptions,
        acquire_timeout: Duration,
    ) -> Result<PgPool, BootstrapError> {
        pool_options
            .acquire_timeout(acquire_timeout)
            .connect_with(connect_options)
            .await
            .map_err(|error| self.unreachable(database, error))
    }

    fn unreachable(&self, database: &str, error: sqlx::Error) -> BootstrapError {
        BootstrapError::Unreachable {
            source: format!("database {database} through {}", self.source),
            error,
        }
    }
}

/// Whether the server the connection belongs to has a database called `name`.
pub async fn database_exists(
    connection: &mut PgConnection,
    name: &str,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(connection)
        .await
}

/// Creates `name`, optionally as a copy of `template`. A concurrent creation of the same
/// database by another process counts as success.
pub async fn create_database(
    connection: &mut PgConnection,
    name: &str,
    template: Option<&str>,
) -> Result<(), BootstrapError> {
    let statement = match template {
        Some(template) => format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote_identifier(name),
            quote_identifier(template)
        ),
        // template0 with UTF-8 keeps the bytes the hash chain covers independent of the
        // server's default encoding.
        None => format!(
            "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0",
            quote_identifier(name)
        ),
    };
    match sqlx::raw_sql(&statement).execute(&mut *connection).await {
        Ok(_) => Ok(()),
        Err(sqlx::Error::Database(error)) if error.code().as_deref() == Some("42P04") => Ok(()),
        Err(error) => Err(BootstrapError::CreateDatabase {
            name: name.to_owned(),
            error,
        }),
    }
}

/// PostgreSQL's answer to a connection to a database that does not exist (SQLSTATE 3D000).
fn is_missing_database(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(error) if error.code().as_deref() == Some("3D000"))
}

/// Quotes an SQL identifier, doubling any quote inside it.
pub fn quote_identifier(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}
