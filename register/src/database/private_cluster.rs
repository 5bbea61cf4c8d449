//! A PostgreSQL cluster of the register's own, under the data directory, reachable only through a
//! Unix socket. It is the last resort of the bootstrap, for machines that have PostgreSQL's
//! binaries but no running server.
//!
//! Layout, under the data directory (made canonical first, because PostgreSQL's tools run in
//! another working directory):
//! - `postgres/data`: the cluster (PGDATA);
//! - `postgres/.s.PGSQL.5432`: its socket; TCP is switched off. A Unix socket path may not exceed
//!   107 bytes, so when the data directory is too deep the socket goes to
//!   `/tmp/samverkan-HASH`, named after the data directory;
//! - `postgres/server.log` and `postgres/initdb.log`: what PostgreSQL said;
//! - `postgres.lock`: held while a process checks or starts the cluster.
//!
//! The cluster keeps running after the process that started it exits, so that the next command
//! starts in milliseconds. Stop it with `pg_ctl -D DATA_DIR/postgres/data stop`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nix::unistd::{chown, geteuid, User};
use sha2::{Digest, Sha256};

use super::roles::APPLICATION_ROLE;
use super::BootstrapError;

/// A running private cluster: its directory, and the directory of its socket.
#[derive(Debug, Clone)]
pub(super) struct RunningCluster {
    pub directory: PathBuf,
    pub socket_directory: PathBuf,
}

/// The longest socket path the kernel accepts (`sun_path` less its terminating zero).
const MAX_SOCKET_PATH: usize = 107;
const SOCKET_FILE: &str = ".s.PGSQL.5432";

/// PostgreSQL's server binaries: `pg_config --bindir` when it has them, else the newest
/// `/usr/lib/postgresql/*/bin` (Debian's layout).
pub fn find_postgres_bin_dir() -> Option<PathBuf> {
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| PathBuf::from(text.trim()));
    if let Some(bin_dir) = from_pg_config.filter(|dir| has_server_binaries(dir)) {
        return Some(bin_dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, bin_dir)| has_server_binaries(bin_dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin_dir)| bin_dir)
}

pub(super) fn has_server_binaries(bin_dir: &Path) -> bool {
    bin_dir.join("initdb").is_file() && bin_dir.join("pg_ctl").is_file()
}

/// Creates the cluster if it does not exist (and `create_missing` allows it) and starts it if it
/// is not running.
pub(super) async fn ensure_running(
    data_dir: &Path,
    bin_dir: &Path,
    superuser: &str,
    create_missing: bool,
) -> Result<RunningCluster, BootstrapError> {
    let data_dir = data_dir.to_owned();
    let bin_dir = bin_dir.to_owned();
    let superuser = superuser.to_owned();
    tokio::task::spawn_blocking(move || {
        if !create_missing && !data_dir.join("postgres/data/PG_VERSION").is_file() {
            return Err(BootstrapError::ClusterMissing {
                directory: data_dir.join("postgres"),
            });
        }
        ensure_running_blocking(&data_dir, &bin_dir, &superuser)
    })
    .await
    .map_err(BootstrapError::ClusterTask)?
}

/// Stops a private cluster, if one runs under `data_dir`.
pub async fn stop_private_cluster(data_dir: &Path, bin_dir: &Path) -> Result<(), BootstrapError> {
    if !data_dir.is_dir() {
        return Ok(());
    }
    let layout = Layout::new(data_dir)?;
    let bin_dir = bin_dir.to_owned();
    tokio::task::spawn_blocking(move || {
        let service_user = service_user()?;
        if !layout.pgdata.join("PG_VERSION").is_file()
            || !is_running(&bin_dir, &layout, service_user.as_ref())
        {
            return Ok(());
        }
        let mut pg_ctl = command(&bin_dir, "pg_ctl", &layout, service_user.as_ref());
        pg_ctl
            .arg("-D")
            .arg(&layout.pgdata)
            .args(["-m", "fast", "-w", "stop"]);
        run(pg_ctl, &layout.server_log, &[0], service_user.as_ref())
    })
    .await
    .map_err(BootstrapError::ClusterTask)?
}

struct Layout {
    directory: PathBuf,
    socket_directory: PathBuf,
    pgdata: PathBuf,
    server_log: PathBuf,
    initdb_log: PathBuf,
    lock: PathBuf,
}

