//! The database bootstrap, in its documented order.

use std::path::{Path, PathBuf};

use eventlog::{LogReader, Position};
use register::database::{
    find_postgres_bin_dir, open, open_as_owner, quote_identifier, stop_private_cluster,
    BootstrapError, BootstrapOptions, DatabaseSource, LocalServerAddress, APPLICATION_ROLE,
};
use uuid::Uuid;

use crate::support::harness::{self, TestDatabase};

/// Where the harness's own server answers, as a local address.
fn harness_server_address() -> LocalServerAddress {
    let options = harness::server_connect_options("postgres");
    match options.get_socket() {
        Some(directory) => LocalServerAddress::Socket(directory.clone()),
        None => LocalServerAddress::Tcp {
            host: options.get_host().to_owned(),
            port: options.get_port(),
        },
    }
}

async fn drop_database(name: &str) {
    let mut connection = harness::server()
        .await
        .maintenance_connection()
        .await
        .unwrap();
    sqlx::raw_sql(&format!(
        "DROP DATABASE {} WITH (FORCE)",
        quote_identifier(name)
    ))
    .execute(&mut connection)
    .await
    .unwrap();
}

#[tokio::test]
async fn database_url_comes_first_and_names_the_database() {
    let db = TestDatabase::new().await;
    let options = BootstrapOptions {
        // A local server that would answer, to show that DATABASE_URL wins over it.
        local_servers: vec![harness_server_address()],
        ..BootstrapOptions::new(Some(db.url()), PathBuf::from("/nonexistent"))
    };
    let database = open(&options).await.unwrap();
    assert!(matches!(
        database.source,
        DatabaseSource::DatabaseUrl { .. }
    ));
    assert_eq!(database.name, db.name);
}

#[tokio::test]
async fn a_local_server_is_used_as_the_os_user_and_the_database_created() {
    harness::server().await;
    let address = harness_server_address();
    let name = format!("samverkan_bootstrap_{}", Uuid::new_v4().simple());
    let options = BootstrapOptions {
        local_servers: vec![
            LocalServerAddress::Socket("/nonexistent/socket/dir".into()),
            address.clone(),
        ],
        database_name: name.clone(),
        ..BootstrapOptions::new(None, PathBuf::from("/nonexistent"))
    };
    let database = open(&options).await.unwrap();
    assert_eq!(database.source, DatabaseSource::LocalServer { address });
    assert_eq!(database.name, name);
    let head = LogReader::new(database.pool.clone()).head().await.unwrap();
    assert_eq!(head.position, Position::GENESIS);
    database.pool.close().await;
    drop_database(&name).await;
}

/// `target`, written relative to the working directory, as a user's `--data-dir .samverkan` is.
fn relative_to_working_directory(target: &Path) -> PathBuf {
    let working_directory = std::env::current_dir().unwrap();
    let mut relative = PathBuf::new();
    for _ in working_directory.components().skip(1) {
        relative.push("..");
    }
    relative.join(target.strip_prefix("/").unwrap())
}

