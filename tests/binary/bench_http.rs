//! `samverkan bench http`, run as a user runs it, at a small size: every decision recorded once
//! over the socket, every read answered, and the report saying so.

use std::process::Command;

use crate::support::harness::TestDatabase;

#[tokio::test]
async fn bench_http_records_every_item_once_and_reads_as_often_as_asked() {
    // The benchmark makes its own scratch database on the test's server, beside this one.
    let db = TestDatabase::new().await;

    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args([
            "bench",
            "http",
            "--agenda-items",
            "30",
            "--clients",
            "4",
            "--read-requests",
            "200",
            "--read-connections",
            "4",
        ])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.contains(&"decisions answered 201: 30"), "{stdout}");
    assert!(
        lines.contains(&"decisions answered otherwise: 0"),
        "{stdout}"
    );
    // The table's rows name their phase, then the number of requests it timed.
    let requests_of = |phase: &str| {
        lines
            .iter()
            .find_map(|line| line.trim_start().strip_prefix(phase))
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
    };
    assert_eq!(requests_of("decisions "), Some("30".to_owned()), "{stdout}");
    assert_eq!(
        requests_of("as-of reads "),
        Some("200".to_owned()),
        "{stdout}"
    );
    assert_eq!(requests_of("SELECT 1 "), Some("200".to_owned()), "{stdout}");
    assert!(
        stdout.contains("§ 1–30 of 2025 are each held once"),
        "{stdout}"
    );
}
