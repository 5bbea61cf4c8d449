use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use super::address::{LocalServerAddress, DEFAULT_PORT};
use super::private_cluster::{self, find_postgres_bin_dir, has_server_binaries};
use super::{BootstrapError, BootstrapOptions, DatabaseSource, PostgresServer};

const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Finds the server to use, in the documented order, and logs which one it is.
pub async fn locate_server(options: &BootstrapOptions) -> Result<PostgresServer, BootstrapError> {
    if let Some(url) = &options.database_url {
        let connect_options =
            PgConnectOptions::from_str(url).map_err(BootstrapError::InvalidDatabaseUrl)?;
        let host = match connect_options.get_socket() {
            Some(directory) => directory.display().to_string(),
            None => connect_options.get_host().to_owned(),
        };
        let source = DatabaseSource::DatabaseUrl {
            host,
            port: connect_options.get_port(),
        };
        let named = connect_options.get_database().map(str::to_owned);
        // `open` logs the one line that says which database is used; scratch databases find
        // their server here too, so this stays out of the default log.
        tracing::debug!(%source, "found the PostgreSQL server DATABASE_URL names");
        return Ok(PostgresServer::new(connect_options, source, named));
    }

    let user = current_os_user();
    let mut tried = Vec::new();
    for address in &options.local_servers {
        tried.push(address.to_string());
        if let LocalServerAddress::Socket(directory) = address {
            if !socket_exists(directory) {
                continue;
            }
        }
        let connect_options = address.connect_options(&user);
        match probe(&connect_options).await {
            Ok(()) => {
                let source = DatabaseSource::LocalServer {
                    address: address.clone(),
                };
                tracing::debug!(%source, %user, "found the local PostgreSQL server");
                return Ok(PostgresServer::new(connect_options, source, None));
            }
            Err(error) => {
                // Not a warning: the next place is tried, and the database finally used is
                // logged; this line says why the first choice was passed over.
                tracing::info!(%error, "the PostgreSQL server at {address} did not accept {user}; trying the next place");
            }
        }
    }

    let bin_dir = match &options.postgres_bin_dirs {
        Some(candidates) => candidates
            .iter()
            .find(|bin_dir| has_server_binaries(bin_dir))
            .cloned(),
        None => find_postgres_bin_dir(),
    };
    let Some(bin_dir) = bin_dir else {
        return Err(BootstrapError::NoPostgres {
            tried: if tried.is_empty() {
                "no address".to_owned()
            } else {
                tried.join(", ")
            },
        });
    };
    let cluster =
        private_cluster::ensure_running(&options.data_dir, &bin_dir, &user, options.create_missing)
            .await?;
    let connect_options =
        LocalServerAddress::Socket(cluster.socket_directory).connect_options(&user);
    let source = DatabaseSource::PrivateCluster {
        directory: cluster.directory,
    };
    tracing::debug!(%source, bin_dir = %bin_dir.display(), "found the private PostgreSQL cluster");
    Ok(PostgresServer::new(connect_options, source, None))
}

fn socket_exists(directory: &Path) -> bool {
    directory.join(format!(".s.PGSQL.{DEFAULT_PORT}")).exists()
}

async fn probe(options: &PgConnectOptions) -> Result<(), sqlx::Error> {
    let options = options
        .clone()
        .database("postgres")
        .disable_statement_logging();
    let connection = tokio::time::timeout(PROBE_TIMEOUT, PgConnection::connect_with(&options))
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)??;
    connection.close().await
}

/// The name of the OS user this process runs as, which is also the PostgreSQL role it asks for.
pub(super) fn current_os_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::geteuid())
        .ok()
        .flatten()
        .map(|user| user.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "postgres".to_owned())
}