#[tokio::test]
async fn a_private_cluster_is_made_when_no_server_answers_and_reused_after() {
    let bin_dir = find_postgres_bin_dir()
        .expect("the suite needs PostgreSQL's server binaries, which .ci/run installs");
    let data_dir = harness::test_clusters_dir().join(format!(
        "bootstrap-{}",
        &Uuid::new_v4().simple().to_string()[..8]
    ));
    std::fs::create_dir_all(&data_dir).unwrap();
    let options = BootstrapOptions {
        local_servers: Vec::new(),
        postgres_bin_dirs: Some(vec![PathBuf::from("/nonexistent"), bin_dir.clone()]),
        ..BootstrapOptions::new(None, relative_to_working_directory(&data_dir))
    };

    let first = open(&options).await.unwrap();
    let second = open(&options).await.unwrap();
    let heads = (
        LogReader::new(first.pool.clone())
            .head()
            .await
            .unwrap()
            .position,
        LogReader::new(second.pool.clone())
            .head()
            .await
            .unwrap()
            .position,
    );
    // A serving command connects as the application role, which the bootstrap created and the
    // cluster's own authentication lets in; the owner's command stays the owner, a superuser.
    let serving_role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&first.pool)
        .await
        .unwrap();
    let owner = open_as_owner(&options).await.unwrap();
    let settings: (String, String) = sqlx::query_as(
        "SELECT current_setting('listen_addresses'), current_setting('data_directory')",
    )
    .fetch_one(&owner.pool)
    .await
    .unwrap();
    first.pool.close().await;
    second.pool.close().await;
    owner.pool.close().await;
    stop_private_cluster(&data_dir, &bin_dir).await.unwrap();
    // Stopping a cluster that is not running is not an error.
    stop_private_cluster(&data_dir, &bin_dir).await.unwrap();
    let canonical_data_dir = std::fs::canonicalize(&data_dir).unwrap();
    std::fs::remove_dir_all(&data_dir).unwrap();

    let expected = DatabaseSource::PrivateCluster {
        directory: canonical_data_dir.join("postgres"),
    };
    assert_eq!((first.source, second.source), (expected.clone(), expected));
    assert_eq!(
        (first.name.as_str(), second.name.as_str()),
        ("samverkan", "samverkan")
    );
    assert_eq!(heads, (Position::GENESIS, Position::GENESIS));
    assert_eq!(serving_role, APPLICATION_ROLE);
    assert_eq!(
        settings,
        (
            String::new(),
            canonical_data_dir
                .join("postgres/data")
                .display()
                .to_string()
        )
    );
}

#[tokio::test]
async fn a_data_directory_too_deep_for_a_socket_puts_the_socket_in_the_temporary_directory() {
    let bin_dir = find_postgres_bin_dir()
        .expect("the suite needs PostgreSQL's server binaries, which .ci/run installs");
    let root = harness::test_clusters_dir().join(format!(
        "deep-{}",
        &Uuid::new_v4().simple().to_string()[..8]
    ));
    let data_dir = root.join("a-directory-name-long-enough-to-push-the-socket-path".repeat(2));
    let options = BootstrapOptions {
        local_servers: Vec::new(),
        postgres_bin_dirs: Some(vec![bin_dir.clone()]),
        ..BootstrapOptions::new(None, data_dir.clone())
    };
    let database = open_as_owner(&options).await.unwrap();
    let socket_directory: String =
        sqlx::query_scalar("SELECT current_setting('unix_socket_directories')")
            .fetch_one(&database.pool)
            .await
            .unwrap();
    database.pool.close().await;
    stop_private_cluster(&data_dir, &bin_dir).await.unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::remove_dir_all(&socket_directory).unwrap();

    assert!(data_dir.join("postgres/.s.PGSQL.5432").as_os_str().len() > 107);
    assert!(
        socket_directory.starts_with(&format!("{}/samverkan-", std::env::temp_dir().display())),
        "{socket_directory}"
    );
}

#[tokio::test]
async fn without_any_postgres_the_error_says_how_to_get_one() {
    let options = BootstrapOptions {
        local_servers: vec![LocalServerAddress::Tcp {
            host: "127.0.0.1".into(),
            port: 1,
        }],
        postgres_bin_dirs: Some(Vec::new()),
        ..BootstrapOptions::new(None, PathBuf::from("/nonexistent"))
    };
    let error = open(&options).await.unwrap_err();
    assert!(matches!(&error, BootstrapError::NoPostgres { tried } if tried == "127.0.0.1:1"));
    let message = error.to_string();
    assert!(message.contains("apt-get install postgresql"), "{message}");
    assert!(message.contains("DATABASE_URL="), "{message}");
}

#[tokio::test]
async fn reading_commands_never_make_a_private_cluster() {
    let bin_dir = find_postgres_bin_dir()
        .expect("the suite needs PostgreSQL's server binaries, which .ci/run installs");
    let data_dir = harness::test_clusters_dir().join(format!(
        "never-{}",
        &Uuid::new_v4().simple().to_string()[..8]
    ));
    let options = BootstrapOptions {
        local_servers: Vec::new(),
        postgres_bin_dirs: Some(vec![bin_dir]),
        ..BootstrapOptions::new(None, data_dir.clone())
    };
    let error = register::database::open_existing(&options)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, BootstrapError::ClusterMissing { directory } if *directory == data_dir.join("postgres")),
        "{error}"
    );
    assert!(!data_dir.exists());
}
