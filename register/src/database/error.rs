use std::path::PathBuf;

/// Why no database could be made ready. Messages say what to do; none contains a password.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error(
        "DATABASE_URL is not a PostgreSQL URL ({0}); expected postgres://USER@HOST:PORT/DATABASE"
    )]
    InvalidDatabaseUrl(sqlx::Error),
    #[error("could not connect to {source}: {error}")]
    Unreachable {
        source: String,
        #[source]
        error: sqlx::Error,
    },
    #[error("no PostgreSQL was found: no server answered at {tried}, and no PostgreSQL server binaries are installed (looked for pg_config --bindir and /usr/lib/postgresql/*/bin). Install PostgreSQL, for example `apt-get install postgresql`, or set DATABASE_URL=postgres://USER@HOST:PORT/DATABASE")]
    NoPostgres { tried: String },
    #[error("running as root, the private cluster must run as the `postgres` system user, and there is none: create it, or set DATABASE_URL")]
    NoPostgresSystemUser,
    #[error("the data directory {path} cannot be prepared: {error}")]
    DataDirectory {
        path: PathBuf,
        #[source]
        error: std::io::Error,
    },
    #[error("`{command}` failed ({status}); see {log} for the server's own words")]
    ClusterCommand {
        command: String,
        status: String,
        log: PathBuf,
    },
    #[error("the task that prepares the private cluster failed: {0}")]
    ClusterTask(#[source] tokio::task::JoinError),
    #[error("could not create database {name}: {error}")]
    CreateDatabase {
        name: String,
        #[source]
        error: sqlx::Error,
    },
    #[error("there is no private cluster in {directory}, so there is no register to read; give DATABASE_URL or --data-dir to name the one to use")]
    ClusterMissing { directory: PathBuf },
    #[error("there is no database {name} on {server}, so there is no register to read; give DATABASE_URL to name the one to use")]
    DatabaseMissing { name: String, server: String },
    #[error("database {name} on {server} holds no event log: it was never migrated by samverkan")]
    NoEventLog { name: String, server: String },
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database {name} lacks {pending} of samverkan's migrations, and the role {role} may not apply them: run `samverkan migrate` with the owner's DATABASE_URL first")]
    NotMigrated {
        name: String,
        pending: usize,
        role: String,
    },
    #[error("could not create or grant the application role {role}: {error}")]
    ApplicationRole {
        role: String,
        #[source]
        error: sqlx::Error,
    },
}
