//! The real `samverkan` binary, run as a user runs it, with its log lines switched off so that
//! standard error holds only what the command itself says.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::harness::TestDatabase;

/// Runs the binary against `db`, as the application role.
pub fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    samverkan_at(&db.url(), arguments)
}

/// Runs the binary against `database_url`.
pub fn samverkan_at(database_url: &str, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", database_url)
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap()
}

/// What the binary wrote, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn path_text(path: &Path) -> &str {
    path.to_str().unwrap()
}
