//! `kill -9` under load: eight writers with `Idempotency-Key`s, the server killed mid-load and
//! started again.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{
    administrator, cooperation, events_by_key, request, retry_until_answered, verify, Server,
};
use crate::support::harness::TestDatabase;

const WRITERS: usize = 8;

/// What became of one request before the kill.
#[derive(Debug, Clone)]
enum Outcome {
    /// Answered 201 with the receipt's id: the client was told the write is in the register.
    Acknowledged { id: String },
    /// The connection broke, or the answer was a 503: the client does not know.
    Interrupted,
}

#[tokio::test]
async fn every_write_acknowledged_before_a_kill_is_in_the_log_once_and_every_interrupted_one_gets_a_definite_answer(
) {
    let db = TestDatabase::new().await;
    let authorization = administrator(&db).await;
    // A short request timeout gives a short lease, so that the retries of requests the kill
    // cut off before they wrote are run afresh within seconds.
    let mut server = Server::start(&db, &["--request-timeout-seconds", "3"]).await;

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let stop = stop.clone();
            let authorization = authorization.clone();
            let address = server.address;
            tokio::spawn(async move {
                let mut outcomes = BTreeMap::new();
                for number in 0.. {
                    let key = format!("writer-{writer}-request-{number}");
                    let body = cooperation(&key);
                    let answer = request(
                        address,
                        "POST",
                        "/api/v1/cooperations",
                        &[
                            ("Authorization", authorization.as_str()),
                            ("Idempotency-Key", key.as_str()),
                        ],
                        Some(&body),
                    )
                    .await;
                    let outcome = match answer {
                        Ok(answer) if answer.status == 201 => Outcome::Acknowledged {
                            id: answer.json()["id"].as_str().unwrap().to_owned(),
                        },
                        Ok(answer) if answer.status == 503 => Outcome::Interrupted,
                        Ok(answer) => panic!("{key}: {answer:?}"),
                        Err(_) => Outcome::Interrupted,
                    };
                    let interrupted = matches!(outcome, Outcome::Interrupted);
                    outcomes.insert(key, outcome);
                    // A writer whose server died stops; the kill ends the load.
                    if interrupted || stop.load(Ordering::Acquire) {
                        break;
                    }
                }
                outcomes
            })
        })
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill_and_restart().await;
    stop.store(true, Ordering::Release);
    // What the killed process wrote: a retry whose event lies at or before this position was
    // answered from the log rather than run afresh.
    let written_before_the_kill: i64 =
        sqlx::query_scalar("SELECT coalesce(max(position), 0) FROM events")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let mut outcomes = BTreeMap::new();
    for writer in writers {
        outcomes.extend(writer.await.unwrap());
    }

    // Every interrupted request, retried under its key, gets a definite answer.
    let mut answered_on_retry = BTreeMap::new();
    for (key, outcome) in &outcomes {
        if let Outcome::Interrupted = outcome {
            let answer = retry_until_answered(
                server.address,
                "/api/v1/cooperations",
                &authorization,
                key,
                &cooperation(key),
                Duration::from_secs(60),
            )
            .await;
            assert_eq!(answer.status, 201, "{key}: {answer:?}");
            answered_on_retry.insert(
                key.clone(),
                answer.json()["id"].as_str().unwrap().to_owned(),
            );
        }
    }
    server.wait_until_caught_up().await;

    let acknowledged: BTreeMap<&String, &String> = outcomes
        .iter()
        .filter_map(|(key, outcome)| match outcome {
            Outcome::Acknowledged { id } => Some((key, id)),
            Outcome::Interrupted => None,
        })
        .collect();
    let logged = events_by_key(&db).await;
    let retried_keys: Vec<&String> = answered_on_retry.keys().collect();
    let answered_from_the_log: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM events
          WHERE metadata ->> 'idempotency_key' = ANY($1) AND position <= $2",
    )
    .bind(&retried_keys)
    .bind(written_before_the_kill)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    eprintln!(
        "kill -9 under {WRITERS} writers: {} writes acknowledged, all found in the log once; \
         {} interrupted, each answered on retry ({answered_from_the_log} from the log, written \
         before the kill, the rest run afresh); {} events under keys",
        acknowledged.len(),
        answered_on_retry.len(),
        logged.len()
    );
    assert!(
        !acknowledged.is_empty(),
        "no write was acknowledged before the kill"
    );
    assert!(
        !answered_on_retry.is_empty(),
        "the kill interrupted no request"
    );
    // Each key wrote exactly one event, on the stream its answer names: the acknowledged ones
    // and the retried ones alike, and nothing else was written.
    let mut expected: Vec<(String, String, i64)> = acknowledged
        .iter()
        .map(|(key, id)| ((*key).clone(), (*id).clone(), 1))
        .chain(
            answered_on_retry
                .iter()
                .map(|(key, id)| (key.clone(), id.clone(), 1)),
        )
        .collect();
    expected.sort();
    assert_eq!(logged, expected);
    let (verified, report) = verify(&db);
    assert_eq!(verified, Some(0), "{report}");
}
