//! The database away for 15 s under four readers and four writers: the test's own database is
//! closed to connections and its sessions ended, as a failover or a restart of the database
//! server would, while the shared server keeps serving every other test.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{
    administrator, cooperation, events_by_key, request, retry_until_answered, verify, Answer,
    Server,
};
use crate::support::harness::{server as postgres_server, TestDatabase};

const READERS: usize = 4;
const WRITERS: usize = 4;
/// Beside the API's clients, one person reading the web app's front page.
const WEB_READERS: usize = 1;
const OUTAGE: Duration = Duration::from_secs(15);

/// When a request was answered, and how.
#[derive(Debug, Clone)]
struct Exchange {
    at: Instant,
    /// How long the request took to be answered.
    took: Duration,
    web: bool,
    key: Option<String>,
    answer: Option<Answer>,
}

#[tokio::test]
async fn while_the_database_is_away_every_answer_is_a_503_with_retry_after_and_nothing_is_lost() {
    let db = TestDatabase::new().await;
    let authorization = administrator(&db).await;
    // A short request timeout gives a short lease, so that keys the outage cut off are answered
    // soon after it.
    let server = Server::start(&db, &["--request-timeout-seconds", "3"]).await;
    let address = server.address;
    let cookie = super::signed_in(address, &authorization).await;

    let stop = Arc::new(AtomicBool::new(false));
    let exchanges = Arc::new(Mutex::new(Vec::<Exchange>::new()));
    let mut clients = Vec::new();
    for client in 0..READERS + WRITERS + WEB_READERS {
        let stop = stop.clone();
        let exchanges = exchanges.clone();
        let authorization = authorization.clone();
        let cookie = cookie.clone();
        clients.push(tokio::spawn(async move {
            for number in 0.. {
                if stop.load(Ordering::Acquire) {
                    break;
                }
                let sent = Instant::now();
                let (key, answer) = if client < READERS {
                    let answer = request(
                        address,
                        "GET",
                        "/api/v1/cooperations",
                        &[("Authorization", authorization.as_str())],
                        None,
                    )
                    .await;
                    (None, answer)
                } else if client >= READERS + WRITERS {
                    let answer =
                        request(address, "GET", "/", &[("Cookie", cookie.as_str())], None).await;
                    (None, answer)
                } else {
                    let key = format!("writer-{client}-request-{number}");
                    let answer = request(
                        address,
                        "POST",
                        "/api/v1/cooperations",
                        &[
                            ("Authorization", authorization.as_str()),
                            ("Idempotency-Key", key.as_str()),
                        ],
                        Some(&cooperation(&key)),
                    )
                    .await;
                    (Some(key), answer)
                };
                exchanges.lock().unwrap().push(Exchange {
                    at: Instant::now(),
                    took: sent.elapsed(),
                    web: client >= READERS + WRITERS,
                    key,
                    answer: answer.ok(),
                });
                // Clients ask again at once rather than after Retry-After, so that the first
                // success after the outage shows when the server could first serve.
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(2)).await;
    let away = Instant::now();
    set_database_open(&db, false).await;
    tokio::time::sleep(OUTAGE).await;
    set_database_open(&db, true).await;
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, Ordering::Release);
    for client in clients {
        client.await.unwrap();
    }
    let exchanges = exchanges.lock().unwrap().clone();

    // No answer at any time was a 500, and none was lost.
    let statuses: BTreeMap<u16, usize> =
        exchanges
            .iter()
            .fold(BTreeMap::new(), |mut statuses, exchange| {
                let status = exchange.answer.as_ref().map_or(0, |answer| answer.status);
                *statuses.entry(status).or_default() += 1;
                statuses
            });
    // While the database was away (after the sessions it ended had failed), every answer was a
    // 503 with Retry-After that says the register cannot be reached.
    let during: Vec<(bool, &Answer)> = exchanges
        .iter()
        .filter(|exchange| exchange.at > away + Duration::from_secs(1) && exchange.at < back)
        .filter_map(|exchange| Some((exchange.web, exchange.answer.as_ref()?)))
        .collect();
    let first_success = exchanges
        .iter()
        .filter(|exchange| exchange.at > back)
        .find(|exchange| {
            exchange
                .answer
                .as_ref()
                .is_some_and(|answer| answer.status < 300)
        })
        .map(|exchange| exchange.at - back);
    let slowest_503 = exchanges
        .iter()
        .filter(|exchange| {
            exchange
                .answer
                .as_ref()
                .is_some_and(|answer| answer.status == 503)
        })
        .map(|exchange| exchange.took)
        .max();
    eprintln!(
        "database away {OUTAGE:?} under {READERS} readers, {WRITERS} writers and \
         {WEB_READERS} web reader: answers by status {statuses:?}; first success \
         {first_success:?} after it was back; the slowest 503 took {slowest_503:?}"
    );
    assert_eq!(statuses.get(&500), None, "{statuses:?}");
    assert_eq!(
        statuses.get(&0),
        None,
        "a request got no answer: {statuses:?}"
    );
    assert!(during.iter().any(|(web, _)| *web));
    assert!(during.iter().any(|(web, _)| !*web));
    for (web, answer) in &during {
        assert_eq!(answer.status, 503, "{answer:?}");
        assert_eq!(answer.header("retry-after"), Some("2"), "{answer:?}");
        if *web {
            assert!(
                answer.body.contains("Registret går inte att nå just nu"),
                "{answer:?}"
            );
        } else {
            assert_eq!(
                answer.json()["type"],
                "urn:samverkan:problem:unavailable",
                "{answer:?}"
            );
        }
    }
    let first_success = first_success.expect("no request succeeded after the outage");
    assert!(first_success <= Duration::from_secs(2), "{first_success:?}");

    // Every acknowledged write is in the log once, and every write the outage refused or cut
    // off gets a definite answer. Every key is retried, acknowledged ones too: an attempt may
    // have written and answered while its answer could not be stored, and its key must still
    // give that answer rather than stay held.
    let mut answered = BTreeMap::new();
    for exchange in &exchanges {
        let Some(key) = &exchange.key else { continue };
        let answer = retry_until_answered(
            address,
            "/api/v1/cooperations",
            &authorization,
            key,
            &cooperation(key),
            Duration::from_secs(60),
        )
        .await;
        assert_eq!(answer.status, 201, "{key}: {answer:?}");
        let id = answer.json()["id"].as_str().unwrap().to_owned();
        if let Some(acknowledged) = exchange.answer.as_ref().filter(|first| first.status == 201) {
            assert_eq!(acknowledged.json()["id"], answer.json()["id"], "{key}");
        }
        answered.insert(key.clone(), id);
    }
    let expected: Vec<(String, String, i64)> =
        answered.into_iter().map(|(key, id)| (key, id, 1)).collect();
    assert_eq!(events_by_key(&db).await, expected);
    let unanswered: i64 =
        sqlx::query_scalar("SELECT count(*) FROM idempotent_requests WHERE status IS NULL")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(unanswered, 0);

    // The outage was logged once by the requests and once by the read models, each with its
    // end, and nothing was logged as an error.
    server.wait_until_caught_up().await;
    let log = server.log();
    let lines = |text: &str| log.lines().filter(|line| line.contains(text)).count();
    assert_eq!(lines("the database cannot be reached;"), 1, "{log}");
    assert_eq!(lines("the database can be reached again"), 1, "{log}");
    assert_eq!(
        lines("the read models cannot reach the database;"),
        1,
        "{log}"
    );
    assert_eq!(
        lines("the read models reach the database again"),
        1,
        "{log}"
    );
    assert_eq!(lines(" ERROR "), 0, "{log}");
    let (verified, report) = verify(&db);
    assert_eq!(verified, Some(0), "{report}");
}

/// Opens or closes the test's database to new connections; closing it also ends every session
/// on it, as a database server going down does.
async fn set_database_open(db: &TestDatabase, open: bool) {
    let mut connection = postgres_server()
        .await
        .maintenance_connection()
        .await
        .unwrap();
    sqlx::raw_sql(&format!(
        "ALTER DATABASE {} ALLOW_CONNECTIONS {open}",
        db.name
    ))
    .execute(&mut connection)
    .await
    .unwrap();
    if !open {
        sqlx::query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = $1 AND pid <> pg_backend_pid()",
        )
        .bind(&db.name)
        .execute(&mut connection)
        .await
        .unwrap();
    }
}