impl Layout {
    /// The layout under `data_dir`, which must exist: its canonical path is what the cluster,
    /// its socket and the log lines name.
    fn new(data_dir: &Path) -> Result<Self, BootstrapError> {
        let data_dir =
            fs::canonicalize(data_dir).map_err(|error| BootstrapError::DataDirectory {
                path: data_dir.to_owned(),
                error,
            })?;
        let directory = data_dir.join("postgres");
        let socket_fits = directory.join(SOCKET_FILE).as_os_str().len() <= MAX_SOCKET_PATH;
        let socket_directory = if socket_fits {
            directory.clone()
        } else {
            let digest = Sha256::digest(directory.as_os_str().as_encoded_bytes());
            std::env::temp_dir().join(format!("samverkan-{}", hex::encode(&digest[..8])))
        };
        Ok(Layout {
            pgdata: directory.join("data"),
            server_log: directory.join("server.log"),
            initdb_log: directory.join("initdb.log"),
            lock: data_dir.join("postgres.lock"),
            directory,
            socket_directory,
        })
    }
}

/// Creates a directory only the cluster's user may enter. An existing one must belong to that
/// user: the socket directory may lie in the shared temporary directory, where someone else could
/// have made it first.
fn create_private_directory(path: &Path, owner: Option<&User>) -> Result<(), BootstrapError> {
    let io_error = |error| BootstrapError::DataDirectory {
        path: path.to_owned(),
        error,
    };
    if let Ok(metadata) = fs::symlink_metadata(path) {
        let expected_owner = owner.map_or_else(|| geteuid().as_raw(), |user| user.uid.as_raw());
        if !metadata.is_dir() || metadata.uid() != expected_owner {
            return Err(io_error(std::io::Error::other(
                "it exists but is not a directory owned by the cluster's user",
            )));
        }
        return Ok(());
    }
    fs::create_dir(path).map_err(io_error)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o700)).map_err(io_error)?;
    if let Some(user) = owner {
        chown(path, Some(user.uid), Some(user.gid)).map_err(|errno| io_error(errno.into()))?;
    }
    Ok(())
}

fn is_running(bin_dir: &Path, layout: &Layout, service_user: Option<&User>) -> bool {
    let mut status = command(bin_dir, "pg_ctl", layout, service_user);
    status
        .arg("-D")
        .arg(&layout.pgdata)
        .arg("status")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn ensure_running_blocking(
    data_dir: &Path,
    bin_dir: &Path,
    superuser: &str,
) -> Result<RunningCluster, BootstrapError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |error| BootstrapError::DataDirectory { path, error }
    };
    fs::create_dir_all(data_dir).map_err(io_error(data_dir))?;
    let layout = Layout::new(data_dir)?;
    // Several processes (a server, a CLI command, parallel test binaries) may start at once;
    // the lock lets exactly one of them create or start the cluster.
    let lock = File::create(&layout.lock).map_err(io_error(&layout.lock))?;
    lock.lock().map_err(io_error(&layout.lock))?;

    let service_user = service_user()?;
    create_private_directory(&layout.directory, service_user.as_ref())?;
    create_private_directory(&layout.socket_directory, service_user.as_ref())?;

    if !layout.pgdata.join("PG_VERSION").is_file() {
        // A PGDATA without PG_VERSION is what an interrupted initdb leaves; it holds nothing.
        if layout.pgdata.exists() {
            fs::remove_dir_all(&layout.pgdata).map_err(io_error(&layout.pgdata))?;
        }
        let mut initdb = command(bin_dir, "initdb", &layout, service_user.as_ref());
        initdb
            .arg("-D")
            .arg(&layout.pgdata)
            .arg(format!("--username={superuser}"))
            // Only the OS user who owns the register may connect, and only through the socket.
            .args(["--auth-local=peer", "--auth-host=scram-sha-256"])
            .args(["--encoding=UTF8", "--no-locale", "--no-instructions"]);
        run(initdb, &layout.initdb_log, &[0], service_user.as_ref())?;
        let settings = format!(
            "\n# Written by samverkan: a private cluster reachable only through its Unix socket.\nlisten_addresses = ''\nunix_socket_directories = '{}'\n",
            layout
                .socket_directory
                .display()
                .to_string()
                .replace('\'', "''")
        );
        let configuration = layout.pgdata.join("postgresql.conf");
        OpenOptions::new()
            .append(true)
            .open(&configuration)
            .and_then(|mut file| file.write_all(settings.as_bytes()))
            .map_err(io_error(&configuration))?;
        tracing::info!(directory = %layout.directory.display(), "created a private PostgreSQL cluster");
    }

    let authentication_changed = write_authentication(&layout, superuser)?;
    if !is_running(bin_dir, &layout, service_user.as_ref()) {
        let mut start = command(bin_dir, "pg_ctl", &layout, service_user.as_ref());
        start
            .arg("-D")
            .arg(&layout.pgdata)
            .arg("-l")
            .arg(&layout.server_log)
            .args(["-w", "-t", "60", "start"]);
        run(start, &layout.server_log, &[0], service_user.as_ref())?;
        tracing::info!(directory = %layout.directory.display(), "started the private PostgreSQL cluster");
    } else if authentication_changed {
        let mut reload = command(bin_dir, "pg_ctl", &layout, service_user.as_ref());
        reload.arg("-D").arg(&layout.pgdata).arg("reload");
        run(reload, &layout.server_log, &[0], service_user.as_ref())?;
    }
    Ok(RunningCluster {
        directory: layout.directory,
        socket_directory: layout.socket_directory,
    })
}

/// Who may connect: only the OS user who owns the register, only through the socket (peer
/// authentication), as the cluster's superuser or as the application role, which connects
/// without a password of its own. Written at every start, so that a cluster made by an earlier
/// version gains the application role; returns whether either file changed.
fn write_authentication(layout: &Layout, os_user: &str) -> Result<bool, BootstrapError> {
    let hba = "# Written by samverkan at every start: only the OS user who owns the register, through\n\
               # the Unix socket, as the superuser or as the application role (see pg_ident.conf).\n\
               local all all peer map=samverkan\n";
    let ident = format!(
        "# Written by samverkan at every start.\n\
         # MAPNAME  SYSTEM-USERNAME  PG-USERNAME\n\
         samverkan  {os_user}  {os_user}\n\
         samverkan  {os_user}  {APPLICATION_ROLE}\n"
    );
    let mut changed = false;
    for (file, text) in [("pg_hba.conf", hba.to_owned()), ("pg_ident.conf", ident)] {
        let path = layout.pgdata.join(file);
        if fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        // initdb made the file as the cluster's user; writing over it keeps its owner.
        fs::write(&path, text).map_err(|error| BootstrapError::DataDirectory { path, error })?;
        changed = true;
    }
    Ok(changed)
}

/// initdb and pg_ctl refuse to run as root; a root process runs them as `postgres`.
fn service_user() -> Result<Option<User>, BootstrapError> {
    if !geteuid().is_root() {
        return Ok(None);
    }
    match User::from_name("postgres") {
        Ok(Some(user)) => Ok(Some(user)),
        _ => Err(BootstrapError::NoPostgresSystemUser),
    }
}

fn command(bin_dir: &Path, program: &str, layout: &Layout, run_as: Option<&User>) -> Command {
    let mut command = Command::new(bin_dir.join(program));
    command.current_dir(&layout.directory).env("LC_ALL", "C");
    if let Some(user) = run_as {
        command.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        command
            .env("HOME", &layout.directory)
            .env("USER", &user.name);
    }
    command
}

/// Runs a PostgreSQL tool, its output appended to `log`, and accepts the exit codes in `success`.
/// The log belongs to the user the tool runs as, because the server appends to it as well.
fn run(
    mut command: Command,
    log: &Path,
    success: &[i32],
    run_as: Option<&User>,
) -> Result<(), BootstrapError> {
    let describe = format!("{command:?}");
    let log_error = |error: std::io::Error| BootstrapError::DataDirectory {
        path: log.to_owned(),
        error,
    };
    let output = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(log_error)?;
    if let Some(user) = run_as {
        chown(log, Some(user.uid), Some(user.gid)).map_err(|errno| log_error(errno.into()))?;
    }
    let errors = output.try_clone().map_err(log_error)?;
    let status = command
        .stdin(Stdio::null())
        .stdout(output)
        .stderr(errors)
        .status()
        .map_err(|error| BootstrapError::ClusterCommand {
            command: describe.clone(),
            status: error.to_string(),
            log: log.to_owned(),
        })?;
    match status.code() {
        Some(code) if success.contains(&code) => Ok(()),
        _ => Err(BootstrapError::ClusterCommand {
            command: describe,
            status: status.to_string(),
            log: log.to_owned(),
        }),
    }
}
